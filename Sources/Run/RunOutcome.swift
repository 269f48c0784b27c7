import Foundation
import RongtongStaging

/// What a run did, per source, and the exit code it maps to (see CONTRACT §1).
public struct RunOutcome: Sendable {
    public enum Status: String, Sendable {
        case succeeded, failed, partial
    }

    public var runID: Int?
    public var status: Status
    /// Wall-clock seconds each stage took, in the order they ran.
    public var stageSeconds: [(stage: String, seconds: Double)] = []
    public var startedAt = Date()
    public var finishedAt = Date()
    public var sources: [SourceReport]
    /// The errors that failed the run, one per failed source (a stage goes on with the other sources after one
    /// fails, so that all are reported at once), or the one error of the run.
    public var failures: [String] = []
    /// The errors that failed the run, one per line, if it failed.
    public var failure: String? { failures.isEmpty ? nil : failures.joined(separator: "\n") }
    public var failureExitCode: Int32 = 1
    /// For each of `failures`, the source and stage it happened in, when one source's work failed (nil for an
    /// error of the whole run: the pipeline file, the key, the lock, the load transaction).
    public var failureContexts: [(source: String?, stage: String?)] = []
    /// Warnings about the warehouse's runs rather than a source (earlier runs found `running`, now recorded as
    /// `interrupted`): logged, and printed under `--quiet` too.
    public var runWarnings: [String] = []
    /// A run limited by `--source`: the other sources whose files no run has loaded yet (a new delivery that came
    /// in the night a failed run loaded nothing), one line each, said in `runWarnings` and `etl_run.message` too.
    public var otherSourcesPending: [String] = []
    /// The pipeline's name (`pipeline:`), once its file was read.
    public var pipeline: String?

    /// 0 success, 1 failed, 2 usage/configuration, 3 completed with work left undone (`partial`): a batch held back
    /// over its reject threshold, or a file the load was asked to load and could not (`SourceReport.notLoaded`).
    public var exitCode: Int32 {
        switch status {
        case .succeeded: return 0
        case .partial: return 3
        case .failed: return failureExitCode
        }
    }

    public var rowsRead: Int { sources.reduce(0) { $0 + $1.rowsRead } }
    public var rowsLoaded: Int { sources.reduce(0) { $0 + $1.rowsLoaded } }
    public var rowsRejected: Int { sources.reduce(0) { $0 + $1.rowsRejected } }
}

