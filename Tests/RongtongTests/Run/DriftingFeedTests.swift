import Foundation
import GRDB
import XCTest

/// Feeds that drift between nights, seen as the CI job (`validate`) and the nightly cron (`run --quiet
/// --metrics-file`) see them: a census cut off mid-row, an ID that moved (a renamed key, an element become an
/// attribute), a renamed column, a JSON envelope that changed. Real files through the real binary into a real
/// warehouse.
final class DriftingFeedTests: XCTestCase {
    static let context = "context: {prefecture: 六盘水市, county: 钟山区}"

    /// A valid resident ID (钟山区 520201) for household `n`.
    static func id(_ n: Int) -> String { NightsTests.id("5202011980" + String(format: "%02d%02d", n % 12 + 1, n % 28 + 1) + String(format: "%03d", n)) }

    /// A grid census of `count` households keyed 户编号, `header` naming the head's column.
    static func census(_ count: Int, header: String = "户主姓名") -> String {
        (["户编号,\(header),身份证号,联系电话,家庭住址"] + (1...count).map { n in
            "LPS-\(n),测户主\(n),\(id(n)),1398765\(String(format: "%04d", n)),钟山区荷城街道凤凰山小区\(n % 9 + 1)栋1单元\(100 + n)室"
        }).joined(separator: "\n") + "\n"
    }

    static func censusSource(_ file: URL, extra: [String] = []) -> String {
        PipelineRunTests.source("census", file, format: "csv", owner: "六盘水市", extra: [
            "record_key: 户编号", context, "fields: {head_name: 户主姓名, head_id: 身份证号, phone: 联系电话, address: 家庭住址}",
        ] + extra)
    }

