/// One record exactly as an extractor read it: field names and text values in source order.
///
/// Nothing is coerced here: numbers keep their source text, empty cells stay empty strings, and a repeated
/// XML element or a JSON array arrives as one field whose value is JSON text.
public struct RawRecord: Sendable, Equatable {
    /// 1-based position of the record in its file (the Nth data row of a CSV is record N).
    public var number: Int
    /// 1-based line where the record starts, for formats that have lines.
    public var line: Int?
    /// Field names and values in the order the source wrote them.
    public var fields: [RawField]

    public init(number: Int, line: Int?, fields: [RawField]) {
        self.number = number
        self.line = line
        self.fields = fields
    }

    /// The value of the first field called `name`, if present.
    public subscript(name: String) -> String? {
        fields.first(where: { $0.name == name })?.value
    }
}

/// A named text value of a `RawRecord`.
public struct RawField: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// What a cursor hands out: a record, or a record it could read only well enough to reject.
public enum Extracted: Sendable {
    case record(RawRecord)
    case rejected(RecordProblem)
}

/// A record that could not be read as a whole (ragged row, undecodable bytes, a broken NDJSON line).
///
/// The extract stage stores it as an `etl_reject` row with severity `error`; reading goes on with the next record.
public struct RecordProblem: Error, Sendable, Equatable {
    public var number: Int
    public var line: Int?
    /// The field concerned, or nil when the whole record is.
    public var field: String?
    /// Stable snake_case rule code, e.g. `ragged_row`, `invalid_encoding`, `malformed_json`.
    public var rule: String
    public var message: String
    /// The fields that could be read whole before the record broke (a cut-off NDJSON line's first keys, the cells
    /// of a short CSV row before its last), so that the extract stage can name the record's key: the reject then
    /// shows as resolved when the record arrives corrected, and a whole list knows which case the broken record was.
    /// Empty when nothing of the record can be trusted.
    public var readable: [RawField]
    /// Whether the record is the file's last, cut short with no line break after it, so that the file as a whole
    /// looks truncated (a copy still in progress, an export cut short): the run says so of the file, not only of the
    /// record (see `ExtractStage`).
    public var looksTruncated: Bool

    public init(number: Int, line: Int?, field: String? = nil, rule: String, message: String, readable: [RawField] = [],
                looksTruncated: Bool = false) {
        self.number = number
        self.line = line
        self.field = field
        self.rule = rule
        self.message = message
        self.readable = readable
        self.looksTruncated = looksTruncated
    }
}
