import RongtongStaging
import XCTest
@testable import RongtongNormalize

/// The head's name as the normalizer cleans it, and how `HeadName` compares two spellings.
final class HeadNameTests: XCTestCase {
    /// A mark of the head after the name, or a label before it, goes; a name with one character before 户 or 户主
    /// keeps it (it is the name, not a mark).
    func testAMarkOfTheHeadGoesOnlyWhenTwoCharactersRemain() {
        let cases = [
            "顾义户": "顾义", "顾成生户主": "顾成生", "杨生文(户主)": "杨生文", "杨生文（户主）": "杨生文",
            "杨 生 文 (户主)": "杨生文", "王芳(本人)": "王芳", "王芳【户主】": "王芳", "张三-户主": "张三",
            "张三/户主": "张三", "户主：王德明": "王德明", "姓名:王德明": "王德明", "户主姓名: 王德明": "王德明",
            "张户": "张户", "张户主": "张户主", "张(户主)": "张(户主)", "户主": "户主", "户": "户", "熊 志": "熊志",
            "欧阳户": "欧阳", "Li Wei": "Li Wei",
            // A stray quote read as written (trial 19e's `"测田"光鹏`) is no part of a Chinese name.
            "\"测田\"光鹏": "测田光鹏", "“王芳”": "王芳", "O'Neil": "O'Neil",
        ]
        for (written, stored) in cases {
            XCTAssertEqual(HouseholdNormalizer.headName(TextCleaning.clean(written)), stored, written)
        }
    }

    func testTwoSpellingsOfOneName() {
        XCTAssertTrue(HeadName.sameName("張國華", "张国华"))
        XCTAssertTrue(HeadName.sameName("張伟", "张伟"))
        XCTAssertTrue(HeadName.sameName("杨?祥", "杨吉祥"))
        XCTAssertTrue(HeadName.sameName("龙■", "龙䶮"))
        XCTAssertTrue(HeadName.sameName("陳?蘭", "陈秀兰"))
        XCTAssertFalse(HeadName.sameName("杨??", "杨吉祥"), "more lost than kept")
        XCTAssertFalse(HeadName.sameName("杨?祥", "杨吉翔"))
        XCTAssertFalse(HeadName.sameName("王乾", "王干"), "乾 is a simplified character too")
        XCTAssertFalse(HeadName.sameName("张伟", "张玮"))
        XCTAssertEqual(HeadName.betterSpelling("张国华", than: "張國華"), true)
        XCTAssertEqual(HeadName.betterSpelling("張國華", than: "张国华"), false)
        XCTAssertEqual(HeadName.betterSpelling("杨?祥", than: "杨吉祥"), false)
        XCTAssertEqual(HeadName.betterSpelling("石䶮明", than: "石?明"), true)
        XCTAssertNil(HeadName.betterSpelling("张伟", than: "张玮"))
        XCTAssertEqual(HeadName.lostCharacterPattern("杨?祥"), "*?*")
        // A character written in pinyin beside Chinese characters is a lost character too; a Latin name is a name.
        XCTAssertTrue(HeadName.sameName("石yan明", "石䶮明"))
        XCTAssertTrue(HeadName.sameName("龙Yan", "龙䶮"))
        XCTAssertEqual(HeadName.lostCharacterPattern("石yan明"), "*?*")
        XCTAssertEqual(HeadName.lostCharacterCount("Li Wei"), 0)
        XCTAssertFalse(HeadName.sameName("Li Wei", "Li Wen"))
    }

