import Foundation
import XCTest
@testable import RongtongExtract

/// Rows not written as the header says, as grid workers' spreadsheets and hand edits leave them (trial 15-b): a cell
/// that only starts with a quote (`"北门"小区`), which libcsv took as opening a quoted cell that swallowed the rows
/// after it, and a row that leaves out the separator of its empty last cell.
final class CSVRowShapeTests: XCTestCase {
    /// What a cursor hands out, with the warnings of each record (`takeRecordWarnings`).
    struct Read {
        var items: [Extracted] = []
        var warnings: [RecordWarning] = []

        var records: [RawRecord] {
            items.compactMap { if case .record(let record) = $0 { record } else { nil } }
        }
        var rejects: [RecordProblem] {
            items.compactMap { if case .rejected(let problem) = $0 { problem } else { nil } }
        }
    }

    func read(_ text: String, _ options: [String: String] = [:]) throws -> Read {
        let url = try TestPaths.temporaryFolder().appendingPathComponent("feed.csv")
        try Data(text.utf8).write(to: url)
        let cursor = try FormatRegistry.makeCursor(file: url.path, format: "csv", options: options)
        var read = Read()
        while let item = try cursor.next() {
            read.items.append(item)
            read.warnings += cursor.takeRecordWarnings()
        }
        return read
    }

    static let header = "序号;网格;户主姓名;小区名称;楼栋;房号;登记日期;备注"
    static func row(_ n: Int, compound: String = "北门小区", note: String = "") -> String {
        "\(n);BJ-HB-01;测户主\(n);\(compound);\(n % 8 + 1);\(100 + n);2023.10.\(n % 28 + 1);\(note);"
    }

    /// Trial 15-b file 08, line 6: `5;…;"北门"小区;8;…` opened a quoted cell that ran on to the quoted line break of
    /// line 25's `"租户⏎已登记"`; rows 5–24 became one record with 7 fields, one ragged_row reject, and 19 households
    /// were lost without a trace. Now each line is its own row again: the cell reads `"北门"小区` as written with a
    /// stray_quote warning naming its line and column, the quoted line break later still reads as one cell, and
    /// the records keep their numbers and lines.
    func testACellThatOnlyStartsWithAQuoteNoLongerSwallowsTheRowsAfterIt() throws {
        var lines = [Self.header] + (1...4).map { Self.row($0) }
        lines.append(Self.row(5, compound: "\"北门\"小区"))
        lines += (6...23).map { Self.row($0) }
        lines.append(Self.row(24, note: "\"租户\n已登记\""))
        lines += (25...30).map { Self.row($0) }
        let read = try self.read(lines.joined(separator: "\r\n") + "\r\n", ["delimiter": ";"])
        XCTAssertEqual(read.rejects.map(\.message), [])
        XCTAssertEqual(read.records.map(\.number), Array(1...30))
        XCTAssertEqual(read.records.map { $0["户主姓名"] ?? "" }, (1...30).map { "测户主\($0)" })
        XCTAssertEqual(read.records[4]["小区名称"], "\"北门\"小区")
        XCTAssertEqual(read.records[4].line, 6)
        XCTAssertEqual(read.records[5]["楼栋"], "\(6 % 8 + 1)")
        XCTAssertEqual(read.records[23]["备注"], "租户\n已登记")
        XCTAssertEqual(read.records[24].line, 27, "the quoted line break moves the next record one line down")
        XCTAssertEqual(read.warnings.map { "\($0.number) \($0.line ?? 0) \($0.field ?? "-") \($0.rule) \($0.value ?? "-")" },
                       ["5 6 小区名称 stray_quote \"北门\"小区"])
        XCTAssertTrue(read.warnings.first?.message.contains("ran on to line 26, and lines 6–26 were one record") ?? false,
                      read.warnings.first?.message ?? "")

        // Without the later quoted line break the quote never closed, and the file stopped with "file ends inside a
        // quoted field": its closing quote has text after it, so it is read as written to the end of the file.
        lines[24] = Self.row(24)
        let unclosed = try self.read(lines.joined(separator: "\n") + "\n", ["delimiter": ";"])
        XCTAssertEqual(unclosed.records.count, 30)
        XCTAssertEqual(unclosed.rejects.count, 0)
        XCTAssertEqual(unclosed.warnings.map(\.rule), ["stray_quote"])
    }

