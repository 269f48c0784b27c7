import XCTest
import RongtongConfig
import RongtongNormalize

/// The address parser: every written form of the issue, the ambiguity rules, and the accuracy floor on
/// `samples/addresses/labelled.csv`.
final class AddressParserTests: XCTestCase {
    private static let parser: AddressParser = {
        // A missing bundle is a packaging bug every test should report, not a reason to skip.
        AddressParser(directory: try! RegionDirectory.bundled())
    }()

    private var parser: AddressParser { Self.parser }

    // MARK: - Levels written out or left out

    func testFullAddressResolvesEveryLevel() {
        let parsed = parser.parse("贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室")
        XCTAssertEqual(parsed.prefectureCode, "520100000000")
        XCTAssertEqual(parsed.countyCode, "520113000000")
        XCTAssertEqual(parsed.townshipCode, "520113006000")
        XCTAssertEqual(parsed.regionCode, "520113006000")
        XCTAssertEqual(parsed.regionLevel, .township)
        XCTAssertEqual(parsed.compound, "东升小区")
        XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "501"])
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室")
        XCTAssertTrue(parsed.ambiguousCandidates.isEmpty)
    }

    /// Trial 17e: `九龙街道龙&凤苑9栋4单元101室` gave the compound 龙凤苑, and so did every `&`, `+` or middle dot inside
    /// a name. Now the name and the address keep them as written; spaces, dashes and punctuation at either end still
    /// go, and the dwelling is read as before.
    func testJoinersInsideACompoundNameAreKept() {
        let liuzhi = AddressContext(county: "六枝特区")
        let cases: [(String, AddressContext, compound: String, normalized: String)] = [
            ("九龙街道龙&凤苑9栋4单元101室", liuzhi, "龙&凤苑", "贵州省六盘水市六枝特区九龙街道龙&凤苑9栋4单元101室"),
            ("九龙街道龙＆凤苑9栋4单元101室", liuzhi, "龙&凤苑", "贵州省六盘水市六枝特区九龙街道龙&凤苑9栋4单元101室"),
            ("南明区万科·金域华府3栋2单元501室", AddressContext(), "万科·金域华府", "贵州省贵阳市南明区万科·金域华府3栋2单元501室"),
            ("南明区A+B公寓3栋501室", AddressContext(), "A+B公寓", "贵州省贵阳市南明区A+B公寓3栋501室"),
            ("南明区龙 凤苑3栋501室", AddressContext(), "龙凤苑", "贵州省贵阳市南明区龙凤苑3栋501室"),
            ("南明区&东升小区&3栋501室", AddressContext(), "东升小区", "贵州省贵阳市南明区东升小区3栋501室"),
            ("南明区东升小区，3栋501室", AddressContext(), "东升小区", "贵州省贵阳市南明区东升小区3栋501室"),
        ]
        for (text, context, compound, normalized) in cases {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertEqual(parsed.normalized, normalized, text)
            XCTAssertEqual(parsed.building, text.contains("9栋") ? "9" : "3", text)
        }
    }

    /// Another province, in full or short with its prefecture or district, is outside Guizhou; Guizhou's roads,
    /// townships and markets named after provinces are not.
    func testAddressesInOtherProvincesAreRecognisedAndGuizhouNamesAlikeAreNot() {
        let context = AddressContext(prefecture: "贵阳市")
        let outside = ["四川省成都市武侯区锦里小区3栋": "四川省", "中国云南省昆明市五华区": "云南省",
                       "广西南宁市青秀区": "广西壮族自治区", "重庆渝中区和平小区1栋101": "重庆市", "重庆市渝中区": "重庆市",
                       "黑龙江哈尔滨市道里区": "黑龙江省", "湖南湘西州吉首市": "湖南省", "四川成都武侯区玉林小区3栋": "四川省",
                       "江西赣州市章贡区": "江西省", "浙江温州市鹿城区": "浙江省"]
        for (text, province) in outside {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.outsideProvince, province, text)
            XCTAssertNil(parsed.regionCode, text)
            XCTAssertNil(parsed.compound, text)
        }
        for text in ["云岩区北京路12号", "北京路街道北京市场小区1栋", "江西坡镇", "上海路街道上海市场2栋", "重庆路小区1栋",
                     "北京市场3号", "河北井社区居委会"] {
            let parsed = parser.parse(text, context: context)
            XCTAssertNil(parsed.outsideProvince, text)
            XCTAssertNotNil(parsed.regionCode, text)
        }
    }

    /// 2号变压器, 一号门岗: the number of a thing at the place, kept in the address, never a building; a compound
    /// named after one (三号井小区) stays a compound.
    func testNumberedThingsAreSpotsNotBuildings() {
        let cases: [(String, compound: String?, building: String?, normalized: String)] = [
            ("南明区富源小区2号变压器旁", "富源小区", nil, "贵州省贵阳市南明区富源小区2号变压器旁"),
            ("南明区富源小区一号门岗", "富源小区", nil, "贵州省贵阳市南明区富源小区一号门岗"),
            ("贵阳市南明区花果园街道2号变压器旁", nil, nil, "贵州省贵阳市南明区花果园街道2号变压器旁"),
            ("南明区富源小区3栋2号充电桩", "富源小区", "3", "贵州省贵阳市南明区富源小区3栋"),
            ("南明区三号井小区1栋", "三号井小区", "1", "贵州省贵阳市南明区三号井小区1栋"),
            ("南明区富源小区12号", "富源小区", "12", "贵州省贵阳市南明区富源小区12栋"),
            ("南明区三号井小区北门", "三号井小区", nil, "贵州省贵阳市南明区三号井小区北门"),
            ("南明区三号井小区3号门", "三号井小区", nil, "贵州省贵阳市南明区三号井小区3号门"),
            ("南明区凤凰山小区1号配电房", "凤凰山小区", nil, "贵州省贵阳市南明区凤凰山小区1号配电房"),
            ("南明区凤凰山小区北门1号消火栓", "凤凰山小区", nil, "贵州省贵阳市南明区凤凰山小区北门1号消火栓"),
            ("南明区凤凰山小区2号路灯", "凤凰山小区", nil, "贵州省贵阳市南明区凤凰山小区2号路灯"),
            ("南明区水钢一村停车场", "水钢一村", nil, "贵州省贵阳市南明区水钢一村停车场"),
        ]
        for (text, compound, building, normalized) in cases {
            let parsed = parser.parse(text)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertEqual(parsed.building, building, text)
            XCTAssertEqual(parsed.normalized, normalized, text)
        }
    }

    /// A door number after a village or community is a locator, like 3组15号; a compound named like a village keeps
    /// its building.
    func testDoorNumberAfterAVillageOrCommunityIsNotABuilding() {
        let context = AddressContext(prefecture: "黔南州", county: "都匀市")
        let cases: [(String, street: String?, building: String?, compound: String?, unresolved: String?)] = [
            ("都匀市墨冲镇墨冲村15号", "15号", nil, nil, nil),
            ("都匀市广惠街道东山社区12号", "12号", nil, nil, nil),
            ("都匀市墨冲镇新坪村村民委员会8号", "8号", nil, nil, nil),
            ("都匀市墨冲镇新场村15号", "15号", nil, nil, "新场村"),
            ("都匀市墨冲镇墨冲村十五号", "15号", nil, nil, nil),
            ("都匀市墨冲镇墨冲村三组二十三号", "3组23号", nil, nil, nil),
            ("都匀市墨冲镇墨冲村3组第23号", "3组23号", nil, nil, nil),
            ("都匀市墨冲镇墨冲村3组023号", "3组23号", nil, nil, nil),
            ("都匀市水钢一村15号", nil, "15", "水钢一村", nil),
            ("都匀市大山洞新村4号", nil, "4", "大山洞新村", nil),
            ("都匀市东升小区12号", nil, "12", "东升小区", nil),
        ]
        for (text, street, building, compound, unresolved) in cases {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.street, street, text)
            XCTAssertEqual(parsed.building, building, text)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertEqual(parsed.unresolvedDivision, unresolved, text)
        }
        XCTAssertEqual(parser.parse("都匀市墨冲镇墨冲村15号").normalized, "贵州省黔南布依族苗族自治州都匀市墨冲镇墨冲村15号")
    }

    /// A shantytown or an area named after its lane, road or village (梁子巷棚户区, 东门路片区, 戈座村棚户区) keeps that
    /// name: 棚户区, 棚改区 and 片区 alone name no place, and a 小区 column that spells the name out (双井巷棚户区)
    /// must name the same compound. A road before another compound's name is still the street.
    func testAShantytownNamedAfterItsLaneKeepsTheLane() {
        let cases: [(String, context: AddressContext, compound: String, street: String?)] = [
            ("凯里市西门街道梁子巷棚户区40号", AddressContext(prefecture: "黔东南州"), "梁子巷棚户区", nil),
            ("七星关区市东街道双井巷棚户区121号", AddressContext(prefecture: "毕节市"), "双井巷棚户区", nil),
            ("贵州省毕节市七星关区市东街道双井巷棚户区", AddressContext(), "双井巷棚户区", nil),
            ("凯里市西门街道东门路棚户区3号", AddressContext(), "东门路棚户区", nil),
            ("凯里市西门街道文化街棚改区8号", AddressContext(), "文化街棚改区", nil),
            ("凯里市西门街道东门路片区8号", AddressContext(), "东门路片区", nil),
            ("七星关区撒拉溪镇戈座村棚户区12号", AddressContext(prefecture: "毕节市"), "戈座村棚户区", nil),
            ("凯里市西门街道梁子巷小区40号", AddressContext(), "梁子巷小区", nil),
            ("凯里市西门街道梁子巷阳光小区3栋", AddressContext(), "阳光小区", "梁子巷"),
        ]
        for (text, context, compound, street) in cases {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertEqual(parsed.street, street, text)
        }
        XCTAssertEqual(parser.parse("七星关区撒拉溪镇戈座村棚户区12号").communityCode, "520502106202")
    }

    /// Staff quarters named after their road (洗马路职工宿舍, 友谊路家属院: the housing department lists them so)
    /// keep the road: 职工宿舍, 家属院 and 干部宿舍 alone name no place, every township has one. A door number after
    /// the road stays the street (洗马路12号职工宿舍: the compound is matched to the road's one when it is loaded),
    /// and a road before a compound of its own name is still the street (洗马路金桂苑). Before (trial 13-b), the
    /// road was the street and `职工宿舍` the compound, a compound the list never confirmed.
    func testStaffQuartersNamedAfterTheirRoadKeepTheRoad() {
        let zunyi = AddressContext(prefecture: "遵义市")
        let cases: [(String, compound: String?, street: String?, region: String)] = [
            ("汇川区洗马路街道洗马路职工宿舍1栋2单元302室", "洗马路职工宿舍", nil, "520303002000"),
            ("洗马路职工宿舍12-2-403", "洗马路职工宿舍", nil, "520300000000"),
            ("汇川区洗马路街道友谊路家属院3栋1单元101室", "友谊路家属院", nil, "520303002000"),
            ("汇川区洗马路街道友谊路职工家属院3栋1单元101室", "友谊路职工家属院", nil, "520303002000"),
            ("汇川区洗马路街道延安路干部宿舍2栋101室", "延安路干部宿舍", nil, "520303002000"),
            ("汇川区洗马路街道洗马路12号职工宿舍1栋2单元302室", "职工宿舍", "洗马路12号", "520303002000"),
            ("汇川区洗马路街道洗马路金桂苑1栋2单元302室", "金桂苑", "洗马路", "520303002000"),
            ("汇川区洗马路街道洗马路职工医院宿舍1栋", "职工医院宿舍", "洗马路", "520303002000"),
        ]
        for (text, compound, street, region) in cases {
            let parsed = parser.parse(text, context: zunyi)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertEqual(parsed.street, street, text)
            XCTAssertEqual(parsed.regionCode, region, text)
        }
    }

    /// A compound named after its county whose kind word is misspelt (播州花圆 for 播州花园, 仁怀新邨) is read as the
    /// name written with the word meant is: the county's short name before it is the compound's, not the county.
    /// Before, `播州花圆3栋…` was compound `花圆` in 播州区. Misspelt names after a township keep their spelling (the
    /// load matches 烟草宿社 to 烟草宿舍).
    func testAMisspeltKindWordAfterACountysShortNameKeepsTheName() {
        let zunyi = AddressContext(prefecture: "遵义市")
        let cases: [(String, compound: String, region: String)] = [
            ("播州花圆3栋3单元301室", "播州花圆", "520300000000"),
            ("播州花园3栋3单元301室", "播州花园", "520300000000"),
            ("南白街道播州花圆3栋3单元301室", "播州花圆", "520304001000"),
            ("播州区播州花圆3栋3单元301室", "播州花圆", "520304000000"),
            ("苍龙街道烟草宿社3栋1单元601室", "烟草宿社", "520382003000"),
            ("红花岗区长征街道长征新邨3栋1单元601室", "长征新邨", "520302009000"),
        ]
        for (text, compound, region) in cases {
            let parsed = parser.parse(text, context: zunyi)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertEqual(parsed.regionCode, region, text)
        }
    }

    /// A house in a shantytown or area (棚户区, 棚改区, 片区) has a door number, not a building: `N号` after its
    /// name is the room whatever N's size (40号 was building 40, 135号 room 135), as a 房号 column's `17号` is, so
    /// that the two feeds link. Buildings written as such, and ordinary compounds, read as before; a village's
    /// door stays its street.
    func testADoorInAShantytownIsItsRoomWhateverItsSize() {
        let context = AddressContext(prefecture: "黔东南州")
        let cases: [(String, building: String?, unit: String?, room: String?, normalizedEnd: String)] = [
            ("凯里市西门街道梁子巷棚户区40号", nil, nil, "40", "西门街道梁子巷棚户区40室"),
            ("凯里市西门街道梁子巷棚户区135号", nil, nil, "135", "西门街道梁子巷棚户区135室"),
            ("镇远县舞阳镇石屏棚户区17号", nil, nil, "17", "舞阳镇石屏棚户区17室"),
            ("镇远县舞阳镇石屏棚户区第17号", nil, nil, "17", "舞阳镇石屏棚户区17室"),
            ("镇远县舞阳镇石屏棚户区十七号", nil, nil, "17", "舞阳镇石屏棚户区17室"),
            ("镇远县舞阳镇石屏棚户区017号", nil, nil, "17", "舞阳镇石屏棚户区17室"),
            ("镇远县舞阳镇石屏棚户区17", nil, nil, "17", "舞阳镇石屏棚户区17室"),
            ("镇远县舞阳镇石屏棚户区17号（东户）", nil, nil, "17", "舞阳镇石屏棚户区17室"),
            ("镇远县舞阳镇石屏棚户区12-1号", nil, nil, "12-1", "舞阳镇石屏棚户区12-1室"),
            ("镇远县舞阳镇石屏棚户区5号附1号", nil, nil, "5附1", "舞阳镇石屏棚户区5附1室"),
            ("凯里市西门街道东门路片区8号", nil, nil, "8", "西门街道东门路片区8室"),
            // Buildings written as such, and numbers after the door, read as in any compound.
            ("凯里市洗马河街道洗马河棚户区3栋201室", "3", nil, "201", "洗马河棚户区3栋201室"),
            ("凯里市洗马河街道洗马河棚户区3号楼", "3", nil, nil, "洗马河棚户区3栋"),
            ("凯里市洗马河街道洗马河棚户区3-2-501", "3", "2", "501", "洗马河棚户区3栋2单元501室"),
            ("凯里市洗马河街道洗马河棚户区12-1", "12", nil, "1", "洗马河棚户区12栋1室"),
            // Ordinary compounds: unchanged.
            ("凯里市西门街道梁子巷小区40号", "40", nil, nil, "梁子巷小区40栋"),
            ("凯里市西门街道州府大院3号", "3", nil, nil, "州府大院3栋"),
            ("凯里市西门街道州府大院301号", nil, nil, "301", "州府大院301室"),
        ]
        for (text, building, unit, room, normalizedEnd) in cases {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.building, building, text)
            XCTAssertEqual(parsed.unit, unit, text)
            XCTAssertEqual(parsed.room, room, text)
            XCTAssertTrue(parsed.normalized.hasSuffix(normalizedEnd), "\(text): \(parsed.normalized)")
        }
        XCTAssertEqual(parser.parse("镇远县舞阳镇石屏棚户区17号（东户）", context: context).remark, "东户")
        XCTAssertEqual(parser.parse("石屏棚户区17号", context: AddressContext(county: "镇远县")).room, "17")
        // A village's door stays the street, with no room.
        let village = parser.parse("都匀市墨冲镇墨冲村15号", context: AddressContext(prefecture: "黔南州"))
        XCTAssertEqual([village.street, village.room, village.compound], ["15号", nil, nil])
    }

    /// A shantytown's name in a 小区 column of its own (`AddressContext.compound`), its house's door in the address
    /// column: the door is the room whatever its size, as in the one text `太慈桥棚户区38号` (trial 14-c: 38号 was
    /// building 38). Whatever divisions the address writes before the door; a building written as such, numbers after
    /// the door, an ordinary compound's column and an address with a compound or road of its own read as before.
    func testADoorBesideAShantytownColumnIsItsRoom() {
        func parsed(_ text: String, _ compound: String?) -> ParsedAddress {
            parser.parse(text, context: AddressContext(prefecture: "贵阳市", county: "南明区", township: "兴关路街道",
                                                       compound: compound))
        }
        let cases: [(String, compound: String?, building: String?, unit: String?, room: String?)] = [
            ("38号", "太慈桥棚户区", nil, nil, "38"),
            ("38", "太慈桥棚户区", nil, nil, "38"),
            ("第38号", "太慈桥棚户区", nil, nil, "38"),
            ("三十八号", "太慈桥棚户区", nil, nil, "38"),
            ("56号", "太慈桥棚户区", nil, nil, "56"),
            ("138号", "太慈桥棚户区", nil, nil, "138"),
            ("12-1号", "太慈桥棚户区", nil, nil, "12-1"),
            ("5号附1号", "太慈桥棚户区", nil, nil, "5附1"),
            ("兴关路街道38号", "太慈桥棚户区", nil, nil, "38"),
            ("贵阳市南明区兴关路街道38号", "太慈桥棚户区", nil, nil, "38"),
            ("8号", "东门路片区", nil, nil, "8"),
            ("17号", "石屏棚改区", nil, nil, "17"),
            // Read as before.
            ("38号", nil, "38", nil, nil),
            ("38号", "东升小区", "38", nil, nil),
            ("3栋201室", "太慈桥棚户区", "3", nil, "201"),
            ("38号2单元", "太慈桥棚户区", "38", "2", nil),
            ("3号楼", "太慈桥棚户区", "3", nil, nil),
        ]
        for (text, compound, building, unit, room) in cases {
            let address = parsed(text, compound)
            XCTAssertEqual([address.building, address.unit, address.room], [building, unit, room], "\(text) beside \(compound ?? "-")")
        }
        XCTAssertEqual(parsed("38号（东户）", "太慈桥棚户区").remark, "东户")
        // The one text gives the same room.
        XCTAssertEqual(parser.parse("南明区兴关路街道太慈桥棚户区38号", context: AddressContext(prefecture: "贵阳市")).room, "38")
        // A compound or road the address writes itself keeps its own reading.
        let road = parsed("兴关路38号", "太慈桥棚户区")
        XCTAssertEqual([road.street, road.building, road.room], ["兴关路38号", nil, nil])
        let own = parsed("东升小区38号", "太慈桥棚户区")
        XCTAssertEqual([own.compound, own.building, own.room], ["东升小区", "38", nil])
    }

    /// Formal numerals (叁栋贰单元, 叁组拾伍号) read as the digits they stand for, so that a receipt-style address and an
    /// Arabic one give the same building, unit, room and door; a surname written like one (陆家巷, 伍家小区) stays a name.
    func testFormalNumeralsReadAsDigits() {
        let context = AddressContext(prefecture: "贵阳市")
        let cases: [(String, compound: String?, building: String?, unit: String?, room: String?, street: String?)] = [
            ("云岩区东升小区叁栋贰单元501室", "东升小区", "3", "2", "501", nil),
            ("云岩区东升小区壹栋", "东升小区", "1", nil, nil, nil),
            ("花溪区青岩镇龙井村叁组拾伍号", nil, nil, nil, nil, "3组15号"),
            ("花溪区青岩镇龙井村贰拾组壹佰零叁号", nil, nil, nil, nil, "20组103号"),
            ("南明区陆家巷12号", nil, nil, nil, nil, "陆家巷12号"),
            ("南明区伍家小区2栋", "伍家小区", "2", nil, nil, nil),
        ]
        for (text, compound, building, unit, room, street) in cases {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertEqual(parsed.building, building, text)
            XCTAssertEqual(parsed.unit, unit, text)
            XCTAssertEqual(parsed.room, room, text)
            XCTAssertEqual(parsed.street, street, text)
        }
        XCTAssertEqual(parser.parse("花溪区青岩镇龙井村叁组拾伍号").normalized, parser.parse("花溪区青岩镇龙井村3组15号").normalized)
    }

    /// A division's bare name before a road names the road (遵义路, 花溪大道北段88号), and repeated after its own
    /// division before a compound word, the compound (乌当区乌当小区).
    func testBareDivisionNamesBeforeRoadsAndRepeatedBeforeCompoundsAreNames() {
        let context = AddressContext(prefecture: "贵阳市")
        let cases: [(String, compound: String?, street: String?, region: String, normalized: String)] = [
            ("乌当区乌当小区3栋", "乌当小区", nil, "520112000000", "贵州省贵阳市乌当区乌当小区3栋"),
            ("白云区白云小区1栋", "白云小区", nil, "520113000000", "贵州省贵阳市白云区白云小区1栋"),
            ("花溪区花溪大道北段88号", nil, "花溪大道北段88号", "520111000000", "贵州省贵阳市花溪区花溪大道北段88号"),
            ("遵义路12号", nil, "遵义路12号", "520100000000", "贵州省贵阳市遵义路12号"),
            ("安顺路小区2栋", "安顺路小区", nil, "520100000000", "贵州省贵阳市安顺路小区2栋"),
            ("云岩区中华北路123号2楼", nil, "中华北路123号", "520103000000", "贵州省贵阳市云岩区中华北路123号"),
            ("云岩区中华北路123号2楼201室", nil, "中华北路123号", "520103000000", "贵州省贵阳市云岩区中华北路123号201室"),
        ]
        for (text, compound, street, region, normalized) in cases {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertEqual(parsed.street, street, text)
            XCTAssertEqual(parsed.regionCode, region, text)
            XCTAssertEqual(parsed.normalized, normalized, text)
        }
    }

    /// A township whose name starts with its county's or prefecture's ending, after the short form (赤水 + 市中街道,
    /// written 赤水市中街道; 毕节 + 市西街道): the township is read, not a compound `中街道…`; and no compound's name
    /// starts with what is left of a township's name (`中街道`).
    func testATownshipStartingWithTheDivisionsEndingAfterItsShortFormIsTheTownship() {
        let cases: [(String, township: String, compound: String)] = [
            ("赤水市中街道赤水河畔11栋1单元402室", "520381001000", "赤水河畔"),
            ("赤水市市中街道赤水河畔3栋1单元402室", "520381001000", "赤水河畔"),
            ("遵义市赤水市中街道红军街小区2栋101室", "520381001000", "红军街小区"),
            ("毕节市西街道洪山小区3栋201室", "520502001000", "洪山小区"),
            ("毕节市东街道麻园小区1栋101室", "520502002000", "麻园小区"),
        ]
        for (text, township, compound) in cases {
            let parsed = parser.parse(text)
            XCTAssertEqual(parsed.townshipCode, township, text)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertNil(parsed.unresolvedDivision, text)
        }
        let remnant = parser.parse("南明区中街道阳光小区3栋201室")
        XCTAssertEqual(remnant.compound, "阳光小区")
        XCTAssertEqual(remnant.unresolvedDivision, "中街道")
    }

    /// A county's short name opening a compound's name (播州印象, 赤水河畔) stays in it after the county's full name
    /// or when the county is known from a 区县 column or the context; before a township it is the county.
    func testACountysShortNameOpeningACompoundAfterTheCountyIsTheCompounds() {
        let cases: [(String, AddressContext, compound: String, region: String)] = [
            ("播州区播州印象3栋1单元201室", AddressContext(), "播州印象", "520304000000"),
            ("遵义市播州区播州印象3栋1单元201室", AddressContext(), "播州印象", "520304000000"),
            ("赤水市赤水河畔3栋1单元201室", AddressContext(), "赤水河畔", "520381000000"),
            ("赤水河畔8#4-604", AddressContext(county: "赤水市"), "赤水河畔", "520381000000"),
            ("播州印象7栋2单元201室", AddressContext(county: "播州"), "播州印象", "520304000000"),
            ("仁怀茅台镇茅台酒厂家属院3栋201室", AddressContext(county: "仁怀市"), "茅台酒厂家属院", "520382117000"),
            ("乌当区乌当小区3栋", AddressContext(), "乌当小区", "520112000000"),
        ]
        for (text, context, compound, region) in cases {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertEqual(parsed.regionCode, region, text)
        }
    }

    /// An old compound named with its county, written alone (平坝化肥厂宿舍, 花溪钢厂宿舍): the county's short name
    /// is the county's, although a township elsewhere shares it (金沙县平坝镇, 黔西市花溪乡), whose bare name counts
    /// only before its villages.
    func testACountysShortNameATownshipElsewhereSharesOpensTheAddress() {
        let cases: [(String, compound: String, region: String)] = [
            ("平坝化肥厂宿舍3栋201", "化肥厂宿舍", "520403000000"),
            ("花溪钢厂宿舍3栋201", "钢厂宿舍", "520111000000"),
            ("清镇电厂宿舍3栋2单元201", "电厂宿舍", "520181000000"),
        ]
        for (text, compound, region) in cases {
            let parsed = parser.parse(text)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertEqual(parsed.regionCode, region, text)
        }
    }

    /// 铜仁市 or 毕节市 given as the county (a context, a 区县 column) is the county-level city its seat district was.
    func testAFormerSeatCityGivenAsTheCountyIsItsDistrict() {
        XCTAssertEqual(parser.parse("金滩小区3栋", context: AddressContext(prefecture: "铜仁市", county: "铜仁市")).regionCode,
                       "520602000000")
        XCTAssertEqual(parser.parse("某小区3栋", context: AddressContext(county: "毕节市")).regionCode, "520502000000")
        XCTAssertEqual(parser.resolve(prefecture: nil, county: "遵义市", township: nil, community: nil,
                                      context: AddressContext()).regionCode, "520302000000")
        XCTAssertEqual(parser.parse("铜仁市金滩小区3栋").regionCode, "520600000000", "in an address, the prefecture")
    }

    func testOmittedProvinceAndPrefectureAreFilledIn() {
        let parsed = parser.parse("白云区大山洞街道东升小区3栋2单元501室")
        XCTAssertEqual(parsed.prefectureCode, "520100000000")
        XCTAssertEqual(parsed.townshipCode, "520113006000")
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室")
    }

    func testContextFillsWhatTheAddressLeavesOut() {
        let parsed = parser.parse("东升小区3栋2单元501室", context: AddressContext(prefecture: "贵阳", county: "白云区"))
        XCTAssertEqual(parsed.regionCode, "520113000000")
        XCTAssertEqual(parsed.regionLevel, .county)
        XCTAssertEqual(parsed.compound, "东升小区")
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市白云区东升小区3栋2单元501室")
    }

    func testContextGivenAsCodesResolves() {
        XCTAssertEqual(parser.parse("东升小区", context: AddressContext(county: "520113")).countyCode, "520113000000")
        XCTAssertEqual(parser.parse("东升小区", context: AddressContext(township: "520113006")).townshipCode,
                       "520113006000")
        XCTAssertEqual(parser.parse("东升小区", context: AddressContext(prefecture: "520300000000")).regionCode,
                       "520300000000")
    }

    func testContextGoesDeeperThanTheText() {
        let parsed = parser.parse("白云区东升小区3栋", context: AddressContext(township: "大山洞街道"))
        XCTAssertEqual(parsed.townshipCode, "520113006000")
    }

    func testTextNamingAnotherPrefectureWinsOverContext() {
        let parsed = parser.parse("遵义市汇川区阳光小区2栋", context: AddressContext(prefecture: "贵阳市"))
        XCTAssertEqual(parsed.countyCode, "520303000000")
        XCTAssertTrue(parsed.ambiguousCandidates.isEmpty)
    }

    // MARK: - Short and former names

    func testShortPrefectureNameResolves() {
        let expected = ["贵阳": "520100000000", "遵义": "520300000000", "黔南州": "522700000000",
                        "黔东南": "522600000000", "黔西南州": "522300000000", "六盘水": "520200000000"]
        for (short, code) in expected {
            XCTAssertEqual(parser.parse(short + "阳光小区3栋").regionCode, code, short)
        }
        XCTAssertEqual(parser.parse("黔南州都匀市阳光小区").countyCode, "522701000000")
    }

    func testPrefixOfALongerPrefectureNameIsNotTakenForIt() {
        // 黔西 is a county (黔西市) and also the start of 黔西南州; the longer name wins where it is written.
        XCTAssertEqual(parser.parse("黔西南州兴义市阳光小区").countyCode, "522301000000")
        XCTAssertEqual(parser.parse("黔西市阳光小区").countyCode, "520581000000")
    }

    func testAutonomousCountyShortNamesResolve() {
        XCTAssertEqual(parser.parse("三都县阳光小区").countyCode, "522732000000")
        XCTAssertEqual(parser.parse("遵义道真县阳光小区").countyCode, "520325000000")
        XCTAssertEqual(parser.parse("黔南三都三合街道阳光小区").townshipCode, "522732001000")
    }

    /// An autonomous county or prefecture written with part of its nationalities, in another order, or with 州 for
    /// 自治州 is that division, and the rest of the address is read under it: one spelling for every form.
    func testAutonomousNamesWithSomeOfTheirNationalitiesInAnyOrderResolve() {
        let door = "陕桥街道阳关村三组12号"
        let reference = parser.parse("威宁县" + door)
        XCTAssertEqual(reference.regionCode, "520526004201")
        XCTAssertEqual(reference.normalized, "贵州省毕节市威宁彝族回族苗族自治县陕桥街道阳关村3组12号")
        for county in ["威宁彝族自治县", "威宁回族彝族苗族自治县", "威宁彝族回族自治县", "威宁苗族县", "毕节市威宁彝族自治县",
                       "威宁彝族回族苗族自治县"] {
            let parsed = parser.parse(county + door)
            XCTAssertEqual(parsed.regionCode, reference.regionCode, county)
            XCTAssertEqual(parsed.normalized, reference.normalized, county)
            XCTAssertNil(parsed.unresolvedDivision, county)
            XCTAssertNil(parsed.inexactDivisionName, county)
        }
        let kaili = parser.parse("黔东南州凯里市大十字街道金井村2组7号")
        XCTAssertEqual(kaili.regionCode, "522601002200")
        for prefecture in ["黔东南苗族侗族州", "黔东南侗族苗族自治州", "黔东南苗族州"] {
            let parsed = parser.parse(prefecture + "凯里市大十字街道金井村2组7号")
            XCTAssertEqual(parsed.regionCode, kaili.regionCode, prefecture)
            XCTAssertEqual(parsed.normalized, kaili.normalized, prefecture)
        }
        XCTAssertEqual(parser.parse("黔南苗族布依族州都匀市阳光小区").countyCode, "522701000000")
        XCTAssertEqual(parser.parse("松桃苗族土家族自治县阳光小区").countyCode, "520628000000")
        XCTAssertEqual(parser.parse("六盘水市六枝特区梭戛彝族苗族乡阳光小区").townshipCode, "520203203000")
        // The names as a column or context gives them.
        let directory = parser.directory
        XCTAssertEqual(directory.regions(named: "威宁彝族自治县", level: .county, under: nil).map(\.code), ["520526000000"])
        XCTAssertEqual(directory.regions(named: "黔东南苗族侗族州", level: nil, under: nil).map(\.code), ["522600000000"])
        // A reordering never shadows another division's official name: 兴隆苗族乡 is 大方县's.
        XCTAssertEqual(directory.regions(named: "兴隆苗族乡", level: .township, under: nil).map(\.code), ["520521215000"])
    }

    /// A county that names its own prefecture wins over the source's context of another one, as 威宁县 does.
    func testAnAutonomousCountyWrittenShortWinsOverAnotherPrefecturesContext() {
        let context = AddressContext(prefecture: "六盘水市")
        XCTAssertEqual(parser.parse("威宁县陕桥街道阳关村三组12号", context: context).regionCode, "520526004201")
        let parsed = parser.parse("威宁彝族自治县陕桥街道阳关村三组12号", context: context)
        XCTAssertEqual(parsed.regionCode, "520526004201")
        XCTAssertEqual(parsed.normalized, "贵州省毕节市威宁彝族回族苗族自治县陕桥街道阳关村3组12号")
    }

    /// A nationality that is not the county's own: its place stem and ending still name it, the rest of the address
    /// is read under it, and what was dropped is reported.
    func testAnAutonomousCountyWrittenWithAnotherNationalityIsReadAndTheNationalityReported() {
        let parsed = parser.parse("威宁布依族自治县陕桥街道阳关村三组12号")
        XCTAssertEqual(parsed.regionCode, "520526004201")
        XCTAssertEqual(parsed.normalized, "贵州省毕节市威宁彝族回族苗族自治县陕桥街道阳关村3组12号")
        XCTAssertNil(parsed.unresolvedDivision)
        XCTAssertEqual(parsed.inexactDivisionName, InexactDivisionName(
            written: "威宁布依族自治县", official: "威宁彝族回族苗族自治县", code: "520526000000", matched: "威宁",
            ending: "自治县", nationalities: ["彝族", "回族", "苗族"], dropped: ["布依族"]))
        let mixed = parser.parse("威宁彝族侗族县陕桥街道阳关村三组12号")
        XCTAssertEqual(mixed.regionCode, "520526004201")
        XCTAssertEqual(mixed.inexactDivisionName?.dropped, ["侗族"])
        // Text that is no nationality before 自治县: a variant character (彜 for 彝), an abbreviation.
        for (county, dropped) in [("威宁彜族自治县", ["彜族"]), ("威宁彝回苗自治县", ["彝回苗"])] {
            let parsed = parser.parse(county + "陕桥街道阳关村三组12号")
            XCTAssertEqual(parsed.regionCode, "520526004201", county)
            XCTAssertEqual(parsed.inexactDivisionName?.dropped, dropped, county)
        }
        // No ending after the nationalities, or text that is no nationality before 县 alone: nothing is read into it.
        XCTAssertNil(parser.parse("威宁苗族小区3栋").inexactDivisionName)
        XCTAssertNotEqual(parser.parse("威宁彜族县陕桥街道阳关村三组12号").regionCode, "520526004201")
    }

    /// An autonomous county written with 自治州, the prefecture's ending, is that county: the address reads on to its
    /// township, and the parser says the ending was another level's. Before, 威宁 alone matched and 彝族自治州 was
    /// glued to the township (`…自治县彝族自治州草海镇…`, placed at the county). A prefecture keeps its own ending.
    func testAnAutonomousCountyWrittenWithThePrefecturesEndingIsThatCounty() {
        for (written, township) in [("毕节市威宁彝族自治州", "520526100000"), ("威宁自治州", "520526100000"),
                                    ("威宁回族彝族苗族自治州", "520526100000")] {
            let parsed = parser.parse(written + "草海镇建设路12号")
            XCTAssertEqual(parsed.regionCode, township, written)
            XCTAssertEqual(parsed.normalized, "贵州省毕节市威宁彝族回族苗族自治县草海镇建设路12号", written)
            XCTAssertEqual(parsed.inexactDivisionName?.endingOfAnotherLevel, true, written)
            XCTAssertEqual(parsed.inexactDivisionName?.dropped, [], written)
        }
        XCTAssertEqual(parser.parse("道真仡佬族苗族自治州玉溪镇").countyCode, "520325000000")
        // Another nationality and the wrong ending together are too far from the name: not read as the county.
        XCTAssertNotEqual(parser.parse("威宁布依族自治州草海镇建设路12号").regionCode, "520526100000")
        let prefecture = parser.parse("黔南布依族苗族自治州三都县三合街道")
        XCTAssertEqual(prefecture.regionCode, "522732001000")
        XCTAssertNil(prefecture.inexactDivisionName)
    }

    func testBareCountyNameAfterPrefectureResolves() {
        let parsed = parser.parse("贵阳南明新华路街道阳光小区")
        XCTAssertEqual(parsed.countyCode, "520102000000")
        XCTAssertEqual(parsed.townshipCode, "520102016000")
    }

    func testBareCountyNameOpeningACompoundIsNotTakenForTheCounty() {
        // 花溪苑小区 is a compound; reading 花溪 as 花溪区 would invent a county.
        let parsed = parser.parse("花溪苑小区3栋", context: AddressContext(prefecture: "贵阳"))
        XCTAssertEqual(parsed.regionCode, "520100000000")
        XCTAssertNil(parsed.countyCode)
        XCTAssertEqual(parsed.compound, "花溪苑小区")
        XCTAssertNil(parser.parse("贵州省花溪苑小区3栋").countyCode)
        XCTAssertEqual(parser.parse("贵阳花溪青岩镇阳光小区").townshipCode, "520111101000")
    }

    func testEthnicTownshipShortNameResolves() {
        XCTAssertEqual(parser.parse("白云区都拉乡阳光小区").townshipCode, "520113200000")
        XCTAssertEqual(parser.parse("白云区都拉布依族乡阳光小区").townshipCode, "520113200000")
    }

    func testStreetOfficeSuffixesNameTheSubdistrict() {
        XCTAssertEqual(parser.parse("安顺西秀区东关街道办事处阳光小区").townshipCode, "520402005000")
        XCTAssertEqual(parser.parse("安顺西秀区东关办事处阳光小区").townshipCode, "520402005000")
    }

    /// 老城办, 老城街办, 上海路办 right after their county (written, or the source's context) are the sub-district
    /// (老城街道, 上海路街道), and the compound follows; the same words after another county, or with no county
    /// known, are no township of it and stay as written.
    func testShortSubdistrictOfficeAfterItsCountyIsTheSubdistrict() {
        let cases: [(String, AddressContext, township: String, compound: String)] = [
            ("红花岗区老城办丁字口小区6栋1单元601室", AddressContext(), "520302001000", "丁字口小区"),
            ("红花岗区老城街办丁字口小区6栋1单元601室", AddressContext(), "520302001000", "丁字口小区"),
            ("红花岗区老城街道办丁字口小区6栋1单元601室", AddressContext(), "520302001000", "丁字口小区"),
            ("汇川区上海路办温馨苑2栋1单元201", AddressContext(), "520303001000", "温馨苑"),
            ("遵义市汇川区上海路街办温馨苑2栋1单元201", AddressContext(), "520303001000", "温馨苑"),
            ("老城办丁字口小区6栋1单元601室", AddressContext(prefecture: "遵义市", county: "红花岗区"), "520302001000", "丁字口小区"),
        ]
        for (text, context, township, compound) in cases {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.townshipCode, township, text)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertTrue(parsed.ambiguousCandidates.isEmpty, text)
        }
        XCTAssertEqual(parser.parse("红花岗区老城办丁字口小区6栋1单元601室").normalized,
                       "贵州省遵义市红花岗区老城街道丁字口小区6栋1单元601室")
        // 老城街道 lies in 红花岗区, not 汇川区: there 老城办 is no township, and no conflict either.
        let elsewhere = parser.parse("汇川区老城办丁字口小区6栋")
        XCTAssertEqual(elsewhere.regionCode, "520303000000")
        XCTAssertTrue(elsewhere.ambiguousCandidates.isEmpty)
        XCTAssertNil(parser.parse("老城办丁字口小区6栋").townshipCode)
    }

    func testFormerCountyNameResolvesToCurrentCode() {
        XCTAssertEqual(parser.parse("水城县阳光小区").countyCode, "520204000000")
        XCTAssertEqual(parser.parse("遵义县阳光小区").countyCode, "520304000000")
        let expected = ["贵阳市小河区": "520111000000", "小河区阳光小区": "520111000000", "盘县": "520281000000",
                        "黔西县": "520581000000", "平坝县": "520403000000", "铜仁县阳光小区": "520602000000",
                        "万山特区": "520603000000"]
        for (written, code) in expected {
            let parsed = parser.parse(written)
            XCTAssertEqual(parsed.countyCode, code, written)
            XCTAssertFalse(parsed.isAmbiguous, written)
        }
        XCTAssertNil(parser.parse("贵阳市小河区").compound)
        XCTAssertEqual(parser.parse("贵阳市小河区").normalized, "贵州省贵阳市花溪区")
    }

    /// A county-level city or district written as the county it was before 撤县设市 (都匀县 for 都匀市, 兴义县 for 兴义市,
    /// 凯里县 for 凯里市) is that city, and the address reads on: township, community, door. Before, the stem alone
    /// matched and its 县 was glued to the township (`…都匀市县文峰街道`, placed at the county).
    func testACityWrittenAsTheCountyItWasIsThatCity() {
        let duyun = parser.parse("黔南州都匀县文峰街道文峰社区12号")
        XCTAssertEqual(duyun.countyCode, "522701000000")
        XCTAssertEqual(duyun.townshipCode, "522701002000")
        XCTAssertEqual(duyun.normalized.hasPrefix("贵州省黔南布依族苗族自治州都匀市文峰街道"), true, duyun.normalized)
        let xingyi = parser.parse("兴义县桔山街道")
        XCTAssertEqual(xingyi.countyCode, "522301000000")
        XCTAssertNotNil(xingyi.townshipCode)
        XCTAssertFalse(xingyi.normalized.contains("县"), xingyi.normalized)
        XCTAssertEqual(parser.parse("凯里县").countyCode, "522601000000")
        // A district too (南明县), and a name that is a county's own stays that county (威宁县).
        XCTAssertEqual(parser.parse("南明县油榨街道").countyCode, "520102000000")
        XCTAssertEqual(parser.parse("威宁县").countyCode, "520526000000")
    }

    func testFormerTownshipNameResolvesOnlyWhenUnambiguous() {
        // 红果镇 became 红果街道 (盘州市); no other 红果 exists.
        XCTAssertEqual(parser.parse("红果镇阳光小区").townshipCode, "520281004000")
        XCTAssertEqual(parser.parse("盘县红果镇阳光小区").townshipCode, "520281004000")
        // Trial addresses, kind C: towns renamed (中岭镇 → 骔岭镇) or respelled in a character GBK cannot encode
        // (桴焉镇 → 桴㯊镇) are found by the name feeds write, down to their village.
        XCTAssertEqual(parser.parse("正安县桴焉镇坪生村3组12号").communityCode, "520324116201")
        XCTAssertEqual(parser.parse("纳雍县中岭镇海雍村3组4号").communityCode, "520525101200")
        XCTAssertEqual(parser.parse("中岭镇海雍村3组4号", context: AddressContext(prefecture: "毕节市")).communityCode, "520525101200")
        // Their former stems too, as a stem before one of the town's villages (recheck repro 5).
        XCTAssertEqual(parser.parse("中岭旧院3组5号", context: AddressContext(prefecture: "毕节市")).communityCode, "520525101207")
        XCTAssertEqual(parser.parse("桴焉四联3组5号", context: AddressContext(prefecture: "遵义市")).communityCode, "520324116202")
        XCTAssertEqual(parser.parse("中岭花园3栋", context: AddressContext(prefecture: "毕节市")).compound, "中岭花园")
        // 龙场镇 is a current name five times over: the former name of 修文县's 龙场街道 does not join them ...
        XCTAssertEqual(parser.parse("龙场镇阳光小区").ambiguousCandidates.count, 5)
        // ... but under 修文县, where only 龙场街道 fits, it is that.
        XCTAssertEqual(parser.parse("修文县龙场镇阳光小区").townshipCode, "520123001000")
        // A former name is weak evidence: before a compound word it is the compound's (阳光街道 was never 阳光乡村),
        // and it never contradicts the county written before it.
        XCTAssertNil(parser.parse("阳光乡村小区3栋").regionCode)
        XCTAssertEqual(parser.parse("阳光乡村小区3栋").compound, "阳光乡村小区")
        let underAnotherCounty = parser.parse("白云区阳光乡村小区3栋")
        XCTAssertFalse(underAnotherCounty.isAmbiguous)
        XCTAssertEqual(underAnotherCounty.compound, "阳光乡村小区")
    }

    func testGenericTownshipUnderACountyWithoutOneResolvesToTheCounty() {
        // 平坝县城关镇 became 街道s; 城关镇 must not point to 施秉县's 城关镇 nor end up in the compound.
        let parsed = parser.parse("平坝县城关镇阳光小区3栋")
        XCTAssertEqual(parsed.regionCode, "520403000000")
        XCTAssertNil(parsed.townshipCode)
        XCTAssertFalse(parsed.isAmbiguous)
        XCTAssertEqual(parsed.unresolvedDivision, "城关镇")
        XCTAssertEqual(parsed.compound, "阳光小区")
        XCTAssertEqual(parsed.normalized, "贵州省安顺市平坝区城关镇阳光小区3栋")
        XCTAssertEqual(parser.parse("施秉县城关镇阳光小区").townshipCode, "522623100000")
    }

    func testUniqueBareCountyNameOpensAnAddress() {
        XCTAssertEqual(parser.parse("凯里").countyCode, "522601000000")
        XCTAssertEqual(parser.parse("仁怀").countyCode, "520382000000")
        let parsed = parser.parse("仁怀阳光小区3栋")
        XCTAssertEqual(parsed.countyCode, "520382000000")
        XCTAssertEqual(parsed.compound, "阳光小区")
        XCTAssertEqual(parser.parse("贵州省凯里阳光小区").countyCode, "522601000000")
        XCTAssertEqual(parser.parse("凯里阳光小区", context: AddressContext(prefecture: "黔东南")).countyCode,
                       "522601000000")
    }

    func testBareCountyNameFollowedByACompoundWordStaysTheCompound() {
        for written in ["花溪苑小区3栋", "白云花园3栋", "南明小区3栋", "白云3栋"] {
            let parsed = parser.parse(written)
            XCTAssertNil(parsed.countyCode, written)
            XCTAssertEqual(parsed.building, "3", written)
        }
        XCTAssertEqual(parser.parse("白云花园3栋").compound, "白云花园")
        // A bare name at the start that the source's context contradicts is a compound's name, not a county.
        let parsed = parser.parse("花溪阳光小区", context: AddressContext(prefecture: "遵义"))
        XCTAssertEqual(parsed.regionCode, "520300000000")
        XCTAssertEqual(parsed.compound, "花溪阳光小区")
    }

    // MARK: - Building, unit, room

    func testDashFormSplitsBuildingUnitRoom() {
        let parsed = parser.parse("白云区大山洞街道东升小区3-2-501")
        XCTAssertEqual(parsed.compound, "东升小区")
        XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "501"])
    }

    func testBuildingThenDashFormSplitsUnitAndRoom() {
        let parsed = parser.parse("东升小区3号楼2-501")
        XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "501"])
    }

    /// Trial addresses, kind A: a flat written by its floor and its number on the floor (`1单元2楼3号`) kept only the
    /// number, so the third flats of the second and third floors were one dwelling. The short number is the floor's,
    /// written as the dash form writes it (2-1-3-2 → room 3-2); a room numbered with its floor stays itself.
    func testAShortRoomNumberAfterItsFloorKeepsTheFloor() {
        let cases: [(String, [String?])] = [
            ("东升小区1单元2楼3号", [nil, "1", "2-3"]),
            ("东升小区2栋1单元3楼2号", ["2", "1", "3-2"]),
            ("东升小区2栋1单元三楼二号", ["2", "1", "3-2"]),
            ("东升小区2-1-3-2", ["2", "1", "3-2"]),
            ("东升小区2栋1单元3层12号", ["2", "1", "3-12"]),
            ("东升小区2栋1单元3楼302", ["2", "1", "302"]),
            ("东升小区2栋1单元3楼302室", ["2", "1", "302"]),
            ("东升小区1单元负一楼2号", [nil, "1", "负1-2"]),
            // (Recheck: with a side after it, the flat was room `3楼2号东户`.)
            ("东升小区2栋1单元3楼2号东户", ["2", "1", "3-2"]),
            ("东升小区2栋3楼2号东户", ["2", nil, "3-2"]),
        ]
        for (text, expected) in cases {
            let parsed = parser.parse(text)
            XCTAssertEqual([parsed.building, parsed.unit, parsed.room], expected, text)
            XCTAssertEqual(parsed.compound, "东升小区", text)
        }
        XCTAssertNotEqual(parser.parse("东升小区1单元2楼3号").room, parser.parse("东升小区1单元3楼3号").room)
        // At a road's door (trial flats, repro 4) and in a compound named as one building, as in a compound: the
        // floor is no building there, and a short number is still the floor's.
        for (text, room) in [("云岩区中华北路127号3楼2号", "3-2"), ("云岩区中华北路127号2楼2号", "2-2"),
                             ("云岩区中华北路127号3楼302", "302"), ("科技大楼5楼2号", "5-2"), ("科技大楼5楼501室", "501"),
                             // (Recheck: after 层 or a basement floor, 5号 was read as building 5 with the floor lost.)
                             ("云岩区中华北路127号3层5号", "3-5"), ("云岩区中华北路127号三层十二号", "3-12"),
                             ("云岩区中华北路127号负一楼2号", "负1-2")] {
            let parsed = parser.parse(text)
            XCTAssertEqual(parsed.room, room, text)
            XCTAssertNil(parsed.building, text)
        }
    }

    func testEveryBuildingMarkerGivesTheSameBuilding() {
        for written in ["3栋", "3幢", "3号楼", "3座", "三栋", "第3栋", "3#"] {
            let parsed = parser.parse("东升小区\(written)2单元501室")
            XCTAssertEqual(parsed.building, "3", written)
            XCTAssertEqual(parsed.room, "501", written)
        }
    }

    func testChineseNumeralsGiveArabicNumbers() {
        let parsed = parser.parse("东升小区三栋二单元五零一室")
        XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "501"])
        XCTAssertEqual(parser.parse("东升小区十二栋").building, "12")
        XCTAssertEqual(parser.parse("东升小区二十五栋三单元五百零一室").room, "501")
    }

    func testFullWidthDigitsAreFolded() {
        let parsed = parser.parse("东升小区３栋２单元５０１室")
        XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "501"])
        XCTAssertEqual(parser.parse("东升小区３－２－５０１").room, "501")
    }

    func testRoomMarkedWithShiOrHaoIsTheRoom() {
        XCTAssertEqual(parser.parse("东升小区3栋2单元501室").room, "501")
        XCTAssertEqual(parser.parse("东升小区3栋2单元501号").room, "501")
        XCTAssertEqual(parser.parse("东升小区3栋2单元501").room, "501")
        XCTAssertEqual(parser.parse("东升小区3栋2单元5楼501室").room, "501")
    }

    func testLetteredBlockIsTheBuilding() {
        let parsed = parser.parse("东升小区a座501号")
        XCTAssertEqual(parsed.building, "A")
        XCTAssertEqual(parsed.room, "501")
    }

    /// A lettered building written with `#` (`B#1-401`) or a dash (`A-3-402`) is building B or A, and the numbers
    /// after it unit and room, as `3#2-502` and `3-2-501` are; the letter never joins the compound's name.
    func testLetteredBuildingWithHashOrDashIsTheBuilding() {
        let cases: [(String, [String?])] = [
            ("龙坑安置小区B#1-401", ["B", "1", "401"]), ("龙坑安置小区C#2-302", ["C", "2", "302"]),
            ("龙坑安置小区3#2-502", ["3", "2", "502"]), ("龙坑安置小区A-3-402", ["A", "3", "402"]),
            ("龙坑安置小区E-3-202", ["E", "3", "202"]), ("龙坑安置小区 E 3 202", ["E", "3", "202"]),
            ("龙坑安置小区B-501号", ["B", nil, "501"]), ("龙坑安置小区3栋B-501", ["3", "B", "501"]),
            ("龙坑安置小区A-3栋2单元", ["A3", "2", nil]), ("龙坑安置小区A3栋2单元", ["A3", "2", nil]),
        ]
        for (written, flat) in cases {
            let parsed = parser.parse("播州区龙坑街道" + written)
            XCTAssertEqual(parsed.townshipCode, "520304005000", written)
            XCTAssertEqual(parsed.compound, "龙坑安置小区", written)
            XCTAssertEqual([parsed.building, parsed.unit, parsed.room], flat, written)
        }
        XCTAssertEqual(parser.parse("播州区龙坑街道龙坑安置小区B#1-401").normalized,
                       "贵州省遵义市播州区龙坑街道龙坑安置小区B栋1单元401室")
        // A letter and a number inside a name stay the name's, spelled as without the dash.
        XCTAssertEqual(parser.parse("保利A-3地块2栋").compound, "保利A3地块")
        XCTAssertEqual(parser.parse("保利A3地块2栋").compound, "保利A3地块")
    }

    func testSpacesAndStrayPunctuationAreIgnored() {
        let parsed = parser.parse(" 贵阳市，白云区 大山洞街道、（东升小区） 3栋 2单元 501室。")
        XCTAssertEqual(parsed.townshipCode, "520113006000")
        XCTAssertEqual(parsed.compound, "东升小区")
        XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "501"])
    }

    func testSpaceBetweenNumbersActsAsADash() {
        let parsed = parser.parse("东升小区 3 2 501")
        XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "501"])
    }

    func testCompoundHoldingNumeralsKeepsItsName() {
        let parsed = parser.parse("三江花园十二栋二单元")
        XCTAssertEqual(parsed.compound, "三江花园")
        XCTAssertEqual(parsed.building, "12")
        XCTAssertEqual(parser.parse("东升小区二期3幢2单元501号").compound, "东升小区二期")
    }

    func testRoadAndDoorNumberAreNotPartOfTheCompound() {
        let parsed = parser.parse("贵阳市云岩区中华北路123号东升小区3栋")
        XCTAssertEqual(parsed.compound, "东升小区")
        XCTAssertEqual(parsed.building, "3")
        // ... and not lost either: the stored address is the only place that keeps them.
        XCTAssertEqual(parsed.street, "中华北路123号")
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市云岩区中华北路123号东升小区3栋")
        XCTAssertEqual(parser.parse("白云区大山洞街道东升小区一组").normalized, "贵州省贵阳市白云区大山洞街道东升小区1组")
    }

    /// 毕节市 and 铜仁市 as counties are the county-level cities that became the seat districts; as prefectures
    /// they stay the prefectures.
    func testFormerSeatCitiesNameTheirDistrictsAtCountyLevel() {
        let directory = parser.directory
        XCTAssertNil(directory.problem(with: RegionHint(prefecture: "毕节地区", county: "毕节市")))
        XCTAssertNil(directory.problem(with: RegionHint(prefecture: "铜仁", county: "铜仁市")))
        XCTAssertEqual(directory.regions(named: "毕节市", level: .county, under: nil).map(\.code), ["520502000000"])
        XCTAssertEqual(directory.regions(named: "毕节市", level: .prefecture, under: nil).map(\.code), ["520500000000"])
        XCTAssertNotNil(directory.problem(with: RegionHint(prefecture: "遵义市", county: "毕节市")))
        XCTAssertEqual(parser.parse("毕节市市西街道清毕小区6栋").countyCode, "520502000000")
    }

    /// A villager group named rather than numbered (大寨组) is a street-level locator like 3组, never a compound.
    /// The doors villagers write (recheck of trial 21h), each read as a person from the village reads it: street (the
    /// group and door), room, remark; never a compound or a building. `nil` is written `-`.
    private func assertVillagerDoors(_ cases: [(String, street: String, room: String?, remark: String?)],
                                     file: StaticString = #filePath, line: UInt = #line) {
        let context = AddressContext(prefecture: "贵阳市", county: "花溪区")
        for (written, street, room, remark) in cases {
            let parsed = parser.parse(written, context: context)
            XCTAssertEqual(parsed.street, street, written, file: file, line: line)
            XCTAssertEqual(parsed.room, room, written, file: file, line: line)
            XCTAssertEqual(parsed.remark, remark, written, file: file, line: line)
            XCTAssertNil(parsed.compound, written, file: file, line: line)
            XCTAssertNil(parsed.building, written, file: file, line: line)
            XCTAssertNotNil(parsed.communityCode, written, file: file, line: line)
        }
    }

    /// D1: a kind of house (自建房, 平房) after a villager group with no door, or after the village alone, is a remark,
    /// never a compound named 自建房. A place's name there stays a compound (龙井村3组安置点).
    func testAKindOfHouseAfterAGroupOrVillageWithoutADoorIsARemark() {
        assertVillagerDoors([
            ("青岩镇歪脚村2组（自建房）", "2组", nil, "自建房"),
            ("青岩镇歪脚村2组 平房", "2组", nil, "平房"),
            ("石板镇摆勺村岩脚组（自建房）", "岩脚组", nil, "自建房"),
        ])
        let village = parser.parse("青岩镇歪脚村（自建房）", context: AddressContext(county: "花溪区"))
        XCTAssertNil(village.compound)
        XCTAssertEqual(village.remark, "自建房")
        XCTAssertEqual(village.normalized, "贵州省贵阳市花溪区青岩镇歪脚村")
        XCTAssertNotNil(parser.parse("青岩镇龙井村3组安置点", context: AddressContext(county: "花溪区")).compound)
        // After a landmark's door or a road's, a kind of house is a remark too.
        for (written, street) in [("青岩镇龙井村3组村委会旁（自建房）", "3组村委会旁"), ("南明区中华北路123号（自建房）", "中华北路123号")] {
            let parsed = parser.parse(written, context: AddressContext(prefecture: "贵阳市", county: "花溪区"))
            XCTAssertEqual(parsed.street, street, written)
            XCTAssertNil(parsed.compound, written)
            XCTAssertEqual(parsed.remark, "自建房", written)
        }
    }

    /// D2: a remark on the house written inside the door, before the floor the household lives on or an annex door
    /// (3组39号（自建房）2楼, 3组（自建房）附1号), is taken out: the door and its floor or annex stand, no building 2, no
    /// compound 自建房.
    func testARemarkInsideAVillagersDoorLeavesTheDoorAndItsFloor() {
        assertVillagerDoors([
            ("青岩镇龙井村3组39号（自建房）2楼", "3组39号", "2楼", "自建房"),
            ("青岩镇龙井村3组39号(自建房)二楼", "3组39号", "2楼", "自建房"),
            ("青岩镇龙井村3组39号（平房）阁楼", "3组39号", "阁楼", "平房"),
            ("青岩镇龙井村3组（自建房）附1号", "3组附1号", nil, "自建房"),
            ("青岩镇龙井村3组附1号", "3组附1号", nil, nil),
            ("青岩镇龙井村（自建房）附1号", "附1号", nil, "自建房"),
        ])
    }

    /// D3: a door written without 号, or in Chinese numerals, after its group: alone, before a remark, or before the
    /// floor (after a space too), and after a hamlet: the door, as a 门牌号 column's number is. A building's marker
    /// after the number (3组21栋) and a flat (3组5-501) are read as before.
    func testAVillagersDoorWithoutHaoOrInChineseNumeralsIsTheDoor() {
        assertVillagerDoors([
            ("青岩镇龙井村三组三十七", "3组37号", nil, nil),
            ("青岩镇龙井村3组38（自建房）", "3组38号", nil, "自建房"),
            ("青岩镇龙井村三组三十八（自建房）", "3组38号", nil, "自建房"),
            ("青岩镇龙井村3组21 2楼", "3组21号", "2楼", nil),
            ("青岩镇龙井村3组21二楼", "3组21号", "2楼", nil),
            ("石板镇摆勺村王家寨12", "王家寨组12号", nil, nil),
            ("石板镇摆勺村岩脚组7", "岩脚组7号", nil, nil),
        ])
        let context = AddressContext(county: "花溪区")
        XCTAssertEqual(parser.parse("青岩镇龙井村3组21栋", context: context).building, "21")
        let flat = parser.parse("青岩镇龙井村3组5-501", context: context)
        XCTAssertEqual([flat.building, flat.room], ["5", "501"])
    }

    /// D5: a door with its sub-number after a dash after a group (`3组21-1`, as rural houses write it) is that door,
    /// spelled as `3组21-1号` and `3组21号-1` are, `3组21号附1号` (fix-floors: one spelling, so the forms link), never
    /// building 21 with room 1; a bare phase after a group or its door (`3组2期`) is no compound, and stays in the
    /// street as written. A flat's room after a dash (`3组5-501`) is read as before (D3).
    func testADashedSubNumberAfterAGroupIsTheDoorAndABarePhaseIsNoCompound() {
        assertVillagerDoors([
            ("青岩镇龙井村3组21-1", "3组21号附1号", nil, nil),
            ("青岩镇龙井村3组21-1号", "3组21号附1号", nil, nil),
            ("青岩镇龙井村3组21-12", "3组21号附12号", nil, nil),
            ("青岩镇龙井村3组21-1 2楼", "3组21号附1号", "2楼", nil),
            ("青岩镇龙井村3组21-1（自建房）", "3组21号附1号", nil, "自建房"),
            ("青岩镇龙井村3组2期", "3组2期", nil, nil),
            ("青岩镇龙井村3组二期", "3组二期", nil, nil),
            ("青岩镇龙井村3组21号2期", "3组21号2期", nil, nil),
        ])
        let context = AddressContext(county: "花溪区")
        XCTAssertEqual(parser.parse("青岩镇龙井村3组21-1", context: context).normalized,
                       "贵州省贵阳市花溪区青岩镇龙井村3组21号附1号")
        XCTAssertEqual(parser.parse("青岩镇龙井村3组2期", context: context).normalized,
                       "贵州省贵阳市花溪区青岩镇龙井村3组2期")
        // A compound's phase stays the compound's.
        XCTAssertEqual(parser.parse("白云区大山洞街道东升小区2期3栋").compound, "东升小区2期")
    }

    /// D4: a hamlet (王家寨 without 组, 岩脚组 without a number) followed by its door and anything after it (a floor, a
    /// room, an annex, a remark) is the place, the door the door: never compound 王家寨 with building 12.
    func testAHamletWithItsDoorAndMoreIsThePlaceNotACompound() {
        assertVillagerDoors([
            ("石板镇摆勺村王家寨12号2楼", "王家寨组12号", "2楼", nil),
            ("石板镇摆勺村王家寨12号301室", "王家寨组12号", "301", nil),
            ("石板镇摆勺村王家寨12号附1号", "王家寨组12号附1号", nil, nil),
            ("石板镇摆勺村王家寨12号（自建房）", "王家寨组12号", nil, "自建房"),
            ("石板镇摆勺村王家寨12（自建房）", "王家寨组12号", nil, "自建房"),
            ("石板镇摆勺村岩脚组5号2楼", "岩脚组5号", "2楼", nil),
            ("石板镇摆勺村岩脚组5号（自建房）", "岩脚组5号", nil, "自建房"),
            ("石板镇摆勺村岩脚组5号附2号", "岩脚组5号附2号", nil, nil),
        ])
        XCTAssertEqual(parser.parse("石板镇摆勺村王家寨12号2楼", context: AddressContext(county: "花溪区")).normalized,
                       "贵州省贵阳市花溪区石板镇摆勺村王家寨组12号2楼")
    }

    func testANamedVillagerGroupIsNotACompound() {
        let context = AddressContext(prefecture: "贵阳市")
        for (written, group) in [("白云区沙文镇扁山村大寨组12号", "大寨组12号"), ("白云区艳山红镇沙子哨村沙子哨组45号", "沙子哨组45号"),
                                 ("白云区沙文镇扁山村大寨组", "大寨组")] {
            let parsed = parser.parse(written, context: context)
            XCTAssertNil(parsed.compound, written)
            XCTAssertEqual(parsed.street, group, written)
            XCTAssertTrue(parsed.normalized.hasSuffix(written.dropFirst(3)), parsed.normalized)
        }
        XCTAssertEqual(parser.parse("白云区大山洞街道东升小区8组团3栋").compound, "东升小区8组团")
    }

    func testNormalizedSpellingIsTheSameForEveryWrittenForm() {
        let forms = ["贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室", "白云区大山洞街道东升小区三栋二单元501号",
                     "贵阳白云区大山洞街道 东升小区 3-2-501", "白云区大山洞街道东升小区3号楼2-501",
                     "贵阳市白云区大山洞街道办事处东升小区３幢２单元５０１"]
        for form in forms {
            XCTAssertEqual(parser.parse(form).normalized, "贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室", form)
        }
    }

    func testTrailingRemarkAfterTheRoomIsKeptApart() {
        for written in ["东升小区3栋2单元501（张三）", "东升小区3栋2单元501旁", "东升小区3栋2单元501（李四）",
                        "东升小区3栋2单元501室东二户"] {
            let parsed = parser.parse("贵阳市云岩区" + written)
            XCTAssertEqual(parsed.compound, "东升小区", written)
            XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "501"], written)
            XCTAssertEqual(parsed.normalized, "贵州省贵阳市云岩区东升小区3栋2单元501室", written)
        }
        XCTAssertEqual(parser.parse("贵阳市云岩区东升小区3栋2单元501室（东户）").remark, "东户")
        XCTAssertEqual(parser.parse("贵阳市云岩区东升小区3栋2单元501 北侧").remark, "北侧")
        XCTAssertNil(parser.parse("贵阳市云岩区东升小区3栋2单元501室").remark)
    }

    /// A remark that holds numbers of its own (2号, 东2户, 3楼, 共3人, a year) after a building with its room leaves the
    /// flat as it is and is kept as the remark; it is never read as the building, nor is the flat read into the
    /// compound's name.
    func testARemarkWithNumbersAfterTheRoomDoesNotCorruptTheFlat() {
        let cases: [(String, remark: String)] = [
            ("幸福小区3栋2单元301室 2号", "2号"), ("幸福小区3栋2单元301室（东2户）", "东2户"), ("幸福小区3栋2单元301 东2户", "东2户"),
            ("幸福小区3栋2单元301室 3楼", "3楼"), ("幸福小区3栋2单元301室 共3人", "共3人"),
            ("幸福小区3栋2单元301室 2021年搬入", "2021年搬入"), ("幸福小区3栋2单元301室 2栋旁", "2栋旁"),
            ("幸福小区三栋二单元三零一室东2户", "东2户"),
            // The old numbering in brackets, even as a whole other flat (trial 8).
            ("幸福小区3栋2单元301室（原2栋3单元）", "原2栋3单元"), ("幸福小区3栋2单元301室(原3栋)", "原3栋"),
            ("幸福小区3栋2单元301室【原2栋3单元301】", "原2栋3单元301"), ("幸福小区3-2-301（原2-3-301）", "原2-3-301"),
        ]
        for (written, remark) in cases {
            let parsed = parser.parse("白云区大山洞街道" + written)
            XCTAssertEqual(parsed.compound, "幸福小区", written)
            XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "301"], written)
            XCTAssertEqual(parsed.remark, remark, written)
            XCTAssertEqual(parsed.normalized, "贵州省贵阳市白云区大山洞街道幸福小区3栋2单元301室", written)
        }
        // A lone number after a compound's numbered name is still the building (二号院3栋), and a lone room after a
        // building is still the room.
        XCTAssertEqual(parser.parse("白云区大山洞街道二号院3栋").compound, "二号院")
        XCTAssertEqual(parser.parse("白云区大山洞街道幸福小区3栋2单元301-2号").room, "301-2")
    }

    func testLetterUnitIsTheUnit() {
        let parsed = parser.parse("东升小区3栋B单元501")
        XCTAssertEqual(parsed.compound, "东升小区")
        XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "B", "501"])
    }

    func testBasementFloorIsAFloorNotABuildingOrCompound() {
        // A floor written last after a building is the room (3栋5楼 → building 3, room 5楼; trial 19c), basement
        // floors included, spelled 负N楼: no 负 in the compound, no building of it.
        for (written, room) in [("东升小区3栋负一楼", "负1楼"), ("东升小区3栋负1层", "负1楼"), ("东升小区3栋地下2层", "负2楼")] {
            let parsed = parser.parse(written)
            XCTAssertEqual(parsed.compound, "东升小区", written)
            XCTAssertEqual(parsed.building, "3", written)
            XCTAssertNil(parsed.unit, written)
            XCTAssertEqual(parsed.room, room, written)
        }
        XCTAssertEqual(parser.parse("东升小区负一楼").compound, "东升小区")
        XCTAssertNil(parser.parse("东升小区负一楼").building)
    }

    func testAnnexNumberIsKeptInTheRoom() {
        let parsed = parser.parse("东升小区3栋附1号")
        XCTAssertEqual(parsed.compound, "东升小区")
        XCTAssertEqual(parsed.building, "3")
        XCTAssertEqual(parsed.room, "附1")
        XCTAssertEqual(parsed.normalized, "东升小区3栋附1号")
    }

    /// An annex written after a flat's room (501室附1号, 3-2-501附1号) is a remark, as `301室（原2栋3单元）` is: the
    /// flat is room 501 and the stored address does not carry the annex.
    func testAnnexAfterAFlatsRoomIsARemark() {
        for text in ["兴义市桔山街道桔山小区3栋2单元501室附1号", "兴义市桔山街道桔山小区3-2-501附1号",
                     "兴义市桔山街道桔山小区三栋二单元五〇一室附一号"] {
            let parsed = parser.parse(text)
            XCTAssertEqual(parsed.compound, "桔山小区", text)
            XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "501"], text)
            XCTAssertEqual(parsed.remark, "附1号", text)
            XCTAssertEqual(parsed.normalized, "贵州省黔西南布依族苗族自治州兴义市桔山街道桔山小区3栋2单元501室", text)
        }
    }

    func testRoadDoorNumberWithAnnexIsTheStreetNotACompound() {
        let parsed = parser.parse("南明区中华南路5号附8号")
        XCTAssertNil(parsed.compound)
        XCTAssertNil(parsed.building)
        XCTAssertNil(parsed.room)
        XCTAssertEqual(parsed.street, "中华南路5号附8号")
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市南明区中华南路5号附8号")
    }

    func testExtraDashNumbersStayInTheRoom() {
        let fourGroups = parser.parse("东升小区3-2-501-1")
        XCTAssertEqual([fourGroups.building, fourGroups.unit, fourGroups.room], ["3", "2", "501-1"])
        let afterUnit = parser.parse("东升小区3栋1单元1-1")
        XCTAssertEqual([afterUnit.building, afterUnit.unit, afterUnit.room], ["3", "1", "1-1"])
        // Only a floor written before its own room is left out.
        XCTAssertEqual(parser.parse("东升小区3-2-5-501").room, "501")
        XCTAssertEqual(parser.parse("东升小区3栋2单元5-501").room, "501")
    }

    func testListedRoomsAreAllKeptNeverJustTheLast() {
        let parsed = parser.parse("东升小区3栋2单元501、502室")
        XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "501、502"])
        XCTAssertEqual(parsed.normalized, "东升小区3栋2单元501、502室")
        let dashed = parser.parse("东升小区3-2-501、502")
        XCTAssertEqual(dashed.compound, "东升小区")
        XCTAssertEqual([dashed.building, dashed.unit, dashed.room], ["3", "2", "501、502"])
        XCTAssertEqual(parser.parse("东升小区3栋2单元501和502室").room, "501、502")
        // A dash or space between numbers is still a dash group.
        XCTAssertEqual(parser.parse("东升小区3 2 501").room, "501")
    }

    // MARK: - Streets, villager groups, names shaped like divisions

    func testStreetAddressWithoutCompoundIsNotTheCompound() {
        let parsed = parser.parse("南明区新华路街道中华南路123号")
        XCTAssertEqual(parsed.townshipCode, "520102016000")
        XCTAssertNil(parsed.compound)
        XCTAssertNil(parsed.building)
        XCTAssertEqual(parsed.street, "中华南路123号")
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市南明区新华路街道中华南路123号")
        let withDwelling = parser.parse("南明区新华路街道中华南路123号3栋2单元501")
        XCTAssertNil(withDwelling.compound)
        XCTAssertEqual([withDwelling.building, withDwelling.unit, withDwelling.room], ["3", "2", "501"])
    }

    func testRoadWrittenBeforeTheCompoundIsNotPartOfIt() {
        let parsed = parser.parse("乌当区东风路阳光小区3栋")
        XCTAssertEqual(parsed.compound, "阳光小区")
        XCTAssertEqual(parsed.street, "东风路")
        XCTAssertEqual(parsed.building, "3")
        // A road's name followed by a compound word alone is the compound's own name.
        XCTAssertEqual(parser.parse("乌当区新华路小区3栋").compound, "新华路小区")
        XCTAssertNil(parser.parse("乌当区新华路小区3栋").street)
        XCTAssertEqual(parser.parse("乌当区中华路12号院3栋").compound, "中华路12号院")
        // A compound named after its road keeps the road; a place inside it (停车场) is a spot, not its name.
        XCTAssertEqual(parser.parse("南明区油榨街小区停车场").compound, "油榨街小区")
        XCTAssertEqual(parser.parse("南明区油榨街小区停车场").street, "停车场")
        XCTAssertEqual(parser.parse("大山洞新村配电间旁").compound, "大山洞新村")
        XCTAssertEqual(parser.parse("头桥小区围墙外").compound, "头桥小区")
        XCTAssertEqual(parser.parse("机械厂宿舍活动广场").compound, "机械厂宿舍")
        XCTAssertEqual(parser.parse("电厂配电间").compound, "电厂配电间", "a place word alone, after no compound word")
        // A compound named after its county (平坝新村) is neither the county alone nor a village called 新村.
        let pingba = parser.parse("平坝新村3栋1单元101室")
        XCTAssertEqual(pingba.compound, "平坝新村")
        XCTAssertEqual(pingba.regionCode, "520403000000")
        XCTAssertEqual(pingba.normalized, "贵州省安顺市平坝区平坝新村3栋1单元101室")
        XCTAssertEqual(parser.parse("白云新村2栋").compound, "白云新村")
        for (written, compound) in [("草海小区内", "草海小区"), ("草海小区地下车库", "草海小区"), ("宅吉小区西门外", "宅吉小区"),
                                    ("草海小区岗亭", "草海小区"), ("草海小区垃圾房", "草海小区")] {
            XCTAssertEqual(parser.parse(written).compound, compound, written)
        }
        // 西门路 is no road here: 头桥小区西门路灯 is the street light at the compound's west gate.
        XCTAssertEqual(parser.parse("南明区头桥小区西门路灯").compound, "头桥小区")
        XCTAssertEqual(parser.parse("南明区头桥小区西门路灯").street, "西门路灯")
        // A door number with a dash is one door number.
        let dashed = parser.parse("钟山区荷城街道人民路12-1号")
        XCTAssertNil(dashed.compound)
        XCTAssertNil(dashed.building)
        XCTAssertEqual(dashed.street, "人民路12-1号")
    }

    func testFacilityWrittenAfterTheCompoundIsASpotNotTheCompoundsName() {
        for (written, compound, spot) in [
            ("钟山区荷城街道荷城花园小区消防通道", "荷城花园小区", "消防通道"),
            ("钟山区黄土坡街道水钢一村泵房", "水钢一村", "泵房"),
            ("钟山区杨柳街道杨柳湾小区健身广场", "杨柳湾小区", "健身广场"),
            ("钟山区杨柳街道杨柳湾小区北门充电桩", "杨柳湾小区", "北门充电桩"),
            ("钟山区黄土坡街道水钢一村5G基站", "水钢一村", "5G基站"),
            ("钟山区荷城街道荷城花园小区二次供水泵房", "荷城花园小区", "二次供水泵房"),
            ("钟山区荷城街道荷城花园小区公厕", "荷城花园小区", "公厕"),
        ] {
            let parsed = parser.parse(written)
            XCTAssertEqual(parsed.compound, compound, written)
            XCTAssertEqual(parsed.street, spot, written)
            XCTAssertEqual(parsed.normalized, "贵州省六盘水市" + written, written)
        }
        // A facility word after no compound word is part of the name (电厂泵房 is not a compound 电厂).
        XCTAssertEqual(parser.parse("钟山区荷城街道电厂泵房").compound, "电厂泵房")
        // Compounds whose names hold a facility word keep their names.
        XCTAssertEqual(parser.parse("钟山区荷城街道路灯小区3栋").compound, "路灯小区")
        XCTAssertEqual(parser.parse("钟山区荷城街道泵房宿舍2栋").compound, "泵房宿舍")
    }

    /// Trial 14-a, defect 7: a building or room of the compound written after its name (物业用房, 物业管理用房, 老年活动室,
    /// 值班室, 发电机房), alone or with where the facility stands beside it (旁, 内, 处, 侧, 前, 后), is a spot, not part
    /// of the compound's name. Before, `若飞花园物业用房` was the compound.
    func testABuildingOrRoomOfTheCompoundWrittenAfterItsNameIsASpot() {
        for (written, compound, spot) in [
            ("安顺市西秀区南街街道若飞花园物业用房", "若飞花园", "物业用房"),
            ("安顺市西秀区南街街道头桥小区物业管理用房旁", "头桥小区", "物业管理用房旁"),
            ("安顺市西秀区东街街道东街供销社宿舍物业用房内", "东街供销社宿舍", "物业用房内"),
            ("安顺市西秀区北街街道黔中家园小区物业用房处", "黔中家园小区", "物业用房处"),
            ("安顺市西秀区东关街道龙泉苑门卫室前", "龙泉苑", "门卫室前"),
            ("安顺市西秀区东关街道龙泉苑值班室侧", "龙泉苑", "值班室侧"),
            ("安顺市西秀区东关街道龙泉苑配电房后", "龙泉苑", "配电房后"),
            ("安顺市西秀区南街街道头桥小区老年活动室", "头桥小区", "老年活动室"),
            ("安顺市西秀区东关街道龙泉苑发电机房", "龙泉苑", "发电机房"),
        ] {
            let parsed = parser.parse(written)
            XCTAssertEqual(parsed.compound, compound, written)
            XCTAssertEqual(parsed.street, spot, written)
            XCTAssertEqual(parsed.normalized, "贵州省" + written, written)
        }
        // After no compound word the words are the name's (电厂值班室), and a numbered room is a flat's.
        XCTAssertEqual(parser.parse("安顺市西秀区南街街道电厂值班室").compound, "电厂值班室")
        XCTAssertEqual(parser.parse("安顺市西秀区南街街道头桥小区201室").compound, "头桥小区")
        XCTAssertEqual(parser.parse("安顺市西秀区南街街道头桥小区201室").room, "201")
        // Alone, they name no compound.
        XCTAssertNil(parser.parse("安顺市西秀区南街街道物业用房旁").compound)
    }

    /// Trial 15-c, defect 2: the police's camera points written after the gate they watch (监控点, 监控点位, 摄像头,
    /// 治安卡口, 雪亮工程点位), or how far from it (外50米, 东侧约20米处), are a spot, not part of the compound's name; a
    /// road crossing (人民路与北京路交叉口, 人民路北京路交叉口东侧) is a street, no compound. Before, each made a compound
    /// (枫林小区北门监控点, 与北京路交叉口).
    func testACameraPointAfterACompoundsGateIsASpotAndARoadCrossingNoCompound() {
        for (written, compound, spot) in [
            ("七星关区枫林小区北门监控点", "枫林小区", "北门监控点"),
            ("七星关区枫林小区南门监控点位", "枫林小区", "南门监控点位"),
            ("七星关区枫林小区北门外50米", "枫林小区", "北门外50米"),
            ("七星关区汇景苑南门治安卡口", "汇景苑", "南门治安卡口"),
            ("七星关区汇景苑南门摄像头", "汇景苑", "南门摄像头"),
            ("七星关区汇景苑北门雪亮工程点位", "汇景苑", "北门雪亮工程点位"),
            ("七星关区幸福小区东侧约20米处", "幸福小区", "东侧约20米处"),
            ("七星关区汇景苑南门口", "汇景苑", "南门口"),
            ("七星关区人民路与北京路交叉口", nil, "人民路与北京路交叉口"),
            ("七星关区人民路和北京路交汇处", nil, "人民路和北京路交汇处"),
            ("七星关区人民路北京路交叉口东侧20米", nil, "人民路北京路交叉口东侧20米"),
            ("七星关区人民路口", nil, "人民路口"),
        ] {
            let parsed = parser.parse(written)
            XCTAssertEqual(parsed.compound, compound, written)
            XCTAssertEqual(parsed.street, spot, written)
            XCTAssertEqual(parsed.normalized, "贵州省毕节市" + written, written)
        }
        // Alone, a camera point names no compound; a road's own compound and a hospital on a road keep theirs.
        XCTAssertNil(parser.parse("北门监控点").compound)
        XCTAssertEqual(parser.parse("七星关区人民路小区").compound, "人民路小区")
        XCTAssertEqual(parser.parse("七星关区人民路口腔医院").compound, "口腔医院")
        XCTAssertEqual(parser.parse("七星关区人民路与北京路交叉口幸福小区").compound, "幸福小区")
    }

    /// A facility's location that says only where it stands (北门, 东侧, 院内, 停车场旁), or only what kind of place
    /// (小区, 小区院内, 本小区), names no compound: facilities of a hundred compounds are written so, in every county.
    /// The words stay in the address as its spot. A name made of such words and one of its own stays a name.
    func testLocatorOrGenericWordsAloneAreNoCompound() {
        for written in ["北门", "东侧", "南门", "院内", "停车场", "停车场旁", "小区", "小区院内", "小区北门", "门口", "大门口",
                        "东南角", "西北侧", "北面", "配电房旁", "2号配电房", "本小区", "该小区东门", "院子里", "宿舍区内",
                        "小区2号配电房", "东侧门", "隔壁", "对面", "小区3号配电房旁", "北门2号路灯"] {
            let parsed = parser.parse(written)
            XCTAssertNil(parsed.compound, written)
            XCTAssertEqual(parsed.normalized, written, written)
            let placed = parser.parse("钟山区荷城街道" + written)
            XCTAssertNil(placed.compound, written)
            XCTAssertEqual(placed.townshipCode, "520201014000", written)
            XCTAssertEqual(placed.normalized, "贵州省六盘水市钟山区荷城街道" + written, written)
        }
        let spot = parser.parse("钟山区荷城街道北门")
        XCTAssertEqual(spot.street, "北门")
        XCTAssertEqual(parser.parse("停车场旁").street, "停车场旁")
        // In a household's address too: no compound 小区 under the county.
        let household = parser.parse("钟山区小区3栋2单元501室")
        XCTAssertNil(household.compound)
        XCTAssertEqual([household.building, household.unit, household.room], ["3", "2", "501"])
        // Names: a word of their own, or a kind word after a side (北门小区, 东苑, 南院).
        for (written, compound) in [("北门小区", "北门小区"), ("东苑", "东苑"), ("南院", "南院"), ("金桂苑北门", "金桂苑"),
                                    ("电厂泵房", "电厂泵房"), ("东门小区3栋", "东门小区"), ("小区北门", nil),
                                    ("平坝新村3栋", "平坝新村")] {
            XCTAssertEqual(parser.parse(written).compound, compound, written)
        }
    }

    func testVillagerGroupIsNeitherCompoundNorBuilding() {
        let parsed = parser.parse("息烽县永靖镇红旗村三组15号")
        XCTAssertEqual(parsed.communityCode, "520122100201")
        XCTAssertNil(parsed.compound)
        XCTAssertNil(parsed.building)
        XCTAssertNil(parsed.room)
        XCTAssertEqual(parsed.street, "3组15号")
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市息烽县永靖镇红旗村3组15号")
        let committee = parser.parse("息烽县永靖镇红旗村委会3组")
        XCTAssertEqual(committee.communityCode, "520122100201")
        XCTAssertNil(committee.compound)
        XCTAssertEqual(committee.street, "3组")
        // 组团 is part of a compound's name, not a villager group.
        XCTAssertEqual(parser.parse("东升小区3组团5栋").compound, "东升小区3组团")
        // A group written after a compound leaves the compound as it is.
        let afterCompound = parser.parse("东升小区一组")
        XCTAssertEqual(afterCompound.compound, "东升小区")
        XCTAssertEqual(afterCompound.street, "1组")
    }

    /// A village written without 村 before its villager group (艺奇6组3号) is the village of that name in the scope the
    /// text or the context gives, never a compound, and wins over a township of the name in another county (坪地 is
    /// 坪地村, not 盘州市坪地彝族乡); two such villages are ambiguous, exactly as the name written with 村.
    func testVillageWrittenWithoutCunBeforeItsGroupIsTheVillage() {
        let liupanshui = AddressContext(prefecture: "六盘水市")
        let cases: [(String, AddressContext, community: String, normalized: String)] = [
            ("艺奇6组3号", liupanshui, "520201102201", "贵州省六盘水市钟山区汪家寨镇艺奇村6组3号"),
            ("木柯3组17号", liupanshui, "520204108238", "贵州省六盘水市水城区玉舍镇木柯村3组17号"),
            ("周家寨第六村民小组25号", liupanshui, "520201101205", "贵州省六盘水市钟山区大河镇周家寨村6组25号"),
            ("钟山区艺奇6组3号", AddressContext(), "520201102201", "贵州省六盘水市钟山区汪家寨镇艺奇村6组3号"),
            ("水城区坪地1组11号", AddressContext(), "520204103200", "贵州省六盘水市水城区鸡场镇坪地村1组11号"),
            ("坪地1组11号", AddressContext(county: "水城区"), "520204103200", "贵州省六盘水市水城区鸡场镇坪地村1组11号"),
            // Trial onboard, repro 1: the town and its village both without their word (永兴 for 永兴镇, 流河渡 for
            // 流河渡村) before the group: the village, not a compound 永兴流河渡 at the prefecture.
            ("永兴流河渡3组11号", AddressContext(prefecture: "遵义市"), "520328101201", "贵州省遵义市湄潭县永兴镇流河渡村3组11号"),
            ("湄潭永兴流河渡3组12号", AddressContext(prefecture: "遵义市"), "520328101201", "贵州省遵义市湄潭县永兴镇流河渡村3组12号"),
        ]
        for (text, context, community, normalized) in cases {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.communityCode, community, text)
            XCTAssertNil(parsed.compound, text)
            XCTAssertEqual(parsed.normalized, normalized, text)
            XCTAssertTrue(parsed.ambiguousCandidates.isEmpty, text)
        }
        // Two 坪地村 in 六盘水市: ambiguous as 坪地村1组11号 is, and never 盘州市's township 坪地彝族乡.
        let withVillageWord = parser.parse("坪地村1组11号", context: liupanshui)
        for text in ["坪地1组11号", "坪地第一村民小组11号"] {
            let parsed = parser.parse(text, context: liupanshui)
            XCTAssertEqual(parsed.regionCode, "520200000000", text)
            XCTAssertEqual(parsed.ambiguousCandidates, ["520204103200", "520281105219"], text)
            XCTAssertEqual(parsed.ambiguousCandidates, withVillageWord.ambiguousCandidates, text)
            XCTAssertEqual(parsed.normalized, withVillageWord.normalized, text)
            XCTAssertNil(parsed.compound, text)
        }
    }

    func testUnknownVillageBeforeItsGroupIsAnUnresolvedCommunity() {
        let parsed = parser.parse("息烽县永靖镇不存在村5组12号")
        XCTAssertEqual(parsed.regionCode, "520122100000")
        XCTAssertNil(parsed.compound)
        XCTAssertNil(parsed.building)
        XCTAssertEqual(parsed.unresolvedDivision, "不存在村")
        XCTAssertEqual(parsed.street, "5组12号")
    }

    /// A misspelt prefecture (黔南布州, 黔南洲 for 黔南州; 黔喃州) before a county of it is no compound's name: the
    /// county, which lies in that prefecture, confirms the misspelling, and the address is read from the county on,
    /// the misspelt text named in `misspeltPrefecture` and left out of `normalized`. Before, the compound was
    /// `布州三都水族自治县三合街道水韵小区` at the prefecture.
    func testAMisspeltPrefectureBeforeOneOfItsCountiesIsNoCompoundName() {
        let expected = "贵州省黔南布依族苗族自治州三都水族自治县三合街道水韵小区6栋1单元104室"
        for (text, misspelt) in [("黔南布州三都水族自治县三合街道水韵小区6栋1单元104室", "布州"),
                                 ("黔南洲三都县三合街道水韵小区6栋1单元104室", "洲"),
                                 ("黔喃州三都县三合街道水韵小区6栋1单元104室", "黔喃州"),
                                 ("贵州省黔南洲三都水族自治县三合街道水韵小区6栋1单元104室", "洲"),
                                 ("黔南洲三都三合街道水韵小区6栋1单元104室", "洲")] {
            let parsed = parser.parse(text)
            XCTAssertEqual(parsed.regionCode, "522732001000", text)
            XCTAssertEqual(parsed.compound, "水韵小区", text)
            XCTAssertEqual(parsed.building, "6", text)
            XCTAssertEqual(parsed.room, "104", text)
            XCTAssertEqual(parsed.misspeltPrefecture, misspelt, text)
            XCTAssertNil(parsed.unresolvedDivision, text)
            XCTAssertEqual(parsed.normalized, expected, text)
        }
        let kaili = parser.parse("黔东南洲凯里市金井小区1栋2单元301室")
        XCTAssertEqual(kaili.countyCode, "522601000000")
        XCTAssertEqual(kaili.compound, "金井小区")
        XCTAssertEqual(kaili.misspeltPrefecture, "洲")
        // Nothing to confirm a misspelling: a county of another prefecture, a county named bare and followed by no
        // division of its own, a name two characters from the prefecture's, or a compound's word in between.
        XCTAssertNil(parser.parse("黔南州布州凯里市金井小区1栋").misspeltPrefecture)
        XCTAssertEqual(parser.parse("黔南布州三都小区1栋").compound, "布州三都小区")
        XCTAssertNil(parser.parse("南方州三都县三合街道水韵小区").misspeltPrefecture)
        XCTAssertNil(parser.parse("黔南花园三都县三合街道").misspeltPrefecture)
        XCTAssertNil(parser.parse("黔南州三都县三合街道水韵小区").misspeltPrefecture)
    }

    /// A village written without 村 before its group that the table does not list (merged or renamed since 2021:
    /// 松桃县盘石镇大寨3组5号) is an unresolved village spelled with its 村, never a compound; the record stays at the
    /// township, and the group with its door is the street, as for 不存在村5组12号.
    func testUnlistedVillageWithout村BeforeItsGroupIsNoCompound() {
        let parsed = parser.parse("松桃县盘石镇大寨3组5号")
        XCTAssertEqual(parsed.regionCode, "520628101000")
        XCTAssertNil(parsed.compound)
        XCTAssertNil(parsed.building)
        XCTAssertNil(parsed.room)
        XCTAssertEqual(parsed.unresolvedDivision, "大寨村")
        XCTAssertEqual(parsed.street, "3组5号")
        XCTAssertEqual(parsed.normalized, "贵州省铜仁市松桃苗族自治县盘石镇大寨村3组5号")
        XCTAssertEqual(parser.parse("松桃县盘石镇大寨村3组5号").normalized, parsed.normalized)
        let numberedGroup = parser.parse("松桃县盘石镇大寨第三村民小组12号")
        XCTAssertNil(numberedGroup.compound)
        XCTAssertEqual(numberedGroup.unresolvedDivision, "大寨村")
        // A compound before a group keeps its name.
        XCTAssertEqual(parser.parse("松桃县盘石镇金桂苑3组").compound, "金桂苑")
        XCTAssertEqual(parser.parse("白云区大山洞街道东升小区一组").compound, "东升小区")
    }

    /// A 村 written where the county has no village of that stem, only an urban 社区 in another township
    /// (仁怀市龙井村3组5号: 龙井社区 is 苍龙街道's), is no silent match: the village stays unresolved, with its warning.
    /// Inside the written township, a village that became a 社区 keeps its old word (苍龙街道龙井村 is 龙井社区).
    func testVillageWordNeverMatchesAnUrbanCommunityOutsideItsTownship() {
        let parsed = parser.parse("仁怀市龙井村3组5号")
        XCTAssertEqual(parsed.regionCode, "520382000000")
        XCTAssertNil(parsed.communityCode)
        XCTAssertNil(parsed.compound)
        XCTAssertEqual(parsed.unresolvedDivision, "龙井村")
        XCTAssertEqual(parsed.street, "3组5号")
        XCTAssertEqual(parser.parse("仁怀市苍龙街道龙井村3组5号").communityCode, "520382003001")
        XCTAssertEqual(parser.parse("仁怀市龙井社区3组5号").communityCode, "520382003001")
        XCTAssertEqual(parser.parse("龙井村3组5号", context: AddressContext(county: "仁怀市")).unresolvedDivision, "龙井村")
    }

    func testNameShapedLikeADivisionIsNeverACompound() {
        let alone = parser.parse("南明区不存在镇")
        XCTAssertEqual(alone.regionCode, "520102000000")
        XCTAssertNil(alone.compound)
        XCTAssertEqual(alone.unresolvedDivision, "不存在镇")
        XCTAssertEqual(alone.normalized, "贵州省贵阳市南明区不存在镇")
        let beforeCompound = parser.parse("南明区不存在街道阳光小区3栋")
        XCTAssertEqual(beforeCompound.compound, "阳光小区")
        XCTAssertEqual(beforeCompound.unresolvedDivision, "不存在街道")
        XCTAssertEqual(parser.parse("南明区不存在镇阳光小区3栋").compound, "阳光小区")
        XCTAssertEqual(parser.parse("贵阳市不存在区").unresolvedDivision, "不存在区")
        XCTAssertNil(parser.parse("贵阳市不存在区").compound)
        // Compound words ending like one are still compounds.
        for compound in ["阳光小区", "阳光花园东区", "青岩古镇花园", "美丽乡村花园"] {
            XCTAssertEqual(parser.parse("南明区\(compound)3栋").compound, compound, compound)
        }
    }

    // MARK: - Communities

    func testCommunityWrittenWithoutCommitteeSuffixMatches() {
        // The reference names it 大山洞居委会; people write 大山洞社区 or 大山洞社区居委会.
        for written in ["大山洞社区", "大山洞居委会", "大山洞社区居委会"] {
            let parsed = parser.parse("白云区大山洞街道\(written)东升小区3栋")
            XCTAssertEqual(parsed.communityCode, "520113006001", written)
            XCTAssertEqual(parsed.compound, "东升小区", written)
            XCTAssertEqual(parsed.normalized, "贵州省贵阳市白云区大山洞街道大山洞社区东升小区3栋", written)
        }
    }

    func testCommunityResolvesTheTownshipTheAddressLeftOut() {
        let parsed = parser.parse("白云区大山洞社区东升小区3-2-501")
        XCTAssertEqual(parsed.townshipCode, "520113006000")
        XCTAssertEqual(parsed.communityCode, "520113006001")
        XCTAssertEqual(parsed.regionLevel, .community)
    }

    func testRepeatedCommunityNameWithoutScopeIsAmbiguous() {
        let parsed = parser.parse("新华社区3栋")
        XCTAssertNil(parsed.communityCode)
        XCTAssertGreaterThan(parsed.ambiguousCandidates.count, 1)
        XCTAssertEqual(parsed.regionCode, "520000000000")
    }

    // MARK: - Ambiguity

    func testDuplicateTownshipNameIsFlaggedAmbiguousNotGuessed() {
        // 龙场镇 exists in 织金县, 纳雍县, 威宁县 (毕节), 贞丰县 (黔西南) and 凯里市 (黔东南).
        let parsed = parser.parse("龙场镇阳光小区3栋")
        XCTAssertEqual(parsed.ambiguousCandidates.count, 5)
        XCTAssertEqual(parsed.regionCode, "520000000000")
        XCTAssertEqual(parsed.regionLevel, .province)
        XCTAssertNil(parsed.prefectureCode)
        XCTAssertNil(parsed.townshipCode)
        XCTAssertEqual(parsed.compound, "阳光小区")
        XCTAssertEqual(parsed.normalized, "贵州省龙场镇阳光小区3栋")
    }

    func testContextNarrowsAnAmbiguousTownshipToItsCommonAncestor() {
        let parsed = parser.parse("龙场镇阳光小区3栋", context: AddressContext(prefecture: "毕节"))
        XCTAssertEqual(parsed.ambiguousCandidates, ["520524105000", "520525104000", "520526104000"])
        XCTAssertEqual(parsed.regionCode, "520500000000")
        XCTAssertEqual(parsed.prefectureCode, "520500000000")
        XCTAssertNil(parsed.countyCode)
    }

    func testContextThatSettlesADuplicateNameResolvesIt() {
        let parsed = parser.parse("龙场镇阳光小区3栋", context: AddressContext(prefecture: "黔东南州"))
        XCTAssertEqual(parsed.townshipCode, "522601107000")
        XCTAssertTrue(parsed.ambiguousCandidates.isEmpty)
    }

    func testCountyInTextSettlesADuplicateTownshipName() {
        let parsed = parser.parse("纳雍县龙场镇阳光小区")
        XCTAssertEqual(parsed.townshipCode, "520525104000")
        XCTAssertTrue(parsed.ambiguousCandidates.isEmpty)
    }

    func testCommunityUnderAnAmbiguousTownshipCanSettleIt() {
        // Of the five 龙场镇, only 纳雍县's has a 补鲁寨社区.
        let parsed = parser.parse("龙场镇补鲁寨社区5组12号")
        XCTAssertEqual(parsed.communityCode, "520525104002")
        XCTAssertEqual(parsed.townshipCode, "520525104000")
        XCTAssertTrue(parsed.ambiguousCandidates.isEmpty)
    }

    func testSameShortTownshipNameOfTwoEthnicTownshipsIsAmbiguous() {
        let parsed = parser.parse("牛场乡阳光小区")
        XCTAssertGreaterThan(parsed.ambiguousCandidates.count, 1)
        XCTAssertNil(parsed.townshipCode)
        XCTAssertEqual(parser.parse("白云区牛场乡阳光小区").townshipCode, "520113201000")
    }

    func testCountyOfAnotherPrefectureWrittenInTheTextIsAConflict() {
        // 钟山区 is in 六盘水, not 贵阳: both readings are listed, the record gets their common ancestor.
        let parsed = parser.parse("贵阳市钟山区荷城街道")
        XCTAssertEqual(parsed.regionCode, "520000000000")
        XCTAssertEqual(parsed.regionLevel, .province)
        XCTAssertEqual(parsed.ambiguousCandidates, ["520100000000", "520201014000"])
        XCTAssertNil(parsed.compound)
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市钟山区荷城街道")
        let withCompound = parser.parse("贵阳市钟山区阳光小区3栋", context: AddressContext(prefecture: "贵阳"))
        XCTAssertEqual(withCompound.ambiguousCandidates, ["520100000000", "520201000000"])
        XCTAssertEqual(withCompound.compound, "阳光小区")
    }

    func testTextNamingACountyOutsideTheContextWinsQuietly() {
        // The documented rule: the context only fills and disambiguates; text naming another division wins.
        let parsed = parser.parse("钟山区阳光小区", context: AddressContext(prefecture: "贵阳"))
        XCTAssertEqual(parsed.countyCode, "520201000000")
        XCTAssertFalse(parsed.isAmbiguous)
    }

    func testTownshipOfAnotherCountyIsFlaggedNotPutInTheCompound() {
        // 三合镇 exists in 播州区 and 仁怀市, not in 南明区: the unique county stays, the 三合镇 are listed.
        let parsed = parser.parse("南明区三合镇阳光花园3栋")
        XCTAssertEqual(parsed.regionCode, "520102000000")
        XCTAssertEqual(parsed.ambiguousCandidates, ["520304104000", "520382109000"])
        XCTAssertNil(parsed.townshipCode)
        XCTAssertEqual(parsed.compound, "阳光花园")
        XCTAssertEqual(parsed.building, "3")
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市南明区三合镇阳光花园3栋")
    }

    func testUniqueTownshipOfAnotherCountyDoesNotOutweighTheWrittenCounty() {
        // 塔山街道 is only in 六枝特区; 安顺市西秀区 agree with each other: the county stays, 塔山街道 is listed.
        let parsed = parser.parse("安顺市西秀区塔山街道阳光花园1栋1单元201室")
        XCTAssertEqual(parsed.regionCode, "520402000000")
        XCTAssertEqual(parsed.ambiguousCandidates, ["520203003000"])
        XCTAssertEqual(parsed.compound, "阳光花园")
        XCTAssertEqual(parsed.room, "201")
        XCTAssertEqual(parser.parse("六枝特区塔山街道阳光花园1栋").regionCode, "520203003000")
    }

    /// 册亨县's communities are published with their whole path (`贵州省册亨县者楼街道者楼村民委员会`); they are found
    /// by the name every other community goes by.
    func testCommunitiesPublishedWithTheirPathAreFound() {
        let cases = [("册亨县者楼街道者楼村2组6号", "522327001200"), ("册亨县丫他镇巴金村3组4号", "522327103202"),
                     ("册亨县者楼街道东风社区3栋", "522327001001")]
        for (text, code) in cases {
            let parsed = parser.parse(text)
            XCTAssertEqual(parsed.regionCode, code, text)
            XCTAssertNil(parsed.unresolvedDivision, text)
        }
    }

    /// A resettlement site written after its community (碧云社区安置点) is named after it: two sites of one township
    /// are two compounds.
    func testResettlementSitesTakeTheirCommunitysName() {
        let cases: [(String, compound: String, normalized: String)] = [
            ("兴义市桔山街道碧云社区安置点6栋1单元203室", "碧云社区安置点", "贵州省黔西南布依族苗族自治州兴义市桔山街道碧云社区安置点6栋1单元203室"),
            ("兴义市桔山街道丰源社区安置点6栋1单元203室", "丰源社区安置点", "贵州省黔西南布依族苗族自治州兴义市桔山街道丰源社区安置点6栋1单元203室"),
            ("兴义市桔山街道碧云社区易地扶贫搬迁安置点3栋", "碧云社区易地扶贫搬迁安置点", "贵州省黔西南布依族苗族自治州兴义市桔山街道碧云社区易地扶贫搬迁安置点3栋"),
            ("凯里市红星移民社区安置点3栋2单元401", "红星移民社区安置点", "贵州省黔东南苗族侗族自治州凯里市红星移民社区安置点3栋2单元401室"),
            ("兴义市桔山街道碧云社区幸福小区3栋", "幸福小区", "贵州省黔西南布依族苗族自治州兴义市桔山街道碧云社区幸福小区3栋"),
            ("兴义市桔山街道碧云社区移民新村3栋", "碧云社区移民新村", "贵州省黔西南布依族苗族自治州兴义市桔山街道碧云社区移民新村3栋"),
            ("兴义市桔山街道碧云社区易地扶贫搬迁小区3栋", "碧云社区易地扶贫搬迁小区", "贵州省黔西南布依族苗族自治州兴义市桔山街道碧云社区易地扶贫搬迁小区3栋"),
            ("兴义市桔山街道碧云社区易地移民搬迁安置点3栋", "碧云社区易地移民搬迁安置点", "贵州省黔西南布依族苗族自治州兴义市桔山街道碧云社区易地移民搬迁安置点3栋"),
        ]
        for (text, compound, normalized) in cases {
            let parsed = parser.parse(text)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertEqual(parsed.normalized, normalized, text)
        }
    }

    /// A development zone opening an address whose prefecture or county only the source's context gives reads as
    /// if the text had written it: the township after the zone places the record. A new area (…新区) the context
    /// alone allows counts only before a township; 贵安新区's township decides its prefecture, not the context.
    func testDevelopmentZonesAfterTheContextsPrefecture() {
        let guiyang = AddressContext(prefecture: "贵阳市")
        let airport = parser.parse("双龙航空港经济区龙洞堡街道东升小区3栋", context: guiyang)
        XCTAssertEqual(airport.townshipCode, "520102030000")
        XCTAssertEqual(airport.compound, "东升小区")
        XCTAssertNil(airport.unresolvedDivision)
        XCTAssertEqual(airport.normalized, "贵州省贵阳市南明区龙洞堡街道东升小区3栋")
        XCTAssertEqual(parser.parse("大龙经济开发区大龙街道幸福小区2栋", context: AddressContext(prefecture: "铜仁市")).townshipCode,
                       "520622003000")
        XCTAssertEqual(parser.parse("经济开发区鸭塘街道鸭塘村2组3号", context: AddressContext(county: "凯里市")).townshipCode,
                       "522601006000")
        XCTAssertEqual(parser.parse("金阳新区金阳街道幸福小区3栋", context: guiyang).townshipCode, "520115007000")
        let zoneAlone = parser.parse("双龙航空港经济区东升小区3栋", context: guiyang)
        XCTAssertEqual(zoneAlone.compound, "东升小区")
        XCTAssertEqual(zoneAlone.unresolvedDivision, "双龙航空港经济区")
        XCTAssertEqual(parser.parse("矿务局新区3栋2单元", context: guiyang).compound, "矿务局新区")
        XCTAssertEqual(parser.parse("贵安新区马场镇平寨村3组5号", context: guiyang).townshipCode, "520403105000")
    }

    /// A county written short before a development zone or new area reads as the county written in full
    /// (平坝贵安新区马场镇 as 平坝区贵安新区马场镇, 花溪经开区小孟街道 as 花溪区经开区小孟街道): the township after the zone
    /// places the record; without one, the record stays at the county with the zone unresolved.
    func testCountyWrittenShortBeforeAZoneReadsAsWrittenInFull() {
        let pairs: [(short: String, full: String, township: String)] = [
            ("平坝贵安新区马场镇马场安置小区六栋四单元604室", "平坝区贵安新区马场镇马场安置小区六栋四单元604室", "520403105000"),
            ("花溪经开区小孟街道开发区锦江小区4幢1单元402号", "花溪区经开区小孟街道开发区锦江小区4幢1单元402号", "520111010000"),
            ("花溪经济开发区小孟街道锦江小区4幢1单元402号", "花溪区经济开发区小孟街道锦江小区4幢1单元402号", "520111010000"),
        ]
        for (short, full, township) in pairs {
            let parsed = parser.parse(short)
            XCTAssertEqual(parsed.townshipCode, township, short)
            XCTAssertEqual(parsed, parser.parse(full), short)
        }
        let settlement = parser.parse("平坝贵安新区马场镇马场安置小区六栋四单元604室")
        XCTAssertEqual(settlement.compound, "马场安置小区")
        XCTAssertEqual([settlement.building, settlement.unit, settlement.room], ["6", "4", "604"])
        XCTAssertNil(settlement.unresolvedDivision)
        let zoneAlone = parser.parse("花溪经开区锦江小区4幢1单元402号")
        XCTAssertEqual(zoneAlone.regionCode, "520111000000")
        XCTAssertEqual(zoneAlone.unresolvedDivision, "经开区")
        XCTAssertEqual(zoneAlone.compound, "锦江小区")
        // A compound named after the county keeps its name (花溪苑小区, 平坝新村).
        XCTAssertEqual(parser.parse("花溪苑小区3栋", context: AddressContext(prefecture: "贵阳市")).compound, "花溪苑小区")
    }

    /// The province's new areas known on their own place the township after them among the divisions they cover:
    /// 贵安新区 covers 花溪区, 清镇市, 西秀区 and 平坝区, so its 马场镇 is 平坝区's and not 普定县's; 义龙新区 lies in
    /// 黔西南州, whatever the source's context.
    func testNewAreasKnownOnTheirOwnNarrowTheirTownships() {
        let cases: [(String, township: String)] = [
            ("贵安新区马场镇马场安置小区六栋四单元604室", "520403105000"),
            ("贵安新区党武街道大学城花园3栋2单元501", "520111012000"),
            ("贵安新区湖潮乡大学城花园3栋2单元501", "520111204000"),
            ("义龙新区顶效街道顶效佳苑3栋2单元601室", "522301011000"),
            ("黔西南州义龙新区顶效街道顶效佳苑3栋2单元601室", "522301011000"),
        ]
        for (text, township) in cases {
            let parsed = parser.parse(text)
            XCTAssertEqual(parsed.townshipCode, township, text)
            XCTAssertTrue(parsed.ambiguousCandidates.isEmpty, text)
            XCTAssertNil(parsed.unresolvedDivision, text)
        }
        // Trial addresses, kind B: 新蒲 is also the stem of 新蒲街道, one of 新蒲新区's townships, which took every
        // record of the area (with the rest `新区虾子镇…` in its address). The area is read first.
        let zunyi = AddressContext(prefecture: "遵义市")
        for (text, township) in [("新蒲新区虾子镇测龙凤小区3栋1单元201室", "520302109000"), ("新蒲新区永乐镇测和平小区2栋", "520302111000"),
                                 ("新蒲新区礼仪街道测阳光小区1栋", "520302010000"), ("新蒲新区新蒲街道测新城小区1栋", "520302013000")] {
            for context in [zunyi, AddressContext()] {
                let parsed = parser.parse(text, context: context)
                XCTAssertEqual(parsed.townshipCode, township, text)
                XCTAssertFalse(parsed.normalized.contains("新区"), parsed.normalized)
                XCTAssertNil(parsed.compound.map { $0.contains("新区") || $0.contains("镇") || $0.contains("街道") }.flatMap { $0 ? $0 : nil }, text)
            }
        }
        let yilong = parser.parse("义龙新区顶效街道顶效佳苑3栋2单元601室")
        XCTAssertEqual(yilong.compound, "顶效佳苑")
        XCTAssertEqual(yilong.normalized, "贵州省黔西南布依族苗族自治州兴义市顶效街道顶效佳苑3栋2单元601室")
        XCTAssertEqual(parser.parse("义龙新区顶效街道顶效佳苑3栋", context: AddressContext(prefecture: "黔西南州")).townshipCode,
                       "522301011000")
        let alone = parser.parse("义龙新区顶效佳苑3栋")
        XCTAssertEqual(alone.regionCode, "522300000000")
        XCTAssertEqual(alone.unresolvedDivision, "义龙新区")
        XCTAssertEqual(alone.compound, "顶效佳苑")
    }

    /// A circle typed for 〇 (○, ◯) is 〇 beside a numeral: in a room (二○一室 is 201, not 21) and in a compound's
    /// name (水钢○三村 is 水钢〇三村); beside none it is dropped like other symbols.
    func testCirclesTypedForZeroAreZero() {
        let room = parser.parse("钟山区荷城街道幸福小区3栋1单元二○一室")
        XCTAssertEqual(room.room, "201")
        XCTAssertEqual(parser.parse("钟山区荷城街道幸福小区3栋1单元二◯一室").room, "201")
        let village = parser.parse("钟山区荷城街道水钢○三村3栋1单元101室")
        XCTAssertEqual(village.compound, "水钢〇三村")
        XCTAssertEqual(village.building, "3")
        XCTAssertEqual(parser.parse("钟山区荷城街道幸福○小区3栋").compound, "幸福小区")
    }

    /// A resettlement site written with its phase or section (安置点二期, 安置点（一期）, 安置点A区) or as 集中安置点 /
    /// 集中安置区 is named after its community like the plain 安置点, listed community or not: the phase stays in the
    /// name (the feeds split it off as for any compound), the section too.
    func testResettlementSitesWithAPhaseOrSectionTakeTheirCommunitysName() {
        let cases: [(String, compound: String, building: String)] = [
            ("碧江区灯塔街道矮屯社区安置点二期3栋", "矮屯社区安置点二期", "3"),
            ("碧江区灯塔街道矮屯社区安置点（一期）2栋", "矮屯社区安置点一期", "2"),
            ("碧江区灯塔街道矮屯社区安置点第2期5栋", "矮屯社区安置点第2期", "5"),
            ("碧江区灯塔街道矮屯社区安置点A区3栋", "矮屯社区安置点A区", "3"),
            ("碧江区灯塔街道矮屯社区集中安置点3栋", "矮屯社区集中安置点", "3"),
            ("碧江区灯塔街道矮屯社区集中安置区3栋", "矮屯社区集中安置区", "3"),
            ("碧江区灯塔街道矮屯社区易地扶贫搬迁集中安置点二期东区4栋", "矮屯社区易地扶贫搬迁集中安置点二期东区", "4"),
            ("碧江区灯塔街道丰收社区安置点二期3栋", "丰收社区安置点二期", "3"),
            ("碧江区灯塔街道丰收社区集中安置点3栋", "丰收社区集中安置点", "3"),
        ]
        for (text, compound, building) in cases {
            let parsed = parser.parse(text)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertEqual(parsed.building, building, text)
            XCTAssertEqual(parsed.townshipCode, "520602005000", text)
        }
        XCTAssertEqual(parser.parse("碧江区灯塔街道矮屯社区安置点二期3栋").normalized,
                       "贵州省铜仁市碧江区灯塔街道矮屯社区安置点二期3栋")
        // A compound of its own with a phase or section keeps its name alone.
        XCTAssertEqual(parser.parse("碧江区灯塔街道矮屯社区幸福小区二期3栋").compound, "幸福小区二期")
        XCTAssertEqual(parser.parse("碧江区灯塔街道矮屯社区幸福小区A区3栋").compound, "幸福小区A区")
    }

    /// A development zone after its county is no division and no compound: a township after it is read under the
    /// county; without one, the zone is kept as an unresolved division. A township's bare name counts before one of
    /// its villages (万峰林纳录村), never before a compound (花果园W区, 大山洞东升小区 stay compounds).
    func testDevelopmentZonesAndBareTownshipNames() {
        let zone = parser.parse("都匀经济开发区绿茵湖小区5栋3单元601室")
        XCTAssertEqual(zone.regionCode, "522701000000")
        XCTAssertEqual(zone.compound, "绿茵湖小区")
        XCTAssertEqual(zone.unresolvedDivision, "经济开发区")
        let township = parser.parse("凯里经济开发区鸭塘街道鸭塘村2组3号")
        XCTAssertEqual(township.townshipCode, "522601006000")
        XCTAssertEqual(township.normalized, "贵州省黔东南苗族侗族自治州凯里市鸭塘街道鸭塘村2组3号")
        XCTAssertEqual(parser.parse("南明区开发区小区3栋").compound, "开发区小区")
        // New areas and zones after a prefecture, or 贵安新区 alone: the township after them is read.
        let areas: [(String, township: String)] = [
            ("贵阳市双龙航空港经济区龙洞堡街道东升小区3栋", "520102030000"),
            ("铜仁市大龙经济开发区大龙街道幸福小区2栋", "520622003000"),
            ("安顺经济技术开发区幺铺镇某小区3栋", "520402101000"),
            ("贵安新区马场镇平寨村3组5号", "520403105000"),
        ]
        for (text, code) in areas { XCTAssertEqual(parser.parse(text).townshipCode, code, text) }
        XCTAssertEqual(parser.parse("贵阳市新区路12号").street, "新区路12号")
        XCTAssertEqual(parser.parse("云岩区新区花园3栋").compound, "新区花园")
        let cases: [(String, region: String, compound: String?)] = [
            ("兴义市万峰林纳录村3组12号", "522301008203", nil),
            ("花溪区青岩龙井村3组15号", "520111101216", nil),
            ("都匀市墨冲镇墨冲村15号", "522701106201", nil),
            ("南明区花果园W区5栋", "520102000000", "花果园W区"),
            // A 街道's stem right after its county, before a compound's name, is the 街道 (trial 19c).
            ("白云区大山洞东升小区3栋", "520113006000", "东升小区"),
            ("花溪区青岩古镇花园3栋", "520111000000", "青岩古镇花园"),
            ("雷山县西江3组12号", "522634101224", nil),   // 西江村 of 西江镇: a group is a village's
            ("雷山县西江苗寨3栋", "522634000000", "西江苗寨"),
        ]
        for (text, region, compound) in cases {
            let parsed = parser.parse(text)
            XCTAssertEqual(parsed.regionCode, region, text)
            XCTAssertEqual(parsed.compound, compound, text)
            XCTAssertNil(parsed.unresolvedDivision, text)
        }
    }

    /// A township named like its county (大方县大方镇, no such township any more) is not a repeat of the county: it
    /// stays whole in the warning and the address.
    func testATownshipNamedLikeItsCountyIsNoRepeatOfIt() {
        let parsed = parser.parse("大方县大方镇红旗社区12号")
        XCTAssertEqual(parsed.regionCode, "520521000000")
        XCTAssertEqual(parsed.unresolvedDivision, "大方镇红旗社区")
        XCTAssertEqual(parsed.normalized, "贵州省毕节市大方县大方镇红旗社区12号")
    }

    func testContradictingColumnPathFitsNothing() {
        let parsed = parser.resolve(prefecture: nil, county: "贵阳市钟山区", township: nil, community: nil,
                                    context: AddressContext())
        XCTAssertNil(parsed.regionCode)
        XCTAssertEqual(parsed.normalized, "贵阳市钟山区")
    }

    func testNothingRecognisableGivesNoRegion() {
        let parsed = parser.parse("东升小区3栋")
        XCTAssertNil(parsed.regionCode)
        XCTAssertTrue(parsed.ambiguousCandidates.isEmpty)
        XCTAssertEqual(parsed.normalized, "东升小区3栋")
        XCTAssertEqual(parser.parse("").normalized, "")
    }

    // MARK: - Separate columns

    func testColumnsResolveInAnyWrittenForm() {
        let parsed = parser.resolve(prefecture: "贵阳", county: "白云", township: "大山洞街道", community: "大山洞社区",
                                    context: AddressContext())
        XCTAssertEqual(parsed.communityCode, "520113006001")
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市白云区大山洞街道大山洞社区")
        let byCode = parser.resolve(prefecture: nil, county: "520113", township: nil, community: "大山洞社区",
                                    context: AddressContext())
        XCTAssertEqual(byCode.communityCode, "520113006001")
        let bareStem = parser.resolve(prefecture: nil, county: nil, township: "大山洞街道", community: "大山洞",
                                      context: AddressContext(prefecture: "贵阳"))
        XCTAssertEqual(bareStem.communityCode, "520113006001")
    }

    func testBareCommunityStemFittingAVillageAndANeighbourhoodIsAmbiguous() {
        // 白云区 has 大山洞居委会 (大山洞街道) and 大山洞村 (艳山红镇); a bare 大山洞 column fits both.
        let parsed = parser.resolve(prefecture: nil, county: "白云区", township: nil, community: "大山洞",
                                    context: AddressContext())
        XCTAssertEqual(parsed.ambiguousCandidates, ["520113006001", "520113100205"])
        XCTAssertEqual(parsed.regionCode, "520113000000")
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市白云区大山洞")
    }

    func testColumnsWithADuplicateTownshipAreFlaggedAmbiguous() {
        let parsed = parser.resolve(prefecture: "毕节市", county: nil, township: "龙场镇", community: nil,
                                    context: AddressContext())
        XCTAssertEqual(parsed.ambiguousCandidates.count, 3)
        XCTAssertEqual(parsed.regionCode, "520500000000")
        let settled = parser.resolve(prefecture: nil, county: nil, township: "龙场镇", community: nil,
                                     context: AddressContext(county: "纳雍县"))
        XCTAssertEqual(settled.townshipCode, "520525104000")
    }

    /// A 村 column the community table does not list under the township (三都's 新寨村, new since 2021) is an
    /// unresolved division, kept in `normalized` as the same village written in an address text is; before a 组
    /// column, a name without 村 (新寨) is the village, spelled with it. Before, `unresolvedDivision` stayed nil and
    /// the load composed the address without the village.
    func testAnUnlistedVillageColumnIsAnUnresolvedDivisionKeptInTheAddress() {
        let context = AddressContext(prefecture: "黔南州", county: "三都水族自治县")
        let column = parser.resolve(prefecture: nil, county: nil, township: "中和镇", community: "新寨村", context: context)
        XCTAssertEqual(column.regionCode, "522732114000")
        XCTAssertEqual(column.unresolvedDivision, "新寨村")
        XCTAssertEqual(column.normalized, "贵州省黔南布依族苗族自治州三都水族自治县中和镇新寨村")
        XCTAssertTrue(parser.parse("三都水族自治县中和镇新寨村1组46号").normalized.hasPrefix(column.normalized))
        let stem = parser.resolve(prefecture: nil, county: nil, township: "中和镇", community: "新寨", context: context,
                                  beforeVillagerGroup: true)
        XCTAssertEqual(stem.unresolvedDivision, "新寨村")
        XCTAssertEqual(parser.resolve(prefecture: nil, county: nil, township: "中和镇", community: "新寨",
                                      context: context).unresolvedDivision, "新寨", "no group: kept as written")
        // A township that fits nothing either: both names, as the text 某某镇新寨村 gives them.
        let both = parser.resolve(prefecture: nil, county: nil, township: "某某镇", community: "新寨村", context: context)
        XCTAssertEqual(both.regionCode, "522732000000")
        XCTAssertEqual(both.unresolvedDivision, "某某镇新寨村")
        XCTAssertEqual(parser.parse("三都水族自治县某某镇新寨村1组46号").unresolvedDivision, both.unresolvedDivision)
        // A listed village resolves as before.
        let listed = parser.resolve(prefecture: nil, county: nil, township: "中和镇", community: "独寨村", context: context)
        XCTAssertEqual(listed.regionCode, "522732114287")
        XCTAssertNil(listed.unresolvedDivision)
    }

    func testColumnThatFitsNothingIsKeptAsWritten() {
        let parsed = parser.resolve(prefecture: "贵阳市", county: "白云区", township: "不存在镇", community: nil,
                                    context: AddressContext())
        XCTAssertEqual(parsed.regionCode, "520113000000")
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市白云区不存在镇")
    }

    // MARK: - Accuracy on the labelled sample

    func testAccuracyOnLabelledAddressesMeetsTheFloor() throws {
        let rows = try LabelledAddresses.load(TestPaths.sample("addresses/labelled.csv"))
        XCTAssertGreaterThanOrEqual(rows.count, 400)
        var correct: [String: Int] = [:]
        var silentlyResolved: [String] = []
        for row in rows {
            let parsed = parser.parse(row.address, context: AddressContext(prefecture: row.contextPrefecture))
            let checks: [(String, String?, String?)] = [
                ("prefecture", parsed.prefectureCode, row.prefectureCode), ("county", parsed.countyCode, row.countyCode),
                ("township", parsed.townshipCode, row.townshipCode), ("community", parsed.communityCode, row.communityCode),
                ("compound", parsed.compound, row.compound), ("building", parsed.building, row.building),
                ("unit", parsed.unit, row.unit), ("room", parsed.room, row.room),
            ]
            for (level, got, expected) in checks where got == expected { correct[level, default: 0] += 1 }
            if row.ambiguous && !parsed.isAmbiguous { silentlyResolved.append(row.address) }
        }
        func share(_ level: String) -> Double { Double(correct[level] ?? 0) / Double(rows.count) }
        let report = ["prefecture", "county", "township", "community", "compound", "building", "unit", "room"]
            .map { "\($0) \(String(format: "%.2f", share($0) * 100))%" }.joined(separator: ", ")
        print("labelled.csv (\(rows.count) addresses): \(report)")
        XCTAssertGreaterThanOrEqual(share("county"), 0.995, report)
        XCTAssertGreaterThanOrEqual(share("township"), 0.98, report)
        XCTAssertGreaterThanOrEqual(share("building"), 0.98, report)
        XCTAssertGreaterThanOrEqual(share("unit"), 0.98, report)
        XCTAssertGreaterThanOrEqual(share("room"), 0.98, report)
        XCTAssertEqual(silentlyResolved, [], "rows labelled ambiguous that got a non-ambiguous answer")
    }
}

