/// Building, unit and room numbers as written in their own columns (`3栋`, `三`, `２单元`, `501室`) reduced to
/// their number text (`3`, `3`, `2`, `501`). Letters and dashes inside a number (`A座`, `1-1`) are kept.
enum HouseNumber {
    static let suffixes = ["号楼", "单元", "栋", "幢", "座", "楼", "室", "号", "户"]

    static func clean(_ text: String) -> String? {
        // Most cells are plain ASCII digits or letters (`3`, `501`, `B`): nothing to strip.
        let utf8 = text.utf8
        if !utf8.isEmpty, utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D }) {
            return text
        }
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
