import RongtongStaging

/// Counts a run's rejects per source by rule and severity, and keeps the first lines for people to read.
enum RejectSummary {
    static let exampleLimit = 20

    static func fill(_ report: inout SourceReport, staging: StagingStore, runID: Int) throws {
        let rows = try staging.rejects(sourceID: report.source, runID: runID)
        var errorRecords = Set<String>()
        for (row, file) in rows {
            report.rejectsByRule["\(row.rule)/\(row.severity.rawValue)", default: 0] += 1
            if row.severity == .error {
                errorRecords.insert("\(row.batchID)#\(row.recordNumber ?? -1)")
            } else {
                report.warnings += 1
            }
            if report.examples.count < exampleLimit { report.examples.append(line(row, file: DisplayPath.of(file))) }
        }
        report.rowsRejected = errorRecords.count
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
