import XCTest
@testable import RongtongNormalize

final class MemberSelectorTests: XCTestCase {
    /// A word written full-width in the mapping matches the feed's value however it is written: both are compared
    /// cleaned, without spaces.
    func testWordsAndValuesCompareCleaned() throws {
        let selector = try XCTUnwrap(MemberSelector(mapping: "成员[关系=本人（户主）]/姓名"))
        for value in ["本人（户主）", "本人(户主)", "本人 （户主）", "　本人(户主) "] {
            XCTAssertTrue(selector.matches(value), value)
        }
        let child = try XCTUnwrap(MemberSelector(mapping: "成员[关系=子 | 长子]/姓名"))
        XCTAssertTrue(child.matches("长 子"))
        XCTAssertFalse(child.matches("户主"), "a selector naming no head word matches its words only")
    }

    /// A selector listing 户主 or 本人 chooses the head however the registry spells the relationship, and only the
    /// head: a relationship that merely mentions the head is another member.
    func testAHeadWordChoosesEverySpellingOfTheHead() throws {
        let selector = try XCTUnwrap(MemberSelector(mapping: "成员列表/成员[与户主关系=户主]/姓名"))
        for value in ["户主", "本人", "户主本人", "本人户主", "户主(本人)", "户主（本人）", "本人（户主）", "户主 / 本人",
                      "与户主关系：本人", "户主；", " 户主。"] {
            XCTAssertTrue(selector.matches(value), value)
        }
        for value in ["户主之子", "户主的配偶", "非户主亲属", "妻", "与户主关系:女"] {
            XCTAssertFalse(selector.matches(value), value)
        }
        XCTAssertEqual(selector.unmatchedValues(group: #"[{"@与户主关系":"妻"},{"与户主关系":"子"},{"姓名":"王"}]"#, keys: [])!,
                       ["妻", "子"])
        XCTAssertNil(selector.unmatchedValues(group: #"[{"@与户主关系":"妻"},{"与户主关系":"户主（本人）"}]"#, keys: []))
        XCTAssertNil(selector.unmatchedValues(group: nil, keys: [nil, nil]), "no member at all")
        XCTAssertEqual(selector.unmatchedValues(group: nil, keys: [nil, "子"]), ["子"])
    }
}
