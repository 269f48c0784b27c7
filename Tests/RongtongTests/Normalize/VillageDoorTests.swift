import XCTest
import RongtongNormalize

/// Doors in villages and urban villages (城中村): a door number with its annex, a landmark door, and the floor or
/// room of the house after it. Never a compound.
final class VillageDoorTests: XCTestCase {
    private static let parser: AddressParser = {
        AddressParser(directory: try! RegionDirectory.bundled())
    }()

    private var parser: AddressParser { Self.parser }
    private let guiyang = AddressContext(prefecture: "贵阳市")
    private let zunyi = AddressContext(prefecture: "遵义市")

    /// `N号附M`, `N号附M号`, `N号附一`, `N号-M` and `N号之M` are one door with its annex, spelled with 号; the group and
    /// the door stay, and no compound `附` or `之` gathers the annexes of a township.
    func testDoorAnnexesAreTheStreetNotACompound() {
        let prefix = "贵州省贵阳市花溪区小孟街道王宽村"
        for written in ["1组60号附1", "1组60号附1号", "1组60号附一", "1组六十号附1号", "1组60号-1"] {
            let parsed = parser.parse(prefix + written, context: guiyang)
            XCTAssertNil(parsed.compound, written)
            XCTAssertNil(parsed.building, written)
            XCTAssertNil(parsed.room, written)
            XCTAssertEqual(parsed.street, "1组60号附1号", written)
            XCTAssertEqual(parsed.communityCode, "520111010200", written)
            XCTAssertEqual(parsed.normalized, prefix + "1组60号附1号", written)
        }
        for written in ["1组51号之2", "1组51号之2号", "一组五十一号之二"] {
            let parsed = parser.parse(prefix + written, context: guiyang)
            XCTAssertNil(parsed.compound, written)
            XCTAssertEqual(parsed.street, "1组51号之2号", written)
        }
        // Two houses of one township with the same annex are two doors.
        XCTAssertNotEqual(parser.parse("花溪区小孟街道王宽村3组18号附1", context: guiyang).normalized,
                          parser.parse("花溪区小孟街道王宽村5组8号附1", context: guiyang).normalized)
        // A road's door in an urban village, and a road's door anywhere.
        let lane = parser.parse("汇川区高桥街道泥桥社区团结巷53号之2", context: zunyi)
        XCTAssertNil(lane.compound)
        XCTAssertEqual(lane.street, "团结巷53号之2号")
        let road = parser.parse("南明区中华南路5号附8", context: guiyang)
        XCTAssertNil(road.compound)
        XCTAssertEqual(road.street, "中华南路5号附8号")
        // A flat's numbers after a door stay a flat's.
        XCTAssertEqual(parser.parse("云岩区中华北路12号-3-501").room, "501")
    }

    /// A room after a village door or a landmark door is the room of that house; the door stays in the address.
    func testRoomAfterAVillageDoorKeepsTheDoor() {
        let numbered = parser.parse("贵州省贵阳市花溪区平桥街道中院村7组55号402室")
        XCTAssertEqual(numbered.street, "7组55号")
        XCTAssertEqual(numbered.room, "402")
        XCTAssertEqual(numbered.normalized, "贵州省贵阳市花溪区平桥街道中院村7组55号402室")
        let landmark = parser.parse("白云区艳山红镇尖坡村1组村委会旁302室", context: guiyang)
        XCTAssertNil(landmark.compound)
        XCTAssertNil(landmark.unresolvedDivision)
        XCTAssertEqual(landmark.street, "1组村委会旁")
        XCTAssertEqual(landmark.room, "302")
        XCTAssertEqual(landmark.regionCode, "520113100201")
        XCTAssertEqual(landmark.normalized, "贵州省贵阳市白云区艳山红镇尖坡村1组村委会旁302室")
        let annex = parser.parse("汇川区董公寺街道田沟村5组37号之2号301室", context: zunyi)
        XCTAssertEqual(annex.street, "5组37号之2号")
        XCTAssertEqual(annex.room, "301")
    }

