/// Building, unit and room numbers as written in their own columns (`3栋`, `三`, `２单元`, `501室`) reduced to
/// their number text (`3`, `3`, `2`, `501`). Letters and dashes inside a number (`A座`, `1-1`) are kept.
enum HouseNumber {
    static let suffixes = ["号楼", "单元", "栋", "幢", "座", "楼", "室", "号", "户"]

    static func clean(_ text: String) -> String? {
        var value = TextCleaning.clean(text).replacingOccurrences(of: " ", with: "")
        var stripped = true
        while stripped {
            stripped = false
            for suffix in suffixes where value.hasSuffix(suffix) && value.count > suffix.count {
                value.removeLast(suffix.count)
                stripped = true
            }
        }
        if value.hasPrefix("第") { value.removeFirst() }
        guard !value.isEmpty else { return nil }
        if let number = TextCleaning.chineseNumber(value) { return String(number) }
        return value
    }
}
