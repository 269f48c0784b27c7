import Foundation
import GRDB
import XCTest

/// 民政's case names the wife as 户主 (the applicant) and lists her husband, 配偶, with his ID; the census names him as
/// head. One family, one household, whichever source loads first: `member_is_head` when the census's household is
/// there first, `member_id` when 民政's is. Real files through the real pipeline, then SQL.
final class SpouseApplicantTests: XCTestCase {
    /// Trial 13-c's family at 供电局宿舍4-2-101 (the census head 测杜宏, the applicant his wife 测钟发).
    static let husband = "520402198605244677", wife = "520402199009125086"
    /// A census head whom another family's case lists as 配偶, at another flat.
    static let apart = NightsTests.id("52040219700303401"), apartsWife = NightsTests.id("52040219720404502")

    static let censusHeader = "序号,户主姓名,身份证号,联系电话,家庭住址"
    static let census = [
        "1,测杜宏,\(husband),15163588606,贵州省安顺市西秀区南街街道供电局宿舍4栋2单元101室",
        "2,测王刚,\(apart),15163588607,贵州省安顺市西秀区南街街道供电局宿舍4栋2单元102室",
    ]

    /// 民政's whole list, NDJSON: 户主 nested, 家庭成员 with IDs and relationships, 是否低保.
    static func cases(lowIncome: String) -> [String] {
        [#"{"案件编号":"XX2024-0005","户主":{"姓名":"测钟发","身份证号":"\#(wife)"},"家庭成员":[{"姓名":"测杜宏","身份证号":"\#(husband)","与户主关系":"配偶"}],"详细地址":"安顺市西秀区南街街道供电局宿舍4-2-101","是否低保":"\#(lowIncome)"}"#,
         // The guard: she lists 测王刚 as 配偶, but lives at another flat than his census household.
         #"{"案件编号":"XX2024-0006","户主":{"姓名":"测李梅","身份证号":"\#(apartsWife)"},"家庭成员":[{"姓名":"测王刚","身份证号":"\#(apart)","与户主关系":"配偶"}],"详细地址":"安顺市西秀区南街街道供电局宿舍5-1-302","是否低保":"是"}"#]
    }

    func fixture(_ folder: URL, civilFirst: Bool) throws -> PipelineFixture {
        let census = PipelineRunTests.source("census", folder.appendingPathComponent("census.csv"), format: "csv",
                                             extra: ["record_key: 序号"])
        let civil = PipelineRunTests.source("mz", folder.appendingPathComponent("mz.ndjson"), format: "ndjson",
                                            owner: "安顺市西秀区民政局", kind: "department", extra: [
            "record_key: 案件编号",
            "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: 详细地址, members: 家庭成员, is_low_income: 是否低保}",
            "absent_means: {is_low_income: false}",
        ])
        return try PipelineFixture(sources: (civilFirst ? [civil, census] : [census, civil]).joined(separator: "\n")
            + "\nsurvivorship:\n  head_name: [census]\n  head_id: [census]\n  is_low_income: [mz]")
    }

    /// Census first (as a team writes the pipeline) or 民政 first: one household of the family at 101, the census's
    /// head 测杜宏 (ranked for the head), 低保 from 民政; the later record's rule says how it was linked. The family
    /// whose case lists the census head of 102 as 配偶 but gives another flat (5-1-302) stays two households. Night 2
    /// 民政 sends the case again, 低保 ended: it stays in the household (the applicant is remembered as a member) and
    /// the flag follows. Before, census first gave the case a household of its own (`new`): two households at 101,
    /// the census's without 低保. The head's birth date and gender are his, not hers (her ID does not win the head, so
    /// neither do the values it gives of her).
    func testTheSpousesCaseAndTheCensusHeadAreOneHouseholdInEitherOrder() throws {
        for civilFirst in [false, true] {
            let order = civilFirst ? "民政 first" : "census first"
            let folder = try TestPaths.temporaryFolder()
            try (([Self.censusHeader] + Self.census).joined(separator: "\n") + "\n")
                .write(to: folder.appendingPathComponent("census.csv"), atomically: true, encoding: .utf8)
            try (Self.cases(lowIncome: "是").joined(separator: "\n") + "\n")
                .write(to: folder.appendingPathComponent("mz.ndjson"), atomically: true, encoding: .utf8)
            let fixture = try fixture(folder, civilFirst: civilFirst)
            let first = try fixture.run()
            XCTAssertEqual(first.status, 0, first.stderr)
            func household(_ source: String, _ key: String) throws -> String? {
                try fixture.query("SELECT household_id FROM household_source WHERE source_id = '\(source)' AND record_key = '\(key)'")
            }
            let family = try XCTUnwrap(household("census", "1"), order)
            XCTAssertEqual(try household("mz", "XX2024-0005"), family, "\(order): the wife's case is her husband's household")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3, order)
            XCTAssertEqual(try fixture.rows("SELECT head_name, is_low_income FROM dwd_household WHERE household_id = '\(family)'")
                .map { "\($0[0] as String):\($0[1] as Int? ?? -1)" }, ["测杜宏:1"], order)
            XCTAssertEqual(try fixture.rows("SELECT head_birth_date, head_gender FROM dwd_household WHERE household_id = '\(family)'")
                .map { "\($0[0] as String):\($0[1] as String)" }, ["1986-05-24:male"],
                "\(order): the head's birth date and gender, not the applicant's, whose ID did not win the head")
            XCTAssertEqual(try fixture.query("""
                SELECT COUNT(*) FROM dwd_household WHERE address LIKE '%供电局宿舍4栋2单元101室'
                """) as Int?, 1, order)
            let later = civilFirst ? "SELECT match_rule FROM household_source WHERE source_id = 'census' AND record_key = '1'"
                : "SELECT match_rule FROM household_source WHERE source_id = 'mz' AND record_key = 'XX2024-0005'"
            XCTAssertEqual(try fixture.query(later) as String?, civilFirst ? "member_id" : "member_is_head", order)
            XCTAssertNotEqual(try household("mz", "XX2024-0006"), try household("census", "2"),
                              "\(order): a case listing a census head as 配偶 at another flat is another household")

            try (Self.cases(lowIncome: "否").joined(separator: "\n") + "\n")
                .write(to: folder.appendingPathComponent("mz.ndjson"), atomically: true, encoding: .utf8)
            let second = try fixture.run()
            XCTAssertEqual(second.status, 0, second.stderr)
            XCTAssertEqual(try household("mz", "XX2024-0005"), family, "\(order), night 2")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3, "\(order), night 2")
            XCTAssertEqual(try fixture.rows("SELECT head_name, is_low_income FROM dwd_household WHERE household_id = '\(family)'")
                .map { "\($0[0] as String):\($0[1] as Int? ?? -1)" }, ["测杜宏:0"], "\(order), night 2")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_relink") as Int?, 0, "\(order), night 2")
            if !civilFirst {
                XCTAssertEqual(try fixture.query(later) as String?, "member_is_head", "night 2: the rule that linked it")
            }
        }
    }

    /// Trial 18d's family in 和平村: the census names 测文国 (with his ID) as head; 民政's case names his wife
    /// 测文三秀 as applicant and lists him as 配偶, with his ID. No survivorship ranking: the case, loaded after the
    /// census, makes her the head (`member_is_head`). Night 2 the census sends that row again byte for byte beside a
    /// new household, and 民政's file is unchanged: the row is no newer than the case, so nothing changes (her the
    /// head, no history version, no new head). Before, the row took the head back (`1 new head(s)`), as if he were a
    /// member who became head, in every such family of the trial.
    func testACensusRowSentAgainUnchangedTakesNoHeadBackFromTheSpousesCase() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), cases = folder.appendingPathComponent("mz.ndjson")
        let header = "户编号,户主,身份证号码,手机号码,现住址,人口数"
        let row = "荔波-H086,测文国,522722194110289131,18754711763,荔波县小七孔镇和平村2组56号,2"
        try [header, row, ""].joined(separator: "\n").write(to: census, atomically: true, encoding: .utf8)
        try (#"{"case_no": "MZ2023-0016", "applicant": {"name": "测文三秀", "id_card": "522722198503165672", "phone": "18754711763"}, "members": [{"name": "测文国", "relation": "配偶", "id_card": "522722194110289131"}], "address": {"county": "荔波县", "town": "小七孔镇", "village": "和平村委会", "detail": "2组56号"}}"#
             + "\n").write(to: cases, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("census", census, format: "csv", owner: "黔南布依族苗族自治州", extra: [
                "record_key: 户编号", "context: {prefecture: 黔南州}",
                "fields: {head_name: 户主, head_id: 身份证号码, phone: 手机号码, address: 现住址, member_count: 人口数}",
            ]),
            PipelineRunTests.source("civil", cases, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
                "record_key: case_no",
                "fields: {head_name: applicant.name, head_id: applicant.id_card, phone: applicant.phone, members: members, county: address.county, township: address.town, community: address.village, address: address.detail}",
            ]),
        ].joined(separator: "\n"))
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        let family = try XCTUnwrap(try fixture.query("SELECT household_id FROM household_source WHERE record_key = '荔波-H086'") as String?)
        XCTAssertEqual(try fixture.query("SELECT household_id FROM household_source WHERE record_key = 'MZ2023-0016'") as String?, family)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(family)'") as String?, "测文三秀")

        try [header, row, "荔波-H999,测莫兰,522722197001011230,13800000000,荔波县小七孔镇和平村3组1号,1", ""]
            .joined(separator: "\n").write(to: census, atomically: true, encoding: .utf8)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try fixture.query("SELECT household_id FROM household_source WHERE record_key = '荔波-H086'") as String?, family)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(family)'") as String?, "测文三秀",
                       "the row sent again unchanged takes nothing back")
        XCTAssertEqual(try fixture.rows("SELECT valid_from_run FROM dwd_household_history WHERE household_id = '\(family)'")
            .map { $0[0] as Int }, [1], "no history version on night 2")
        XCTAssertFalse(second.stderr.contains("new head"), second.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)

        // Night 3 the row changes in another column (人口数 2 → 3) and names the same head as before: still no new
        // head (the recheck of trial 18d: H224's 是否低保 否 → blank took the head back); the changed value is taken.
        try [header, row.replacingOccurrences(of: "2组56号,2", with: "2组56号,3"),
             "荔波-H999,测莫兰,522722197001011230,13800000000,荔波县小七孔镇和平村3组1号,1", ""]
            .joined(separator: "\n").write(to: census, atomically: true, encoding: .utf8)
        let third = try fixture.run()
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertEqual(try fixture.query("SELECT household_id FROM household_source WHERE record_key = '荔波-H086'") as String?, family)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(family)'") as String?, "测文三秀",
                       "a row changed elsewhere, naming the head it named before, takes no head back")
        XCTAssertEqual(try fixture.query("SELECT member_count FROM dwd_household WHERE household_id = '\(family)'") as Int?, 3)
        XCTAssertFalse(third.stderr.contains("new head"), third.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
    }

    /// The registry's XML: its 户 elements (`HeadChangeTests.household`).
    func writeRegistry(_ households: [String], to file: URL) throws {
        try ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<户籍信息>\n" + households.joined(separator: "\n") + "\n</户籍信息>\n")
            .write(to: file, atomically: true, encoding: .utf8)
    }

    /// The registry (公安) lists 李勇's 户 with his wife; on night 2 his son 李明 registers a 户 of his own at the same
    /// flat (分户), which lists his father as a member (rare): the registry lists the two apart, so the son's 户 stays
    /// a household of its own. 民政's case of the son's wife, listing him as 配偶, joins the son's household; a case
    /// listing both heads of the flat joins neither by that evidence. The registry is ranked for the head.
    func testASonsOwnHouseholdListingHisFatherStaysApart() throws {
        typealias H = HeadChangeTests
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("huji.xml"), cases = folder.appendingPathComponent("dibao.ndjson")
        let daughterInLaw = NightsTests.id("52010219800808808"), aunt = NightsTests.id("52010219550505505")
        let father = H.household("HJ1", head: ("李勇", H.husband), members: [("李勇", "户主", H.husband), ("余开元", "妻", H.wife)])
        try writeRegistry([father], to: registry)
        try "\n".write(to: cases, atomically: true, encoding: .utf8)
        let gab = """
              - name: gab
                owner: 贵州省公安厅
                kind: department
                entity: household
                format: xml
                path: \(registry.path)
                options:
                  record_path: /户籍信息/户
                  repeated: 成员列表/成员
                record_key: "@户号"
                fields:
                  head_name: 户主/姓名
                  head_id: 户主/身份证号
                  address: 住址
                  members: 成员列表/成员
            """
        let mz = PipelineRunTests.source("mz", cases, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
            "record_key: case_no",
            "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: address, members: 家庭成员}",
        ])
        let fixture = try PipelineFixture(sources: gab + "\n" + mz + "\nsurvivorship:\n  head_name: [gab]\n  head_id: [gab]")
        XCTAssertEqual(try fixture.run().status, 0)

        try writeRegistry([father, H.household("HJ2", head: ("李明", H.son),
                                                members: [("李明", "户主", H.son), ("李勇", "父亲", H.husband)])], to: registry)
        func member(_ name: String, _ id: String, _ relation: String) -> String {
            #"{"姓名":"\#(name)","身份证号":"\#(id)","与户主关系":"\#(relation)"}"#
        }
        try [#"{"case_no":"MZ1","户主":{"姓名":"王芳","身份证号":"\#(daughterInLaw)"},"家庭成员":[\#(member("李明", H.son, "配偶"))],"address":"\#(H.flat)"}"#,
             #"{"case_no":"MZ2","户主":{"姓名":"李秀英","身份证号":"\#(aunt)"},"家庭成员":[\#(member("李勇", H.husband, "兄")),\#(member("李明", H.son, "侄"))],"address":"\#(H.flat)"}"#]
            .joined(separator: "\n").appending("\n").write(to: cases, atomically: true, encoding: .utf8)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        func household(_ source: String, _ key: String) throws -> String? {
            try fixture.query("SELECT household_id FROM household_source WHERE source_id = '\(source)' AND record_key = '\(key)'")
        }
        let fathers = try XCTUnwrap(household("gab", "HJ1")), sons = try XCTUnwrap(household("gab", "HJ2"))
        XCTAssertNotEqual(sons, fathers, "the son's own 户 is another household")
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'HJ2'") as String?, "new")
        XCTAssertEqual(try household("mz", "MZ1"), sons, "his wife's case lists him")
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'MZ1'") as String?, "member_is_head")
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'MZ2'") as String?, "new",
                       "listing both heads of the flat")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3)
    }

    /// Trial 14-b's village door: the registry's 户 at 干堰村3组12号 names the husband (测杨大山, with his ID) and lists
    /// his wife 测吴小花 as 妻, with the family's phone; a census row without an ID names her as 户主 at the door, with
    /// that phone. The same door and the same phone are one household whatever the names (`address+phone`), as at a
    /// flat; the head stays the registry's. The flat rule's guards hold at a door: another valid ID at the door is
    /// another household, so is another phone there, a road's door number (a whole building) and two rows of the
    /// census at one door sharing a landline (listed apart). Before, the wife's row made a second household at
    /// 干堰村3组12号 (`new`).
    func testTheWifeNamedAsHeadAtAVillageDoorWithItsPhoneJoinsTheRegistrysHousehold() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("reg.xml"), census = folder.appendingPathComponent("census.csv")
        let id = { (body: String) in NightsTests.id(body) }
        func household(_ key: String, _ address: String, _ phone: String, _ members: [(String, String, String)]) -> String {
            let listed = members.map { #"<member relation="\#($0.1)"><name>\#($0.0)</name><idNo>\#($0.2)</idNo></member>"# }
            return #"  <household id="\#(key)"><address>\#(address)</address><phone>\#(phone)</phone><members>"#
                + listed.joined() + "</members></household>"
        }
        try (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<registry>",
              household("R1", "长春堡镇干堰村3组12号", "13985012345",
                        [("测杨大山", "户主", id("52240119750101118")), ("测吴小花", "妻", id("52240119820304231"))]),
              household("R2", "长春堡镇干堰村3组15号", "13985012346", [("测周明", "户主", id("52240119700505101"))]),
              household("R3", "市西街道洪山路123号", "13985012347", [("测陈国", "户主", id("52240119660606106"))]),
              "</registry>", ""].joined(separator: "\n")).write(to: registry, atomically: true, encoding: .utf8)
        try """
            序号,户主姓名,身份证号,联系电话,现住址
            1,测吴小花,,13985012345,干堰村3组12号
            2,测刘芳,\(id("52240119880808202")),13985012346,干堰村3组15号
            3,测张丽,,13985012347,市西街道洪山路123号
            4,测王五,,13985012399,干堰村3组16号
            5,测李秀英,,13985012399,干堰村3组16号
            6,测孙梅,,13985099999,干堰村3组12号

            """.write(to: census, atomically: true, encoding: .utf8)
        let context = "context: {prefecture: 毕节市, county: 七星关区}"
        let reg = PipelineRunTests.source("reg", registry, format: "xml", owner: "毕节市公安局七星关分局", kind: "department", extra: [
            "options: {record_path: /registry/household, repeated: members/member}",
            #"record_key: "@id""#, context,
            "fields:", "  head_name: members/member[relation=户主]/name", "  head_id: members/member[relation=户主]/idNo",
            "  address: address", "  phone: phone", "  members: members/member",
        ])
        let grid = PipelineRunTests.source("census", census, format: "csv", owner: "毕节市七星关区", extra: ["record_key: 序号", context])
        let fixture = try PipelineFixture(sources: reg + "\n" + grid)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        func household(_ source: String, _ key: String) throws -> String? {
            try fixture.query("SELECT household_id FROM household_source WHERE source_id = '\(source)' AND record_key = '\(key)'")
        }
        let family = try XCTUnwrap(household("reg", "R1"))
        XCTAssertEqual(try household("census", "1"), family, "the wife's row at the registry's door with its phone")
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE source_id = 'census' AND record_key = '1'") as String?,
                       "address+phone")
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(family)'") as String?, "测杨大山")
        XCTAssertNotNil(try fixture.query("SELECT head_id_hash FROM dwd_household WHERE household_id = '\(family)'") as String?)
        XCTAssertNotEqual(try household("census", "2"), try household("reg", "R2"), "another valid ID at the door")
        XCTAssertNotEqual(try household("census", "3"), try household("reg", "R3"), "a road's door number")
        XCTAssertNotEqual(try household("census", "4"), try household("census", "5"), "two rows of one census at one door")
        XCTAssertNotEqual(try household("census", "6"), family, "another phone at the door")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 8)
    }

    /// Trial 15-a's 泉都花园 family: the census names the wife, 测石文明, as 户主 without an ID; the registry's 户 at that
    /// flat, with the family's phone, names her husband 测石华英 as 户主 with his ID and lists her as 配偶. The registry
    /// ranks first for the head: the household's head is 测石华英, with his ID, gender and birth date, whichever feed
    /// loads first, and stays so on night 2. A registry 户 at a flat with the household's phone that does not list the
    /// census's head (another family's record, a spouse's name) replaces no head name. With the census ranked first for
    /// the head, the registry's head, ID, gender and birth date all stay out: no name of one person with another's ID.
    /// Before, census first, the registry's record linked by `address+phone` and its head was withheld as a member's:
    /// 测石文明 stayed, with no ID.
    func testTheRegistrysHeadListingTheCensussHeadAsSpouseIsTheHead() throws {
        let husband = NightsTests.id("52010219890914897"), wife = NightsTests.id("52010219920227202")
        for (censusFirst, registryRanked) in [(true, true), (false, true), (true, false)] {
            let order = (censusFirst ? "census first" : "registry first") + (registryRanked ? "" : ", census ranked first")
            let folder = try TestPaths.temporaryFolder()
            let registry = folder.appendingPathComponent("reg.xml"), census = folder.appendingPathComponent("census.csv")
            func household(_ key: String, _ address: String, _ phone: String, _ members: [(String, String, String)]) -> String {
                let listed = members.map { #"<member relation="\#($0.1)"><name>\#($0.0)</name><idNo>\#($0.2)</idNo></member>"# }
                return #"  <household id="\#(key)"><address>\#(address)</address><phone>\#(phone)</phone><members>"#
                    + listed.joined() + "</members></household>"
            }
            try (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<registry>",
                  household("R1", "白云区大山洞街道泉都花园4栋1单元302室", "17776075538",
                            [("测石华英", "户主", husband), ("测石文明", "配偶", wife)]),
                  household("R2", "白云区大山洞街道泉都花园4栋1单元303室", "17776075539",
                            [("测赵强", "户主", NightsTests.id("52010219800303101")),
                             ("测李娟", "配偶", NightsTests.id("52010219820404202"))]),
                  "</registry>", ""].joined(separator: "\n")).write(to: registry, atomically: true, encoding: .utf8)
            try """
                序号,户主姓名,身份证号,联系电话,家庭住址
                46,测石文明,无,17776075538,白云区大山洞街道泉都花园4-1-302
                47,测孙梅,,17776075539,白云区大山洞街道泉都花园4-1-303

                """.write(to: census, atomically: true, encoding: .utf8)
            let context = "context: {prefecture: 贵阳市}"
            let reg = PipelineRunTests.source("reg", registry, format: "xml", owner: "贵阳市公安局", kind: "department", extra: [
                "options: {record_path: /registry/household, repeated: members/member}",
                #"record_key: "@id""#, context,
                "fields:", "  head_name: members/member[relation=户主]/name", "  head_id: members/member[relation=户主]/idNo",
                "  address: address", "  phone: phone", "  members: members/member",
            ])
            let grid = PipelineRunTests.source("census", census, format: "csv", extra: ["record_key: 序号", context])
            let fixture = try PipelineFixture(sources: (censusFirst ? [grid, reg] : [reg, grid]).joined(separator: "\n")
                + (registryRanked ? "\nsurvivorship:\n  head_name: [reg, census]\n  head_id: [reg, census]"
                    : "\nsurvivorship:\n  head_name: [census, reg]\n  head_id: [census, reg]"))
            for night in 1...2 {
                let result = try fixture.run()
                XCTAssertEqual(result.status, 0, result.stderr)
                func household(_ source: String, _ key: String) throws -> String? {
                    try fixture.query("SELECT household_id FROM household_source WHERE source_id = '\(source)' AND record_key = '\(key)'")
                }
                let family = try XCTUnwrap(household("census", "46"), order)
                XCTAssertEqual(try household("reg", "R1"), family, "\(order), night \(night)")
                let head = try XCTUnwrap(fixture.rows("""
                    SELECT head_name, head_id_masked, head_gender, head_birth_date FROM dwd_household WHERE household_id = '\(family)'
                    """).first)
                if !registryRanked {
                    XCTAssertEqual(head[0] as String?, "测石文明", "\(order), night \(night)")
                    XCTAssertNil(head[1] as String?, "\(order), night \(night): not her husband's ID with her name")
                    XCTAssertNil(head[3] as String?, "\(order), night \(night)")
                    continue
                }
                XCTAssertEqual(head[0] as String?, "测石华英", "\(order), night \(night)")
                XCTAssertEqual(head[1] as String?, String(husband.prefix(6)) + "********" + String(husband.suffix(4)), "\(order), night \(night)")
                XCTAssertEqual(head[2] as String?, "male", "\(order), night \(night)")
                XCTAssertEqual(head[3] as String?, "1989-09-14", "\(order), night \(night)")
                let other = try XCTUnwrap(household("census", "47"), order)
                XCTAssertEqual(try household("reg", "R2"), other, "\(order), night \(night): the same flat and phone")
                XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(other)'") as String?,
                               censusFirst ? "测孙梅" : "测赵强", "\(order), night \(night): a 户 not listing the census's head")
                XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2, "\(order), night \(night)")
            }
        }
    }
}
