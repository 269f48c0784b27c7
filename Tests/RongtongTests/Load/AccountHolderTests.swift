import Foundation
import GRDB
import XCTest
@testable import RongtongNormalize

/// Utility account feeds beside a grid census (trial 11-a): an account belongs to its dwelling, and its holder is often
/// not the head of the household living there (a spouse, a former owner, a 单位).
final class AccountHolderTests: XCTestCase {
    typealias Nights = NightsTests

    /// A grid census in 贵阳市: 编号, 户主姓名, 身份证号, 联系电话, 家庭住址.
    private func census(_ rows: [String], in folder: URL) throws -> String {
        let file = folder.appendingPathComponent("grid.csv")
        try ([Nights.header] + rows).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
        return PipelineRunTests.source("grid", file, format: "csv", extra: ["record_key: 编号", "context: {prefecture: 贵阳市}"])
    }

    /// A water company's accounts: 户号, 户名 (the holder), 用水地址, 联系电话.
    private func water(_ rows: [String], in folder: URL, recordNames: String? = nil) throws -> String {
        let file = folder.appendingPathComponent("water.csv")
        try (["户号,户名,用水地址,联系电话"] + rows).joined(separator: "\n").appending("\n")
            .write(to: file, atomically: true, encoding: .utf8)
        return PipelineRunTests.source("water", file, format: "csv", owner: "贵阳市供水总公司", kind: "department", extra: [
            "record_key: 户号",
            "context: {prefecture: 贵阳市, county: 白云区}",
            "fields: {head_name: 户名, address: 用水地址, phone: 联系电话}",
        ] + (recordNames.map { ["record_names: \($0)"] } ?? []))
    }

    private func household(_ fixture: PipelineFixture, _ source: String, _ key: String) throws -> String? {
        try fixture.query("SELECT household_id FROM household_source WHERE source_id = '\(source)' AND record_key = '\(key)'")
    }

