/// A lazy, forward-only stream of the records of one file, in file order.
///
/// Cursors hold only a bounded window of the file (a chunk and the records parsed from it), so a 2 GB feed
/// extracts in the same memory as a 2 MB one.
///
/// ```swift
/// let cursor = try FormatRegistry.makeCursor(file: "households.csv", format: "csv", options: [:])
/// while let item = try cursor.next() { … }
/// ```
public protocol RecordCursor: AnyObject {
    /// The next record or rejected record, or nil at the end of the file.
    /// Throws `ExtractError` when the file cannot be read further, `NotUTF8` under `encoding: auto`.
    func next() throws -> Extracted?
    /// The encoding the cursor is decoding with (after `auto` is resolved by the caller).
    var encoding: TextEncoding { get }
    /// Raw bytes of the file consumed so far, for progress; 0 when the cursor cannot tell.
    var bytesRead: Int { get }
    /// The field names a header declared (CSV), known even when the file has no records; nil for formats
    /// whose fields are only known from the records themselves.
    var declaredFieldNames: [String]? { get }
    /// Warnings about the file as a whole, known once `next()` returned nil: records the options missed (an XML
    /// file's `<户>` elements outside `record_path`). Empty for most files and formats.
    var fileWarnings: [FileWarning] { get }
    /// The units a spreadsheet's units row under the header writes (`,,,(万元)` under `总投资`), by field name
    /// (`总投资` → `万元`), known once `next()` has handed out the first record; empty for most files and formats.
    var unitsUnderHeader: [String: String] { get }
    /// As `next()`, for the extract stage: a cursor that can write a record's JSON object text itself (from the
    /// bytes it parsed, without a `RawRecord`) appends it to `text` with `writer` and hands out `.written`; the
    /// text is byte for byte what `writer.object(record.fields)` makes of the record `next()` would hand out.
    /// Other cursors hand out `.record` and the caller writes it.
    func nextWritten(by writer: JSONObjectWriter, into text: inout [UInt8]) throws -> WrittenItem?
    /// The warnings about the record (or records) `next()` or `nextWritten` handed out last, each once: how the
    /// cursor read a row that was not written as the format says (a CSV row short of its empty last cells, read
    /// padded: `short_row`; a quote read as written: `stray_quote`). Empty for most records and formats.
    func takeRecordWarnings() -> [RecordWarning]
    /// The names of the fields of the record `next()` or `nextWritten` handed out last whose values the file wrote
    /// as JSON number tokens (`"sfzh": 522301197804121800`): the text is the number's own, but the sender's number
    /// type may have rounded it (see `JSONNumberID`). Empty for other formats and for most records.
    func takeNumberFields() -> [String]
}

/// A warning about one record from its extractor: the record loads, read as the message says.
public struct RecordWarning: Sendable, Equatable {
    public var number: Int
    public var line: Int?
    /// The field concerned, or nil when the whole record is.
    public var field: String?
    /// Stable snake_case rule code, e.g. `short_row`, `stray_quote`.
    public var rule: String
    /// The value concerned, as written (never a resident ID or phone number).
    public var value: String?
    public var message: String

    public init(number: Int, line: Int?, field: String? = nil, rule: String, value: String? = nil, message: String) {
        self.number = number
        self.line = line
        self.field = field
        self.rule = rule
        self.value = value
        self.message = message
    }
}

/// A warning about a whole file from its extractor: a rule, the line it starts at, a short value and a message.
public struct FileWarning: Sendable, Equatable {
    public var rule: String
    public var line: Int?
    public var value: String
    public var message: String

    public init(rule: String, line: Int?, value: String, message: String) {
        self.rule = rule
        self.line = line
        self.value = value
        self.message = message
    }
}

/// What `RecordCursor.nextWritten` hands out.
public enum WrittenItem {
    /// A record whose JSON object text was appended to the caller's buffer; `names` are its field names in order.
    case written(number: Int, line: Int?, names: [String])
    /// A record the caller writes itself.
    case record(RawRecord)
    /// A record that could be read only well enough to reject.
    case rejected(RecordProblem)
}

extension RecordCursor {
    public var bytesRead: Int { 0 }
    public var declaredFieldNames: [String]? { nil }
    public var fileWarnings: [FileWarning] { [] }
    public var unitsUnderHeader: [String: String] { [:] }
    public func takeRecordWarnings() -> [RecordWarning] { [] }
    public func takeNumberFields() -> [String] { [] }

    public func nextWritten(by writer: JSONObjectWriter, into text: inout [UInt8]) throws -> WrittenItem? {
        switch try next() {
        case .record(let record): .record(record)
        case .rejected(let problem): .rejected(problem)
        case nil: nil
        }
    }
}
