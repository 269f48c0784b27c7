import Foundation
import GRDB
import XCTest

/// Amounts and capacities whose unit the feed gives outside the value (an XML attribute, a feeder's documentation,
/// a title row above the table), declared in the pipeline file, through real files into a real warehouse.
final class DeclaredUnitTests: XCTestCase {
    private func compoundSource(_ name: String, _ file: URL, format: String, _ extra: [String]) -> String {
        PipelineRunTests.source(name, file, format: format, entity: "compound", owner: "住建局", kind: "department",
                                extra: ["context: {prefecture: 贵阳市}"] + extra)
    }

    /// `<总投资 单位="万元">1234.5</总投资>` is 12,345,000 yuan once the source says its amounts are in 万元, and the
    /// edited pipeline file takes effect on the next run without --force; an amount with its own unit keeps it.
    func testAnXMLAmountInTheDeclaredUnitLoadsInYuan() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("projects.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <项目库>
              <项目 编号="GYNM-2023-011"><小区>翠微巷小区</小区><区县>南明区</区县><总投资 单位="万元">1234.5</总投资></项目>
              <项目 编号="GYNM-2023-012"><小区>青云小区</小区><区县>南明区</区县><总投资 单位="万元">560000元</总投资></项目>
            </项目库>
            """.write(to: feed, atomically: true, encoding: .utf8)
        let mapping = ["options: {record_path: /项目库/项目}",
                       "fields: {name: 小区, county: 区县, project_id: \"@编号\", investment: 总投资}"]
        let fixture = try PipelineFixture(sources: compoundSource("housing-xml", feed, format: "xml", mapping))
        XCTAssertEqual(try fixture.run().status, 0)
        let sql = "SELECT investment_yuan FROM dwd_renovation_project ORDER BY project_id"
        XCTAssertEqual(try fixture.rows(sql).map { $0["investment_yuan"] as Double }, [1234.5, 560_000], "yuan without a declaration")

        try fixture.rewrite(sources: compoundSource("housing-xml", feed, format: "xml", mapping + ["units: {investment: 万元}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows(sql).map { $0["investment_yuan"] as Double }, [12_345_000, 560_000])
    }

    /// A JSON feed whose key `tzje` the feeder documents as 万元, and a sheet whose title row says 金额单位：亿元
    /// (skipped with skip_rows): the declared unit wins over the one a column's name gives.
    func testJSONAndCSVAmountsInTheDeclaredUnitLoadInYuan() throws {
        let folder = try TestPaths.temporaryFolder()
        let json = folder.appendingPathComponent("projects.json")
        try #"{"data": [{"xmbh": "GYYY-01", "xqmc": "贯城小区", "qx": "云岩区", "tzje": 860.5}]}"#
            .write(to: json, atomically: true, encoding: .utf8)
        let csv = folder.appendingPathComponent("projects.csv")
        try """
            金额单位：亿元,,,
            项目编号,区县,小区名称,总投资(万元)
            GYHX-01,花溪区,清溪小区,1.25
            GYHX-02,花溪区,溪北小区,300万

            """.write(to: csv, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            compoundSource("housing-json", json, format: "json", [
                "options: {record_path: data}",
                "fields: {project_id: xmbh, name: xqmc, county: qx, investment: tzje}",
                "units: {investment: 万元}"]),
            compoundSource("housing-csv", csv, format: "csv", [
                "options: {skip_rows: 1}",
                "fields: {investment: 总投资(万元)}",
                "units:",
                "  investment: 亿元"]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let projects = try fixture.rows("SELECT project_id, investment_yuan FROM dwd_renovation_project ORDER BY project_id")
        XCTAssertEqual(projects.map { $0["project_id"] as String }, ["GYHX-01", "GYHX-02", "GYYY-01"])
        XCTAssertEqual(projects.map { $0["investment_yuan"] as Double? }, [125_000_000, 3_000_000, 8_605_000])
    }

    /// `investment: [投资额（亿元）, 总投资（万元）]`: each amount is in the unit of the column it came from.
    func testAnAmountTakesTheUnitOfTheColumnItCameFrom() throws {
        let folder = try TestPaths.temporaryFolder()
        let csv = folder.appendingPathComponent("projects.csv")
        try """
            项目编号,区县,小区名称,投资额（亿元）,总投资（万元）
            GYHX-01,花溪区,清溪小区,,860
            GYHX-02,花溪区,溪北小区,1.5,

            """.write(to: csv, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: compoundSource("housing", csv, format: "csv", [
            "fields: {investment: [投资额（亿元）, 总投资（万元）]}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT investment_yuan FROM dwd_renovation_project ORDER BY project_id")
            .map { $0[0] as Double? }, [8_600_000, 150_000_000])
    }

    /// The unit a column's name gives, however the office writes it (trial 20i): `总投资（单位：万元）`, `总投资(万)`,
    /// `总投资（单位：亿元）`, `总投资(亿)`, `总投资/万元`, `总投资 万元`, also `概算投资(万元)`, and a unit glued to the
    /// name's end (`总投资万元`, `投资额亿元`: the 20i recheck found them not mapped); each column is read as
    /// `investment` without a mapping, and its bare numbers take the unit.
    func testAUnitWrittenInTheColumnNameInAnyUsualFormScalesBareAmounts() throws {
        let folder = try TestPaths.temporaryFolder()
        let headers = ["总投资（单位：万元）", "总投资(万)", "总投资（单位：亿元）", "总投资(亿)", "总投资/万元", "总投资 万元",
                       "总投资【万元】", "总投资（万元）", "概算投资(万元)", "总投资万元", "投资额亿元"]
        let amounts = ["120", "120", "1.2", "1.2", "120", "120", "120", "120", "120", "120", "1.2"]
        for (index, header) in headers.enumerated() {
            try "项目编号,区县,小区名称,\(header)\nU-\(index + 1),南明区,测单位\(index + 1)小区,\(amounts[index])\n"
                .write(to: folder.appendingPathComponent("u\(index + 1).csv"), atomically: true, encoding: .utf8)
        }
        let fixture = try PipelineFixture(sources: compoundSource("housing", folder.appendingPathComponent("u*.csv"),
                                                                  format: "csv", []))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try fixture.rows("SELECT project_id, investment_yuan FROM dwd_renovation_project ORDER BY project_id")
        XCTAssertEqual(rows.map { $0["project_id"] as String }.sorted(), (1...11).map { "U-\($0)" }.sorted())
        let byProject = Dictionary(uniqueKeysWithValues: rows.map { ($0["project_id"] as String, $0["investment_yuan"] as Double?) })
        XCTAssertEqual((1...11).map { byProject["U-\($0)"] ?? nil },
                       [1_200_000, 1_200_000, 120_000_000, 120_000_000, 1_200_000, 1_200_000, 1_200_000, 1_200_000, 1_200_000,
                        1_200_000, 120_000_000])
    }

    /// A units row under the header (`,,,(万元)`, `,,,单位：亿元`) gives its column's bare amounts that unit, as the
    /// column's name would (trial 20i: they loaded as yuan, 10⁴ too small, unsaid); `units:` still wins.
    func testAMoneyUnitInAUnitsRowScalesBareAmounts() throws {
        let folder = try TestPaths.temporaryFolder()
        let csv = folder.appendingPathComponent("projects.csv")
        try """
            项目编号,区县,小区名称,总投资
            ,,,(万元)
            GYHX-01,花溪区,清溪小区,860
            GYHX-02,花溪区,溪北小区,120万元

            """.write(to: csv, atomically: true, encoding: .utf8)
        let other = folder.appendingPathComponent("other.csv")
        try """
            项目编号,区县,小区名称,投资额
            ,,,单位：亿元
            GYHX-03,花溪区,溪南小区,1.5

            """.write(to: other, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [compoundSource("housing", csv, format: "csv", []),
                                                    compoundSource("other", other, format: "csv", [])].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let sql = "SELECT investment_yuan FROM dwd_renovation_project ORDER BY project_id"
        XCTAssertEqual(try fixture.rows(sql).map { $0[0] as Double? }, [8_600_000, 1_200_000, 150_000_000])

        try fixture.rewrite(sources: [compoundSource("housing", csv, format: "csv", ["units: {investment: 元}"]),
                                      compoundSource("other", other, format: "csv", [])].joined(separator: "\n"))
        let declared = try fixture.run()
        XCTAssertEqual(declared.status, 0, declared.stderr)
        XCTAssertEqual(try fixture.rows(sql).map { $0[0] as Double? }, [860, 1_200_000, 150_000_000])
    }

    /// A facility feed whose capacities are bare numbers in kW: they load with the unit; a capacity written with a
    /// unit of its own keeps it, and `万` in the declaration scales the numbers.
    func testBareCapacitiesTakeTheDeclaredUnit() throws {
        let folder = try TestPaths.temporaryFolder()
        let json = folder.appendingPathComponent("facilities.json")
        try """
            [{"id": "CD-1", "type": "充电桩", "name": "翠微巷充电站", "rl": "120"},
             {"id": "CD-2", "type": "变压器", "name": "翠微巷箱变", "rl": "630kVA"}]
            """.write(to: json, atomically: true, encoding: .utf8)
        let xml = folder.appendingPathComponent("water.xml")
        try """
            <设施清单><设施 编号="GS-1"><类型>蓄水池</类型><名称>青云水池</名称><容量>1.5</容量></设施></设施清单>
            """.write(to: xml, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("power", json, format: "json", owner: "贵州电网", kind: "department", extra: [
                "entity: facility", "record_key: id", "context: {prefecture: 贵阳市}",
                "fields: {facility_type: type, name: name, capacity: rl}", "units: {capacity: kW}"])
                .replacingOccurrences(of: "    entity: household\n", with: ""),
            PipelineRunTests.source("water", xml, format: "xml", owner: "贵阳水务", kind: "department", extra: [
                "entity: facility", "record_key: \"@编号\"", "context: {prefecture: 贵阳市}",
                "options: {record_path: 设施}", "units: {capacity: 万立方米}"])
                .replacingOccurrences(of: "    entity: household\n", with: ""),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try fixture.rows("SELECT name, capacity, capacity_unit FROM dwd_facility ORDER BY name")
        XCTAssertEqual(rows.map { $0["name"] as String }, ["翠微巷充电站", "翠微巷箱变", "青云水池"])
        XCTAssertEqual(rows.map { $0["capacity"] as Double }, [120, 630, 15_000])
        XCTAssertEqual(rows.map { $0["capacity_unit"] as String? }, ["kW", "kVA", "m³"])
    }

    /// `<rl dw="kW">120</rl>`: the unit in an attribute is mapped as `capacity_unit: rl/@dw`, and wins over the
    /// source's declaration; a unit in the value wins over both. An unreadable unit leaves the capacity empty with an
    /// invalid_capacity warning naming the unit field, and the facility loads.
    func testACapacityUnitInAnXMLAttributeIsMapped() throws {
        let folder = try TestPaths.temporaryFolder()
        let xml = folder.appendingPathComponent("facilities.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <sslb>
              <ss bh="F-1"><lx>充电桩</lx><mc>东山充电站</mc><rl dw="kW">120</rl></ss>
              <ss bh="F-2"><lx>变压器</lx><mc>东山箱变</mc><rl dw="千伏安">630</rl></ss>
              <ss bh="F-3"><lx>充电桩</lx><mc>西山充电站</mc><rl dw="kW">60kVA</rl></ss>
              <ss bh="F-4"><lx>路灯</lx><mc>西山路灯</mc><rl>30</rl></ss>
              <ss bh="F-5"><lx>路灯</lx><mc>南山路灯</mc><rl dw="2台">5</rl></ss>
              <ss bh="F-6"><lx>路灯</lx><mc>北山路灯</mc><rl dw="kWW">5</rl></ss>
            </sslb>
            """.write(to: xml, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("power", xml, format: "xml", owner: "贵州电网",
            kind: "department", extra: [
                "entity: facility", "record_key: \"@bh\"", "context: {prefecture: 贵阳市}", "options: {record_path: ss}",
                "fields: {facility_type: lx, name: mc, capacity: rl, capacity_unit: rl/@dw}", "units: {capacity: 盏}",
            ]).replacingOccurrences(of: "    entity: household\n", with: ""))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try fixture.rows("SELECT name, capacity, capacity_unit FROM dwd_facility ORDER BY name")
        XCTAssertEqual(rows.map { $0["name"] as String }, ["东山充电站", "东山箱变", "北山路灯", "南山路灯", "西山充电站", "西山路灯"])
        XCTAssertEqual(rows.map { $0["capacity"] as Double? }, [120, 630, nil, nil, 60, 30])
        XCTAssertEqual(rows.map { $0["capacity_unit"] as String? }, ["kW", "kVA", nil, nil, "kVA", "盏"])
        let rejects = try fixture.rows("SELECT rule, severity, field, value FROM etl_reject ORDER BY record_number")
        XCTAssertEqual(rejects.map { "\($0["rule"] as String)/\($0["severity"] as String)/\($0["field"] as String)/\($0["value"] as String)" },
                       ["invalid_capacity/warning/rl/@dw/2台", "invalid_capacity/warning/rl/@dw/kWW"])
    }

