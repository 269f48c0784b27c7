/// The ways people write a division's name, derived from its official name.
///
/// `黔南布依族苗族自治州` is written 黔南州 or 黔南; `道真仡佬族苗族自治县` is 道真县 or 道真; `都拉布依族乡` is 都拉乡;
/// an ethnic division also with part of its nationalities or in another order (`威宁彝族回族苗族自治县` as 威宁彝族自治县
/// or 威宁回族彝族苗族自治县, `黔东南苗族侗族自治州` as 黔东南苗族侗族州);
/// `南明区` is 南明; `新华路街道` is 新华路街道办事处, and right after its county 新华路办 or 新华路街办. Communities
/// are indexed by their stem (`东升` of `东升社区居委会`) so that 东升社区, 东升居委会 and 东升社区居民委员会 all find it.
enum RegionNameForms {
    /// Ethnic-group names that sit between a place name and 自治州/自治县/乡 (longest first, so 毛南族 wins over 南族).
    static let ethnicGroups: [String] = [
        "蒙古族", "毛南族", "仡佬族", "土家族", "布依族", "仫佬族",
        "苗族", "彝族", "侗族", "水族", "回族", "白族", "瑶族", "壮族", "满族",
    ]

    /// County-level names used before a renaming or merger that still fill feeds (household registers keep the
    /// name of the day), mapped to the code of the division that holds the place today. Indexed as `.suffixed`
    /// names of that division, so `贵阳市小河区` resolves to 花溪区 exactly like `贵阳市花溪区`.
    ///
    /// Source of each mapping: the State Council's approval of the change, as published by the Ministry of Civil
    /// Affairs (民政部 行政区划变更 lists) and reflected in NBS 统计用区划代码 of the following year; the target codes
    /// are checked against the bundled reference (a name whose target is missing from it is skipped at load).
    static let formerCountyNames: [(name: String, code: String)] = [
        // 水城特区 (1970) → 水城县 (1987) → 水城区 (2020, 撤县设区).
        ("水城县", "520204000000"), ("水城特区", "520204000000"),
        // 黔西县 → 黔西市 (2021, 撤县设市).
        ("黔西县", "520581000000"),
        // 平坝县 → 安顺市平坝区 (2014, 撤县设区); NBS code 520403.
        ("平坝县", "520403000000"),
        // 遵义县 → 遵义市播州区 (2016, 撤县设区).
        ("遵义县", "520304000000"),
        // 兴仁县 → 兴仁市 (2018, 撤县设市).
        ("兴仁县", "522302000000"),
        // 盘县特区 (1970) → 盘县 (1999) → 盘州市 (2017, 撤县设市).
        ("盘县", "520281000000"), ("盘县特区", "520281000000"),
        // 万山特区 → 铜仁市万山区 (2011, 铜仁地区撤地设市).
        ("万山特区", "520603000000"),
        // 铜仁县 → 铜仁市 (county-level, 1987) → 碧江区 (2011, 铜仁地区撤地设市).
        ("铜仁县", "520602000000"),
        // 小河区 abolished and merged into 花溪区 (2012, 贵阳市部分行政区划调整).
        ("小河区", "520111000000"),
    ]

    /// County-level cities that shared their name with the prefecture and became its seat district: a county
    /// column or `context.county` written with the old name means the district.
    static let formerSeatCities: [String: String] = [
        "毕节市": "520502000000",   // 毕节市 (county-level, 1993) → 七星关区 (2011, 毕节地区撤地设市).
        "铜仁市": "520602000000",   // 铜仁市 (county-level, 1987) → 碧江区 (2011).
        "安顺市": "520402000000",   // 安顺市 (county-level) → 西秀区 (2000, 安顺地区撤地设市).
        "遵义市": "520302000000",   // 遵义市 (county-level) → 红花岗区 (1997, 遵义地区撤地设市).
    ]

    /// Township names so common that they name no particular place: 城关镇 was the seat town of most counties before
    /// they became 街道. Under a county without one (平坝县城关镇), the name is the county's, unplaced; it never
    /// points to another county's 城关镇.
    static let genericTownshipNames = WordList(["城关镇", "城关街道", "城关乡"])

