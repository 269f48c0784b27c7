import XCTest
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

    func testFormerCountyNameResolvesToCurrentCode() {
        XCTAssertEqual(parser.parse("水城县阳光小区").countyCode, "520204000000")
        XCTAssertEqual(parser.parse("遵义县阳光小区").countyCode, "520304000000")
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
    }

    func testNormalizedSpellingIsTheSameForEveryWrittenForm() {
        let forms = ["贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室", "白云区大山洞街道东升小区三栋二单元501号",
                     "贵阳白云区大山洞街道 东升小区 3-2-501", "白云区大山洞街道东升小区3号楼2-501",
                     "贵阳市白云区大山洞街道办事处东升小区３幢２单元５０１"]
        for form in forms {
            XCTAssertEqual(parser.parse(form).normalized, "贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室", form)
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
