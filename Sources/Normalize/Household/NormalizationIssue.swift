import RongtongStaging

/// A rule a record broke while being normalized, before it is attached to a batch and run.
public struct NormalizationIssue: Sendable, Equatable {
    /// The source field as the feed names it (e.g. `身份证号`), nil for the record as a whole.
    public var field: String?
    /// Stable rule code, documented in docs/rejects.md.
    public var rule: String
    public var severity: RejectRow.Severity
    /// The offending value, already masked when personal.
    public var value: String?
    public var message: String
    /// The row the issue is about when it is not the record's own, with the line it starts on: a member row of a
    /// household read from one row per person (`rows: person`), whose value the household took. Nil: the record's.
    public var recordNumber: Int?
    public var line: Int?

    public init(field: String?, rule: String, severity: RejectRow.Severity, value: String?, message: String,
                recordNumber: Int? = nil, line: Int? = nil) {
        self.field = field
        self.rule = rule
        self.severity = severity
        self.value = value
        self.message = message
        self.recordNumber = recordNumber
        self.line = line
    }
}
