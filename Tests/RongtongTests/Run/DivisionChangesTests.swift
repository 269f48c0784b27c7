import Foundation
import GRDB
import XCTest

/// Division codes and names as feeds write them after divisions changed, or in another script (trials 20e, 20f),
/// through the real binary into a real SQLite warehouse.
final class DivisionChangesTests: XCTestCase {
    private func zunyiCensus(_ rows: String) throws -> (PipelineFixture, URL) {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("zy.csv")
        try rows.write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("zy", census, format: "csv", owner: "遵义市", extra: [
            "record_key: 序号", "context: {prefecture: 遵义市}"]))
        return (fixture, census)
    }

    private func warnings(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("SELECT record_number, rule, message FROM etl_reject ORDER BY record_number, rule")
            .map { "\($0[0] as Int):\($0[1] as String):\($0[2] as String)" }
    }

    /// 三合镇 lies in 播州区 and in 仁怀市: a 区划代码 of the county (520304) or of the township itself
    /// (520382109000) decides which, with no `unresolved_division` warning and the township kept in the address.
    func testRegionCodeDecidesATownshipNameOfTwoCounties() throws {
        let (fixture, _) = try zunyiCensus("""
            序号,市州,区县,乡镇(街道),小区名称,楼栋,单元,房号,户主,区划代码
            1,遵义市,,三合镇,测三合小区,6栋,4单元,403,测磊敏,520304000000
            2,遵义市,,三合镇,测茅香苑,7栋,4单元,401,测静秀,520382109000
            3,遵义市,播州区,三合镇,测新苑,1栋,1单元,101,测甲乙,

            """)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, h.region_code, h.address FROM dwd_household h JOIN household_source s USING (household_id)
            ORDER BY 1
            """).map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)" }, [
            "1|520304104000|贵州省遵义市播州区三合镇测三合小区6栋4单元403室",
            "2|520382109000|贵州省遵义市仁怀市三合镇测茅香苑7栋4单元401室",
            "3|520304104000|贵州省遵义市播州区三合镇测新苑1栋1单元101室",
        ])
        XCTAssertEqual(try warnings(fixture), [])
    }

    /// A county's code from before it was renamed (520321, 遵义县's, now 播州区 520304) is no code of today's
    /// reference: the warning says it is most likely a former code and names the county of its prefecture the
    /// parser knows renamed; the record is placed by its address.
    func testFormerCountyCodeIsReportedAsFormer() throws {
        let (fixture, _) = try zunyiCensus("""
            序号,区县,乡镇(街道),小区名称,楼栋,单元,房号,户主,区划代码
            1,,三合镇,测新苑,6栋,4单元,403,测磊敏,520321
            2,遵义县,三合镇,测三合小区,1栋,1单元,101,测甲乙,

            """)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let message = try fixture.query("SELECT message FROM etl_reject WHERE rule = 'unknown_region_code'") as String?
        XCTAssertTrue(message?.contains("most likely a former code") ?? false, message ?? "no warning")
        XCTAssertTrue(message?.contains("遵义县 (now 播州区, 520304000000)") ?? false, message ?? "no warning")
        XCTAssertEqual(try fixture.query("SELECT region_code FROM dwd_household h JOIN household_source s USING (household_id) WHERE s.record_key = '2'") as String?,
                       "520304104000")
    }

    /// Night 1 a 民政 record with a wrong code lands in a copy of 测茅香苑 in 汇川区; night 2 the corrected code joins
    /// it to the census household in the real 测茅香苑: the merged household's compound is the one its region and
    /// address name, and that compound is kept.
    func testCorrectedCodeMergeKeepsTheCompoundItsAddressNames() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("zy.csv"), civil = folder.appendingPathComponent("mz.ndjson")
        try """
            序号,区县,乡镇(街道),小区名称,楼栋,单元,房号,户主,公民身份号码
            88,仁怀市,三合镇,测茅香苑,3栋,2单元,501,测伟艳,520382198907108300

            """.write(to: census, atomically: true, encoding: .utf8)
        func night(_ code: String) throws {
            try """
                {"case_no": "MZ2024-0099", "户主姓名": "测伟艳", "家庭住址": "遵义仁怀市三合镇测茅香苑3栋2单元501室", "区划代码": "\(code)", "救助类型": "城市低保"}

                """.write(to: civil, atomically: true, encoding: .utf8)
        }
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("zy", census, format: "csv", owner: "遵义市", extra: [
                "record_key: 序号", "context: {prefecture: 遵义市}"]),
            PipelineRunTests.source("mz", civil, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
                "record_key: case_no", "fields: {tags: 救助类型}"]),
        ].joined(separator: "\n") + "\nsurvivorship:\n  address: [zy]\n  region_code: [zy]")
        try night("520303001000")
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
        try night("520382109000")
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT h.region_code, c.name, c.region_code, h.address FROM dwd_household h JOIN dim_compound c USING (compound_id)
            """).map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)|\($0[3] as String)" }, [
            "520382109000|测茅香苑|520382109000|贵州省遵义市仁怀市三合镇测茅香苑3栋2单元501室",
        ])
        XCTAssertEqual(try fixture.query("SELECT group_concat(region_code) FROM dim_compound") as String?, "520382109000")
    }

    /// An address in traditional script (貴州省貴陽市白雲區…) is read as the simplified one: the same division, the same
    /// compound, one household with the record written in simplified characters; no compound is named after divisions.
    func testTraditionalScriptDivisionsResolve() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("reg.xml"), census = folder.appendingPathComponent("census.csv")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍信息>
              <户 户号="HJ9001"><户主><姓名>测陈国华</姓名></户主><住址><![CDATA[貴州省貴陽市白雲區大山洞街道测东升小区3栋2单元501室]]></住址></户>
              <户 户号="HJ9002"><户主><姓名>测张丽</姓名></户主><住址>贵州省贵阳市白云区大山洞街道测东升小区3栋2单元502室</住址></户>
            </户籍信息>

            """.write(to: registry, atomically: true, encoding: .utf8)
        try """
            序号,户主姓名,家庭住址
            C1,测陈国华,白云区大山洞街道测东升小区3栋2单元501室

            """.write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("census", census, format: "csv", extra: [
                "record_key: 序号", "context: {prefecture: 贵阳市}", "fields: {head_name: 户主姓名, address: 家庭住址}"]),
            PipelineRunTests.source("reg", registry, format: "xml", kind: "department", extra: [
                "record_key: \"@户号\"", "options: {record_path: /户籍信息/户}", "fields: {head_name: 户主/姓名, address: 住址}"]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name, region_code FROM dim_compound").map { "\($0[0] as String)|\(($0[1] as String?) ?? "NULL")" },
                       ["测东升小区|520113006000"])
        XCTAssertEqual(try fixture.rows("""
            SELECT group_concat(s.record_key, '+'), h.region_code, h.address FROM dwd_household h
            JOIN household_source s USING (household_id) GROUP BY h.household_id ORDER BY 1
            """).map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)" }, [
            "C1+HJ9001|520113006000|贵州省贵阳市白云区大山洞街道测东升小区3栋2单元501室",
            "HJ9002|520113006000|贵州省贵阳市白云区大山洞街道测东升小区3栋2单元502室",
        ])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'unresolved_region'") as Int?, 0)
    }

    /// An address whose township fits two counties (三合镇 of 播州区 and of 仁怀市) with a code that decides it, or
    /// placed by its compound, which another record places: the township is written once in the stored address.
    func testTownshipWrittenInAnAmbiguousAddressIsNamedOnce() throws {
        let folder = try TestPaths.temporaryFolder()
        let civil = folder.appendingPathComponent("mz.ndjson")
        try """
            {"case_no":"A1","户主姓名":"测伟艳","家庭住址":"遵义三合镇测茅香苑3栋2单元501室","区划代码":"520382"}
            {"case_no":"A2","户主姓名":"测伟","家庭住址":"三合镇测新苑3栋2单元501室","区划代码":"520304104"}
            {"case_no":"A3","户主姓名":"测伟二","家庭住址":"三合镇测新苑3栋2单元502室","区划代码":"520321"}

            """.write(to: civil, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("mz", civil, format: "ndjson", owner: "省民政厅",
                                                                           kind: "department", extra: ["record_key: case_no"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, h.region_code, h.address FROM dwd_household h JOIN household_source s USING (household_id)
            ORDER BY 1
            """).map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)" }, [
            "A1|520382109000|贵州省遵义市仁怀市三合镇测茅香苑3栋2单元501室",
            "A2|520304104000|贵州省遵义市播州区三合镇测新苑3栋2单元501室",
            "A3|520304104000|贵州省遵义市播州区三合镇测新苑3栋2单元502室",
        ])
    }
}
