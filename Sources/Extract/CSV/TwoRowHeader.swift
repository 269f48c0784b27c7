/// A spreadsheet header written on two rows, as offices export merged cells: a group cell merged over the
/// sub-headers of its columns (`户主` over `姓名 | 身份证号`), beside columns named by the upper cell alone (`序号`,
/// `联系电话`: a cell merged down over both rows, whose lower cell the CSV leaves empty).
///
/// ```
/// 序号,户主,,联系电话         →  序号, 姓名, 身份证号, 联系电话
/// ,姓名,身份证号,
/// ```
///
/// A column is named by its lower cell where it has one, else by its upper cell. The lower cell is qualified with
/// its group, `group/sub-header` (`配偶/身份证号`), when it would otherwise name two columns (the same sub-header
/// under two groups, or a sub-header that is also a column of its own), and under a group naming a person other than the
/// household's head: a group over a name or ID column (`姓名`, `身份证号`) whose own word does not start with
/// 户主 (`配偶`, `联系人`, `监护人`). So a spouse's ID never feeds the head's `head_id`, while the columns under 户主 or
/// 户主信息 keep the names the head's fields are read from (`姓名`, `身份证号`). The `/` is a CSV column's name like
/// any other: mapped as written (`fields: {phone: 联系人/电话}`).
public enum TwoRowHeader {
    /// Whether `lower` is the second row of a header whose first row is `upper`, and not a record: every cell it
    /// fills sits under a group of `upper` (a filled cell followed by empty ones, the merged cell's continuation;
    /// `upper` fills two cells or more, so a title row above the table is no group row)
    /// and fills that group from its first column on without a gap, at least one group has two sub-headers,
    /// the columns `upper` names alone are empty in it (a record holds its 序号 there), and its cells read as header
    /// words, not values: each has a letter, at most 24 characters and no run of five digits (an ID, a phone), and
    /// more than half of them hold a usual header word (`姓名`, `身份证`, `电话`, `地址`, `小区` …).
    ///
    /// Conservative by design: a row that fails any test is read as a record, as without this check.
    public static func isSubHeaderRow(_ lower: [String], under upper: [String]) -> Bool {
        let top = upper.map(CSVCursor.headerText)
        var below = lower.map(CSVCursor.headerText)
        // A title row (one filled cell over the whole table) is no group row.
        guard top.filter({ !$0.isEmpty }).count >= 2, below.count >= 2 else { return false }
        if below.count > top.count {
            guard below[top.count...].allSatisfy(\.isEmpty) else { return false }
            below.removeLast(below.count - top.count)
        }
        below += Array(repeating: "", count: top.count - below.count)
        var sawGroup = false
        for span in spans(of: top) {
            let filled = span.filter { !below[$0].isEmpty }
            guard let lastFilled = filled.last else { continue }
            // A lone column with a cell below it is a record's value (or a cell typed over two rows), and a
            // group's sub-headers start under the merged cell and leave no gap.
            guard span.count >= 2, lastFilled > span.lowerBound,
                  (span.lowerBound...lastFilled).allSatisfy({ !below[$0].isEmpty }) else { return false }
            // Only the last group may end in empty columns (a spreadsheet's trailing separators).
            if lastFilled < span.upperBound - 1, span.upperBound < top.count { return false }
            sawGroup = true
        }
        // Cells under no group (before the first filled upper cell) are a record's too.
        if let first = top.firstIndex(where: { !$0.isEmpty }), below[..<first].contains(where: { !$0.isEmpty }) { return false }
        guard sawGroup, below.allSatisfy({ $0.isEmpty || readsAsHeaderWord($0) }) else { return false }
        // Most of its cells name a field, as a record's values (`测张三`, `身份证待补`) seldom do.
        let filled = below.filter { !$0.isEmpty }
        return filled.filter(holdsUsualHeaderWord).count * 2 > filled.count
    }

