import XCTest
import RongtongNormalize

/// Floors as census feeds write them, and the rooms numbered on them: a letter or a list of flats after a floor
/// (`3栋3楼A`, `3栋3楼2、3号`), a floor written before its building (`3楼A座`) or as `3F`, `N楼` before a room
/// numbered on it (`3楼302`), a dash pair after a road's door (`127号3-2`), a floor alone after a road's annex door
/// (`12号附3号2楼`), and a villager's door with its sub-number written two ways (`21号-1`, `21-1`).
final class FloorReadingTests: XCTestCase {
    private static let parser: AddressParser = {
        AddressParser(directory: try! RegionDirectory.bundled())
    }()

    private var parser: AddressParser { Self.parser }

    private func assertFlat(_ text: String, _ expected: [String?], compound: String? = "东升小区",
                            file: StaticString = #filePath, line: UInt = #line) {
        let parsed = parser.parse(text)
        XCTAssertEqual([parsed.building, parsed.unit, parsed.room], expected, text, file: file, line: line)
        XCTAssertEqual(parsed.compound, compound, text, file: file, line: line)
        XCTAssertNil(parsed.remark, text, file: file, line: line)
    }

    /// A lettered flat after its floor is that floor's flat, as a short number is (`3楼3号` → `3-3`): `3楼A` → `3-A`.
    /// A list of flats after a floor keeps the floor on each (`3楼2、3号` → `3-2、3-3`), never the bare `2、3` that
    /// floor 2's flats would give too.
    func testALetterOrAListOfFlatsAfterAFloorIsTheFloorsFlats() {
        assertFlat("东升小区3栋3楼A", ["3", nil, "3-A"])
        assertFlat("东升小区3栋3楼A室", ["3", nil, "3-A"])
        // With 号 after the letter too (trial 24 recheck: the floor and flat were lost, `A号` left as a remark).
        assertFlat("东升小区9栋3楼A号", ["9", nil, "3-A"])
        assertFlat("东升小区3栋2单元3楼A", ["3", "2", "3-A"])
        assertFlat("东升小区3栋3楼3号", ["3", nil, "3-3"])
        assertFlat("东升小区3栋3楼2、3号", ["3", nil, "3-2、3-3"])
        assertFlat("东升小区3栋2单元5楼501、502室", ["3", "2", "501、502"])
        XCTAssertNotEqual(parser.parse("东升小区3栋3楼A").normalized, parser.parse("东升小区3栋2楼A").normalized)
        XCTAssertEqual(parser.parse("东升小区3栋3楼A").normalized, "东升小区3栋3-A室")
        // A lettered building is still a building.
        assertFlat("东升小区A座501", ["A", nil, "501"])
    }

    /// `3楼A座`: a floor written before its building, read as `A座3楼` is (building A, room `3楼`); the floor never
    /// becomes part of the compound's name.
    func testAFloorWrittenBeforeItsBuildingIsNoPartOfTheCompound() {
        assertFlat("东升小区3楼A座", ["A", nil, "3楼"])
        XCTAssertEqual(parser.parse("东升小区3楼A座").normalized, parser.parse("东升小区A座3楼").normalized)
        assertFlat("东升小区3楼A座301室", ["A", nil, "301"])
    }

    /// `3F`, `3F-302`, `3f302`: the floor written with F, read as `3层`: room 302, the floor no building.
    func testAFloorWrittenWithFIsAFloor() {
        for text in ["东升小区3F302", "东升小区3F-302", "东升小区3f302", "东升小区3F 302", "东升小区3F302室"] {
            assertFlat(text, [nil, nil, "302"])
            XCTAssertEqual(parser.parse(text).normalized, parser.parse("东升小区3层302").normalized, text)
        }
        assertFlat("东升小区3栋3F302", ["3", nil, "302"])
        assertFlat("东升小区3栋2单元5F", ["3", "2", "5楼"])
        assertFlat("东升小区3栋12F1201", ["3", nil, "1201"])
        // Letters that are no floor stay as they were: a code of the compound's, a lettered unit.
        XCTAssertEqual(parser.parse("东升小区3栋B单元501").unit, "B")
    }

    /// `中华北路门牌12号之2`: the word 门牌 before a door number says only that a door follows: door `12号之2号`, as
    /// `中华北路12号之2` gives; never a compound `门牌12号之` with building 2.
    func testTheWordMenpaiBeforeADoorNumberIsNoCompound() {
        let plain = parser.parse("中华北路12号之2")
        for text in ["中华北路门牌12号之2", "中华北路门牌号12号之2", "中华北路门牌号：12号之2"] {
            let parsed = parser.parse(text)
            XCTAssertNil(parsed.compound, text)
            XCTAssertNil(parsed.building, text)
            XCTAssertEqual(parsed.street, "中华北路12号之2号", text)
            XCTAssertEqual(parsed.normalized, plain.normalized, text)
        }
        XCTAssertEqual(parser.parse("中华北路门牌123号").street, "中华北路123号")
        // A road named like a 街道 (中华南路 of 中华南路街道): 门牌 before the door is no compound's name either, so the
        // road stays the road (trial 24 recheck: compound `12号之`, building 2, at 中华南路街道).
        let road = parser.parse("南明区中华南路门牌12号之2")
        XCTAssertEqual(road.street, "中华南路12号之2号")
        XCTAssertNil(road.compound)
        XCTAssertEqual(road.normalized, parser.parse("南明区中华南路12号之2").normalized)
    }

