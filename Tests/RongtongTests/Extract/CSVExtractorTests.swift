import Foundation
import XCTest
@testable import RongtongExtract

final class CSVExtractorTests: XCTestCase {
    func records(_ file: String, _ options: [String: String] = [:]) throws -> [Extracted] {
        let cursor = try FormatRegistry.makeCursor(file: file, format: "csv", options: options)
        var items: [Extracted] = []
        while let item = try cursor.next() { items.append(item) }
        return items
    }

    func write(_ bytes: [UInt8]) throws -> String {
        let url = try TestPaths.temporaryFolder().appendingPathComponent("feed.csv")
        try Data(bytes).write(to: url)
        return url.path
    }

    func testGB18030FeedWithQuotedNewlinesYieldsEveryRowWithItsLine() throws {
        let items = try records(TestPaths.fixture("csv/gb18030-quoted-newlines.csv"), ["encoding": "gb18030"])
        guard case .record(let second) = items[1] else { return XCTFail("record 2 missing") }
        XCTAssertEqual(items.count, 5)
        XCTAssertEqual(second.number, 2)
        XCTAssertEqual(second.line, 3)
        XCTAssertEqual(second["备注"], "家中老人\r\n需要照顾，每周探访")
        guard case .record(let third) = items[2] else { return XCTFail("record 3 missing") }
        XCTAssertEqual(third.line, 5, "the quoted newline moves the next record one line down")
        XCTAssertEqual(third["户主姓名"], "王五")
    }

    func testRaggedRowIsARejectAndReadingGoesOn() throws {
        let file = try write(Array("a,b\n1,2\n3,4,5\n6,7\n".utf8))
        let items = try records(file)
        XCTAssertEqual(items.count, 3)
        guard case .rejected(let problem) = items[1] else { return XCTFail("expected a reject") }
        XCTAssertEqual(problem.rule, "ragged_row")
        XCTAssertEqual(problem.number, 2)
        XCTAssertEqual(problem.line, 3)
        guard case .record(let last) = items[2] else { return XCTFail("expected a record") }
        XCTAssertEqual(last["a"], "6")
    }

    /// A GB18030 file cut inside its last character (a transfer that stopped): the last row is a `ragged_row` saying
    /// the file looks truncated, keeping its leading cells, not an `invalid_encoding` reject advising another
    /// encoding (trial 14-d). The rows before it load.
    func testAFileCutInsideACharacterLooksTruncated() throws {
        let text = "户主姓名,身份证号,家庭住址\r\n张三,1,东升小区\r\n李四,2,东升小区"
        let gb = try UTF8EvidenceTests.gb18030(text)
        do {
            let items = try records(try write(Array(gb.dropLast(1))), ["encoding": "gb18030"])
            XCTAssertEqual(items.count, 2)
            guard case .record(let first) = items[0] else { return XCTFail("record 1 missing") }
            XCTAssertEqual(first["户主姓名"], "张三")
            guard case .rejected(let problem) = items[1] else { return XCTFail("expected a reject") }
            XCTAssertEqual(problem.rule, "ragged_row")
            XCTAssertTrue(problem.message.contains("its last cell ends inside a character"), problem.message)
            XCTAssertTrue(problem.message.contains("the file looks truncated"), problem.message)
            XCTAssertEqual(problem.readable.map(\.value), ["李四", "2"])
        }
        // UTF-8 under auto: the same, not a re-read as GB18030.
        let utf8 = Array(text.utf8).dropLast(1)
        let items = try records(try write(Array(utf8)))
        guard case .rejected(let problem) = items.last else { return XCTFail("expected a reject") }
        XCTAssertEqual(problem.rule, "ragged_row")
        XCTAssertTrue(problem.message.contains("the file looks truncated"), problem.message)
    }

    func testARepeatedHeaderTakesTheFirstSuffixNoOtherHeaderCellHas() throws {
        XCTAssertEqual(CSVCursor.uniqueNames(["电话", "电话_2", "电话", "电话", ""]), ["电话", "电话_2", "电话_3", "电话_4", "column_5"])
        XCTAssertEqual(CSVCursor.uniqueNames(["电话", "电话", "电话_2"]), ["电话", "电话_3", "电话_2"])
    }

