import Foundation
import XCTest
@testable import RongtongExtract

final class XMLExtractorTests: XCTestCase {
    private func items(_ file: String, _ options: [String: String]) throws -> [Extracted] {
        let cursor = try FormatRegistry.makeCursor(file: file, format: "xml", options: options)
        var items: [Extracted] = []
        while let item = try cursor.next() { items.append(item) }
        return items
    }

    private func records(_ file: String, _ options: [String: String]) throws -> [RawRecord] {
        try items(file, options).map { item in
            guard case .record(let record) = item else { throw XCTSkip("unexpected reject: \(item)") }
            return record
        }
    }

    /// A UTF-8 file cut inside a character (a transfer that stopped): the error says the file ends inside a character
    /// and inside its element (truncated?), not that the file may be in another encoding (trial 14-d).
    func testAFileCutInsideACharacterSaysTruncatedNotEncoding() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<户籍>\n<户><户主>张三</户主></户>\n<户><户主>李四"
        let url = try TestPaths.temporaryFolder().appendingPathComponent("cut.xml")
        try Data(Array(text.utf8).dropLast(1)).write(to: url)
        XCTAssertThrowsError(try items(url.path, ["record_path": "/户籍/户", "encoding": "utf-8"])) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("the file ends inside a character"), message)
            XCTAssertTrue(message.contains("(truncated?)"), message)
            XCTAssertFalse(message.contains("another encoding"), message)
        }
    }

    func testDefaultNamespaceAttributesCDATAEntitiesAndRepeatedMembersGiveExactFields() throws {
        let records = try records(TestPaths.fixture("xml/households.xml"), ["record_path": "/户籍信息/户"])
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[0].number, 1)
        XCTAssertEqual(records[0].line, 4)
        XCTAssertEqual(records[0].fields, [
            RawField("@编号", "520102000001"),
            RawField("@类型", "家庭户"),
            RawField("户主/姓名", "张三"),
            RawField("户主/身份证号", "520102198001011234"),
            RawField("地址/@类型", "户籍"),
            RawField("地址", "贵州省贵阳市南明区花果园&湿地公园 B区<3栋>"),
            RawField("备注", ""),
            RawField("标签", #"["独居","低保"]"#),
            RawField("成员列表/成员", #"[{"@关系":"配偶","姓名":"李四","身份证号":"520102198202022345"},"#
                + #"{"@关系":"子","姓名":"张小五","身份证号":"52010220100303345X"}]"#),
            RawField("../@批次", "2024-03"),
        ])
        XCTAssertEqual(records[1].number, 2)
        XCTAssertEqual(records[1].line, 24)
        XCTAssertEqual(records[1].fields, [
            RawField("@编号", "520102000002"),
            RawField("@类型", "集体户"),
            RawField("户主/姓名", "王五"),
            RawField("户主/身份证号", "520102197505055678"),
            RawField("成员列表/成员/@关系", "本人"),
            RawField("成员列表/成员/姓名", "王五"),
            RawField("../@批次", "2024-03"),
        ])
    }

    func testRepeatedOptionMakesASingleMemberAOneElementArray() throws {
        let records = try records(TestPaths.fixture("xml/households.xml"),
                                  ["record_path": "/户籍信息/户", "repeated": "成员列表/成员, 标签"])
        XCTAssertEqual(records[1]["成员列表/成员"], #"[{"@关系":"本人","姓名":"王五"}]"#)
        XCTAssertNil(records[1]["成员列表/成员/姓名"])
        XCTAssertEqual(records[0]["标签"], #"["独居","低保"]"#)
    }

    func testBareRecordPathMatchesTheElementAtAnyDepth() throws {
        let records = try records(TestPaths.fixture("xml/nested-records.xml"), ["record_path": "户"])
        XCTAssertEqual(records.map { $0["户号"] }, ["1", "2", "3"])
        XCTAssertEqual(records.map(\.number), [1, 2, 3])
        XCTAssertEqual(records.map(\.line), [4, 5, 9])

        let inGrids = try self.records(TestPaths.fixture("xml/nested-records.xml"), ["record_path": "网格/户"])
        XCTAssertEqual(inGrids.map { $0["户号"] }, ["1", "2"])

        let fromRoot = try self.records(TestPaths.fixture("xml/nested-records.xml"), ["record_path": "/导出/区/户"])
        XCTAssertEqual(fromRoot.map { $0["户号"] }, ["3"])
    }

    /// A record nested in the elements that describe it reads them as `../` fields: the attributes of every
    /// enclosing element, and the leaf elements each held before the record (a repeated one as a JSON array). A
    /// leaf written after the records, an element with elements of its own, and what an element closed before the
    /// record's parent opened, are not read.
    func testNestedRecordsReadTheAttributesAndEarlierLeavesOfTheirEnclosingElements() throws {
        let records = try records(TestPaths.fixture("xml/survey-nested.xml"), ["record_path": "/住建设施调查/小区/设施列表/设施"])
        XCTAssertEqual(records.count, 3)
        let root = [RawField("../../../@导出日期", "2023-10-31"), RawField("../../../说明", "配套设施摸底调查（六盘水市）")]
        let first = [RawField("../../@编号", "XQ-001"), RawField("../../@名称", "荷城花园小区"), RawField("../../@区县", "钟山区"),
                     RawField("../../街道", "荷城街道")] + root
        XCTAssertEqual(records[0].fields, [RawField("@编号", "ZJ-1"), RawField("@类型", "配电室"), RawField("名称", "1号配电房"),
                                           RawField("位置", "北门")] + first)
        XCTAssertEqual(records[1].fields, [RawField("编号", "ZJ-2"), RawField("类型", "路灯"), RawField("位置", "东侧")] + first)
        XCTAssertEqual(records[2].fields, [RawField("@编号", "ZJ-3"), RawField("@类型", "公厕"), RawField("位置", "院内"),
                                           RawField("../../@编号", "XQ-002"), RawField("../../名称", "电业局宿舍"),
                                           RawField("../../区县", "钟山区"), RawField("../../街道", "荷城街道"),
                                           RawField("../../标签", #"["老旧小区","单位宿舍"]"#), RawField("../../总投资", "157"),
                                           RawField("../../总投资/@单位", "万元")] + root)
        // The parent's own: one level up.
        let members = try self.records(TestPaths.fixture("xml/nested-records.xml"), ["record_path": "户"])
        XCTAssertEqual(members.map { $0["../@编号"] }, ["G01", "G01", nil])
        XCTAssertEqual(members.map { $0["../../@名称"] }, ["南明区", "南明区", nil])
        XCTAssertEqual(members[2]["../@名称"], "云岩区")
    }

    func testBareRecordPathIgnoresTheDefaultNamespace() throws {
        let records = try records(TestPaths.fixture("xml/households.xml"), ["record_path": "户"])
        XCTAssertEqual(records.map { $0["@编号"] }, ["520102000001", "520102000002"])
    }

    func testPrefixedStepMatchesOnlyItsNamespaceURI() throws {
        let file = TestPaths.fixture("xml/mixed-namespaces.xml")
        let police = try records(file, ["record_path": "/交换包/gb:户", "namespaces": "gb=http://example.gov.cn/gongan"])
        XCTAssertEqual(police.map { $0["@编号"] }, ["1", "3"])
        XCTAssertEqual(police.first?["姓名"], "公安户")
        XCTAssertEqual(police.map(\.number), [1, 2])

        let civil = try records(file, ["record_path": "mz:户", "namespaces": "gb=http://example.gov.cn/gongan, mz=http://example.gov.cn/minzheng"])
        XCTAssertEqual(civil.map { $0["@编号"] }, ["2"])

        let any = try records(file, ["record_path": "户"])
        XCTAssertEqual(any.count, 3)
    }

    func testPrefixWithoutANamespaceBindingIsAnOptionError() throws {
        XCTAssertThrowsError(try items(TestPaths.fixture("xml/mixed-namespaces.xml"), ["record_path": "gb:户"])) { error in
            XCTAssertEqual((error as? OptionError)?.key, "record_path", "\(error)")
        }
    }

    func testMissingRecordPathIsAnOptionError() throws {
        XCTAssertThrowsError(try items(TestPaths.fixture("xml/households.xml"), [:])) { error in
            XCTAssertEqual((error as? OptionError)?.key, "record_path", "\(error)")
        }
    }

    func testExternalEntityNeverYieldsTheReferencedFilesText() throws {
        let hostname = try String(contentsOfFile: "/etc/hostname", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertFalse(hostname.isEmpty)
        let items = try self.items(TestPaths.fixture("xml/xxe-external-entity.xml"), ["record_path": "户"])
        XCTAssertEqual(items.count, 1)
        guard case .rejected(let problem) = items[0] else { return XCTFail("an external entity's record must not load: \(items)") }
        XCTAssertEqual(problem.rule, "unexpanded_entity")
        XCTAssertEqual(problem.field, "姓名")
        XCTAssertFalse(problem.message.contains(hostname), "the reject leaks /etc/hostname")

        // A parameter entity in the internal subset is not loaded either.
        let parameterItems = (try? self.items(TestPaths.fixture("xml/xxe-parameter-entity.xml"), ["record_path": "户"])) ?? []
        for case .record(let record) in parameterItems {
            for field in record.fields { XCTAssertFalse(field.value.contains(hostname)) }
        }
    }

    func testInternalEntityWithPlainTextIsExpandedAlsoWhenNested() throws {
        let records = try records(TestPaths.fixture("xml/internal-entity.xml"), ["record_path": "户"])
        XCTAssertEqual(records.first?["地址"], "贵州省贵阳市")
        XCTAssertEqual(records.first?["全称"], "贵州省贵阳市")
    }

    func testEntityStandingForMarkupOrAnExternalFileRejectsItsRecordAndNeverLoadsTheReference() throws {
        let items = try items(TestPaths.fixture("xml/unreadable-entities.xml"), ["record_path": "/户籍信息/户"])
        XCTAssertEqual(items.count, 3)
        guard case .rejected(let markup) = items[0], case .rejected(let external) = items[1],
              case .record(let plain) = items[2] else { return XCTFail("\(items)") }
        XCTAssertEqual(markup, RecordProblem(number: 1, line: 8, field: "住址/小区", rule: "unexpanded_entity",
            message: "&m; stands for markup, not text: the value cannot be read"))
        XCTAssertEqual(external, RecordProblem(number: 2, line: 9, field: "住址/小区", rule: "unexpanded_entity",
            message: "&ext; is an external entity, which is never loaded: the value cannot be read"))
        XCTAssertEqual(plain["住址/小区"], "青云小区")
    }

    /// Trial 17e: `&xq;` declared nowhere. In a file with a DTD (`SYSTEM "hjxx.dtd"`, never loaded) its record is
    /// rejected; before, the reject called it "an external entity", now it says the entity is declared nowhere in
    /// the file, perhaps in the DTD. Without a DTD the XML spec makes it a well-formedness error: the file stops, and
    /// the error now says what to ask the sender for.
    func testUndeclaredEntityIsSaidToBeUndeclared() throws {
        let folder = try TestPaths.temporaryFolder()
        let body = """
            <户籍信息>
              <户><户号>R2-0001</户号><住址>大方县红旗街道城中小区8栋1单元302室</住址></户>
              <户><户号>R2-0002</户号><住址>大方县红旗街道&xq;6栋1单元101室</住址></户>
            </户籍信息>

            """
        let withDTD = folder.appendingPathComponent("hj.xml").path
        try ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE 户籍信息 SYSTEM \"hjxx.dtd\">\n" + body)
            .write(toFile: withDTD, atomically: true, encoding: .utf8)
        let items = try items(withDTD, ["record_path": "/户籍信息/户"])
        XCTAssertEqual(items.count, 2)
        guard case .record = items[0], case .rejected(let undeclared) = items[1] else { return XCTFail("\(items)") }
        XCTAssertEqual(undeclared, RecordProblem(number: 2, line: 5, field: "住址", rule: "unexpanded_entity",
            message: "&xq; is declared nowhere in the file (perhaps in its external DTD hjxx.dtd, which is never loaded): the value cannot be read"))

        let withoutDTD = folder.appendingPathComponent("hj-nodoctype.xml").path
        try ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).write(toFile: withoutDTD, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try self.items(withoutDTD, ["record_path": "/户籍信息/户"])) { error in
            guard let error = error as? ExtractError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, 4, error.description)
            XCTAssertEqual(error.message, """
                not well-formed XML: Entity 'xq' not defined: the file refers to &xq; and declares no entity of that name, \
                so it is not XML; ask the sender for the file with it escaped (&amp;xq;) or declared \
                (<!DOCTYPE … [<!ENTITY xq "…">]>)
                """)
        }
    }

    func testUndeclaredNamespacePrefixStopsTheFileNamingThePrefix() throws {
        XCTAssertThrowsError(try items(TestPaths.fixture("xml/undeclared-prefix.xml"), ["record_path": "/户籍信息/户"])) { error in
            guard let error = error as? ExtractError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, 3, error.description)
            XCTAssertTrue(error.message.hasPrefix("not namespace-well-formed XML: Namespace prefix hj on 户 is not defined"),
                          error.message)
            XCTAssertTrue(error.message.contains("xmlns:prefix="), error.message)
        }
    }

    func testBillionLaughsIsRefusedQuickly() throws {
        let start = Date()
        XCTAssertThrowsError(try items(TestPaths.fixture("xml/billion-laughs.xml"), ["record_path": "户"])) { error in
            guard let error = error as? ExtractError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, 14, error.description)
            XCTAssertTrue(error.message.contains("entity reference loop"), error.message)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    func testTruncatedFileIsAnExtractErrorWithALineNumber() throws {
        let cursor = try FormatRegistry.makeCursor(file: TestPaths.fixture("xml/truncated.xml"), format: "xml",
                                                   options: ["record_path": "户"])
        XCTAssertThrowsError(try { while try cursor.next() != nil {} }()) { error in
            guard let error = error as? ExtractError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, 20, error.description)
            XCTAssertTrue(error.message.hasPrefix("not well-formed XML: the file ends inside element <身份证号>"), error.message)
            XCTAssertFalse(error.message.contains("\n"))
        }
    }

    func testContentAfterTheRootElementQuotesLibxml2() throws {
        let url = try TestPaths.temporaryFolder().appendingPathComponent("feed.xml")
        try Data("<r><户><a>1</a></户></r>\n<r/>\n".utf8).write(to: url)
        XCTAssertThrowsError(try items(url.path, ["record_path": "户"])) { error in
            guard let error = error as? ExtractError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.message, "not well-formed XML: Extra content at the end of the document")
            XCTAssertEqual(error.line, 2)
        }
    }

    func testGB18030FileReadsWithEncodingGB18030() throws {
        let file = TestPaths.fixture("xml/gb18030.xml")
        let records = try records(file, ["record_path": "户", "encoding": "gb18030"])
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(records[0].fields, [
            RawField("@编号", "1"),
            RawField("户主姓名", "欧阳娜娜"),
            RawField("住址", "贵州省遵义市红花岗区老城街道"),
            RawField("罕用字", "𠀀䶮"),
        ])
        XCTAssertThrowsError(try items(file, ["record_path": "户", "encoding": "auto"])) { error in
            XCTAssertTrue(error is NotUTF8, "auto reads UTF-8 first and hands the restart to the caller: \(error)")
        }
    }

    func testUndecodableByteRejectsOnlyItsRecord() throws {
        let items = try items(TestPaths.fixture("xml/invalid-byte-in-record.xml"), ["record_path": "户", "encoding": "utf-8"])
        XCTAssertEqual(items.count, 2)
        guard case .rejected(let problem) = items[0] else { return XCTFail("expected a reject") }
        XCTAssertEqual(problem.rule, "invalid_encoding")
        XCTAssertEqual(problem.number, 1)
        XCTAssertEqual(problem.line, 2)
        XCTAssertTrue(problem.message.contains("offset 33"), problem.message)
        guard case .record(let second) = items[1] else { return XCTFail("expected a record") }
        XCTAssertEqual(second["姓名"], "李四")
    }

    func testUndecodableByteOutsideEveryRecordStopsTheFile() throws {
        let url = try TestPaths.temporaryFolder().appendingPathComponent("feed.xml")
        try Data(Array("<r><说明>".utf8) + [0xFF] + Array("</说明><户><a>1</a></户></r>".utf8)).write(to: url)
        XCTAssertThrowsError(try items(url.path, ["record_path": "户", "encoding": "utf-8"])) { error in
            XCTAssertEqual((error as? ExtractError)?.byteOffset, 11, "\(error)")
        }
    }

    /// A GBK registry read under `encoding: utf-8`. glibc's iconv passes `F8 A3 B3 B6 B0` (the GBK of `区３栋`) as an
    /// old 5-byte UTF-8 form: it becomes one U+FFFD, so libxml2 never meets a stray `B0`. Before, it stopped the
    /// file at line 5 quoting `0xB0 0xEF 0xBF 0xBD` (the last being our own U+FFFD), with no word of the encoding.
    /// Now the undecodable element names match no record, and the file stops at the first undecodable byte (line 2,
    /// `<住户名册>`), naming the declaration and the encoding to set; with ASCII element names each record holding
    /// such bytes is an `invalid_encoding` reject, as documented.
    func testGBKFileReadAsUTF8PointsAtItsFirstUndecodableByteAndSaysWhichEncodingToSet() throws {
        let folder = try TestPaths.temporaryFolder()
        let 住户名册: [UInt8] = [0xD7, 0xA1, 0xBB, 0xA7, 0xC3, 0xFB, 0xB2, 0xE1]
        let 户: [UInt8] = [0xBB, 0xA7], 编号: [UInt8] = [0xB1, 0xE0, 0xBA, 0xC5], 住址: [UInt8] = [0xD7, 0xA1, 0xD6, 0xB7]
        let 南明区３栋: [UInt8] = [0xC4, 0xCF, 0xC3, 0xF7, 0xC7, 0xF8, 0xA3, 0xB3, 0xB6, 0xB0]
        let ascii = { (text: String) in Array(text.utf8) }
        let gbk = folder.appendingPathComponent("gbk.xml")
        try Data(ascii("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<") + 住户名册 + ascii(">\n  <") + 户 + ascii(" ") + 编号
            + ascii("=\"1\" ") + 住址 + ascii("=\"") + 南明区３栋 + ascii("\"/>\n</") + 住户名册 + ascii(">\n")).write(to: gbk)
        XCTAssertThrowsError(try items(gbk.path, ["record_path": "/住户名册/户", "encoding": "utf-8"])) { error in
            guard let error = error as? ExtractError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, 2, error.description)
            XCTAssertEqual(error.byteOffset, 40, "the BB of 户 (住, D7 A1, happens to be valid UTF-8): \(error.description)")
            XCTAssertTrue(error.message.contains("byte at offset 40 (line 2) is not valid UTF-8"), error.message)
            XCTAssertTrue(error.message.contains("the file declares encoding=\"GBK\" in its XML declaration; set encoding: gb18030 (or auto) to read it"), error.message)
            XCTAssertFalse(error.message.contains("0xEF 0xBF 0xBD"), error.message)
        }
        let asciiNames = folder.appendingPathComponent("ascii-names.xml")
        try Data(ascii("<r>\n  <h id=\"1\" addr=\"") + 南明区３栋 + ascii("\"/>\n  <h id=\"2\" addr=\"3\"/>\n</r>\n")).write(to: asciiNames)
        let items = try items(asciiNames.path, ["record_path": "h", "encoding": "utf-8"])
        XCTAssertEqual(items.count, 2)
        guard case .rejected(let problem) = items.first else { return XCTFail("expected a reject: \(items)") }
        XCTAssertEqual(problem.rule, "invalid_encoding")
        XCTAssertEqual(problem.line, 2)
        guard case .record(let second) = items.last else { return XCTFail("expected a record: \(items)") }
        XCTAssertEqual(second["@addr"], "3")
    }

    /// One attribute local name in namespaces only: its values, ranked the same whatever the order the attributes
    /// are written in (the element's own namespace first, then by namespace URI), as a list when they differ; the
    /// attribute in no namespace alone when there is one.
    func testAnAttributeNameInNamespacesOnlyGivesTheSameFieldInAnyOrder() throws {
        let url = try TestPaths.temporaryFolder().appendingPathComponent("feed.xml")
        try Data("""
            <r xmlns:a="urn:a" xmlns:b="urn:b">
              <户 a:户号="H1" b:户号="H2"/>
              <户 b:户号="H2" a:户号="H1"/>
              <户 b:户号="H1" a:户号="H1"/>
              <b:户 a:户号="H5" b:户号="H6"/>
              <b:户 b:户号="H6" a:户号="H5"/>
              <户 a:户号="X" 户号="H7" b:户号="Y"/>
              <户 b:户号="Y" a:户号="X" 户号="H7"/>
              <户><户主 b:类型="乙" a:类型="甲">丙</户主></户>
            </r>
            """.utf8).write(to: url)
        let records = try records(url.path, ["record_path": "户"])
        XCTAssertEqual(records.map { $0["@户号"] ?? "-" }, [#"["H1","H2"]"#, #"["H1","H2"]"#, "H1", #"["H6","H5"]"#,
                                                           #"["H6","H5"]"#, "H7", "H7", "-"])
        XCTAssertEqual(records[7].fields, [RawField("户主/@类型", #"["甲","乙"]"#), RawField("户主", "丙")])
    }

    func testMixedContentAndRecordTextKeepTheirOwnText() throws {
        let url = try TestPaths.temporaryFolder().appendingPathComponent("feed.xml")
        try Data("<r><户 号=\"1\">  独居老人  </户><户>说明<备>甲</备>补充 </户></r>".utf8).write(to: url)
        let records = try records(url.path, ["record_path": "户"])
        XCTAssertEqual(records[0].fields, [RawField("@号", "1"), RawField("#text", "独居老人")])
        XCTAssertEqual(records[1].fields, [RawField("#text", "说明补充"), RawField("备", "甲")])
    }

    /// A department bumps its schema namespace: the old `namespaces:` binding matches nothing. That stops the file
    /// with what is there, instead of loading no records as if the export were empty.
    func testRecordPathThatMissesItsElementsIsAnErrorButAnEmptyExportIsNot() throws {
        let folder = try TestPaths.temporaryFolder()
        let bumped = folder.appendingPathComponent("bumped.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍信息 xmlns="http://example.gov.cn/huji/2.1"><户><户主>张三</户主></户><户><户主>李四</户主></户></户籍信息>
            """.write(to: bumped, atomically: true, encoding: .utf8)
        let options = ["record_path": "/h:户籍信息/h:户", "namespaces": "h=http://example.gov.cn/huji/2.0"]
        XCTAssertThrowsError(try items(bumped.path, options)) { error in
            XCTAssertTrue("\(error)".contains("matches no element, but /户籍信息/户 is there in namespace http://example.gov.cn/huji/2.1"), "\(error)")
        }
        // Unprefixed steps match any namespace: the path is what is wrong, and the message says the one that reads.
        XCTAssertThrowsError(try items(bumped.path, ["record_path": "/登记/户"])) { error in
            XCTAssertTrue("\(error)".contains("matches no element, but /户籍信息/户 is there: record_path /户籍信息/户 reads it (or 户 alone, at any depth)"), "\(error)")
            XCTAssertFalse("\(error)".contains("namespace"), "\(error)")
        }
        XCTAssertThrowsError(try items(bumped.path, ["record_path": "/登记/人"])) { error in
            XCTAssertTrue("\(error)".contains("the document's root is <户籍信息> in namespace http://example.gov.cn/huji/2.1"), "\(error)")
        }
        XCTAssertEqual(try records(bumped.path, ["record_path": "/户籍信息/户"]).count, 2)

        let empty = folder.appendingPathComponent("empty.xml")
        try "<户籍信息 xmlns=\"http://example.gov.cn/huji/2.0\"><导出时间>2023-10-31</导出时间></户籍信息>"
            .write(to: empty, atomically: true, encoding: .utf8)
        XCTAssertEqual(try items(empty.path, options).count, 0)
    }
}

extension XMLExtractorTests {
    /// A typo in the last step (`/户籍信息/戶`, the traditional form, for `/户籍信息/户`) or a field's name for the
    /// record's (`户主`) matched nothing, and the file passed as an empty export: 0 records, ok. Elements repeated
    /// with elements of their own are records, so that stops the file, naming them and what the root holds; a root
    /// with a header block and no records is still an empty export.
    func testRecordPathWhoseLastStepMatchesNothingAmongRecordsIsAnError() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("reg.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍信息 xmlns="http://example.gov.cn/hj">
            <导出信息 时间="2023-11-01"/>
            <户 户号="1"><住址>南街1号</住址><成员列表><成员><关系>户主</关系><姓名>何一</姓名></成员></成员列表></户>
            <户 户号="2"><住址>南街2号</住址><成员列表><成员><关系>户主</关系><姓名>施四</姓名></成员></成员列表></户>
            </户籍信息>
            """.write(to: feed, atomically: true, encoding: .utf8)
        for wrong in ["/户籍信息/戶", "户主"] {
            XCTAssertThrowsError(try items(feed.path, ["record_path": wrong]), wrong) { error in
                XCTAssertTrue("\(error)".contains("record_path \(wrong) matches no element, but the file holds 2 elements /户籍信息/户 with elements of their own (its root <户籍信息> holds <导出信息>, <户> ×2): check record_path"), "\(error)")
            }
        }
        XCTAssertEqual(try records(feed.path, ["record_path": "/户籍信息/户"]).count, 2)

        let wrapped = folder.appendingPathComponent("wrapped.xml")
        try "<导出><户列表><户><姓名>甲</姓名></户><户><姓名>乙</姓名></户></户列表></导出>"
            .write(to: wrapped, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try items(wrapped.path, ["record_path": "/导出/户列表/人"])) { error in
            XCTAssertTrue("\(error)".contains("the file holds 2 elements /导出/户列表/户"), "\(error)")
        }

        let empty = folder.appendingPathComponent("empty.xml")
        try "<户籍信息><导出信息><时间>2023-10-31</时间><总数>0</总数></导出信息><户列表/></户籍信息>"
            .write(to: empty, atomically: true, encoding: .utf8)
        XCTAssertEqual(try items(empty.path, ["record_path": "/户籍信息/户列表/户"]).count, 0)
    }
}

extension XMLExtractorTests {
    /// Trial 14-b: 5 of 70 `<户>` in a `<分页 页码="2">` wrapper, or one township's wrapper spelt `<town>` among
    /// `<township>`s, were silently not read while `record_path` matched the others. Now the cursor counts the
    /// elements of the record's name outside every record, by path, and warns of them once the file is read; a
    /// `<户>` inside a record is part of it, and a list of paths reads them all.
    func testElementsOfTheRecordNameOutsideRecordPathAreAFileWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("mixed.xml")
        try """
            <registry xmlns="urn:gab:hj">
              <township name="鸭池镇"><household id="1"><name>甲</name><household>旧户</household></household></township>
              <township name="撒拉溪镇"><household id="2"><name>乙</name></household></township>
              <town name="长春堡镇"><household id="3"><name>丙</name></household><household id="4"><name>丁</name></household></town>
            </registry>
            """.write(to: feed, atomically: true, encoding: .utf8)
        func read(_ recordPath: String) throws -> (records: Int, warnings: [FileWarning]) {
            let cursor = try FormatRegistry.makeCursor(file: feed.path, format: "xml", options: ["record_path": recordPath])
            var records = 0
            while let item = try cursor.next() { if case .record = item { records += 1 } }
            return (records, cursor.fileWarnings)
        }
        let partial = try read("/registry/township/household")
        XCTAssertEqual(partial.records, 2)
        XCTAssertEqual(partial.warnings, [FileWarning(rule: "records_outside_record_path", line: 4,
            value: "/registry/town/household ×2",
            message: "2 <household> element(s) at /registry/town/household were not read: record_path is /registry/township/household; list both paths (record_path: [/registry/township/household, /registry/town/household]), or write record_path: household for every <household> at any depth to read them")])
        let listed = try read("/registry/township/household\n/registry/town/household")
        XCTAssertEqual(listed.records, 4)
        XCTAssertEqual(listed.warnings, [])
        XCTAssertEqual(try read("household").records, 4)
        XCTAssertEqual(try read("/registry/*/household").warnings, [])
        XCTAssertThrowsError(try read("/registry/household\n")) { error in
            XCTAssertTrue("\(error)".contains("a list of record paths holds an empty one"), "\(error)")
        }
    }

    /// Trial 14-b: `encoding: utf-8` on a GBK file declaring `encoding="GBK"`. Before: `:7: not well-formed XML:
    /// error parsing attribute name; byte at offset 38 (line 2) …`, two lines and libxml2's words about the garbled
    /// text. Now one line at the bad byte, naming the file's declaration and the option to set.
    func testUndecodableFileNamesItsDeclaredEncodingAndTheOptionToSet() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("gbk.xml")
        try Data(try UTF8EvidenceTests.gb18030("""
            <?xml version="1.0" encoding="GBK"?>
            <户籍导出>
              <批次信息>
                <记录数>1</记录数>
              </批次信息>
              <户信息>
                <户 户号="1"><户主姓名>张三</户主姓名></户>
              </户信息>
            </户籍导出>

            """)).write(to: feed)
        XCTAssertThrowsError(try items(feed.path, ["record_path": "/户籍导出/户信息/户", "encoding": "utf-8"])) { error in
            let error = error as? ExtractError
            XCTAssertEqual(error?.line, 2, "\(String(describing: error))")
            XCTAssertEqual(error?.message, """
                byte at offset 38 (line 2) is not valid UTF-8: the file declares encoding="GBK" in its XML declaration; \
                set encoding: gb18030 (or auto) to read it
                """)
        }
        XCTAssertEqual(try records(feed.path, ["record_path": "/户籍导出/户信息/户", "encoding": "gb18030"]).count, 1)
        // The same when libxml2 reads the garbled names to the end (no well-formedness error): the bytes outside
        // every record stop the file, with the same advice.
        let quiet = folder.appendingPathComponent("gbk-names.xml")
        try Data(try UTF8EvidenceTests.gb18030("""
            <?xml version="1.0" encoding="GB2312"?>
            <户籍导出><户信息><户 户号="1"><户主姓名>张三</户主姓名></户></户信息></户籍导出>

            """)).write(to: quiet)
        XCTAssertThrowsError(try items(quiet.path, ["record_path": "/户籍导出/户信息/户", "encoding": "utf-8"])) { error in
            XCTAssertEqual((error as? ExtractError)?.message, """
                byte at offset 41 (line 2) is not valid UTF-8 (outside any record): the file declares encoding="GB2312" \
                in its XML declaration; set encoding: gb18030 (or auto) to read it
                """)
        }
    }

    /// A GBK registry saved with a UTF-8 byte order mark in front (Excel, WPS and converters add one): read as UTF-8,
    /// its first undecodable byte stopped the file with advice to set the declared `gb18030 (or auto)`, or the
    /// encodings to try, never the cause, which the CSV path names; and `auto` follows the mark to UTF-8 again. Now
    /// the XML path says what the CSV path says (`TextEncoding.gb18030BehindUTF8Mark`): the stray mark first, then
    /// `encoding: gb18030`, which reads the file. With or without an XML declaration, whether libxml2 stops at the
    /// garbled names or reads them to the end.
    func testAGBKRegistryBehindAStrayUTF8MarkIsToldTheMarkFirst() throws {
        let folder = try TestPaths.temporaryFolder()
        let body = """
            <户籍导出>
              <批次信息>
                <记录数>2</记录数>
              </批次信息>
              <户信息>
                <户 户号="1"><户主姓名>张三</户主姓名><家庭住址>贵阳市白云区大山洞街道东升小区3栋2单元501室</家庭住址></户>
                <户 户号="2"><户主姓名>李四</户主姓名><家庭住址>贵阳市白云区大山洞街道东升小区4栋1单元302室</家庭住址></户>
              </户信息>
            </户籍导出>

            """
        let variants = [
            ("declared.xml", "<?xml version=\"1.0\" encoding=\"GBK\"?>\n" + body, "byte at offset 41 (line 2) is not valid UTF-8: "),
            ("undeclared.xml", body, "byte at offset 4 (line 1) is not valid UTF-8: "),
            ("one-line.xml", "<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<户籍导出><户信息><户 户号=\"1\"><户主姓名>张三</户主姓名></户></户信息></户籍导出>\n",
             "byte at offset 44 (line 2) is not valid UTF-8 (outside any record): "),
        ]
        for (name, text, observed) in variants {
            let feed = folder.appendingPathComponent(name)
            try Data([0xEF, 0xBB, 0xBF] + (try UTF8EvidenceTests.gb18030(text))).write(to: feed)
            XCTAssertTrue(TextEncoding.isGB18030BehindUTF8Mark(file: feed.path), name)
            XCTAssertThrowsError(try items(feed.path, ["record_path": "/户籍导出/户信息/户", "encoding": "utf-8"])) { error in
                XCTAssertEqual((error as? ExtractError)?.message, observed + TextEncoding.gb18030BehindUTF8Mark, name)
            }
            XCTAssertFalse(try records(feed.path, ["record_path": "/户籍导出/户信息/户", "encoding": "gb18030"]).isEmpty, name)
        }
    }
}
