import Foundation
import GRDB
import XCTest

/// A survey checklist (`供水 有`: a compound, a type, no facility name) beside a facility inventory naming the
/// compound's installation (`翠湖花园二次供水泵房 损坏`), as docs/pipeline-format.md's "A survey checklist beside a
/// facility inventory" describes it (trial 18b's note 4).
final class SurveyChecklistTests: XCTestCase {
    private func sources(surveyFirst: Bool, surveyName: String?, folder: URL) throws -> String {
        let inventory = folder.appendingPathComponent("inventory.csv"), survey = folder.appendingPathComponent("survey.csv")
        try """
            设施编号,区县,街道,小区名称,设施类型,设施名称,状态
            SS1,钟山区,荷城街道,翠湖花园,给水,翠湖花园二次供水泵房,损坏

            """.write(to: inventory, atomically: true, encoding: .utf8)
        try "记录号,区县,街道,小区名称,设施类型,状态,名称\n1-供水,钟山区,荷城街道,翠湖花园,供水,有,\(surveyName ?? "")\n"
            .write(to: survey, atomically: true, encoding: .utf8)
        let surveySource = PipelineRunTests.source("survey", survey, format: "csv", entity: "facility", extra: [
            "context: {prefecture: 六盘水市}", "record_key: 记录号",
            "fields: {county: 区县, township: 街道, compound: 小区名称, facility_type: 设施类型, status: 状态, name: 名称}",
            "vocabularies: {status: {有: in_service}}"])
        let inventorySource = PipelineRunTests.source("inventory", inventory, format: "csv", entity: "facility", extra: [
            "context: {prefecture: 六盘水市}", "record_key: 设施编号"])
        return (surveyFirst ? [surveySource, inventorySource] : [inventorySource, surveySource]).joined(separator: "\n")
    }

    private func facilities(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("SELECT COALESCE(name, '-'), COALESCE(status, '-') FROM dwd_facility ORDER BY 1").map { "\($0[0] as String) \($0[1] as String)" }
    }

    /// The nameless row joins the one named facility of its type, whichever loads first; the status is the later
    /// source's, unless `survivorship: {status: [inventory]}` ranks the inventory.
    func testANamelessChecklistRowJoinsTheOneNamedFacilityOfItsType() throws {
        let folder = try TestPaths.temporaryFolder()
        let first = try PipelineFixture(sources: sources(surveyFirst: true, surveyName: nil, folder: folder))
        XCTAssertEqual(try first.run().status, 0)
        XCTAssertEqual(try facilities(first), ["翠湖花园二次供水泵房 out_of_service"])
        XCTAssertEqual(try first.query("SELECT COUNT(DISTINCT source_id) FROM facility_source") as Int?, 2)
        let after = try PipelineFixture(sources: sources(surveyFirst: false, surveyName: nil, folder: folder))
        XCTAssertEqual(try after.run().status, 0)
        XCTAssertEqual(try facilities(after), ["翠湖花园二次供水泵房 in_service"])
        let ranked = try PipelineFixture(sources: sources(surveyFirst: false, surveyName: nil, folder: folder))
        try (String(contentsOf: ranked.file, encoding: .utf8) + "\nsurvivorship: {status: [inventory]}\n")
            .write(to: ranked.file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try ranked.run().status, 0)
        XCTAssertEqual(try facilities(ranked), ["翠湖花园二次供水泵房 out_of_service"])
    }

    /// A checklist row with a name that says more than the type word stays a facility of its own.
    func testANamedChecklistRowStaysApart() throws {
        let folder = try TestPaths.temporaryFolder()
        let fixture = try PipelineFixture(sources: sources(surveyFirst: true, surveyName: "小区供水", folder: folder))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try facilities(fixture), ["小区供水 in_service", "翠湖花园二次供水泵房 out_of_service"])
    }
}
