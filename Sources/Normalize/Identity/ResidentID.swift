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
    /// (Excel's text marker) and legacy 15-digit numbers are accepted. `today` bounds birth dates.
    public static func parse(_ text: String, today: Date = Date()) -> Result<ResidentID, Problem> {
        var cleaned = TextCleaning.clean(text).replacingOccurrences(of: " ", with: "")
        cleaned = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "'‘’`\""))
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
        guard expected == characters[17] else {
            return .failure(Problem(rule: "id_check_character",
                                    message: "check character is \(characters[17]), expected \(expected)"))
        }
        return validate18(cleaned, today: today)
    }

    private static func validate18(_ id: String, today: Date) -> Result<ResidentID, Problem> {
        let characters = Array(id)
        let year = Int(String(characters[6..<10])) ?? 0
        let month = Int(String(characters[10..<12])) ?? 0
        let day = Int(String(characters[12..<14])) ?? 0
        guard let birth = CalendarDate(year: year, month: month, day: day), year >= 1890 else {
            return .failure(Problem(rule: "id_birth_date",
                                    message: "birth date \(String(characters[6..<14])) is not a real date"))
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
    public var masked: String { ResidentID.mask(value) }

    /// Masks any written identity-like value for rejects and logs (first 6 and last 4 kept when long enough).
    public static func mask(_ text: String) -> String {
        let characters = Array(TextCleaning.clean(text).replacingOccurrences(of: " ", with: ""))
        guard characters.count >= 12 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(6)) + String(repeating: "*", count: characters.count - 10)
            + String(characters.suffix(4))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
