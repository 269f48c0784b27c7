import Foundation
import XCTest
@testable import RongtongExtract

/// The extract stage takes a JSON or NDJSON record's JSON text from `nextWritten`, which writes a record read whole
/// on the flattener's bytes path (its names repeat the previous record's) straight from the parsed bytes; every other
/// record takes the Strings path. Either way the text must be byte for byte what `next()` and
/// `JSONObjectWriter.object` make of the same file, rejects and errors included.
final class JSONWrittenRecordTests: XCTestCase {
    private struct Read: Equatable {
        var items: [String] = []
        /// How many records came out `.written` (the bytes path), for `nextWritten`.
        var written = 0
        var error: String?
    }

    private func read(_ file: String, format: String, _ options: [String: String], written: Bool) throws -> Read {
        let writer = JSONObjectWriter()
        var read = Read()
        func describe(_ problem: RecordProblem) -> String {
            "reject \(problem.number) \(problem.line ?? -1) \(problem.rule) \(problem.field ?? "-") \(problem.message) \(problem.readable)"
        }
        do {
            let cursor = try FormatRegistry.makeCursor(file: file, format: format, options: options)
            if written {
                var text: [UInt8] = []
                while let item = try cursor.nextWritten(by: writer, into: &text) {
                    switch item {
                    case .written(let number, let line, let names):
                        read.items.append("\(number) \(line ?? -1) \(names) " + String(decoding: text, as: UTF8.self))
                        read.written += 1
                        text.removeAll()
                    case .record(let record):
                        read.items.append("\(record.number) \(record.line ?? -1) \(record.fields.map(\.name)) " + writer.object(record.fields))
                    case .rejected(let problem):
                        read.items.append(describe(problem))
                    }
                }
            } else {
                while let item = try cursor.next() {
                    switch item {
                    case .record(let record):
                        read.items.append("\(record.number) \(record.line ?? -1) \(record.fields.map(\.name)) " + writer.object(record.fields))
                    case .rejected(let problem):
                        read.items.append(describe(problem))
                    }
                }
            }
        } catch {
            read.error = "\(error)"
        }
        return read
    }

    /// Reads `bytes` both ways, checks they agree, and gives the `nextWritten` reading.
    @discardableResult
    private func assertSame(_ bytes: [UInt8], format: String, _ options: [String: String] = [:],
                            file: StaticString = #filePath, line: UInt = #line) throws -> Read {
        let url = try TestPaths.temporaryFolder().appendingPathComponent("feed.\(format)")
        try Data(bytes).write(to: url)
        return try assertSame(path: url.path, format: format, options, file: file, line: line)
    }

    @discardableResult
    private func assertSame(path: String, format: String, _ options: [String: String] = [:],
                            file: StaticString = #filePath, line: UInt = #line) throws -> Read {
        let slow = try read(path, format: format, options, written: false)
        let fast = try read(path, format: format, options, written: true)
        XCTAssertEqual(fast.items, slow.items, path, file: file, line: line)
        XCTAssertEqual(fast.error, slow.error, path, file: file, line: line)
        return fast
    }

    func testFixturesAndTheConformanceSuiteReadAlikeEitherWay() throws {
        try assertSame(path: TestPaths.fixture("json/envelope.json"), format: "json", ["record_path": "data.records[*]"])
        try assertSame(path: TestPaths.fixture("json/envelope.json"), format: "json", ["record_path": "$.data"])
        try assertSame(path: TestPaths.fixture("json/households.ndjson"), format: "ndjson")
        for name in ["invalid-byte-in-record.json", "invalid-byte-outside-records.json", "bom-syntax-error.json"] {
            try assertSame(path: TestPaths.fixture("json/" + name), format: "json")
        }
        for name in try JSONExtractorTests.suiteFiles("") where !name.contains("100000") {
            try assertSame(path: JSONExtractorTests.suite + "/" + name, format: "json")
        }
    }

