import RongtongStaging

/// Counts a run's rejects per source by rule and severity, and keeps the first lines for people to read: those the
/// run found, and those of every batch its load wrote to the warehouse (which `etl_reject` files under this run).
enum RejectSummary {
    static let exampleLimit = 20
    /// Of the `exampleLimit` lines, how many go to warnings at least when there are more errors than lines: the
    /// records not loaded come first, and a few warnings still show what else the feed holds.
    static let warningLinesKept = 5
    /// Example lines kept for each rule and severity (`validate --format text` shows them under their count).
    static let examplesPerGroup = 3

    static func fill(_ report: inout SourceReport, staging: StagingStore, runID: Int) throws {
        let counts = try staging.rejectCounts(sourceID: report.source, runID: runID, loadedBatches: report.loadedBatches)
        for entry in counts.byRule {
            report.rejectsByRule["\(entry.rule)/\(entry.severity)", default: 0] += entry.count
            if entry.severity != RejectRow.Severity.error.rawValue { report.warnings += entry.count }
        }
        report.rowsRejected = counts.errorRecords
        // Errors first (records not loaded), then warnings, within the lines left; in file and record order.
        let room = max(0, exampleLimit - report.examples.count)
        let errorCount = counts.byRule.filter { $0.severity == RejectRow.Severity.error.rawValue }.reduce(0) { $0 + $1.count }
        let warningCount = counts.byRule.reduce(0) { $0 + $1.count } - errorCount
        let errorLines = min(errorCount, room - min(warningCount, warningLinesKept, room))
        let warningLines = min(warningCount, room - errorLines)
        for (row, file) in try staging.rejects(sourceID: report.source, runID: runID, loadedBatches: report.loadedBatches,
                                                 errors: errorLines, warnings: warningLines) {
            report.examples.append(line(row, file: DisplayPath.of(file)))
            report.exampleParts.append(RejectParts(row, file: DisplayPath.of(file)))
        }
        for (row, file) in try staging.rejectExamples(sourceID: report.source, runID: runID, loadedBatches: report.loadedBatches,
                                                        perGroup: examplesPerGroup) {
            let key = "\(row.rule)/\(row.severity.rawValue)"
            if report.examplesByRule[key, default: []].count < examplesPerGroup {
                report.examplesByRule[key, default: []].append(line(row, file: DisplayPath.of(file)))
            }
        }
        // Those of a file that failed part-way, never staged: found all the same, before the failure.
        let unstaged = report.rejectsBeforeFailure
        report.rowsRejected += unstaged.records
        for (key, count) in unstaged.byRule {
            report.rejectsByRule[key, default: 0] += count
            if !key.hasSuffix("/\(RejectRow.Severity.error.rawValue)") { report.warnings += count }
        }
        // The load's own warnings (counted by the load), after the rejects the extract and normalize wrote.
        for (key, text, parts) in unstaged.examples + report.loadWarnings.examples {
            if report.examples.count < exampleLimit {
                report.examples.append(text)
                report.exampleParts.append(parts)
            }
            if report.examplesByRule[key, default: []].count < examplesPerGroup { report.examplesByRule[key, default: []].append(text) }
        }
    }

    /// `file:line: record N: field: message [rule, severity]`, the one-line form of a reject.
    static func line(_ row: RejectRow, file: String?) -> String {
        var text = file ?? row.batchID
        if let line = row.line { text += ":\(line)" }
        if let number = row.recordNumber { text += ": record \(number)" }
        if let field = row.field { text += ": \(field)" }
        text += ": \(row.message)"
        if let value = row.value, !value.isEmpty { text += " (\(value))" }
        return text + " [\(row.rule), \(row.severity.rawValue)]"
    }
}