    /// 村委会旁, 小学对面, 加油站旁, 卫生室对面, 菜场对面 after a village's group (or a lane of an urban village) are the
    /// house's door, written where they stand: no compound, no reordering, no false division.
    func testLandmarkDoorsAreNotCompounds() {
        let cases: [(String, AddressContext, String, String)] = [
            ("汇川区董公寺街道田沟村4组卫生室对面501室", zunyi, "4组卫生室对面", "贵州省遵义市汇川区董公寺街道田沟村4组卫生室对面501室"),
            ("白云区艳山红镇尖坡村8组小学对面", guiyang, "8组小学对面", "贵州省贵阳市白云区艳山红镇尖坡村8组小学对面"),
            ("白云区麦架镇果园村4组加油站旁", guiyang, "4组加油站旁", "贵州省贵阳市白云区麦架镇果园村4组加油站旁"),
            ("汇川区高桥街道泥桥社区团结巷菜场对面", zunyi, "团结巷菜场对面", "贵州省遵义市汇川区高桥街道泥桥社区团结巷菜场对面"),
            ("白云区麦架镇果园村加油站旁", guiyang, "加油站旁", "贵州省贵阳市白云区麦架镇果园村加油站旁"),
            ("汇川区董公寺街道田沟村7组村委会", zunyi, "7组村委会", "贵州省遵义市汇川区董公寺街道田沟村7组村委会"),
        ]
        for (written, context, street, normalized) in cases {
            let parsed = parser.parse(written, context: context)
            XCTAssertNil(parsed.compound, written)
            XCTAssertNil(parsed.unresolvedDivision, written)
            XCTAssertEqual(parsed.street, street, written)
            XCTAssertEqual(parsed.normalized, normalized, written)
        }
        // Two records at one landmark door compare equal.
        XCTAssertEqual(parser.parse("王宽村7组村委会旁", context: guiyang).normalized,
                       parser.parse("贵州省贵阳市花溪区小孟街道王宽村七组村委会旁").normalized)
        // A compound with its spot stays a compound.
        XCTAssertEqual(parser.parse("白云区大山洞街道东升小区旁", context: guiyang).compound, "东升小区")
        // An ambiguous village keeps its text at the level that resolved.
        let ambiguous = parser.parse("尖坡村一组村委会旁", context: guiyang)
        XCTAssertTrue(ambiguous.isAmbiguous)
        XCTAssertNil(ambiguous.compound)
        XCTAssertEqual(ambiguous.normalized, "贵州省贵阳市尖坡村1组村委会旁")
    }

    /// A floor or a named room after a house's door is the household's room, spelled one way; never a compound.
    func testFloorsAfterAHouseDoorAreTheRoom() {
        let prefix = "汇川区董公寺街道田沟村5组37号"
        let cases = ["阁楼": "阁楼", "3楼": "3楼", "三楼": "3楼", "3层": "3楼", "1楼东": "1楼东", "一楼东": "1楼东",
                     "负一楼": "负1楼", "负1层": "负1楼", "地下一层": "负1楼", "地下室": "地下室", "顶楼阁楼": "顶楼阁楼",
                     "之2号3楼东": "3楼东", "附2号阁楼": "阁楼", "3楼2号": "3楼2号",
                     // (Recheck: the side after a numbered flat of the floor is a remark, not part of the room.)
                     "3楼2号东户": "3楼2号"]
        for (written, room) in cases {
            let parsed = parser.parse(prefix + written, context: zunyi)
            XCTAssertNil(parsed.compound, written)
            XCTAssertNil(parsed.building, written)
            XCTAssertEqual(parsed.room, room, written)
            XCTAssertTrue(parsed.normalized.hasSuffix(room), "\(written): \(parsed.normalized)")
            XCTAssertTrue(parsed.street?.hasPrefix("5组37号") ?? false, written)
        }
        let landmark = parser.parse("汇川区高桥街道泥桥社区团结巷菜场对面负一楼", context: zunyi)
        XCTAssertEqual(landmark.street, "团结巷菜场对面")
        XCTAssertEqual(landmark.room, "负1楼")
        // A road's door outside a village or community: a floor is not kept (a building of many flats).
        XCTAssertNil(parser.parse("云岩区中华北路123号2楼").room)
    }

    /// A 村（社区） column places an address that writes only the group and door.
    func testACommunityColumnPlacesADoorWithoutItsVillage() {
        let parsed = parser.parse("5组37号之2", context: AddressContext(county: "汇川区", township: "董公寺街道", community: "田沟村"))
        XCTAssertEqual(parsed.regionCode, "520303005206")
        XCTAssertEqual(parsed.street, "5组37号之2号")
        XCTAssertEqual(parsed.normalized, "贵州省遵义市汇川区董公寺街道田沟村5组37号之2号")
        // An address naming its own village keeps it.
        let own = parser.parse("田沟村5组10号", context: AddressContext(county: "汇川区", township: "董公寺街道", community: "清溪村"))
        XCTAssertEqual(own.regionCode, "520303005206")
    }