/// One row of `samples/addresses/labelled.csv` (empty expected fields are nil).
struct LabelledAddress {
    let address: String
    let contextPrefecture: String?
    let prefectureCode, countyCode, townshipCode, communityCode: String?
    let compound, building, unit, room: String?
    let ambiguous: Bool
}

enum LabelledAddresses {
    static func load(_ path: String) throws -> [LabelledAddress] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var rows: [LabelledAddress] = []
        for (number, line) in text.split(separator: "\n").enumerated() where number > 0 {
            let fields = splitCSVLine(String(line))
            guard fields.count == 11 else { throw CocoaError(.fileReadCorruptFile) }
            func value(_ index: Int) -> String? { fields[index].isEmpty ? nil : fields[index] }
            rows.append(LabelledAddress(
                address: fields[0], contextPrefecture: value(1), prefectureCode: value(2), countyCode: value(3),
                townshipCode: value(4), communityCode: value(5), compound: value(6), building: value(7),
                unit: value(8), room: value(9), ambiguous: fields[10] == "1"))
        }
        return rows
    }

    /// RFC 4180 fields of one line (the sample has no quoted newlines).
    private static func splitCSVLine(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = iterator.next()
        while let character = pending {
            pending = iterator.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" { field.append("\""); pending = iterator.next() } else { quoted = false }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }
}