    /// `<总投资 单位="万元">1234.5</总投资>` mapped as `investment_unit: 总投资/@单位`: each record's amount in its own
    /// unit; a record without one takes the source's declaration; an unknown unit leaves the amount empty with an
    /// invalid_money warning. A CSV column named 金额单位 is the unit without a mapping.
    func testAnInvestmentUnitInAnXMLAttributeOrAColumnIsMapped() throws {
        let folder = try TestPaths.temporaryFolder()
        let xml = folder.appendingPathComponent("projects.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <项目库>
              <项目 编号="P-1"><小区>翠微巷小区</小区><区县>南明区</区县><总投资 单位="万元">1234.5</总投资></项目>
              <项目 编号="P-2"><小区>青云小区</小区><区县>南明区</区县><总投资 单位="亿元">1.2</总投资></项目>
              <项目 编号="P-3"><小区>花果园小区</小区><区县>南明区</区县><总投资>300</总投资></项目>
              <项目 编号="P-4"><小区>兴关小区</小区><区县>南明区</区县><总投资 单位="美元">100</总投资></项目>
            </项目库>
            """.write(to: xml, atomically: true, encoding: .utf8)
        let csv = folder.appendingPathComponent("projects.csv")
        try """
            项目编号,区县,小区名称,总投资,金额单位
            Q-1,花溪区,清溪小区,86,万元
            Q-2,花溪区,溪北小区,5600,

            """.write(to: csv, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            compoundSource("housing-xml", xml, format: "xml", [
                "options: {record_path: /项目库/项目}",
                "fields: {name: 小区, county: 区县, project_id: \"@编号\", investment: 总投资, investment_unit: 总投资/@单位}",
                "units: {investment: 万元}"]),
            compoundSource("housing-csv", csv, format: "csv", []),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let projects = try fixture.rows("SELECT project_id, investment_yuan FROM dwd_renovation_project ORDER BY project_id")
        XCTAssertEqual(projects.map { $0["project_id"] as String }, ["P-1", "P-2", "P-3", "P-4", "Q-1", "Q-2"])
        XCTAssertEqual(projects.map { $0["investment_yuan"] as Double? }, [12_345_000, 120_000_000, 3_000_000, nil, 860_000, 5600])
        let rejects = try fixture.rows("SELECT rule, field, value, message FROM etl_reject")
        XCTAssertEqual(rejects.count, 1)
        XCTAssertEqual(rejects.first?["field"] as String?, "总投资/@单位")
        XCTAssertEqual(rejects.first?["message"] as String?,
                       #""美元" is not a money unit (元, 千元, 万元, 百万元, 千万元, 亿元); the amount "100" is left empty"#)
    }
}
