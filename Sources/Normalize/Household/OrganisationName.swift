import RongtongStaging

/// Names of organisations written where a person's name belongs: a utility account held by a 单位 (`六盘水供电局`,
/// `黔南州供销合作社`, `都匀发电厂`, `州供销社宿舍`), or a 户名 of a works' housing.
///
/// Such a name is not a person: it is never a household's head name, and never name evidence for linking (one 单位
/// holds the accounts of many flats with one switchboard phone). A name is an organisation's when it ends in a word
/// organisations end in and is longer than a person's name: a one-character word (局, 厂, 社, 站, 所 …) after at least
/// four characters, since 王建社 and 欧阳建社 are people; a longer word (公司, 中心, 学校, 委员会, 宿舍, 物业 …) after at
/// least two. A name written with a middle dot (`阿卜杜热合曼·买买提`) is a person's, however long. A bracketed remark
/// at the end (`六盘水供电局（宿舍）`) is read past.
public enum OrganisationName {
    /// Whether `name` (cleaned text) names an organisation rather than a person.
    /// ```swift
    /// OrganisationName.isOrganisation("六盘水供电局")   // true
    /// OrganisationName.isOrganisation("王建社")         // false: a person
    /// OrganisationName.isOrganisation("阿依古丽·买买提托合提")  // false
    /// ```
    public static func isOrganisation(_ name: String) -> Bool {
        // Most names are people's: one whose last character no organisation word ends in (and no remark or space
        // follows) is answered without the suffix comparisons below, which the normalize stage asks of every
        // head and member name.
        if let last = name.last, !endings.contains(last), !closingBrackets.contains(last), last != " ", last != "\u{3000}" {
            return false
        }
        return endsInOrganisationWord(name)
    }

    /// The rules of `isOrganisation` without its shortcut (tests compare the two).
    static func endsInOrganisationWord(_ name: String) -> Bool {
        var text = Substring(name)
        // A remark in brackets at the end: 六盘水供电局（宿舍）, 某公司(代缴).
        while let last = text.last, ")）]】".contains(last),
              let open = text.lastIndex(where: { "(（[【".contains($0) }), open > text.startIndex {
            text = text[..<open]
        }
        text = Substring(String(text).filter { $0 != " " && $0 != "\u{3000}" })
        guard !text.contains(where: { middleDots.contains($0) }) else { return false }
        let count = text.count
        if longWords.contains(where: { text.hasSuffix($0) && count >= $0.count + 2 }) { return true }
        if let last = text.last, shortWords.contains(last) { return count >= 5 }
        return false
    }

    /// The last characters of `longWords` and `shortWords`: a name ending in none of them is no organisation's.
    static let endings: Set<Character> = shortWords.union(longWords.compactMap(\.last))
    static let closingBrackets: Set<Character> = [")", "）", "]", "】"]

    /// The dots minority names are written with (·, •, ・, ．, ‧, ⋅, ･, . …: `HeadName.middleDots`).
    static let middleDots = HeadName.middleDots

    /// Words of two or more characters organisations end in.
    static let longWords = ["有限公司", "有限责任公司", "公司", "集团", "委员会", "委会", "居委", "村委", "中心", "学校", "小学",
                            "中学", "大学", "学院", "幼儿园", "医院", "卫生院", "单位", "宿舍", "物业", "银行", "政府",
                            "办事处", "合作社", "管理处", "管理所", "营业部", "事务所", "派出所", "分公司", "分局", "支行",
                            "工会", "协会", "商会", "机关", "部队", "大队", "中队", "林场", "农场", "煤矿", "电站", "水厂",
                            "车间", "办公室", "项目部", "指挥部", "营业厅", "门市", "经营部", "超市", "酒店", "宾馆", "饭店"]

    /// One-character words organisations end in (a 局, a 厂, a 社 …).
    static let shortWords: Set<Character> = ["局", "厂", "社", "站", "所", "院", "部", "处", "队", "矿", "场", "行", "馆",
                                             "店", "校", "会", "委", "办", "司", "园", "室", "科", "段", "库", "台", "团"]
}
