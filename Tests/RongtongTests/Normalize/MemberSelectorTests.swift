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

    /// A census's one cell of members (`张三(户主)、李四(妻)…`, also `，` or `,` apart, brackets full- or half-width):
    /// each item names a member, its relationship in brackets, or its resident ID; the head's own item, a
    /// relationship alone and a phone name no one. Before, a plain item was counted but named no one.
    func testAOneCellMemberListNamesItsMembers() {
        let cell = MemberList("测徐超凯(户主)，测贺磊（长女）,测贺华(子)、王芳、长子、户主之子、13800000000、赵六(520102198001011011)")
        XCTAssertEqual(cell.count, 7, "every item but the phone, which names no member and is none (trial 20b)")
        XCTAssertEqual(cell.people.map { $0.name ?? "-" }, ["测贺磊", "测贺华", "王芳", "赵六"])
        XCTAssertEqual(cell.people.map(\.ids), [[], [], [], ["520102198001011011"]])
        let json = MemberList(#"["张三（户主）","李四(妻)","其他亲属","520102198001011011"]"#)
        XCTAssertEqual(json.people.map { $0.name ?? "-" }, ["李四", "-"])
        XCTAssertEqual(json.people.last?.ids, ["520102198001011011"])
        for word in ["妻", "配偶", "长女", "次子", "三儿子", "外孙女", "户主之子", "非户主亲属", "其他亲属", "儿媳"] {
            XCTAssertTrue(MemberList.isRelationshipWord(MemberSelector.comparable(word)), word)
        }
        for name in ["王子华", "长明", "小明", "李婷", "女娲"] {
            XCTAssertFalse(MemberList.isRelationshipWord(name), name)
        }
    }
}
