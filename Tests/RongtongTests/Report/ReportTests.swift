import Foundation
import GRDB
import RongtongLoad
@testable import RongtongReport
import XCTest

/// `rongtong report`: the HTML page of the sample warehouse holds no personal data, renders in a real browser,
/// escapes what it shows, and reads an empty warehouse without error.
final class ReportTests: XCTestCase {
    struct Sample {
        let folder: URL
        let warehouse: URL
        let html: String
        let report: URL
    }

    private static var cached: Sample?

    /// Runs the sample pipeline once per test process into a temporary folder and renders its report there.
    private func sample() throws -> Sample {
        if let cached = Self.cached { return cached }
        let folder = try TestPaths.temporaryFolder()
        let warehouse = folder.appendingPathComponent("guizhou.sqlite")
        let result = try Rongtong.run(["run", TestPaths.projectRoot.appendingPathComponent("pipelines/sample-nightly.yaml").path,
                                       "--warehouse", warehouse.path,
                                       "--staging", folder.appendingPathComponent("staging.sqlite").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let html = try RunReport.html(warehouseAt: warehouse.path, displayPath: "guizhou.sqlite", runs: 14)
        let report = folder.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: report)
        let sample = Sample(folder: folder, warehouse: warehouse, html: html, report: report)
        Self.cached = sample
        return sample
    }

    /// The values of `columns` in a truth file of the samples (plain CSV, no quoting).
    private func truthValues(_ file: String, columns: [String]) throws -> Set<String> {
        let text = try String(contentsOfFile: TestPaths.sample("truth/\(file)"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard let header = lines.first else { return [] }
        let indexes = columns.compactMap { column in header.firstIndex { $0 == column } }
        XCTAssertEqual(indexes.count, columns.count, "\(file) has columns \(columns)")
        var values = Set<String>()
        for line in lines.dropFirst() {
            for index in indexes where index < line.count && !line[index].isEmpty { values.insert(String(line[index])) }
        }
        return values
    }

    func testSampleReportHoldsNoResidentIDOrPhoneNumber() throws {
        let html = try sample().html
        var secrets = try truthValues("households.csv", columns: ["id_number", "phone"])
        secrets.formUnion(try truthValues("members.csv", columns: ["id_number"]))
        // The 15-digit form of each 18-digit ID (no century, no check character) appears in the feeds too.
        for id in secrets where id.count == 18 {
            let characters = Array(id)
            secrets.insert(String(characters[0..<6]) + String(characters[8..<17]))
        }
        XCTAssertGreaterThan(secrets.count, 800)
        let leaked = secrets.filter { html.contains($0) }.sorted()
        XCTAssertEqual(leaked, [], "resident IDs or phone numbers in the report")

        // Nothing in the page is even shaped like an ID or a phone number: no run of 11 or more digits (or X).
        let pattern = try NSRegularExpression(pattern: "[0-9][0-9Xx]{10,}")
        let runs = pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
            String(html[Range($0.range, in: html)!])
        }
        XCTAssertEqual(runs, [], "digit runs shaped like an ID or phone number")

        // The page does show what it promises, masked values included.
        for expected in ["今晚运行", "Tonight&#39;s run", "guiyang-grid", "civil-affairs", "ragged_row", "520402********9501",
                         "特殊困难群体", "水泥厂宿舍", "基础设施缺口", "2 个数据源 2 feeds",
                         "<span class=\"muted\">grid-households.csv</span> <span class=\"muted\">行 line"] {
            XCTAssertTrue(html.contains(expected), "the report shows \(expected)")
        }
        XCTAssertFalse(html.contains("<script"), "the report has no script")
        XCTAssertFalse(html.contains("http://") || html.contains("https://"), "the report links to nothing")
    }

    func testSampleReportRendersInHeadlessChromium() throws {
        guard let chromium = Self.chromium else {
            throw XCTSkip("chromium is not installed (Debian package `chromium`; `make test` installs it)")
        }
        let sample = try sample()
        let screenshot = sample.folder.appendingPathComponent("report.png")
        try Self.screenshot(chromium, page: sample.report, to: screenshot, profile: sample.folder.appendingPathComponent("chromium"))

        let data = try Data(contentsOf: screenshot)
        XCTAssertGreaterThan(data.count, 10_000, "a rendered report is more than 10 KB of PNG")
        let png = try PNGPixels(data)
        XCTAssertEqual(png.width, 1280)
        XCTAssertEqual(png.height, 2000)

        // A blank page of the same size is the control: its PNG is already about 11 KB, so size alone proves little.
        let blank = sample.folder.appendingPathComponent("blank.html")
        try "<!DOCTYPE html><html><body></body></html>".write(to: blank, atomically: true, encoding: .utf8)
        let blankShot = sample.folder.appendingPathComponent("blank.png")
        try Self.screenshot(chromium, page: blank, to: blankShot, profile: sample.folder.appendingPathComponent("chromium"))
        let blankData = try Data(contentsOf: blankShot)

        if let stats = try png.stats(), let blankStats = try PNGPixels(blankData).stats() {
            print("report screenshot: \(data.count) bytes, \(stats.distinctColours) colours, "
                  + "background \(Int(stats.dominantShare * 100))%; blank page: \(blankData.count) bytes, "
                  + "\(blankStats.distinctColours) colour(s)")
            XCTAssertGreaterThan(blankStats.dominantShare, 0.99, "the decoder sees a blank page as blank")
            XCTAssertGreaterThan(stats.distinctColours, 16, "text and several chart colours")
            XCTAssertLessThan(stats.dominantShare, 0.97, "not a blank page")
        } else {
            // No zlib to look at the pixels: a page with text and charts compresses far worse than a blank one.
            XCTAssertGreaterThan(data.count, 4 * blankData.count, "much more than a blank page")
        }
    }

    func testEmptyWarehouseSaysNoRunsYet() throws {
        let folder = try TestPaths.temporaryFolder()
        let path = folder.appendingPathComponent("empty.sqlite").path
        _ = try Warehouse(path: path)  // the schema, no run
        let html = try RunReport.html(warehouseAt: path, runs: 5)
        XCTAssertTrue(html.contains("no runs yet"), html)
        XCTAssertTrue(html.contains("暂无数据 — no data yet"))
        XCTAssertFalse(html.contains("<svg class=\"chart\""), "no chart without data")

        // A SQLite file without any Rongtong table reads the same way.
        let bare = folder.appendingPathComponent("bare.sqlite").path
        _ = FileManager.default.createFile(atPath: bare, contents: Data())
        XCTAssertTrue(try RunReport.html(warehouseAt: bare).contains("no runs yet"))
    }

    func testEverythingFromTheWarehouseIsEscaped() throws {
        let folder = try TestPaths.temporaryFolder()
        let path = folder.appendingPathComponent("hostile.sqlite").path
        let warehouse = try Warehouse(path: path)
        try warehouse.queue.write { db in
            try db.execute(sql: """
                INSERT INTO etl_run (run_id, pipeline, started_at, finished_at, status, stages, rows_read, rows_loaded,
                                     rows_rejected, message)
                VALUES (1, '<script>alert(1)</script>', '2026-11-29T01:00:00Z', '2026-11-29T01:00:07Z', 'partial',
                        'extract,normalize,load', 3, 2, 1, 'held "x" & <y>' || char(10) || 'second <z> failure');
                INSERT INTO etl_batch (batch_id, run_id, source_id, file, sha256, bytes, rows_read, rows_rejected,
                                       status, rows_loaded)
                VALUES ('b-1', 1, '<b>feed</b>', '/x', 'aa', 1, 3, 1, 'held', 2);
                INSERT INTO etl_reject (run_id, batch_id, source_id, record_number, field, rule, severity, value,
                                        message, line)
                VALUES (1, 'b-1', '<b>feed</b>', 1, '<i>f</i>', 'rule''s', 'error', '<img src=x onerror=alert(1)>',
                        '"quoted" & <tag>', 2);
                """)
        }
        let html = try RunReport.html(warehouseAt: path)
        // A message of several lines (one per failed source) keeps its lines apart.
        XCTAssertTrue(html.contains("held &quot;x&quot; &amp; &lt;y&gt;<br>second &lt;z&gt; failure"), html)
        for raw in ["<script>alert", "<b>feed</b>", "<img src=x", "<i>f</i>", "<tag>", "<y>", "<z>"] {
            XCTAssertFalse(html.contains(raw), "\(raw) is escaped")
        }
        for escaped in ["&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;feed&lt;/b&gt;",
                        "&lt;img src=x onerror=alert(1)&gt;", "rule&#39;s", "&quot;quoted&quot; &amp; &lt;tag&gt;",
                        "部分完成 partial", "7 s"] {
            XCTAssertTrue(html.contains(escaped), "\(escaped) is shown")
        }
    }

    func testChartsScaleAndFitTheirLabels() {
        XCTAssertEqual(NiceScale(maxValue: 331).ticks, [0, 100, 200, 300, 400])
        XCTAssertEqual(NiceScale(maxValue: 9).ticks, [0, 2, 4, 6, 8, 10])
        XCTAssertEqual(NiceScale(maxValue: 0).ticks, [0, 1])
        XCTAssertEqual(Format.count(1_234_567), "1,234,567")
        XCTAssertEqual(Format.duration(125), "2 min 5 s")
        XCTAssertEqual(SVGText.fit("都拉营安置小区", maxWidth: 60), "都拉营安…")
        let svg = BarChart(caption: "c", series: [ChartSeries(name: "a", color: "#000")],
                           rows: [.init(label: "x", values: [0]), .init(label: "y", values: [5])]).svg()
        XCTAssertTrue(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
        XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 1, "no bar for a zero")
    }

    // MARK: The command (skipped until `ReportCommand` is registered in Rongtong.swift)

    private func requireReportCommand() throws {
        let help = try Rongtong.run(["--help"])
        try XCTSkipUnless(help.stdout.contains("\n  report "),
                          "`rongtong report` is not registered in Sources/CLI/Rongtong.swift yet")
    }

    func testMissingWarehouseExitsTwoWithOneLine() throws {
        try requireReportCommand()
        let folder = try TestPaths.temporaryFolder()
        let result = try Rongtong.run(["report", folder.appendingPathComponent("nothing.sqlite").path,
                                       "--html", folder.appendingPathComponent("r.html").path])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("nothing.sqlite"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("r.html").path))
    }

    func testCommandWritesTheReportAndPrintsItsPath() throws {
        try requireReportCommand()
        let sample = try sample()
        let output = sample.folder.appendingPathComponent("cli-report.html")
        let result = try Rongtong.run(["report", sample.warehouse.path, "--html", output.path, "--runs", "3"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, output.path + "\n")
        let html = try String(contentsOf: output, encoding: .utf8)
        XCTAssertTrue(html.contains("Tonight&#39;s run") && html.contains("</html>"))
        XCTAssertEqual(try Rongtong.run(["report", sample.warehouse.path, "--html", output.path, "--runs", "0"]).status, 2)
    }

    // MARK: Headless Chromium

    static var chromium: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") + ["/usr/bin"] {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// `chromium --headless --screenshot`, with its own profile folder and a two-minute limit.
    static func screenshot(_ chromium: String, page: URL, to png: URL, profile: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--user-data-dir=\(profile.path)", "--screenshot=\(png.path)", "--window-size=1280,2000",
                             page.absoluteString]
        let log = png.deletingPathExtension().appendingPathExtension("log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            XCTFail("chromium took more than two minutes")
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        XCTAssertTrue(FileManager.default.fileExists(atPath: png.path), "no screenshot; chromium said:\n\(output)")
    }
}
