import XCTest
@testable import RongtongExtract

/// What status members say about a web system's answer (the rule JSON and XML share): the 20j recheck found an
/// all-zeros code and a code a success message explains taken for failures.
final class ErrorAnswerTests: XCTestCase {
    func testFailingCodesAndWordsAreErrorAnswers() {
        XCTAssertTrue(ErrorAnswer.saysFailure([("code", "500"), ("msg", "系统繁忙")]))
        XCTAssertTrue(ErrorAnswer.saysFailure([("code", "-1")]))
        XCTAssertTrue(ErrorAnswer.saysFailure([("success", "false"), ("msg", "成功")]))
        XCTAssertTrue(ErrorAnswer.saysFailure([("msg", "服务异常")]))
    }

    func testSuccessCodesAndCodesASuccessMessageExplainAreNone() {
        for zeros in ["0", "00", "000000", "00000000"] {
            XCTAssertFalse(ErrorAnswer.saysFailure([("code", zeros), ("msg", "交易成功")]), zeros)
        }
        XCTAssertFalse(ErrorAnswer.saysFailure([("code", "1"), ("msg", "成功")]))
        XCTAssertFalse(ErrorAnswer.saysFailure([("state", "1"), ("info", "操作成功")]))
        XCTAssertFalse(ErrorAnswer.saysFailure([("status", "正常")]))
        XCTAssertFalse(ErrorAnswer.saysFailure([]))
        // A message that says success and failure at once is no success.
        XCTAssertTrue(ErrorAnswer.saysFailure([("code", "1"), ("msg", "成功率过低: 超时")]))
    }
}
