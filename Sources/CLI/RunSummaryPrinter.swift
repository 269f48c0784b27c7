import RongtongRun

/// Prints a run's outcome on stderr: reject lines, one summary line per source, and the failure if any.
///
/// With `--log-format json` each of these is one JSON object per line instead, like the log lines before them
/// (`event`: `failure`, `warning`, `reject`, `more_rejects`, `held_back`, `not_loaded`, `source_summary`, `run_summary`), so that
/// the whole of stderr reads with `jq`.
///
/// `--quiet` prints the failures, the warnings about earlier runs (`runWarnings`: found interrupted), the sources
/// skipped as missing (`when_missing: skip`), the sources' warnings about their files (`mappingWarnings`, `deliveryWarnings`:
/// data the night may have lost, which the log, at level error, no longer shows) and, when the run did not succeed,
/// the rest.
enum RunSummaryPrinter {
    static func print(_ outcome: RunOutcome, quiet: Bool, json: Bool = false) {
        let say = { (text: String, fields: [String: Any]) in
            if json { JSONLogHandler.write(fields) } else { StandardError.line(text) }
        }
        var run: [String: Any] = outcome.runID.map { ["run_id": $0] } ?? [:]
        if let pipeline = outcome.pipeline { run["pipeline"] = pipeline }
        // Every failed source's error, not only the first: one line (one `failure` event) each, naming the source
        // and stage it happened in when it was one source's.
        for (index, failure) in outcome.failures.enumerated() {
            var fields = run.merging(["level": "error", "event": "failure", "message": failure,
                                      "exit_code": Int(outcome.exitCode)]) { $1 }
            if index < outcome.failureContexts.count {
                let context = outcome.failureContexts[index]
                if let source = context.source { fields["source"] = source }
                if let stage = context.stage { fields["stage"] = stage }
            }
            say(failure, fields)
        }
        // Under --quiet the log shows errors only, but a warning about lost data (a mapped field that never occurs
        // in a file, a delivery far smaller than the previous one) is no progress to hide: one line each.
        if quiet {
            // Earlier runs that ended without saying so (killed, stopped), recorded as interrupted by this one.
            for warning in outcome.runWarnings {
                say("warning: \(warning)", run.merging(["level": "warning", "event": "warning", "message": warning]) { $1 })
            }
            for source in outcome.sources {
                // A feed allowed to be missing that was (the README's "skips that source with a warning"): the cron
                // mail says so each night it stays missing (trial 14-d).
                let skipped = source.skippedAsMissing.map { ["\($0); skipped (when_missing: skip)"] } ?? []
                for warning in skipped + source.mappingWarnings + source.deliveryWarnings {
                    say("warning: \(source.source): \(warning)",
                        run.merging(["level": "warning", "event": "warning", "source": source.source, "message": warning]) { $1 })
                }
            }
        }
        if quiet && outcome.exitCode == 0 { return }
        // Refused before it started (the pipeline file, the key, the lock): no run to summarise.
        if outcome.runID == nil && outcome.failure != nil { return }
        for source in outcome.sources {
            for (index, example) in source.examples.enumerated() where !quiet {
                // Reject lines end in `[rule, severity]`: an error-severity reject logs at level error.
                let level = example.hasSuffix(", error]") ? "error" : "warning"
                // Its parts as fields of their own (file, line, record, field, rule, severity, value), for jq.
                let parts = index < source.exampleParts.count ? source.exampleParts[index].fields : [:]
                say(example, run.merging(parts) { $1 }.merging(["level": level, "event": "reject", "source": source.source,
                                                                  "message": example]) { $1 })
            }
            let total = source.rejectsByRule.values.reduce(0, +)
            if total > source.examples.count && !quiet {
                let more = total - source.examples.count
                // A failed run writes nothing to etl_reject: its rejects were found, and are found again by
                // `validate` or by the next run.
                let whereKept = outcome.status == .failed
                    ? "not written to etl_reject (the run failed and committed nothing; rongtong validate lists them)"
                    : "in etl_reject"
                // In the summary's words: errors are rejects (the records were not loaded), warnings are warnings.
                let errors = source.rejectsByRule.filter { $0.key.hasSuffix("/error") }.values.reduce(0, +)
                let moreErrors = max(0, min(more, errors - source.examples.filter { $0.hasSuffix(", error]") }.count))
                // "more" only after lines of the source's own (all shown lines are, the load's warnings included).
                let shownAbove = source.examples.isEmpty ? "" : "more "
                let counted = { (count: Int, word: String) in "\(count) \(shownAbove)\(word)\(count == 1 ? "" : "s")" }
                let what = [moreErrors > 0 ? counted(moreErrors, "reject") : nil,
                            more > moreErrors ? counted(more - moreErrors, "warning") : nil].compactMap { $0 }.joined(separator: " and ")
                say("… \(what) of \(source.source) \(whereKept)",
                    run.merging(["level": "warning", "event": "more_rejects", "source": source.source, "count": more,
                                 "message": "\(what) \(whereKept)"]) { $1 })
            }
            for held in source.heldBack {
                say("\(source.source): \(held)",
                    run.merging(["level": "error", "event": "held_back", "source": source.source, "message": held]) { $1 })
            }
            // A staged file the load left unloaded (extracted, never normalized), or a web system's error answer
            // read instead of a file's records: exit 3 as a held file, and why.
            for file in source.notLoaded {
                say("\(source.source): not loaded: \(file)",
                    run.merging(["level": "error", "event": "not_loaded", "source": source.source, "message": file]) { $1 })
            }
        }
        guard !quiet || outcome.exitCode != 0 else { return }
        for source in outcome.sources {
            var line = "\(source.source): \(source.rowsRead) read, \(source.rowsLoaded) loaded, \(source.rowsRejected) rejected, \(source.warnings) warnings"
            // A feed allowed to be missing (`when_missing: skip`) that was: said first, so a rerun is not needed.
            if source.skippedAsMissing != nil {
                line = "\(source.source): skipped, no file matches its path (when_missing: skip)"
            }
            if source.filesSkipped > 0 { line += ", \(source.filesSkipped) file(s) unchanged and skipped" }
            if source.filesFromStaging > 0 { line += ", \(source.filesFromStaging) file(s) already extracted, taken from staging" }
            if !source.notLoaded.isEmpty { line += ", \(source.notLoaded.count) staged file(s) not loaded" }
            if source.memberRows > 0 { line += ", \(source.memberRows) member rows read into their households" }
            if source.maskedIDs > 0 { line += ", \(source.maskedIDs) \(SourceReport.maskedIDsRead)" }
            let noLongerListed = source.householdsNoLongerListed + source.facilitiesNoLongerListed
            if noLongerListed > 0 { line += ", \(noLongerListed) no longer listed" }
            if source.recordsSayingLeft > 0 { line += ", \(source.recordsSayingLeft) say the household left (absent_when)" }
            if let events = source.householdEvents { line += ", \(events)" }
            // Why, in a word, for a cron mail that shows only these lines (`--quiet`): the commonest error rules.
            let errorRules = RunSummaryPrinter.errorRules(of: source)
            if !errorRules.isEmpty {
                line += "; rejected for " + errorRules.prefix(3).map { "\($0.rule) \($0.count)" }.joined(separator: ", ")
                    + (errorRules.count > 3 ? ", …" : "")
            }
            // And the commonest warning rules, which a large feed's lines (errors first) may not show.
            let warningRules = RunSummaryPrinter.warningRules(of: source)
            if !warningRules.isEmpty {
                line += "; warned for " + warningRules.prefix(3).map { "\($0.rule) \($0.count)" }.joined(separator: ", ")
                    + (warningRules.count > 3 ? ", …" : "")
            }
            say(line, run.merging(["level": "info", "event": "source_summary", "source": source.source, "message": line,
                                   "read": source.rowsRead, "loaded": source.rowsLoaded, "rejected": source.rowsRejected,
                                   "warnings": source.warnings, "files_skipped": source.filesSkipped,
                                   "files_from_staging": source.filesFromStaging, "member_rows": source.memberRows,
                                   "files_not_loaded": source.notLoaded.count,
                                   "skipped_as_missing": source.skippedAsMissing != nil,
                                   "masked_ids": source.maskedIDs,
                                   "no_longer_listed": source.householdsNoLongerListed + source.facilitiesNoLongerListed,
                                   "said_left": source.recordsSayingLeft,
                                   "records_relinked": source.recordsRelinked, "new_heads": source.newHeads,
                                   "households_merged": source.householdsMerged, "households_split": source.householdsSplit,
                                   "rejected_by_rule": Dictionary(errorRules.map { ($0.rule, $0.count) },
                                                                  uniquingKeysWith: +)]) { $1 })
        }
        let name = outcome.runID.map { "run \($0)" } ?? "run"
        var line = "\(name) \(outcome.status.rawValue): \(outcome.rowsRead) read, \(outcome.rowsLoaded) loaded, \(outcome.rowsRejected) rejected"
        // Rows of one person each (`rows: person`) read into their household's record: neither loaded nor rejected
        // on their own, so the run's line says them too, as each source's does.
        let memberRows = outcome.sources.reduce(0) { $0 + $1.memberRows }
        if memberRows > 0 { line += ", \(memberRows) member rows read into their households" }
        say(line, run.merging(["level": outcome.exitCode == 0 ? "info" : "error", "event": "run_summary",
                               "status": outcome.status.rawValue, "message": line, "read": outcome.rowsRead,
                               "loaded": outcome.rowsLoaded, "rejected": outcome.rowsRejected, "member_rows": memberRows,
                               "warnings": outcome.sources.reduce(0) { $0 + $1.warnings },
                               "exit_code": Int(outcome.exitCode)]) { $1 })
    }

    /// The error-severity rules of a source's rejects with their counts, commonest first.
    static func errorRules(of source: SourceReport) -> [(rule: String, count: Int)] {
        source.rejectsByRule.compactMap { key, count -> (rule: String, count: Int)? in
            guard key.hasSuffix("/error") else { return nil }
            return (String(key.dropLast("/error".count)), count)
        }.sorted { ($0.count, $1.rule) > ($1.count, $0.rule) }
    }

    /// The source's warning rules (records loaded all the same), commonest first, ties by name.
    static func warningRules(of source: SourceReport) -> [(rule: String, count: Int)] {
        source.rejectsByRule.compactMap { key, count -> (rule: String, count: Int)? in
            guard !key.hasSuffix("/error"), let slash = key.lastIndex(of: "/") else { return nil }
            return (String(key[..<slash]), count)
        }.sorted { ($0.count, $1.rule) > ($1.count, $0.rule) }
    }
}
