import XCTest
@testable import RongtongConfig
import RongtongNormalize

final class PipelineConfigTests: XCTestCase {
    let base = """
        pipeline: t
        warehouse: w.sqlite
        sources:
          - name: grid
            owner: 贵阳市
            kind: city
            entity: household
            format: csv
            path: feed.csv
            record_key: 017
        """

    func testUnknownKeyNamesFileLineKeyPathAndSuggestion() {
        let yaml = base + "\n    feilds: {head_name: 姓名}\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: yaml, file: "p.yaml")) { error in
            XCTAssertEqual("\(error)", "p.yaml:11: sources[0].feilds: unknown key (did you mean fields?)")
        }
    }

    /// A file with several problems names them all, in line order, so that CI takes one round to fix it.
    func testEveryProblemOfAFileIsReportedInLineOrder() {
        let yaml = """
            pipeline: t
            warehouse: w.sqlite
            lode_mode: shared
            sources:
              - name: Grid Feed
                owner: 贵阳市
                kind: city
                entity: household
                format: cvs
                path: feed.csv
                feilds: {head_name: 户主}
              - name: civil
                owner: 民政
                kind: department
                entity: household
                format: ndjson
                path: civil.ndjson
                max_reject_ratio: 2
            survivorship:
              head_name: [civl]
            """
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: yaml, file: "p.yaml")) { error in
            let lines = "\(error)".split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.map { $0.split(separator: ":").prefix(3).joined(separator: ":") }, [
                "p.yaml:3: lode_mode", "p.yaml:5: sources[0].name", "p.yaml:9: sources[0].format",
                "p.yaml:11: sources[0].feilds", "p.yaml:18: sources[1].max_reject_ratio",
                "p.yaml:20: survivorship.head_name",
            ], "\(error)")
        }
    }

    /// A vocabulary entry whose value is not a code would be ignored and its word rejected as unknown: it is a
    /// configuration error, listed with the file's other problems.
    func testAVocabularyValueThatIsNotACodeIsAnError() {
        let yaml = base.replacingOccurrences(of: "record_key: 017", with: """
            record_key: 017
                fields: {is_low_income: 低保对象, tenure: 房屋产权}
                vocabularies:
                  is_low_income: {享受: 是, 未享受: "false"}
                  tenure: {安置房: 公房, 宿舍: Other}
              - name: fac
                owner: 都匀市
                kind: city
                entity: facility
                format: xml
                path: fac.xml
                vocabularies:
                  facility_type: {CDZ: charger}
                  status: {"01": in_service}
            """)
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: yaml, file: "p.yaml")) { error in
            XCTAssertEqual("\(error)".split(separator: "\n").map(String.init), [
                #"p.yaml:13: sources[0].vocabularies.is_low_income.享受: "是" is not a yes/no value; use one of true, false, yes, no, 1, 0"#,
                #"p.yaml:14: sources[0].vocabularies.tenure.安置房: "公房" is not a tenure code; use one of owned, rented, public, other, unknown"#,
                #"p.yaml:22: sources[1].vocabularies.facility_type.CDZ: "charger" is not a facility type code; use one of "#
                    + FacilityType.allCases.map(\.rawValue).joined(separator: ", ") + " (did you mean ev_charger?)",
            ])
        }
    }

    /// `absent_means:` names flags with true/false for household sources, a status for facility sources.
    func testAbsentMeansTakesFlagsOfHouseholdSources() throws {
        let good = base + "\n    absent_means: {is_low_income: false, is_extreme_poverty: no}\n"
        XCTAssertEqual(try PipelineConfig.parse(yaml: good, file: "p.yaml").sources[0].absentMeans,
                       ["is_low_income": false, "is_extreme_poverty": false])
        let bad = base + "\n    absent_means: {head_name: false, is_low_income: maybe}\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: bad, file: "p.yaml")) { error in
            let lines = "\(error)".split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.count, 2, "\(error)")
            XCTAssertTrue(lines[0].hasPrefix("p.yaml:11: sources[0].absent_means.head_name: unknown key"), lines[0])
            XCTAssertTrue(lines[1].hasPrefix("p.yaml:11: sources[0].absent_means.is_low_income"), lines[1])
        }
        // A facility source's whole inventory names the status of a facility it no longer lists.
        let facility = base.replacingOccurrences(of: "entity: household", with: "entity: facility")
        XCTAssertEqual(try PipelineConfig.parse(yaml: facility + "\n    absent_means: {status: out_of_service}\n",
                                                file: "p.yaml").sources[0].absentStatus, "out_of_service")
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: facility + "\n    absent_means: {is_low_income: false}\n",
                                                      file: "p.yaml")) { error in
            XCTAssertTrue("\(error)".contains("absent_means.is_low_income: unknown key"), "\(error)")
        }
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: facility + "\n    absent_means: {status: demolished}\n",
                                                      file: "p.yaml")) { error in
            XCTAssertTrue("\(error)".contains("out_of_service"), "\(error)")
        }
        let compound = base.replacingOccurrences(of: "entity: household", with: "entity: compound")
            + "\n    absent_means: {is_low_income: false}\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: compound, file: "p.yaml")) { error in
            XCTAssertTrue("\(error)".contains("absent_means applies to household and facility sources only"), "\(error)")
        }
    }

    /// `record_names: account_holder` declares a household source's names to be utility account holders; it is
    /// for household sources, and `head` (the default) or `account_holder` only.
    func testRecordNamesAccountHolderIsForHouseholdSources() throws {
        XCTAssertEqual(try PipelineConfig.parse(yaml: base, file: "p.yaml").sources[0].recordNames, .head)
        let holder = try PipelineConfig.parse(yaml: base + "\n    record_names: account_holder\n", file: "p.yaml").sources[0]
        XCTAssertEqual(holder.recordNames, .accountHolder)
        let facility = base.replacingOccurrences(of: "entity: household", with: "entity: facility") + "\n    record_names: account_holder\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: facility, file: "p.yaml")) { error in
            XCTAssertTrue("\(error)".contains("sources[0].record_names: record_names: account_holder applies to household sources only"), "\(error)")
        }
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: base + "\n    record_names: holder\n", file: "p.yaml")) { error in
            XCTAssertTrue("\(error)".contains("sources[0].record_names: \"holder\" is not one of head, account_holder"), "\(error)")
        }
    }

    /// `rows: person` is for household sources, whose members are then their rows: a `members` mapping beside it
    /// is an error, and so is a word other than household or person.
    func testRowsPersonIsForHouseholdSourcesWithoutAMembersMapping() throws {
        let good = base + "\n    rows: person\n    fields: {relationship: 与户主关系}\n"
        let source = try PipelineConfig.parse(yaml: good, file: "p.yaml").sources[0]
        XCTAssertEqual(source.rows, .person)
        XCTAssertNotEqual(source.normalizationFingerprint,
                          try PipelineConfig.parse(yaml: base, file: "p.yaml").sources[0].normalizationFingerprint,
                          "setting rows: normalizes the source's files again")
        XCTAssertEqual(try PipelineConfig.parse(yaml: base, file: "p.yaml").sources[0].rows, .household)
        let members = base + "\n    rows: person\n    fields: {members: 成员}\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: members, file: "p.yaml")) { error in
            XCTAssertTrue("\(error)".contains("sources[0].fields.members: with rows: person a household's members are its rows"), "\(error)")
        }
        let facility = base.replacingOccurrences(of: "entity: household", with: "entity: facility") + "\n    rows: person\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: facility, file: "p.yaml")) { error in
            XCTAssertTrue("\(error)".contains("sources[0].rows: rows: person applies to household sources only"), "\(error)")
        }
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: base + "\n    rows: persons\n", file: "p.yaml")) { error in
            XCTAssertTrue("\(error)".contains("sources[0].rows: \"persons\" is not one of household, person"), "\(error)")
        }
    }

    /// A unit under `units:` that is no unit of its field, or a field of another entity, is an error listed with
    /// the file's other problems, naming the units there are; a good declaration is kept.
    func testADeclaredUnitThatIsNoUnitIsAnError() throws {
        let yaml = base.replacingOccurrences(of: "entity: household", with: "entity: compound")
            .replacingOccurrences(of: "record_key: 017", with: """
            units: {investment: 万园}
              - name: fac
                owner: 都匀市
                kind: city
                entity: facility
                format: xml
                path: fac.xml
                units:
                  capacity: kWW
                  investment: 万元
                feilds: {}
            """)
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: yaml, file: "p.yaml")) { error in
            XCTAssertEqual("\(error)".split(separator: "\n").map(String.init), [
                #"p.yaml:10: sources[0].units.investment: "万园" is not a money unit; use one of 元, 千元, 万元, 百万元, 千万元, 亿元"#,
                #"p.yaml:18: sources[1].units.capacity: "kWW" is not a capacity unit; use one of kW, W, MW, kVA, MVA, kV, kWh, MWh, m³, m² (or a spelling such as 千瓦, kva, 立方米), or a Chinese measure word such as 个, 台, 盏, optionally after 万 or 亿"#,
                "p.yaml:19: sources[1].units.investment: unknown key (investment is a field of compound sources; this source's entity is facility)",
                "p.yaml:20: sources[1].feilds: unknown key (did you mean fields?)",
            ])
        }
        let good = base.replacingOccurrences(of: "entity: household", with: "entity: facility")
            .replacingOccurrences(of: "record_key: 017", with: "units: {capacity: 千瓦}")
        XCTAssertEqual(try PipelineConfig.parse(yaml: good, file: "p.yaml").sources[0].units, ["capacity": "千瓦"])
        XCTAssertNotNil(CapacityUnit.declared("车位"))
        XCTAssertEqual(CapacityUnit.declared("万千瓦")?.unit, "kW")
        XCTAssertNil(CapacityUnit.declared("2台"))
        // Every unit the reader accepts is one the normalizers read.
        for unit in MoneyUnit.powersOfTen.keys { XCTAssertNotNil(Money.parse("1", unit: unit), unit) }
        XCTAssertEqual(Money.parse("1.5", unit: "亿元"), 150_000_000)
        XCTAssertEqual(Capacity(value: 3, unit: nil).inUnit("万千瓦"), Capacity(value: 30_000, unit: "kW"))
    }

    /// The codes the pipeline reader accepts are the normalizers' codes.
    func testVocabularyCodesAreTheNormalizersCodes() {
        XCTAssertEqual(CanonicalField.ValueKind.facilityType.vocabularyCodes?.codes, FacilityType.allCases.map(\.rawValue))
        XCTAssertEqual(CanonicalField.ValueKind.status.vocabularyCodes?.codes,
                       FacilityStatus.allCases.map(\.rawValue) + [FacilityStatus.absentCode])
        XCTAssertEqual(CanonicalField.ValueKind.datum.vocabularyCodes?.codes, CoordinateSystem.allCases.map(\.rawValue))
        XCTAssertEqual(CanonicalField.ValueKind.areaType.vocabularyCodes?.codes, AreaType.allCases.map(\.rawValue))
        XCTAssertEqual(CanonicalField.ValueKind.caseStatus.vocabularyCodes?.codes, ["ended", "active"])
    }

    /// A vocabulary the source's entity never reads would be accepted and change nothing: it is an error naming the
    /// keys that do apply. `case_status` takes one, whose words map to `ended` or `active`.
    func testAVocabularyThatWouldChangeNothingIsAnError() throws {
        let household = "the vocabularies of a household source are flag, gender, head_gender, tenure, is_low_income, "
            + "is_extreme_poverty, has_disabled_member, has_elderly_alone, has_left_behind_child, case_status"
        let yaml = base + """

                vocabularies:
                  head_name: {户主本人: 张三}
                  status: {TERMINATED: out_of_service}
                  case_status: {TERMINATED: 已终止, CLOSED: ended}
                  case_statu: {ENDED: ended}
                  area_type: {老破小: old_compound}
            """
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: yaml, file: "p.yaml")) { error in
            XCTAssertEqual("\(error)".split(separator: "\n").map(String.init), [
                "p.yaml:12: sources[0].vocabularies.head_name: unknown key (head_name takes no vocabulary: its words are read as written or by the built-in words alone; \(household))",
                "p.yaml:13: sources[0].vocabularies.status: unknown key (status is a vocabulary of facility sources; \(household))",
                #"p.yaml:14: sources[0].vocabularies.case_status.TERMINATED: "已终止" is not a case status code; use one of ended, active"#,
                "p.yaml:15: sources[0].vocabularies.case_statu: unknown key (did you mean case_status?)",
                "p.yaml:16: sources[0].vocabularies.area_type: unknown key (area_type is a vocabulary of compound sources; \(household))",
            ])
        }
        let good = base + "\n    vocabularies: {case_status: {TERMINATED: ended, 已办结: Ended, REOPENED: active}}\n"
        XCTAssertEqual(try PipelineConfig.parse(yaml: good, file: "p.yaml").sources[0].vocabularies["case_status"],
                       ["TERMINATED": "ended", "已办结": "Ended", "REOPENED": "active"])
        // A compound feed's project status reads the built-in words alone; a flag means nothing to a facility.
        let compound = base.replacingOccurrences(of: "entity: household", with: "entity: compound")
            + "\n    vocabularies: {status: {待开工: planned}}\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: compound, file: "p.yaml")) { error in
            XCTAssertEqual("\(error)", "p.yaml:11: sources[0].vocabularies.status: unknown key (status takes no vocabulary: its words are read as written or by the built-in words alone; the vocabularies of a compound source are area_type)")
        }
        let facility = base.replacingOccurrences(of: "entity: household", with: "entity: facility")
            + "\n    vocabularies: {flag: {享受: true}}\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: facility, file: "p.yaml")) { error in
            XCTAssertEqual("\(error)", "p.yaml:11: sources[0].vocabularies.flag: unknown key (flag is a vocabulary of household sources; the vocabularies of a facility source are facility_type, status, coordinate_system)")
        }
    }

    /// Keying a vocabulary by the feed's column is the natural first guess: the error names the field it feeds.
    func testAVocabularyKeyedByAMappedColumnSuggestsItsField() {
        let yaml = base + "\n    fields: {is_low_income: 低保对象}\n    vocabularies: {低保对象: {享受: true}}\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: yaml, file: "p.yaml")) { error in
            XCTAssertEqual("\(error)", "p.yaml:12: sources[0].vocabularies.低保对象: unknown key (did you mean is_low_income? the column 低保对象 is mapped to it under fields:)")
        }
    }

    /// A source with a mistake of its own still exists for `survivorship:`; only the mistake is reported.
    func testSurvivorshipDoesNotDenyASourceThatHasItsOwnProblem() {
        let yaml = base + "\n    vocabularies: {is_low_incom: {享受: true}}\nsurvivorship:\n  is_low_income: [grid]\n  room: [grid, gird]\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: yaml, file: "p.yaml")) { error in
            XCTAssertEqual("\(error)".split(separator: "\n").map(String.init), [
                "p.yaml:11: sources[0].vocabularies.is_low_incom: unknown key (did you mean is_low_income?)",
                #"p.yaml:14: survivorship.room: no source named "gird" (did you mean grid?)"#,
            ])
        }
    }

    func testCodesAndKeysStayTextNotOctalNumbers() throws {
        let config = try PipelineConfig.parse(yaml: base, file: "/tmp/p/p.yaml")
        XCTAssertEqual(config.sources[0].recordKeys, ["017"])
        XCTAssertEqual(config.sources[0].path, "/tmp/p/feed.csv")
        XCTAssertEqual(config.staging, "/tmp/p/w.staging.sqlite")
    }

    /// A registry writes its 户号 as an attribute on some records and as a child element on others: record_key lists
    /// both. The fingerprint of a single key is what it always was, so no batch is normalized again for it.
    func testRecordKeyMayListSeveralFields() throws {
        let config = try PipelineConfig.parse(yaml: base.replacingOccurrences(of: "record_key: 017",
                                                                              with: #"record_key: ["@户号", 户号]"#),
                                              file: "/tmp/p/p.yaml")
        XCTAssertEqual(config.sources[0].recordKeys, ["@户号", "户号"])
        XCTAssertEqual(config.sources[0].recordKey, "@户号, 户号")
        let single = try PipelineConfig.parse(yaml: base, file: "/tmp/p/p.yaml")
        XCTAssertTrue(single.sources[0].normalizationFingerprint.contains("record_key=017\n"),
                      single.sources[0].normalizationFingerprint)
    }

    func testUnknownCanonicalFieldAndBadOptionAreErrors() {
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: base + "\n    fields: {head_nam: 姓名}\n", file: "p.yaml")) {
            XCTAssertTrue("\($0)".contains("sources[0].fields.head_nam: unknown key (did you mean head_name?)"), "\($0)")
        }
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: base + "\n    options: {delimiter: ab}\n", file: "p.yaml")) {
            XCTAssertTrue("\($0)".contains("sources[0].options.delimiter: must be one ASCII character"), "\($0)")
        }
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: base.replacingOccurrences(of: "format: csv", with: "format: cvs"), file: "p.yaml")) {
            XCTAssertTrue("\($0)".contains("did you mean csv?"), "\($0)")
        }
    }

    /// `null`, `~`, nothing or `[]` leaves a field unmapped on purpose (an empty list); a quoted "null" is a column.
    func testAFieldMappedToNullIsAnEmptyList() throws {
        let yaml = base + "\n    fields: {head_gender: null, phone: ~, member_count: [], tenure: , grid_id: \"null\", head_name: 户主}\n"
        let fields = try PipelineConfig.parse(yaml: yaml, file: "p.yaml").sources[0].fields
        XCTAssertEqual(fields["head_gender"], [])
        XCTAssertEqual(fields["phone"], [])
        XCTAssertEqual(fields["member_count"], [])
        XCTAssertEqual(fields["tenure"], [])
        XCTAssertEqual(fields["grid_id"], ["null"])
        XCTAssertEqual(fields["head_name"], ["户主"])
    }

    /// docs/pipeline-format.md lists exactly the usual headers the automatic mapping tries, in their order.
    func testTheDocsListEveryFieldsUsualHeadersInOrder() throws {
        let doc = try String(contentsOfFile: TestPaths.projectRoot.appendingPathComponent("docs/pipeline-format.md").path, encoding: .utf8)
        let sections: [(heading: String, fields: [CanonicalField])] = [
            ("### Location fields (every entity)", CanonicalField.location),
            ("### `entity: household`", Array(CanonicalField.household.dropFirst(CanonicalField.location.count))),
            ("### `entity: facility`", Array(CanonicalField.facility.dropFirst(CanonicalField.location.count))),
            ("### `entity: compound`", Array(CanonicalField.compound.dropFirst(CanonicalField.location.count))),
        ]
        for (heading, fields) in sections {
            let start = try XCTUnwrap(doc.range(of: heading), heading).upperBound
            let section = doc[start...].prefix { _ in true }.components(separatedBy: "\n#")[0]
            let rows = section.split(separator: "\n").filter { $0.hasPrefix("| `") }
            for field in fields {
                let row = try XCTUnwrap(rows.first { $0.hasPrefix("| `\(field.name)` |") }, "\(heading): \(field.name)")
                let cell = row.components(separatedBy: " | ").last ?? ""
                let listed = cell.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
                XCTAssertEqual(listed, field.usualHeaders, "\(heading): \(field.name)")
            }
        }
    }

    func testThresholdDefaultsApplyToSourcesWithoutTheirOwn() throws {
        let yaml = base + "\ndefaults:\n  max_reject_ratio: 0.25\n"
        XCTAssertEqual(try PipelineConfig.parse(yaml: yaml, file: "p.yaml").sources[0].limits.maxRejectRatio, 0.25)
    }
}