    /// Sign-off rows as Excel forms end (a sign-off word before the colon: who, when, which office, a seal, a
    /// note; a bare label's value in the next cell) are footers; a record whose first cell carries its field's
    /// label (`户主：测孙八`) is not, nor a label that is one of the file's headers, nor a row holding an ID.
    func testSignOffRowsAreToldFromRecordsWrittenWithLabels() {
        let footers: [[String]] = [
            ["填表人：王网格", "", "审核人：李主任", "填报日期：2023年10月31日", ""],
            ["填 表 人：", "张某", "审核人：", "", ""],
            ["制表：", "", ""],
            ["联系电话：0851-5221234", "", ""],
            ["单位负责人（签字）：", "", "填表人(签字)：张三"],
            ["报送单位（盖章）：", "花果园街道办事处", "统计日期:", "2023-10-31"],
            ["社区(村)审核意见：同意", ""],
            ["网格员：王网格", "联系人：", "李四"],
            ["注：本表由网格员填写，一户一行", ""],
        ]
        for row in footers { XCTAssertTrue(CSVCursor.isSignOffRow(row), "\(row)") }
        let records: [[String]] = [
            ["户主：测孙八", "南明区花果园街道幸福小区3栋2单元301", "13508560001", "3"],
            ["户主:测孙八", "3栋", "2单元"],
            ["姓名：测孙八", "", ""],
            ["户主姓名：测孙八", "3"],
            ["出生日期：1980-01-01", ""],
            ["家庭联系人：测孙八", ""],
            ["填表人：", "张某", "南明区花果园街道幸福小区3栋2单元301"],
            ["审核人：王网格", "南明区花果园街道幸福小区3栋2单元301"],
            ["审核人：520102198001011235"],
            ["填表人：", "５２０１０２１９８００１０１１２３５"],
            ["1", "张三"],
            ["合计：3户"],
        ]
        for row in records { XCTAssertFalse(CSVCursor.isSignOffRow(row), "\(row)") }
        XCTAssertFalse(CSVCursor.isSignOffRow(["", "联系人：测王三"], columnNames: [["户主"], ["联系人"]]),
                       "a label written in the column it names is the record's value")
        XCTAssertTrue(CSVCursor.isSignOffRow(["联系人：测王三", ""], columnNames: [["户主"], ["家庭住址"]]))
        XCTAssertTrue(CSVCursor.isSignOffRow(["联系人：测王三", ""], columnNames: [["户主"], ["联系人"]]),
                      "a label in another column than the one it names is the form's")
        let census: [Set<String>] = [["序号"], ["姓名"], ["身份证号码"], ["联系电话"], ["住址"]]
        XCTAssertTrue(CSVCursor.isSignOffRow(["填表人：测杨某", "", "审核人：", "联系电话：0855-3348123", ""],
                                             columnNames: census),
                      "after 填表人：, 联系电话： is the form maker's phone, though written in the 联系电话 column")
        XCTAssertTrue(CSVCursor.isSignOffRow(["联系电话：13985000000", "填表人：测村支书", "", "", ""], columnNames: census),
                      "the maker's phone before the maker: sign-off items in any order")
        XCTAssertTrue(CSVCursor.isSignOffRow(["联系电话：0851-86123456", "", "", "", ""], columnNames: census),
                      "the maker's phone alone, in the 序号 column")
        XCTAssertTrue(CSVCursor.isSignOffRow(["联系电话：0851-86123456"], columnNames: census), "a one-cell row")
        for row in [["手机：13985000000", "", "", "", ""], ["电话：0851-86123456", "日期：2023-10-31", "", "", ""],
                    ["负责人：测某", "制表人：测某", "填表日期：2023年10月31日", "单位(盖章)：", ""],
                    ["审核人：测某", "", "手机号码：13985000000", "", ""], ["联系方式：13985000000", "", "", "", ""]] {
            XCTAssertTrue(CSVCursor.isSignOffRow(row, columnNames: census), "\(row)")
        }
        XCTAssertFalse(CSVCursor.isSignOffRow(["", "", "", "联系电话：13985000000", ""], columnNames: census),
                       "a phone written with its label in the 联系电话 column alone is the record's")
        XCTAssertFalse(CSVCursor.isSignOffRow(["联系电话：13985000000", "测王五", "", "", "幸福小区3栋"], columnNames: census),
                       "values no bare label waits for make a record")
    }