    /// Townships renamed since the names feeds still write (the reference's README, "Changes between 2021 and
    /// 2023"): 骔岭镇 was 中岭镇; 桴㯊镇 is written 桴焉镇, its 2022 name and the only one GBK can encode.
    static let renamedTownships: [String: [String]] = [
        "520525101000": ["中岭镇", "中岭乡"],
        "520324116000": ["桴焉镇", "桴焉乡"],
    ]

    /// The names a township had before 乡改镇 and 镇改街道, derived from its current name: 红果街道 was 红果镇, a 镇 was
    /// often a 乡. Indexed as `.former`, used only where no current name fits.
    static func formerTownshipForms(of region: Region) -> [String] {
        guard region.level == .township else { return [] }
        if let renamed = renamedTownships[region.code] { return renamed }
        if let base = strip(region.name, suffix: "街道"), base.count >= 2, !base.hasSuffix("路") {
            return [base + "镇", base + "乡"]
        }
        if let base = strip(region.name, suffix: "镇"), base.count >= 2 {
            return [base + "乡"]
        }
        return []
    }

    /// Every (name, form) under which `region` is indexed in the division trie (province to township).
    static func divisionForms(of region: Region) -> [(String, NameForm)] {
        let name = region.name
        var forms: [(String, NameForm)] = [(name, .official)]
        switch region.level {
        case .province:
            if let base = strip(name, suffix: "省") { forms.append((base, .bare)) }
        case .prefecture:
            if let base = strip(name, suffix: "自治州") {
                let place = stripEthnicGroups(base)
                forms.append((place + "州", .suffixed))
                forms.append((place + "自治州", .suffixed))
                forms.append((place, .bare))
            } else if let base = strip(name, suffix: "市") {
                forms.append((base, .bare))
                forms.append((base + "地区", .suffixed))
            }
        case .county:
            if let base = strip(name, suffix: "自治县") {
                let place = stripEthnicGroups(base)
                forms.append((place + "县", .suffixed))
                forms.append((place + "自治县", .suffixed))
                if place.count >= 2 { forms.append((place, .bare)) }
            } else if let base = strip(name, suffix: "特区") ?? strip(name, suffix: "区")
                        ?? strip(name, suffix: "县") ?? strip(name, suffix: "市"), base.count >= 2 {
                forms.append((base, .bare))
                // A county-level city or district written as the county it was before 撤县设市/撤县设区 (都匀县 for
                // 都匀市, 1966; 兴义县 for 兴义市, 1987; 凯里县, 清镇县, 仁怀县 …): its stem and 县 name nothing
                // else (`formerCountyNames` holds the renamings that changed the stem too).
                if !name.hasSuffix("县") { forms.append((base + "县", .suffixed)) }
            }
        case .township:
            // The bare name (万峰林 for 万峰林街道, 青岩 for 青岩镇) counts only before one of its villages or
            // communities (万峰林纳录村, 青岩龙井村3组): before anything else it is as likely a compound's name. A
            // 街道's (文昌阁, 盐务街) counts too right after its own county, before a compound's name (the parser's
            // `subDistrictStemOpensAddress`).
            if let base = strip(name, suffix: "街道") {
                forms.append((base + "街道办事处", .suffixed))
                forms.append((base + "街道办", .suffixed))
                forms.append((base + "办事处", .suffixed))
                if base.count >= 2 {
                    forms.append((base + "街办", .shortOffice))
                    forms.append((base + "办", .shortOffice))
                }
                if base.count >= 2, !base.hasSuffix("路"), !base.hasSuffix("街") { forms.append((base, .bare)) }
                // 盐务街 of 盐务街街道 (南街 of 南街街道) reads as the road too: the parser trusts it less than a bare
                // stem.
                if base.count >= 2, base.hasSuffix("路") || base.hasSuffix("街") { forms.append((base, .streetStem)) }
            } else if let base = strip(name, suffix: "乡") {
                let place = stripEthnicGroups(base)
                if place != base, place.count >= 2 {
                    forms.append((place + "乡", .suffixed))
                    forms.append((place + "民族乡", .suffixed))
                }
                if place.count >= 2 { forms.append((place, .bare)) }
            } else if let base = strip(name, suffix: "镇"), base.count >= 2 {
                forms.append((base, .bare))
            }
            // A renamed town's former stem (中岭 of 中岭镇, now 骔岭镇) counts as its own stem does: before one of
            // its villages (中岭旧院3组5号).
            for former in renamedTownships[region.code] ?? [] {
                if let base = strip(former, suffix: "镇") ?? strip(former, suffix: "乡"), base.count >= 2,
                   !forms.contains(where: { $0.0 == base }) {
                    forms.append((base, .bare))
                }
            }
        case .community:
            break
        }
        return forms
    }

