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
        // After another county, it is nothing of that county's.
        let elsewhere = parser.parse("南明区文昌阁测锦光佳园A区10幢", context: guiyang)
        XCTAssertEqual(elsewhere.countyCode, "520102000000")
        XCTAssertNil(elsewhere.townshipCode)
    }

    /// The 19c recheck (121 records): with only the prefecture known, a stem of three or more characters that no other
    /// township of the prefecture has is the 街道 (贵阳市文昌阁测阳水新村); a two-character road-like stem (南街 of 西秀区's
    /// 南街街道) needs its county, written short (西秀南街) or full; a county column and the county's short name before
    /// the stem (云岩文昌阁 in a 云岩区 feed) read on to the 街道.
    func testAStreetsStemUnderItsPrefectureOrAfterAShortCountyIsTheTownship() {
        for text in ["贵阳市文昌阁测阳水新村3栋2单元501", "文昌阁测阳水新村3栋2单元501"] {
            let parsed = parser.parse(text, context: guiyang)
            XCTAssertEqual(parsed.townshipCode, "520103021000", text)
            XCTAssertEqual(parsed.compound, "测阳水新村", text)
            XCTAssertEqual(parsed.normalized, "贵州省贵阳市云岩区文昌阁街道测阳水新村3栋2单元501室", text)
        }
        // A kind word after the stem keeps it the compound's name, under the prefecture too.
        XCTAssertEqual(parser.parse("文昌阁小区3栋", context: guiyang).compound, "文昌阁小区")
        // Under another prefecture the stem is nothing.
        XCTAssertNil(parser.parse("文昌阁测阳水新村3栋", context: AddressContext(prefecture: "遵义市")).townshipCode)

        let anshun = AddressContext(prefecture: "安顺市")
        let short = parser.parse("西秀南街测丰竹小区2栋3单元304室", context: anshun)
        XCTAssertEqual(short.countyCode, "520402000000")
        XCTAssertNotNil(short.townshipCode)
        XCTAssertEqual(short.compound, "测丰竹小区")
        XCTAssertEqual(short.normalized, "贵州省安顺市西秀区南街街道测丰竹小区2栋3单元304室")
        // The road's door stays the road's; a two-character stem alone under the prefecture is not trusted.
        XCTAssertEqual(parser.parse("西秀区南街12号", context: anshun).street, "南街12号")
        XCTAssertNil(parser.parse("南街测丰竹小区2栋", context: anshun).townshipCode)

        let column = parser.parse("云岩文昌阁测锦光佳园A区3号楼4单元1201室", context: AddressContext(county: "云岩区"))
        XCTAssertEqual(column.townshipCode, "520103021000")
        XCTAssertEqual(column.compound, "测锦光佳园A区")
        // The county's name still opens a compound's name when no stem of its 街道 follows.
        XCTAssertEqual(parser.parse("云岩花园3栋", context: AddressContext(county: "云岩区")).compound, "云岩花园")
    }

    /// A road named after a 街道 with a direction or number before its road word (金阳南路 of 金阳街道, 观山一路) is
    /// the road, not the 街道 and a street `南路` (the 20f recheck: 观山湖区金阳南路6号).
    func testARoadNamedAfterAStreetsStemIsTheRoad() {
        let door = parser.parse("观山湖区金阳南路6号", context: guiyang)
        XCTAssertNil(door.townshipCode)
        XCTAssertEqual(door.street, "金阳南路6号")
        XCTAssertEqual(door.normalized, "贵州省贵阳市观山湖区金阳南路6号")
        let compound = parser.parse("观山湖区金阳南路测阳光小区3栋", context: guiyang)
        XCTAssertNil(compound.townshipCode)
        XCTAssertEqual(compound.compound, "测阳光小区")
        // The stem before a compound's name is still the 街道.
        XCTAssertEqual(parser.parse("观山湖区金阳测阳光小区3栋", context: guiyang).townshipCode, "520115007000")
    }
}