    /// A stray quote whose run ends at a quote closing a cell of the same column lines later (`北门小区"` on line 6)
    /// made a record of the header's width, which loaded with rows 2–5 inside one cell. Its lines make rows of the
    /// header's width, so they are read again as well.
    func testAStrayQuoteClosedInTheSameColumnLinesLaterIsReadAgain() throws {
        let lines = [Self.header, Self.row(1), Self.row(2, compound: "\"北门\"小区"), Self.row(3), Self.row(4),
                     Self.row(5, compound: "北门小区\""), Self.row(6)]
        let read = try self.read(lines.joined(separator: "\n") + "\n", ["delimiter": ";"])
        XCTAssertEqual(read.rejects.map(\.message), [])
        XCTAssertEqual(read.records.map { $0["小区名称"] ?? "" }, ["北门小区", "\"北门\"小区", "北门小区", "北门小区", "北门小区\"", "北门小区"])
        XCTAssertEqual(read.warnings.map { "\($0.number) \($0.line ?? 0) \($0.rule)" }, ["2 3 stray_quote"])
    }

    /// A quote at a cell's start whose closing quote is lines away, after no text (`"北门小区;…` closed by
    /// `…;待复核";`): each line read alone, with a quote not closed on its line read as written, gives rows of the
    /// header's width, so those load; a line that still has another width is a ragged_row of its own.
    func testAQuoteClosedLinesLaterIsReadLineByLine() throws {
        let lines = [Self.header, Self.row(1), Self.row(2, compound: "\"北门小区"), Self.row(3), "4;BJ-HB-01;测户主4",
                     Self.row(5, note: "待复核\""), Self.row(6)]
        let read = try self.read(lines.joined(separator: "\n") + "\n", ["delimiter": ";"])
        XCTAssertEqual(read.records.map(\.number), [1, 2, 3, 5, 6])
        XCTAssertEqual(read.records[1]["小区名称"], "\"北门小区")
        XCTAssertEqual(read.rejects.map { "\($0.number) \($0.line ?? 0) \($0.rule)" }, ["4 5 ragged_row"])
        XCTAssertTrue(read.rejects.first?.message.contains("read again line by line, as the quote opened in 小区名称 on line 3 ran on to line 6") ?? false,
                      read.rejects.first?.message ?? "")
        XCTAssertEqual(read.warnings.map { "\($0.number) \($0.field ?? "-") \($0.rule)" }, ["2 小区名称 stray_quote"])
    }

    /// A record whose quoted cell really holds a line break, and a cell too many: one ragged_row, whose message now
    /// says where the quoted cell opened and closed (before, only the line it started on).
    func testARaggedRecordOverSeveralLinesSaysWhereItsQuotedCellOpensAndCloses() throws {
        let read = try self.read("编号,户主姓名,家庭住址,备注\n1,张三,东升小区,\n2,李四,\"东升小区\n3栋\",待复核,x\n3,王五,东升小区,\n")
        XCTAssertEqual(read.records.map(\.number), [1, 3])
        XCTAssertEqual(read.rejects.count, 1)
        let message = read.rejects.first?.message ?? ""
        XCTAssertTrue(message.hasPrefix("row has 5 fields, the header has 4"), message)
        XCTAssertTrue(message.contains("a quoted cell opens in 家庭住址 on line 3 and closes on line 4, so lines 3–4 were read as this one record"), message)
    }

