import XCTest
import RongtongNormalize

/// Trial 19c (repro-2): a 街道 written by its stem alone (文昌阁 for 文昌阁街道, 盐务街 for 盐务街街道) right after its
/// county, or in a feed whose context is that county, is the 街道, as 云岩 is 云岩区; a road's door is still a road's.
final class SubDistrictStemTests: XCTestCase {
    private static let parser = AddressParser(directory: try! RegionDirectory.bundled())
    private var parser: AddressParser { Self.parser }
    private let guiyang = AddressContext(prefecture: "贵阳市")

    func testAStreetsStemAfterItsCountyBeforeACompoundIsTheTownship() {
        let stem = parser.parse("云岩文昌阁测锦光佳园A区10幢3单元1502室", context: guiyang)
        XCTAssertEqual(stem.townshipCode, "520103021000")
        XCTAssertEqual(stem.compound, "测锦光佳园A区")
        XCTAssertEqual(stem.normalized, "贵州省贵阳市云岩区文昌阁街道测锦光佳园A区10栋3单元1502室")

        // 盐务街 reads like a road, but before a compound's name after its county it is 盐务街街道.
        let road = parser.parse("云岩区盐务街测泰丰新村7栋1单元701", context: guiyang)
        XCTAssertEqual(road.townshipCode, "520103022000")
        XCTAssertNil(road.street)
        XCTAssertEqual(road.compound, "测泰丰新村")
        XCTAssertEqual(road.normalized, "贵州省贵阳市云岩区盐务街街道测泰丰新村7栋1单元701室")

        // The county from the source's context is enough.
        let county = parser.parse("文昌阁测锦光佳园A区10幢3单元1502室", context: AddressContext(county: "云岩区"))
        XCTAssertEqual(county.townshipCode, "520103021000")
        XCTAssertEqual(county.compound, "测锦光佳园A区")
    }

    func testAStreetsStemBeforeADoorOrAKindWordOrElsewhereIsNoTownship() {
        // A door number after 盐务街 is the road's door.
        let door = parser.parse("云岩区盐务街12号", context: guiyang)
        XCTAssertNil(door.townshipCode)
        XCTAssertEqual(door.countyCode, "520103000000")
        XCTAssertEqual(door.street, "盐务街12号")
        // A kind word right after the stem makes it a compound's name.
        let compound = parser.parse("云岩区文昌阁小区3栋1单元201室", context: guiyang)
        XCTAssertNil(compound.townshipCode)
        XCTAssertEqual(compound.compound, "文昌阁小区")
        // Without its county (only the prefecture known), the stem opens the compound's name as before.
        let alone = parser.parse("文昌阁测锦光佳园A区10幢3单元1502室", context: guiyang)
        XCTAssertNil(alone.townshipCode)
        // After another county, it is nothing of that county's.
        let elsewhere = parser.parse("南明区文昌阁测锦光佳园A区10幢", context: guiyang)
        XCTAssertEqual(elsewhere.countyCode, "520102000000")
        XCTAssertNil(elsewhere.townshipCode)
    }
}
