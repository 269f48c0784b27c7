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
}
