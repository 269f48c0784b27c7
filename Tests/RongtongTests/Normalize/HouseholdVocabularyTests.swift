import RongtongConfig
import XCTest
@testable import RongtongNormalize

/// Household words as offices write them: tenure words and the organisation test of head and member names.
final class HouseholdVocabularyTests: XCTestCase {
    /// 自购房 (trial 13-b: 3,696 `unknown_tenure` warnings on one prefecture's census) and the other usual forms.
    func testTenureWordsWithAHousingWordAfterThem() throws {
        let pipeline = try PipelineConfig.parse(yaml: """
            pipeline: t
            warehouse: w.sqlite
            sources:
              - name: census
                owner: 遵义市
                kind: city
                entity: household
                format: csv
                path: census.csv
            """, file: "p.yaml")
        let vocabulary = Vocabulary(source: try XCTUnwrap(pipeline.sources.first))
        let expected = ["自购房": "owned", "自建房": "owned", "房改房": "owned", "私房": "owned", "安置房": "owned",
                        "租赁房": "rented", "租住房屋": "rented", "承租": "rented", "廉租": "public", "直管公房": "public",
                        "亲友借住": "other", "自有住房": "owned"]
        for (written, tenure) in expected {
            guard case .success(let value) = vocabulary.tenure(written, field: "tenure") else {
                XCTFail("\(written) is not a known tenure word")
                continue
            }
            XCTAssertEqual(value, tenure, written)
        }
        for written in ["房", "住房", "楼房"] {
            guard case .failure = vocabulary.tenure(written, field: "tenure") else {
                XCTFail("\(written) should be no tenure word")
                continue
            }
        }
    }

    /// The shortcut of `OrganisationName.isOrganisation` (a name ending in no organisation word's last character)
    /// gives the answer of the full rules for people's names, organisations, remarks and spaces.
    func testTheOrganisationShortcutAgreesWithTheFullRules() {
        var names = ["王建社", "测张三", "阿依古丽·买买提托合提", "李", "", " ", "张国华 ", "张国华（户主）", "六盘水供电局",
                     "某公司(代缴)", "遵义市第一中学", "红花岗区老城街道办事处", "贵州省电力公司 ", "张三\u{3000}", "王局"]
        for word in OrganisationName.longWords + OrganisationName.shortWords.map(String.init) {
            names += ["六盘水\(word)", "水城\(word)（宿舍）", "\(word)", "张\(word)", "遵义市汇川区\(word) "]
        }
        for name in names {
            XCTAssertEqual(OrganisationName.isOrganisation(name), OrganisationName.endsInOrganisationWord(name), name)
        }
        XCTAssertTrue(OrganisationName.isOrganisation("六盘水供电局"))
        XCTAssertFalse(OrganisationName.isOrganisation("王建社"))
    }
}
