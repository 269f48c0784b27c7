import Foundation

/// Renders validation results for people (text), programs (json) or CI systems (junit).
///
/// Each file's column mapping: in full in JSON (`column_mapping`) and in verbose text (which column feeds which
/// field, `auto` or mapped under `fields:`, and the columns that feed none); by default text and JUnit say only
/// the columns that feed no field although records hold values in them, one line per file.
public enum ValidationReport {
    public enum Format: String, Sendable, CaseIterable {
        case text, json, junit
    }

    public static func render(_ results: [PipelineValidation], format: Format, verbose: Bool = false) -> String {
        switch format {
        case .text: return text(results, verbose: verbose)
        case .json: return json(results)
        case .junit: return junit(results)
        }
    }

    /// `failed`, `over_threshold`, `skipped` (its `path` matched no file and it says `when_missing: skip`: nothing
    /// was read, which is no failure and leaves the exit code as it is) or `ok`.
    static func verdict(_ source: SourceValidation) -> String {
        if source.failure != nil { return "failed" }
        if source.overThreshold != nil { return "over_threshold" }
        if source.report.skippedAsMissing != nil { return "skipped" }
        return "ok"
    }

    /// What a skipped source's line says after its verdict.
    static func skippedLine(_ reason: String) -> String { "\(reason) (when_missing: skip)" }

    /// The line naming a file's unread columns that hold values (`改造类型 (23 records)`), or nil when there are none.
    static func unreadLine(_ mapping: ColumnMapping) -> String? {
        let columns = mapping.unreadWithValues
        guard !columns.isEmpty else { return nil }
        let shown = columns.prefix(8).map { "\($0) (\(mapping.recordsWithValue[$0] ?? 0) records)" }
        let more = columns.count > 8 ? " and \(columns.count - 8) more" : ""
        return "columns feeding no field in \(mapping.file), with values: \(shown.joined(separator: ", "))\(more)"
    }

    static func text(_ results: [PipelineValidation], verbose: Bool = false) -> String {
        var out = ""
        for result in results {
            out += "\(result.pipeline)\n"
            if let error = result.configError {
                for line in error.split(separator: "\n") { out += "  configuration error: \(line)\n" }
                continue
            }
            for warning in result.warnings { out += "  warning: \(warning)\n" }
            for source in result.sources {
                let r = source.report
                let skipped = r.filesSkipped > 0 ? ", \(r.filesSkipped) file(s) left out (already loaded or repeated)" : ""
                let members = r.memberRows > 0 ? ", \(r.memberRows) member rows read into their households" : ""
                let masked = r.maskedIDs > 0 ? ", \(r.maskedIDs) \(SourceReport.maskedIDsRead)" : ""
                // A source allowed to be missing whose file is: no counts, which would read as an empty file.
                if let reason = r.skippedAsMissing, source.failure == nil {
                    out += "  \(r.source): skipped — \(skippedLine(reason))\n"
                    continue
                }
                out += "  \(r.source): \(verdict(source)) — \(r.rowsRead) read, \(r.rowsRejected) rejected, \(r.warnings) warnings\(members)\(masked)\(skipped)\n"
                // One line per failed file (several files of a glob may fail).
                for line in (source.failure ?? "").split(separator: "\n") { out += "    error: \(line)\n" }
                for warning in r.mappingWarnings + r.deliveryWarnings { out += "    warning: \(warning)\n" }
                if let over = source.overThreshold { out += "    \(over)\n" }
                for mapping in r.columnMappings {
                    if verbose {
                        out += "    columns of \(mapping.file):\n"
                        for feed in mapping.feeds {
                            out += "      \(feed.field) <- \(feed.column) (\(feed.mapped ? "fields:" : "auto"))\n"
                        }
                        for key in mapping.recordKey { out += "      record_key <- \(key)\n" }
                        let unread = mapping.unread.map { column in
                            mapping.recordsWithValue[column].map { "\(column) (\($0) records)" } ?? "\(column) (empty)"
                        }
                        out += "      feeding no field: \(unread.isEmpty ? "none" : unread.joined(separator: ", "))\n"
                    } else if let line = unreadLine(mapping) {
                        out += "    \(line)\n"
                    }
                }
                for (rule, count) in r.rejectsByRule.sorted(by: { $0.key < $1.key }) {
                    out += "    \(rule): \(count)\n"
                    for example in r.examplesByRule[rule] ?? [] {
                        out += "      \(example)\n"
                    }
                }
            }
        }
        return out
    }