    /// A quoted cell holding line breaks and quotes that close with text after them (`"他说"好的"啊⏎再见"`) is one
    /// cell of a row of the header's width: it is not read again, as its lines make no rows of the header's width.
    func testAQuotedCellWithLineBreaksAndStrayQuotesInsideStaysOneCell() throws {
        let read = try self.read("编号,户主姓名,备注\n1,张三,\"他说\"好的\"啊\n再见\"\n2,李四,\n")
        XCTAssertEqual(read.records.map { $0["备注"] ?? "" }, ["他说\"好的\"啊\n再见", ""])
        XCTAssertEqual(read.warnings, [])
    }

    /// A stray quote early in a large file (`"东升"小区` on line 2 of 1,202; trial 19e's county census, 55,000 rows)
    /// swallowed more lines than are kept for reading them again, and the file stopped with an error blaming a
    /// truncated file. The running row is judged every `LibCSVParser.runningRowCheckLines` lines: its lines show the
    /// stray quote and rows of the header's width, so they are read again there and the rest of the file as usual.
    /// The same for a quote not closed on its line (`"东升小区`), whose closing quote never comes.
    func testAStrayQuoteEarlyInALargeFileNoLongerStopsIt() throws {
        let rows = (2...1_200).map { "\($0),测户主\($0),东升小区" }
        for stray in ["\"东升\"小区", "\"东升小区"] {
            let text = "编号,户主姓名,家庭住址\n1,测户主1,\(stray)\n" + rows.joined(separator: "\n") + "\n1201,测户主,\"东升小区\"\n"
            let read = try self.read(text)
            XCTAssertEqual(read.rejects.map(\.message), [], stray)
            XCTAssertEqual(read.records.map(\.number), Array(1...1_201), stray)
            XCTAssertEqual(read.records[0]["家庭住址"], stray)
            XCTAssertEqual(read.records[1_199].line, 1_201)
            XCTAssertEqual(read.records[1_200]["家庭住址"], "东升小区")
            XCTAssertEqual(read.warnings.map { "\($0.number) \($0.line ?? 0) \($0.field ?? "-") \($0.rule)" },
                           ["1 2 家庭住址 stray_quote"], stray)
            // Judged once the header is read: at line 201 or a later multiple of the check's lines.
            let message = read.warnings.first?.message ?? ""
            XCTAssertTrue(message.contains("it ran on past line ") && message.contains(", and lines 2–"), message)
        }
    }

    /// A quoted cell running on over more lines than are kept, whose lines are no rows of the header's width (a
    /// note pasted with its line breaks), stops the file, naming the line it opened on, rather than loading
    /// thousands of lines as one cell.
    func testAQuoteSwallowingMoreThanAThousandLinesOfNoRowsStopsTheFile() throws {
        let notes = (2...1_200).map { "第\($0)行说明" }
        let text = "编号,户主姓名,家庭住址\n1,测户主1,\"东升\"小区\n" + notes.joined(separator: "\n") + "\n1201,测户主,\"东升小区\"\n"
        XCTAssertThrowsError(try read(text)) { error in
            XCTAssertEqual((error as? ExtractError)?.line, 2, "\(error)")
            XCTAssertTrue("\(error)".contains("a quoted cell (家庭住址) opens on this line and runs on to line 1202, over 1000 lines"), "\(error)")
        }
    }