/// One source's counts in a run (or a validation).
public struct SourceReport: Sendable {
    public var source: String
    public var files: Int = 0
    /// Files skipped: already loaded (or the same content twice in one run).
    public var filesSkipped: Int = 0
    /// Files not read again because an earlier run extracted them and they are not loaded yet: normalize and load
    /// take them from staging.
    public var filesFromStaging: Int = 0
    public var rowsRead: Int = 0
    /// Records rejected with severity `error` (not loaded).
    public var rowsRejected: Int = 0
    public var warnings: Int = 0
    public var rowsLoaded: Int = 0
    /// Rejects by rule and severity, e.g. `["id_check_character/warning": 3]`.
    public var rejectsByRule: [String: Int] = [:]
    /// First few reject lines, for people.
    public var examples: [String] = []
    /// The same rejects as `examples`, one each, in parts: what `--log-format json` gives as fields of its own.
    public var exampleParts: [RejectParts] = []
    /// Up to `RejectSummary.examplesPerGroup` reject lines for each key of `rejectsByRule` (`rule/severity`).
    public var examplesByRule: [String: [String]] = [:]
    /// Mapping warnings about the source's files: a mapped name or `record_key` that never occurs in a whole file
    /// (most likely a typo in the mapping), a `skip_rows` that skips the upper row of a two-row header, columns that
    /// look merged without `fill_down:` (`merged_cells`), or a `fill_down:` entry a file lacks, as logged.
    public var mappingWarnings: [String] = []
    /// Warnings about a delivery as a whole, not its mapping: a file holding far fewer records than the previous
    /// delivery of its path (`delivery_shrank`). Shown by `validate` and by `run`, also under `--quiet`.
    public var deliveryWarnings: [String] = []
    /// Mapped fields and record keys that never occur in a whole file (`mapped_field_absent`, `record_key_absent`),
    /// one line each (`census.csv: 身份证号 never occurs (head_id)`), and records an XML `record_path` left unread
    /// (`records_outside_record_path`: `hj.xml: 5 <户> element(s) at /户籍信息/分页/户 were not read: …`), for
    /// `etl_run.message`.
    public var absentFields: [String] = []
    /// The `mappingWarnings` that `absentFields` says in short (`census.csv: 身份证号 never occurs (head_id)`):
    /// `etl_run.message` says each of them once, in its short form.
    public var mappingWarningsSaidShort: Set<String> = []
    /// Per file normalized, which columns feed which canonical fields and which feed none (`validate` shows it).
    public var columnMappings: [ColumnMapping] = []
    /// Rows of a census of one row per person (`rows: person`) read as members of a household besides its head
    /// row: neither loaded as households of their own nor rejected.
    public var memberRows: Int = 0
    /// Household records whose resident ID their feed sent masked (`522701********5055`): loaded without an ID (no
    /// per-record `id_format` warning), the masked digits only telling another head (see `ResidentID.maskedForm`).
    public var maskedIDs: Int = 0
    /// What the summary lines say after the number of `maskedIDs`.
    public static let maskedIDsRead = "masked resident IDs read, not used as identity"
    /// Households a whole-list source (`absent_means:`) named in its delivery before and no longer names in this one
    /// (whether or not a flag changed: a higher-ranked source may keep it), plus any dropped earlier whose flags
    /// took the absent values only now.
    public var householdsNoLongerListed: Int = 0
    /// Household records whose status said the household left (`absent_when:`, 注销): not loaded as sightings, and
    /// absent from their delivery.
    public var recordsSayingLeft: Int = 0
    /// Records of the source that moved to another household (`household_relink`): their ID now names someone
    /// else, not a member of the household they were in.
    public var recordsRelinked: Int = 0
    /// Households whose head, as an earlier run left it (or the source's own earlier file in a catch-up run), a
    /// record of the source replaced (a new head: the head died or moved out, a member took over), as a new history
    /// version. Not a head another source set the same run (feeds naming different heads of one family on its
    /// first night).
    public var newHeads: Int = 0
    /// Households merged into another while the source loaded (`household_alias`): one record's evidence showed two
    /// to be one, or the source listed a household's head as a member of another household (合户).
    public var householdsMerged: Int = 0
    /// New households whose head a record listed as a member of another household, this run or before (分户: a son
    /// registered under a 户 of his own), whichever of the two 户 the delivery lists first.
    public var householdsSplit: Int = 0
    /// What the summary line and `etl_run.message` say of these events (`6 records moved to another household, 8
    /// new heads, 2 households merged`); nil when there was none.
    public var householdEvents: String? {
        let parts = [(recordsRelinked, "record(s) moved to another household"), (newHeads, "new head(s)"),
                     (householdsMerged, "household(s) merged into another"),
                     (householdsSplit, "new household(s) headed by a member of another (分户)")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
    /// Facilities a whole-inventory source (`absent_means: {status: …}`) no longer names, which took its status.
    public var facilitiesNoLongerListed: Int = 0
    /// One line per file of the source held back over its reject threshold (this run's, or the newest file
    /// still held from an earlier run); empty when nothing is held.
    public var heldBack: [String] = []
    /// One line per file of the source that this run's load stage left unloaded although it waits in staging, and
    /// why: extracted by a `--stage extract` run and never normalized, when the run did not normalize
    /// (`--stage load`); or a file the extract stage read as a web system's error answer instead of its records
    /// (`ExtractError.isErrorAnswer`), which nothing of was staged, unless a later complete delivery of the source
    /// replaced it (`ExtractStage.laterCompleteDelivery`). Like a held file it makes the run `partial` (exit 3);
    /// empty when the run left nothing.
    public var notLoaded: [String] = []
    /// Why the source was skipped, when its `path` matched no file and it says `when_missing: skip`
    /// (`…/assistance.ndjson: no file matches the path of source civil-affairs`); nil when it was not.
    public var skippedAsMissing: String?
    /// The extractor's rejects in files that failed part-way (a truncated JSON or XML file): nothing of such a file
    /// is staged, so `RejectSummary.fill` adds them to the staged rejects it counts.
    var rejectsBeforeFailure = UnstagedRejects()
    /// The first warnings the load itself wrote (`ambiguous_household`, `absent_means_not_applied` …), already
    /// counted in `rejectsByRule` and `warnings`: `RejectSummary.fill` adds their lines after the staged rejects'.
    var loadWarnings = UnstagedRejects()
    /// Batches this run's load wrote to the warehouse (loaded or held back): all their rejects are this run's in
    /// `etl_reject`, whichever run found them, so they are counted and shown as this run's.
    var loadedBatches: [String] = []

    public init(source: String) { self.source = source }
}

/// One reject line's parts: the file, line, record, field, rule, severity and masked value a reject line is written
/// from, and its message alone.
public struct RejectParts: Sendable {
    public var file: String?
    public var line: Int?
    public var record: Int?
    public var field: String?
    public var rule: String
    public var severity: String
    public var value: String?
    public var message: String

    init(_ row: RejectRow, file: String?) {
        self.file = file
        line = row.line
        record = row.recordNumber
        field = row.field
        rule = row.rule
        severity = row.severity.rawValue
        value = row.value
        message = row.message
    }

    /// The parts as fields of a JSON log line (absent parts left out).
    public var fields: [String: Any] {
        var fields: [String: Any] = ["rule": rule, "severity": severity, "reject_message": message]
        if let file { fields["file"] = file }
        if let line { fields["line"] = line }
        if let record { fields["record"] = record }
        if let field { fields["field"] = field }
        if let value, !value.isEmpty { fields["value"] = value }
        return fields
    }
}

/// An error that ends a run with a specific exit code and a one-line message.
public struct RunFailure: Error, CustomStringConvertible, Sendable {
    public var exitCode: Int32
    public var description: String
    public init(exitCode: Int32, _ description: String) {
        self.exitCode = exitCode
        self.description = description
    }
}

/// Rejects found in a file that then failed, so never staged: counted by rule, with the first lines kept.
struct UnstagedRejects: Sendable {
    var records = 0
    /// By `rule/severity`, as `SourceReport.rejectsByRule`.
    var byRule: [String: Int] = [:]
    /// The first reject lines, with their `rule/severity`.
    var examples: [(key: String, line: String, parts: RejectParts)] = []

    /// Adds the line of `row` from `file`, counted too (see `append` for rows counted elsewhere).
    mutating func add(_ row: RejectRow, file: String) {
        let key = "\(row.rule)/\(row.severity.rawValue)"
        if row.severity == .error { records += 1 }
        byRule[key, default: 0] += 1
        if examples.count < RejectSummary.exampleLimit {
            examples.append((key, RejectSummary.line(row, file: DisplayPath.of(file)), RejectParts(row, file: DisplayPath.of(file))))
        }
    }

    /// Keeps the line of `row` from `file` without counting it (the load counts its warnings as it finds them).
    mutating func append(_ row: RejectRow, file: String) {
        examples.append(("\(row.rule)/\(row.severity.rawValue)", RejectSummary.line(row, file: DisplayPath.of(file)),
                         RejectParts(row, file: DisplayPath.of(file))))
    }

    /// The lines kept.
    var count: Int { examples.count }

    mutating func merge(_ other: UnstagedRejects) {
        records += other.records
        byRule.merge(other.byRule, uniquingKeysWith: +)
        examples += other.examples.prefix(max(0, RejectSummary.exampleLimit - examples.count))
    }
}

/// Several sources failed in one stage: every error, in pipeline order.
struct SourceFailures: Error {
    var errors: [Error]
}

/// One source's error in one stage, as `PipelineRunner.eachSource` passes it on: the failure line stays the
/// error's own, and the JSON `failure` event names the source and stage.
struct SourceFailure: Error {
    var source: String
    var stage: String
    var error: Error
}