extension AddressParserTests {
    func testBracketedBuildingAndHashRoomFromGridFeeds() throws {
        let parser = AddressParser(directory: try RegionDirectory.bundled())
        let parsed = parser.parse("大山洞街道，东升小区（3栋）2单元-501#", context: AddressContext(prefecture: "贵阳市", county: "白云区"))
        XCTAssertEqual(parsed.compound, "东升小区")
        XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "501"])
        let hashBuilding = parser.parse("白云区大山洞街道东升小区3#楼2单元501")
        XCTAssertEqual([hashBuilding.building, hashBuilding.unit, hashBuilding.room], ["3", "2", "501"])
    }

    // MARK: - Traditional script and divisions the reference does not know (trial 20f)

    /// Division names in traditional script resolve as the simplified ones, columns too; a standard character the
    /// traditional tables fold (昇) stays as written.
    func testTraditionalScriptReadsAsSimplified() {
        let parsed = parser.parse("貴州省貴陽市白雲區大山洞街道測東昇小區3棟2單元501室")
        XCTAssertEqual(parsed.regionCode, "520113006000")
        XCTAssertEqual(parsed.compound, "测东昇小区")
        XCTAssertEqual([parsed.building, parsed.unit, parsed.room], ["3", "2", "501"])
        XCTAssertEqual(parsed.normalized, "贵州省贵阳市白云区大山洞街道测东昇小区3栋2单元501室")
        let columns = parser.resolve(prefecture: "貴陽市", county: "白雲區", township: "大山洞街道", community: nil,
                                     context: AddressContext())
        XCTAssertEqual(columns.regionCode, "520113006000")
    }

    /// A path of divisions no reference lists (台北市大安區和平街道, 某某市某某区某某街道) is an unresolved division, never
    /// part of the compound's name; a name with one division word (新城市花园小区, 县医院宿舍) stays a compound.
    func testUnknownDivisionPathIsNoCompound() {
        let taipei = parser.parse("台北市大安區和平街道测东升小区3栋2单元501室")
        XCTAssertEqual(taipei.compound, "测东升小区")
        XCTAssertEqual(taipei.unresolvedDivision, "台北市大安区和平街道")
        XCTAssertNil(taipei.regionCode)
        let unknown = parser.parse("某某市某某区某某街道测东升小区3栋")
        XCTAssertEqual(unknown.compound, "测东升小区")
        XCTAssertEqual(unknown.unresolvedDivision, "某某市某某区某某街道")
        XCTAssertEqual(parser.parse("新城市花园小区3栋").compound, "新城市花园小区")
        XCTAssertEqual(parser.parse("贵阳市云岩区县医院宿舍1栋").compound, "县医院宿舍")
    }
}
