import ArgumentParser
import Foundation
import GRDB
import RongtongLoad
import RongtongRun

/// `rongtong status [--warehouse PATH]`: the last runs with their stages, counts and outcome.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the last runs recorded in a warehouse: stages, counts, outcome, duration.",
        discussion: "Example:\n  rongtong status --warehouse warehouse/guizhou.sqlite --runs 5"
    )

    @Option(help: "The warehouse file.")
    var warehouse = "warehouse/guizhou.sqlite"

    @Option(help: "How many runs to show, newest first.")
    var runs = 10

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument {
        case text, json
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: warehouse) else {
            StandardError.line("\(warehouse): no warehouse here (run a pipeline first, or pass --warehouse)")
            throw ExitCode(2)
        }
        // A warehouse lost (a truncated copy, a failed restore), which `run` refuses too.
        if Warehouse.isEmptyFile(at: warehouse) {
            StandardError.line(Warehouse.emptyFileMessage(warehouse))
            throw ExitCode(1)
        }
        let (queue, immutable) = try WarehouseReader.open(path: warehouse)
        if immutable { StandardError.line(WarehouseReader.immutableNote(warehouse)) }
        var rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM etl_run ORDER BY run_id DESC LIMIT ?", arguments: [runs])
        }
        // A run still `running` while no process holds the warehouse's lock was killed or stopped: the next run
        // marks it `interrupted`; status says so already (trial 14-d), and keeps the recorded word in `recorded_status`.
        if rows.contains(where: { ($0["status"] as String?) == "running" }), !WarehouseLock.isHeld(warehouse: warehouse) {
            rows = rows.map { row in
                guard (row["status"] as String?) == "running" else { return row }
                var values = Dictionary(uniqueKeysWithValues: row.columnNames.map { ($0, row[$0] as DatabaseValue) })
                values["status"] = "interrupted".databaseValue
                let loaded: Int = row["rows_loaded"] ?? 0
                let message = loaded > 0 ? Warehouse.interruptedAfterLoadMessage(loaded) : Warehouse.interruptedMessage
                values["message"] = (message + " (no process holds the warehouse's lock; the next run records the run as interrupted)").databaseValue
                values["recorded_status"] = "running".databaseValue
                return Row(values)
            }
        }
        let batches = try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT run_id, source_id, COUNT(*) AS files, SUM(rows_read) AS rows_read, SUM(rows_loaded) AS rows_loaded,
                       SUM(rows_rejected) AS rows_rejected, GROUP_CONCAT(DISTINCT status) AS status
                FROM (SELECT run_id, source_id, rows_read, rows_loaded, rows_rejected, status FROM etl_run_batch
                      UNION ALL
                      SELECT run_id, source_id, rows_read, rows_loaded, rows_rejected, status FROM etl_batch b
                      WHERE NOT EXISTS (SELECT 1 FROM etl_run_batch r WHERE r.run_id = b.run_id))
                GROUP BY run_id, source_id ORDER BY run_id, source_id
                """)
        }
        switch format {
        case .json:
            var objects: [[String: Any]] = []
            for row in rows {
                let runID: Int = row["run_id"]
                let sources = batches.filter { ($0["run_id"] as Int) == runID }.map { batch -> [String: Any] in
                    ["source": batch["source_id"] as String, "rows_read": batch["rows_read"] as Int,
                     "rows_loaded": (batch["rows_loaded"] as Int?) ?? 0, "rows_rejected": batch["rows_rejected"] as Int,
                     "status": batch["status"] as String]
                }
                var object: [String: Any] = [
                    "run_id": runID, "pipeline": row["pipeline"] as String, "started_at": row["started_at"] as String,
                    "status": row["status"] as String, "stages": (row["stages"] as String).split(separator: ",").map(String.init),
                    "rows_read": row["rows_read"] as Int, "rows_loaded": row["rows_loaded"] as Int,
                    "rows_rejected": row["rows_rejected"] as Int, "sources": sources,
                ]
                if let finished: String = row["finished_at"] { object["finished_at"] = finished }
                if let message: String = row["message"] { object["message"] = message }
                if let recorded: String = row["recorded_status"] { object["recorded_status"] = recorded }
                // The sources the run was asked for (a `--source` rerun names only its own) and those skipped as missing.
                if let selected: String = row["sources"] { object["selected_sources"] = selected.split(separator: ",").map(String.init) }
                if let skipped: String = row["sources_skipped"] { object["skipped_sources"] = skipped.split(separator: ",").map(String.init) }
                objects.append(object)
            }
            let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        case .text:
            print("run  status      started_at            duration  stages                  read  loaded  rejected  pipeline")
            for row in rows {
                let started: String = row["started_at"]
                let finished: String? = row["finished_at"]
                let formatter = ISO8601DateFormatter()
                let duration = finished.flatMap { f in
                    formatter.date(from: f).flatMap { end in formatter.date(from: started).map { end.timeIntervalSince($0) } }
                }.map { "\(Int($0))s" } ?? "-"
                let runID: Int = row["run_id"]
                func pad(_ text: String, _ width: Int) -> String {
                    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
                }
                func right(_ number: Int, _ width: Int) -> String {
                    let text = String(number)
                    return text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
                }
                print(pad(String(runID), 4) + " " + pad(row["status"] as String, 11) + " " + pad(started, 21) + " "
                      + pad(duration, 9) + " " + pad(row["stages"] as String, 22) + " " + right(row["rows_read"] as Int, 6)
                      + " " + right(row["rows_loaded"] as Int, 7) + " " + right(row["rows_rejected"] as Int, 9) + "  "
                      + (row["pipeline"] as String))
                // Which sources the run was asked for: a `--source` rerun is not a whole night. Nil for runs recorded
                // before `etl_run.sources` existed.
                if let selected: String = row["sources"] {
                    var line = "       sources: " + selected.split(separator: ",").joined(separator: ", ")
                    if let skipped: String = row["sources_skipped"] {
                        line += " (skipped, no file: " + skipped.split(separator: ",").joined(separator: ", ") + ")"
                    }
                    print(line)
                }
                for batch in batches where (batch["run_id"] as Int) == runID {
                    // The records of the batches this run loaded or held, whichever run read them; the run line's
                    // `read` is this run's extract alone (0 for a `--stage load` run).
                    let files = batch["files"] as Int
                    let batchWord = files == 1 ? "records in batch" : "records in \(files) batches (files)"
                    print("       \(batch["source_id"] as String): \(batch["rows_read"] as Int) \(batchWord), \((batch["rows_loaded"] as Int?) ?? 0) loaded, \(batch["rows_rejected"] as Int) rejected (\(batch["status"] as String))")
                }
                // A run whose sources failed for several reasons keeps one error per line.
                if let message: String = row["message"] {
                    for line in message.split(separator: "\n") { print("       \(line)") }
                }
            }
        }
    }
}
