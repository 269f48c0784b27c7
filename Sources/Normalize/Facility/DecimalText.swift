/// An unsigned decimal as written in a feed (`1,234.5`, `0.45`, `1.2E+07`), read from UTF-8 bytes without
/// Foundation. Keeps the digits so that scaling by 万/亿/percent is exact: `123.4` × 10⁴ is 1234000, not
/// 1234000.0000000002.
struct DecimalText {
    /// The integer and fraction digits, without point or separators.
    private(set) var digits: [UInt8] = []
    /// How many of `digits` are after the point.
    private(set) var fractionDigits = 0
    /// The written exponent (`E+07` → 7).
    private(set) var exponent = 0
    /// The byte index just past the number.
    private(set) var end = 0

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The number starting at `start`, or nil when no digit is there or its commas are ambiguous. A comma
    /// between digits of the integer part is a thousands separator when every group after one has exactly three
    /// digits and the first group one to three, not starting with 0 (`1,234.5`, `12,345,678`). A single comma
    /// followed by one or two digits, with no point and nothing more of the number after them, is a decimal
    /// comma, as a European-locale Excel writes (`2350,5`, `0,25`, `1,5万`). Any other comma between digits
    /// (`1,2345`, `2350,500`, `0,125`, `1,234,5`, `1,5.3`) could mean either, so the number is not read: nil.
    /// A second point ends the number.
    static func read(_ bytes: [UInt8], at start: Int) -> DecimalText? {
        var number = DecimalText()
        var index = start
        var seenPoint = false
        var seenThousands = false
        while index < bytes.count {
            let byte = bytes[index]
            if isDigit(byte) {
                number.digits.append(byte)
                if seenPoint { number.fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint, index + 1 < bytes.count, isDigit(bytes[index + 1]),
                      !number.digits.isEmpty || index == start {
                seenPoint = true
            } else if byte == UInt8(ascii: ","), !seenPoint, !number.digits.isEmpty, index + 1 < bytes.count,
                      isDigit(bytes[index + 1]) {
                var groupEnd = index + 1
                while groupEnd < bytes.count, isDigit(bytes[groupEnd]) { groupEnd += 1 }
                let group = groupEnd - index - 1
                let firstGroupFits = seenThousands || (number.digits.count <= 3 && number.digits[0] != UInt8(ascii: "0"))
                let afterGroup = groupEnd < bytes.count ? bytes[groupEnd] : nil
                if group == 3, firstGroupFits {
                    seenThousands = true
                } else if group <= 2, !seenThousands, afterGroup != UInt8(ascii: "."), afterGroup != UInt8(ascii: ",") {
                    seenPoint = true
                } else {
                    return nil
                }
            } else {
                break
            }
            index += 1
        }
        guard !number.digits.isEmpty else { return nil }
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            var cursor = index + 1
            var negative = false
            if bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") {
                negative = bytes[cursor] == UInt8(ascii: "-")
                cursor += 1
            }
            var exponent = 0
            let digitsStart = cursor
            while cursor < bytes.count, isDigit(bytes[cursor]), cursor - digitsStart < 4 {
                exponent = exponent * 10 + Int(bytes[cursor] - 0x30)
                cursor += 1
            }
            if cursor > digitsStart {
                number.exponent = negative ? -exponent : exponent
                index = cursor
            }
        }
        number.end = index
        return number
    }

    /// The value times 10^`powerOfTen`, correctly rounded.
    func value(timesPowerOfTen powerOfTen: Int = 0) -> Double {
        let scale = exponent + powerOfTen - fractionDigits
        // Clinger's fast path: an integer below 2^53 and a power of ten up to 10^22 are both exact doubles, so one
        // multiplication or division rounds once, correctly. Anything else goes through the standard library's
        // correctly rounded parser.
        if digits.count <= 15, abs(scale) <= 22 {
            var mantissa = 0
            for digit in digits { mantissa = mantissa * 10 + Int(digit - 0x30) }
            let power = DecimalText.powersOfTen[abs(scale)]
            return scale >= 0 ? Double(mantissa) * power : Double(mantissa) / power
        }
        var text = String(decoding: digits, as: UTF8.self)
        text += "e\(scale)"
        return Double(text) ?? .nan
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