    /// 测吴晓琴 holds the water account of her husband's flat, with the household's own phone: the same flat and the
    /// same phone are one household, whatever the name; the head stays the census's. A phone households of three head
    /// names share (the grid worker's) says nothing: the account at one of their flats stays apart.
    func testASpouseHeldAccountAtTheFlatWithTheHouseholdsPhoneJoinsIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try census(["G1,测袁俊杰,,+86 19935556349,白云区大山洞街道东升小区7栋202室",
                               "G2,测李国强,,13800000011,白云区大山洞街道东升小区8栋1单元101室",
                               "G3,测王秀英,,13800000011,白云区大山洞街道东升小区9栋1单元101室",
                               "G4,测陈德明,,13800000011,白云区大山洞街道东升小区9栋1单元102室"], in: folder)
        let accounts = try water(["100614,测吴晓琴,东升小区7栋202室,19935556349",
                                  "100615,测张丽,东升小区8栋1单元101室,13800000011"], in: folder)
        let fixture = try PipelineFixture(sources: grid + "\n" + accounts)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let yuan = try household(fixture, "grid", "G1")
        XCTAssertNotNil(yuan)
        XCTAssertEqual(try household(fixture, "water", "100614"), yuan, "the spouse's account joins the flat's household")
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = '100614'") as String?, "address+phone")
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(yuan!)'") as String?, "测袁俊杰")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE compound_id = (SELECT compound_id FROM dwd_household WHERE household_id = '\(yuan!)') AND building = '7' AND room = '202'") as Int?, 1)
        // 13800000011 is the phone of three households: at 8-1-101 it identifies no one.
        XCTAssertNotEqual(try household(fixture, "water", "100615"), try household(fixture, "grid", "G2"))
    }

    /// 六盘水供电局 holds the water accounts of several flats of its staff quarters under its switchboard's phone: an
    /// organisation's name is no person, so it neither merges those flats into one household nor becomes a head name;
    /// each account joins the household of its own flat, or makes one with no head name. The load says so once.
    func testAnOrganisationHoldingAccountsAtSeveralFlatsMergesNoHouseholds() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try census(["G1,测刘明,,13900000001,白云区大山洞街道供电局宿舍2栋1单元402室",
                               "G2,测陈静,,13900000002,白云区大山洞街道供电局宿舍3栋2单元301室"], in: folder)
        let accounts = try water(["102925,六盘水供电局,供电局宿舍2-1-402,0858-8991234",
                                  "102952,六盘水供电局,供电局宿舍3栋2单元301,0858-8991234",
                                  "102960,六盘水供电局（宿舍）,供电局宿舍4栋1单元101,0858-8991234",
                                  "102961,六盘水供电局,供电局宿舍5栋1单元101,0858-8991234"], in: folder)
        let fixture = try PipelineFixture(sources: grid + "\n" + accounts)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try household(fixture, "water", "102925"), try household(fixture, "grid", "G1"))
        XCTAssertEqual(try household(fixture, "water", "102952"), try household(fixture, "grid", "G2"))
        XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT household_id) FROM household_source") as Int?, 4,
                       "two flats of the census, two flats only the accounts know")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE head_name LIKE '%供电局%'") as Int?, 0)
        XCTAssertEqual(Set(try fixture.rows("SELECT head_name FROM dwd_household WHERE head_name IS NOT NULL").map { $0["head_name"] as String }),
                       ["测刘明", "测陈静"])
        XCTAssertEqual(result.stderr.components(separatedBy: "record(s) name an organisation").count - 1, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("4 record(s) name an organisation in 户名 (六盘水供电局, 六盘水供电局(宿舍)), not a person"), result.stderr)
    }

    /// With `record_names: account_holder` the dwelling decides: 测唐芳's old account at 七星花园C栋2单元301 stays with
    /// the household living there now, although her phone and name are those of the household she heads at A栋2单元402;
    /// a spouse's account with her own phone joins too. The census's head names stay, whichever feed loads first, and
    /// a second night of the same files changes nothing and warns of no reused key.
    func testWithRecordNamesAccountHolderTheDwellingDecidesAndTheHeadNameStaysTheCensuss() throws {
        for waterFirst in [false, true] {
            let folder = try TestPaths.temporaryFolder()
            let grid = try census(["G1,测唐芳,,18202853040,白云区大山洞街道七星花园A栋2单元402室",
                                   "G2,测王建军,\(Nights.zhang),13600000045,白云区大山洞街道七星花园C栋2单元301室",
                                   "G3,测赵德明,,13700000001,白云区大山洞街道七星花园B栋1单元101室"], in: folder)
            let rows = ["104771,测唐芳,七星花园C-2-301,18202853040",
                        "104772,测孙丽,七星花园B栋1单元101,15100000009",
                        "104773,测周平,七星花园D栋1单元501,15100000010"]
            let accounts = try water(rows, in: folder, recordNames: "account_holder")
            let fixture = try PipelineFixture(sources: waterFirst ? accounts + "\n" + grid : grid + "\n" + accounts)
            for night in 1...2 {
                // Night 2: the same accounts exported again in another order.
                if night == 2 { _ = try water(rows.reversed(), in: folder, recordNames: "account_holder") }
                let result = try fixture.run()
                XCTAssertEqual(result.status, 0, result.stderr)
                XCTAssertFalse(result.stderr.contains("named another household before"), result.stderr)
                let context = "water first: \(waterFirst), night \(night)"
                XCTAssertEqual(try household(fixture, "water", "104771"), try household(fixture, "grid", "G2"), context)
                XCTAssertNotEqual(try household(fixture, "water", "104771"), try household(fixture, "grid", "G1"), context)
                XCTAssertEqual(try household(fixture, "water", "104772"), try household(fixture, "grid", "G3"), context)
                XCTAssertEqual(Set(try fixture.rows("SELECT head_name FROM dwd_household WHERE head_name IS NOT NULL").map { $0["head_name"] as String }),
                               ["测唐芳", "测王建军", "测赵德明"], context)
                XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4, context)
                // The flat only the water company knows: a household with no head name.
                XCTAssertNil(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(try household(fixture, "water", "104773") ?? "")'") as String?, context)
                XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE head_id_hash IS NOT NULL") as Int?, 1, context)
            }
        }
    }

    private func phone(_ fixture: PipelineFixture, _ source: String, _ key: String) throws -> String? {
        try fixture.query("""
            SELECT h.phone_masked FROM household_source s JOIN dwd_household h ON h.household_id = s.household_id
            WHERE s.source_id = '\(source)' AND s.record_key = '\(key)'
            """)
    }

    /// Trial 15-a's former owner: 测卢峰强's account at 8栋1单元602 (his old flat, never transferred) carries his own
    /// mobile, and 测何丽 holds the account of her husband's flat with hers. An account holder's phone is the holder's:
    /// it does not replace the phone the census gave for the head, whichever feed loads first (the disagreement is a
    /// conflict row); it fills a household the census gave no phone; the account's own phone changing on night 2
    /// replaces the phone it gave a household only accounts know. A `survivorship:` ranking the water company first for
    /// `phone` still decides. Before, the later feed's holder phone replaced the head's: 135****1398 for 测吴军.
    func testAnAccountHoldersPhoneDoesNotReplaceTheHeadsPhone() throws {
        for (waterFirst, ranked) in [(false, false), (true, false), (false, true)] {
            let folder = try TestPaths.temporaryFolder()
            let grid = try census(["G1,测吴军,,177 6955 5495,白云区大山洞街道东升小区8栋1单元602室",
                                   "G2,测何建国,,13700000002,白云区大山洞街道东升小区8栋1单元603室",
                                   "G3,测马德福,,,白云区大山洞街道东升小区8栋1单元604室"], in: folder)
            let rows = ["08646131,测卢峰强,东升小区8栋1单元602室,135 1002 1398",
                        "08646132,测何丽,东升小区8栋1单元603室,13900000003",
                        "08646133,测马德福,东升小区8栋1单元604室,13900000004",
                        "08646134,测田静,东升小区8栋1单元605室,13900000005"]
            let accounts = try water(rows, in: folder, recordNames: "account_holder")
            let fixture = try PipelineFixture(sources: (waterFirst ? accounts + "\n" + grid : grid + "\n" + accounts)
                + (ranked ? "\nsurvivorship:\n  phone: [water]" : ""))
            let context = "water first: \(waterFirst), phone ranked: \(ranked)"
            let first = try fixture.run()
            XCTAssertEqual(first.status, 0, first.stderr)
            XCTAssertEqual(try household(fixture, "water", "08646131"), try household(fixture, "grid", "G1"), context)
            XCTAssertEqual(try household(fixture, "water", "08646132"), try household(fixture, "grid", "G2"), context)
            if ranked {
                XCTAssertEqual(try phone(fixture, "grid", "G1"), "135****1398", "\(context): the ranking decides")
                continue
            }
            XCTAssertEqual(try phone(fixture, "grid", "G1"), "177****5495", "\(context): the head's phone, not the former owner's")
            XCTAssertEqual(try phone(fixture, "grid", "G2"), "137****0002", "\(context): the head's, not the wife's own")
            XCTAssertEqual(try phone(fixture, "grid", "G3"), "139****0004", "\(context): the census gave no phone")
            XCTAssertEqual(try phone(fixture, "water", "08646134"), "139****0005", context)
            if !waterFirst {
                XCTAssertEqual(try fixture.query("""
                    SELECT kept_source || '>' || offered_source FROM dwd_household_conflict
                    WHERE column_name = 'phone_hash' AND household_id = '\(try household(fixture, "grid", "G1") ?? "")'
                    """) as String?, "grid>water", context)
            }
            // Night 2: the account only the water company knows changed its phone; 测卢峰强's changed too.
            _ = try water(["08646131,测卢峰强,东升小区8栋1单元602室,13510021399"] + rows.dropFirst().dropLast()
                          + ["08646134,测田静,东升小区8栋1单元605室,13900000006"], in: folder, recordNames: "account_holder")
            let second = try fixture.run()
            XCTAssertEqual(second.status, 0, second.stderr)
            XCTAssertEqual(try phone(fixture, "grid", "G1"), "177****5495", "\(context), night 2")
            XCTAssertEqual(try phone(fixture, "water", "08646134"), "139****0006", "\(context), night 2: its own phone changed")
        }
    }

    /// Trial 15-a's 单位: 兴义盘江煤电有限责任公司 holds the accounts of four flats under its switchboard, 0859-3112345.
    /// An organisation's record gives no phone: the switchboard replaces no household's own phone and fills none,
    /// whatever the order of the rows, with or without `record_names: account_holder`. Before, the first flats in file
    /// order got 085****2345 (the last kept its own: by then the number counted as shared), and so did the flats the
    /// census gave no phone.
    func testAnOrganisationsSwitchboardIsNoHouseholdsPhone() throws {
        for recordNames in [nil, "account_holder"] {
            let folder = try TestPaths.temporaryFolder()
            let grid = try census(["G1,测刘明,,13900000001,白云区大山洞街道盘江厂宿舍2栋1单元402室",
                                   "G2,测陈静,,13900000002,白云区大山洞街道盘江厂宿舍3栋2单元301室",
                                   "G3,测周平,,13900000003,白云区大山洞街道盘江厂宿舍3栋2单元302室",
                                   "G4,测杨芳,,,白云区大山洞街道盘江厂宿舍3栋2单元303室"], in: folder)
            let accounts = try water(["102925,兴义盘江煤电有限责任公司,盘江厂宿舍2-1-402,0859-3112345",
                                      "102952,兴义盘江煤电有限责任公司,盘江厂宿舍3栋2单元301,0859-3112345",
                                      "102953,兴义盘江煤电有限责任公司,盘江厂宿舍3栋2单元302,0859-3112345",
                                      "102954,兴义盘江煤电有限责任公司,盘江厂宿舍3栋2单元303,0859-3112345",
                                      "102960,兴义盘江煤电有限责任公司,盘江厂宿舍4栋1单元101,0859-3112345"],
                                     in: folder, recordNames: recordNames)
            let fixture = try PipelineFixture(sources: grid + "\n" + accounts)
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            let context = "record_names: \(recordNames ?? "head")"
            for (key, account) in [("G1", "102925"), ("G2", "102952"), ("G3", "102953"), ("G4", "102954")] {
                XCTAssertEqual(try household(fixture, "water", account), try household(fixture, "grid", key), context)
            }
            XCTAssertEqual(try fixture.rows("SELECT phone_masked FROM dwd_household ORDER BY building, unit, room").map { $0[0] as String? },
                           ["139****0001", "139****0002", "139****0003", nil, nil], context)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_conflict WHERE column_name = 'phone_hash'") as Int?, 0,
                           "\(context): the switchboard offered no phone")
        }
    }

    /// A power account "opposite No.33" (`凉湾村2组33号对面`) is the house across from No.33, not No.33: it makes a
    /// household of its own, while an account at No.33 itself joins the census household there. The village
    /// committee's side (`马岩村村委会旁`) keeps its landmark, and a bracketed former door or village (`(原5号)`,
    /// `（原马岩村）`) makes no building and no compound (trial fringe, findings 1 and 3).
    func testAnAccountOppositeADoorMakesAHouseholdOfItsOwn() throws {
        let folder = try TestPaths.temporaryFolder()
        let censusFile = folder.appendingPathComponent("census.csv")
        try """
            户编号,户主姓名,联系电话,家庭住址
            T03,测石光辉,18785620003,碧江区川硐街道凉湾村2组33号
            T04,测杨正伟,18785620004,碧江区灯塔街道马岩村4组6号(原5号)
            T05,测吴小芳,18785620005,碧江区灯塔街道寨桂村1组3号（原马岩村）

            """.write(to: censusFile, atomically: true, encoding: .utf8)
        let powerFile = folder.appendingPathComponent("power.csv")
        try """
            yhbh,yhmc,ydz,lxdh
            P11,测石光明,碧江区川硐街道凉湾村2组33号对面,18785620011
            P12,测石光辉,碧江区川硐街道凉湾村2组33号,18785620012
            P13,测龙德贵,碧江区灯塔街道马岩村村委会旁,18785620013
            P14,测杨正伟,碧江区灯塔街道马岩村4组6号,18785620014

            """.write(to: powerFile, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("census", censusFile, format: "csv", owner: "碧江区", extra: [
                "record_key: 户编号", "context: {prefecture: 铜仁市}",
                "fields: {head_name: 户主姓名, phone: 联系电话, address: 家庭住址}"]),
            PipelineRunTests.source("power", powerFile, format: "csv", owner: "铜仁供电局", kind: "department", extra: [
                "record_key: yhbh", "context: {prefecture: 铜仁市}", "record_names: account_holder",
                "fields: {head_name: yhmc, address: ydz, phone: lxdh}"]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let no33 = try household(fixture, "census", "T03")
        XCTAssertNotNil(no33)
        XCTAssertNotEqual(try household(fixture, "power", "P11"), no33, "the house opposite No.33 is not No.33")
        XCTAssertEqual(try household(fixture, "power", "P12"), no33, "an account at No.33 itself joins its household")
        XCTAssertEqual(try household(fixture, "power", "P14"), try household(fixture, "census", "T04"))
        let lianwan = "贵州省铜仁市碧江区川硐街道凉湾村"
        XCTAssertEqual(try fixture.rows("""
            SELECT hs.record_key, h.head_name, h.address FROM household_source hs JOIN dwd_household h USING (household_id)
            ORDER BY hs.record_key
            """).map { "\($0[0] as String) \($0[1] as String? ?? "-") \($0[2] as String)" }, [
            "P11 - \(lianwan)2组33号对面",
            "P12 测石光辉 \(lianwan)2组33号",
            "P13 - 贵州省铜仁市碧江区灯塔街道马岩村村委会旁",
            "P14 测杨正伟 贵州省铜仁市碧江区灯塔街道马岩村4组6号",
            "T03 测石光辉 \(lianwan)2组33号",
            "T04 测杨正伟 贵州省铜仁市碧江区灯塔街道马岩村4组6号",
            "T05 测吴小芳 贵州省铜仁市碧江区灯塔街道寨桂村1组3号",
        ])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE building IS NOT NULL OR room IS NOT NULL") as Int?, 0)
    }

    /// Names organisations end in, longer than a person's; people with such a last character, and minority names.
    func testOrganisationNamesAreToldFromPeoplesNames() {
        for name in ["六盘水供电局", "黔南州供销合作社", "都匀发电厂", "州供销社宿舍", "华润物业", "贵阳市第一中学", "某某有限公司",
                     "大山洞社区居委会", "六盘水供电局（宿舍）", "都匀市人民医院", "水钢一村物业服务中心", "市政工程处"] {
            XCTAssertTrue(OrganisationName.isOrganisation(name), name)
        }
        for name in ["王建社", "欧阳建社", "李站", "张所", "测吴晓琴", "阿卜杜热合曼·买买提", "阿依古丽·买买提托合提局", "李中心",
                     "司马相如", "测袁俊杰", "王学校"] {
            XCTAssertFalse(OrganisationName.isOrganisation(name), name)
        }
    }
}
