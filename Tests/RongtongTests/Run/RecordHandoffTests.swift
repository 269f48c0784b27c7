import Foundation
import XCTest
@testable import RongtongRun

/// The two-thread extract's handoff: order kept, the reader's error after its chunks, a stager's failure stops it.
final class RecordHandoffTests: XCTestCase {
    private struct ReadFailure: Error {}

    func testChunksArriveInOrderAndTheReadersErrorComesAfterThem() throws {
        let handoff = RecordHandoff<Int>(capacity: 2)
        let reader = Thread {
            for chunk in 0..<1000 { _ = handoff.put(chunk) }
            handoff.finish(error: ReadFailure())
        }
        reader.start()
        var received: [Int] = []
        XCTAssertThrowsError(try { while let chunk = try handoff.take() { received.append(chunk) } }()) { error in
            XCTAssertTrue(error is ReadFailure)
        }
        XCTAssertEqual(received, Array(0..<1000))
    }

    func testCancelStopsAReaderWaitingOnAFullQueue() {
        let handoff = RecordHandoff<Int>(capacity: 1)
        let stopped = DispatchSemaphore(value: 0)
        let accepted = Counter()
        let reader = Thread {
            while handoff.put(accepted.next()) {}
            stopped.signal()
        }
        reader.start()
        XCTAssertEqual(try handoff.take(), 0)
        handoff.cancel()
        XCTAssertEqual(stopped.wait(timeout: .now() + 10), .success, "the reader never stopped")
        XCTAssertLessThanOrEqual(accepted.value, 3, "the reader ran past a full queue")
    }

    private final class Counter {
        private(set) var value = 0
        func next() -> Int {
            defer { value += 1 }
            return value
        }
    }
}
