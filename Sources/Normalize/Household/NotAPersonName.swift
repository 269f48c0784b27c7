import Foundation

/// A value in a person's name field that is no name: a phone number typed into 户主姓名 (`18644148789`), a resident
/// ID, a number (`12345`, a JSON `10086`), or punctuation alone. A name holds at least one Chinese character or
/// letter, and no run of five or more digits (what a phone, an ID or a record number is written with; a name may
/// end in a short number that tells two namesakes apart, `张伟2`).
///
/// Such a value is no evidence of who heads the household: the field is left empty, with the warning `name_invalid`,
/// and the record loads on its other evidence (its ID, or its place and phone). It never replaces a name a household
/// holds, and it is never stored: a phone number kept as a head name would be a phone in clear text.
///
/// ```swift
/// NotAPersonName.kind(of: "18644148789")   // .phone
/// NotAPersonName.kind(of: "12345")         // .number
/// NotAPersonName.kind(of: "张伟")          // nil: a name
/// ```
enum NotAPersonName: Equatable {
    case phone, residentID, number, noCharacters

    /// What `name` (cleaned text, not a placeholder word) is instead of a name; nil when it may be one.
    static func kind(of name: String) -> NotAPersonName? {
        var longestDigitRun = 0, run = 0, hasLetter = false
        for character in name {
            if character.isNumber, character.wholeNumberValue != nil {
                run += 1
                longestDigitRun = max(longestDigitRun, run)
                continue
            }
            run = 0
            if character.isLetter { hasLetter = true }
        }
        guard longestDigitRun >= 5 || !hasLetter else { return nil }
        let compact = name.filter { !$0.isWhitespace && !"-—()（）".contains($0) }
        if compact.count == 18 || compact.count == 15, compact.dropLast().allSatisfy({ $0.wholeNumberValue != nil }),
           let last = compact.last, last.wholeNumberValue != nil || last == "X" || last == "x" {
            return .residentID
        }
        if PhoneNumber.parse(name) != nil { return .phone }
        return longestDigitRun > 0 ? .number : .noCharacters
    }

    /// The value as a reject shows it: a phone or ID masked as those are, any other value as one `*` per character
    /// (it may hold a phone or ID written wrongly).
    static func masked(_ name: String, kind: NotAPersonName) -> String {
        switch kind {
        case .phone: return PhoneNumber.mask(name)
        case .residentID: return ResidentID.mask(name)
        case .number, .noCharacters: return String(repeating: "*", count: name.count)
        }
    }

    /// What the warning says the value is.
    var description: String {
        switch self {
        case .phone: return "a phone number"
        case .residentID: return "a resident ID number"
        case .number: return "a number"
        case .noCharacters: return "neither a Chinese character nor a letter"
        }
    }
}
