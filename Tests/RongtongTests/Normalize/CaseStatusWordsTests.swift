import RongtongConfig
import XCTest
@testable import RongtongNormalize

/// The words a case status, a tag or a flag column holds for a case that ended, in Chinese and in the English of
/// systems with English keys, and the yes/no words of a flag column.
final class CaseStatusWordsTests: XCTestCase {
    /// An English status saying the case ended is an end, in any case and joined by `_`, `-`, spaces or camelCase;
    /// as a whole word only (`INACTIVE` is no `ACTIVE`).
    func testEnglishEndedStatusesEndTheCase() {
        let ended = ["TERMINATED", "terminated", "Terminated", "ENDED", "CLOSED", "CANCELLED", "CANCELED", "STOPPED",
                     "REVOKED", "INACTIVE", "EXPIRED", "WITHDRAWN", "SUSPENDED", "DISCONTINUED", "END", "STOP",
                     "case_closed", "CASE_TERMINATED", "Case-Terminated", "case terminated", "caseCancelled",
                     "ＴＥＲＭＩＮＡＴＥＤ", "低保TERMINATED", "status: closed"]
        for status in ended {
            XCTAssertTrue(HouseholdNormalizer.saysEnded(TextCleaning.clean(status)), status)
        }
    }

    /// A live case's status (`ACTIVE`, `NORMAL`, `APPROVED`, `IN_PROGRESS`), an end not decided yet, one resumed or
    /// denied, and a word that merely holds an ended one (`WEEKEND`, `BACKEND`) end nothing.
    func testEnglishLiveOrPendingStatusesEndNothing() {
        let live = ["ACTIVE", "active", "Active", "NORMAL", "APPROVED", "IN_PROGRESS", "in-progress", "In Progress",
                    "inProgress", "ONGOING", "PENDING_TERMINATION", "TO_BE_CLOSED", "CLOSE_UNDER_REVIEW",
                    "REACTIVATED", "RESUMED", "TERMINATED_RESTORED", "NOT_ENDED", "WEEKEND", "BACKEND", "EXTENDED",
                    "Y", "N", ""]
        for status in live {
            XCTAssertFalse(HouseholdNormalizer.saysEnded(TextCleaning.clean(status)), status)
        }
    }

    /// The Chinese words keep their meaning beside the English ones.
    func testChineseStatusWordsAreUnchanged() {
        for status in ["已退保", "停保", "已终止", "注销", "已停发", "城市低保（已退保）"] {
            XCTAssertTrue(HouseholdNormalizer.saysEnded(status), status)
        }
        for status in ["在保", "正常", "待审核", "恢复", "续保", "拟停保"] {
            XCTAssertFalse(HouseholdNormalizer.saysEnded(status), status)
        }
    }

    func testEnglishWordsSplitAtSeparatorsAndCamelCase() {
        XCTAssertEqual(HouseholdNormalizer.englishWords("caseClosed"), ["case", "closed"])
        XCTAssertEqual(HouseholdNormalizer.englishWords("IN_PROGRESS"), ["in", "progress"])
        XCTAssertEqual(HouseholdNormalizer.englishWords("Case-Terminated 2024"), ["case", "terminated"])
        XCTAssertEqual(HouseholdNormalizer.englishWords("TERMINATED"), ["terminated"])
        XCTAssertEqual(HouseholdNormalizer.englishWords("低保END"), ["end"])
    }

    /// The yes/no words of a flag column from systems with English keys: Y/N, yes/no, true/false, T/F in any case.
    func testEnglishFlagWords() throws {
        let vocabulary = Vocabulary(source: try Self.source(vocabularies: ""))
        for word in ["Y", "y", "YES", "Yes", "TRUE", "True", "true", "T", "1", "是"] {
            XCTAssertEqual(try vocabulary.flag(word, field: "is_low_income").get(), true, word)
        }
        for word in ["N", "n", "NO", "No", "FALSE", "False", "false", "F", "0", "否"] {
            XCTAssertEqual(try vocabulary.flag(word, field: "is_low_income").get(), false, word)
        }
    }

    /// `vocabularies: case_status:` maps a whole status to `ended` or `active`; a status it does not name is left to
    /// the built-in words.
    func testACaseStatusVocabularyNamesEndedAndActiveWords() throws {
        let vocabulary = Vocabulary(source: try Self.source(vocabularies: """
                vocabularies:
                  case_status: {已办结: ended, TERMINATED_BY_MISTAKE: Active, " Lapsed ": ended}
            """))
        XCTAssertEqual(vocabulary.caseEnded("已办结"), true)
        XCTAssertEqual(vocabulary.caseEnded(" 已办结 "), true)
        XCTAssertEqual(vocabulary.caseEnded("terminated_by_mistake"), false)
        XCTAssertEqual(vocabulary.caseEnded("LAPSED"), true)
        XCTAssertNil(vocabulary.caseEnded("TERMINATED"))
        XCTAssertNil(Vocabulary(source: try Self.source(vocabularies: "")).caseEnded("已办结"))
    }

    static func source(vocabularies: String) throws -> SourceConfig {
        let yaml = """
            pipeline: t
            warehouse: w.sqlite
            sources:
              - name: mz
                owner: 民政
                kind: department
                entity: household
                format: ndjson
                path: mz.ndjson
            \(vocabularies)
            """
        return try PipelineConfig.parse(yaml: yaml, file: "p.yaml").sources[0]
    }
}