    /// A minority name's middle dot as feeds write it (trial 15-a): `•`, `．` (made `.` by the cleaning), `.`, `・`,
    /// `･`, `‧`, `∙`, `⋅`, `·` with spaces around it, or two dots: stored with the standard `·` (U+00B7); a name
    /// written without a dot stays without one; every form, and none, is one name. Before, each form was stored as
    /// it came and compared as another character (`测艾尔肯•吐尔逊` was not `测艾尔肯·吐尔逊`).
    func testEveryFormOfTheMiddleDotIsOneName() throws {
        let standard = "艾尔肯·吐尔逊"
        for written in ["艾尔肯•吐尔逊", "艾尔肯．吐尔逊", "艾尔肯.吐尔逊", "艾尔肯・吐尔逊", "艾尔肯･吐尔逊", "艾尔肯‧吐尔逊",
                        "艾尔肯∙吐尔逊", "艾尔肯⋅吐尔逊", "艾尔肯 · 吐尔逊", "艾尔肯 • 吐尔逊", "艾尔肯··吐尔逊", "艾尔肯\u{0387}吐尔逊",
                        standard] {
            XCTAssertEqual(HouseholdNormalizer.headName(TextCleaning.clean(written)), standard, written)
            // Spaces go before names are compared (the normalizer's `headName`).
            guard !written.contains(" ") else { continue }
            XCTAssertTrue(HeadName.sameName(written, standard), written)
            XCTAssertTrue(HeadName.equal(written, standard), written)
        }
        XCTAssertEqual(HouseholdNormalizer.headName(TextCleaning.clean("阿卜杜．热合曼．买买提")), "阿卜杜·热合曼·买买提")
        XCTAssertEqual(HouseholdNormalizer.headName(TextCleaning.clean("帕提古丽•司马义(户主)")), "帕提古丽·司马义")
        XCTAssertEqual(HouseholdNormalizer.headName("艾尔肯吐尔逊"), "艾尔肯吐尔逊", "no dot is added")
        XCTAssertEqual(HouseholdNormalizer.headName("Mr. Smith"), "Mr. Smith", "a Latin name keeps its full stop")
        // Without a dot, or with dots in other places, the same name too; other characters are another name.
        XCTAssertTrue(HeadName.sameName("阿卜杜热合曼买买提", "阿卜杜·热合曼·买买提"))
        XCTAssertTrue(HeadName.equal("阿卜杜热合曼买买提", "阿卜杜•热合曼•买买提"))
        XCTAssertFalse(HeadName.sameName("阿卜杜·热合曼·买提", "阿卜杜·热合曼·买买提"))
        XCTAssertFalse(HeadName.equal("艾买提·吐尔逊", "艾尔肯·吐尔逊"))
        XCTAssertEqual(HeadName.betterSpelling("艾尔肯吐尔逊", than: standard), false, "the dotted spelling is kept")
        XCTAssertEqual(HeadName.betterSpelling(standard, than: "艾尔肯吐尔逊"), true, "the dotted spelling replaces the undotted")
        // The name keys of `household_member` (and the head's) agree for every form.
        let key = try PersonalDataKey(bytes: Array("0123456789abcdef".utf8))
        XCTAssertNotNil(HouseholdNormalizer.memberNameHash("买买提·艾力", key: key))
        XCTAssertEqual(HouseholdNormalizer.memberNameHash("买买提艾力", key: key), HouseholdNormalizer.memberNameHash("买买提·艾力", key: key))
        XCTAssertEqual(HouseholdNormalizer.memberNameHash("买买提•艾力", key: key), HouseholdNormalizer.memberNameHash("买买提·艾力", key: key))
    }

    /// Characters the traditional→simplified table folds that are standard characters of the 通用规范汉字表 all the
    /// same (昇, 陞, 蒐, 釐 …, mostly restored for names): a name written with one compares equal to its fold (李昇,
    /// 李升), but is no traditional spelling, so neither is better and the ranks decide (trial 15-a: 民政's 测李升,
    /// ranked last, replaced the registry's 测李昇). Before, 李升 was "the simplified spelling" and always kept.
    func testAStandardCharacterIsNoTraditionalSpelling() {
        XCTAssertTrue(HeadName.sameName("李昇", "李升"))
        XCTAssertTrue(HeadName.isSimplified("李昇"))
        XCTAssertNil(HeadName.betterSpelling("李升", than: "李昇"))
        XCTAssertNil(HeadName.betterSpelling("李昇", than: "李升"))
        XCTAssertEqual(HeadName.standardCharacters.count, 13)
        for character in HeadName.standardCharacters {
            XCTAssertTrue(HeadName.isSimplified("王\(character)"), String(character))
            XCTAssertNotEqual(HeadName.simplified("王\(character)"), "王\(character)", "\(character) compares as its fold")
        }
        // Traditional characters are still traditional spellings; name characters no table folds stay apart.
        XCTAssertEqual(HeadName.betterSpelling("张国华", than: "張國華"), true)
        for character in ["堃", "喆", "淼", "玥", "甯", "祎", "赟", "犇", "鑫"] {
            XCTAssertEqual(HeadName.simplified("王" + character), "王" + character, character)
        }
    }
}
