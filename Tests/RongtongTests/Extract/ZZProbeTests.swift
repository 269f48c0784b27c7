import Foundation
import XCTest
@testable import RongtongExtract

final class ZZProbeTests: XCTestCase {
    func testProbe() throws {
        for (f, p) in [("xml/billion-laughs.xml", "户"), ("xml/truncated.xml", "户"), ("xml/xxe-parameter-entity.xml", "户"), ("xml/xxe-external-entity.xml", "户")] {
            do {
                let c = try FormatRegistry.makeCursor(file: TestPaths.fixture(f), format: "xml", options: ["record_path": p])
                while let i = try c.next() { print("ITEM", f, i) }
            } catch { print("ERROR", f, error) }
        }
    }
}
