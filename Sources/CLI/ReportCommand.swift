import ArgumentParser
import Foundation
import RongtongLoad
import RongtongReport

/// `rongtong report WAREHOUSE --html FILE [--runs N]`: one self-contained HTML page about the warehouse.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of a warehouse: tonight's run, rejects, trend, unification, compounds.",
        discussion: """
            The page has inline SVG charts and no script, font or link to fetch, so it can be mailed, archived or \
            printed. It shows counts and the masked values stored in the warehouse, never a resident ID, phone \
            number or name. The warehouse is opened read-only, and may be reported on while a run writes it. The \
            path of the written file is printed on stdout.

            Example:
              rongtong report warehouse/guizhou.sqlite --html warehouse/report.html --runs 30
            """
    )

    @Argument(help: "The warehouse file (SQLite), e.g. warehouse/guizhou.sqlite.")
    var warehouse: String

    @Option(help: ArgumentHelp("The HTML file to write (replaced if it exists).", valueName: "file"))
    var html: String

    @Option(help: "How many recent runs the trend chart and the runs table show.")
    var runs = RunReport.defaultRuns

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: warehouse) else {
            StandardError.line("\(warehouse): no warehouse here (run a pipeline first)")
            throw ExitCode(2)
        }
        let page: String
        do {
            let opened = try WarehouseReader.open(path: warehouse)
            if opened.immutable { StandardError.line(WarehouseReader.immutableNote(warehouse)) }
            page = try RunReport.html(reading: opened.queue, displayPath: warehouse, runs: runs)
        } catch {
            StandardError.line("\(warehouse): cannot read the warehouse: \(error)")
            throw ExitCode(1)
        }
        do {
            // Like --metrics-file and the warehouse, the report's folder is created when missing.
            let url = URL(fileURLWithPath: html)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(page.utf8).write(to: url, options: .atomic)
        } catch {
            StandardError.line("\(html): cannot write the report: \(StandardError.reason(error))")
            throw ExitCode(1)
        }
        print(html)
    }
}
