import RongtongConfig
import RongtongStaging

/// What a CSV file's place and grid columns say of merged cells the source does not fill down (`fill_down:`): a
/// column left empty on many rows right below rows that give it, and that never repeats the value of the row above,
/// is most likely a merged cell Excel exported as blanks. Said once per file, naming the columns and the
/// `fill_down:` to declare; the records load without those values either way.
public final class MergedCellEvidence {
    /// The canonical fields whose columns are watched: every record has a value there, and a sheet merges them over
    /// the rows of one place or group.
    static let watchedFields = ["county", "township", "community", "villager_group", "compound", "building", "unit",
                                "grid_id", "ten_household_group"]

    private struct Column {
        let slot: Int
        /// The slots of the finer places (a 小区's 楼栋, 单元, 房号; any place for a 网格): a row below a merged cell
        /// goes on to give its own.
        let finer: [Int]
        /// Empty cells right below a row that gives the column (through other empty cells, in one block), in rows
        /// that give a finer place.
        var blankBelowValue = 0
        /// Cells that give a value.
        var given = 0
        /// Cells that give the same value as the row above.
        var sameAsAbove = 0
        var above: String?
    }

    private var watched: [Column]
    private var rows: TableRows
    private var records = 0
    private let plan: FieldPlan
    /// The file's columns, in order: the columns are named as the file has them.
    private let columns: [String]

    /// Nil when there is nothing to watch: a source that is no CSV, a census of one row per person (whose member rows
    /// leave the household's cells empty), or no watched column outside `fill_down:`.
    public init?(source: SourceConfig, plan: FieldPlan, columns: [String], rejectedRows: Set<Int>, filled: [String]) {
        // A source that says `fill_down:` (even `[]`) has looked at its merged cells: no guessing then.
        guard source.format == "csv", source.rows == .household, !plan.isMapped("relationship"), !source.fillDownDeclared
        else { return nil }
        var slots: [Int] = []
        for field in MergedCellEvidence.watchedFields {
            for slot in plan.fieldSlots(for: field) where !slots.contains(slot) && !filled.contains(plan.sourceFields[slot]) {
                slots.append(slot)
            }
        }
        guard !slots.isEmpty else { return nil }
        self.plan = plan
        self.columns = columns
        let fields = source.entity.fields
        let places = TableRows.hierarchies[0].joined().flatMap(plan.fieldSlots(for:)) + plan.fieldSlots(for: "address")
        watched = slots.map { slot in
            let level = TableRows.level(of: slot, plan: plan, fields: fields)
            let finer = places.filter { other in
                guard other != slot else { return false }
                guard let level, level.hierarchy == 0 else { return true }
                return TableRows.level(of: other, plan: plan, fields: fields).map { $0.hierarchy == 0 && $0.level > level.level } ?? false
            }
            return Column(slot: slot, finer: finer)
        }
        rows = TableRows(rejectedRows: rejectedRows)
    }

    /// Takes in the next record, in file order.
    public func observe(_ record: StagedRecord) {
        records += 1
        let continues = rows.continuesBlock(record)
        for index in watched.indices {
            let written = record.values[watched[index].slot]
            if !continues { watched[index].above = nil }
            // A ditto mark (同上) says "the value above" itself, and takes it (`ditto_filled`): no blank of a merge.
            if let written, PlaceholderWords.isDitto(written) { continue }
            if TableRows.isBlank(written) {
                if watched[index].above != nil, watched[index].finer.contains(where: { !TableRows.isBlank(record.values[$0]) }) {
                    watched[index].blankBelowValue += 1
                }
                continue
            }
            watched[index].given += 1
            let value = TextCleaning.clean(written ?? "")
            if continues, watched[index].above == value { watched[index].sameAsAbove += 1 }
            watched[index].above = value
        }
    }

    /// The columns that look merged, each with its count of empty cells below a value, in file order: empty below a
    /// value, in rows that give a finer place of their own (a 房号 below an empty 小区), on at least two records, a
    /// tenth of the file's and half as many as give the column (a merged cell spans two rows or more), and repeating
    /// the row above's value on fewer than half as many rows (a column typed on every row repeats its compound row
    /// after row; a merged one never does).
    public var mergedColumns: [(column: String, blanks: Int)] {
        watched.filter { column in
            column.blankBelowValue >= 2 && column.blankBelowValue * 10 >= records
                && column.blankBelowValue * 2 >= column.given && column.sameAsAbove * 2 < column.blankBelowValue
        }
            .map { (column: plan.sourceFields[$0.slot], blanks: $0.blankBelowValue) }
            .sorted { (columns.firstIndex(of: $0.column) ?? Int.max) < (columns.firstIndex(of: $1.column) ?? Int.max) }
    }

    /// The warning of `file` of `source`, or nil when no column looks merged.
    public func warning(source: SourceConfig, file: String) -> String? {
        let merged = mergedColumns
        guard !merged.isEmpty else { return nil }
        let named = MergedCellEvidence.list(merged.map { "\($0.column) (\($0.blanks) records)" })
        let declared = (source.fillDown + merged.map(\.column)).joined(separator: ", ")
        return "\(named) \(merged.count == 1 ? "is" : "are") empty below a record that gives \(merged.count == 1 ? "it" : "them"), without repeating the value above, as Excel exports merged cells: those records load without \(merged.count == 1 ? "it" : "them"). If an empty cell there means the same as the row above, declare fill_down: [\(declared)] on the source (see fill_down in docs/pipeline-format.md)"
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}
