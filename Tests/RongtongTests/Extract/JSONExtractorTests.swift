import Foundation
import XCTest
@testable import RongtongExtract

final class JSONExtractorTests: XCTestCase {
    private func items(_ file: String, format: String = "json", _ options: [String: String] = [:]) throws -> [Extracted] {
        let cursor = try FormatRegistry.makeCursor(file: file, format: format, options: options)
        var items: [Extracted] = []
        while let item = try cursor.next() { items.append(item) }
        return items
    }

    private func write(_ bytes: [UInt8], name: String = "feed.json") throws -> String {
        let url = try TestPaths.temporaryFolder().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    // MARK: - Records and flattening

    func testEnvelopeRecordPathYieldsFlattenedRecordsWithPinyinKeys() throws {
        let items = try items(TestPaths.fixture("json/envelope.json"), ["record_path": "data.records[*]"])
        XCTAssertEqual(items.count, 4)
        guard case .record(let first) = items[0] else { return XCTFail("record 1 missing") }
        XCTAssertEqual(first.number, 1)
        XCTAssertEqual(first.line, 7)
        XCTAssertEqual(first.fields, [
            RawField("hzxm", "张三"),
            RawField("hzsfzh", "520102198001011234"),
            RawField("hz.xm", "张三"),
            RawField("hz.nl", "44"),
            RawField("hz.lxfs.sj", "13800000000"),
            RawField("bq", #"["独居","低保"]"#),
            RawField("jtcy", #"[{"xm":"李四","gx":"配偶"},{"xm":"张小五","gx":"子"}]"#),
            RawField("sfdb", "true"),
            RawField("bz", ""),
            RawField("mj", "85.50"),
            RawField("kz", "{}"),
        ])
        guard case .record(let second) = items[1] else { return XCTFail("record 2 missing") }
        XCTAssertEqual(second.line, 18)
        XCTAssertEqual(second.fields, [RawField("hzxm", "王五"), RawField("hzsfzh", "52010219750505567X"),
                                       RawField("bq", "[]"), RawField("sfdb", "false")])
        guard case .rejected(let problem) = items[2] else { return XCTFail("record 3 should be a reject") }
        XCTAssertEqual(problem.rule, "not_an_object")
        XCTAssertEqual(problem.number, 3)
        XCTAssertEqual(problem.line, 19)
        guard case .record(let fourth) = items[3] else { return XCTFail("reading goes on after a reject") }
        XCTAssertEqual(fourth.number, 4)
        XCTAssertEqual(fourth["hzsfzh"], "520102199912319999")
    }

    func testEighteenDigitNumberKeepsItsSourceText() throws {
        let file = try write(Array(#"[{"sfzh":110101199003078888,"big":123456789012345678901234567890,"e":1.0E+2,"neg":-0}]"#.utf8))
        guard case .record(let record) = try items(file).first else { return XCTFail("no record") }
        XCTAssertEqual(record["sfzh"], "110101199003078888")
        XCTAssertEqual(record["big"], "123456789012345678901234567890")
        XCTAssertEqual(record["e"], "1.0E+2")
        XCTAssertEqual(record["neg"], "-0")
    }

    func testNestedObjectKeysJoinWithADot() throws {
        let file = try write(Array(#"{"户主":{"姓名":"张三","证件":{"号码":"5201"}},"户号":"1"}"#.utf8))
        let items = try items(file)
        XCTAssertEqual(items.count, 1, "a top-level object is one record")
        guard case .record(let record) = items.first else { return XCTFail("no record") }
        XCTAssertEqual(record.fields, [RawField("户主.姓名", "张三"), RawField("户主.证件.号码", "5201"), RawField("户号", "1")])
    }

    func testArrayOfScalarsIsKeptAsJSONText() throws {
        let file = try write(Array(#"[{"标签":["独居","低保"],"数":[1,2.50,null,true],"嵌套":[["a\"b"],{"k":"\n"}]}]"#.utf8))
        guard case .record(let record) = try items(file).first else { return XCTFail("no record") }
        XCTAssertEqual(record["标签"], #"["独居","低保"]"#)
        XCTAssertEqual(record["数"], "[1,2.50,null,true]")
        XCTAssertEqual(record["嵌套"], #"[["a\"b"],{"k":"\n"}]"#)
    }

    func testRepeatedKeyKeepsTheLastValueAtTheFirstPosition() throws {
        let file = try write(Array(#"[{"a":"1","b":"2","a":"3"}]"#.utf8))
        guard case .record(let record) = try items(file).first else { return XCTFail("no record") }
        XCTAssertEqual(record.fields, [RawField("a", "3"), RawField("b", "2")])
    }

    func testRecordsThatRepeatThePreviousNamesOrDepartFromThemFlattenAlike() throws {
        // The flattener reuses the previous record's names while a record follows them: each departure
        // (reordered, repeated, nested, fewer or more keys, a key spelled like a nested name) must still come out right.
        let lines = [#"{"a":"1","b":"2"}"#, #"{"a":"3","b":"4"}"#, #"{"b":"5","a":"6"}"#, #"{"a":"7","a":"8","b":"9"}"#,
                     #"{"a":{"x":"1"},"b":"2"}"#, #"{"a.x":"3","b":"4"}"#, #"{"a":"5"}"#, #"{"a":"6","b":"7","c":"8"}"#]
        let file = try write(Array(lines.joined(separator: "\n").utf8), name: "names.ndjson")
        let records = try items(file, format: "ndjson").compactMap { item -> [RawField]? in
            if case .record(let record) = item { return record.fields }
            return nil
        }
        XCTAssertEqual(records, [
            [RawField("a", "1"), RawField("b", "2")], [RawField("a", "3"), RawField("b", "4")],
            [RawField("b", "5"), RawField("a", "6")], [RawField("a", "8"), RawField("b", "9")],
            [RawField("a.x", "1"), RawField("b", "2")], [RawField("a.x", "3"), RawField("b", "4")],
            [RawField("a", "5")], [RawField("a", "6"), RawField("b", "7"), RawField("c", "8")],
        ])
    }

    func testTopLevelScalarHasNoRecords() throws {
        XCTAssertEqual(try items(try write(Array("\"text\"".utf8))).count, 0)
        XCTAssertEqual(try items(try write(Array("null".utf8))).count, 0)
    }

    func testRecordPathThatIsMissingOrNotAnArrayStopsTheFile() throws {
        let file = TestPaths.fixture("json/envelope.json")
        XCTAssertThrowsError(try items(file, ["record_path": "data.rows[*]"])) { error in
            XCTAssertTrue("\(error)".contains("data.rows is not in the document"), "\(error)")
        }
        XCTAssertThrowsError(try items(file, ["record_path": "data[*]"])) { error in
            XCTAssertTrue("\(error)".contains("data is an object, not an array"), "\(error)")
        }
        XCTAssertThrowsError(try items(file, ["record_path": "data.records[*].x"])) { error in
            XCTAssertEqual((error as? OptionError)?.key, "record_path", "\(error)")
        }
    }

    /// `data.total` for `data.records`: a number where the records should be is a wrong path, not an empty export
    /// (it gave 0 records and a green validate). `null` there still means no records.
    func testRecordPathThatEndsAtANumberOrStringStopsTheFile() throws {
        let file = TestPaths.fixture("json/envelope.json")
        XCTAssertThrowsError(try items(file, ["record_path": "data.total"])) { error in
            XCTAssertTrue("\(error)".contains("record_path data.total: data.total is a number, not the records"), "\(error)")
        }
        let string = try write(Array(#"{"code":0,"msg":"ok","data":null}"#.utf8))
        XCTAssertThrowsError(try items(string, ["record_path": "msg"])) { error in
            XCTAssertTrue("\(error)".contains("msg is a string, not the records"), "\(error)")
        }
        XCTAssertEqual(try items(string, ["record_path": "data"]).count, 0)
    }

    func testRecordPathWithoutStarTreatsAnObjectAsOneRecord() throws {
        let items = try items(TestPaths.fixture("json/envelope.json"), ["record_path": "$.data"])
        guard items.count == 1, case .record(let record) = items[0] else { return XCTFail("\(items)") }
        XCTAssertEqual(record["total"], "4")
        XCTAssertTrue(record["records"]?.hasPrefix(#"[{"hzxm":"张三""#) ?? false)
    }

    func testEncodingDefaultsToUTF8ForJSONAndNDJSON() throws {
        for format in ["json", "ndjson"] {
            let spec = try XCTUnwrap(FormatRegistry.spec(named: format))
            let encoding = FormatRegistry.declaredOptions(of: spec).filter { $0.name == "encoding" }
            XCTAssertEqual(encoding.count, 1)
            XCTAssertEqual(encoding.first?.defaultValue, "utf-8")
        }
    }

    // MARK: - Errors and undecodable bytes

    func testSyntaxErrorNamesTheFileByteOffsetAfterTheBOM() throws {
        XCTAssertThrowsError(try items(TestPaths.fixture("json/bom-syntax-error.json"))) { error in
            guard let error = error as? ExtractError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.byteOffset, 21, error.description)
            XCTAssertEqual(error.line, 2, error.description)
            XCTAssertTrue(error.message.hasPrefix("invalid JSON: parse error"), error.message)
            XCTAssertFalse(error.message.contains("\n"))
        }
    }

    func testTruncatedDocumentIsAPrematureEOFAtTheEnd() throws {
        let file = try write(Array(#"[{"a":1},{"a":"#.utf8))
        let cursor = try FormatRegistry.makeCursor(file: file, format: "json", options: [:])
        guard case .record? = try cursor.next() else { return XCTFail("the complete record arrives first") }
        XCTAssertThrowsError(try cursor.next()) { error in
            guard let error = error as? ExtractError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.byteOffset, 14, error.description)
            XCTAssertTrue(error.message.contains("premature EOF"), error.message)
        }
    }

    func testUndecodableByteInARecordRejectsOnlyThatRecord() throws {
        let items = try items(TestPaths.fixture("json/invalid-byte-in-record.json"))
        XCTAssertEqual(items.count, 2)
        guard case .rejected(let problem) = items[0] else { return XCTFail("expected a reject") }
        XCTAssertEqual(problem.rule, "invalid_encoding")
        XCTAssertEqual(problem.number, 1)
        XCTAssertTrue(problem.message.contains("offset 11"), problem.message)
        guard case .record(let second) = items[1] else { return XCTFail("expected a record") }
        XCTAssertEqual(second["xm"], "李四")
    }

    func testUndecodableByteOutsideRecordsStopsTheFile() throws {
        XCTAssertThrowsError(try items(TestPaths.fixture("json/invalid-byte-outside-records.json"),
                                       ["record_path": "data[*]"])) { error in
            guard let error = error as? ExtractError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.byteOffset, 8, error.description)
            XCTAssertTrue(error.message.contains("outside any record"), error.message)
        }
    }

    func testLoneSurrogateEscapeRejectsTheRecordInsteadOfRepairingItsText() throws {
        let file = try write(Array(#"[{"户号":"1","姓名":"\uDFAA"},{"户号":"2","姓名":"\u5F20\uD83D\uDE00"}]"#.utf8))
        let items = try items(file)
        XCTAssertEqual(items.count, 2)
        guard case .rejected(let problem) = items[0] else { return XCTFail("expected a reject") }
        XCTAssertEqual(problem.rule, "invalid_encoding")
        XCTAssertEqual(problem.field, "姓名")
        guard case .record(let record) = items[1] else { return XCTFail("a valid surrogate pair is fine") }
        XCTAssertEqual(record["姓名"], "张😀")

        let lines = try write(Array(#"{"\uDFAA":1}"#.utf8) + [0x0A], name: "feed.ndjson")
        guard case .rejected(let key)? = try self.items(lines, format: "ndjson").first else { return XCTFail("expected a reject") }
        XCTAssertEqual(key.rule, "invalid_encoding")
    }

    /// Trial 20f: yajl fused `\ud842\u82b3` (a high surrogate, then 芳) into U+20AB3, a wrong character stored as the name.
    func testHighSurrogateBeforeAnotherEscapeRejectsTheRecordInsteadOfFusingAWrongCharacter() throws {
        let records = #"[{"户号":"1","姓名":"\u6d4b\u738b\ud842\u82b3"},{"户号":"2","姓名":"\ud842\udeb3\u82b3"},"#
            + #"{"户号":"3","\uD888\u1234":"x"},{"户号":"4","成员":["\uD800\uD800\n"]},{"户号":"5","姓名":"\\ud842\u82b3"}]"#
        let items = try items(try write(Array(records.utf8)))
        XCTAssertEqual(items.count, 5)
        for (index, field) in [(0, "姓名"), (2, nil), (3, "成员")] {
            guard case .rejected(let problem) = items[index] else { return XCTFail("record \(index + 1): expected a reject, got \(items[index])") }
            XCTAssertEqual(problem.rule, "invalid_encoding", "record \(index + 1)")
            if let field { XCTAssertEqual(problem.field, field, "record \(index + 1)") }
        }
        guard case .record(let pair) = items[1] else { return XCTFail("a valid pair before 芳 is fine") }
        XCTAssertEqual(pair["姓名"], "\u{20AB3}芳")
        guard case .record(let backslash) = items[4] else { return XCTFail("an escaped backslash starts no escape") }
        XCTAssertEqual(backslash["姓名"], "\\ud842芳")

        let lines = try write(Array((#"{"case_no":"Q1","hzxm":"\u6d4b\u738b\ud842\u82b3"}"# + "\n").utf8), name: "feed.ndjson")
        guard case .rejected(let line)? = try self.items(lines, format: "ndjson").first else { return XCTFail("expected a reject") }
        XCTAssertEqual(line.rule, "invalid_encoding")
        XCTAssertEqual(line.field, "hzxm")

        // The pair cut by the end of the parser's slice of the file, at every byte of it.
        for cut in 0...12 {
            let padding = String(repeating: "a", count: JSONCursor.sliceSize - #"[{"户号":"1","备注":""#.utf8.count - 12 - cut)
            let text = #"[{"户号":"1","备注":""# + padding + #"","姓名":"\ud842\u82b3"},{"户号":"2","姓名":"测\ud842\udeb3"}]"#
            let cutItems = try self.items(try write(Array(text.utf8)))
            guard case .rejected(let problem)? = cutItems.first else { return XCTFail("cut \(cut): expected a reject") }
            XCTAssertEqual(problem.field, "姓名", "cut \(cut)")
            guard case .record(let after)? = cutItems.last else { return XCTFail("cut \(cut): expected a record") }
            XCTAssertEqual(after["姓名"], "测\u{20AB3}", "cut \(cut)")
        }
    }

    func testDeeplyNestedRecordStopsTheFileInsteadOfExhaustingMemory() throws {
        let depth = 100_000
        let file = try write(Array(("[" + String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth) + "]").utf8))
        XCTAssertThrowsError(try items(file)) { error in
            XCTAssertTrue("\(error)".contains("nest more than 512 deep"), "\(error)")
        }
        let arrays = try write(Array(("[{\"a\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}]").utf8))
        guard case .record(let record)? = try items(arrays).first else { return XCTFail("deep arrays are kept as text") }
        XCTAssertEqual(record["a"]?.utf8.count, 2 * depth)
    }

    func testUTF8CheckRefusesSurrogatesOverlongsAndCodePointsPastU10FFFF() {
        func valid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer(JSONRecordFlattener.isValidUTF8) }
        XCTAssertTrue(valid(Array("hzxm 张三 𠀀 😀 é".utf8)))
        XCTAssertTrue(valid([0xF4, 0x8F, 0xBF, 0xBF]), "U+10FFFF")
        XCTAssertFalse(valid([0xF4, 0x90, 0x80, 0x80]), "U+110000")
        XCTAssertFalse(valid([0xED, 0xA0, 0x80]), "a surrogate")
        XCTAssertFalse(valid([0xED, 0xBE, 0xAA]), "what yajl makes of \\uDFAA")
        XCTAssertFalse(valid([0xC0, 0xAF]), "overlong")
        XCTAssertFalse(valid([0xE0, 0x80, 0x80]), "overlong")
        XCTAssertFalse(valid([0xE5, 0xBC]), "truncated")
        XCTAssertFalse(valid([0x61, 0x80]), "lone continuation byte")
    }

    func testAutoEncodingThrowsNotUTF8() throws {
        XCTAssertThrowsError(try items(TestPaths.fixture("json/invalid-byte-in-record.json"), ["encoding": "auto"])) { error in
            XCTAssertTrue(error is NotUTF8, "\(error)")
        }
    }

    // MARK: - NDJSON

    func testNDJSONBrokenLineIsARejectAndTheLinesAfterItStillArrive() throws {
        let items = try items(TestPaths.fixture("json/households.ndjson"), format: "ndjson")
        XCTAssertEqual(items.count, 6)
        guard case .record(let first) = items[0] else { return XCTFail("record 1 missing") }
        XCTAssertEqual(first.fields, [RawField("hzxm", "张三"), RawField("hz.xm", "张三"), RawField("bq", #"["独居","低保"]"#)])
        guard case .record(let second) = items[1] else { return XCTFail("record 2 missing") }
        XCTAssertEqual(second["sfzh"], "520102198202022345")
        guard case .rejected(let broken) = items[2] else { return XCTFail("the broken line should be a reject") }
        XCTAssertEqual(broken.rule, "malformed_json")
        XCTAssertEqual(broken.number, 3)
        XCTAssertEqual(broken.line, 4)
        XCTAssertTrue(broken.message.contains("error"), broken.message)
        guard case .record(let fourth) = items[3] else { return XCTFail("record 4 missing") }
        XCTAssertEqual(fourth.number, 4)
        XCTAssertEqual(fourth.line, 6)
        XCTAssertEqual(fourth.fields, [RawField("hzxm", "赵六")], "\\r\\n endings are tolerated")
        guard case .rejected(let array) = items[4] else { return XCTFail("an array line is a reject") }
        XCTAssertEqual(array.rule, "not_an_object")
        XCTAssertEqual(array.line, 7)
        guard case .record(let last) = items[5] else { return XCTFail("record 6 missing") }
        XCTAssertEqual(last.number, 6)
        XCTAssertEqual(last.line, 8)
        XCTAssertEqual(last["hzxm"], "钱七")
    }

    /// A line that holds no JSON value at all (a page footer, an HTML error page, a log line, a pasted CSV row) says
    /// it is not JSON and how it starts, showing only leading ASCII with long digit runs masked; a damaged object
    /// keeps yajl's own message, and the file's last line, cut inside its object with no line break after it, says
    /// the file looks truncated.
    func testNDJSONLineThatIsNotJSONSaysSoAndHowItStarts() throws {
        let lines = [
            #"{"hzxm":"张三"}"#,
            "----- 第2页 -----\r",
            "<html><head><title>502 Bad Gateway</title></head></html>",
            "  2023-10-31 12:00:01 ERROR upload failed",
            "张三,520102199001011234,13800138000",
            "ID 520102199001011234 张三",
            #"{"hzxm":"李四","sfzh":"#,
        ]
        let items = try items(try write(Array(lines.joined(separator: "\n").utf8), name: "feed.ndjson"), format: "ndjson")
        let messages = items.compactMap { item -> String? in
            guard case .rejected(let problem) = item else { return nil }
            XCTAssertEqual(problem.rule, "malformed_json")
            return problem.message.replacingOccurrences(of: #" \(byte offset \d+\)"#, with: "", options: .regularExpression)
        }
        XCTAssertEqual(messages, [
            "line 2 is a page footer (`----- 第2页 -----`), not JSON: lexical error: malformed number, a digit is required after the minus sign.",
            "line 3 is not JSON (starts with `<html><head>`): lexical error: invalid char in json text.",
            "line 4 is not JSON (starts with `2023-10-31 1`): parse error: trailing garbage",
            "line 5 is not JSON: lexical error: invalid char in json text.",
            "line 6 is not JSON (starts with `ID *********`): lexical error: invalid char in json text.",
            "parse error: premature EOF: the line ends inside its object; it is the last line of the file and no line break ends it: the file looks truncated (an export or transfer cut short?), and records after it may be missing",
        ])
    }

    /// A comma before `}` or `]` (spaces or line breaks between them allowed) is named as a trailing comma, which
    /// JSON does not allow; before, only yajl's words (`invalid object key (must be a string)`, `unallowed token at
    /// this point in JSON text`) were given. A `}` that fails for another reason says nothing of commas.
    func testTrailingCommaIsNamedInTheMalformedJSONMessage() throws {
        let lines = [#"{"hzxm":"张三","dibao":"否",}"#, #"{"hzxm":"李四","members":["a","b", ]}"#, #"{"hzxm":"王五" "x":1}"#]
        let items = try items(try write(Array(lines.joined(separator: "\r\n").utf8), name: "feed.ndjson"), format: "ndjson")
        let messages = items.compactMap { item -> String? in
            guard case .rejected(let problem) = item else { return nil }
            XCTAssertEqual(problem.rule, "malformed_json")
            return problem.message
        }
        XCTAssertEqual(messages.count, 3)
        XCTAssertTrue(messages[0].hasPrefix("parse error: invalid object key (must be a string); this looks like a trailing comma (a comma before }), which JSON does not allow (byte offset 31)"), messages[0])
        XCTAssertTrue(messages[1].contains("this looks like a trailing comma (a comma before ])"), messages[1])
        XCTAssertFalse(messages[2].contains("trailing comma"), messages[2])
        let array = try write(Array("[\n {\"bh\": \"B0\"},\n {\"bh\": \"B1\"},\n]\n".utf8))
        XCTAssertThrowsError(try self.items(array)) { error in
            guard let error = error as? ExtractError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, 4, error.description)
            XCTAssertTrue(error.message.contains("this looks like a trailing comma (a comma before ])"), error.message)
        }
    }

    func testNDJSONLastLineWithoutNewlineAndUndecodableLine() throws {
        let file = try write(Array("{\"a\":\"".utf8) + [0xFF] + Array("\"}\n{\"a\":2}\n{\"a\":3}".utf8), name: "feed.ndjson")
        let items = try items(file, format: "ndjson")
        XCTAssertEqual(items.count, 3)
        guard case .rejected(let problem) = items[0] else { return XCTFail("expected a reject") }
        XCTAssertEqual(problem.rule, "invalid_encoding")
        XCTAssertTrue(problem.message.contains("offset 6"), problem.message)
        guard case .record(let last) = items[2] else { return XCTFail("expected the last line") }
        XCTAssertEqual(last["a"], "3")
        XCTAssertEqual(last.line, 3)
    }

    // MARK: - Line ends

    /// `text` (LF line ends) with every line ending in `ending` instead: `\n`, `\r\n` or a CR alone.
    private func ending(_ bytes: [UInt8], with ending: String) -> [UInt8] {
        let lines = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return Array(lines.replacingOccurrences(of: "\n", with: ending).utf8)
    }

    /// Each item's record number, line, rule (`record` for a record) and message, to compare one file's items with
    /// the same file's under other line ends.
    private func described(_ items: [Extracted]) -> [String] {
        items.map { item in
            switch item {
            case .record(let record): return "\(record.number):\(record.line ?? 0):record"
            case .rejected(let problem):
                let message = problem.message.replacingOccurrences(of: #" \(byte offset \d+\)"#, with: "", options: .regularExpression)
                return "\(problem.number):\(problem.line ?? 0):\(problem.rule):\(message)"
            }
        }
    }

    /// An NDJSON export whose lines end with a CR alone (classic Mac OS, some exporters) was one line to the reader,
    /// split at LF only: its first object was read and the rest was a reject on line 1. Lines now end as a CSV file's
    /// do (`LineBreaks`): the same records, rejects and lines from LF, CR LF and CR-only files, and a reject's
    /// message names the real line.
    func testNDJSONWithCRLFOrCROnlyLineEndsReadsTheSameRecordsOnTheSameLines() throws {
        let fixture = Array(try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("json/households.ndjson"))))
        let footer = Array("{\"hzxm\":\"孙八\"}\n----- 第2页 -----\n{\"hzxm\":\"周九\"}\n".utf8)
        let lf = try items(try write(ending(fixture + footer, with: "\n"), name: "lf.ndjson"), format: "ndjson")
        XCTAssertEqual(described(lf), [
            "1:1:record", "2:2:record",
            "3:4:malformed_json:parse error: unallowed token at this point in JSON text",
            "4:6:record",
            "5:7:not_an_object:line holds an array, not an object",
            "6:8:record", "7:9:record",
            "8:10:malformed_json:line 10 is a page footer (`----- 第2页 -----`), not JSON: lexical error: malformed number, a digit is required after the minus sign.",
            "9:11:record",
        ])
        for style in ["\r\n", "\r"] {
            let file = try write(ending(fixture + footer, with: style), name: "feed.ndjson")
            XCTAssertEqual(described(try items(file, format: "ndjson")), described(lf), style.debugDescription)
            // Without a line end after the last line.
            var unended = ending(fixture + footer, with: style)
            unended.removeLast(style.utf8.count)
            XCTAssertEqual(described(try items(try write(unended, name: "unended.ndjson"), format: "ndjson")), described(lf),
                           style.debugDescription)
        }
        // A CR LF pair cut between two chunks of the reader (1 MiB each): the CR ends the first chunk, and its LF,
        // opening the next, ends no line of its own.
        let first = Array("{\"bz\":\"".utf8) + Array(repeating: UInt8(ascii: "a"), count: (1 << 20) - 10) + Array("\"}\r\n".utf8)
        XCTAssertEqual(first.count, (1 << 20) + 1)
        let straddling = first + Array("{\"hzxm\":\"张三\"}\r\n{\"hzxm\":\r\n".utf8)
        XCTAssertEqual(described(try items(try write(straddling, name: "straddling.ndjson"), format: "ndjson")),
                       ["1:1:record", "2:2:record", "3:3:malformed_json:parse error: premature EOF"])
    }

    /// A JSON document's records and errors name their line as an NDJSON line's does, whichever of LF, CR LF or a CR
    /// alone ends its lines.
    func testJSONWithCRLFOrCROnlyLineEndsNamesTheSameLines() throws {
        let envelope = Array(try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("json/envelope.json"))))
        let lf = try items(try write(ending(envelope, with: "\n")), ["record_path": "data.records[*]"])
        XCTAssertEqual(described(lf).map { $0.split(separator: ":").prefix(2).joined(separator: ":") }, ["1:7", "2:18", "3:19", "4:20"])
        let broken = Array("[\n {\"bh\": \"B0\"},\n {\"bh\": \"B1\"},\n]\n".utf8)
        for style in ["\r\n", "\r"] {
            let file = try write(ending(envelope, with: style))
            XCTAssertEqual(described(try items(file, ["record_path": "data.records[*]"])), described(lf), style.debugDescription)
            XCTAssertThrowsError(try items(try write(ending(broken, with: style), name: "broken.json"))) { error in
                XCTAssertEqual((error as? ExtractError)?.line, 4, "\(style.debugDescription): \(error)")
            }
        }
    }
}