    /// `N楼` written where a building may stand (no 栋 before it) is a floor when the room after it is numbered on
    /// it (`3楼302`, `12楼1201`: the floor's digits, then the flat's two), as `3-2-5-501` reads 5 as 501's floor; it
    /// is the building when a unit follows (`3楼2单元302`), when the room is numbered on no such floor (`3楼402`,
    /// `1楼1201`), and always as `3号楼`.
    func testNLouBeforeARoomNumberedOnItIsAFloor() {
        assertFlat("东升小区3楼302", [nil, nil, "302"])
        assertFlat("东升小区3楼302室", [nil, nil, "302"])
        assertFlat("东升小区12楼1201", [nil, nil, "1201"])
        assertFlat("东升小区5楼501室", [nil, nil, "501"])
        assertFlat("东升小区3楼2单元302", ["3", "2", "302"])
        assertFlat("东升小区3号楼302", ["3", nil, "302"])
        assertFlat("东升小区3楼402", ["3", nil, "402"])
        assertFlat("东升小区1楼1201", ["1", nil, "1201"])
        XCTAssertEqual(parser.parse("东升小区3楼302").normalized, parser.parse("东升小区3层302").normalized)
    }

    /// `中华北路127号3-2`: after a road's door, two numbers joined by a dash are a floor and its flat, as
    /// `127号3楼2号` gives (room `3-2`), and a room numbered on its floor is that room (`127号3-302`: room 302); never
    /// building 3. Three numbers stay building, unit and room, and a compound's `3-2` stays building 3, room 2.
    func testADashPairAfterARoadsDoorIsAFloorAndItsFlat() {
        let floor = parser.parse("中华北路127号3楼2号")
        for text in ["中华北路127号3-2", "中华北路127号-3-2"] {
            let parsed = parser.parse(text)
            XCTAssertNil(parsed.building, text)
            XCTAssertEqual(parsed.room, "3-2", text)
            XCTAssertEqual(parsed.street, "中华北路127号", text)
            XCTAssertEqual(parsed.normalized, floor.normalized, text)
        }
        let numbered = parser.parse("中华北路127号3-302")
        XCTAssertNil(numbered.building)
        XCTAssertEqual(numbered.room, "302")
        let flat = parser.parse("中华北路127号3-2-501")
        XCTAssertEqual([flat.building, flat.unit, flat.room], ["3", "2", "501"])
        assertFlat("东升小区3-2", ["3", nil, "2"])
    }

    /// `遵义路12号附3号2楼`: a road's door with its annex is a road's door: a bare floor after it is a floor of a building
    /// of flats, no room (as `中华北路123号2楼`); a named room stays the room. A villager's annex door keeps its floor.
    func testAFloorAloneAfterARoadsAnnexDoorIsNoRoom() {
        for text in ["遵义路12号附3号2楼", "遵义路12号之3号2楼", "遵义路12号附3号二楼"] {
            let parsed = parser.parse(text)
            XCTAssertNil(parsed.room, text)
            XCTAssertNil(parsed.building, text)
            XCTAssertNil(parsed.compound, text)
            XCTAssertEqual(parsed.street, text.hasPrefix("遵义路12号之") ? "遵义路12号之3号" : "遵义路12号附3号", text)
        }
        XCTAssertEqual(parser.parse("遵义路12号附3号2楼").normalized, "遵义路12号附3号")
        XCTAssertEqual(parser.parse("遵义路12号附3号阁楼").room, "阁楼")
        XCTAssertEqual(parser.parse("遵义路12号附3号2楼201室").room, "201")
        let village = parser.parse("花溪区小孟街道王宽村1组60号附1号1楼", context: AddressContext(prefecture: "贵阳市"))
        XCTAssertEqual(village.room, "1楼")
        XCTAssertEqual(village.street, "1组60号附1号")
    }

    /// `3组21号-1` and `3组21-1` (and `3组21-1号`, `3组21号附1`) are one villager's door with its sub-number: one
    /// spelling, `3组21号附1号`, so that the two feeds that write them link.
    func testAVillagersSubNumberedDoorWrittenTwoWaysIsOneDoor() {
        let context = AddressContext(prefecture: "贵阳市", county: "花溪区")
        let expected = parser.parse("青岩镇龙井村3组21号附1号", context: context)
        XCTAssertEqual(expected.street, "3组21号附1号")
        for text in ["青岩镇龙井村3组21号-1", "青岩镇龙井村3组21-1", "青岩镇龙井村3组21-1号", "青岩镇龙井村3组21号附1"] {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.street, "3组21号附1号", text)
            XCTAssertNil(parsed.room, text)
            XCTAssertNil(parsed.building, text)
            XCTAssertEqual(parsed.normalized, expected.normalized, text)
        }
        let floor = parser.parse("青岩镇龙井村3组21-1 2楼", context: context)
        XCTAssertEqual(floor.street, "3组21号附1号")
        XCTAssertEqual(floor.room, "2楼")
        // The brief's own text: ambiguous 永兴村, yet the two spellings give one address.
        XCTAssertEqual(parser.parse("永兴村3组21号-1").normalized, parser.parse("永兴村3组21-1").normalized)
        // The village right before the door, with no group (龙井村21号-1, 龙井村21-1号): one door too, never building 1.
        for text in ["青岩镇龙井村21号-1", "青岩镇龙井村21-1号", "青岩镇龙井村21号附1号"] {
            let parsed = parser.parse(text, context: context)
            XCTAssertEqual(parsed.street, "21号附1号", text)
            XCTAssertNil(parsed.building, text)
        }
        // A flat's room after a dash stays a flat's.
        let flat = parser.parse("青岩镇龙井村3组5-501", context: context)
        XCTAssertEqual([flat.building, flat.room], ["5", "501"])
    }
}
