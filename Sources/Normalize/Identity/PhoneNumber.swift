/// A phone number normalized to its digits: an 11-digit mobile number (prefix +86/0086 removed) or a landline
/// with area code.
public struct PhoneNumber: Sendable, Equatable {
    /// Digits only. Personal data: hash it, never store it.
    public let digits: String

    /// Parses a phone as written (spaces, dashes, brackets, full-width digits, +86). When a cell holds two numbers
    /// (`138… / 139…`, `138…、139…`, or two complete numbers with only whitespace between them: `138… 139…`, a line
    /// break), the first is taken. Nil when no usable number is in `text`.
    /// A number a spreadsheet or pandas stored as a float (`13812345678.0`) is read without its `.0`.
    /// An extension after the number is not part of it (see `extensionStart` and `dashExtensionLength`):
    /// ```swift
    /// PhoneNumber.parse("0851-85812345-8004")?.digits  // "085185812345"
    /// PhoneNumber.parse("0851-8581-2345")?.digits      // "085185812345" (a grouping, no extension)
    /// PhoneNumber.parse("19961985007 13840368869")?.digits  // "19961985007"
    /// PhoneNumber.parse("013856455770")?.digits        // "13856455770" (a mobile number after a trunk 0)
    /// ```
    public static func parse(_ text: String) -> PhoneNumber? {
        let cleaned = TextCleaning.clean(text)
        // Cleaning wrote line breaks, tabs and U+3000 as spaces.
        guard cleaned.utf8.contains(UInt8(ascii: " ")) else { return number(cleaned) }
        return firstOfTwo(cleaned) ?? number(cleaned)
    }

    /// The first of two numbers written with only whitespace between them (`19961985007 13840368869`,
    /// `0854-8123456 13800138000`, two lines of a cell): a split at a space where the words before it are a complete
    /// number and the words after it begin with another. Spaces inside one number (`138 5645 5770`,
    /// `+86 854 8455003`, `0854 8123456`) never split it: no part of its digits is a complete number followed by
    /// another. Nil when `cleaned` holds no such pair.
    private static func firstOfTwo(_ cleaned: String) -> PhoneNumber? {
        let words = cleaned.split(separator: " ")
        guard words.count >= 2 else { return nil }
        // A complete number has 10 digits or more: fewer are never tried.
        let digitCounts = words.map { $0.utf8.reduce(0) { $0 + ($1 >= 0x30 && $1 <= 0x39 ? 1 : 0) } }
        func numberIn(_ range: Range<Int>) -> PhoneNumber? {
            guard digitCounts[range].reduce(0, +) >= 10 else { return nil }
            return number(words[range].joined(separator: " "))
        }
        for split in 1..<words.count {
            guard let first = numberIn(0..<split) else { continue }
            if (split + 1...words.count).contains(where: { numberIn(split..<$0) != nil }) { return first }
        }
        return nil
    }

