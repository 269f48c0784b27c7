/// One file of one source as staged by the extract stage: identity, content hash and counts.
///
/// `batchID` is derived from the source and the file's SHA-256, so re-extracting identical content replaces
/// the same batch instead of adding a new one.
public struct StagedBatch: Sendable, Equatable {
    public var batchID: String
    public var sourceID: String
    public var file: String
    public var sha256: String
    public var bytes: Int
    /// The encoding the file was finally read with (`auto` resolved).
    public var encoding: String
    public var rowsRead: Int
    /// Records the extractor itself rejected (ragged rows, undecodable bytes, broken lines).
    public var rowsRejected: Int
    /// Field names seen in the file, in first-seen order.
    public var columns: [String]
    public var extractedRun: Int
    /// The source's extraction options when the file was read (`SourceConfig.extractionFingerprint`): a batch read
    /// under other options is read again. Nil for a batch staged before the fingerprint was kept.
    public var extractedWith: String?

    public init(batchID: String, sourceID: String, file: String, sha256: String, bytes: Int, encoding: String,
                rowsRead: Int, rowsRejected: Int, columns: [String], extractedRun: Int, extractedWith: String? = nil) {
        self.batchID = batchID
        self.sourceID = sourceID
        self.file = file
        self.sha256 = sha256
        self.bytes = bytes
        self.encoding = encoding
        self.rowsRead = rowsRead
        self.rowsRejected = rowsRejected
        self.columns = columns
        self.extractedRun = extractedRun
        self.extractedWith = extractedWith
    }

    /// `source-<first 16 hex digits of the SHA-256>`.
    public static func id(sourceID: String, sha256: String) -> String {
        "\(sourceID)-\(sha256.prefix(16))"
    }
}

/// A rule a record broke, as stored in staging and copied to `etl_reject` when its batch loads.
public struct RejectRow: Sendable, Equatable {
    public enum Severity: String, Sendable {
        /// The record was not loaded.
        case error
        /// The record was loaded without the offending value.
        case warning
    }

    public var runID: Int
    public var batchID: String
    public var sourceID: String
    public var recordNumber: Int?
    public var line: Int?
    public var field: String?
    public var rule: String
    public var severity: Severity
    /// The offending value, masked where personal.
    public var value: String?
    public var message: String
    /// `extract` or `normalize`.
    public var stage: String
    /// The record's key (the source's `record_key` value), when the source declares one and the record holds it;
    /// nil for a record the extractor could not read, and for a source keyed by record number.
    public var recordKey: String?

    public init(runID: Int, batchID: String, sourceID: String, recordNumber: Int?, line: Int?, field: String?,
                rule: String, severity: Severity, value: String?, message: String, stage: String, recordKey: String? = nil) {
        self.runID = runID
        self.batchID = batchID
        self.sourceID = sourceID
        self.recordNumber = recordNumber
        self.line = line
        self.field = field
        self.rule = rule
        self.severity = severity
        self.value = value
        self.message = message
        self.stage = stage
        self.recordKey = recordKey
    }
}