    func testUTF8BOMIsStrippedFromTheFirstHeader() throws {
        let file = try write([0xEF, 0xBB, 0xBF] + Array("姓名,年龄\n张三,30\n".utf8))
        guard case .record(let record) = try records(file).first else { return XCTFail("no record") }
        XCTAssertEqual(record.fields.first?.name, "姓名")
    }

    func testAutoEncodingThrowsNotUTF8ForAGB18030File() throws {
        let file = TestPaths.fixture("csv/gb18030-quoted-newlines.csv")
        XCTAssertThrowsError(try records(file, ["encoding": "auto"])) { error in
            XCTAssertTrue(error is NotUTF8)
        }
        XCTAssertEqual(try TextEncoding.resolveAuto(file: file), .gb18030)
    }

    func testUndecodableByteRejectsOnlyItsRecordWithTheByteOffset() throws {
        // 0xFF is invalid in GB18030 as a lead byte.
        let file = try write(Array("a,b\n1,2\n".utf8) + [0x33, 0x2C, 0xFF, 0x0A] + Array("5,6\n".utf8))
        let items = try records(file, ["encoding": "gb18030"])
        XCTAssertEqual(items.count, 3)
        guard case .rejected(let problem) = items[1] else { return XCTFail("expected a reject") }
        XCTAssertEqual(problem.rule, "invalid_encoding")
        XCTAssertTrue(problem.message.contains("offset 10"), problem.message)
    }

    func testFileEndingInsideAQuotedFieldIsAClearError() throws {
        let file = try write(Array("a,b\n1,\"never closed\n2,3\n4,5\n".utf8))
        XCTAssertThrowsError(try records(file)) { error in
            XCTAssertTrue("\(error)".contains("ends inside a quoted field"), "\(error)")
            // The record whose quote opens (line 2), not the end of the file.
            XCTAssertEqual((error as? ExtractError)?.line, 2, "\(error)")
        }
    }

    /// A TAB-separated "Unicode text" export read with the default `,`: Excel quoted a footer cell holding a
    /// tab, and read as one comma-separated field that quote opens and never closes. The error names the delimiter, not a truncated file.
    func testATabSeparatedFileReadWithCommasEndingInAQuoteSuggestsTheDelimiter() throws {
        let file = try write(Array("户主姓名\t身份证号\t家庭住址\n张三\t520102\t东升小区\n\"填表人：罗某\t审核人：谢某\"\t\t\n".utf8))
        XCTAssertThrowsError(try records(file)) { error in
            XCTAssertTrue("\(error)".contains("the header is one field holding \"\\t\": if the file is \\t-separated, set options: {delimiter: \"\\t\"}"), "\(error)")
            XCTAssertFalse("\(error)".contains("truncated"), "\(error)")
        }
        // With its header in several fields, an unclosed quote is still a truncated file.
        let truncated = try write(Array("a,b\n1,\"never closed\n2,3\n".utf8))
        XCTAssertThrowsError(try records(truncated)) { error in
            XCTAssertTrue("\(error)".contains("truncated file?"), "\(error)")
        }
    }

    func testSkipRowsAndSemicolonDelimiter() throws {
        let file = try write(Array("贵阳市网格户籍表\n姓名;人数\n张三;3\n".utf8))
        guard case .record(let record) = try records(file, ["skip_rows": "1", "delimiter": ";"]).first else {
            return XCTFail("no record")
        }
        XCTAssertEqual(record.fields, [RawField("姓名", "张三"), RawField("人数", "3")])
    }

    func testUnknownOptionSuggestsTheDeclaredOne() {
        XCTAssertThrowsError(try FormatRegistry.validate(format: "csv", options: ["delimeter": ","])) { error in
            XCTAssertEqual("\(error)", "delimeter: unknown option for format csv (did you mean delimiter?)")
        }
    }

    func testFormatsDocumentMatchesTheDeclarations() throws {
        let doc = try String(contentsOfFile: TestPaths.projectRoot.appendingPathComponent("docs/formats.md").path, encoding: .utf8)
        XCTAssertEqual(doc, FormatCatalogue.markdown(), "docs/formats.md is stale: run `make formats-doc`")
    }
}

extension CSVExtractorTests {
    func testCodePointsBeyondUnicodeAreNotUTF8() throws {
        // F4 90 80 80 would be U+110000: glibc's iconv accepts it, Rongtong must not.
        let file = try write(Array("a,b\n1,".utf8) + [0xF4, 0x90, 0x80, 0x80] + Array("\n".utf8))
        XCTAssertEqual(try TextEncoding.resolveAuto(file: file), .gb18030)
        let items = try records(file, ["encoding": "utf-8"])
        guard case .rejected(let problem) = items.first else { return XCTFail("expected a reject") }
        XCTAssertEqual(problem.rule, "invalid_encoding")
    }

