import Foundation
import XCTest
@testable import RongtongExtract

/// The extract stage takes a CSV record's JSON text from `CSVCursor.nextWritten`, written from the parsed bytes
/// without a String per cell; it must be byte for byte what `next()` and `JSONObjectWriter.object` make of the
/// same file, rejects and skipped rows included.
final class CSVWrittenRecordTests: XCTestCase {
    /// What a cursor hands out, as comparable text: a record's number, line and JSON text, or a reject.
    private func itemsRead(_ file: String, _ options: [String: String], written: Bool) throws -> [String] {
        let cursor = try FormatRegistry.makeCursor(file: file, format: "csv", options: options)
        let writer = JSONObjectWriter()
        var items: [String] = []
        func describe(_ problem: RecordProblem) -> String {
            "reject \(problem.number) \(problem.line ?? -1) \(problem.rule) \(problem.field ?? "-") \(problem.message) \(problem.readable)"
        }
        if written {
            var text: [UInt8] = []
            while let item = try cursor.nextWritten(by: writer, into: &text) {
                switch item {
                case .written(let number, let line, let names):
                    items.append("\(number) \(line ?? -1) \(names.count) " + String(decoding: text, as: UTF8.self))
                    text.removeAll()
                case .record(let record):
                    items.append("\(record.number) \(record.line ?? -1) \(record.fields.count) " + writer.object(record.fields))
                case .rejected(let problem):
                    items.append(describe(problem))
                }
            }
        } else {
            while let item = try cursor.next() {
                switch item {
                case .record(let record):
                    items.append("\(record.number) \(record.line ?? -1) \(record.fields.count) " + writer.object(record.fields))
                case .rejected(let problem):
                    items.append(describe(problem))
                }
            }
        }
        return items
    }

    private func assertSameItems(_ file: String, _ options: [String: String] = [:], count: Int? = nil,
                                 line: UInt = #line) throws {
        let slow = try itemsRead(file, options, written: false)
        let fast = try itemsRead(file, options, written: true)
        XCTAssertEqual(fast.count, slow.count, line: line)
        for (a, b) in zip(fast, slow) where a != b { return XCTFail("\(a)\n!=\n\(b)", line: line) }
        if let count { XCTAssertEqual(slow.count, count, line: line) }
    }

    private func write(_ bytes: [UInt8], name: String = "feed.csv") throws -> String {
        let url = try TestPaths.temporaryFolder().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func testTheSampleAndFixtureFilesWriteTheSameText() throws {
        try assertSameItems(TestPaths.sample("guiyang/grid-households.csv"), ["encoding": "gb18030"])
        try assertSameItems(TestPaths.sample("housing/compounds.csv"), ["encoding": "utf-8"])
        try assertSameItems(TestPaths.fixture("csv/gb18030-quoted-newlines.csv"), ["encoding": "gb18030"], count: 5)
        try assertSameItems(TestPaths.fixture("csv/gb18030-one-row-per-person.csv"), ["encoding": "gb18030"])
    }

    /// Spreadsheet furniture (blank rows, the header repeated, totals and sign-off rows, pre-numbered empty rows),
    /// ragged and undecodable rows, trailing empty cells, escapes JSON needs, a header-less file.
    func testRowsThatAreNoRecordsOrRejectsAreHandledAlike() throws {
        var text = "序号,户主姓名,备注,,\n"
        text += "1,张三,\"说 \"\"你好\"\"\\n\ttab\",,\n"
        text += ",,,,\n  ,\u{3000},,,\n"
        text += "序号,户主姓名,备注,,\n"
        text += "2,李四\n"
        text += "3,王五,多,出,格\n"
        text += "4,,,,\n"
        text += "合计：3户,,,,\n"
        text += "填表人：王网格,,审核人：李主任,,\n"
        text += "5,\"两\r\n行\",\u{0001},,\n"
        var bytes = Array(text.utf8)
        bytes += Array("6,".utf8) + [0xFF] + Array(",x,,\n7,赵六,末行".utf8)
        let file = try write(bytes)
        try assertSameItems(file, ["encoding": "utf-8"], count: 6)
        try assertSameItems(file, ["encoding": "utf-8", "header": "false"])
        try assertSameItems(file, ["encoding": "utf-8", "skip_rows": "1"])
    }

    /// Rows, and quoted cells holding line breaks, cut by the end of a read chunk (`DecodedByteStream.chunkSize`)
    /// are written whole.
    func testRowsAcrossReadChunksWriteTheSameText() throws {
        var text = "序号,户主姓名,家庭住址,备注\n"
        var number = 0
        while text.utf8.count < 2 * DecodedByteStream.chunkSize + 4096 {
            number += 1
            text += "\(number),测户主\(number),\"贵阳市南明区花果园街道\(number)号\r\n\(String(repeating: "楼", count: number % 37))\",\(number % 5 == 0 ? "" : "备注")\r\n"
        }
        let file = try write(Array(text.utf8))
        try assertSameItems(file, ["encoding": "utf-8"], count: number)
    }

    /// Rows read again after a quote that only starts its cell (`"北门"小区`, swallowing the rows up to a later quoted
    /// line break) and rows short of their empty last cell (read padded) are written whole, also when the lines
    /// swallowed cross the end of a read chunk: every row is a record.
    func testRowsReadAgainOrPaddedWriteTheSameText() throws {
        var text = "序号;户主姓名;小区名称;家庭住址;备注\r\n"
        var number = 0
        while text.utf8.count < 2 * DecodedByteStream.chunkSize + 4096 {
            number += 1
            let compound = number % 97 == 5 ? "\"北门\"小区" : "北门小区"
            let note = number % 97 == 40 ? "\"租户\n已登记\"" : ""
            let row = "\(number);测户主\(number);\(compound);\(String(repeating: "楼", count: number % 41))\(number)号"
            text += number % 13 == 0 ? row + "\r\n" : row + ";\(note)\r\n"
        }
        let file = try write(Array(text.utf8))
        try assertSameItems(file, ["encoding": "utf-8", "delimiter": ";"], count: number)
        let items = try itemsRead(file, ["encoding": "utf-8", "delimiter": ";"], written: true)
        XCTAssertFalse(items.contains { $0.hasPrefix("reject") }, items.first { $0.hasPrefix("reject") } ?? "")
    }
}
