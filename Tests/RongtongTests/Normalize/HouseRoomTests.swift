import XCTest
import RongtongNormalize

/// Where in a house or building a household lives, as the address parser reads it: a part of the house after its
/// door (`22号后栋`), a shantytown's door number after a phase or in a 地块, a floor after a building, a shop front.
/// Found by trials 19a, 19b and 19c.
final class HouseRoomTests: XCTestCase {
    private static let parser: AddressParser = {
        AddressParser(directory: try! RegionDirectory.bundled())
    }()

    private var parser: AddressParser { Self.parser }
    private let guiyang = AddressContext(prefecture: "贵阳市")

    /// 后栋, 后楼, 前栋, 偏房 after a road's or a village's door are a part of that house: they stay with the door in
    /// the street, never a compound, and the room after them is the room (trial 19a).
    func testAPartOfTheHouseAfterItsDoorIsNoCompound() {
        let road = parser.parse("花溪区小孟街道小孟路22号后栋302室", context: guiyang)
        XCTAssertNil(road.compound)
        XCTAssertNil(road.building)
        XCTAssertEqual(road.room, "302")
        XCTAssertEqual(road.street, "小孟路22号后栋")
        XCTAssertEqual(road.normalized, "贵州省贵阳市花溪区小孟街道小孟路22号后栋302室")
        XCTAssertNotEqual(road.normalized, parser.parse("花溪区小孟街道小孟路72号后栋302室", context: guiyang).normalized)
        for (part, room) in [("后栋201室", "201"), ("后楼201室", "201"), ("前栋", nil), ("偏房", nil), ("后栋3楼", "3楼")] {
            let village = parser.parse("花溪区小孟街道王宽村3组15号" + part, context: guiyang)
            XCTAssertNil(village.compound, part)
            XCTAssertNil(village.building, part)
            XCTAssertEqual(village.room, room, part)
            XCTAssertEqual(village.communityCode, "520111010200", part)
            XCTAssertTrue(village.street?.hasPrefix("3组15号" + part.prefix(2)) == true, "\(part): \(village.street ?? "nil")")
        }
        // A floor after the part of the house is a floor, not a building: 4楼402 is room 402, as after 附1号.
        let floor = parser.parse("花溪区小孟街道小孟路22号后栋4楼402", context: guiyang)
        XCTAssertNil(floor.compound)
        XCTAssertNil(floor.building)
        XCTAssertEqual(floor.room, "402")
        XCTAssertEqual(floor.normalized, "贵州省贵阳市花溪区小孟街道小孟路22号后栋402室")
        XCTAssertEqual(floor.normalized, parser.parse("花溪区小孟街道小孟路22号后栋402室", context: guiyang).normalized)
        let annex = parser.parse("花溪区小孟街道小孟路22号附1号4楼402", context: guiyang)
        XCTAssertNil(annex.building)
        XCTAssertEqual(annex.room, "402")
        // A door right after the village is the street too, whatever follows it: no building 15, no compound.
        let villageDoor = parser.parse("花溪区小孟街道王宽村15号后栋201室", context: guiyang)
        XCTAssertNil(villageDoor.compound)
        XCTAssertEqual(villageDoor.street, "15号后栋")
        XCTAssertEqual(villageDoor.room, "201")
        let plain = parser.parse("花溪区小孟街道王宽村15号201室", context: guiyang)
        XCTAssertNil(plain.building)
        XCTAssertEqual(plain.street, "15号")
        XCTAssertEqual(plain.room, "201")
        // A compound named with a number after the village keeps its name.
        XCTAssertEqual(parser.parse("花溪区小孟街道王宽村1号院3栋201室", context: guiyang).compound, "1号院")
        XCTAssertEqual(parser.parse("花溪区小孟街道王宽村5号小区2栋", context: guiyang).compound, "5号小区")
        // A compound of flats keeps its buildings.
        XCTAssertEqual(parser.parse("白云区大山洞街道东升小区3栋2单元501室").building, "3")
    }

