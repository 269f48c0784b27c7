import Foundation
import GRDB
import RongtongConfig
import XCTest

/// CSV exports whose headers are written the ways offices write them, read without `fields:` (automatic mapping by
/// usual headers), through the real binary into a real warehouse.
final class HeaderMatchingTests: XCTestCase {
    static let context = "context: {prefecture: 黔东南州, county: 凯里市}"

    /// Valid resident IDs (凯里市 522601), the sequence's last digit saying the gender: odd male, even female.
    static func id(_ birth: String, _ sequence: String) -> String { NightsTests.id("522601" + birth + sequence) }

    /// A pipeline with one CSV source per (name, text) file.
    static func fixture(_ files: [(name: String, text: String)], extra: [String] = []) throws -> PipelineFixture {
        let folder = try TestPaths.temporaryFolder()
        let sources = try files.map { file -> String in
            let url = folder.appendingPathComponent("\(file.name).csv")
            try file.text.appending("\n").write(to: url, atomically: true, encoding: .utf8)
            return PipelineRunTests.source(file.name, url, format: "csv", extra: [context, "max_reject_ratio: 1"] + extra)
        }
        return try PipelineFixture(sources: sources.joined(separator: "\n"))
    }

    /// Each household's columns, by head name: `name id phone count address`.
    static func households(_ fixture: PipelineFixture) throws -> [String: String] {
        let rows = try fixture.rows("""
            SELECT head_name, head_id_masked, phone_masked, member_count, address, has_disabled_member, head_gender
            FROM dwd_household
            """)
        return Dictionary(rows.map { row in
            let values: [String?] = [row["head_id_masked"], row["phone_masked"], (row["member_count"] as Int?).map(String.init),
                                     row["address"], (row["has_disabled_member"] as Int?).map(String.init), row["head_gender"]]
            return (row["head_name"] as String, values.map { $0 ?? "-" }.joined(separator: " "))
        }, uniquingKeysWith: { first, second in first + " | " + second })
    }

    /// Inner spaces (ASCII and U+3000), full-width brackets, a note or unit in brackets (`（18位）`, `（人）`,
    /// `(手机)`), a 户主 qualifier (`身份证号(户主)`, `姓名(户主)`), the slash and bracket forms of community and
    /// compound (`村（社区）`, `社区(村)`, `小区（院落）`, `小区/院落`) and the usual variants of the departments
    /// (身份证, 证件号, 户主身份证号码, 公民身份证号, 户主名, 手机, 电话号码, 联系手机, 家庭地址, 户人口数, 共居人数,
    /// 家庭成员数, 所在小区, 院落名称, 是否残疾, 楼栋号) all feed their field; an empty column of a field (人口数(人))
    /// leaves the value to the next (家庭成员数). Before, each of them was ignored without a word. 保障人口 and 保障人数
    /// (the people an allowance covers, not the household's size) feed no member count.
    func testHeadersWrittenAsOfficesWriteThemAreRead() throws {
        let (a, b, c, d, e, f) = (Self.id("19700101", "101"), Self.id("19710202", "202"), Self.id("19720303", "303"),
                                  Self.id("19730404", "404"), Self.id("19740505", "505"), Self.id("19750606", "606"))
        let fixture = try Self.fixture([
            ("wangge", """
                序号,户主 姓名,身份证号（18位）,联系电话(手机),家庭人口（人）,村（社区）,小区（院落）,楼栋号,单元,房号,是否残疾
                1,测甲,\(a),15112345671,4,永乐社区,营盘坡小区,4,1,302,是
                """),
            ("zhujian", """
                序号,所在小区,楼栋号,单元,房号,户　主,身份证号(户主),手机,共居人数
                1,营盘坡小区,5,2,101,测乙,\(b),15112345672,2
                """),
            ("minzheng", """
                姓名（户主）,公民身份证号,电话号码,保障人口,社区(村),院落名称,楼栋,单元,房号
                测丙,\(c),15112345673,3,永乐社区,营盘坡小区,6,1,201
                """),
            ("jiedao", """
                户主名,户主身份证号码,联系手机,户人口数,家庭地址
                测丁,\(d),15112345674,5,大十字街道营盘坡小区7栋1单元101室
                """),
            ("canlian", """
                户主,证件号,电话,保障人数,小区/院落,楼栋,单元,房号
                测戊,\(e),15112345675,1,营盘坡小区,8,1,102
                """),
            ("gongan", """
                户主姓名,身份证,家庭成员数,人口数(人),家庭地址
                测己,\(f),6,,大十字街道营盘坡小区9栋1单元103室
                """),
        ])
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let households = try Self.households(fixture)
        XCTAssertEqual(households.count, 6, "\(households)")
        func masked(_ id: String) -> String { String(id.prefix(6)) + "********" + String(id.suffix(4)) }
        XCTAssertEqual(households["测甲"], "\(masked(a)) 151****5671 4 贵州省黔东南苗族侗族自治州凯里市大十字街道永乐社区营盘坡小区4栋1单元302室 1 male")
        XCTAssertEqual(households["测乙"], "\(masked(b)) 151****5672 2 贵州省黔东南苗族侗族自治州凯里市大十字街道营盘坡小区5栋2单元101室 - female")
        XCTAssertEqual(households["测丙"], "\(masked(c)) 151****5673 - 贵州省黔东南苗族侗族自治州凯里市大十字街道永乐社区营盘坡小区6栋1单元201室 - male")
        XCTAssertEqual(households["测丁"], "\(masked(d)) 151****5674 5 贵州省黔东南苗族侗族自治州凯里市大十字街道营盘坡小区7栋1单元101室 - female")
        XCTAssertEqual(households["测戊"], "\(masked(e)) 151****5675 - 贵州省黔东南苗族侗族自治州凯里市大十字街道营盘坡小区8栋1单元102室 - male")
        XCTAssertEqual(households["测己"], "\(masked(f)) - 6 贵州省黔东南苗族侗族自治州凯里市大十字街道营盘坡小区9栋1单元103室 - female")
        XCTAssertFalse(result.stderr.contains("warning rongtong"), result.stderr)
    }