extension PipelineConfigTests {
    /// A member selector in a flow list `[a[k=v]/b, c]` breaks YAML: the error says libyaml's whole problem, where,
    /// and how to write the list instead; written as the hint says, the same mapping loads.
    func testSelectorInAFlowListIsAYAMLErrorWithTheWholeProblemAndAHint() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("registry.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍信息><户 编号="1"><地址>白云区大山洞街道东升小区3栋2单元101室</地址>
              <成员 关系="户主"><姓名>张三</姓名><身份证号>\(NightsTests.zhang)</身份证号></成员><成员 关系="子"><姓名>张小</姓名></成员>
            </户></户籍信息>
            """.write(to: feed, atomically: true, encoding: .utf8)
        func sources(_ headName: String) -> String {
            PipelineRunTests.source("police", feed, format: "xml", owner: "贵州省公安厅", kind: "department", extra: [
                "options: {record_path: /户籍信息/户}",
                "record_key: \"@编号\"",
                "fields:",
                "  head_name: \(headName)",
                "  address: 地址",
                "context: {prefecture: 贵阳市}",
            ])
        }
        let fixture = try PipelineFixture(sources: sources("[成员[关系=户主|本人]/姓名, 户主/姓名]"))
        let line = try XCTUnwrap(String(contentsOf: fixture.file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("head_name:") }) + 1
        let expected = "pipeline.yaml:\(line): not valid YAML: column 21: did not find expected ',' or ']' "
            + "(while parsing a flow sequence in line \(line), column 18); a member selector such as a[k=v]/b cannot stand "
            + "unquoted inside a [a, b] list: write the list as a block list"
        let validation = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validation.status, 2, validation.stdout + validation.stderr)
        XCTAssertTrue(validation.stdout.contains(expected), validation.stdout)
        let run = try fixture.run()
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains(expected), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.warehouse.path))

        // Another flow-list mistake (the list is never closed) says its problem, without the selector hint.
        try fixture.rewrite(sources: sources("[户主/姓名, 姓名"))
        let unclosed = try fixture.run()
        XCTAssertEqual(unclosed.status, 2, unclosed.stderr)
        XCTAssertTrue(unclosed.stderr.contains("did not find expected ',' or ']' (while parsing a flow sequence in line \(line), column 18)"),
                      unclosed.stderr)
        XCTAssertFalse(unclosed.stderr.contains("member selector"), unclosed.stderr)

        // Quoted, the selector is one item of the flow list again.
        try fixture.rewrite(sources: sources("[\"成员[关系=户主|本人]/姓名\", 户主/姓名]"))
        let quoted = try fixture.run()
        XCTAssertEqual(quoted.status, 0, quoted.stderr)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "张三")
    }

    /// `fill_down:` lists columns or fields of a CSV source whose empty cells mean the row above's; a person's own field
    /// (or a column mapped to one) and the record key are refused, as is any other format. `date_order:` is mdy or dmy.
    /// Both change the source's normalization fingerprint, so that setting them normalizes its files again.
    func testFillDownAndDateOrderAreCheckedAndNormalizeAgain() throws {
        let good = base + "\n    fill_down: [小区名称, building, 网格]\n    date_order: mdy\n"
        let source = try PipelineConfig.parse(yaml: good, file: "p.yaml").sources[0]
        XCTAssertEqual(source.fillDown, ["小区名称", "building", "网格"])
        XCTAssertEqual(source.dateOrder, .mdy)
        let plain = try PipelineConfig.parse(yaml: base, file: "p.yaml").sources[0]
        XCTAssertEqual(plain.fillDown, [])
        XCTAssertNil(plain.dateOrder)
        XCTAssertNotEqual(source.normalizationFingerprint, plain.normalizationFingerprint)
        let bad = base + "\n    fields: {phone: 电话}\n    fill_down: [head_id, 电话, \"017\", 小区]\n    date_order: ymd\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: bad, file: "p.yaml")) { error in
            XCTAssertEqual("\(error)".split(separator: "\n").map(String.init), [
                "p.yaml:12: sources[0].fill_down: head_id is a person's own: a blank there says the record has none, never the row above's; leave it out of fill_down",
                "p.yaml:12: sources[0].fill_down: 电话 (phone) is a person's own: a blank there says the record has none, never the row above's; leave it out of fill_down",
                "p.yaml:12: sources[0].fill_down: 017 is the record_key, which names each record apart; a record without one is keyed by its number: leave it out of fill_down",
                "p.yaml:13: sources[0].date_order: \"ymd\" is not one of mdy, dmy (did you mean mdy?)",
            ])
        }
        let xml = base.replacingOccurrences(of: "format: csv", with: "format: xml") + "\n    options: {record_path: 户}\n    fill_down: compound\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: xml, file: "p.yaml")) { error in
            XCTAssertTrue("\(error)".contains("sources[0].fill_down: fill_down applies to csv sources: a blank cell means the row above's only in the rows of a table, and xml records are no rows"), "\(error)")
        }
    }

    /// The empty word of a flag vocabulary (`flag: {"": false}`) says what an empty checklist cell means; in any other
    /// vocabulary it would change nothing, and is an error.
    func testTheEmptyWordIsAFlagVocabularysOnly() throws {
        let good = base + "\n    vocabularies: {flag: {\"\": false}, has_elderly_alone: {\"\": true}}\n"
        let source = try PipelineConfig.parse(yaml: good, file: "p.yaml").sources[0]
        XCTAssertEqual(source.vocabularies["flag"], ["": "false"])
        XCTAssertEqual(Vocabulary(source: source).emptyFlag(field: "is_low_income"), false)
        XCTAssertEqual(Vocabulary(source: source).emptyFlag(field: "has_elderly_alone"), true)
        XCTAssertNil(Vocabulary(source: try PipelineConfig.parse(yaml: base, file: "p.yaml").sources[0]).emptyFlag(field: "is_low_income"))
        let bad = base + "\n    vocabularies: {gender: {\"\": male}}\n"
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: bad, file: "p.yaml")) { error in
            XCTAssertEqual("\(error)", #"p.yaml:11: sources[0].vocabularies.gender.: an empty word applies to flags only (flag: {"": false}: an empty checklist cell means no); an empty gender cell stays unknown"#)
        }
    }
}
