import RongtongRun

/// Prints a run's outcome on stderr: reject lines, one summary line per source, and the failure if any.
enum RunSummaryPrinter {
    static func print(_ outcome: RunOutcome, quiet: Bool) {
        if let failure = outcome.failure { StandardError.line(failure) }
        if quiet && outcome.exitCode == 0 { return }
        for source in outcome.sources {
            for example in source.examples where !quiet { StandardError.line(example) }
            let total = source.rejectsByRule.values.reduce(0, +)
            if total > source.examples.count && !quiet {
                StandardError.line("… \(total - source.examples.count) more rejects of \(source.source) in etl_reject")
            }
            if let held = source.heldBack { StandardError.line("\(source.source): \(held)") }
        }
        guard !quiet || outcome.exitCode != 0 else { return }
        for source in outcome.sources {
            var line = "\(source.source): \(source.rowsRead) read, \(source.rowsLoaded) loaded, \(source.rowsRejected) rejected, \(source.warnings) warnings"
            if source.filesSkipped > 0 { line += ", \(source.filesSkipped) file(s) unchanged and skipped" }
            StandardError.line(line)
        }
        let run = outcome.runID.map { "run \($0)" } ?? "run"
        StandardError.line("\(run) \(outcome.status.rawValue): \(outcome.rowsRead) read, \(outcome.rowsLoaded) loaded, \(outcome.rowsRejected) rejected")
    }
}
