import Foundation
import GRDB
@testable import RongtongLoad
import XCTest

/// Reading a warehouse where nothing can be written beside it (`status`, `report` on a read-only mount).
final class WarehouseReaderTests: XCTestCase {
    /// The tests run as root, which any folder lets write, so the fallback itself is opened directly here: a
    /// WAL warehouse read as immutable, in a folder whose name holds the characters a URI would take apart.
    func testTheImmutableFallbackReadsAWALWarehouseWhateverItsFolderIsCalled() throws {
        let folder = try TestPaths.temporaryFolder().appendingPathComponent("市州 a?b#c%d")
        let path = folder.appendingPathComponent("guizhou.sqlite").path
        do {
            let warehouse = try Warehouse(path: path)
            _ = try warehouse.startRun(pipeline: "p.yaml", stages: ["load"])
        }
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: WarehouseReader.immutableURI(path), configuration: configuration)
        XCTAssertEqual(try queue.read { try String.fetchOne($0, sql: "SELECT pipeline FROM etl_run") }, "p.yaml")
        // The file is in WAL mode (header bytes 18 and 19 are 2), which is what needs the -shm file otherwise.
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(20)
        XCTAssertEqual([header[18], header[19]], [2, 2])
        // A warehouse the reader may open normally is not read as immutable.
        XCTAssertFalse(try WarehouseReader.open(path: path).immutable)
    }
}
