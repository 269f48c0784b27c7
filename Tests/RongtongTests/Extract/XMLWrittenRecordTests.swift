import Foundation
import XCTest
@testable import RongtongExtract

/// The extract stage takes an XML record's JSON text from `nextWritten`, which writes it from the flattener's bytes
/// with the names of its shape written once (`JSONObjectWriter.RepeatedNames`). The text must be byte for byte
/// what `next()`'s fields give through `JSONObjectWriter.object`, rejects and errors included.
final class XMLWrittenRecordTests: XCTestCase {
    private struct Read: Equatable {
        var items: [String] = []
        var error: String?
    }

    private func read(_ file: String, _ options: [String: String], written: Bool) -> Read {
        let writer = JSONObjectWriter()
        var read = Read()
        func describe(_ problem: RecordProblem) -> String {
            "reject \(problem.number) \(problem.line ?? -1) \(problem.rule) \(problem.field ?? "-") \(problem.message) \(problem.readable)"
        }
        do {
            let cursor = try FormatRegistry.makeCursor(file: file, format: "xml", options: options)
            if written {
                var text: [UInt8] = []
                while let item = try cursor.nextWritten(by: writer, into: &text) {
                    switch item {
                    case .written(let number, let line, let names):
                        read.items.append("\(number) \(line ?? -1) \(names) " + String(decoding: text, as: UTF8.self))
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

    private func assertSame(_ text: String, _ options: [String: String], file: StaticString = #filePath, line: UInt = #line) throws {
        let url = try TestPaths.temporaryFolder().appendingPathComponent("feed.xml")
        try Data(text.utf8).write(to: url)
        assertSame(path: url.path, options, file: file, line: line)
    }

    private func assertSame(path: String, _ options: [String: String], file: StaticString = #filePath, line: UInt = #line) {
        let slow = read(path, options, written: false)
        let fast = read(path, options, written: true)
        XCTAssertEqual(fast, slow, path, file: file, line: line)
        XCTAssertFalse(fast.items.isEmpty && fast.error == nil, path, file: file, line: line)
    }

    func testFixturesReadAlikeEitherWay() throws {
        let folder = TestPaths.fixture("xml")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".xml") {
            for path in ["户", "*", "/户籍信息/户"] {
                assertSame(path: folder + "/" + name, ["record_path": path, "repeated": "成员列表/成员"])
            }
        }
    }

    func testShapesMixedContentGroupsAndEnclosingFieldsReadAlike() throws {
        try assertSame("""
            <?xml version="1.0"?>
            <root xmlns:a="urn:a" xmlns:b="urn:b" 批次="7">
              <导出时间>2023-10-31</导出时间>
              <r id="1">前<x>1</x>中<x>2</x>后 <y/><z a:k="1" b:k="2"/></r>
              <r id="2"><g><m t="1"><n>a</n><n>b</n></m><m><n>c</n></m></g><tag> x </tag><tag>y</tag></r>
              <页 号="2">
                <r id="3"><g><m t="1"><n>a</n></m></g></r>
                <r><![CDATA[ <cdata> ]]>&amp;&#x3BCA;</r>
              </页>
              <r id="4" a:k="1" b:k="1"><g/><p>混<q>合</q>文<q>本</q></p></r>
            </root>
            """, ["record_path": "r", "repeated": "g/m"])
    }
}