    /// Trial 15-b file 07, line 25: `23,…,2023年10月25日` under a last column 备注 that every row before left empty
    /// (`…,2023年10月17日,`) had 16 fields for the header's 17 and was a ragged_row: the household was lost. A row
    /// short only of its last empty cells now loads padded, with a short_row warning naming the column.
    func testARowLeavingOutItsEmptyLastCellLoadsPadded() throws {
        let header = "序号,村,组,门牌号,户主姓名,身份证号,联系电话,家庭人口,是否低保,登记日期,备注"
        let rows = (1...6).map { "\($0),金钟村,\($0)组,\($0 * 3)号,测户主\($0),'52030419850916332\($0),1828418723\($0),3,否,2023年10月1\($0)日," }
        let short = "7,,,58号,测户主7,5.20321E+17,13687215610,2,是,2023年10月25日"
        let read = try self.read(([header] + rows + [short, "8,,,60号,测户主8,,13687215611,1,否,2023年10月26日,"]).joined(separator: "\r\n") + "\r\n")
        XCTAssertEqual(read.rejects.map(\.message), [])
        XCTAssertEqual(read.records.count, 8)
        XCTAssertEqual(read.records[6].fields.count, 11)
        XCTAssertEqual(read.records[6]["登记日期"], "2023年10月25日")
        XCTAssertEqual(read.records[6]["备注"], "")
        XCTAssertEqual(read.warnings.map { "\($0.number) \($0.line ?? 0) \($0.field ?? "-") \($0.rule) \($0.value ?? "-")" },
                       ["7 8 备注 short_row 10 of 11"])
        XCTAssertTrue(read.warnings.first?.message.contains("its last cell (备注) is left out and read as empty") ?? false,
                      read.warnings.first?.message ?? "")
    }

    /// A row short of a cell in its middle (trial 15-b file 04 line 18: 单元 left out, so 房号 moved under 单元 and a
    /// yes/no under 人口数) stays a ragged_row: its cells do not fit their columns. Its message now names the columns
    /// the missing cell can be in. A row short of more than two cells is not padded either, nor the file's
    /// unterminated last row (a truncated file), nor a row short of a last cell that every record before it filled.
    func testARowWhoseCellsMovedStaysRagged() throws {
        let header = "序号\t户主\t小区\t楼栋号\t单元\t房号\t人口数\t低保户\t特困户\t采集日期\t备注"
        let rows = (1...5).map { "\($0)\t测户主\($0)\t建国新村\t\($0)\t\($0 % 3 + 1)\t\($0)02\t3\t否\t是\t2023.10.\($0)\t" }
        let moved = "6\t测林刚\t建国新村\t7\t603\t3\t否\t否\t2023.10.8\t"
        let tooShort = "7\t测户主7\t建国新村\t7\t1\t603\t3\t否"
        let cut = "8\t测户主8\t建国新村\t7\t1\t603\t3\t否\t否\t2023.10.9"
        let read = try self.read(([header] + rows + [moved, tooShort, cut]).joined(separator: "\n"), ["delimiter": "\\t"])
        XCTAssertEqual(read.records.count, 5)
        XCTAssertEqual(read.warnings, [])
        XCTAssertEqual(read.rejects.map { "\($0.number) \($0.rule)" }, ["6 ragged_row", "7 ragged_row", "8 ragged_row"])
        guard read.rejects.count == 3 else { return }
        XCTAssertEqual(read.rejects[0].message, "row has 10 fields, the header has 11; the cells from 人口数 on do not fit their columns; the cell missing is most likely the one of 楼栋号, 单元, 房号 or 人口数 (the cells after it fit their columns when moved one to the right)")
        XCTAssertEqual(read.rejects[1].message, "row has 8 fields, the header has 11")
        XCTAssertTrue(read.rejects[2].message.contains("the file looks truncated"), read.rejects[2].message)

        let filled = try self.read("编号,户主姓名,家庭住址,家庭人口\nG1,张三,东升小区3栋,3\nG2,李四,东升小区4栋,4\nG3,王五,东升小区5栋\n")
        XCTAssertEqual(filled.records.count, 2)
        XCTAssertEqual(filled.rejects.map(\.message),
                       ["row has 3 fields, the header has 4; its last cell (家庭人口) is missing, and no record before it leaves 家庭人口 empty"])
    }