    /// The text report of a successful validation under `--quiet`: only its warnings about data that may be lost,
    /// as `run --quiet` prints them (a source skipped under `when_missing: skip`, a mapped field that never
    /// occurs, a delivery far smaller than the previous one or cut short, a pipeline's survivorship change), each
    /// `warning: SOURCE: …` under its pipeline file; "" when there are none.
    public static func warningsOnly(_ results: [PipelineValidation]) -> String {
        var out = ""
        for result in results {
            var lines = result.warnings.map { "warning: \($0)" }
            for source in result.sources {
                let r = source.report
                if let reason = r.skippedAsMissing { lines.append("warning: \(r.source): skipped — \(skippedLine(reason))") }
                lines += (r.mappingWarnings + r.deliveryWarnings).map { "warning: \(r.source): \($0)" }
            }
            guard !lines.isEmpty else { continue }
            out += "\(result.pipeline)\n" + lines.map { "  \($0)\n" }.joined()
        }
        return out
    }

    static func json(_ results: [PipelineValidation]) -> String {
        let objects: [[String: Any]] = results.map { result in
            var object: [String: Any] = ["pipeline": result.pipeline, "exit_code": Int(result.exitCode)]
            if let error = result.configError { object["config_error"] = error }
            object["warnings"] = result.warnings
            object["sources"] = result.sources.map { source -> [String: Any] in
                let r = source.report
                var rules: [[String: Any]] = []
                for (key, count) in r.rejectsByRule.sorted(by: { $0.key < $1.key }) {
                    let parts = key.split(separator: "/").map(String.init)
                    rules.append(["rule": parts[0], "severity": parts.count > 1 ? parts[1] : "error", "count": count])
                }
                var entry: [String: Any] = ["source": r.source, "verdict": verdict(source), "records_read": r.rowsRead,
                                            "records_rejected": r.rowsRejected, "warnings": r.warnings,
                                            "files_left_out": r.filesSkipped, "member_rows": r.memberRows,
                                            "masked_ids": r.maskedIDs, "rejects": rules, "examples": r.examples]
                if let failure = source.failure { entry["error"] = failure }
                // Whether the source was skipped because its `path` matched no file (`when_missing: skip`), and why.
                entry["skipped"] = r.skippedAsMissing != nil
                if let reason = r.skippedAsMissing { entry["skipped_reason"] = skippedLine(reason) }
                entry["mapping_warnings"] = r.mappingWarnings
                // A file far smaller than the previous delivery of its path (`delivery_shrank`).
                entry["delivery_warnings"] = r.deliveryWarnings
                entry["column_mapping"] = r.columnMappings.map { mapping -> [String: Any] in
                    ["file": mapping.file,
                     "fields": mapping.feeds.map { ["field": $0.field, "column": $0.column, "how": $0.mapped ? "fields" : "auto"] },
                     "record_key": mapping.recordKey,
                     "unread": mapping.unread.map { ["column": $0, "records_with_value": mapping.recordsWithValue[$0] ?? 0] as [String: Any] }]
                }
                if let over = source.overThreshold { entry["threshold"] = over }
                return entry
            }
            return object
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["pipelines": objects], options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Each `rule/severity: count` line with its first reject lines under it (`file:line: record N: field: message
    /// [rule, severity]`, up to `RejectSummary.examplesPerGroup`), as the text output gives them: JUnit's
    /// `<system-out>` shows them for every source, so that a CI job finds the rows of a source that passed.
    static func rulesWithExamples(_ r: SourceReport) -> String {
        r.rejectsByRule.sorted(by: { $0.key < $1.key }).map { rule, count in
            (["\(rule): \(count)"] + (r.examplesByRule[rule] ?? []).map { "  \($0)" }).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// `text` as XML 1.0 character data: markup characters as entities, and the characters
    /// XML 1.0 does not allow at all (C0 controls other than TAB, LF and CR, such as the vertical tab a Word or
    /// Excel paste leaves in a cell, and U+FFFE, U+FFFF) written `\u000b`, as the JSON report writes them, so that
    /// one odd cell cannot make the whole report unreadable to a JUnit reader.
    /// A CR is written `&#13;`: a reader turns a raw CR or CRLF into LF, the reference keeps it as sent.
    static func xmlEscaped(_ text: String) -> String {
        escapedForXML(text, keepingRaw: ["\t", "\n"])
    }

    /// `text` as an XML attribute value: as `xmlEscaped`, and TAB, LF and CR written `&#9;`, `&#10;`, `&#13;`,
    /// since a reader normalises a raw one in an attribute to a space (a message of several lines became one).
    static func xmlAttributeEscaped(_ text: String) -> String {
        escapedForXML(text, keepingRaw: [])
    }

    private static func escapedForXML(_ text: String, keepingRaw whitespace: Set<Unicode.Scalar>) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r":
                if whitespace.contains(scalar) { out.unicodeScalars.append(scalar) } else { out += "&#\(scalar.value);" }
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The `message` attribute of a JUnit `<failure>`: the first line of `text`, and how many more it has (which the
    /// failure's body holds in full), so that a CI system listing failures one line each shows a whole line.
    static func failureHeadline(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        guard let first = lines.first else { return text }
        return lines.count == 1 ? String(first) : "\(first) (and \(lines.count - 1) more line(s): see the failure text)"
    }

    /// A JUnit `<failure>`: a one-line `message` (`failureHeadline`) and the whole `text` in its body, where its line
    /// breaks survive (in an attribute, a reader turns them into spaces), followed by `details` when there are any.
    static func junitFailure(_ text: String, details: String = "") -> String {
        let body = details.isEmpty ? text : text + "\n\n" + details
        return "<failure message=\"\(xmlAttributeEscaped(failureHeadline(text)))\">\(xmlEscaped(body))</failure>"
    }

    static func junit(_ results: [PipelineValidation]) -> String {
        let escape = xmlEscaped, attribute = xmlAttributeEscaped
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rongtong validate\">\n"
        for result in results {
            let failures = result.configError != nil ? 1 : result.sources.filter { !["ok", "skipped"].contains(verdict($0)) }.count
            let skipped = result.sources.filter { verdict($0) == "skipped" }.count
            let tests = max(result.sources.count, result.configError != nil ? 1 : 0)
            out += "  <testsuite name=\"\(attribute(result.pipeline))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
            if let error = result.configError {
                out += "    <testcase classname=\"\(attribute(result.pipeline))\" name=\"configuration\">\n"
                out += "      \(junitFailure(error))\n    </testcase>\n"
            }
            for source in result.sources {
                let r = source.report
                out += "    <testcase classname=\"\(attribute(result.pipeline))\" name=\"\(attribute(r.source))\">\n"
                let summary = r.rejectsByRule.sorted(by: { $0.key < $1.key }).map { "\($0.key): \($0.value)" }.joined(separator: "\n")
                if let failure = source.failure {
                    out += "      \(junitFailure(failure, details: summary))\n"
                } else if let over = source.overThreshold {
                    out += "      \(junitFailure(over, details: ([summary] + r.examples).filter { !$0.isEmpty }.joined(separator: "\n")))\n"
                } else if let reason = r.skippedAsMissing {
                    out += "      <skipped message=\"\(attribute(skippedLine(reason)))\"/>\n"
                }
                let warnings = (r.mappingWarnings + r.deliveryWarnings).map { "\nwarning: \($0)" }.joined()
                    + r.columnMappings.compactMap(unreadLine).map { "\n\($0)" }.joined()
                out += "      <system-out>\(escape("\(r.rowsRead) read, \(r.rowsRejected) rejected, \(r.warnings) warnings\n" + rulesWithExamples(r) + warnings))</system-out>\n"
                out += "    </testcase>\n"
            }
            if !result.warnings.isEmpty {
                out += "    <system-out>\(escape(result.warnings.map { "warning: \($0)" }.joined(separator: "\n")))</system-out>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}
