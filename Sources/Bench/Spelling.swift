/// The ways real feeds write the same value: full-width digits, Chinese numerals, phone and date styles, and
/// the escaping each format needs.
enum Spelling {
    /// ASCII digits → full-width digits (０-９); other characters unchanged.
    static func fullWidth(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x30 && scalar.value <= 0x39 {
                scalars.append(Unicode.Scalar(scalar.value - 0x30 + 0xFF10)!)
            } else if scalar == "x" || scalar == "X" {
                scalars.append(Unicode.Scalar(0xFF58)!)   // ｘ
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    static let numerals = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]

    /// 1…12 as Chinese numerals, larger numbers as digits.
    static func chinese(_ n: Int) -> String { n >= 0 && n < numerals.count ? numerals[n] : String(n) }

    /// A mobile number as people type it.
    static func phone(_ digits: String, draw: inout Draw) -> String {
        let x = draw.unit()
        let a = digits.prefix(3), b = digits.dropFirst(3).prefix(4), c = digits.suffix(4)
        switch x {
        case ..<0.75: return digits
        case ..<0.81: return "\(a) \(b) \(c)"
        case ..<0.87: return "\(a)-\(b)-\(c)"
        case ..<0.91: return "+86 \(digits)"
        case ..<0.94: return "+86-\(digits)"
        case ..<0.97: return fullWidth(digits)
        default:
            // Two numbers in one cell; the first is the head's.
            return "\(digits)；1\(draw.pick(["35", "38", "51", "58", "86", "89"]))\(String(draw.int(100_000_000)).leftPadded(8))"
        }
    }

    /// A date in one of the styles of Excel exports and hand-kept lists.
    static func date(_ day: Day, draw: inout Draw) -> String {
        switch draw.int(10) {
        case 0, 1, 2, 3: return day.iso
        case 4: return "\(day.year)/\(Day.two(day.month))/\(Day.two(day.day))"
        case 5: return "\(day.year)/\(day.month)/\(day.day)"
        case 6: return "\(day.year).\(Day.two(day.month)).\(Day.two(day.day))"
        case 7: return day.compact
        default: return "\(day.year)年\(day.month)月\(day.day)日"
        }
    }

    /// A resident ID as spreadsheets and clerks leave it (all still valid).
    static func residentID(_ id: String, birth: Day, draw: inout Draw) -> String {
        let x = draw.unit()
        switch x {
        case ..<0.02: return fullWidth(id)
        case ..<0.03: return "'" + id
        case ..<0.035: return " \(id) "
        case ..<0.04 where birth.year < 2000:
            // Legacy 15-digit number: region, two-digit year, month, day, sequence; no check character.
            let chars = Array(id)
            return String(chars[0..<6]) + String(chars[8..<17])
        default:
            return id.hasSuffix("X") && draw.chance(0.3) ? String(id.dropLast()) + "x" : id
        }
    }

    /// RFC 4180: quoted when the field holds a comma, quote or line break; quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A JSON string literal.
    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + String(scalar.value, radix: 16).leftPadded(2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// XML character data (text or attribute value in double quotes).
    static func xml(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return text }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