    /// `parse` for one number (or several set apart by a listed separator, `/`, `、` …), `cleaned` already cleaned.
    private static func number(_ cleaned: String) -> PhoneNumber? {
        var cleaned = cleaned
        let cut = cleaned.utf8.withContiguousStorageIfAvailable(extensionStart) ?? extensionStart(Array(cleaned.utf8))
        if let cut {
            cleaned = String(decoding: cleaned.utf8.prefix(cut), as: UTF8.self)
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
            var groups = DashGroups()
            for byte in cleaned.utf8 {
                if PhoneNumber.separators.contains(byte) {
                    if inPiece {
                        if !bytes.isEmpty { break }
                        // A piece without a digit (`n/a/13800000019`) is no number: the next one is read.
                        inPiece = false
                        groups = DashGroups()
                        plusBeforeDigits = false
                    }
                    continue
                }
                inPiece = true
                groups.read(byte)
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { bytes.append(byte) }
                else if byte == UInt8(ascii: "+"), bytes.isEmpty { plusBeforeDigits = true }
            }
            bytes.removeLast(groups.extensionLength(totalDigits: bytes.count))
            digits = String(decoding: bytes, as: UTF8.self)
        } else {
            // The first piece holding a digit: a placeholder before the separator (`无/13800000019`, `暂无；138…`)
            // is no number.
            let pieces = cleaned.split(whereSeparator: { "/\\;,，；、|或".contains($0) })
            let first = (pieces.first(where: { $0.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }) ?? pieces.first)
                .map(String.init) ?? cleaned
            digits = TextCleaning.digits(first)
            var groups = DashGroups()
            for byte in first.utf8 { groups.read(byte) }
            digits.removeLast(groups.extensionLength(totalDigits: digits.count))
            plusBeforeDigits = first.prefix(while: { !($0.isASCII && $0.isNumber) }).contains("+")
        }
        if isAbroad(digits, plusBeforeDigits: plusBeforeDigits) { return nil }
        if let landline = internationalLandline(digits, plusBeforeDigits: plusBeforeDigits) { return landline }
        if digits.count == 13, digits.hasPrefix("86") { digits.removeFirst(2) }
        if digits.count == 15, digits.hasPrefix("0086") { digits.removeFirst(4) }
        if let mobile = mobileAfterTrunkZero(digits[...]) { return PhoneNumber(digits: mobile) }
        if digits.count == 11, digits.hasPrefix("1"), let second = digits.dropFirst().first, "3456789".contains(second) {
            return PhoneNumber(digits: digits)
        }
        if digits.hasPrefix("0"), (10...12).contains(digits.count) {
            return PhoneNumber(digits: digits)
        }
        return nil
    }

    /// Whether `digits` are a number abroad: a `+` before a country code other than China's 86 (`+1 415 555 0100`,
    /// `+852 2345 6789`), or the international prefix `00` before one (`001 415 555 0100`). The rules for Chinese
    /// numbers would misread such digits (14155550100 has the shape of a mobile number), so none is read.
    private static func isAbroad(_ digits: String, plusBeforeDigits: Bool) -> Bool {
        if digits.hasPrefix("0086") { return false }
        if digits.hasPrefix("00") { return true }
        return plusBeforeDigits && !digits.hasPrefix("86")
    }

    /// Whether `text` is written as a number abroad (`+1 415 555 0100`, `00852 2345 6789`): what `phone_invalid`
    /// says of it.
    public static func isAbroad(_ text: String) -> Bool {
        let cleaned = TextCleaning.clean(text)
        let plus = cleaned.prefix(while: { !($0.isASCII && $0.isNumber) }).contains("+")
        return isAbroad(TextCleaning.digits(cleaned), plusBeforeDigits: plus)
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
        if let mobile = mobileAfterTrunkZero(national) { return PhoneNumber(digits: mobile) }
        let landline = national.hasPrefix("0") ? String(national) : "0" + national
        return (10...12).contains(landline.count) ? PhoneNumber(digits: landline) : nil
    }

