import GRDB
import RongtongStaging

/// How a compound name a record writes relates to the divisions around it: a street or the township written in
/// front of it (`streetNamed`, `namedWithTownship`), the owning government's level word (`levelNamed`), the county
/// or prefecture in front (`namedAfterDivision`, `withoutOwnCounty`), and moving a compound known at a coarser
/// region down to a township (`refine`). Split from CompoundRegistry.swift; the state these use is stored there.
extension CompoundRegistry {
    /// The one compound of the township that `key` names with a street in front, or that names `key` with one: the
    /// township's own name (中华路纺织厂宿舍 in 中华路街道 is 纺织厂宿舍 there, and 纺织厂宿舍 is a 中华路纺织厂宿舍 there),
    /// or a road (延安东路幸福小区 and 幸福小区) when the compound without the road is alone in the township and no
    /// other road's compound of that name is there. What follows the street must be a compound's whole name: 延安路小区
    /// and 中华路小区 are two compounds, named after two roads. Nil when there is none or more than one.
    func streetNamed(_ key: String, inTownship township: String) throws -> (id: String, region: String?)? {
        let entries = try compounds(inTownship: township)
        let names = entries.map(\.name) + [key]
        var found: [(id: String, region: String?)] = []
        for entry in entries where entry.name != key && !found.contains(where: { $0.id == entry.id }) {
            let (long, short) = key.count > entry.name.count ? (key, entry.name) : (entry.name, key)
            guard long.hasSuffix(short), CompoundRegistry.isWholeName(short) else { continue }
            let street = String(long.dropLast(short.count))
            if try townshipStems(township).contains(street) {
                found.append((entry.id, entry.region))
                continue
            }
            guard CompoundRegistry.isRoad(street) else { continue }
            // 延安路纺织厂宿舍 beside 中华路纺织厂宿舍, or two 纺织厂宿舍 in the township's villages: which is meant is unknown.
            let roads = Set(names.filter { $0 != short && $0.hasSuffix(short) && CompoundRegistry.isRoad(String($0.dropLast(short.count))) })
            guard roads == [long], entries.filter({ $0.name == short }).count <= 1 else { continue }
            found.append((entry.id, entry.region))
        }
        return found.count == 1 ? found[0] : nil
    }