    /// Trial 18d, repro 1: `2,荔波-X003,测韦老三,,13700000001,荔波县甲良镇新场村,三组9号,3,否,` under a 9-column
    /// header, an unquoted comma in 现住址 and 备注 left empty, has 10 cells, the last empty. The rule that drops
    /// a spreadsheet's trailing separators dropped that empty 备注 and the row loaded shifted (人口数 三组9号, 低保户 3).
    /// Its cells do not fit their columns, so it is now a ragged_row naming the value most likely split.
    func testAnUnquotedCommaBeforeAnEmptyLastCellIsRaggedNotShifted() throws {
        let text = """
            序号,户编号,户主,身份证号码,手机号码,现住址,人口数,低保户,备注
            1,荔波-H001,测蒙平桂,,13217662662,荔波甲良镇新场村12组51号,3,否,
            2,荔波-X003,测韦老三,,13700000001,荔波县甲良镇新场村,三组9号,3,否,
            3,荔波-H002,测杨光国,,15960888781,荔波甲良镇新场村1组3号,1,否,

            """
        let read = try self.read(text)
        XCTAssertEqual(read.records.map { $0["户主"] ?? "" }, ["测蒙平桂", "测杨光国"])
        XCTAssertEqual(read.rejects.map { "\($0.number) \($0.line ?? 0) \($0.rule)" }, ["2 3 ragged_row"])
        XCTAssertEqual(read.rejects.first?.message, "row has 10 fields, the header has 9; the cells from 人口数 on do not fit their columns: a value holding an unquoted \",\" most likely split 现住址 in two (the cells after it fit their columns when moved one to the left), so its empty last cell is not taken for a spreadsheet's trailing separator")
        XCTAssertEqual(read.warnings, [])
    }

    /// Empty cells at the end of rows are still a spreadsheet's trailing separators when they are the file's habit:
    /// every row carrying them, or its first rows (an Excel export pads only its first rows), or a run of them. A
    /// row longer than its neighbours whose cells fit their columns (an address split by a comma in front of an
    /// empty 备注) is a ragged_row once enough records before it show the file's rows carry no such empties.
    func testTrailingSeparatorsLoadWhenTheyAreTheFilesHabit() throws {
        let header = "编号,户主姓名,家庭人口,家庭住址,备注"
        func row(_ n: Int, _ end: String = "") -> String { "G\(n),测户主\(n),\(n % 4 + 1),东升小区\(n)栋,\(end)" }
        // Every row padded by two: all load.
        let padded = try self.read(([header] + (1...8).map { row($0, ",,") }).joined(separator: "\n") + "\n")
        XCTAssertEqual(padded.rejects.map(\.message), [])
        XCTAssertEqual(padded.records.count, 8)
        XCTAssertEqual(padded.records.first?.fields.count, 5)
        // The first three rows padded, the later ones not; then one padded row whose address was split in two.
        var lines = [header] + (1...3).map { row($0, ",") } + (4...12).map { row($0) }
        lines.append("G13,测户主13,3,东升小区,13栋,")
        lines.append(row(14))
        let split = try self.read(lines.joined(separator: "\n") + "\n")
        XCTAssertEqual(split.records.map(\.number), Array(1...12) + [14])
        XCTAssertEqual(split.rejects.map { "\($0.number) \($0.rule)" }, ["13 ragged_row"])
        XCTAssertEqual(split.rejects.first?.message, "row has 6 fields, the header has 5; its extra cell is empty, but only 3 of the records before it have 6 fields or more: one row longer than the others is most likely a value holding an unquoted \",\", its empty last cell moved out of the table, rather than a spreadsheet's trailing separators")
        // A row one longer than the unpadded rows before it, its cells fitting: ragged; the file's first records,
        // with too few before them to compare, load as before.
        let lone = try self.read(([header] + (1...6).map { row($0) } + ["G7,测户主7,2,东升小区,7栋,", row(8, ",")]).joined(separator: "\n") + "\n")
        XCTAssertEqual(lone.rejects.map { "\($0.number) \($0.rule)" }, ["7 ragged_row", "8 ragged_row"])
        XCTAssertTrue(lone.rejects.first?.message.contains("none of the records before it has 6 fields or more") ?? false,
                      lone.rejects.first?.message ?? "")
        let early = try self.read([header, row(1), "G2,测户主2,2,东升小区,2栋,", row(3)].joined(separator: "\n") + "\n")
        XCTAssertEqual(early.rejects.count, 0)
        XCTAssertEqual(early.records[1]["备注"], "2栋")
        // A second sheet appended whose rows are padded: its first two rows are rejected, then the run of padded
        // rows is the file's habit and the rest load.
        let appended = try self.read(([header] + (1...6).map { row($0) } + (7...12).map { row($0, ",") }).joined(separator: "\n") + "\n")
        XCTAssertEqual(appended.rejects.map { "\($0.number) \($0.rule)" }, ["7 ragged_row", "8 ragged_row"])
        XCTAssertEqual(appended.records.map(\.number), Array(1...6) + Array(9...12))
    }

