import Foundation

/// A resident identity number (居民身份证号码, GB 11643-1999), validated and normalized to 18 characters.
///
/// Region digits are deliberately not checked against today's division codes: numbers issued under abolished
/// codes stay valid for life.
public struct ResidentID: Sendable, Equatable {
    /// The normalized 18-character number (uppercase X). Personal data: hash it, never store it.
    public let value: String
    public let birthDate: String
    public let gender: String

    /// Why a written identity number is unusable; `rule` is the stable reject code.
    public struct Problem: Error, Equatable, Sendable {
        public var rule: String
        public var message: String
    }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Parses `text` as written in a feed: spaces, full-width digits, a lowercase x, a leading apostrophe
    /// (Excel's text marker) and legacy 15-digit numbers are accepted. So are the digit groups an office writes
    /// apart with dashes or dots (`522701-19800101-1234`, `522701.19800101.1234`, `522701－19800101－1234`, any dash
    /// `–`, `—`), when each separator stands alone between two characters of the number (see `separated`), a
    /// trailing label `号` or `号码` (`522701198001011234号`), and a float's `.0` after all the digits
    /// (`522701850713409.0`). `today` bounds birth dates. An 18-digit number ending in `000` is `id_truncated` (see
    /// `truncated`), even when its check character fits.
    public static func parse(_ text: String, today: Date = Date()) -> Result<ResidentID, Problem> {
        let folded = TextCleaning.clean(text)
        // Almost every value is ASCII once folded: read its bytes without building characters.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        var isASCII = true
        for byte in folded.utf8 {
            if byte >= 0x80 { isASCII = false; break }
            if byte != 0x20 { bytes.append(byte) }
        }
        if isASCII { return parse(ascii: bytes, today: today) }
        var cleaned = written(folded)
        // Without its label and with its dashes as ASCII, most such values are ASCII too.
        if cleaned.utf8.allSatisfy({ $0 < 0x80 }) { return parse(ascii: Array(cleaned.utf8), today: today) }
        cleaned = cleaned.uppercased()
        if cleaned.contains("E+") || cleaned.contains("E17") {
            return .failure(Problem(rule: "id_mangled", message: "written in scientific notation by a spreadsheet; the digits are lost"))
        }
        let characters = Array(cleaned)
        if characters.count == 15 {
            guard characters.allSatisfy(\.isASCIIDigit) else {
                return .failure(Problem(rule: "id_format", message: "a 15-digit number must be all digits"))
            }
            let body = String(characters[0..<6]) + "19" + String(characters[6..<15])
            return validate18(body + String(checkCharacter(for: Array(body))), today: today)
        }
        guard characters.count == 18 else {
            return .failure(Problem(rule: "id_length", message: "has \(characters.count) characters, expected 18 (or 15)"))
        }
        guard characters[0..<17].allSatisfy(\.isASCIIDigit), characters[17].isASCIIDigit || characters[17] == "X" else {
            return .failure(Problem(rule: "id_format", message: "must be 17 digits followed by a digit or X"))
        }
        let expected = checkCharacter(for: Array(characters[0..<17]))
        let parsed = validate18(cleaned, today: today)
        if case .success = parsed, characters[15...].allSatisfy({ $0 == "0" }) { return .failure(truncated) }
        guard expected == characters[17] else {
            return .failure(checkCharacterProblem(written: characters[17], expected: expected, parsed: parsed))
        }
        return parsed
    }