    /// A 所属社区 column places a compound's flat the address writes without its community, as the address that
    /// begins with the community does (trial 17c: 北门社区居委会 + 金滩小区5栋2单元204室 stayed at the county).
    func testACommunityColumnPlacesACompoundsFlatWithoutItsCommunity() {
        let context = AddressContext(prefecture: "铜仁市", county: "碧江区", community: "北门社区居委会")
        let written = parser.parse("环北街道北门社区测金滩小区5栋2单元204室", context: AddressContext(prefecture: "铜仁市", county: "碧江区"))
        for text in ["测金滩小区5栋2单元204室", "环北街道测金滩小区5栋2单元204室"] {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.regionCode, "520602002001", text)
            XCTAssertEqual(parsed.compound, "测金滩小区", text)
            XCTAssertEqual(parsed.room, "204", text)
            XCTAssertEqual(parsed.normalized, written.normalized, text)
        }
        XCTAssertEqual(written.normalized, "贵州省铜仁市碧江区环北街道北门社区测金滩小区5栋2单元204室")
        // An address naming a community of its own keeps it.
        let own = parser.parse("环北街道北门社区测金滩小区5栋2单元204室",
                               context: AddressContext(prefecture: "铜仁市", county: "碧江区", community: "东门社区"))
        XCTAssertEqual(own.regionCode, "520602002001")
    }

    private let tongren = AddressContext(prefecture: "铜仁市", county: "碧江区")

    /// A side word right after a door (`33号对面`, `33号隔壁`, `33号旁`, `中华北路12号对面` …) names a place beside that
    /// door, not the door: it is kept as written as the place, as `8组小学对面` is, with no remark, so the house across
    /// the road never reads as No.33 itself (trial fringe, finding 1). A remark that is no side stays a remark.
    func testASideAfterADoorIsThePlaceBesideItNotTheDoor() {
        let village = "贵州省铜仁市碧江区川硐街道凉湾村"
        // The recheck's variants too (侧边, 边上, 东侧, 西边, 对过, 下方: read as remarks, so linked to the door).
        for side in ["对面", "隔壁", "旁", "旁边", "后面", "背后", "附近", "左边", "右边", "斜对面",
                     "侧边", "边上", "东侧", "西边", "对过", "下方"] {
            for door in ["2组33号", "33号", "2组33号附1号"] {
                let parsed = parser.parse("川硐街道凉湾村" + door + side, context: tongren)
                XCTAssertEqual(parsed.street, door + side, door + side)
                XCTAssertNil(parsed.remark, door + side)
                XCTAssertNil(parsed.compound, door + side)
                XCTAssertNil(parsed.building, door + side)
                XCTAssertNil(parsed.room, door + side)
                XCTAssertNil(parsed.unresolvedDivision, door + side)
                XCTAssertEqual(parsed.communityCode, "520602006201", door + side)
                XCTAssertEqual(parsed.normalized, village + door + side, door + side)
            }
        }
        // Written with brackets or a space, the side is the same place.
        for written in ["2组33号（对面）", "2组33号 对面", "二组三十三号对面"] {
            XCTAssertEqual(parser.parse("川硐街道凉湾村" + written, context: tongren).normalized, village + "2组33号对面", written)
        }
        // After a road's door, in a community or not.
        for (written, normalized) in [("环北街道北门社区中华北路12号对面", "贵州省铜仁市碧江区环北街道北门社区中华北路12号对面"),
                                      ("中华北路12号对面", "贵州省铜仁市碧江区中华北路12号对面")] {
            let parsed = parser.parse(written, context: tongren)
            XCTAssertEqual(parsed.street, "中华北路12号对面", written)
            XCTAssertNil(parsed.remark, written)
            XCTAssertEqual(parsed.normalized, normalized, written)
        }
        // What follows the side reads as after a landmark's door: a kind of house is a remark, a floor the room.
        let beside = parser.parse("川硐街道凉湾村2组33号旁边自建房", context: tongren)
        XCTAssertEqual(beside.street, "2组33号旁边")
        XCTAssertEqual(beside.remark, "自建房")
        XCTAssertEqual(beside.normalized, village + "2组33号旁边")
        let upstairs = parser.parse("川硐街道凉湾村2组33号对面2楼", context: tongren)
        XCTAssertEqual(upstairs.street, "2组33号对面")
        XCTAssertEqual(upstairs.room, "2楼")
        XCTAssertEqual(upstairs.normalized, village + "2组33号对面2楼")
        // Remarks that are no side stay the door's remarks.
        for (written, remark) in [("2组33号（自建房）", "自建房"), ("2组33号平房", "平房"), ("2组33号东户", "东户")] {
            let parsed = parser.parse("川硐街道凉湾村" + written, context: tongren)
            XCTAssertEqual(parsed.street, "2组33号", written)
            XCTAssertEqual(parsed.remark, remark, written)
            XCTAssertEqual(parsed.normalized, village + "2组33号", written)
        }
    }

    /// A bracketed former door, group or village (`(原5号)`, `（原3组）`, `（原马岩村）`, `(原马岩村4组)`) is a remark
    /// about the past, wherever it is written: never a building, a compound, or part of the door (trial fringe,
    /// finding 3).
    func testABracketedFormerAddressIsARemark() {
        let town = "贵州省铜仁市碧江区灯塔街道"
        let cases: [(String, String, String, String)] = [
            ("灯塔街道马岩村4组6号(原5号)", "4组6号", "原5号", "马岩村4组6号"),
            ("灯塔街道马岩村4组6号（原５号）", "4组6号", "原5号", "马岩村4组6号"),
            ("灯塔街道马岩村4组（原3组）6号", "4组6号", "原3组", "马岩村4组6号"),
            ("灯塔街道寨桂村1组3号（原马岩村）", "1组3号", "原马岩村", "寨桂村1组3号"),
            ("灯塔街道寨桂村1组3号(原马岩村4组)", "1组3号", "原马岩村4组", "寨桂村1组3号"),
            ("灯塔街道寨桂村【原马岩村】1组3号", "1组3号", "原马岩村", "寨桂村1组3号"),
            // The recheck's spellings (finding 2): another former mark, and notes a comma apart.
            ("灯塔街道马岩村4组6号（旧5号）", "4组6号", "旧5号", "马岩村4组6号"),
            ("灯塔街道马岩村4组6号（老门牌5号）", "4组6号", "老门牌5号", "马岩村4组6号"),
            ("灯塔街道马岩村4组6号（现6号，原5号）", "4组6号", "现6号 原5号", "马岩村4组6号"),
            ("灯塔街道马岩村4组6号（原5号，门牌已换）", "4组6号", "原5号 门牌已换", "马岩村4组6号"),
            ("灯塔街道马岩村4组6号（曾用名：马岩村5组）", "4组6号", "曾用名马岩村5组", "马岩村4组6号"),
        ]
        for (written, street, remark, normalized) in cases {
            let parsed = parser.parse(written, context: tongren)
            XCTAssertEqual(parsed.street, street, written)
            XCTAssertEqual(parsed.remark, remark, written)
            XCTAssertNil(parsed.compound, written)
            XCTAssertNil(parsed.building, written)
            XCTAssertNil(parsed.room, written)
            XCTAssertNil(parsed.unresolvedDivision, written)
            XCTAssertEqual(parsed.normalized, town + normalized, written)
        }
        // A compound's former name in brackets after its present one (trial recheck finding 2: 金滩小区原金滩花园 was
        // a second compound): the compound is its present name, the former one a remark.
        for (written, former) in [("云岩区金滩小区（原金滩花园）3栋2单元501室", "原金滩花园"),
                                  ("云岩区金滩小区(曾用名：金滩花园)3栋2单元501室", "曾用名金滩花园")] {
            let parsed = parser.parse(written, context: guiyang)
            XCTAssertEqual(parsed.compound, "金滩小区", written)
            XCTAssertEqual(parsed.building, "3", written)
            XCTAssertEqual(parsed.room, "501", written)
            XCTAssertEqual(parsed.remark, former, written)
        }
        // A phase in brackets is no former name.
        XCTAssertEqual(parser.parse("云岩区幸福小区（二期）3栋2单元501室", context: guiyang).compound, "幸福小区二期")
        // A flat's former building stays its remark, beside the remark the flat writes itself.
        let flat = parser.parse("云岩区东升小区3栋301室（原2栋3单元）", context: guiyang)
        XCTAssertEqual(flat.building, "3")
        XCTAssertEqual(flat.room, "301")
        XCTAssertEqual(flat.remark, "原2栋3单元")
    }

    /// The village committee with a side after the village (`马岩村村委会旁`, `马岩村委会旁`) is a landmark door, as
    /// `马岩村1组村委会旁` is: the landmark stays, never swallowed as the committee word of the village's name (trial
    /// fringe, finding 3). The committee word alone after the village still names the village.
    func testTheCommitteeWithASideAfterItsVillageIsALandmarkDoor() {
        let village = "贵州省铜仁市碧江区灯塔街道马岩村"
        for written in ["灯塔街道马岩村村委会旁", "灯塔街道马岩村委会旁"] {
            let parsed = parser.parse(written, context: tongren)
            XCTAssertEqual(parsed.street, "村委会旁", written)
            XCTAssertNil(parsed.compound, written)
            XCTAssertNil(parsed.unresolvedDivision, written)
            XCTAssertEqual(parsed.communityCode, "520602005200", written)
            XCTAssertEqual(parsed.normalized, village + "村委会旁", written)
        }
        XCTAssertEqual(parser.parse("灯塔街道马岩村村委会对面2楼", context: tongren).normalized, village + "村委会对面2楼")
        XCTAssertEqual(parser.parse("灯塔街道马岩村1组村委会旁", context: tongren).normalized, village + "1组村委会旁")
        let committee = parser.parse("灯塔街道马岩村村委会", context: tongren)
        XCTAssertEqual(committee.normalized, village)
        XCTAssertEqual(committee.communityCode, "520602005200")
    }
}