    func testCellKinds() {
        let kinds = ["", "  ", "3", "'0501", "520304198509163321", "5.20304E+17", "2023年10月16日", "12号", "否", "HC-DGS-02",
                     "=\"03\"", "13851401744\t"].map(ColumnProfile.kind(of:))
        XCTAssertEqual(kinds, [0, 0, ColumnProfile.shortNumber, ColumnProfile.shortNumber, ColumnProfile.longNumber,
                               ColumnProfile.longNumber, ColumnProfile.digitsAndMore, ColumnProfile.digitsAndMore,
                               ColumnProfile.text, ColumnProfile.text, ColumnProfile.shortNumber, ColumnProfile.longNumber])
    }

    /// The stray quote of `testACellThatOnlyStartsWithAQuoteNoLongerSwallowsTheRowsAfterIt` in a file whose lines end
    /// in a CR alone (classic Mac OS): the lines read again (`SwallowedLines`) count the CRs as line breaks, as the
    /// parser does, so the records and the warning keep their lines.
    func testAStrayQuoteInAFileWithCROnlyLineEndsKeepsTheRecordsLines() throws {
        var lines = [Self.header] + (1...4).map { Self.row($0) }
        lines.append(Self.row(5, compound: "\"北门\"小区"))
        lines += (6...23).map { Self.row($0) }
        lines.append(Self.row(24, note: "\"租户\r已登记\""))
        lines += (25...30).map { Self.row($0) }
        let read = try self.read(lines.joined(separator: "\r") + "\r", ["delimiter": ";"])
        XCTAssertEqual(read.rejects.map(\.message), [])
        XCTAssertEqual(read.records.map(\.number), Array(1...30))
        XCTAssertEqual(read.records.map(\.line), Array(2...25) + Array(27...32))
        XCTAssertEqual(read.records.count > 23 ? read.records[23]["备注"] : nil, "租户\r已登记")
        XCTAssertEqual(read.warnings.map { "\($0.number) \($0.line ?? 0) \($0.field ?? "-") \($0.rule)" },
                       ["5 6 小区名称 stray_quote"])
    }

    /// A CR LF split between two chunks fed to the parser is one line break, counted at its CR; a CR alone ends a line
    /// too, inside a quoted cell as well.
    func testTheParserCountsCRLFAndACRAloneAsOneLineBreakEach() throws {
        let parser = try LibCSVParser(delimiter: UInt8(ascii: ","), quote: UInt8(ascii: "\""))
        for piece in ["a,b\r", "\nc,d\re,f\r\n", "\"g\r", "\nh\",i\r\"j\rk\",l\n", "m,n\r"] {
            try Array(piece.utf8).withUnsafeBufferPointer { _ = try parser.feed($0) }
        }
        parser.finish()
        var rows = LibCSVParser.Rows()
        parser.drainRows(into: &rows)
        XCTAssertEqual(rows.lines, [1, 2, 3, 4, 6, 8])
        XCTAssertEqual(parser.line, 9)
    }
}
