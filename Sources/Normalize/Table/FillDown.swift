import RongtongConfig
import RongtongStaging

/// Carries a CSV file's merged cells down (`fill_down:` of the source): within one file, a blank cell of a listed
/// column takes the value of the last row above it that has one, as Excel's merged cell meant.
///
/// An entry of `fill_down:` names a canonical field (`compound`: every column feeding it in the file) or a column as
/// the header names it (`小区名称`); the columns of a person's own fields (head_name, head_id, phone …) are never
/// filled. A value is carried down only within one block of rows (see `TableRows`: a blank line, a totals row or a
/// footer ends every merged cell), never into the next file, and a new value at one level of a place or grid
/// hierarchy ends the merged cells of the levels below it (`TableRows.hierarchies`). A ditto mark (`同上`) in a
/// listed column is filled the same way. A cell that holds a placeholder (`不详`) is carried as written: the merged
/// cell said it. The staged raw records are left as read: filling happens as the normalizer reads them.
/// ```swift
/// let fill = FillDown(source: source, plan: plan, columns: batch.columns, rejectedRows: [])
/// let record = fill?.fill(staged) ?? staged
/// ```
public final class FillDown {
    /// The slots filled, in the order of `fill_down:`.
    private let filledSlots: [Int]
    /// The slots filled and those of the place and grid columns, widest level first, each with where it sits in the
    /// hierarchies: a new value in any of them ends the merged cells of the levels below, filled or not.
    private let tracked: [(slot: Int, place: (hierarchy: Int, level: Int)?, fills: Bool)]
    private var rows: TableRows
    /// Per filled slot, the value carried down.
    private var carried: [Int: String] = [:]
    /// Per tracked slot, the last value given in the block, cleaned.
    private var lastGiven: [Int: String] = [:]
    /// Per slot, how many cells were filled.
    public private(set) var filled: [Int: Int] = [:]
    /// What the file makes of the entries that fill nothing, one sentence each (a column the file lacks, a field no
    /// column feeds, a person's column), for a warning of the file.
    public let unusedEntries: [String]
    private let plan: FieldPlan

    /// The source fields filled, in the order of `fill_down:`.
    public var columns: [String] { filledSlots.map { plan.sourceFields[$0] } }

    /// Nil when the source lists nothing under `fill_down:`.
    public init?(source: SourceConfig, plan: FieldPlan, columns: [String], rejectedRows: Set<Int>) {
        guard !source.fillDown.isEmpty else { return nil }
        self.plan = plan
        rows = TableRows(rejectedRows: rejectedRows)
        let fields = source.entity.fields
        let personal = Set(SourceConfig.ownFieldsOfAPerson.flatMap(plan.fieldSlots(for:)) + plan.recordKeySlots)
        var chosen: [Int] = []
        var unused: [String] = []
        for entry in source.fillDown {
            var found: [Int]
            if fields.contains(where: { $0.name == entry }) {
                found = plan.fieldSlots(for: entry)
                if found.isEmpty { unused.append("\(entry): no column of the file feeds it") }
            } else if let slot = plan.sourceFields.firstIndex(of: entry) {
                found = [slot]
            } else {
                found = []
                unused.append(columns.contains(entry) ? "\(entry): the column feeds no field, so filling it changes nothing"
                                                      : "\(entry) is not a column of the file")
            }
            let own = found.filter(personal.contains)
            if !own.isEmpty {
                unused.append("\(entry): \(own.map { plan.sourceFields[$0] }.joined(separator: ", ")) holds a person's own value or the record key, never the row above's, and is not filled")
                found.removeAll(where: personal.contains)
            }
            for slot in found where !chosen.contains(slot) { chosen.append(slot) }
        }
        filledSlots = chosen
        unusedEntries = unused
        var all = chosen
        for level in TableRows.hierarchies.joined().joined() {
            for slot in plan.fieldSlots(for: level) where !all.contains(slot) { all.append(slot) }
        }
        let placed = all.map { (slot: $0, place: TableRows.level(of: $0, plan: plan, fields: fields), fills: chosen.contains($0)) }
        // The widest level first: a new 村 ends the merged 组 before the 组 of the same row is read.
        tracked = placed.enumerated().sorted { a, b in
            (a.element.place?.level ?? Int.max, a.offset) < (b.element.place?.level ?? Int.max, b.offset)
        }.map(\.element)
    }

    /// `record` with its blank cells of the filled columns taken from the rows above; call once per record, in file
    /// order.
    public func fill(_ record: StagedRecord) -> StagedRecord {
        if !rows.continuesBlock(record) {
            carried.removeAll()
            lastGiven.removeAll()
        }
        var record = record
        for (slot, place, fills) in tracked {
            guard let written = record.values[slot], !TableRows.isBlank(written) else {
                if fills, let value = carried[slot] {
                    record.values[slot] = value
                    filled[slot, default: 0] += 1
                }
                continue
            }
            let value = TextCleaning.clean(written)
            if let place, lastGiven[slot] != value {
                // A new value ends the merged cells of the finer levels of its hierarchy.
                for other in tracked where other.place.map({ $0.hierarchy == place.hierarchy && $0.level > place.level }) == true {
                    carried[other.slot] = nil
                    lastGiven[other.slot] = nil
                }
            }
            lastGiven[slot] = value
            if fills { carried[slot] = written }
        }
        return record
    }
}
