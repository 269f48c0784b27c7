import XCTest

/// `rongtong find`: an analyst holding a resident ID or phone number finds its households, though the warehouse
/// holds only keyed hashes of them.
final class FindCommandTests: XCTestCase {
    private func find(_ fixture: PipelineFixture, _ values: [String], key: String = PipelineFixture.key) throws -> CommandResult {
        try Rongtong.run(["find", fixture.file.path] + values, environment: ["RONGTONG_PII_KEY": key])
    }

    private func objects(_ result: CommandResult) throws -> [[String: Any]] {
        try result.stdout.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// The census's heads by ID (written as the feed wrote it, in full-width digits, or as the 15-digit number it
    /// converts from) and by phone (+86, spaces): each finds its household, with the hash the warehouse holds; an
    /// ID nobody has finds none; the output never holds the value in clear.
    func testFindsTheHouseholdOfAnIDOrPhoneAsTheWarehouseHashedIt() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run().status, 0)
        let zhang = try XCTUnwrap(fixture.rows("SELECT household_id, head_id_hash, phone_hash FROM dwd_household WHERE head_name = '张三'").first)
        let wang = try XCTUnwrap(fixture.query("SELECT household_id FROM dwd_household WHERE head_name = '王五'") as String?)
        let result = try find(fixture, ["５２０１０２１９８００１０１１２３５", "520102850303123", "+86 138 0013 8000", "520102197001010019"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let found = try objects(result)
        XCTAssertEqual(found.count, 4)
        XCTAssertEqual(found[0]["kind"] as? String, "id")
        XCTAssertEqual(found[0]["masked"] as? String, "520102********1235")
        XCTAssertEqual(found[0]["hash"] as? String, zhang["head_id_hash"] as String)
        XCTAssertEqual((found[0]["households"] as? [[String: Any]])?.map { $0["household_id"] as? String }, [zhang["household_id"] as String])
        XCTAssertEqual((found[0]["households"] as? [[String: Any]])?.first?["held_as"] as? String, "head")
        XCTAssertEqual((found[1]["households"] as? [[String: Any]])?.map { $0["household_id"] as? String }, [wang], "the 15-digit number as converted")
        XCTAssertEqual(found[2]["kind"] as? String, "phone")
        XCTAssertEqual(found[2]["hash"] as? String, zhang["phone_hash"] as String)
        XCTAssertEqual((found[2]["households"] as? [[String: Any]])?.first?["held_as"] as? String, "phone")
        XCTAssertEqual((found[3]["households"] as? [[String: Any]])?.count, 0)
        XCTAssertFalse(result.stdout.contains("520102198001011235") || result.stdout.contains("13800138000"), result.stdout)
    }

    /// A value that is no ID or phone, and a key the warehouse was not built with: exit 2, saying so, the value masked.
    func testRefusesAnUnreadableValueAndAnotherKey() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run().status, 0)
        let unreadable = try find(fixture, ["520102198001011234"])
        XCTAssertEqual(unreadable.status, 2)
        XCTAssertTrue(unreadable.stderr.contains("neither a valid resident ID nor a phone number"), unreadable.stderr)
        XCTAssertFalse(unreadable.stderr.contains("520102198001011234"), unreadable.stderr)
        let otherKey = try find(fixture, ["520102198001011235"], key: "another-key-0123456789")
        XCTAssertEqual(otherKey.status, 2)
        XCTAssertTrue(otherKey.stderr.contains("different personal-data key"), otherKey.stderr)
        XCTAssertEqual(otherKey.stdout, "")
    }
}
