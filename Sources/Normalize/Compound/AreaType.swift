/// Area type of a compound (`dim_compound.area_type`; `dwd_renovation_project.project_type` uses the first three):
/// the "两区一部" of the renovation programme.
///
/// `parse` reads the code itself or the housing department's words: 老旧小区/老旧 → `.old_compound`, 棚户区/棚改 →
/// `.shantytown`, 城乡结合部 (also written 城乡接合部)/城中村 → `.urban_fringe`, 其他 and a resettlement compound's words (安置小区, 安置房, 回迁房 …) → `.other`; a longer label
/// works through the longest word it contains (`老旧小区改造` → `.old_compound`). `extra` (`word → code`) is
/// consulted first. Nil when nothing fits, for the caller to reject:
/// ```swift
/// AreaType.parse("棚户区改造项目")  // .shantytown
/// ```
public enum AreaType: String, CaseIterable, Sendable {
    case old_compound, shantytown, urban_fringe, other

    /// The area type named by `text`, or nil.
    public static func parse(_ text: String, extra: [String: String] = [:]) -> AreaType? {
        VocabularyParsing.parse(text, extra: extra, builtIn: matcher)
    }

    /// The type a column's own name names, for a column of yes/no cells (`是否老旧小区`, `棚户区(是/否)`,
    /// `小区/是否城乡结合部`): the longest type word in the name, your `extra` words first; nil for a name that names
    /// none (`类型`, `改造类型`).
    public static func named(byColumn name: String, extra: [String: String] = [:]) -> AreaType? {
        parse(name, extra: extra)
    }

    static let matcher: KeywordMatcher<AreaType> = {
        let groups: [(AreaType, [String])] = [
            (.old_compound, ["老旧小区", "老旧", "老小区", "老旧院落", "老旧住宅", "老旧住宅小区", "老旧小区改造"]),
            (.shantytown, ["棚户区", "棚改", "棚户", "棚户区改造", "棚改区"]),
            (.urban_fringe, ["城乡结合部", "城乡接合部", "城中村", "城乡结合", "城乡接合", "城边村", "城郊结合部"]),
            // A resettlement compound (安置小区) is where a programme's households go, not one of its areas: other.
            (.other, ["其他", "其它", "安置小区", "安置房", "安置点", "安置区", "安置住房", "安置社区", "拆迁安置", "回迁房",
                      "回迁安置", "回迁小区", "移民安置", "棚改安置", "棚户区安置", "棚户区改造安置"]),
        ]
        var words: [String: AreaType] = [:]
        for (type, labels) in groups {
            for label in labels { words[label] = type }
        }
        for type in AreaType.allCases { words[type.rawValue] = type }
        return KeywordMatcher(words) { AreaType.allCases.firstIndex(of: $0)! }
    }()
}