    /// A shantytown's or area's door number is the room whatever the name's phase (`一期`, `（一期）`) and for an
    /// area named 地块, whatever the number's size (trial 19b).
    func testAShantytownsDoorIsTheRoomAfterAPhaseAndInAPlot() {
        let liupanshui = AddressContext(prefecture: "六盘水市")
        for written in ["测杉树林片区17号", "测杉树林片区一期17号", "测杉树林片区（一期）17号", "测杉树林片区第1期17号"] {
            let parsed = parser.parse("钟山区荷城街道" + written, context: liupanshui)
            XCTAssertNil(parsed.building, written)
            XCTAssertNil(parsed.unit, written)
            XCTAssertEqual(parsed.room, "17", written)
            XCTAssertTrue(parsed.compound?.hasPrefix("测杉树林片区") == true, written)
        }
        let anshun = AddressContext(prefecture: "安顺市")
        for door in ["41", "104", "7"] {
            let parsed = parser.parse("西秀区东关街道测东关地块\(door)号", context: anshun)
            XCTAssertEqual(parsed.compound, "测东关地块", door)
            XCTAssertNil(parsed.building, door)
            XCTAssertEqual(parsed.room, door, door)
        }
        // The door written alone beside a 小区 column naming the area with its phase.
        let column = parser.parse("17号", context: AddressContext(prefecture: "六盘水市", compound: "测杉树林片区（一期）"))
        XCTAssertNil(column.building)
        XCTAssertEqual(column.room, "17")
        // Buildings written as such read as in any compound; an ordinary compound's 12号 stays building 12.
        XCTAssertEqual(parser.parse("测东关地块3栋201室", context: anshun).building, "3")
        XCTAssertEqual(parser.parse("东升小区12号").building, "12")
    }

    /// A floor, a basement or a named room after a building or unit is the room, spelled as after a house's door
    /// (`5楼`, `负1楼`); a room numbered after the floor is that room (trial 19c).
    func testAFloorAfterABuildingIsTheRoom() {
        let prefix = "云岩区盐务街街道测泰丰新村"
        let cases: [(String, building: String, unit: String?, room: String)] = [
            ("7栋1单元5楼", "7", "1", "5楼"), ("7栋1单元五层", "7", "1", "5楼"), ("7栋负一楼", "7", nil, "负1楼"),
            ("7栋负1楼", "7", nil, "负1楼"), ("7栋地下1层", "7", nil, "负1楼"), ("7号楼3楼", "7", nil, "3楼"),
            ("7栋阁楼", "7", nil, "阁楼"), ("7栋1单元5楼东", "7", "1", "5楼东"),
        ]
        for (written, building, unit, room) in cases {
            let parsed = parser.parse(prefix + written, context: guiyang)
            XCTAssertEqual(parsed.compound, "测泰丰新村", written)
            XCTAssertEqual(parsed.building, building, written)
            XCTAssertEqual(parsed.unit, unit, written)
            XCTAssertEqual(parsed.room, room, written)
        }
        XCTAssertEqual(parser.parse(prefix + "7栋1单元五层", context: guiyang).normalized,
                       "贵州省贵阳市云岩区盐务街街道测泰丰新村7栋1单元5楼")
        XCTAssertEqual(parser.parse(prefix + "7栋1单元5楼501室", context: guiyang).room, "501")
        // A road's door outside a community keeps no floor (a building of flats), as before.
        XCTAssertNil(parser.parse("云岩区中华北路123号2楼", context: guiyang).room)
    }

    /// A shop front at a road's door, `3号-1号门面` or `3号1号门面`: the door is the street, the shop its room
    /// (trial 19c).
    func testAShopFrontAtADoorIsItsRoom() {
        for written in ["遵义路3号-1号门面", "遵义路3号1号门面", "遵义路3号一号门面"] {
            let parsed = parser.parse("云岩区茶园路街道" + written, context: guiyang)
            XCTAssertNil(parsed.compound, written)
            XCTAssertNil(parsed.building, written)
            XCTAssertEqual(parsed.street, "遵义路3号", written)
            XCTAssertEqual(parsed.room, "1号门面", written)
            XCTAssertEqual(parsed.normalized, "贵州省贵阳市云岩区茶园路街道遵义路3号1号门面", written)
        }
        let unnumbered = parser.parse("云岩区茶园路街道遵义路3号门面", context: guiyang)
        XCTAssertNil(unnumbered.compound)
        XCTAssertEqual(unnumbered.street, "遵义路3号")
        XCTAssertEqual(unnumbered.room, "门面")
        // A door's annex is still an annex.
        XCTAssertEqual(parser.parse("南明区中华南路5号-1", context: guiyang).street, "中华南路5号附1号")
        // A shop front of a building or of a compound is its room.
        let compound = parser.parse("云岩区盐务街街道测泰丰新村1号门面", context: guiyang)
        XCTAssertEqual(compound.compound, "测泰丰新村")
        XCTAssertEqual(compound.room, "1号门面")
        let building = parser.parse("云岩区盐务街街道测泰丰新村7栋1号门面", context: guiyang)
        XCTAssertEqual(building.building, "7")
        XCTAssertEqual(building.room, "1号门面")
    }

