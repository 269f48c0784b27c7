@testable import RongtongLoad
import XCTest

/// The linker's evidence filters may say "maybe" for anything but must never say "no" to what was inserted.
final class BloomFilterTests: XCTestCase {
    func testNeverDeniesAnInsertedKeyAndRarelyAdmitsAnOther() {
        var filter = BloomFilter(capacity: 50_000)
        for index in 0..<50_000 { filter.insert("h\(index * 7919)") }
        XCTAssertTrue((0..<50_000).allSatisfy { filter.mayContain("h\($0 * 7919)") })
        let strangers = (0..<50_000).filter { filter.mayContain("x\($0)") }.count
        XCTAssertLessThan(strangers, 2_500, "false positives at capacity should stay near 2%, not \(strangers) in 50000")
        XCTAssertGreaterThan(strangers, 0, "a filter this full admits some strangers; none means it stores keys exactly")
    }

    func testAnEmptyFilterAdmitsNothing() {
        let filter = BloomFilter(capacity: 0)
        XCTAssertFalse(filter.mayContain(""))
        XCTAssertFalse(filter.mayContain("h0123456789abcdef"))
    }
}