    /// A head's own column wins over an unqualified one: 户主性别 over 性别, 户主电话 over 联系电话 (even when 联系电话
    /// holds a mobile number and 户主电话 a landline). Before, 性别 and 联系电话 were read.
    func testTheHeadsOwnColumnWinsOverAnUnqualifiedOne() throws {
        let fixture = try Self.fixture([
            ("survey", """
                户主姓名,性别,户主性别,联系电话,户主电话,家庭住址
                测庚,女,男,15112345670,0855-8234567,大十字街道营盘坡小区4栋1单元302室
                """),
        ])
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try Self.households(fixture)["测庚"],
                       "- 085****4567 - 贵州省黔东南苗族侗族自治州凯里市大十字街道营盘坡小区4栋1单元302室 - male")
    }

    /// 残联's list, as the trial's file 05 writes it: one row per disabled person with the person's 姓名, 性别,
    /// 身份证号, and the household's 户主 and 户主身份证号. The head's ID is 户主身份证号's, the head's gender and birth
    /// date come from it, and the member's 性别 is not the head's (no gender_conflicts_with_id); the columns left to
    /// the member are said once. Before, the member's 身份证号 became the head's ID: a second household beside the
    /// head's real one.
    func testAListOfMembersWithTheirHeadsColumnsLoadsTheHeadsID() throws {
        let head = Self.id("19810922", "383"), member = Self.id("20080813", "824"), alone = Self.id("19650303", "111")
        let fixture = try Self.fixture([
            ("canlian", """
                序号,姓名,性别,身份证号,残疾类别,残疾等级,户主,户主身份证号,与户主关系,联系电话,居住地址,户口人数
                1,测方勇,女,\(member),肢体,二级,测方建国,\(head),女,15536686766,黔东南州凯里市营盘坡小区4栋1单元302室,3
                2,测单一,男,\(alone),听力,三级,测单一,\(alone),本人,15536686767,黔东南州凯里市营盘坡小区4栋1单元303室,1
                """),
            ("gongan", """
                户号,户主姓名,户主身份证号,性别,现住址,户内人数
                1,测方建国,\(head),男,大十字街道营盘坡小区4栋1单元302室,3
                """),
        ])
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let heads = try fixture.rows("SELECT head_name, head_id_hash, head_id_masked, head_gender, head_birth_date FROM dwd_household ORDER BY head_name")
        XCTAssertEqual(heads.map { "\($0["head_name"] as String) \($0["head_id_masked"] as String) \($0["head_gender"] as String) \($0["head_birth_date"] as String)" },
                       ["测单一 522601********\(alone.suffix(4)) male 1965-03-03",
                        "测方建国 522601********\(head.suffix(4)) male 1981-09-22"],
                       "one household per head, under the head's ID")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'gender_conflicts_with_id'") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_source") as Int?, 3, "the 残联 row and the 公安 row of 测方建国 are one household")
        XCTAssertTrue(result.stderr.contains("canlian.csv: the rows name the head in 户主, 户主身份证号 and someone else (a member) in 姓名, 性别, 身份证号: those columns feed none of the head's fields"), result.stderr)
    }

    /// A header written twice: `联系电话,联系电话` reads the first that is not empty, a mobile number before a landline;
    /// `公民身份号码` twice (the head's and the spouse's) gives the head the first only, never the spouse's. Each is said
    /// once. Before, the second column was never read, and nothing was said.
    func testAHeaderWrittenTwiceIsReadAndSaid() throws {
        let spouse = Self.id("19800202", "222")
        let fixture = try Self.fixture([
            ("jiedao", """
                户主名称,身份证,联系电话,联系电话,共居人数,家庭地址
                测辛,\(Self.id("19700707", "707")),0855-8234567,15112345671,2,大十字街道营盘坡小区4栋1单元302室
                测壬,\(Self.id("19710808", "808")),,15112345672,3,大十字街道营盘坡小区4栋1单元303室
                测癸,\(Self.id("19720909", "909")),0855-8234568,,3,大十字街道营盘坡小区4栋1单元304室
                """),
            ("minzheng", """
                户主姓名,公民身份号码,配偶姓名,公民身份号码,家庭住址
                测子,,测子妻,\(spouse),大十字街道营盘坡小区5栋1单元302室
                """),
        ])
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let households = try Self.households(fixture)
        XCTAssertEqual(households["测辛"]?.split(separator: " ")[1], "151****5671", "the mobile before the landline")
        XCTAssertEqual(households["测壬"]?.split(separator: " ")[1], "151****5672", "the second column where the first is empty")
        XCTAssertEqual(households["测癸"]?.split(separator: " ")[1], "085****4568")
        XCTAssertEqual(households["测子"]?.split(separator: " ")[0], "-", "never the spouse's ID")
        XCTAssertTrue(result.stderr.contains("sources.jiedao.fields.phone: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("jiedao.csv: the header 联系电话 is written 2 times (columns 联系电话, 联系电话_2); phone reads the first of them that is not empty, a mobile number before a landline"), result.stderr)
        XCTAssertTrue(result.stderr.contains("minzheng.csv: the header 公民身份号码 is written 2 times (columns 公民身份号码, 公民身份号码_2); head_id reads the first only"), result.stderr)

        // validate says it too, in its report.
        let validation = try Rongtong.run(["validate", fixture.file.path], environment: ["RONGTONG_PII_KEY": PipelineFixture.key])
        XCTAssertTrue(validation.stdout.contains("the header 联系电话 is written 2 times"), validation.stdout)
    }

    /// `fields: {head_gender: null, phone: ~, member_count: []}` leaves those fields empty: their usual headers
    /// (性别, 联系电话, 家庭人口) feed nothing, and no "never occurs" warning is given. Before, `null` was a column
    /// name that the file lacked (exit 2), and there was no way to turn automatic mapping off.
    func testAFieldMappedToNullIsLeftEmpty() throws {
        let row = """
            户主姓名,身份证号,性别,联系电话,家庭人口,家庭住址
            测丑,\(Self.id("19700101", "101")),女,15112345671,4,大十字街道营盘坡小区4栋1单元302室
            """
        let automatic = try Self.fixture([("grid", row)])
        XCTAssertEqual(try automatic.run().status, 0)
        XCTAssertEqual(try automatic.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'gender_conflicts_with_id'") as Int?, 1)

        let unmapped = try Self.fixture([("grid", row)], extra: ["fields: {head_gender: null, phone: ~, member_count: []}"])
        let result = try unmapped.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try Self.households(unmapped)["测丑"]?.split(separator: " ").prefix(3).joined(separator: " "), "522601********\(Self.id("19700101", "101").suffix(4)) - -")
        XCTAssertEqual(try unmapped.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0)
        XCTAssertFalse(result.stderr.contains("never occurs"), result.stderr)
    }

    /// A household that cannot be identified, and a file in which nothing feeds the head, name the columns that look
    /// like an ID, a name or a place but feed no field; a 户籍地址 is said to be where the hukou is registered. A
    /// file whose only place is a 户籍地址 is warned about once. Before, the messages named none of them.
    func testUnreadColumnsThatLookLikeAnIDOrAPlaceAreNamed() throws {
        let fixture = try Self.fixture([
            ("canlian", """
                户主,残疾人身份证号,户籍地址
                测寅,\(Self.id("19700101", "101")),贵州省凯里市大十字街道营盘坡小区4栋1单元302室
                """),
            ("gongan", """
                户主名称,证件号码,户籍地址
                测卯,\(Self.id("19710101", "101")),贵州省凯里市大十字街道营盘坡小区4栋1单元303室
                """),
        ])
        let result = try fixture.run()
        let message: String? = try fixture.query("SELECT message FROM etl_reject WHERE rule = 'no_identity'")
        XCTAssertEqual(message, "a head name, but no valid resident ID and no place of the record's own: its location (贵州省黔东南苗族侗族自治州凯里市) says no more than the source's context, which every record of the source has; the household cannot be identified. The file has columns that look like an ID or a place but feed no field: 残疾人身份证号, 户籍地址; map the head's and the household's under fields: (户籍地址 is where the hukou is registered, not always where the household lives: it is read as the address only when mapped, fields: {address: 户籍地址})")
        XCTAssertTrue(result.stderr.contains("gongan.csv: no field gives the households a place (address, compound, community …); columns that look like a place but feed no field: 户籍地址; map the household's under fields: (户籍地址 is where the hukou is registered"), result.stderr)
        XCTAssertEqual(try fixture.query("SELECT address FROM dwd_household WHERE head_name = '测卯'") as String?, "贵州省黔东南苗族侗族自治州凯里市",
                       "户籍地址 is not read as the address: the context alone places the household")

        let noHead = try Self.fixture([("canlian", """
            残疾人姓名,残疾人身份证号,家庭住址
            测辰,\(Self.id("19700101", "101")),大十字街道营盘坡小区4栋1单元302室
            """)])
        let failed = try noHead.run()
        XCTAssertEqual(failed.status, 2, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("no field feeds head_name or head_id, so no household could be identified; columns that look like an ID or a name but feed no field: 残疾人身份证号, 残疾人姓名; map the head's under fields:"), failed.stderr)
    }
}

/// How `HeaderKey` folds a header and finds its bare form.
final class HeaderKeyTests: XCTestCase {
    func testWhitespaceWidthAndBracketsDoNotCountAndNotesAreDropped() {
        XCTAssertEqual(HeaderKey("户主 姓名").written, "户主姓名")
        XCTAssertEqual(HeaderKey("户\u{3000}主").written, "户主")
        XCTAssertEqual(HeaderKey("村（社区）").written, "村(社区)")
        XCTAssertEqual(HeaderKey("村【社区】").written, "村(社区)")
        XCTAssertEqual(HeaderKey("Address").written, "address")
        XCTAssertEqual(HeaderKey("身份证号（18位）").bare, "身份证号")
        XCTAssertEqual(HeaderKey("家庭人口（人）").bare, "家庭人口")
        XCTAssertEqual(HeaderKey("是否低保(是/否)").bare, "是否低保")
        XCTAssertEqual(HeaderKey("身份证号(户主)").bare, "户主身份证号")
        XCTAssertEqual(HeaderKey("姓名（户主）").bare, "户主姓名")
        XCTAssertEqual(HeaderKey("户主身份证号（18位）").bare, "户主身份证号")
        XCTAssertEqual(HeaderKey("身份证号(户主)(18位)").bare, "户主身份证号")
        XCTAssertTrue(HeaderKey("身份证号(户主)").namesHead)
        XCTAssertFalse(HeaderKey("身份证号").namesHead)
    }

    /// A qualifier naming someone else, or the hukou's place, leaves the header matching only as written.
    func testAQualifierNamingSomeoneElseKeepsTheHeaderAsWritten() {
        for header in ["姓名(配偶)", "身份证号（残疾人）", "电话(监护人)", "地址(户籍)", "姓名(本人)", "身份证号(妻)"] {
            XCTAssertNil(HeaderKey(header).bare, header)
        }
        XCTAssertNil(HeaderKey("(户主)").bare)
        XCTAssertNil(HeaderKey("户主姓名").bare)
    }
}
