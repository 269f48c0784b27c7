
/// What a CSV row that does not fit the header says about the file: trailing separators Excel added or a
/// separator typed inside a cell (`doubtTrailingSeparators`), cells a short row may be padded with, where a shifted
/// row's cells moved, and a header that a different separator would split better (`otherSeparatorInHeader`).
extension CSVCursor {
    /// Why the empty extra cells of the long row `cells` are not taken for a spreadsheet's trailing separators
    /// (`…,302室,,`), for its `ragged_row` message; nil when they are, and the row loads without them.
    ///
    /// A value holding an unquoted delimiter (`荔波县甲良镇新场村,三组9号`) in a row whose last cell is empty also
    /// gives a row one cell longer whose extra cell is empty, its cells after the split one column to the right. The
    /// empty extras are trailing separators when they are the file's habit: at least `trailingSeparatorHabit` rows
    /// before it were at least as long with empty extras, and either most rows before it were, or the row just
    /// before it was (a run of them, as a spreadsheet's first rows or a second sheet appended). Otherwise the row is
    /// doubted when its cells do not fit their columns (`ColumnProfile`: a street piece under 人口数, a count under a
    /// yes/no column), or, fitting, when at least `recordsShowingNoHabit` records before it show the file's rows
    /// carry no such empties: one row longer than its neighbours is a delimiter typed in a value. A file's first
    /// records, with nothing before them to compare, load as before. Counts the row towards the habit.
    func doubtTrailingSeparators(_ cells: CSVCells) -> String? {
        guard let header else { return nil }
        let width = cells.count
        let asLong = paddedRowWidths.reduce(0) { $0 + ($1.key >= width ? $1.value : 0) }
        paddedRowWidths[width, default: 0] += 1
        let rowsBefore = recordNumber - 1
        if asLong >= CSVCursor.trailingSeparatorHabit, asLong * 2 >= rowsBefore || previousPaddedWidth >= width {
            return nil
        }
        guard profile.records > 0 else { return nil }
        let separator = delimiter == 0x09 ? "TAB" : "\"\(Character(Unicode.Scalar(delimiter)))\""
        var kinds: [UInt8] = []
        cells.forEachCell(upTo: header.count + 1) { _, bytes in kinds.append(ColumnProfile.kind(of: bytes)) }
        if let misfit = (0..<header.count).first(where: { !profile.fits(kinds[$0], column: $0) }) {
            let moved = "; the cells from \(header[misfit]) on do not fit their columns"
            guard width == header.count + 1 else {
                return "\(moved) (values holding an unquoted \(separator)?), so its empty last cells are not taken for a spreadsheet's trailing separators"
            }
            // The value split at column `split`: the cells before it in their columns, the ones after its two
            // halves one column to the left; the value itself starts as its first half does.
            let splits = (0..<header.count).filter { split in
                let joined = kinds[split] == 0 || kinds[split] == ColumnProfile.text ? ColumnProfile.text : ColumnProfile.digitsAndMore
                return (0..<split).allSatisfy { profile.fits(kinds[$0], column: $0) }
                    && profile.fits(joined, column: split)
                    && (split + 1..<header.count).allSatisfy { profile.fits(kinds[$0 + 1], column: $0) }
            }
            guard !splits.isEmpty, splits.count < header.count else {
                return "\(moved) (a value holding an unquoted \(separator)?), so its empty last cell is not taken for a spreadsheet's trailing separator"
            }
            let names = splits.map { header[$0] }
            let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
            return "\(moved): a value holding an unquoted \(separator) most likely split \(list) in two (the cells after it fit their columns when moved one to the left), so its empty last cell is not taken for a spreadsheet's trailing separator"
        }
        guard profile.records >= CSVCursor.recordsShowingNoHabit else { return nil }
        let extra = width - header.count
        let others = asLong == 0 ? "none of the records before it has" : "only \(asLong) of the records before it \(asLong == 1 ? "has" : "have")"
        return "; its \(extra == 1 ? "extra cell is" : "\(extra) extra cells are") empty, but \(others) \(width) fields or more: one row longer than the others is most likely a value holding an unquoted \(separator), its empty last cell moved out of the table, rather than a spreadsheet's trailing separators"
    }

    /// How many cells the short row `cells` lacks when it may load padded (`short_row`): at most `maxMissingCells`,
    /// not the file's unterminated last row (a truncated file), every cell fitting its column, and every column it
    /// lacks left empty by some record before it. Nil when it may not.
    func paddableMissingCells(_ cells: CSVCells) -> Int? {
        guard let header, !cells.isEmpty, profile.records > 0, !isUnterminatedLastRow else { return nil }
        let missing = header.count - cells.count
        guard (1...CSVCursor.maxMissingCells).contains(missing),
              (cells.count..<header.count).allSatisfy({ profile.seenEmpty[$0] }) else { return nil }
        var fits = true
        cells.forEachCell(upTo: cells.count) { index, bytes in
            if fits, !profile.fits(ColumnProfile.kind(of: bytes), column: index) { fits = false }
        }
        return fits ? missing : nil
    }