    /// The furniture checks asked of every row (totals, pre-numbered empty rows, a repeated header) answer as
    /// before their byte shortcuts, on the inputs the shortcuts decide.
    func testFurnitureChecksKeepTheirAnswersOnEveryKindOfFirstCell() {
        for row in [["合计", "", "3户"], [" 合计：", "12"], ["TOTAL", "", ""], ["Summe:", "4"], ["总合计：3户"], ["", "小计"]] {
            XCTAssertTrue(CSVCursor.isTotalsRow(row), "\(row)")
        }
        for row in [["1", "合计"], ["12", "测王三"], ["A1", "total"], ["tot", ""], ["测合计", ""], [":合计"], ["#", "x"]] {
            XCTAssertFalse(CSVCursor.isTotalsRow(row), "\(row)")
        }
        XCTAssertTrue(CSVCursor.isPrenumberedEmptyRow(["12", "", " "], firstHeader: "序号"))
        XCTAssertTrue(CSVCursor.isPrenumberedEmptyRow([" 12\t", "", ""], firstHeader: "No."))
        XCTAssertTrue(CSVCursor.isPrenumberedEmptyRow(["\u{3000}12", "", ""], firstHeader: "序号"))
        XCTAssertFalse(CSVCursor.isPrenumberedEmptyRow(["12", "测王三", ""], firstHeader: "序号"))
        XCTAssertFalse(CSVCursor.isPrenumberedEmptyRow(["123456", "", ""], firstHeader: "序号"))
        XCTAssertFalse(CSVCursor.isPrenumberedEmptyRow(["12", "", ""], firstHeader: "编号"))
        XCTAssertTrue(CSVCursor.isHeaderCell("户主\n姓名", named: "户主姓名"))
        XCTAssertTrue(CSVCursor.isHeaderCell("户主\u{2028}姓名", named: "户主姓名"))
        XCTAssertTrue(CSVCursor.isHeaderCell(" 户主姓名", named: "户主姓名"))
        XCTAssertFalse(CSVCursor.isHeaderCell("户主", named: "户主姓名"))
        XCTAssertTrue(CSVCursor.isSignOffRow(["填表人：王网格", "", "审核人:"]))
        XCTAssertFalse(CSVCursor.isSignOffRow(["1", "填表人：王网格"]))
    }

    /// A UTF-8 file of several 1 MiB chunks, every chunk boundary inside a Chinese character, with one undecodable
    /// byte and one code point above U+10FFFF: every record reads whole, and exactly those two are rejected.
    func testUTF8AcrossChunkBoundariesKeepsEveryCharacterAndRejectsOnlyBadBytes() throws {
        var data = Data("编号,户主姓名,家庭住址\n".utf8)
        var expected: [String] = []
        var number = 0
        while data.count < 3 * (1 << 20) + 1000 {
            number += 1
            let name = "测" + String(repeating: "王", count: number % 7 + 1)
            let line = "\(number),\(name),白云区大山洞街道东升小区\(number % 30 + 1)栋2单元501室\n"
            if number == 20_000 {
                data.append(contentsOf: Array("\(number),测".utf8) + [0xFF] + Array("坏,东升小区\n".utf8))
            } else if number == 30_000 {
                data.append(contentsOf: Array("\(number),测".utf8) + [0xF4, 0x90, 0x80, 0x80] + Array(",东升小区\n".utf8))
            } else {
                data.append(contentsOf: Array(line.utf8))
                expected.append(name)
            }
        }
        let file = try TestPaths.temporaryFolder().appendingPathComponent("big.csv")
        try data.write(to: file)
        let items = try records(file.path, ["encoding": "utf-8"])
        var names: [String] = []
        var rejected: [Int] = []
        for item in items {
            switch item {
            case .record(let record): names.append(record.fields[1].value)
            case .rejected(let problem): rejected.append(problem.number); XCTAssertEqual(problem.rule, "invalid_encoding")
            }
        }
        XCTAssertEqual(rejected, [20_000, 30_000])
        XCTAssertEqual(names, expected)
    }
}