    /// Night 3's census ended `LPS-HJ-0115,LPS-ZS-03,测网格员丙,测` without a line break: 40% of the rows were lost, and
    /// validate and run both said ok with one plain ragged_row. The cut row now says the file looks truncated, and a
    /// delivery far smaller than the previous one of its path (under min_delivery_ratio, 0.75 by default) is warned
    /// about by validate, by run (also under --quiet), in etl_reject (a delivery_shrank warning of the batch) and in
    /// the metrics, while the night still succeeds; min_delivery_ratio sets the threshold.
    func testACensusCutOffMidRowSaysSoAndAFarSmallerDeliveryIsWarnedAbout() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("census.csv")
        try Self.census(20).write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.censusSource(feed))
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 20)

        // Night 2: the export stopped inside row 13.
        let full = Self.census(20).split(separator: "\n").map(String.init)
        let cut = (full[0...12] + ["LPS-13,测户主13,52020"]).joined(separator: "\n")
        try cut.write(to: feed, atomically: true, encoding: .utf8)

        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
        XCTAssertTrue(validate.stdout.contains("census: ok — 13 read, 1 rejected"), validate.stdout)
        XCTAssertTrue(validate.stdout.contains(
            "    warning: \(feed.path): holds 13 records, the previous delivery of this file held 20 (under min_delivery_ratio 0.75)"),
            validate.stdout)
        XCTAssertTrue(validate.stdout.contains(
            "record 13: row has 3 fields, the header has 5; it is the last row of the file and no line break ends it: the file looks truncated"),
            validate.stdout)
        let json = try Rongtong.run(["validate", fixture.file.path, "--format", "json"])
        XCTAssertTrue(json.stdout.contains("\"delivery_warnings\""), json.stdout)
        XCTAssertTrue(json.stdout.contains("holds 13 records, the previous delivery of this file held 20"), json.stdout)

        let metrics = folder.appendingPathComponent("rongtong.prom")
        let run = try fixture.run(["--quiet", "--metrics-file", metrics.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("warning: census: \(feed.path): holds 13 records, the previous delivery of this file held 20"),
                      run.stderr)
        let warning = try XCTUnwrap(try fixture.rows("""
            SELECT r.record_number, r.severity, r.value, r.message FROM etl_reject r JOIN etl_batch b ON b.batch_id = r.batch_id
            WHERE r.rule = 'delivery_shrank' AND b.run_id = 2
            """).first)
        XCTAssertNil(warning["record_number"] as Int?)
        XCTAssertEqual(warning["severity"] as String?, "warning")
        XCTAssertEqual(warning["value"] as String?, "13 of 20")
        let ragged: String? = try fixture.query("SELECT message FROM etl_reject WHERE rule = 'ragged_row'")
        XCTAssertTrue(ragged?.contains("the file looks truncated") ?? false, ragged ?? "no ragged_row")
        let prom = try String(contentsOf: metrics, encoding: .utf8)
        XCTAssertTrue(prom.contains("rongtong_warnings{pipeline=\"test\",source=\"census\",rule=\"delivery_shrank\"} 1"), prom)
        // Where `status` and the report show the night: etl_run.message names the shrunken delivery.
        let runMessage: String? = try fixture.query("SELECT message FROM etl_run WHERE run_id = 2")
        XCTAssertTrue(runMessage?.contains("census: \(feed.path): holds 13 records, the previous delivery of this file held 20") ?? false,
                      runMessage ?? "no etl_run.message")
        XCTAssertTrue(prom.contains("rongtong_last_run_exit_code{pipeline=\"test\"} 0"), prom)

        // A threshold the source sets: 13 of 20 is not under half.
        try fixture.rewrite(sources: Self.censusSource(feed, extra: ["min_delivery_ratio: 0.5"]))
        let lenient = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(lenient.status, 0, lenient.stdout)
        XCTAssertFalse(lenient.stdout.contains("previous delivery"), lenient.stdout)

        // A short row inside the file, ended by its line break, is only ragged.
        try (full[0...5] + ["LPS-6,测户主6"] + full[7...20]).joined(separator: "\n").appending("\n")
            .write(to: feed, atomically: true, encoding: .utf8)
        let inside = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertTrue(inside.stdout.contains("row has 2 fields, the header has 5"), inside.stdout)
        XCTAssertFalse(inside.stdout.contains("truncated"), inside.stdout)
        XCTAssertFalse(inside.stdout.contains("previous delivery"), inside.stdout)
    }

    /// Night 3: 公安 moved the head's ID from an element to an attribute, 民政 renamed the key. validate warned and
    /// exited 0, run exited 0, --quiet printed nothing and nothing of it reached the warehouse; 189 records loaded
    /// without an ID. The warning is now a mapped_field_absent warning of the batch in etl_reject and the metrics,
    /// printed under --quiet, naming the unread field it most likely moved to; the exit codes stay 0.
    func testAnIDThatMovedIsRecordedWithTheBatchAndShownUnderQuiet() throws {
        let folder = try TestPaths.temporaryFolder()
        let police = folder.appendingPathComponent("police.xml"), civil = folder.appendingPathComponent("dibao.ndjson")
        func writeNight(attribute: Bool, renamedKey: Bool) throws {
            let households = (1...3).map { n -> String in
                let head = attribute
                    ? "<户主 身份证号=\"\(Self.id(n))\"><姓名>测公安\(n)</姓名></户主>"
                    : "<户主><姓名>测公安\(n)</姓名><身份证号>\(Self.id(n))</身份证号></户主>"
                return "<户 户号=\"GA\(n)\">\(head)<住址>钟山区荷城街道凤凰山小区\(n)栋1单元10\(n)室</住址></户>"
            }
            try "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<户籍信息>\(households.joined())</户籍信息>\n"
                .write(to: police, atomically: true, encoding: .utf8)
            let key = renamedKey ? "公民身份号码" : "身份证号"
            try (1...2).map { n in
                "{\"case_no\":\"MZ-\(n)\",\"户主\":{\"姓名\":\"测民政\(n)\",\"\(key)\":\"\(Self.id(50 + n))\"},\"address\":\"钟山区荷城街道凤凰山小区\(n)栋2单元20\(n)室\",\"低保\":\"是\"}"
            }.joined(separator: "\n").appending("\n").write(to: civil, atomically: true, encoding: .utf8)
        }
        try writeNight(attribute: false, renamedKey: false)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("police", police, format: "xml", owner: "六盘水市公安局", kind: "department", extra: [
                "options: {record_path: /户籍信息/户}", "record_key: \"@户号\"", Self.context,
                "fields: {head_name: 户主/姓名, head_id: 户主/身份证号, address: 住址}"]),
            PipelineRunTests.source("dibao", civil, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
                "record_key: case_no", Self.context,
                "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: address, is_low_income: 低保}"]),
        ].joined(separator: "\n"))
        let first = try fixture.run(["--quiet"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stderr, "", "a clean night prints nothing under --quiet")

        try writeNight(attribute: true, renamedKey: true)
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 0, validate.stdout)
        XCTAssertTrue(validate.stdout.contains(
            "warning: sources.police.fields.head_id: 户主/身份证号 never occurs in \(police.path); the file has 户主/@身份证号, which no field reads"),
            validate.stdout)
        XCTAssertTrue(validate.stdout.contains("mapped_field_absent/warning: 1"), validate.stdout)

        let metrics = folder.appendingPathComponent("rongtong.prom")
        let run = try fixture.run(["--quiet", "--metrics-file", metrics.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains(
            "warning: police: sources.police.fields.head_id: 户主/身份证号 never occurs in \(police.path); the file has 户主/@身份证号"),
            run.stderr)
        XCTAssertTrue(run.stderr.contains(
            "warning: dibao: sources.dibao.fields.head_id: 户主.身份证号 never occurs in \(civil.path); the file has 户主.公民身份号码"),
            run.stderr)
        let rows = try fixture.rows("""
            SELECT r.source_id, r.field, r.value, r.record_number, r.message FROM etl_reject r
            WHERE r.rule = 'mapped_field_absent' AND r.severity = 'warning' ORDER BY r.source_id
            """)
        guard rows.count == 2 else { return XCTFail("mapped_field_absent rows: \(rows)") }
        XCTAssertEqual(rows.map { $0["source_id"] as String }, ["dibao", "police"])
        XCTAssertEqual(rows.map { $0["field"] as String }, ["head_id", "head_id"])
        XCTAssertEqual(rows.map { $0["value"] as String }, ["户主.身份证号", "户主/身份证号"])
        XCTAssertNil(rows[0]["record_number"] as Int?)
        XCTAssertTrue((rows[1]["message"] as String).contains("its records were read without head_id"), rows[1]["message"] as String)
        let prom = try String(contentsOf: metrics, encoding: .utf8)
        XCTAssertTrue(prom.contains("rongtong_warnings{pipeline=\"test\",source=\"police\",rule=\"mapped_field_absent\"} 1"), prom)
        XCTAssertTrue(prom.contains("rongtong_warnings{pipeline=\"test\",source=\"dibao\",rule=\"mapped_field_absent\"} 1"), prom)
        let runMessage: String? = try fixture.query("SELECT message FROM etl_run ORDER BY run_id DESC LIMIT 1")
        XCTAssertTrue(runMessage?.contains("police: \(police.path): 户主/身份证号 never occurs (head_id)") ?? false,
                      runMessage ?? "no etl_run.message")
        XCTAssertTrue(runMessage?.contains("dibao: \(civil.path): 户主.身份证号 never occurs (head_id)") ?? false,
                      runMessage ?? "no etl_run.message")
    }

    /// Night 2's census renamed 户主姓名 to 户主. The night fails on the mapped column (as documented), and the error
    /// now says the fix: 户主, a usual header of head_name, is in the file.
    func testAMissingMappedColumnNamesTheUsualHeaderTheFileHolds() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("census.csv")
        try Self.census(3, header: "户主").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.censusSource(feed))
        let run = try fixture.run()
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("sources.census.fields.head_name: column \"户主姓名\" is not in the file; its columns are: 户编号, 户主, 身份证号, 联系电话, 家庭住址. 户主 is in the file: map head_name: 户主, or remove the mapping to let auto-mapping choose"),
                      run.stderr)
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 2, validate.stdout)
        XCTAssertTrue(validate.stdout.contains("户主 is in the file: map head_name: 户主"), validate.stdout)
    }

    /// 西秀 民政 moved its records from `data.list` to `result.records`. The error named only the path it lacked; it
    /// now names the arrays of objects the document holds. And record_path takes a list: a glob of dated files in
    /// both envelopes loads, each file by the first path it holds.
    func testARecordPathTheDocumentLacksNamesItsArraysAndAListReadsBothEnvelopes() throws {
        let folder = try TestPaths.temporaryFolder()
        func record(_ n: Int) -> String {
            "{\"案件编号\":\"XX-\(n)\",\"户主\":{\"姓名\":\"测西秀\(n)\",\"身份证号\":\"\(Self.id(100 + n))\"},\"地址\":\"钟山区荷城街道凤凰山小区\(n)栋1单元10\(n)室\",\"members\":[{\"姓名\":\"测子\(n)\"}]}"
        }
        try "{\"code\":0,\"data\":{\"total\":2,\"list\":[\(record(1)),\(record(2))]}}"
            .write(to: folder.appendingPathComponent("mz-xixiu-20261128.json"), atomically: true, encoding: .utf8)
        let newer = folder.appendingPathComponent("mz-xixiu-20261129.json")
        try "{\"success\":true,\"result\":{\"total\":3,\"records\":[\(record(3)),\(record(4)),\(record(5))],\"tags\":[\"a\"]}}"
            .write(to: newer, atomically: true, encoding: .utf8)
        func source(_ recordPath: String) -> String {
            PipelineRunTests.source("xixiu", folder.appendingPathComponent("mz-xixiu-*.json"), format: "json",
                                    owner: "省民政厅", kind: "department", extra: [
                "options: {record_path: \(recordPath)}", "record_key: 案件编号", Self.context,
                "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: 地址}"])
        }
        let fixture = try PipelineFixture(sources: source("\"data.list[*]\""))
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 1, validate.stdout)
        XCTAssertTrue(validate.stdout.contains(
            "\(newer.path): record_path data.list[*]: data.list is not in the document; the document says success true; the document holds arrays of objects at result.records[*] (3 objects)"),
            validate.stdout)

        try fixture.rewrite(sources: source("[\"data.list[*]\", \"result.records[*]\"]"))
        let run = try fixture.run()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 5)
        XCTAssertEqual(try fixture.query("SELECT SUM(rows_loaded) FROM etl_batch WHERE source_id = 'xixiu'") as Int?, 5)

        // A document holding none of the listed paths says so, naming each.
        try "{\"rows\":[\(record(6))]}".write(to: folder.appendingPathComponent("mz-xixiu-20261130.json"),
                                              atomically: true, encoding: .utf8)
        let neither = try Rongtong.run(["validate", fixture.file.path, "--new-only"])
        XCTAssertEqual(neither.status, 1, neither.stdout)
        XCTAssertTrue(neither.stdout.contains(
            "record_path data.list[*], result.records[*]: none of data.list, result.records is in the document; the document holds arrays of objects at rows[*] (1 object)"),
            neither.stdout)

        // A list where the option takes one value is refused with the option's place (XML's record_path takes a
        // list: every element matching one of its paths is a record).
        let xml = folder.appendingPathComponent("p.xml")
        try "<a><b/></a>".write(to: xml, atomically: true, encoding: .utf8)
        try fixture.rewrite(sources: PipelineRunTests.source("x", xml, format: "xml", extra: [
            "options: {record_path: [/a/b, /a/c], namespaces: [a=urn:a, c=urn:c]}", Self.context]))
        let refused = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(refused.status, 2, refused.stdout)
        XCTAssertTrue(refused.stdout.contains("namespaces: takes one value, not a list"), refused.stdout)
    }

    /// Trial 16-b: a facility survey's new template renamed the columns auto-mapping had read (经度 → X坐标, 纬度 →
    /// Y坐标, 运行状态 → 使用状况). validate, validate --strict and run all exited 0; the only sign was a "columns
    /// feeding no field" line, and the night's facilities lost their coordinates and status. A field the previous
    /// delivery fed by its header that no column feeds now is a mapping warning (auto_mapped_field_absent) naming
    /// the new column at its place and the `fields:` entry to write: --strict fails it, run records it with the batch.
    func testAColumnAutoMappingReadThatANewTemplateRenamedIsAMappingWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("sheshi.csv")
        func writeSurvey(_ header: String) throws {
            try ([header] + (1...4).map { n in
                "\(n),ZJ-\(n),充电桩,幸福里小区充电桩0\(n)号,106.69\(n),26.60\(n),在用"
            }).joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        }
        try writeSurvey("序号,调查编号,设施类型,设施名称,经度,纬度,运行状态")
        let source = PipelineRunTests.source("survey", feed, format: "csv", entity: "facility", extra: [
            "record_key: 调查编号", "context: {prefecture: 贵阳市}", "fields: {facility_type: 设施类型, name: 设施名称}"])
        let fixture = try PipelineFixture(sources: source)
        let first = try fixture.run(["--quiet"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(lat) FROM dwd_facility") as Int?, 4)

        try writeSurvey("序号,调查编号,设施类型,设施名称,X坐标,Y坐标,使用状况")
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
        XCTAssertTrue(validate.stdout.contains(
            "warning: sources.survey.fields.lat: \(feed.path): 纬度 fed lat by its header in the source's previous delivery (extracted by run 1), and no column of this file feeds it: its records are read without lat; the file has new columns Y坐标, X坐标, 使用状况, which no field reads: if Y坐标 replaced 纬度, map it under fields: (lat: Y坐标)"),
            validate.stdout)
        XCTAssertTrue(validate.stdout.contains("if 使用状况 replaced 运行状态, map it under fields: (status: 使用状况)"), validate.stdout)
        XCTAssertTrue(validate.stdout.contains("auto_mapped_field_absent/warning: 3"), validate.stdout)
        let strict = try Rongtong.run(["validate", fixture.file.path, "--strict"])
        XCTAssertEqual(strict.status, 2, strict.stdout + strict.stderr)
        XCTAssertTrue(strict.stdout.contains("survey: failed"), strict.stdout)

        let run = try fixture.run(["--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("sources.survey.fields.lon: \(feed.path): 经度 fed lon by its header"), run.stderr)
        let rows = try fixture.rows("""
            SELECT r.field, r.value FROM etl_reject r JOIN etl_batch b ON b.batch_id = r.batch_id
            WHERE r.rule = 'auto_mapped_field_absent' AND r.severity = 'warning' AND r.record_number IS NULL AND b.run_id = 2
            ORDER BY r.field
            """).map { "\($0["field"] as String):\($0["value"] as String)" }
        XCTAssertEqual(rows, ["lat:纬度", "lon:经度", "status:运行状态"])

        // Mapped as the warning says, the file validates under --strict, and the next night compares with it.
        try fixture.rewrite(sources: source.replacingOccurrences(of: "name: 设施名称}",
                                                                 with: "name: 设施名称, lon: X坐标, lat: Y坐标, status: 使用状况}"))
        let mapped = try Rongtong.run(["validate", fixture.file.path, "--strict"])
        XCTAssertEqual(mapped.status, 0, mapped.stdout + mapped.stderr)
        XCTAssertFalse(mapped.stdout.contains("auto_mapped_field_absent"), mapped.stdout)
    }

    /// The same survey's first delivery, already in the new template: no earlier delivery to compare with, but its
    /// X坐标 and Y坐标 hold nothing but coordinates, which no field reads. A facility file feeding no coordinate while
    /// such columns hold values is a mapping warning (coordinates_unread) naming the entries to write: --strict fails it.
    func testAFacilityFileWhoseUnreadColumnsHoldCoordinatesIsAMappingWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("sheshi.csv")
        try (["序号,调查编号,设施类型,设施名称,X坐标,Y坐标,规模,建成年份"] + (1...4).map { n in
            "\(n),ZJ-\(n),充电桩,幸福里小区充电桩0\(n)号,106.69616\(n),26.60252\(n),12\(n),2011"
        }).joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let source = PipelineRunTests.source("survey", feed, format: "csv", entity: "facility", extra: [
            "record_key: 调查编号", "context: {prefecture: 贵阳市}", "fields: {facility_type: 设施类型, name: 设施名称}"])
        let fixture = try PipelineFixture(sources: source)
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
        XCTAssertTrue(validate.stdout.contains(
            "warning: sources.survey.fields: \(feed.path): no column feeds lat or lon, but X坐标 (longitudes, such as 106.696161) and Y坐标 (latitudes, such as 26.602521) hold coordinates no field reads: its records are read without coordinates; map them under fields: (lon: X坐标, lat: Y坐标)"),
            validate.stdout)
        XCTAssertEqual(try Rongtong.run(["validate", fixture.file.path, "--strict"]).status, 2)
        let run = try fixture.run(["--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try fixture.query("SELECT value FROM etl_reject WHERE rule = 'coordinates_unread'") as String?, "X坐标, Y坐标")

        try fixture.rewrite(sources: source.replacingOccurrences(of: "name: 设施名称}", with: "name: 设施名称, lon: X坐标, lat: Y坐标}"))
        let mapped = try Rongtong.run(["validate", fixture.file.path, "--strict"])
        XCTAssertEqual(mapped.status, 0, mapped.stdout + mapped.stderr)
    }

    /// Trial facilities F3: a 住建 survey's 经纬度 column holds both values in one cell (`106.600123,26.630456`, as a
    /// map picker exports a point), which no field reads (经纬度 is no usual header of lat or lon). It is named as
    /// X坐标/Y坐标 are, with the entries to write (`lat: 经纬度, lon: 经纬度`): `coordinates_unread`, and --strict
    /// fails it; mapped so, the records load with their points.
    func testAnUnreadColumnHoldingBothCoordinatesInOneCellIsAMappingWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("survey.csv")
        try (["编号,设施名称,设施类型,经纬度,所属小区"] + (1...5).map { n in
            "ZJ-\(n),测松柏小区\(n)号路灯,路灯,\"106.60012\(n),26.63045\(n)\",测松柏小区"
        }).joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let source = PipelineRunTests.source("zj", feed, format: "csv", entity: "facility", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市, county: 白云区}",
            "fields: {facility_type: 设施类型, name: 设施名称, compound: 所属小区}"])
        let fixture = try PipelineFixture(sources: source)
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
        XCTAssertTrue(validate.stdout.contains(
            "warning: sources.zj.fields: \(feed.path): no column feeds lat or lon, but 经纬度 (latitude and longitude in one cell, such as 106.600121,26.630451) holds coordinates no field reads: its records are read without coordinates; map it under fields: (lat: 经纬度, lon: 经纬度)"),
            validate.stdout)
        XCTAssertEqual(try Rongtong.run(["validate", fixture.file.path, "--strict"]).status, 2)
        let run = try fixture.run(["--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let reject = try fixture.rows("SELECT field, value FROM etl_reject WHERE rule = 'coordinates_unread'")
        XCTAssertEqual(reject.map { "\($0["field"] as String):\($0["value"] as String)" }, ["lat, lon:经纬度"])

        try fixture.rewrite(sources: source.replacingOccurrences(of: "compound: 所属小区}", with: "compound: 所属小区, lat: 经纬度, lon: 经纬度}"))
        let mapped = try Rongtong.run(["validate", fixture.file.path, "--strict"])
        XCTAssertEqual(mapped.status, 0, mapped.stdout + mapped.stderr)
        XCTAssertEqual(try fixture.run(["--quiet", "--force"]).status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(lat) FROM dwd_facility") as Int?, 5)
    }
}