    /// The mobile number in `digits` written with a trunk `0` before it, as a landline is dialled (`013856455770` is
    /// `13856455770`): 12 digits starting `013`–`019`. No area code starts so (Beijing's is 010; 011–019 are none),
    /// so such digits are no landline. Nil for anything else.
    private static func mobileAfterTrunkZero(_ digits: Substring) -> String? {
        let bytes = Array(digits.utf8)
        guard bytes.count == 12, bytes[0] == UInt8(ascii: "0"), bytes[1] == UInt8(ascii: "1"),
              bytes[2] >= UInt8(ascii: "3"), bytes[2] <= UInt8(ascii: "9") else { return nil }
        return String(decoding: bytes.dropFirst(), as: UTF8.self)
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

    private static let separators: Set<UInt8> = Set("/\\;,|".utf8)

    /// Where an extension written after the number begins, as a byte offset into the cleaned text; nil when there
    /// is none. One pass over the bytes, since most phones have no extension. A marker counts only after a digit:
    /// `转` or `分机` (0851-85812345转8001, 分机 8001), `ext` in any case (ext. 8001), `#` (#8007), `x`/`X` right
    /// after the number and before nothing but the extension's 1–5 digits (` x8006`), and a bracketed group of
    /// 1–5 digits that ends the text (`(8005)`, `（8005）`; a bracketed area code, `(0851)85812345`, is no extension).
    static func extensionStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var sawDigit = false
        for index in bytes.indices {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                continue
            case UInt8(ascii: "#"):
                if sawDigit { return index }
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                if sawDigit, index + 2 < bytes.count, bytes[index + 1] | 0x20 == UInt8(ascii: "x"),
                   bytes[index + 2] | 0x20 == UInt8(ascii: "t") { return index }
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                // sawDigit: there is a byte before.
                if sawDigit, bytes[index - 1] == UInt8(ascii: " ") || (bytes[index - 1] >= 0x30 && bytes[index - 1] <= 0x39),
                   endsWithExtensionDigits(bytes, from: index + 1, closing: nil) { return index }
            case UInt8(ascii: "("):
                if sawDigit, endsWithExtensionDigits(bytes, from: index + 1, closing: UInt8(ascii: ")")) { return index }
            case 0xE8:
                // 转 (E8 BD AC)
                if sawDigit, index + 2 < bytes.count, bytes[index + 1] == 0xBD, bytes[index + 2] == 0xAC { return index }
            case 0xE5:
                // 分机 (E5 88 86 E6 9C BA)
                if sawDigit, index + 5 < bytes.count, bytes[index + 1] == 0x88, bytes[index + 2] == 0x86,
                   bytes[index + 3] == 0xE6, bytes[index + 4] == 0x9C, bytes[index + 5] == 0xBA { return index }
            default:
                break
            }
        }
        return nil
    }

    private static func extensionStart(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer(extensionStart)
    }

    /// Whether `bytes` from `start` hold only 1–5 digits (with spaces, `.` or `:` before them) and then `closing`,
    /// if given, at the very end.
    private static func endsWithExtensionDigits(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, closing: UInt8?) -> Bool {
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: ".")
                || bytes[index] == UInt8(ascii: ":") { index += 1 }
        var count = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            count += 1
            index += 1
        }
        guard (1...5).contains(count) else { return false }
        if let closing {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            guard index < bytes.count, bytes[index] == closing else { return false }
            index += 1
        }
        return index == bytes.count
    }

    /// The digit counts of the last two groups of a phone set apart by dashes or brackets (`0851-85812345-8004`: 8
    /// and 4; `(0851)8581-2346`: 4 and 4), read byte by byte; groups without a digit are skipped.
    private struct DashGroups {
        /// Digits since the last dash, and in the group before it.
        private var current = 0
        private var last = 0

        mutating func read(_ byte: UInt8) {
            if byte >= 0x30, byte <= 0x39 {
                current += 1
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")"), current > 0 {
                // A bracketed area code is a group of its own: `(0851)8581-2346` is grouped 0851, 8581, 2346, and
                // has no extension.
                last = current
                current = 0
            }
        }

        /// How many trailing digits are an extension written as a last dash group, `0851-85812345-8004`: 1–5 digits
        /// after a whole local number of 8 digits, or after a whole number written in one group (10 digits or
        /// more: `085185812345-8004`, `13800138000-1`). After a 7-digit local number only when the digits together
        /// are too many for one number (`0859-3221234-801`; `0859-3221234-5` stays the 12 digits it reads as).
        /// Groupings of a number (`138-0851-2345`, `0851-8581-2345`, `+86-851-8581-2345`) have no such group.
        func extensionLength(totalDigits: Int) -> Int {
            guard (1...5).contains(current), last > 0 else { return 0 }
            if last == 8 || last >= 10 || (last == 7 && totalDigits > 12) { return current }
            return 0
        }
    }

    /// `138****5678`, or for a landline the area code and last four digits.
    /// Whether the number is a mobile one (11 digits starting with 1), not a landline.
    public var isMobile: Bool { digits.utf8.count == 11 && digits.utf8.first == UInt8(ascii: "1") }

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
