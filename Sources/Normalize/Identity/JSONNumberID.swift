import Foundation

/// A resident ID a JSON or NDJSON file sent as a number token (`"sfzh": 522301197804121800`) instead of a string.
///
/// The extractors keep a number's source text, so an ID written by a serializer that keeps 18 digits (a Java
/// `long`: `522301197208152328`) loads as it was written. But an 18-digit number is above 2^53: a double cannot hold
/// it, and a double-based serializer (JavaScript's `JSON.stringify`, a float column) writes the nearest value it holds
/// in its shortest form, about 16 significant digits and zeros after them (`522301197804121763` is written
/// `522301197804121800`). About 1 in 11 such rounded numbers passes the check character and is then another person's
/// valid ID, as with Excel's `…000` (`id_truncated`): such an ID is `id_truncated` too, whatever the check character
/// says, with a message naming the number type. It is judged
/// - over the file (`judgeFile`): at least `minimumForFile` 18-digit IDs sent as numbers, every one of them ending in 0
///   or a value a double holds exactly (`522301197804121792`, a double printed in full), say the sender's numbers are
///   doubles: every 18-digit ID of the file sent as a number is rejected;
/// - otherwise per ID (`isShortestDoublePrint`): a number whose digits are exactly the shortest print of the nearest
///   double (what a double-based serializer writes) is rejected. An exact ID ending in `00` has that form too (about
///   1 in 100), and loads without its ID, linked by its address or phone and name, as an ID Excel truncated does.
///
/// The other ID problems of a number say it came as a number (`normalizedProblem`): a spreadsheet wrote no
/// scientific notation there, and a number cannot hold an ID's X.
public enum JSONNumberID {
    /// What a file's 18-digit IDs sent as numbers say of the sender's number type.
    public enum FileVerdict: Sendable, Equatable {
        /// Too few of them to tell, or some keep digits a double does not: each ID is judged on its own.
        case undecided
        /// `count` of them (at least `minimumForFile`), every one ending in 0 or a double's exact value.
        case doubles(count: Int)
    }

    /// How many 18-digit IDs sent as numbers a file needs for a judgement over the file: one in 11 real IDs ends
    /// in 0, three together one in 1,331.
    public static let minimumForFile = 3

    /// The judgement over `values`, a file's values of the head ID field that it wrote as numbers.
    public static func judgeFile(_ values: [String]) -> FileVerdict {
        let ids = values.filter(isEighteenDigits)
        guard ids.count >= minimumForFile,
              ids.allSatisfy({ $0.hasSuffix("0") || isExactDouble($0) }) else { return .undecided }
        return .doubles(count: ids.count)
    }

    /// `parsed` (`ResidentID.parse` of `written`) for an ID the file sent as a number: `id_truncated` when a
    /// double rounded it (see the type), and any other problem said of a number.
    public static func judge(_ written: String, parsed: Result<ResidentID, ResidentID.Problem>,
                             file: FileVerdict) -> Result<ResidentID, ResidentID.Problem> {
        let digits = written.trimmingCharacters(in: .whitespaces)
        var roundable = true
        if case .failure(let problem) = parsed, !["id_check_character", "id_truncated"].contains(problem.rule) {
            roundable = false
        }
        if roundable, isEighteenDigits(digits) {
            if case .doubles(let count) = file {
                return .failure(ResidentID.Problem(rule: "id_truncated",
                    message: "sent as a JSON number, which a double rounds to about 16 significant digits: all \(count) IDs this file sends as 18-digit numbers end in 0 or are a value a double holds, so the sender's numbers are doubles and the last digits are lost; ask the sender to send IDs as strings"))
            }
            if isShortestDoublePrint(digits) {
                return .failure(ResidentID.Problem(rule: "id_truncated",
                    message: "sent as a JSON number, and written exactly as a double prints the nearest value it holds: a double keeps about 16 significant digits, so the last digits are most likely lost and the number may be another person's ID; ask the sender to send IDs as strings"))
            }
        }
        guard case .failure(let problem) = parsed else { return parsed }
        return .failure(normalizedProblem(problem, digits: digits))
    }

    /// `problem` said of an ID sent as a number.
    static func normalizedProblem(_ problem: ResidentID.Problem, digits: String) -> ResidentID.Problem {
        var problem = problem
        switch problem.rule {
        case "id_mangled":
            problem.message = "sent as a JSON number in scientific notation (as a double prints it): the digits are lost; ask the sender to send IDs as strings"
        case "id_truncated":
            problem.message = "ends in 000: sent as a JSON number, most likely rounded by a double or a spreadsheet on the way, so the last digits are lost; ask the sender to send IDs as strings"
        case "id_length" where digits.count == 17 && digits.allSatisfy(\.isASCIIDigit):
            problem.message += "; sent as a JSON number, which cannot hold an ID ending in X (the X is dropped): ask the sender to send IDs as strings"
        default:
            problem.message += "; sent as a JSON number, which a double-based serializer rounds and which cannot hold an ID's X: ask the sender to send IDs as strings"
        }
        return problem
    }

    static func isEighteenDigits(_ text: String) -> Bool {
        text.utf8.count == 18 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Whether the integer `digits` is a value a double holds exactly (a double printed in full: `%.0f`).
    static func isExactDouble(_ digits: String) -> Bool {
        guard let integer = UInt64(digits), let double = Double(digits) else { return false }
        return UInt64(exactly: double) == integer
    }

    /// Whether the integer `digits` are exactly the shortest print of the double nearest to them (the digits
    /// JavaScript's `JSON.stringify`, Python's `repr` or any shortest round-trip printer writes for it).
    public static func isShortestDoublePrint(_ digits: String) -> Bool {
        guard let double = Double(digits), let shortest = integerText(of: double) else { return false }
        return shortest == digits.drop(while: { $0 == "0" })
    }

    /// The integer a double's shortest print (`5.223011978041218e+17`) stands for, in digits; nil when it has a
    /// fraction.
    static func integerText(of double: Double) -> String? {
        guard double.isFinite, double >= 1 else { return nil }
        let parts = double.description.lowercased().split(separator: "e")
        let exponent = parts.count > 1 ? Int(parts[1].replacingOccurrences(of: "+", with: "")) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(mantissa[0])
        var fraction = mantissa.count > 1 ? String(mantissa[1]) : ""
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let shift = exponent - fraction.count
        guard shift >= 0 else { return nil }
        let digits = (whole + fraction).drop(while: { $0 == "0" })
        return String(digits) + String(repeating: "0", count: shift)
    }
}
