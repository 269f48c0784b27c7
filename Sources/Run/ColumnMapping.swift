import RongtongConfig
import RongtongNormalize

/// Which columns of one file feed which canonical fields, and which feed none: the mapping a batch was
/// normalized with, as `validate` shows it (`-v` and JSON in full; by default only the unread columns that
/// hold values).
public struct ColumnMapping: Sendable {
    /// One canonical field and a column that feeds it.
    public struct Feed: Sendable, Equatable {
        public var field: String
        public var column: String
        /// Whether the pipeline maps it under `fields:`; false when the column was taken by its header (a usual
        /// header of the field, or the field's own name).
        public var mapped: Bool
    }

    /// The file as reports name it (`DisplayPath`).
    public var file: String
    public var batchID: String
    /// In the order of the entity's canonical fields.
    public var feeds: [Feed]
    /// The `record_key` columns the file holds.
    public var recordKey: [String]
    /// The file's columns (fields, for XML and JSON) that no canonical field and no record key reads, in file
    /// order.
    public var unread: [String]
    /// How many records hold a value in each unread column (those holding none are absent); filled by `validate`.
    public var recordsWithValue: [String: Int] = [:]

    init(file: String, batchID: String, columns: [String], plan: FieldPlan, source: SourceConfig) {
        self.file = file
        self.batchID = batchID
        let fed = plan.mapping
        feeds = source.entity.fields.flatMap { field in
            fed.filter { $0.field == field.name }.map { Feed(field: $0.field, column: $0.column, mapped: source.fields[field.name] != nil) }
        }
        let present = Set(columns)
        recordKey = source.recordKeys.filter(present.contains)
        // The status field of `absent_when:` is read by the load stage, though no canonical field takes it.
        let read = Set(plan.sourceFields + [source.absentWhen?.field].compactMap { $0 })
        unread = columns.filter { !read.contains($0) }
    }

    /// The unread columns that hold a value in some record, without a row-number column (`序号`): the data the
    /// mapping leaves behind.
    public var unreadWithValues: [String] {
        unread.filter { (recordsWithValue[$0] ?? 0) > 0 && !ColumnMapping.rowNumberHeaders.contains($0.lowercased()) }
    }

    /// Header names of a spreadsheet's row-number column, which holds values no field wants.
    static let rowNumberHeaders: Set<String> = ["序号", "序", "行号", "顺序号", "编号序号", "no", "no.", "nr", "nr.", "#"]
}