    /// Records that take the bytes path and records that leave it, in both formats.
    private let lines = [
        #"{"a":"1","b":{"x":2,"y":{"z":null}},"c":[1,{"k":"\"v\""}],"d":true,"e":{},"f":"张三\t"}"#,
        #"{"a":"2","b":{"x":3,"y":{"z":"q"}},"c":[],"d":false,"e":{},"f":"李四"}"#,             // follows: bytes path
        #"{"a":"3","b":{"x":4,"y":{"z":1.50}},"c":[[]],"d":null,"e":{}}"#,                     // fewer names
        #"{"a":"4","b":{"x":5,"y":{"z":1}},"c":"s","d":1,"e":{"n":1}}"#,                      // nested name departs
        #"{"a":"5","b":{"x":5,"y":{"z":1}},"c":"s","d":1,"e":{"n":1},"g":2}"#,                // more names
        #"{"a":"6","b":{"x":5,"y":{"z":1}},"a":"7","d":1}"#,                                  // repeated key
        #"{"a":"8","b.x":"9","b":{"x":"10"}}"#,                                                // names that clash
        #"{"a":"\uDFAA","b.x":"1"}"#,                                                          // lone surrogate value
        #"{"a":"1","\uDFAA":"2"}"#,                                                            // lone surrogate key
        #"{"a":"1","b.x":["\uDFAA"]}"#,                                                        // lone surrogate in array
        #"{"a":"\u00e9","b.x":"\ufffd"}"#,                                                     // replacement char text
        #"{"a":"x","b.x":"y"}"#,
        #"{"a":"x","b.x":"y"}"#,
        #"{"é":"1"}"#, #"{"é":"2"}"#,                                                  // canonically equal names
        #"{}"#, #"{}"#, #"{"a":"1"}"#, #"{"a":{}}"#, #"{"a":{}}"#, #"{"a":{"b":{}}}"#,
    ]

    func testNDJSONRecordsWrittenFromBytesMatchTheStringsPath() throws {
        var text = lines.joined(separator: "\n")
        text += "\n42\n" + #"{"a":"1"}"# + "\n" + #"{"a":"2","b":"#
        text += "\n" + #"{"a":"1"}"# + "\n" + #"{"a":"2"} x"# + "\n" + #"{"a":"3"}"#
        let fast = try assertSame(Array(text.utf8), format: "ndjson")
        XCTAssertGreaterThanOrEqual(fast.written, 8, "records that repeat the previous names take the bytes path")
        XCTAssertLessThan(fast.written, lines.count, "records that depart from them do not")
    }

    func testJSONRecordsWrittenFromBytesMatchTheStringsPath() throws {
        let text = #"{"data":{"records":["# + lines.joined(separator: ",\n") + #","x",[1],{"a":"1"},{"a":"2"}]}}"#
        let fast = try assertSame(Array(text.utf8), format: "json", ["record_path": "data.records[*]"])
        XCTAssertGreaterThanOrEqual(fast.written, 8)
        XCTAssertLessThan(fast.written, lines.count + 2)
    }

    func testUndecodableBytesRejectTheRecordOnEitherPath() throws {
        var bytes = Array((#"{"a":"1","b":"2"}"# + "\n" + #"{"a":"3","b":""#).utf8)
        bytes += [0xFF, 0x22, 0x7D, 0x0A]
        bytes += Array((#"{"a":"5","b":"6"}"# + "\n").utf8)
        try assertSame(bytes, format: "ndjson")
        let json = [0x5B] + Array(bytes.dropLast()).map { $0 == 0x0A ? 0x2C : $0 } + [0x5D]
        try assertSame(json, format: "json")
    }

    func testTooLargeAndTooDeepFieldsStopTheFileAlikeOnEitherPath() throws {
        let options = ["max_field_bytes": "8"]
        for last in [#"{"a":"1","b":"123456789"}"#, #"{"a":"1","b":[1,2,3,4,5,6,7,8,9,10]}"#, #"{"a":"123456789","b":"2"}"#] {
            let read = try assertSame(Array((#"{"a":"1","b":"2"}"# + "\n" + #"{"a":"1","b":"2"}"# + "\n" + last).utf8),
                                      format: "ndjson", options)
            XCTAssertNotNil(read.error)
        }
        let deep = String(repeating: #"{"k":"#, count: 600) + "1" + String(repeating: "}", count: 600)
        let read = try assertSame(Array(("[" + deep + "," + deep + "]").utf8), format: "json")
        XCTAssertNotNil(read.error)
    }

    func testARecordLeftWaitingAsTextIsReadBackByNext() throws {
        let url = try TestPaths.temporaryFolder().appendingPathComponent("mixed.json")
        try Data(#"[{"a":"1","b":"x\"y"},{"a":"2","b":"张\n"},{"a":"3","b":"z"}]"#.utf8).write(to: url)
        let cursor = try FormatRegistry.makeCursor(file: url.path, format: "json", options: [:])
        var text: [UInt8] = []
        _ = try cursor.nextWritten(by: JSONObjectWriter(), into: &text)
        guard case .record(let second)? = try cursor.next() else { return XCTFail("record 2 missing") }
        XCTAssertEqual(second.fields, [RawField("a", "2"), RawField("b", "张\n")])
    }
}
