import XCTest
import RongtongNormalize

/// The in-memory division directory built from the bundled reference tables.
final class AddressRegionDirectoryTests: XCTestCase {
    private var directory: RegionDirectory { try! RegionDirectory.bundled() }

    func testBundledDirectoryHoldsEveryPlaceableReferenceRow() {
        let regions = directory.allRegions
        // 1,608 divisions + 17,920 communities − 4 communities of townships abolished by 2023.
        XCTAssertEqual(regions.count, 1_608 + 17_920 - 4)
        XCTAssertEqual(regions.filter { $0.level == .prefecture }.count, 9)
        XCTAssertEqual(regions.filter { $0.level == .county }.count, 88)
        XCTAssertEqual(regions.map(\.code), regions.map(\.code).sorted())
        XCTAssertNil(directory.region(code: "522324206200"), "orphan community of 三宝彝族乡 is left out")
    }

    func testBundledDirectoryIsLoadedOnce() throws {
        XCTAssertTrue(try RegionDirectory.bundled() === RegionDirectory.bundled())
    }

    func testRegionLookupAcceptsShortCodeForms() {
        XCTAssertEqual(directory.region(code: "520113000000")?.name, "白云区")
        XCTAssertEqual(directory.region(code: "520113")?.name, "白云区")
        XCTAssertEqual(directory.region(code: "520113006")?.name, "大山洞街道")
        XCTAssertEqual(directory.region(code: "520113006")?.parentCode, "520113000000")
        XCTAssertNil(directory.region(code: "999999"))
    }

    func testRegionsNamedResolvesFullAndShortNames() {
        for name in ["贵阳", "贵阳市"] {
            XCTAssertEqual(directory.regions(named: name, level: nil, under: nil).map(\.code), ["520100000000"])
        }
        for name in ["黔南州", "黔南", "黔南布依族苗族自治州"] {
            XCTAssertEqual(directory.regions(named: name, level: .prefecture, under: nil).map(\.code), ["522700000000"])
        }
        XCTAssertEqual(directory.regions(named: "黔东南", level: nil, under: nil).map(\.code), ["522600000000"])
        XCTAssertEqual(directory.regions(named: "南明", level: .county, under: nil).map(\.code), ["520102000000"])
        XCTAssertEqual(directory.regions(named: "南明区", level: nil, under: nil).map(\.code), ["520102000000"])
        XCTAssertEqual(directory.regions(named: "都拉乡", level: .township, under: nil).map(\.code), ["520113200000"])
    }

    func testRegionsNamedReturnsEveryDivisionSharingAName() {
        let all = directory.regions(named: "龙场镇", level: .township, under: nil)
        XCTAssertEqual(all.count, 5)
        let inBijie = directory.regions(named: "龙场镇", level: .township, under: "520500000000")
        XCTAssertEqual(inBijie.map(\.code), ["520524105000", "520525104000", "520526104000"])
        XCTAssertEqual(directory.regions(named: "龙场镇", level: .county, under: nil), [])
    }

    func testRegionsNamedMatchesCommunitiesWrittenWithOtherCommitteeSuffixes() {
        for name in ["大山洞社区", "大山洞居委会", "大山洞居委会", "大山洞社区居委会"] {
            XCTAssertEqual(directory.regions(named: name, level: .community, under: "520113006000").map(\.code),
                           ["520113006001"], name)
        }
    }

    func testFormerCountyNamesAreIndexedUnderTodaysDivision() {
        let expected = ["小河区": "520111000000", "盘县": "520281000000", "黔西县": "520581000000",
                        "平坝县": "520403000000", "遵义县": "520304000000", "铜仁县": "520602000000"]
        for (name, code) in expected {
            XCTAssertEqual(directory.regions(named: name, level: .county, under: nil).map(\.code), [code], name)
        }
        XCTAssertEqual(directory.regions(named: "小河区", level: nil, under: "520100000000").map(\.code),
                       ["520111000000"])
    }

    func testFormerTownshipNameFindsTheSubdistrictOnlyWhenNoCurrentNameFits() {
        XCTAssertEqual(directory.regions(named: "红果镇", level: .township, under: nil).map(\.code), ["520281004000"])
        // 龙场镇 is the current name of five towns; the former name of 修文县's 龙场街道 does not join them.
        XCTAssertEqual(directory.regions(named: "龙场镇", level: .township, under: nil).count, 5)
        XCTAssertEqual(directory.regions(named: "龙场镇", level: .township, under: "520123000000").map(\.code),
                       ["520123001000"])
    }

    func testDirectoryBuildsFromCSVText() throws {
        let divisions = """
            code,name,level,parent_code
            520000000000,贵州省,province,
            520100000000,贵阳市,prefecture,520000000000
            520113000000,白云区,county,520100000000
            """
        let communities = "code,name,level,parent_code\n520113006001,大山洞居委会,community,520113006000\n"
        let directory = try RegionDirectory(divisionsCSV: divisions, communitiesCSV: communities)
        XCTAssertEqual(directory.allRegions.count, 3, "the community's township is missing, so it is left out")
        XCTAssertThrowsError(try RegionDirectory(divisionsCSV: "code,name,level,parent_code\n52,x\n",
                                                 communitiesCSV: ""))
    }
}
