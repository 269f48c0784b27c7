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
}