    /// Whether upper-cased ASCII holds `E+` or `E17` (a spreadsheet's 5.20102E+17).
    private static func isScientificNotation(_ bytes: [UInt8]) -> Bool {
        let e = UInt8(ascii: "E"), plus = UInt8(ascii: "+"), one = UInt8(ascii: "1"), seven = UInt8(ascii: "7")
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == e {
                if bytes[i + 1] == plus { return true }
                if bytes[i + 1] == one, i + 2 < bytes.count, bytes[i + 2] == seven { return true }
            }
            i += 1
        }
        return false
    }

    /// Characters that separate an ID's digit groups (`522701-19800101-1234`, `522701.19800101.1234`): an ASCII dash
    /// (full-width `－` is folded to it, other dashes are written as it by `written`) or a dot.
    private static let groupSeparators: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: ".")]

    /// What the group separators in an ID say.
    private enum Separated {
        /// None is written.
        case none
        /// Each stands alone between two characters, after the first three, and 18 or 15 characters remain without
        /// them: those.
        case grouped([UInt8])
        /// A wrong length once they are dropped (`id_length`), or one at either end or two together (`id_format`).
        case problem(Problem)
    }

    /// Reads the group separators of `bytes` (upper-cased ASCII without spaces). Like a space, a separator an office
    /// writes between digit groups is no part of the number, wherever it stands alone between two of its characters
    /// after the first three (`522701-19800101-1234`, `522701-850713-409`, `5227-0119-8001-0112-34`); the message of
    /// a value that is no ID names them.
    private static func separated(_ bytes: [UInt8]) -> Separated {
        var kept: [UInt8] = []
        kept.reserveCapacity(18)
        var kinds: [UInt8] = []
        var count = 0
        var alone = true
        for (index, byte) in bytes.enumerated() {
            guard groupSeparators.contains(byte) else {
                kept.append(byte)
                continue
            }
            count += 1
            if !kinds.contains(byte) { kinds.append(byte) }
            // Two together, at either end, or after a first group too short for a number's start (5.22701…, a
            // decimal, is no grouping: an ID starts with its 6-digit region).
            if index < 3 || index == bytes.count - 1 || groupSeparators.contains(bytes[index - 1]) { alone = false }
        }
        guard count > 0 else { return .none }
        let symbols = " (" + String(decoding: kinds, as: UTF8.self) + ")"
        let one = kinds.map { $0 == UInt8(ascii: "-") ? "dash" : "dot" }.joined(separator: " or ") + symbols
        let several = kinds.map { $0 == UInt8(ascii: "-") ? "dashes" : "dots" }.joined(separator: " and ") + symbols
        guard kept.count == 18 || kept.count == 15 else {
            return .problem(Problem(rule: "id_length", message: "has \(bytes.count) characters, \(count == 1 ? "1 of them a \(one)" : "\(count) of them \(several)"); the other \(kept.count) are not 18 (or 15)"))
        }
        guard alone else {
            return .problem(Problem(rule: "id_format", message: "has \(count == 1 ? "a \(one) that sets" : "\(several) that set") no digit groups apart (at its start or end, two together, or after its first one or two characters)"))
        }
        return .grouped(kept)
    }

    /// The resident IDs of a cell that holds several, written apart by a space, a line break or a list mark
    /// (`522701198001011234、522701198203041235`, `…1234 / …1235`, `…1234和…1235`): each one valid, in the order
    /// written. Nil unless the cell splits into at least two parts and every part is a valid ID (a cell with one
    /// broken number is no list of IDs).
    public static func several(in text: String, today: Date = Date()) -> [ResidentID]? {
        let marks: Set<Character> = [" ", "\n", "\r", "\t", "、", ",", "，", ";", "；", "/", "／", "|", "和", "及", "与"]
        let parts = TextCleaning.clean(text).split(whereSeparator: { marks.contains($0) })
        guard parts.count >= 2 else { return nil }
        var ids: [ResidentID] = []
        for part in parts {
            guard case .success(let id) = parse(String(part), today: today) else { return nil }
            ids.append(id)
        }
        return ids
    }

    /// Dashes other than ASCII's (`‐ ‑ ‒ – — ― − ﹣ ﹘`; full-width `－` is folded by cleaning), written as `-`.
    private static let dashes: Set<Character> = ["\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}",
                                                 "\u{2212}", "\u{FE63}", "\u{FE58}"]

    /// `folded` (cleaned) as its characters are read: spaces dropped, quotes and apostrophes at either end trimmed, a
    /// trailing label `号码` or `号` dropped (`522701198001011234号`), and any dash written as ASCII's.
    private static func written(_ folded: String) -> String {
        let quotes = CharacterSet(charactersIn: "'‘’`\"")
        var text = folded.replacingOccurrences(of: " ", with: "").trimmingCharacters(in: quotes)
        for label in ["号码", "号"] where text.hasSuffix(label) && text.count > label.count {
            text = String(text.dropLast(label.count)).trimmingCharacters(in: quotes)
            break
        }
        return String(text.map { dashes.contains($0) ? "-" : $0 })
    }

    /// `parse` for a value that is ASCII once folded, spaces already dropped.
    private static func parse(ascii input: [UInt8], today: Date) -> Result<ResidentID, Problem> {
        var bytes = input[...]
        let quotes: Set<UInt8> = [UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "\"")]
        while let first = bytes.first, quotes.contains(first) { bytes.removeFirst() }
        while let last = bytes.last, quotes.contains(last) { bytes.removeLast() }
        var upper = bytes.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 }
        // Scientific notation (5.20102E+17): E followed by + or 17, found in the bytes without Foundation's search.
        if isScientificNotation(upper) {
            return .failure(Problem(rule: "id_mangled", message: "written in scientific notation by a spreadsheet; the digits are lost"))
        }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        // A float's `.0` after all the digits (`522701850713409.0`, a legacy number a program wrote as a float).
        if let point = upper.firstIndex(of: UInt8(ascii: ".")), [15, 18].contains(point),
           point + 1 < upper.count, upper[..<point].allSatisfy(isDigit),
           upper[(point + 1)...].allSatisfy({ $0 == UInt8(ascii: "0") }) {
            upper.removeSubrange(point...)
        }
        switch separated(upper) {
        case .none:
            break
        case .grouped(let characters):
            upper = characters
        case .problem(let problem):
            return .failure(problem)
        }
        if upper.count == 15 {
            guard upper.allSatisfy(isDigit) else {
                return .failure(Problem(rule: "id_format", message: "a 15-digit number must be all digits"))
            }
            var body = Array(upper[0..<6]) + [UInt8(ascii: "1"), UInt8(ascii: "9")] + Array(upper[6..<15])
            body.append(checkByte(for: body))
            return validate18(ascii: body, today: today)
        }
        guard upper.count == 18 else {
            return .failure(Problem(rule: "id_length", message: "has \(upper.count) characters, expected 18 (or 15)"))
        }
        guard upper[0..<17].allSatisfy(isDigit), isDigit(upper[17]) || upper[17] == UInt8(ascii: "X") else {
            return .failure(Problem(rule: "id_format", message: "must be 17 digits followed by a digit or X"))
        }
        let expected = checkByte(for: upper[0..<17])
        let parsed = validate18(ascii: upper, today: today)
        if case .success = parsed, upper[15...].allSatisfy({ $0 == UInt8(ascii: "0") }) { return .failure(truncated) }
        guard expected == upper[17] else {
            return .failure(checkCharacterProblem(written: Character(Unicode.Scalar(upper[17])),
                                                  expected: Character(Unicode.Scalar(expected)), parsed: parsed))
        }
        return parsed
    }

    /// An 18-digit number ending in `000` with a real birth date: an ID that Excel stored as a number, which keeps 15
    /// significant digits, so the last three (two of the sequence, with the gender digit, and the check character)
    /// became zeros. One in 11 such numbers passes the check character by chance, and would then be another person's
    /// valid ID: it is never taken as one, whatever the check character says (a real ID ending in `000` is far rarer
    /// than a truncated one). Reported before a wrong check character, after an impossible birth date.
    private static let truncated = Problem(rule: "id_truncated",
        message: "ends in 000: most likely an ID Excel stored as a number, which keeps 15 significant digits, so the last 3 digits are lost")

    /// A wrong check character, unless the birth date is impossible too: that is the problem a feeder can see
    /// (month 13, day 32), so it is the one reported, with the check character said after it.
    private static func checkCharacterProblem(written: Character, expected: Character,
                                              parsed: Result<ResidentID, Problem>) -> Problem {
        let checkCharacter = "check character is \(written), expected \(expected)"
        if case .failure(var birthProblem) = parsed {
            birthProblem.message += "; the \(checkCharacter)"
            return birthProblem
        }
        return Problem(rule: "id_check_character", message: checkCharacter)
    }

    private static func checkByte<Digits: Collection>(for digits: Digits) -> UInt8 where Digits.Element == UInt8 {
        var sum = 0
        for (digit, weight) in zip(digits, weights) { sum += Int(digit &- UInt8(ascii: "0")) * weight }
        return checkBytes[sum % 11]
    }

    private static let checkBytes = checkCharacters.map { $0.asciiValue ?? 0 }

    /// The `id_birth_date` problem of birth digits `written` (`18891231`, `19671332`) that are no date from 1890 on:
    /// a real day before 1890 is said to be so, anything else is no real date.
    private static func birthDateProblem(_ written: String, year: Int, month: Int, day: Int) -> Problem {
        if year < 1890, CalendarDate(year: year, month: month, day: day) != nil {
            return Problem(rule: "id_birth_date", message: "birth date \(written) is before 1890, the earliest an ID is accepted with")
        }
        return Problem(rule: "id_birth_date", message: "birth date \(written) is not a real date")
    }

    private static func validate18(ascii id: [UInt8], today: Date) -> Result<ResidentID, Problem> {
        func number(_ range: Range<Int>) -> Int { id[range].reduce(0) { $0 * 10 + Int($1 &- UInt8(ascii: "0")) } }
        let year = number(6..<10), month = number(10..<12), day = number(12..<14)
        guard let birth = CalendarDate(year: year, month: month, day: day), year >= 1890 else {
            return .failure(birthDateProblem(String(decoding: id[6..<14], as: UTF8.self), year: year, month: month, day: day))
        }
        guard birth <= CalendarDate.today(today) else {
            return .failure(Problem(rule: "id_birth_date", message: "birth date \(birth.text) is in the future"))
        }
        let sequence = Int(id[16] &- UInt8(ascii: "0"))
        return .success(ResidentID(value: String(decoding: id, as: UTF8.self), birthDate: birth.text,
                                   gender: sequence % 2 == 1 ? "male" : "female"))
    }

    private static func validate18(_ id: String, today: Date) -> Result<ResidentID, Problem> {
        let characters = Array(id)
        let year = Int(String(characters[6..<10])) ?? 0
        let month = Int(String(characters[10..<12])) ?? 0
        let day = Int(String(characters[12..<14])) ?? 0
        guard let birth = CalendarDate(year: year, month: month, day: day), year >= 1890 else {
            return .failure(birthDateProblem(String(characters[6..<14]), year: year, month: month, day: day))
        }
        guard birth.text <= CalendarDate.today(today).text else {
            return .failure(Problem(rule: "id_birth_date", message: "birth date \(birth.text) is in the future"))
        }
        let sequence = Int(String(characters[16])) ?? 0
        return .success(ResidentID(value: id, birthDate: birth.text, gender: sequence % 2 == 1 ? "male" : "female"))
    }

    static func checkCharacter(for digits: [Character]) -> Character {
        var sum = 0
        for (digit, weight) in zip(digits, weights) { sum += (digit.wholeNumberValue ?? 0) * weight }
        return checkCharacters[sum % 11]
    }

    /// `520102********123X`: region and last four kept, birth date and sequence hidden.
    public var masked: String {
        let bytes = Array(value.utf8)
        guard bytes.count == 18 else { return ResidentID.mask(value) }
        return String(decoding: bytes[0..<6] + Array(repeating: UInt8(ascii: "*"), count: 8) + bytes[14..<18], as: UTF8.self)
    }

    /// Characters departments hide an ID's digits with (`＊` is folded to `*` by cleaning).
    private static let maskCharacters: Set<Character> = ["*", "●", "•", "×"]

    /// An ID a feed sent masked, as many departments send them: 18 characters, the visible digits in front (the
    /// region code, perhaps the birth date) and behind (usually the last four, the last perhaps `X`), and one run of
    /// `*`, `●`, `•` or `×` between them (`522701********5055`, `5227011980****505X`, `522701●●●●●●●●5055`).
    /// Returned with every hidden character written `*` (`522701********5055`); nil for anything else. A masked ID
    /// names no one: it is never hashed, only compared with the masked IDs of households (`head_id_masked`), where a
    /// visible digit that differs says "another person". Grouped as IDs are (`522701-********-5055`), it is read
    /// without its separators.
    public static func maskedForm(_ text: String) -> String? {
        var characters = Array(written(TextCleaning.clean(text)))
        // Grouped as an ID may be (`522701-********-5055`): separators alone between two characters are dropped.
        let isSeparator = { (character: Character) in character == "-" || character == "." }
        if let last = characters.indices.last, !isSeparator(characters[0]), !isSeparator(characters[last]),
           !zip(characters, characters.dropFirst()).contains(where: { isSeparator($0) && isSeparator($1) }) {
            characters.removeAll(where: isSeparator)
        }
        guard characters.count == 18 else { return nil }
        guard let first = characters.firstIndex(where: maskCharacters.contains),
              let last = characters.lastIndex(where: maskCharacters.contains),
              characters[first...last].allSatisfy(maskCharacters.contains) else { return nil }
        for (index, character) in characters.enumerated() where index < first || index > last {
            guard character.isASCIIDigit || (index == 17 && (character == "X" || character == "x")) else { return nil }
        }
        return String(characters[..<first]) + String(repeating: "*", count: last - first + 1)
            + String(characters[(last + 1)...]).uppercased()
    }

    /// Masks any written identity-like value for rejects and logs (first 6 and last 4 kept when long enough).
    /// Cleaned as `parse` cleans it (spaces, quotes and apostrophes at either end, and a trailing `号` or `号码`
    /// dropped), so the masked value has the number of characters an `id_length` message counts, separators among
    /// them.
    public static func mask(_ text: String) -> String {
        let characters = Array(written(TextCleaning.clean(text)))
        guard characters.count >= 12 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(6)) + String(repeating: "*", count: characters.count - 10)
            + String(characters.suffix(4))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