    /// A kind of house in brackets between a door and its floor (`中华北路123号（自建房）2楼`) is a remark: the door and
    /// the floor read exactly as without it (`中华北路123号2楼`), wherever the door is: at a road's door outside a placed
    /// community no numbered floor is kept either way (a floor of a building of flats), in a placed community and
    /// at a village's door the floor is the room either way, and a named room (阁楼) is the room either way.
    func testAKindOfHouseBeforeTheFloorReadsAsTheDoorAndFloorWithoutIt() {
        let zunyi = AddressContext(prefecture: "遵义市")
        let cases: [(String, String, AddressContext)] = [
            ("南明区中华北路123号", "2楼", guiyang), ("南明区中华北路123号", "阁楼", guiyang),
            ("花溪区小孟街道小孟路22号", "3楼", guiyang), ("花溪区小孟街道王宽村15号", "2楼", guiyang),
            ("汇川区高桥街道泥桥社区团结巷53号", "2楼", zunyi),
        ]
        for (door, floor, context) in cases {
            let plain = parser.parse(door + floor, context: context)
            for remark in ["（自建房）", "(自建房)", "自建房"] {
                let written = door + remark + floor
                let parsed = parser.parse(written, context: context)
                XCTAssertEqual(parsed.remark, "自建房", written)
                XCTAssertNil(parsed.compound, written)
                XCTAssertEqual(parsed.street, plain.street, written)
                XCTAssertEqual(parsed.room, plain.room, written)
                XCTAssertEqual(parsed.normalized, plain.normalized, written)
            }
        }
        XCTAssertEqual(parser.parse("汇川区高桥街道泥桥社区团结巷53号（自建房）2楼", context: zunyi).room, "2楼")
    }

    /// A floor or named room at a road's door outside a placed community is the room, not dropped or read as a
    /// compound (`小孟路22号3楼`, `小孟路22号后栋楼顶`); an annex door after a part of the house stays in the street;
    /// `N楼` in a compound named as one building is its floor (the 19a recheck's probes).
    func testAFloorAtARoadsDoorAndInANamedBuildingIsTheRoom() {
        for (text, street, room) in [("小孟路22号后栋3楼", "小孟路22号后栋", "3楼"), ("小孟路22号楼顶", "小孟路22号", "楼顶"),
                                     ("小孟路22号阁楼", "小孟路22号", "阁楼"), ("小孟路22号后栋楼顶", "小孟路22号后栋", "楼顶"),
                                     ("小孟路22号后栋阁楼", "小孟路22号后栋", "阁楼")] {
            let parsed = parser.parse("花溪区小孟街道" + text, context: guiyang)
            XCTAssertNil(parsed.compound, text)
            XCTAssertNil(parsed.building, text)
            XCTAssertEqual(parsed.street, street, text)
            XCTAssertEqual(parsed.room, room, text)
        }
        // Two floors of one house are two places; the floor written 三楼 is 3楼.
        XCTAssertNotEqual(parser.parse("花溪区小孟街道小孟路22号后栋3楼", context: guiyang).normalized,
                          parser.parse("花溪区小孟街道小孟路22号后栋2楼", context: guiyang).normalized)
        XCTAssertEqual(parser.parse("花溪区小孟街道小孟路22号后栋三楼", context: guiyang).room, "3楼")
        // A numbered building is still a building: 中华北路123号楼 is building 123 of the road.
        XCTAssertEqual(parser.parse("云岩区中华北路123号楼", context: guiyang).building, "123")
        let annex = parser.parse("花溪区小孟街道王宽村3组15号后栋附2号", context: guiyang)
        XCTAssertNil(annex.compound)
        XCTAssertEqual(annex.street, "3组15号后栋附2号")
        XCTAssertEqual(parser.parse("花溪区小孟街道王宽村3组15号后栋附2号301室", context: guiyang).room, "301")
        let tower = parser.parse("云岩区中华北路123号科技大楼5楼501室", context: guiyang)
        XCTAssertEqual(tower.compound, "科技大楼")
        XCTAssertNil(tower.building)
        XCTAssertEqual(tower.room, "501")
        let office = parser.parse("花溪区小孟路22号办公楼2楼", context: guiyang)
        XCTAssertEqual(office.compound, "办公楼")
        XCTAssertNil(office.building)
        XCTAssertEqual(office.room, "2楼")
        XCTAssertNil(parser.parse("云岩区测金源大厦12楼1201室", context: guiyang).building)
        // A compound of several buildings keeps N楼 as its building, unless the room after it is numbered on it as
        // on its floor (fix-floors: 东升小区5楼501室 is floor 5's room 501, as 3-2-5-501 is).
        XCTAssertEqual(parser.parse("白云区大山洞街道东升小区5楼402室", context: guiyang).building, "5")
        XCTAssertNil(parser.parse("白云区大山洞街道东升小区5楼501室", context: guiyang).building)
    }
}
