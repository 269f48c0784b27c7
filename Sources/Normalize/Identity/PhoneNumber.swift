/// A phone number normalized to its digits: an 11-digit mobile number (prefix +86/0086 removed) or a landline
/// with area code.
public struct PhoneNumber: Sendable, Equatable {
    /// Digits only. Personal data: hash it, never store it.
    public let digits: String

    /// Parses a phone as written (spaces, dashes, brackets, full-width digits, +86). When a cell holds two numbers
    /// (`138… / 139…`), the first is taken. Nil when no usable number is in `text`.
    /// A number a spreadsheet or pandas stored as a float (`13812345678.0`) is read without its `.0`.
    public static func parse(_ text: String) -> PhoneNumber? {
        var cleaned = TextCleaning.clean(text)
        // An extension after the number (0851-85812345转8001, 分机 8001, ext. 8001) is not part of it. (Looked for
        // only when the text has a letter or a Chinese character: most phones are digits and separators.)
        if cleaned.utf8.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            for marker in ["转", "分机", "ext", "EXT", "Ext"] {
                if let range = cleaned.range(of: marker), range.lowerBound != cleaned.startIndex {
                    cleaned = String(cleaned[..<range.lowerBound])
                }
            }
        }
        if let point = cleaned.lastIndex(of: "."), point != cleaned.startIndex,
           cleaned[cleaned.index(after: point)...].allSatisfy({ $0 == "0" }),
           cleaned[..<point].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "+") }) {
            cleaned = String(cleaned[..<point])
        }
        var digits: String
        // Whether the number is written in international form, `+86 …`: a `+` before its first digit.
        var plusBeforeDigits = false
        if cleaned.utf8.allSatisfy({ $0 < 0x80 }) {
            // The common case, read as bytes: the digits of the first non-empty piece between separators.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16)
            var inPiece = false
            for byte in cleaned.utf8 {
                if PhoneNumber.separators.contains(byte) {
                    if inPiece { break }
                    continue
                }
                inPiece = true
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { bytes.append(byte) }
                else if byte == UInt8(ascii: "+"), bytes.isEmpty { plusBeforeDigits = true }
            }
            digits = String(decoding: bytes, as: UTF8.self)
        } else {
            let first = cleaned.split(whereSeparator: { "/;,，；、|".contains($0) }).first.map(String.init) ?? cleaned
            digits = TextCleaning.digits(first)
            plusBeforeDigits = first.prefix(while: { !($0.isASCII && $0.isNumber) }).contains("+")
        }
        if let landline = internationalLandline(digits, plusBeforeDigits: plusBeforeDigits) { return landline }
        if digits.count == 13, digits.hasPrefix("86") { digits.removeFirst(2) }
        if digits.count == 15, digits.hasPrefix("0086") { digits.removeFirst(4) }
        if digits.count == 11, digits.hasPrefix("1"), let second = digits.dropFirst().first, "3456789".contains(second) {
            return PhoneNumber(digits: digits)
        }
        if digits.hasPrefix("0"), (10...12).contains(digits.count) {
            return PhoneNumber(digits: digits)
        }
        return nil
    }

    /// A landline written in international form, `+86 851 8581 2345` or `0086 851 8581 2345`: the trunk `0` is
    /// dropped after the country code, and put back (`085185812345`), so that it is the same number as
    /// `0851-85812345`. Nil for anything else (a mobile number is read by the rules after).
    private static func internationalLandline(_ digits: String, plusBeforeDigits: Bool) -> PhoneNumber? {
        let national: Substring
        if digits.hasPrefix("0086") {
            national = digits.dropFirst(4)
        } else if plusBeforeDigits, digits.hasPrefix("86") {
            national = digits.dropFirst(2)
        } else if digits.hasPrefix("860"), digits.count >= 12 {
            // 86-0851-85812345: the country code without +, before a trunk 0 no domestic number starts with 86 for.
            national = digits.dropFirst(2)
        } else {
            return nil
        }
        // A mobile number (starting 1, but not Beijing's area code 10) is left to the mobile rule.
        if national.hasPrefix("1"), !national.hasPrefix("10") { return nil }
        let landline = national.hasPrefix("0") ? String(national) : "0" + national
        return (10...12).contains(landline.count) ? PhoneNumber(digits: landline) : nil
    }

    /// Whether `text` is a number in scientific notation (`1.38E+10`, or `1,38E+10` from a European-locale
    /// Excel, whose decimal mark is a comma): a spreadsheet wrote the phone as a float and its digits are lost.
    public static func isScientificNotation(_ text: String) -> Bool {
        let cleaned = TextCleaning.clean(text).uppercased().replacingOccurrences(of: " ", with: "")
        guard let e = cleaned.firstIndex(of: "E"), e != cleaned.startIndex else { return false }
        let mantissa = cleaned[..<e]
        var exponent = cleaned[cleaned.index(after: e)...]
        if exponent.first == "+" { exponent = exponent.dropFirst() }
        return mantissa.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") } && mantissa.contains(where: \.isNumber)
            && mantissa.filter({ $0 == "." || $0 == "," }).count <= 1
            && !exponent.isEmpty && exponent.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static let separators: Set<UInt8> = Set("/;,|".utf8)

    /// `138****5678`, or for a landline the area code and last four digits.
    public var masked: String {
        let bytes = Array(digits.utf8)
        guard bytes.count >= 8 else { return String(repeating: "*", count: bytes.count) }
        return String(decoding: bytes.prefix(3) + Array(repeating: UInt8(ascii: "*"), count: bytes.count - 7)
            + bytes.suffix(4), as: UTF8.self)
    }

    /// Masks any phone-like text for rejects and logs: first 3 and last 4 digits kept.
    public static func mask(_ text: String) -> String {
        let digits = Array(TextCleaning.digits(text))
        guard digits.count >= 8 else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(3)) + String(repeating: "*", count: digits.count - 7) + String(digits.suffix(4))
    }
}
