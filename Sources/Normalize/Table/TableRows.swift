import RongtongConfig
import RongtongStaging

/// The rows of one CSV file as a spreadsheet had them: which records continue the block of rows above them, and where
/// a column's value sits in the place and grid hierarchies, for `FillDown` and `MergedCellEvidence`.
///
/// A merged cell (小区名称 merged over the rows of one compound) is exported with its value on its first row and
/// blanks below. It never spans a row that is no record: a blank line, a totals row (合计), a sign-off footer or the
/// header repeated between two blocks of a sheet ends it. The CSV extractor counts such rows without handing them
/// out, so a record whose number does not follow the last one's starts a new block; a row the extractor rejected
/// (a ragged row) was a record, and the block goes on past it.
struct TableRows {
    /// The record numbers of the file's rows the extractor rejected (`ragged_row`, `invalid_encoding`).
    let rejectedRows: Set<Int>
    private var lastNumber: Int?

    init(rejectedRows: Set<Int>) {
        self.rejectedRows = rejectedRows
    }

    /// Whether `record` continues the block of the record seen before it; call once per record, in file order.
    mutating func continuesBlock(_ record: StagedRecord) -> Bool {
        defer { lastNumber = record.number }
        guard let last = lastNumber else { return false }
        return record.number > last && (last + 1..<record.number).allSatisfy(rejectedRows.contains)
    }

    /// The hierarchies a merged cell's value belongs to, each listed from the widest level: a new value at one level
    /// ends the merged cells of the finer levels of the same hierarchy (a new 小区 row with an empty 楼栋 is a
    /// compound without buildings, not a building of the compound above; a new 村 row with an empty 组 names no 组).
    static let hierarchies: [[[String]]] = [
        [["prefecture"], ["county"], ["township"], ["community"], ["villager_group", "compound"], ["building"], ["unit"], ["room"]],
        [["grid_id"], ["ten_household_group"]],
    ]

    /// Where a slot's value sits: the hierarchy and the level, from the first canonical field it feeds that has one.
    static func level(of slot: Int, plan: FieldPlan, fields: [CanonicalField]) -> (hierarchy: Int, level: Int)? {
        for field in fields where plan.fieldSlots(for: field.name).contains(slot) {
            for (hierarchy, levels) in hierarchies.enumerated() {
                if let level = levels.firstIndex(where: { $0.contains(field.name) }) { return (hierarchy, level) }
            }
        }
        return nil
    }

    /// Whether a cell holds nothing: missing, empty or spaces, or a ditto mark (`同上`, `〃`: the value above).
    static func isBlank(_ text: String?) -> Bool {
        guard let text else { return true }
        return TextCleaning.clean(text).isEmpty || PlaceholderWords.isDitto(text)
    }
}