    /// The column names of a two-row header (before `CSVCursor.uniqueNames` makes blanks `column_N` and repeats
    /// unique): the lower cell where there is one, else the upper cell; a lower cell qualified with its group
    /// (`配偶/姓名`) as the type's documentation says.
    public static func names(upper: [String], lower: [String]) -> [String] {
        let top = upper.map(CSVCursor.headerText)
        // The lower row's trailing empty cells beyond the upper row's are a spreadsheet's separators, not columns.
        let lastFilled = lower.lastIndex(where: { !CSVCursor.headerText($0).isEmpty }) ?? -1
        let width = max(top.count, lastFilled + 1)
        let lower = Array(lower.prefix(width))
        let padded = top + Array(repeating: "", count: width - top.count)
        let below = lower.map(CSVCursor.headerText) + Array(repeating: "", count: width - lower.count)
        // The group word over each column that has a sub-header.
        var group = [String?](repeating: nil, count: width)
        var personGroups: Set<Int> = []
        for span in spans(of: padded) where span.contains(where: { !below[$0].isEmpty }) {
            let word = padded[span.lowerBound]
            for column in span where !below[column].isEmpty { group[column] = word }
            if !isHeadWord(word), span.contains(where: { namesAPerson(below[$0]) }) { personGroups.insert(span.lowerBound) }
        }
        var names = (0..<width).map { below[$0].isEmpty ? padded[$0] : below[$0] }
        for span in spans(of: padded) where personGroups.contains(span.lowerBound) {
            for column in span where group[column] != nil { names[column] = "\(padded[span.lowerBound])/\(below[column])" }
        }
        // A sub-header that still names two columns is qualified with its group.
        var count: [String: Int] = [:]
        for name in names where !name.isEmpty { count[name, default: 0] += 1 }
        for column in 0..<width where !names[column].contains("/") && count[names[column], default: 0] > 1 {
            if let word = group[column] { names[column] = "\(word)/\(names[column])" }
        }
        return names
    }

    /// The names of the columns a header read from `lower` alone loses, when `upper` above it is the group row of a
    /// two-row header: the ones `upper` names alone (`网格`, `家庭人口（人）`), whose lower cell is empty.
    public static func upperOnlyNames(upper: [String], lower: [String]) -> [String] {
        let top = upper.map(CSVCursor.headerText)
        let below = lower.map(CSVCursor.headerText)
        return top.indices.filter { !top[$0].isEmpty && ($0 >= below.count || below[$0].isEmpty) }.map { top[$0] }
    }

    /// The column ranges of each filled upper cell and the empty cells after it (its merged continuation).
    static func spans(of top: [String]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int?
        for (index, cell) in top.enumerated() where !cell.isEmpty {
            if let start { result.append(start..<index) }
            start = index
        }
        if let start { result.append(start..<top.count) }
        return result
    }

    /// Whether a group's word names the household's head (`户主`, `户主信息`, `户主（申请人）`).
    static func isHeadWord(_ word: String) -> Bool { word.filter { !$0.isWhitespace }.hasPrefix("户主") }

    /// Whether a sub-header names a person's name or ID (`姓名`, `身份证号（18位）`, `证件号码`).
    static func namesAPerson(_ header: String) -> Bool {
        let text = header.filter { !$0.isWhitespace }
        return text == "姓名" || text == "名字" || text.hasPrefix("姓名") || text.contains("身份证") || text.contains("证件号")
            || text.contains("身份号码")
    }

    /// A header cell, not a value: a letter in it, at most 24 characters, no run of five or more digits.
    static func readsAsHeaderWord(_ cell: String) -> Bool {
        guard cell.count <= 24, cell.contains(where: \.isLetter) else { return false }
        var run = 0
        for scalar in cell.unicodeScalars {
            if (0x30...0x39).contains(scalar.value) || (0xFF10...0xFF19).contains(scalar.value) {
                run += 1
                if run >= 5 { return false }
            } else {
                run = 0
            }
        }
        return true
    }

    /// Words a household or facility list's sub-headers hold, of which a record's values (names, IDs, numbers)
    /// rarely hold one.
    private static let usualHeaderWords = ["姓名", "名称", "名字", "身份", "证件", "证号", "号码", "电话", "手机", "固话",
                                           "座机", "联系", "地址", "住址", "住所", "性别", "出生", "年龄", "民族", "籍贯",
                                           "户籍", "关系", "人口", "人数", "编号", "代码", "类型", "类别", "等级", "日期",
                                           "时间", "年份", "小区", "社区", "院落", "街道", "乡镇", "楼栋", "楼号", "单元",
                                           "房号", "门牌", "面积", "金额", "数量", "备注", "是否", "户号", "网格", "职业",
                                           "学历", "文化", "婚姻", "健康", "状况", "情况", "邮箱", "微信", "单位", "收入"]
    private static let usualASCIIHeaders: Set<String> = ["name", "id", "phone", "tel", "address", "type", "date", "code", "no", "no."]

    static func holdsUsualHeaderWord(_ cell: String) -> Bool {
        usualHeaderWords.contains(where: cell.contains) || usualASCIIHeaders.contains(cell.lowercased())
    }
}