    /// Whether a community is a neighbourhood (居委会/社区) or a village (村) committee, or can't tell.
    enum CommunityKind: UInt8, Sendable {
        case unknown = 0
        case neighbourhood = 1
        case village = 2
    }

    /// Committee suffixes as NBS writes them (with the reference's own typos), longest first.
    static let committeeSuffixes: [(String, CommunityKind)] = [
        ("村民委员会", .village), ("居民委员会", .neighbourhood), ("村名委员会", .village),
        ("村委员会", .village), ("居委员会", .neighbourhood), ("居民委会", .neighbourhood),
        ("居民委员", .neighbourhood), ("村民委员", .village), ("居员会", .neighbourhood),
        ("村委员", .village), ("居委员", .neighbourhood),
        ("村委会", .village), ("居委会", .neighbourhood), ("委员会", .unknown),
        ("村委", .village), ("居委", .neighbourhood),
    ]

    /// A community's official name split into stem and kind, plus the committee-less name when that still reads
    /// as a community (`东升社区` of `东升社区居委会`, `新村` of `新村村委会`).
    static func communityForms(of name: String) -> (stem: String, kind: CommunityKind, plain: String?) {
        var rest = name
        var kind = CommunityKind.unknown
        for (suffix, suffixKind) in committeeSuffixes {
            if let base = strip(rest, suffix: suffix), base.count >= 1 {
                rest = base
                kind = suffixKind
                break
            }
        }
        if let base = strip(rest, suffix: "社区"), base.count >= 2 {
            return (base, kind == .unknown ? .neighbourhood : kind, rest)
        }
        if let base = strip(rest, suffix: "村"), base.count >= 2 {
            return (base, .village, rest)
        }
        if kind == .unknown { kind = rest.hasSuffix("村") ? .village : .neighbourhood }
        return (rest, kind, rest == name ? nil : (rest.hasSuffix("村") || rest.hasSuffix("社区") ? rest : nil))
    }

    /// Suffixes that make a written stem a community, longest first, with the kind each one implies.
    static let writtenCommunitySuffixes: [(String, CommunityKind)] = [
        ("社区居民委员会", .neighbourhood), ("社区居委会", .neighbourhood), ("社区居委", .neighbourhood),
        ("村村民委员会", .village), ("村村委会", .village),
        ("居民委员会", .neighbourhood), ("村民委员会", .village),
        ("居委会", .neighbourhood), ("村委会", .village),
        ("社区", .neighbourhood), ("居委", .neighbourhood), ("村委", .village), ("村", .village),
    ]

    /// Committee words that may trail an already complete community name (`东升社区` + `居委会`).
    static let trailingCommitteeWords: [String] = ["居民委员会", "村民委员会", "居委会", "村委会", "委员会"]

    /// `name` without `suffix`, or nil when it does not end in it or is nothing else. Compared as UTF-8 bytes:
    /// the reference names and the suffixes are CJK, where a byte match at the end is a character match, and the
    /// directory's startup derives a dozen forms for each of 20,000 names.
    static func strip(_ name: String, suffix: String) -> String? {
        let bytes = name.utf8, suffixBytes = suffix.utf8
        guard bytes.count > suffixBytes.count, bytes.suffix(suffixBytes.count).elementsEqual(suffixBytes) else {
            return nil
        }
        return String(decoding: bytes.dropLast(suffixBytes.count), as: UTF8.self)
    }

