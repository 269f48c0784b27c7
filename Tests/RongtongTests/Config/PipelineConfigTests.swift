import XCTest
@testable import RongtongConfig

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

    func testCodesAndKeysStayTextNotOctalNumbers() throws {
        let config = try PipelineConfig.parse(yaml: base, file: "/tmp/p/p.yaml")
        XCTAssertEqual(config.sources[0].recordKey, "017")
        XCTAssertEqual(config.sources[0].path, "/tmp/p/feed.csv")
        XCTAssertEqual(config.staging, "/tmp/p/w.staging.sqlite")
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

    func testThresholdDefaultsApplyToSourcesWithoutTheirOwn() throws {
        let yaml = base + "\ndefaults:\n  max_reject_ratio: 0.25\n"
        XCTAssertEqual(try PipelineConfig.parse(yaml: yaml, file: "p.yaml").sources[0].limits.maxRejectRatio, 0.25)
    }
}
