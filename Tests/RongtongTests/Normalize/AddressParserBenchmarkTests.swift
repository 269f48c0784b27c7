import Foundation
import XCTest
import RongtongNormalize

/// Addresses per second on the labelled sample. Opt-in, since timing means little in a debug build or on a busy
/// machine: `RONGTONG_ADDRESS_BENCH=1 swift test -c release --filter AddressParserBenchmarkTests`.
final class AddressParserBenchmarkTests: XCTestCase {
    func testParserThroughputOnLabelledAddresses() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["RONGTONG_ADDRESS_BENCH"] != nil,
                          "set RONGTONG_ADDRESS_BENCH=1 to measure")
        let parser = AddressParser(directory: try RegionDirectory.bundled())
        let rows = try LabelledAddresses.load(TestPaths.sample("addresses/labelled.csv"))
        let inputs = rows.map { ($0.address, AddressContext(prefecture: $0.contextPrefecture)) }
        var parsed = 0
        var checksum = 0
        let start = Date()
        while Date().timeIntervalSince(start) < 3 {
            for (address, context) in inputs {
                checksum &+= parser.parse(address, context: context).normalized.utf8.count
                parsed += 1
            }
        }
        let rate = Double(parsed) / Date().timeIntervalSince(start)
        print("AddressParser: \(Int(rate)) addresses/s over \(parsed) parses (checksum \(checksum))")
        #if !DEBUG
        XCTAssertGreaterThan(rate, 100_000)
        #endif
    }
}