    /// The one compound of the county (`county`: 6 digits) at a township whose match name is `key` with the township's
    /// name in front (`东街供销社宿舍` of 东街街道 for `供销社宿舍`): what a record placed only at its county (a utility
    /// feed naming no township) means when it leaves the township's name out, as `streetNamed` finds it inside the
    /// township. What is left must be a compound's whole name. So is the one whose name is the record's with the
    /// employer's kind word the record left out (`西秀区虹轴宿舍内` for 东关街道's 虹轴厂宿舍:
    /// `leavesOutEmployerWord`). Nil when there is none or more than one.
    func namedWithTownship(_ name: String, key: String, county: String) throws -> (id: String, region: String?)? {
        guard county.count == 6, CompoundRegistry.isWholeName(key) else { return nil }
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT compound_id, match_name, name, region_code FROM dim_compound
            WHERE region_code BETWEEN ?1 AND ?2 AND length(match_name) > length(?3)
              AND (substr(match_name, -length(?3)) = ?3 OR substr(match_name, 1, length(?3)) = ?3)
            """), arguments: [county + "000000", county + "999999", key])
        var found: [(id: String, region: String?)] = []
        for row in rows {
            let theirs: String = row["match_name"], region: String? = row["region_code"]
            let prefix = region.map(CompoundRegistry.significantPrefix) ?? ""
            guard prefix.count >= 9 else { continue }
            let townshipNamed = try theirs.hasSuffix(key)
                && townshipStems(String(prefix.prefix(9))).contains(String(theirs.dropLast(key.count)))
            let employerLeftOut = CompoundRegistry.leavesOutEmployerWord(CompoundRegistry.spelling(row["name"]), theirs,
                                                                          CompoundRegistry.spelling(name), key)
            guard townshipNamed || employerLeftOut else { continue }
            found.append((row["compound_id"], region))
        }
        return found.count == 1 ? found[0] : nil
    }

    /// The township's compound that `key` names with a street added or left out (`streetNamed`) or misspelt by one
    /// character (`oneCharacterAway`; with `typoOfConfirmed` false, never one the housing list confirmed).
    func nearName(name: String, key: String, township: String,
                          typoOfConfirmed: Bool) throws -> (id: String, region: String?)? {
        if let street = try streetNamed(key, inTownship: township) { return street }
        if let typo = try oneCharacterAway(key, fullName: CompoundRegistry.spelling(name), inTownship: township),
           try typoOfConfirmed || !isConfirmedByHousing(typo.id) {
            if typo.inStem { typoTaken?(name, typo.spelling, township) }
            return (typo.id, typo.region)
        }
        return nil
    }

    /// The ways a compound's name may write its township in front: the official name (中华路街道) and the name
    /// without its kind (中华路, 黔灵 of 黔灵镇), when two characters or more are left.
    func townshipStems(_ township: String) throws -> [String] {
        if let known = stemsOfTownship[township] { return known }
        var stems: [String] = []
        if let name = try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM dim_region WHERE code = ?"),
                                          arguments: [township + "000"]) {
            let official = CompoundRegistry.spelling(name)
            stems.append(official)
            if let kind = CompoundRegistry.townshipKinds.first(where: { official.hasSuffix($0) }),
               official.count >= kind.count + 2 {
                stems.append(String(official.dropLast(kind.count)))
            }
        }
        stemsOfTownship[township] = stems
        return stems
    }

    /// The words that name the government owning a compound when written before its name, for the level that
    /// government is (州供销社宿舍: the prefecture's supply co-operative; 市政府宿舍, 县医院宿舍, 区委宿舍).
    static let levelWords: Set<Character> = ["州", "市", "县", "区"]

    /// The level words that stand for the record's county or prefecture: the last character of the ways they are
    /// written (都匀市 in 黔南州: 市 and 州; 兴仁市, formerly 兴仁县: 市 and 县, and 州 of 黔西南州; 钟山区 in 六盘水市:
    /// 区 and 市).
    func owningLevelWords(county: String) -> Set<Character> {
        let prefecture = String(county.prefix(4)) + "00000000"
        var words = Set<Character>()
        for written in (divisionNames[county] ?? []) + (divisionNames[prefecture] ?? []) {
            if let last = written.last, CompoundRegistry.levelWords.contains(last) { words.insert(last) }
        }
        return words
    }

    /// The one compound of the record's county that is the record's name with the owning government's level word
    /// in front, or without it (`供销社宿舍` and `州供销社宿舍` in 都匀市 of 黔南州): utility feeds leave out the 州
    /// (or 市, 县, 区) that the census writes, and name no township, so the one-typo rule, which holds only inside a
    /// township, cannot find it. Only one level word of the county's or prefecture's (州 in 钟山区 of 六盘水市 stands
    /// for nothing), only before a name of its own (`namesOnItsOwn`), and only where no compound of the name with
    /// another level word is in the county (市供销社宿舍 beside 州供销社宿舍 leaves 供销社宿舍 unknown; 州供销社宿舍 and
    /// 市供销社宿舍 are never one). The compound must lie in the record's region or contain it. A compound known only
    /// at its county takes the township of a record that places it in one; the compound keeps the spelling with the
    /// level word, whichever record came first, unless the housing department's list named it. `ofConfirmed`
    /// false (a name of that list): never a compound the list confirmed. Nil otherwise.
    func levelNamed(_ name: String, key: String, regionCode: String?,
                            ofConfirmed: Bool) throws -> (id: String, region: String?)? {
        guard let county = CompoundRegistry.countyCode(of: regionCode) else { return nil }
        let owning = owningLevelWords(county: county)
        guard !owning.isEmpty else { return nil }
        let within = regionCode.map { String(CompoundRegistry.significantPrefix($0).prefix(9)) } ?? ""
        func fits(_ entry: (id: String, region: String?)) -> Bool {
            let theirs = entry.region.map(CompoundRegistry.significantPrefix) ?? ""
            return theirs.hasPrefix(county.prefix(6)) && (theirs.hasPrefix(within) || within.hasPrefix(theirs))
        }
        func unique(_ entries: [(id: String, region: String?)]) -> (id: String, region: String?)? {
            Set(entries.map(\.id)).count == 1 ? entries[0] : nil
        }
        if let word = key.first, CompoundRegistry.levelWords.contains(word) {
            // 州供销社宿舍, where 供销社宿舍 is: the compound without the level word, unless it is spelled with another.
            let rest = String(key.dropFirst())
            guard owning.contains(word), CompoundRegistry.namesOnItsOwn(rest) else { return nil }
            let others = try CompoundRegistry.levelWords.subtracting([word]).flatMap { try known(String($0) + rest).filter(fits) }
            guard others.isEmpty, let bare = try unique(known(rest).filter(fits)),
                  let stored = try String.fetchOne(db.cachedStatement(sql: """
                      SELECT name FROM dim_compound WHERE compound_id = ?
                      """), arguments: [bare.id]) else { return nil }
            // Named with another level word by a record before (市供销社宿舍): another government's compound.
            let storedKey = matchKey(withoutOwnCounty(stored, regionCode: regionCode))
            guard storedKey == rest || storedKey == key, try ofConfirmed || !isConfirmedByHousing(bare.id) else { return nil }
            var found = bare
            if within.count == 9, (bare.region.map(CompoundRegistry.significantPrefix) ?? "").count < 9,
               !spread(rest, within: bare.region), !spread(key, within: bare.region) {
                found = try refine(bare, key: rest, to: within + "000")
            }
            if storedKey == rest {
                try db.execute(sql: "UPDATE dim_compound SET name = ? WHERE compound_id = ? AND confirmed_by_housing = 0",
                               arguments: [name, bare.id])
                if db.changesCount > 0 {
                    if let region = found.region {
                        byTownship[String(CompoundRegistry.significantPrefix(region).prefix(9))] = nil
                    }
                    renamed?(bare.id)
                }
            }
            return found
        }
        // 供销社宿舍, where 州供销社宿舍 is: the one compound of the name with a level word in front.
        guard CompoundRegistry.namesOnItsOwn(key) else { return nil }
        var variants: [(word: Character, entry: (id: String, region: String?))] = []
        for word in CompoundRegistry.levelWords.sorted() {
            for entry in try known(String(word) + key).filter(fits) where !variants.contains(where: { $0.entry.id == entry.id }) {
                variants.append((word, entry))
            }
        }
        guard variants.count == 1, owning.contains(variants[0].word),
              try ofConfirmed || !isConfirmedByHousing(variants[0].entry.id) else { return nil }
        let variant = variants[0]
        if within.count == 9, (variant.entry.region.map(CompoundRegistry.significantPrefix) ?? "").count < 9,
           !spread(key, within: variant.entry.region), !spread(String(variant.word) + key, within: variant.entry.region) {
            return try refine(variant.entry, key: String(variant.word) + key, to: within + "000")
        }
        return variant.entry
    }

    /// The words that say a township is one (longest first).
    static let townshipKinds = ["街道办事处", "民族乡", "办事处", "街道", "镇", "乡"]

    /// The words that end a road's name.
    static let roadWords = ["大道", "大街", "路", "街", "巷", "弄"]

    /// Moves a compound known at a coarser region down to `region` (a township inside it); its address gains the
    /// names of the finer levels (`贵州省遵义市汇川区阳光花园` → `贵州省遵义市汇川区高桥街道阳光花园`).
    func refine(_ compound: (id: String, region: String?), key: String, to region: String) throws
        -> (id: String, region: String?) {
        var address = try String.fetchOne(db.cachedStatement(sql: "SELECT address FROM dim_compound WHERE compound_id = ?"),
                                          arguments: [compound.id])
        if let coarse = compound.region { address = try regions.rebase(address, from: coarse, to: region) }
        try db.execute(sql: "UPDATE dim_compound SET region_code = ?, address = ? WHERE compound_id = ?",
                       arguments: [region, address, compound.id])
        if var list = byName[key], let at = list.firstIndex(where: { $0.id == compound.id }) {
            list[at].region = region
            byName[key] = list
        }
        byTownship[String(region.prefix(9))] = nil
        answers = [:]
        refinedNow.insert(compound.id)
        try regionRefined?(compound.id, region)
        return (compound.id, region)
    }

    /// The confirmed compound whose name is `name` with the name of the record's county or prefecture in front, in
    /// any written form (六枝矿务局宿舍 for 矿务局宿舍 under 六枝特区, 龙里县粮食局宿舍 for 粮食局宿舍 under 龙里县).
    /// An address reads such a name as the division and the rest (`六枝特区六枝矿务局宿舍北门`, `龙里县粮食局宿舍`:
    /// the parser cannot tell the compound's own 六枝 from the county's), so the rest alone means that compound when
    /// the housing list confirmed it inside the record's region. Nil unless there is exactly one.
    func namedAfterDivision(_ name: String, township: String) throws -> (id: String, region: String?)? {
        var found: [(id: String, region: String?)] = []
        for length in [6, 4] where township.count >= length {
            let division = String(township.prefix(length))
            let code = division + String(repeating: "0", count: 12 - length)
            for written in divisionNames[code] ?? [] {
                for entry in try known(matchKey(written + name))
                where !found.contains(where: { $0.id == entry.id }) {
                    let theirs = entry.region.map(CompoundRegistry.significantPrefix) ?? ""
                    guard theirs.hasPrefix(division), theirs.hasPrefix(township) || township.hasPrefix(theirs),
                          try isConfirmedByHousing(entry.id) else { continue }
                    found.append(entry)
                }
            }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// `name` without a leading written form of the county `regionCode` lies in or of its prefecture
    /// (`威宁县人民医院家属院` and `威宁人民医院家属院` give `人民医院家属院` under 威宁县; `兴仁县煤矿家属院` under 兴仁市,
    /// whose former name it is; `安顺棉纺厂宿舍` and `西秀区棉纺厂宿舍` give `棉纺厂宿舍` under 西秀区, whose former
    /// county-level name, 安顺市, is its prefecture's): the name an address gives when it reads the county's name as
    /// the county (`威宁县人民医院家属院1栋504室` in a 威宁 feed) rather than as the compound's
    /// (`海边街道威宁县人民医院家属院…`), so that both spellings are one compound. Unchanged when what is left names
    /// nothing of its own: a kind word alone (乌当小区, 花溪苑, 白云花园), a road (花溪大道小区, 安顺路小区), or a
    /// division's ending (兴仁 + 县…).
    func withoutOwnCounty(_ name: String, regionCode: String?) -> String {
        guard let county = CompoundRegistry.countyCode(of: regionCode) else { return name }
        let question = NameInRegion(name: name, region: county)
        if let answer = withoutCounty[question] { return answer }
        let answer = withoutOwnCounty(name, county: county)
        if withoutCounty.count >= CompoundRegistry.memoLimit { withoutCounty = [:] }
        withoutCounty[question] = answer
        return answer
    }

    func withoutOwnCounty(_ name: String, county: String) -> String {
        for written in ownDivisionNames(county: county).sorted(by: { $0.count > $1.count })
        where name.hasPrefix(written) && name.count > written.count {
            let rest = String(name.dropFirst(written.count))
            return CompoundRegistry.namesNoPlaceOfItsOwn(rest) ? name : rest
        }
        return name
    }

    /// How the county and its prefecture are written (`divisionNames`): the names a compound's name may carry in front
    /// that `withoutOwnCounty` drops. The prefecture's cover the county-level city that became its seat district
    /// (安顺市, 安顺 for 西秀区; 遵义市 for 红花岗区).
    func ownDivisionNames(county: String) -> [String] {
        (divisionNames[county] ?? []) + (divisionNames[String(county.prefix(4)) + "00000000"] ?? [])
    }

    /// The compounds of the record's county keyed with the county's or prefecture's name in front (`威宁县人民医院家属`
    /// for 威宁县人民医院家属院, `安顺棉纺厂` for 安顺棉纺厂宿舍, as loads before this rule keyed them): the same compound as `name`'s, whichever way this
    /// record spells it.
    func spelledWithOwnCounty(_ name: String, key: String, regionCode: String?) throws
        -> [(id: String, region: String?)] {
        guard let county = CompoundRegistry.countyCode(of: regionCode) else { return [] }
        let stripped = withoutOwnCounty(name, regionCode: regionCode)
        var keys = Set(ownDivisionNames(county: county).map { matchKey($0 + stripped) })
        keys.insert(matchKey(name))
        keys.remove(key)
        var found: [(id: String, region: String?)] = []
        for other in keys.sorted() {
            for entry in try known(other) where !found.contains(where: { $0.id == entry.id }) {
                guard (entry.region ?? "").hasPrefix(county.prefix(6)) else { continue }
                found.append(entry)
            }
        }
        return found
    }

    /// Keeps the fullest spelling of a compound named with its county (`威宁县人民医院家属院` over `威宁人民医院家属院`
    /// and `人民医院家属院`) while it is known above its township, and from the record that places it in one: a name
    /// first seen without a township may be what an address opening with the county's name left (the parser reads
    /// `威宁县人民医院家属院1栋504室` as the county and `人民医院家属院`). A name first seen at its township was written
    /// so there and stays (`棉纺厂宿舍`, however a later feed writes the county or prefecture before it:
    /// `西秀区棉纺厂宿舍`), and so does one the housing list named.
    func keepFullerName(_ id: String, name: String, regionCode: String?, knownAboveTownship: Bool) throws {
        let stripped = withoutOwnCounty(name, regionCode: regionCode)
        guard knownAboveTownship, stripped != name,
              let row = try Row.fetchOne(db.cachedStatement(sql: """
                  SELECT name FROM dim_compound WHERE compound_id = ? AND confirmed_by_housing = 0
                  """), arguments: [id]) else { return }
        let stored: String = row["name"]
        guard stored.count < name.count, withoutOwnCounty(stored, regionCode: regionCode) == stripped else { return }
        try db.execute(sql: "UPDATE dim_compound SET name = ? WHERE compound_id = ?", arguments: [name, id])
    }
}
