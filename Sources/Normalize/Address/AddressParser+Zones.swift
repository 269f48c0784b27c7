/// Development zones and new areas (开发区, 高新区, 贵安新区): no NBS division of their own, read between the county
/// and the township they hold, never a compound's name; the province's new areas known on their own narrow the
/// townships after them to the divisions they cover.
extension AddressParser {
    /// How development zones and new areas end: no NBS division, so never a compound's name either.
    static let developmentZoneWords = WordList(["国家级经济技术开发区", "经济技术开发区", "高新技术产业开发区", "高新技术开发区",
                                                "综合保税区", "经济开发区", "航空港经济区", "经济区", "高新区", "经开区",
                                                "开发区", "工业园区", "新区"])

    /// How a new area ends (金海湖新区), a word compounds' names end with too (矿务局新区).
    static let newAreaWord = AddressText.scalars(ofLiteral: "新区")

    /// The province's new areas known on their own, written without their prefecture or county (贵安新区马场镇,
    /// 义龙新区顶效街道): the divisions whose townships follow, as NBS codes of the 2021 table (a new area has none of
    /// its own). 贵安新区 spans 贵阳市 and 安顺市 and covers parts of four counties (花溪区, 清镇市, 西秀区, 平坝区): its
    /// 马场镇 is 平坝区's, never 普定县's. The others lie in one prefecture, whose township after them decides.
    static let areasOnTheirOwn: [(name: [UInt32], divisions: [String])] = [
        (AddressText.scalars(ofLiteral: "贵安新区"), ["520111000000", "520181000000", "520402000000", "520403000000"]),
        (AddressText.scalars(ofLiteral: "义龙新区"), ["522300000000"]),
        (AddressText.scalars(ofLiteral: "新蒲新区"), ["520300000000"]),
        (AddressText.scalars(ofLiteral: "金海湖新区"), ["520500000000"]),
    ]

    /// A development zone or new area at `position`: its length, and for one known on its own (贵安新区, 义龙新区:
    /// `areasOnTheirOwn`) the divisions it lies in. Before any prefecture, only such an area counts. After a prefecture
    /// or county (`lastDepth`: written, or the source's context), a name of up to eight characters ending in a zone
    /// word (双龙航空港经济区, 大龙经济开发区, 金海湖新区, 经济开发区 alone after 凯里), not followed by a compound word
    /// (开发区小区) or a road (新区路).
    func functionalArea(_ text: [UInt32], at position: Int, lastDepth: Int) -> (length: Int, scope: [Int32]?)? {
        if lastDepth < RegionLevel.prefecture.depth {
            for area in Self.areasOnTheirOwn where AddressText.hasPrefix(area.name, in: text, at: position) {
                return (area.name.count, area.divisions.compactMap { directory.indexByCode[$0] })
            }
            return nil
        }
        guard lastDepth <= RegionLevel.county.depth else { return nil }
        var nameLength = 0
        while nameLength <= 8, position + nameLength < text.count {
            let at = position + nameLength
            if let word = Self.developmentZoneWords.firstMatch(in: text, at: at) {
                let end = at + Self.developmentZoneWords.words[word].count
                guard AddressText.compoundSuffixes.firstMatch(in: text, at: end) == nil,
                      Self.roadWords.firstMatch(in: text, at: end) == nil else { return nil }
                return (end - position, nil)
            }
            let scalar = text[at]
            guard AddressText.isCJK(scalar), !AddressText.isNumeral(scalar) || nameLength > 0,
                  AddressText.compoundSuffixes.firstMatch(in: text, at: at) == nil else { return nil }
            nameLength += 1
        }
        return nil
    }

    /// A county's short name before a development zone or new area (`平坝贵安新区马场镇`, `花溪经开区小孟街道`) reads
    /// as the county written in full would (`平坝区贵安新区…`): trusted when a division of the county follows the zone,
    /// or when no other county has that short name (a township of the same name, 平坝镇 or 花溪乡, takes no zone after
    /// it) and the source's context does not place the record elsewhere. Nil when no zone follows the name.
    func trustsBareCountyBeforeZone(_ text: [UInt32], at next: Int, region: Int32, entries: [NameTrie.Entry],
                                    context: [Int32]) -> Bool? {
        guard directory.depth(region) == RegionLevel.county.depth,
              let zone = functionalArea(text, at: next, lastDepth: RegionLevel.county.depth) else { return nil }
        if leadsToDeeperRegion(text, at: next + zone.length, below: region) { return true }
        let counties = entries.filter { $0.form == .bare && directory.depth($0.region) == RegionLevel.county.depth }
        guard counties.count == 1 else { return false }
        return context.isEmpty || context.contains(where: { directory.areRelated(region, $0) })
    }
}
