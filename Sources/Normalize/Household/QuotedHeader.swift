/// How messages quote a file's column names (`its columns are: …`).
public enum QuotedHeader {
    /// The longest column name quoted whole in a message; a longer one is no header someone typed.
    static let longestQuotedName = 32
    /// The most column names a message lists.
    static let mostQuotedNames = 40

    /// A file's column names as an error or warning quotes them: each as `name(_:)` shows it, at most
    /// `mostQuotedNames`, then how many more. A header row is not always a header: a file without one (its first
    /// record read as the names), a file read in the wrong encoding or with the wrong delimiter (one "name" holding
    /// whole lines) hand the message a resident's values.
    ///
    ///     QuotedHeader.list(["1", "张三", "520103198907212910"])  // "1, 张三, 520103********2910"
    public static func list(_ columns: [String]) -> String {
        let shown = columns.prefix(mostQuotedNames).map(name(_:))
        let more = columns.count > mostQuotedNames ? ", … (\(columns.count - mostQuotedNames) more)" : ""
        return shown.joined(separator: ", ") + more
    }

    /// One column name as a message quotes it: every run of 7 or more digits (an ID, a phone number) masked as
    /// rejects mask them, and a name longer than `longestQuotedName` characters cut, with its length said.
    public static func name(_ name: String) -> String {
        var masked = ""
        var run = ""
        func flush() {
            guard !run.isEmpty else { return }
            let digits = run.filter(\.isASCIIDigit).count
            masked += digits < 7 ? run : (digits >= 15 ? ResidentID.mask(run) : PhoneNumber.mask(run))
            run = ""
        }
        for character in name {
            // An ID's check character X ends its run of digits.
            if character.isASCIIDigit || ((character == "X" || character == "x") && run.count >= 14) {
                run.append(character)
            } else {
                flush()
                masked.append(character)
            }
        }
        flush()
        guard masked.count > longestQuotedName else { return masked }
        return "\(masked.prefix(longestQuotedName - 8))… (\(masked.count) characters)"
    }
}