    /// `黔南布依族苗族` → `黔南`, `都拉布依族` → `都拉`; keeps at least two characters of place name.
    static func stripEthnicGroups(_ name: String) -> String {
        splitEthnicGroups(name).place
    }

    /// `威宁彝族回族苗族` → (`威宁`, [彝族, 回族, 苗族]): the place stem and the nationalities after it, in order.
    static func splitEthnicGroups(_ name: String) -> (place: String, groups: [String]) {
        var rest = name
        var groups: [String] = []
        var changed = true
        while changed {
            changed = false
            for group in ethnicGroups {
                if let base = strip(rest, suffix: group), base.count >= 2 {
                    rest = base
                    groups.insert(group, at: 0)
                    changed = true
                    break
                }
            }
        }
        return (rest, groups)
    }

    /// The endings an ethnic division's name is written with after its nationalities, by its official ending:
    /// 自治县 (威宁彝族自治县, 威宁彝族县), 自治州 (黔东南苗族侗族州), 乡 (龙场苗族彝族乡).
    static let ethnicEndings: [(official: String, written: [String])] = [
        ("自治县", ["自治县", "县"]), ("自治州", ["自治州", "州"]), ("乡", ["乡"]),
    ]

    /// An autonomous county's or prefecture's, or an ethnic township's, name written with part of its nationalities
    /// or in another order: its place stem, then any non-empty subset of the official nationalities in any order,
    /// then one of its endings (`威宁彝族回族苗族自治县` is also 威宁彝族自治县, 威宁回族彝族苗族自治县, 威宁彝族回族县;
    /// `黔东南苗族侗族自治州` is also 黔东南苗族侗族州, 黔东南侗族苗族自治州). Derived from the official name alone; the
    /// official name itself and the forms without nationalities (威宁县, 威宁自治县) are `divisionForms`.
    static func ethnicGroupForms(of region: Region) -> [String] {
        guard region.level != .province, region.level != .community,
              let ending = ethnicEndings.first(where: { strip(region.name, suffix: $0.official) != nil }),
              let base = strip(region.name, suffix: ending.official) else { return [] }
        let (place, groups) = splitEthnicGroups(base)
        guard !groups.isEmpty, groups.count <= 4 else { return [] }
        var orderings: [[String]] = []
        func extend(_ chosen: [String], _ left: [String]) {
            if !chosen.isEmpty { orderings.append(chosen) }
            for (i, group) in left.enumerated() {
                var rest = left
                rest.remove(at: i)
                extend(chosen + [group], rest)
            }
        }
        extend([], groups)
        var forms: [String] = []
        for ordering in orderings {
            for written in ending.written {
                let form = place + ordering.joined() + written
                if form != region.name { forms.append(form) }
            }
        }
        return forms
    }
}

extension Region {
    /// The ways people write this division's name, as the address parser reads them: its official name and the
    /// forms derived from it (`六枝特区`, `六枝`; `黔南布依族苗族自治州`, `黔南州`, `黔南自治州`, `黔南`), and a county's
    /// former names (`兴仁县` for 兴仁市, `遵义县` for 播州区).
    /// A city's or district's name as the county it once was (`都匀县` for 都匀市) is read by the parser but is none of
    /// these (a compound's name seldom carries it, and its 县 would make 县 a level word of the district's own
    /// government); the renamings of `formerCountyNames` are.
    public var writtenNames: [String] {
        let countyOnce = level == .county && !name.hasSuffix("县")
        return RegionNameForms.divisionForms(of: self)
            .filter { $0.1 == .official || $0.1 == .suffixed || $0.1 == .bare }
            .map(\.0)
            .filter { !(countyOnce && $0.hasSuffix("县")) }
            + RegionNameForms.formerCountyNames.filter { $0.code == code }.map(\.name)
    }
}