    /// What a short row's cells say of where it lost a cell, for its `ragged_row` message: the columns a single
    /// missing cell can be in (the cells after it fit their columns once moved one to the right), or the first
    /// column whose cell does not fit. Empty when the records before it say nothing of it.
    func whereCellsMoved(_ cells: CSVCells) -> String {
        guard let header, profile.records > 0, !cells.isEmpty else { return "" }
        var kinds: [UInt8] = []
        cells.forEachCell(upTo: cells.count) { _, bytes in kinds.append(ColumnProfile.kind(of: bytes)) }
        let firstMisfit = kinds.indices.first { !profile.fits(kinds[$0], column: $0) }
        if header.count - cells.count == 1 {
            // The missing cell at column `gap`: the cells before it in their columns, the ones after one to the right.
            let gaps = (0...cells.count).filter { gap in
                kinds.indices.allSatisfy { profile.fits(kinds[$0], column: $0 < gap ? $0 : $0 + 1) }
            }
            if !gaps.isEmpty, gaps.count <= cells.count {
                let names = gaps.map { header[$0] }
                let list = names.count == 1 ? names[0]
                    : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
                let moved = firstMisfit.map { "the cells from \(header[$0]) on do not fit their columns; " } ?? ""
                if gaps == [cells.count] {
                    return "; \(moved)its last cell (\(list)) is missing, and no record before it leaves \(list) empty"
                }
                return "; \(moved)the cell missing is most likely the one of \(list) (the cells after it fit their columns when moved one to the right)"
            }
        }
        return firstMisfit.map { "; the cells from \(header[$0]) on do not fit their columns (a cell before it missing?)" } ?? ""
    }

    /// The separator, as written in a pipeline (`\t` for TAB), that the header holds when it was read as one
    /// field: a TAB-separated "Unicode text" export read with the default `,`. Nil for a header of several fields.
    func otherSeparatorInHeader() -> String? {
        guard hasHeader, headerCells.count == 1, let only = headerCells.first else { return nil }
        let candidates: [Character] = [";", "\t", "|", ","].filter { $0.asciiValue != delimiter && only.contains($0) }
        guard let separator = candidates.max(by: { a, b in only.filter { $0 == a }.count < only.filter { $0 == b }.count })
        else { return nil }
        return separator == "\t" ? "\\t" : String(separator)
    }

    /// Words a totals row starts with (`合计`, `小计：`, `总 计`, `合计：3户`), in its first non-empty cell; the
    /// Latin ones (`Gesamt`) are what a German- or English-locale Excel writes, compared ignoring case.
    static let totalsWords: Set<String> = ["合计", "小计", "总计", "共计", "总合计", "全部合计",
                                                   "gesamt", "insgesamt", "summe", "total", "totals"]

    /// The first letters, lower-cased, of the ASCII totals words (gesamt, insgesamt, summe, total).
    static let totalsInitials: Set<UInt8> = Set(totalsWords.compactMap { word in
        word.utf8.first.flatMap { $0 < 0x80 ? $0 | 0x20 : nil }
    })

    /// What ends a sign-off label: who (`填表人`, `网格员`, `社区主任`), when (`填报日期`, `报送时间`), which office
    /// (`报送单位`, `主管部门`), the act (`签字`, `盖章`, `审核`, `制表`, `审核意见`), how to reach the form's maker
    /// (`联系电话`, `办公电话`, `电话`, `手机`, `手机号码`, `联系方式`) or a note on the form (`备注`, `说明`, `注`,
    /// `数据来源`).
    static let signOffEndings = ["人", "员", "主任", "书记", "网格长", "日期", "时间", "单位", "部门", "签字",
                                         "签名", "盖章", "签章", "审核", "审批", "复核", "审定", "制表", "填表", "填报",
                                         "意见", "备注", "说明", "注", "来源", "电话", "电话号码", "手机", "手机号",
                                         "手机号码", "联系方式"]
    /// What a label naming the household or its people starts with (`户主`, `本人`, `出生日期`, `家庭联系人`,
    /// `监护人`, `入住时间`): such a label ends like a sign-off word but names a record's field.
    static let householdLabelStarts = ["户主", "户内", "本人", "出生", "家庭", "成员", "监护", "迁入", "迁出",
                                               "入住", "居住", "死亡"]
    /// Words in brackets after a label that make it a sign-off label whatever it is (`单位（盖章）：`).
    static let sealWords: Set<String> = ["签字", "签名", "盖章", "签章", "签字盖章", "签字或盖章"]

    /// Header names of a spreadsheet's row-number column (compared ignoring case).
    static let rowNumberHeaders: Set<String> = ["序号", "序", "行号", "顺序号", "no", "no.", "nr", "nr.", "#"]
}
