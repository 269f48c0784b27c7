import Foundation

/// Writes a run's metrics in Prometheus text exposition for node_exporter's textfile collector: to a temporary
/// file beside the target, then renamed, so the collector never reads half a file.
///
/// The last success timestamp survives failed runs: it is carried over from the previous file.
public enum MetricsFile {
    public static func write(_ outcome: RunOutcome, pipeline: String, to path: String) throws {
        let label = "pipeline=\"\(escape(pipeline))\""
        let lastSuccess = outcome.status == .succeeded ? outcome.finishedAt.timeIntervalSince1970
            : previousSuccess(path: path, label: label).flatMap { Double($0) }
        var text = ""
        func gauge(_ name: String, _ help: String, _ samples: [(String, Double)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for (labels, value) in samples { text += "\(name){\(labels)} \(format(value))\n" }
        }
        gauge("rongtong_last_run_success", help.success, [(label, outcome.status == .succeeded ? 1 : 0)])
        gauge("rongtong_last_run_exit_code", help.exitCode, [(label, Double(outcome.exitCode))])
        gauge("rongtong_last_run_timestamp_seconds", help.finished, [(label, outcome.finishedAt.timeIntervalSince1970)])
        if let lastSuccess {
            gauge("rongtong_last_success_timestamp_seconds", help.lastSuccess, [(label, lastSuccess)])
        }
        gauge("rongtong_last_run_duration_seconds", "Wall time of the last run.",
              [(label, outcome.finishedAt.timeIntervalSince(outcome.startedAt))])
        gauge("rongtong_stage_duration_seconds", "Wall time of each stage of the last run.",
              outcome.stageSeconds.map { ("\(label),stage=\"\($0.stage)\"", $0.seconds) })
        let sources = outcome.sources
        gauge("rongtong_records_read", "Records read per source in the last run.",
              sources.map { ("\(label),source=\"\(escape($0.source))\"", Double($0.rowsRead)) })
        gauge("rongtong_records_loaded", "Records loaded per source in the last run.",
              sources.map { ("\(label),source=\"\(escape($0.source))\"", Double($0.rowsLoaded)) })
        gauge("rongtong_records_rejected", "Records rejected (severity error) per source in the last run.",
              sources.map { ("\(label),source=\"\(escape($0.source))\"", Double($0.rowsRejected)) })
        gauge("rongtong_source_held_back", "1 when the source went over its reject threshold and was not loaded.",
              sources.map { ("\(label),source=\"\(escape($0.source))\"", $0.heldBack.isEmpty ? 0 : 1) })
        gauge("rongtong_source_files_not_loaded", "Staged files of the source the last run's load left unloaded (extracted, not normalized).",
              sources.map { ("\(label),source=\"\(escape($0.source))\"", Double($0.notLoaded.count)) })
        gauge("rongtong_source_skipped_missing", "1 when the source's path matched no file and it says when_missing: skip.",
              sources.map { ("\(label),source=\"\(escape($0.source))\"", $0.skippedAsMissing == nil ? 0 : 1) })
        // Every warning rule per source (a record's, or one about a file as a whole: mapped_field_absent,
        // record_key_absent, delivery_shrank, absent_means_not_applied), as etl_reject holds them for the run.
        gauge("rongtong_warnings", "Warnings (severity warning) per source and rule in the last run, as written to etl_reject.",
              sources.flatMap { source in
                  source.rejectsByRule.filter { $0.key.hasSuffix("/warning") }.sorted { $0.key < $1.key }.map { entry -> (String, Double) in
                      let rule = String(entry.key.dropLast("/warning".count))
                      return ("\(label),source=\"\(escape(source.source))\",rule=\"\(escape(rule))\"", Double(entry.value))
                  }
              })
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        try text.write(to: temporary, atomically: false, encoding: .utf8)
        if rename(temporary.path, url.path) != 0 {
            throw RunFailure(exitCode: 1, "\(path): cannot write metrics: \(String(cString: strerror(errno)))")
        }
    }

    /// The digits `stoppedText` leaves for the moment of the stop, which a signal handler fills in with `time()`.
    public static let stopTimePlaceholder = "9999999999"

    /// The metrics of a run stopped by a signal (exit code `exitCode`: 143, 130, 129), written ahead by `run` so that
    /// the signal handler only has to fill in the time (`stopTimePlaceholder`, ten digits) and write the bytes: last
    /// run failed, its exit code, when it stopped, how long it ran; the last success carried over from the file at
    /// `path` as it is when the run starts. No per-source counts: nothing of the unfinished stage was committed.
    public static func stoppedText(pipeline: String, exitCode: Int32, startedAt: Date, path: String) -> String {
        let label = "pipeline=\"\(escape(pipeline))\""
        var text = ""
        func gauge(_ name: String, _ help: String, _ value: String) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name){\(label)} \(value)\n"
        }
        gauge("rongtong_last_run_success", help.success, "0")
        gauge("rongtong_last_run_exit_code", help.exitCode, String(exitCode))
        gauge("rongtong_last_run_timestamp_seconds", help.finished, stopTimePlaceholder)
        if let value = previousSuccess(path: path, label: label) {
            gauge("rongtong_last_success_timestamp_seconds", help.lastSuccess, value)
        }
        gauge("rongtong_run_started_timestamp_seconds", "When the last run started (Unix time); the duration of a stopped run is the difference to rongtong_last_run_timestamp_seconds.",
              format(startedAt.timeIntervalSince1970.rounded(.down)))
        return text
    }

    /// The HELP lines of the gauges a finished and a stopped run both write.
    static let help = (
        success: "1 when the last run succeeded, 0 when it failed, left work undone (partial) or was stopped.",
        exitCode: "Exit code of the last run (0 ok, 1 failed, 2 config, 3 partial: held back or not loaded, 4 locked; 143, 130, 129 stopped by SIGTERM, SIGINT, SIGHUP).",
        finished: "When the last run finished (Unix time).",
        lastSuccess: "When the last successful run finished (Unix time)."
    )

    /// The last success timestamp the metrics file at `path` holds for the pipeline `label`, as written; nil when
    /// there is no file or no success in it. Carried over by a run that did not succeed.
    static func previousSuccess(path: String, label: String) -> String? {
        guard let previous = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return previous.split(separator: "\n").last { $0.hasPrefix("rongtong_last_success_timestamp_seconds{\(label)}") }
            .flatMap { $0.split(separator: " ").last.map(String.init) }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
