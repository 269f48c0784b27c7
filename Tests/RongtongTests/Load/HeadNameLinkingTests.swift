import Foundation
import GRDB
import XCTest

/// Head names written several ways by feeds that mean one person (trial 11-d): a mark of the head after the name
/// (`顾义户`, `杨生文(户主)`), traditional characters (`張國華`), a character the sender's encoding lost (`杨?祥`).
/// Each links the two spellings into one household, which keeps the clean simplified name.
final class HeadNameLinkingTests: XCTestCase {
    typealias Nights = NightsTests

    private func households(_ fixture: PipelineFixture) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try fixture.rows("SELECT source_id, record_key, household_id FROM household_source") {
            result["\(row["source_id"] as String)#\(row["record_key"] as String)"] = row["household_id"]
        }
        return result
    }

    private func headName(_ fixture: PipelineFixture, of record: String) throws -> String? {
        let parts = record.split(separator: "#").map(String.init)
        return try fixture.query("""
            SELECT h.head_name FROM household_source s JOIN dwd_household h USING (household_id)
            WHERE s.source_id = '\(parts[0])' AND s.record_key = '\(parts[1])'
            """)
    }

    /// The registry (XML, with IDs) and a grid app (JSON, without): `顾义户` on the registry's phone with a village
    /// address and no door, `顾成生户主` at the same flat, `杨生文（户主）` and `杨生文(户主)` on the same phone, `户主：王德明`
    /// with a label. Before, each became a household of its own (顾义户 and 顾义 on one phone: a two-character name
    /// one character apart is not the same name), and a record that did link left its mark in the stored name
    /// (吴光明户). A name that ends in 户 with only one character before it (张户) is a name, and stays as written.
    func testAMarkOfTheHeadAfterTheNameIsNoPartOfIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("registry.xml"), app = folder.appendingPathComponent("app.json")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍>
              <户 户号="HJ1"><姓名>顾义</姓名><身份证号>\(Nights.id("52010219611005014"))</身份证号><电话>19293783799</电话><住址>南明区云关乡红岩村3组36号</住址></户>
              <户 户号="HJ2"><姓名>顾成生</姓名><身份证号>\(Nights.id("52010219820824939"))</身份证号><电话>19233567704</电话><住址>南明区油榨街道青云小区7栋1单元601室</住址></户>
              <户 户号="HJ3"><姓名>杨生文</姓名><身份证号>\(Nights.id("52010219610822610"))</身份证号><电话>13356861623</电话><住址>南明区云关乡红岩村4组38号</住址></户>
              <户 户号="HJ4"><姓名>吴光明</姓名><身份证号>\(Nights.id("52010219700101213"))</身份证号><电话>13712349002</电话><住址>南明区云关乡红岩村3组37号</住址></户>
              <户 户号="HJ5"><姓名>王德明</姓名><身份证号>\(Nights.id("52010219550101213"))</身份证号><住址>南明区油榨街道青云小区7栋1单元602室</住址></户>
              <户 户号="HJ6"><姓名>张户</姓名><身份证号>\(Nights.id("52010219580101213"))</身份证号><住址>南明区油榨街道青云小区7栋1单元603室</住址></户>
            </户籍>
            """.write(to: registry, atomically: true, encoding: .utf8)
        try """
            [{"id": "A1", "hzxm": "顾义户", "lxdh": "19293783799", "xxdz": "南明区云关乡红岩村"},
             {"id": "A2", "hzxm": "顾成生户主", "lxdh": "13900000001", "xxdz": "南明区油榨街道青云小区7栋1单元601室"},
             {"id": "A3", "hzxm": "杨生文（户主）", "lxdh": "13356861623", "xxdz": "南明区云关乡红岩村"},
             {"id": "A4", "hzxm": "杨生文(户主)", "lxdh": "13356861623", "xxdz": "南明区云关乡红岩村4组"},
             {"id": "A5", "hzxm": "吴光明户", "lxdh": "13712349002", "xxdz": "南明区云关乡红岩村"},
             {"id": "A6", "hzxm": "户主：王德明", "lxdh": "", "xxdz": "南明区油榨街道青云小区7栋1单元602室"},
             {"id": "A7", "hzxm": "张户", "lxdh": "", "xxdz": "南明区油榨街道青云小区7栋1单元603室"}]
            """.write(to: app, atomically: true, encoding: .utf8)
        // The app first: its spellings are what the registry's records find when they load.
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("app", app, format: "json", extra: [
            "record_key: id", "context: {prefecture: 贵阳市}", "fields: {head_name: hzxm, phone: lxdh, address: xxdz}"])
            + "\n" + PipelineRunTests.source("registry", registry, format: "xml", owner: "贵州省公安厅", kind: "department", extra: [
            "options: {record_path: /户籍/户}", "record_key: \"@户号\"", "context: {prefecture: 贵阳市}",
            "fields: {head_name: 姓名, head_id: 身份证号, phone: 电话, address: 住址}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let linked = try households(fixture)
        for (app, registry) in [("A1", "HJ1"), ("A2", "HJ2"), ("A3", "HJ3"), ("A4", "HJ3"), ("A5", "HJ4"), ("A6", "HJ5"), ("A7", "HJ6")] {
            XCTAssertEqual(linked["app#\(app)"], linked["registry#\(registry)"], "\(app) is \(registry)'s household")
        }
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 6)
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       ["吴光明", "张户", "杨生文", "王德明", "顾义", "顾成生"].sorted())
        XCTAssertEqual(try headName(fixture, of: "app#A5"), "吴光明")
    }

    /// A grid app typing traditional characters (`張國華`, `張伟`, `陳秀蘭`) at the flats the census (GB18030 CSV, with
    /// IDs) gives 张国华, 张伟 and 陈秀兰: one household each, stored in the simplified spelling whichever loads first
    /// and whatever the ranks (`survivorship: head_name: [app]`). Before, each became a new household (a
    /// two-character name one character apart never links, and 張國華 is two apart).
    func testTraditionalCharactersSpellTheSameName() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), app = folder.appendingPathComponent("app.json")
        let rows = ["编号,户主姓名,身份证号,联系电话,家庭住址",
                    "C1,张国华,\(Nights.id("52010219470325283")),13017214288,南明区油榨街道青云小区1栋3单元204室",
                    "C2,张伟,\(Nights.id("52010219500810147")),13693492394,南明区油榨街道青云小区5栋3单元601室",
                    "C3,陈秀兰,\(Nights.id("52010219481128526")),13820954410,南明区油榨街道青云小区7栋1单元202室"]
        try Data(UTF8EvidenceTests.gb18030(rows.joined(separator: "\r\n").appending("\r\n"))).write(to: census)
        try """
            [{"id": "A1", "hzxm": "張國華", "lxdh": "18961495931", "xqmc": "青云小区", "ld": "1栋", "dy": "3单元", "fh": "204"},
             {"id": "A2", "hzxm": "張伟", "lxdh": "18961495931", "xqmc": "青云小区", "ld": "5栋", "dy": "3单元", "fh": "601"},
             {"id": "A3", "hzxm": "陳秀蘭", "lxdh": "13895914427", "xqmc": "青云小区", "ld": "7栋", "dy": "1单元", "fh": "202"}]
            """.write(to: app, atomically: true, encoding: .utf8)
        let appSource = PipelineRunTests.source("app", app, format: "json", extra: [
            "record_key: id", "context: {prefecture: 贵阳市, county: 南明区}",
            "fields: {head_name: hzxm, phone: lxdh, compound: xqmc, building: ld, unit: dy, room: fh}"])
        let censusSource = PipelineRunTests.source("census", census, format: "csv", extra: [
            "record_key: 编号", "encoding: gb18030", "context: {prefecture: 贵阳市}"])
        // The app alone first (its traditional spellings are stored), then the census the next night.
        let fixture = try PipelineFixture(sources: appSource + "\nsurvivorship:\n  head_name: [app]")
        XCTAssertEqual(try fixture.run().status, 0)
        try fixture.rewrite(sources: appSource + "\n" + censusSource + "\nsurvivorship:\n  head_name: [app]")
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let linked = try households(fixture)
        for n in 1...3 { XCTAssertEqual(linked["app#A\(n)"], linked["census#C\(n)"], "A\(n) is C\(n)'s household") }
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       ["张伟", "张国华", "陈秀兰"].sorted())
        // The other way round: the census first, then the app ranked above it; the simplified names stay.
        let second = try PipelineFixture(sources: censusSource + "\n" + appSource + "\nsurvivorship:\n  head_name: [app]")
        XCTAssertEqual(try second.run().status, 0)
        XCTAssertEqual(try second.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3)
        XCTAssertEqual(try second.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       ["张伟", "张国华", "陈秀兰"].sorted())
        XCTAssertEqual(try second.query("SELECT COUNT(*) FROM dwd_household_conflict WHERE column_name = 'head_name'") as Int?, 0)

        // Two households the evidence later shows to be one (the grid learns the ID) merge into the simplified name,
        // though the grid that wrote 張國強 ranks first.
        let grid = folder.appendingPathComponent("grid.csv"), police = folder.appendingPathComponent("police.csv")
        let id = Nights.id("52010219700101321")
        func gridRow(_ id: String) throws {
            try "\(Nights.header)\nG1,張國強,\(id),,南明区油榨街道青云小区3栋1单元101室\n".write(to: grid, atomically: true, encoding: .utf8)
        }
        try gridRow("")
        try "\(Nights.header)\nP1,张国强,\(id),,南明区沙冲路街道沙冲小区1栋1单元101室\n".write(to: police, atomically: true, encoding: .utf8)
        let third = try PipelineFixture(sources: PipelineRunTests.source("grid", grid, format: "csv", extra: ["record_key: 编号"])
            + "\n" + PipelineRunTests.source("police", police, format: "csv", extra: ["record_key: 编号"])
            + "\nsurvivorship:\n  head_name: [grid]")
        XCTAssertEqual(try third.run().status, 0)
        XCTAssertEqual(try third.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
        try gridRow(id)
        XCTAssertEqual(try third.run().status, 0)
        XCTAssertEqual(try third.rows("SELECT head_name FROM dwd_household").map { $0[0] as String }, ["张国强"])
    }

    /// A head who moved, written in traditional characters by the feed that reports the new flat (`陳秀蘭` with the
    /// phone the census gave 陈秀兰 at her old flat, no ID in either): the same name at another dwelling with the same
    /// phone, so the same household (`phone+name`), as 陈秀兰 written so would be. Before, only the exact spelling
    /// counted at another dwelling, and the record became a household of its own.
    func testATraditionalSpelledMoverLinksByPhone() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), app = folder.appendingPathComponent("app.json")
        try "编号,户主姓名,联系电话,家庭住址\nC1,陈秀兰,13820954410,南明区油榨街道青云小区7栋1单元202室\n"
            .write(to: census, atomically: true, encoding: .utf8)
        try #"[{"id": "A1", "hzxm": "陳秀蘭", "lxdh": "138 2095 4410", "xqmc": "沙冲小区", "ld": "2栋", "dy": "1单元", "fh": "301"}]"#
            .write(to: app, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("census", census, format: "csv", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市}"]) + "\n" + PipelineRunTests.source("app", app, format: "json", extra: [
            "record_key: id", "context: {prefecture: 贵阳市, county: 南明区}",
            "fields: {head_name: hzxm, phone: lxdh, compound: xqmc, building: ld, unit: dy, room: fh}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let linked = try households(fixture)
        XCTAssertEqual(linked["app#A1"], linked["census#C1"], "the mover is one household")
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'A1'") as String?, "phone+name")
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "陈秀兰")
    }

    /// A census row without an ID at a road's door (`南明区油榨街道青云路12号`, where only the same name links) and
    /// the registry's record of that door writing the head in traditional characters (`测孫國` for 测孙国, trial 16-d):
    /// one household (`address+name`). A neighbour one character away at the same door (测孙军) stays apart. Before,
    /// only the same characters counted as the same name there, and the two records were two households.
    func testATraditionalSpellingAtARoadsDoorIsTheSameName() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), registry = folder.appendingPathComponent("gab.ndjson")
        try "编号,户主姓名,身份证号,家庭住址\nC1,测孙国,,南明区油榨街道青云路12号\nC2,测孙军,,南明区油榨街道青云路12号\n"
            .write(to: census, atomically: true, encoding: .utf8)
        try #"{"户号":"H1","姓名":"测孫國","身份证号":"\#(Nights.id("52010219700101321"))","住址":"南明区油榨街道青云路12号"}"#
            .appending("\n").write(to: registry, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("census", census, format: "csv", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市}"]) + "\n" + PipelineRunTests.source("gab", registry, format: "ndjson",
            kind: "department", extra: ["record_key: 户号", "context: {prefecture: 贵阳市}",
                                         "fields: {head_name: 姓名, head_id: 身份证号, address: 住址}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let linked = try households(fixture)
        XCTAssertEqual(linked["gab#H1"], linked["census#C1"], "测孫國 is 测孙国")
        XCTAssertNotEqual(linked["census#C2"], linked["census#C1"], "测孙军 is another household")
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'H1'") as String?, "address+name")
    }

    /// A number in the head's name field (trial 12-a): a phone typed into a GB18030 census's 户主姓名
    /// (`18644148789`), a registry's `<姓名>12345</姓名>`, an NDJSON `"姓名": 10086` and a JSON `"hzxm": 12345` are no
    /// names: each record gets a `name_invalid` warning with the value masked, loads on its ID without a head name,
    /// and replaces no name another feed gave its household; the phone is nowhere in the warehouse. A record with
    /// nothing but the number and a place is not identified. Before, each number became the head's name, replacing
    /// 测姜远航 and 测李成刚, and the phone stayed in `dwd_household_history` in clear text.
    func testANumberInTheNameFieldIsNoName() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), registry = folder.appendingPathComponent("registry.xml")
        let assist = folder.appendingPathComponent("assist.ndjson"), app = folder.appendingPathComponent("app.json")
        let jiang = Nights.id("52010219650412341"), li = Nights.id("52010219700815351"), phoneID = Nights.id("52010219980716555")
        let rows = ["编号,户主姓名,身份证号,联系电话,家庭住址",
                    "C1,测姜远航,\(jiang),13017214288,南明区油榨街道青云小区1栋3单元204室",
                    "C2,18644148789,\(phoneID),18644148789,南明区油榨街道青云小区5栋3单元601室"]
        try Data(UTF8EvidenceTests.gb18030(rows.joined(separator: "\r\n").appending("\r\n"))).write(to: census)
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍>
              <户 户号="HJ1"><姓名>测李成刚</姓名><身份证号>\(li)</身份证号><住址>南明区油榨街道青云小区7栋1单元202室</住址></户>
              <户 户号="HJ2"><姓名>12345</姓名><身份证号>\(Nights.id("52010219550101213"))</身份证号><住址>南明区油榨街道青云小区7栋1单元602室</住址></户>
            </户籍>
            """.write(to: registry, atomically: true, encoding: .utf8)
        try #"{"case_no": "M1", "户主": {"姓名": 10086, "身份证号": "\#(jiang)"}, "address": "南明区油榨街道青云小区1栋3单元204室"}"#
            .appending("\n").write(to: assist, atomically: true, encoding: .utf8)
        try """
            [{"id": "A1", "hzxm": 12345, "sfzh": "\(li)", "xxdz": "南明区油榨街道青云小区7栋1单元202室"},
             {"id": "A2", "hzxm": "——", "sfzh": "", "xxdz": "南明区油榨街道青云小区9栋1单元101室"},
             {"id": "A3", "hzxm": 13812345678, "sfzh": "", "xxdz": "南明区油榨街道青云小区9栋1单元102室"}]
            """.write(to: app, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("census", census, format: "csv", extra: ["record_key: 编号", "encoding: gb18030"]),
            PipelineRunTests.source("registry", registry, format: "xml", owner: "贵州省公安厅", kind: "department", extra: [
                "options: {record_path: /户籍/户}", "record_key: \"@户号\"", "fields: {head_name: 姓名, head_id: 身份证号, address: 住址}"]),
            PipelineRunTests.source("assist", assist, format: "ndjson", extra: [
                "record_key: case_no", "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: address}"]),
            PipelineRunTests.source("app", app, format: "json", extra: [
                "record_key: id", "max_reject_ratio: 1", "fields: {head_name: hzxm, head_id: sfzh, address: xxdz}"]),
        ].joined(separator: "\n") + "\nsurvivorship:\n  head_name: [app, assist]")
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let linked = try households(fixture)
        XCTAssertEqual(linked["assist#M1"], linked["census#C1"])
        XCTAssertEqual(linked["app#A1"], linked["registry#HJ1"])
        XCTAssertEqual(try headName(fixture, of: "census#C1"), "测姜远航")
        XCTAssertEqual(try headName(fixture, of: "registry#HJ1"), "测李成刚")
        XCTAssertNil(try headName(fixture, of: "census#C2"))
        XCTAssertNil(try headName(fixture, of: "registry#HJ2"))
        let warnings = try fixture.rows("""
            SELECT source_id, record_number, field, value FROM etl_reject WHERE rule = 'name_invalid' ORDER BY source_id, record_number
            """).map { "\($0["source_id"] as String) \($0["record_number"] as Int) \($0["field"] as String) \($0["value"] as String)" }
        XCTAssertEqual(warnings, ["app 1 hzxm *****", "app 3 hzxm 138****5678", "assist 1 户主.姓名 *****",
                                  "census 2 户主姓名 186****8789", "registry 2 姓名 *****"])
        XCTAssertEqual(try fixture.query("SELECT severity FROM etl_reject WHERE rule = 'name_invalid' GROUP BY severity") as String?, "warning")
        // A dash is no value and no warning; with no name and no ID, A2 and A3 are not identified.
        XCTAssertEqual(try fixture.rows("SELECT record_number FROM etl_reject WHERE source_id = 'app' AND rule = 'no_identity' ORDER BY 1")
            .map { $0[0] as Int }, [2, 3])
        for table in ["dwd_household", "dwd_household_history"] {
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM \(table) WHERE head_name GLOB '*[0-9][0-9][0-9]*'") as Int?, 0, table)
        }
    }

    /// Names whose sender lost a character (`杨?祥`, `龙■`, `石�明`, or typed its pinyin: `石yan华`) link to the full
    /// name at that position, never replace it (loaded first, they give way to it), and each gets a
    /// `name_character_lost` warning that shows where the character was lost, not the name. A name that lost more
    /// than it kept (`王??`) stands for no one. Before, 杨?祥 replaced 民政's 杨吉祥 and 龙■ became a household of
    /// its own.
    func testALostCharacterStandsForTheCharacterAtItsPlace() throws {
        let folder = try TestPaths.temporaryFolder()
        let civil = folder.appendingPathComponent("civil.ndjson"), grid = folder.appendingPathComponent("grid.csv")
        try [#"{"case_no": "M1", "户主": {"姓名": "杨吉祥", "身份证号": "\#(Nights.id("52010219530326921"))"}, "phone": "17514927337", "address": "南明区云关乡红岩村1组52号"}"#,
             #"{"case_no": "M2", "户主": {"姓名": "龙䶮", "身份证号": "\#(Nights.id("52010219540326921"))"}, "phone": "0851-8740994", "address": "南明区云关乡红岩村1组53号"}"#,
             #"{"case_no": "M3", "户主": {"姓名": "石䶮明", "身份证号": "\#(Nights.id("52010219541115771"))"}, "phone": "13983548561", "address": "南明区油榨街道青云小区2栋1单元101室"}"#,
             #"{"case_no": "M4", "户主": {"姓名": "王德华", "身份证号": "\#(Nights.id("52010219551115771"))"}, "phone": "", "address": "南明区油榨街道青云小区2栋1单元102室"}"#,
             #"{"case_no": "M5", "户主": {"姓名": "石䶮华", "身份证号": "\#(Nights.id("52010219561115771"))"}, "phone": "", "address": "南明区油榨街道青云小区2栋1单元103室"}"#]
            .joined(separator: "\n").appending("\n").write(to: civil, atomically: true, encoding: .utf8)
        try ["编号,户主姓名,身份证号,联系电话,家庭住址",
             "G1,杨?祥,,17514927337,南明区云关乡红岩村一组52号",
             "G2,龙■,,0851-8740994,南明区云关乡红岩村1组53号",
             "G3,石\u{FFFD}明,,,南明区油榨街道青云小区2栋1单元101室",
             "G4,王??,,,南明区油榨街道青云小区2栋1单元102室",
             "G5,石yan华,,,南明区油榨街道青云小区2栋1单元103室"]
            .joined(separator: "\n").appending("\n").write(to: grid, atomically: true, encoding: .utf8)
        let gridSource = PipelineRunTests.source("grid", grid, format: "csv", extra: ["record_key: 编号", "context: {prefecture: 贵阳市}"])
        let civilSource = PipelineRunTests.source("civil", civil, format: "ndjson", owner: "贵州省民政厅", kind: "department", extra: [
            "record_key: case_no", "context: {prefecture: 贵阳市}", "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, phone: phone, address: address}"])
        // The grid first, alone: its spellings are stored; then 民政 (ranked below it) the next night.
        let fixture = try PipelineFixture(sources: gridSource + "\nsurvivorship:\n  head_name: [grid]")
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule, severity, field, value FROM etl_reject ORDER BY 1").map {
            "\($0[0] as Int) \($0[1] as String) \($0[2] as String) \($0[3] as String) \($0[4] as String)" },
                       ["1 name_character_lost warning 户主姓名 *?*", "2 name_character_lost warning 户主姓名 *■",
                        "3 name_character_lost warning 户主姓名 *\u{FFFD}*", "4 name_character_lost warning 户主姓名 *??",
                        "5 name_character_lost warning 户主姓名 *?*"])
        XCTAssertTrue(first.stderr.contains("[name_character_lost, warning]"), first.stderr)
        XCTAssertFalse(first.stderr.contains("杨?祥"), "names never appear in rejects")
        try fixture.rewrite(sources: gridSource + "\n" + civilSource + "\nsurvivorship:\n  head_name: [grid]")
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        let linked = try households(fixture)
        for n in [1, 2, 3, 5] { XCTAssertEqual(linked["grid#G\(n)"], linked["civil#M\(n)"], "G\(n) is M\(n)'s household") }
        XCTAssertNotEqual(linked["grid#G4"], linked["civil#M4"], "王?? lost more of the name than it kept")
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       ["杨吉祥", "王??", "王德华", "石䶮明", "石䶮华", "龙䶮"].sorted())

        // 民政 first: the grid's spellings, ranked higher, replace nothing.
        let other = try PipelineFixture(sources: civilSource + "\n" + gridSource + "\nsurvivorship:\n  head_name: [grid]")
        XCTAssertEqual(try other.run().status, 0)
        XCTAssertEqual(try other.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       ["杨吉祥", "王??", "王德华", "石䶮明", "石䶮华", "龙䶮"].sorted())
    }

    /// Minority names whose middle dot a feed writes another way or leaves out (trial 15-a): night 1 the census
    /// (GB18030, with IDs) gives `测艾尔肯·吐尔逊` and four more at their flats; night 2 a grid app without IDs gives
    /// the same phones at another compound (they moved), the names written `•`, `．`, without a dot, ` . ` and `・`.
    /// Each is the census household, by `phone+name`, whose name keeps the standard dot. A registry's two-dot
    /// `测阿卜杜·热合曼·买买提` and a grid census's `测阿卜杜热合曼买买提` (no ID, another phone) at one flat are one
    /// household by `address+name` at 0.95, an equal name. Before, every form but `·` made a new household (rule
    /// `new`), and the two-dot name without dots did too.
    func testAMiddleDotWrittenAnotherWayOrLeftOutIsOneName() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), registry = folder.appendingPathComponent("registry.xml")
        let grid = folder.appendingPathComponent("grid.csv"), app = folder.appendingPathComponent("app.json")
        let names = ["测艾尔肯·吐尔逊", "测艾买提·吐尔逊", "测艾力江·吐尔逊", "测艾山·吐尔逊", "测努尔曼古丽·热合曼"]
        let rows = ["编号,户主姓名,身份证号,联系电话,家庭住址"] + names.enumerated().map { n, name in
            "C\(n + 1),\(name),\(Nights.id("6528011980010\(n + 1)013")),1385990000\(n + 1),南明区油榨街道青云小区1栋1单元10\(n + 1)室"
        }
        try Data(UTF8EvidenceTests.gb18030(rows.joined(separator: "\r\n").appending("\r\n"))).write(to: census)
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍>
              <户 户号="HJ1"><姓名>测阿卜杜·热合曼·买买提</姓名><身份证号>\(Nights.id("65280119800201013"))</身份证号><电话>13859910000</电话><住址>南明区油榨街道青云小区2栋1单元301室</住址></户>
              <户 户号="HJ2"><姓名>测阿依古丽·买买提</姓名><身份证号>\(Nights.id("65280119800204013"))</身份证号><电话>13859910003</电话><住址>南明区油榨街道青云小区2栋1单元302室</住址></户>
            </户籍>
            """.write(to: registry, atomically: true, encoding: .utf8)
        try ["编号,户主姓名,身份证号,联系电话,家庭住址",
             "G1,测阿卜杜热合曼买买提,,13959920000,南明区油榨街道青云小区2栋1单元301室",
             "G2,测阿依古丽•买买提,,13959920003,南明区油榨街道青云小区2栋1单元302室"]
            .joined(separator: "\n").appending("\n").write(to: grid, atomically: true, encoding: .utf8)
        let written = ["测艾尔肯•吐尔逊", "测艾买提．吐尔逊", "测艾力江吐尔逊", "测艾山 . 吐尔逊", "测努尔曼古丽・热合曼"]
        try ("[" + written.enumerated().map { n, name in
            #"{"id": "A\#(n + 1)", "hzxm": "\#(name)", "lxdh": "1385990000\#(n + 1)", "xxdz": "南明区沙冲路街道沙冲小区3栋1单元20\#(n + 1)室"}"#
        }.joined(separator: ",\n") + "]").write(to: app, atomically: true, encoding: .utf8)
        let context = "context: {prefecture: 贵阳市}"
        let nightOne = [
            PipelineRunTests.source("census", census, format: "csv", extra: ["record_key: 编号", "encoding: gb18030", context]),
            PipelineRunTests.source("registry", registry, format: "xml", owner: "贵州省公安厅", kind: "department", extra: [
                "options: {record_path: /户籍/户}", "record_key: \"@户号\"", context,
                "fields: {head_name: 姓名, head_id: 身份证号, phone: 电话, address: 住址}"]),
            PipelineRunTests.source("grid", grid, format: "csv", extra: ["record_key: 编号", context]),
        ]
        let ranks = "\nsurvivorship:\n  head_name: [registry, census, grid]"
        let fixture = try PipelineFixture(sources: nightOne.joined(separator: "\n") + ranks)
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        try fixture.rewrite(sources: (nightOne + [PipelineRunTests.source("app", app, format: "json", extra: [
            "record_key: id", context, "fields: {head_name: hzxm, phone: lxdh, address: xxdz}"])]).joined(separator: "\n")
            + ranks.replacingOccurrences(of: "grid]", with: "grid, app]"))
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        let linked = try households(fixture)
        for n in 1...5 { XCTAssertEqual(linked["app#A\(n)"], linked["census#C\(n)"], "\(written[n - 1]) is \(names[n - 1])") }
        XCTAssertEqual(linked["grid#G1"], linked["registry#HJ1"])
        XCTAssertEqual(linked["grid#G2"], linked["registry#HJ2"])
        XCTAssertEqual(try fixture.rows("""
            SELECT source_id || '#' || record_key, match_rule, match_score FROM household_source
            WHERE source_id IN ('app', 'grid') ORDER BY 1
            """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as Double)" },
            (1...5).map { "app#A\($0) phone+name 0.8" } + ["grid#G1 address+name 0.95", "grid#G2 address+name 0.95"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 7)
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       (names + ["测阿卜杜·热合曼·买买提", "测阿依古丽·买买提"]).sorted())
    }

    /// The dot stored is the standard `·` (U+00B7) whatever form arrived (trial 15-a): the census (GB18030) writes
    /// `测热合曼．阿不力孜` and `测帕提古丽•司马义`, 民政 (ranked below it) the same IDs without a dot. The households
    /// keep `测热合曼·阿不力孜` and `测帕提古丽·司马义`, in their history too, and so they do with 民政 ranked first:
    /// a name without its dot lost it (before this session's change, the ranks decided and 民政's undotted names were
    /// stored). Before trial 15-a, the census's names were stored as `测热合曼.阿不力孜` (the full-width stop made ASCII)
    /// and `测帕提古丽•司马义`.
    func testTheMiddleDotIsStoredAsTheStandardDot() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), civil = folder.appendingPathComponent("civil.ndjson")
        let heman = Nights.id("52230119750312201"), patiguli = Nights.id("52230119800512202")
        let rows = ["编号,户主姓名,身份证号,联系电话,家庭住址",
                    "HC-0039,测热合曼．阿不力孜,\(heman),13017214288,南明区油榨街道青云小区1栋3单元204室",
                    "HC-0040,测帕提古丽•司马义,\(patiguli),13693492394,南明区油榨街道青云小区5栋3单元601室"]
        try Data(UTF8EvidenceTests.gb18030(rows.joined(separator: "\r\n").appending("\r\n"))).write(to: census)
        try [#"{"case_no": "M1", "户主": {"姓名": "测热合曼阿不力孜", "身份证号": "\#(heman)"}, "address": "南明区油榨街道青云小区1栋3单元204室"}"#,
             #"{"case_no": "M2", "户主": {"姓名": "测帕提古丽司马义", "身份证号": "\#(patiguli)"}, "address": "南明区油榨街道青云小区5栋3单元601室"}"#]
            .joined(separator: "\n").appending("\n").write(to: civil, atomically: true, encoding: .utf8)
        let sources = [
            PipelineRunTests.source("census", census, format: "csv", extra: ["record_key: 编号", "encoding: gb18030", "context: {prefecture: 贵阳市}"]),
            PipelineRunTests.source("civil", civil, format: "ndjson", owner: "贵州省民政厅", kind: "department", extra: [
                "record_key: case_no", "context: {prefecture: 贵阳市}", "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: address}"]),
        ].joined(separator: "\n")
        for (ranks, expected) in [("[census, civil]", ["测帕提古丽·司马义", "测热合曼·阿不力孜"]),
                                  ("[civil, census]", ["测帕提古丽·司马义", "测热合曼·阿不力孜"])] {
            let fixture = try PipelineFixture(sources: sources + "\nsurvivorship:\n  head_name: \(ranks)")
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2, ranks)
            XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                           expected, ranks)
            XCTAssertEqual(try fixture.query("""
                SELECT COUNT(*) FROM dwd_household_history WHERE head_name GLOB '*[.•．]*'
                """) as Int?, 0, ranks)
        }
    }

    /// 昇 is a standard character for names (通用规范汉字表), not the traditional form of 升 (trial 15-a): the
    /// registry and the census write `测李昇` (with its ID), 民政, ranked last, `测李升`; the census writes `测陈昇平`
    /// without an ID at the flat where 民政 has `测陈升平` with one. One household each (the two compare equal), which
    /// keeps the higher-ranked 昇 whichever source loads first. Before, 李升 counted as "the simplified spelling" and
    /// replaced 李昇 whatever the ranks.
    func testAStandardCharacterIsNotReplacedByALowerRankedVariant() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), registry = folder.appendingPathComponent("registry.xml")
        let civil = folder.appendingPathComponent("civil.ndjson")
        let li = Nights.id("52232819730404681"), chen = Nights.id("52232819650101682")
        try ["编号,户主姓名,身份证号,联系电话,家庭住址",
             "C1,测李昇,\(li),13017214288,南明区油榨街道青云小区1栋3单元204室",
             "C2,测陈昇平,,13693492394,南明区油榨街道青云小区5栋3单元601室"]
            .joined(separator: "\n").appending("\n").write(to: census, atomically: true, encoding: .utf8)
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍>
              <户 户号="HJ1"><姓名>测李昇</姓名><身份证号>\(li)</身份证号><住址>南明区油榨街道青云小区1栋3单元204室</住址></户>
            </户籍>
            """.write(to: registry, atomically: true, encoding: .utf8)
        try [#"{"case_no": "M1", "户主": {"姓名": "测李升", "身份证号": "\#(li)"}, "address": "南明区油榨街道青云小区1栋3单元204室"}"#,
             #"{"case_no": "M2", "户主": {"姓名": "测陈升平", "身份证号": "\#(chen)"}, "address": "南明区油榨街道青云小区5栋3单元601室"}"#]
            .joined(separator: "\n").appending("\n").write(to: civil, atomically: true, encoding: .utf8)
        let context = "context: {prefecture: 贵阳市}"
        let registrySource = PipelineRunTests.source("registry", registry, format: "xml", owner: "贵州省公安厅", kind: "department", extra: [
            "options: {record_path: /户籍/户}", "record_key: \"@户号\"", context, "fields: {head_name: 姓名, head_id: 身份证号, address: 住址}"])
        let censusSource = PipelineRunTests.source("census", census, format: "csv", extra: ["record_key: 编号", context])
        let civilSource = PipelineRunTests.source("civil", civil, format: "ndjson", owner: "贵州省民政厅", kind: "department", extra: [
            "record_key: case_no", context, "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: address}"])
        let ranks = "\nsurvivorship:\n  head_name: [registry, census, civil]"
        for (order, sources) in [("registry first", [registrySource, censusSource, civilSource]),
                                 ("民政 first", [civilSource, censusSource, registrySource])] {
            let fixture = try PipelineFixture(sources: sources.joined(separator: "\n") + ranks)
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            let linked = try households(fixture)
            XCTAssertEqual(linked["civil#M1"], linked["registry#HJ1"], order)
            XCTAssertEqual(linked["census#C1"], linked["registry#HJ1"], order)
            XCTAssertEqual(linked["civil#M2"], linked["census#C2"], order)
            XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                           ["测李昇", "测陈昇平"], order)
        }
    }
}
