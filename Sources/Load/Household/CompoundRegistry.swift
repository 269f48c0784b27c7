import GRDB
import RongtongStaging

/// Finds or creates the `dim_compound` row for a compound named in a household or facility feed.
///
/// Names are compared without their kind suffix (`幸福花园`, `幸福小区` and `幸福` compare equal) within the
/// region: a record whose address resolved only to the prefecture still finds the one compound of that name in
/// it, and takes its finer region. Fine-grained names are registered before any record is linked
/// (`register`), so ids never depend on record order. A compound first seen in a household feed is created
/// with `confirmed_by_housing = 0`.
final class CompoundRegistry {
    let db: Database
    let runID: Int
    let regions: RegionNames
    /// Compounds by match name: (id, township-level region code or coarser).
    var byName: [String: [(id: String, region: String?)]] = [:]
    private var loadedNames = Set<String>()

    /// The kind suffixes a match name drops, with the misspellings feeds write of them (`KindWordMisspellings`:
    /// 花圆, 宿社, 新邨 …).
    static let suffixes = ["小区", "花园", "大院", "宿舍", "院落", "家园", "新村", "公寓", "安置点", "安置"]
        + KindWordMisspellings.meant.keys.sorted() + ["苑", "院", "区"]
    /// The words of the programme a resettlement site's name may spell out before 安置 (易地扶贫搬迁安置点, 生态移民
    /// 安置区), and 集中 (集中安置点: the site, as against households resettled one by one), in any combination.
    static let resettlementQualifiers = ["易地", "扶贫", "生态", "移民", "搬迁", "集中"]

    init(db: Database, runID: Int, regions: RegionNames) throws {
        self.db = db
        self.runID = runID
        self.regions = regions
    }

    /// Characters that name a section or side of an estate rather than misspell it.
    static let sectionMarks = Set("东南西北中上下前后内外左右ABCDEFGHabcdefgh")

    func known(_ key: String) throws -> [(id: String, region: String?)] {
        if !loadedNames.contains(key) {
            loadedNames.insert(key)
            // A renamed compound's former name finds it too (`compound_alias`).
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT compound_id, region_code FROM dim_compound WHERE match_name = ?1
                UNION ALL
                SELECT c.compound_id, c.region_code FROM compound_alias a JOIN dim_compound c ON c.compound_id = a.compound_id
                WHERE a.match_name = ?1
                """), arguments: [key])
            var list = byName[key] ?? []
            for row in rows where !list.contains(where: { $0.id == row["compound_id"] as String }) {
                list.append((row["compound_id"], row["region_code"]))
            }
            byName[key] = list
        }
        return byName[key] ?? []
    }

    var byTownship: [String: [(name: String, fullName: String, id: String, region: String?)]] = [:]

    /// The compounds whose region is the township (9-digit prefix) or inside it: match name, spelling, id, region.
    func compounds(inTownship township: String) throws -> [(name: String, fullName: String, id: String, region: String?)] {
        if let known = byTownship[township] { return known }
        let rows = try Row.fetchAll(db, sql: """
            SELECT compound_id, match_name, name, region_code FROM dim_compound WHERE region_code BETWEEN ? AND ?
            """, arguments: [township + "000", township + "999"])
        let list = rows.map {
            (name: $0["match_name"] as String, fullName: CompoundRegistry.spelling($0["name"]), id: $0["compound_id"] as String,
             region: $0["region_code"] as String?)
        }
        byTownship[township] = list
        return list
    }

    /// The one compound of the township whose match name is one character away from `key` (a typo such as
    /// 幸福家苑 for 幸福家园); nil when there is none or more than one. Names shorter than three characters are
    /// never matched this way (东升 and 东山 are different places).
    ///
    /// A spelling several dwellings of the batch write (`isEstablished`) is no typo in its stem: 碧水苑 and 碧云苑,
    /// each written by households of their own, are two compounds. `spelling` is the compound's name as matched, and
    /// `inStem` says the typo was one of the stem (not of the kind word, nor an employer's word left out), which the
    /// caller reports (`typoTaken`).
    func oneCharacterAway(_ key: String, fullName: String, inTownship township: String) throws
        -> (id: String, region: String?, spelling: String, inStem: Bool)? {
        guard key.count >= 3 || fullName.count >= 3 else { return nil }
        let established = isEstablished(key, inTownship: township)
        let near = try compounds(inTownship: township).filter { entry in
            entry.name != key && CompoundRegistry.isTypo(entry.fullName, entry.name, of: fullName, key)
                && !(established && CompoundRegistry.isStemTypo(entry.fullName, entry.name, of: fullName, key))
        }
        let ids = Set(near.map(\.id))
        guard ids.count == 1, let match = near.first else { return nil }
        return (match.id, match.region, match.fullName,
                CompoundRegistry.isStemTypo(match.fullName, match.name, of: fullName, key))
    }

    /// How many dwellings of the batch being loaded write each match name, by township (9-digit prefix) and match
    /// name (`noteDwellings`): bounded by the batch's distinct compound names, replaced for each batch.
    private var dwellingsWriting: [String: Int] = [:]

    /// How many dwellings of a batch must write a spelling for it to be established (`isEstablished`).
    static let establishedDwellings = 2

    /// Notes how many dwellings of the household batch about to be loaded write each (name, region), before any of
    /// it is registered or linked: see `isEstablished`. Mentions placed above a township count for no township.
    func noteDwellings(_ mentions: [(name: String, regionCode: String?, dwellings: Int)]) {
        var counts: [String: Int] = [:]
        for mention in mentions {
            guard let township = CompoundRegistry.township(of: mention.regionCode) else { continue }
            let key = matchKey(withoutOwnCounty(mention.name, regionCode: mention.regionCode))
            counts[township + "|" + key, default: 0] += mention.dwellings
            // Each kind word's spelling too (测水红花园, 测水红新村): see `keepsApartByKind`.
            let kinded = CompoundRegistry.kindedKey(mention.name, key: key)
            if kinded != key { counts[township + "|" + kinded, default: 0] += mention.dwellings }
        }
        dwellingsWriting = counts
        answers = [:]
    }

    /// Whether several dwellings of the batch being loaded write the match name `key` in the township: a spelling of
    /// its own, never taken for a one-character typo in the stem of a neighbour's name. The same whichever record of
    /// the batch comes first, as the count is taken before any is linked.
    func isEstablished(_ key: String, inTownship township: String) -> Bool {
        (dwellingsWriting[township + "|" + key] ?? 0) >= CompoundRegistry.establishedDwellings
    }

    /// The (name, region) mentions of a batch in the order to register them: the established spellings
    /// (`isEstablished`) first, then the others, each in the batch's order, so that a spelling one dwelling writes is
    /// taken for a typo of an established neighbour whichever of them comes first in the file.
    func registrationOrder(_ mentions: [(name: String, regionCode: String?, dwellings: Int)])
        -> [(name: String, regionCode: String?, dwellings: Int)] {
        let established = mentions.map { mention -> Bool in
            guard let township = CompoundRegistry.township(of: mention.regionCode) else { return false }
            return isEstablished(matchKey(withoutOwnCounty(mention.name, regionCode: mention.regionCode)), inTownship: township)
        }
        return mentions.indices.filter { established[$0] }.map { mentions[$0] }
            + mentions.indices.filter { !established[$0] }.map { mentions[$0] }
    }

    /// The township (9-digit prefix) of a region code at a township or finer; nil above one.
    static func township(of regionCode: String?) -> String? {
        guard let regionCode else { return nil }
        let prefix = significantPrefix(regionCode)
        return prefix.count >= 9 ? String(prefix.prefix(9)) : nil
    }

    /// Called when a name is taken for a one-character typo in the stem of a township's compound (`oneCharacterAway`),
    /// with the name as written, the compound's spelling and the township (9-digit prefix): the load warns, naming both.
    var typoTaken: ((_ written: String, _ compound: String, _ township: String) -> Void)?

    /// `townshipStems`' answers by township (9-digit prefix).
    var stemsOfTownship: [String: [String]] = [:]

    /// The compounds `refine` moved to a township while resolving the current name (`keepFullerName`).
    var refinedNow = Set<String>()

    /// How each county and prefecture is written (`520203000000` → 六枝特区, 六枝), by code: see `namedAfterDivision`.
    var divisionNames: [String: [String]] = [:] {
        didSet { withoutCounty = [:] }
    }

    /// `withoutOwnCounty`'s answers by (name, county code): a pure function of the name and `divisionNames`, asked
    /// for every record (each of a name's spellings with the county in front, `spelledWithOwnCounty`).
    var withoutCounty: [NameInRegion: String] = [:]

    /// The townships (9-digit prefixes) the batch being loaded places each match name in, for names it places in
    /// two or more: see `spread(_:within:)`.
    private var mentionedTownships: [String: Set<String>] = [:]

    /// Whether the batch being loaded places the name in two or more townships of `region` (a compound known only
    /// at its county then stays there rather than taking whichever township came first). A township outside the
    /// region does not count: a registry's 小区 column naming 机械厂宿舍 beside a household's 户籍 address in
    /// another prefecture says nothing of where the 贵阳 机械厂宿舍 lies.
    func spread(_ key: String, within region: String?) -> Bool {
        guard let townships = mentionedTownships[key] else { return false }
        let prefix = region.map(CompoundRegistry.significantPrefix) ?? ""
        return townships.filter { $0.hasPrefix(prefix) }.count > 1
    }

    /// Notes the (name, region) mentions of a batch before it is linked: see `spread(_:within:)`. The answers
    /// given for the batch before depended on the names it spread, so they are forgotten: a compound gets the same
    /// region whichever of the night's feeds asked first.
    func noteMentions(_ mentions: [(name: String, regionCode: String?)]) {
        var townships: [String: Set<String>] = [:]
        for mention in mentions {
            guard let region = mention.regionCode else { continue }
            let prefix = CompoundRegistry.significantPrefix(region)
            guard prefix.count >= 9 else { continue }
            let key = matchKey(withoutOwnCounty(mention.name, regionCode: region))
            townships[key, default: []].insert(String(prefix.prefix(9)))
        }
        mentionedTownships = townships.filter { $0.value.count > 1 }
        answers = [:]
    }

    /// Called when a compound's region becomes more specific (`refine`, or a housing row naming its township), with
    /// the compound's id and new region: its households and facilities placed only at a region containing the new
    /// one take it (the compound pins the region).
    var regionRefined: ((_ compoundID: String, _ region: String) throws -> Void)?

    /// Called when matching gives a compound another spelling (`levelNamed`, `keepProperKindWord`), with its id: the
    /// load's memo of compound names forgets it.
    var renamed: ((_ compoundID: String) -> Void)?

    /// False while reloading a batch that was loaded before (`--force`): its compounds are not seen again.
    var marksSighting = true
    /// The compounds the records loaded now named, for `last_seen_run`.
    private var sighted = Set<String>()

    /// Notes that a record loaded now names the compound (a household's, a facility's or a housing row's).
    func noteSighting(_ id: String) {
        if marksSighting { sighted.insert(id) }
    }

    /// Advances `last_seen_run` of the compounds the load's records named (`noteSighting`) to this run.
    func markSightings() throws {
        let mark = try db.cachedStatement(sql: """
            UPDATE dim_compound SET last_seen_run = ?1 WHERE compound_id = ?2 AND last_seen_run IS NOT ?1
            """)
        for id in sighted.sorted() { try mark.execute(arguments: [runID, id]) }
        sighted = []
    }

    /// Registers a compound whose region is known to township level or finer, before records are linked.
    func register(name: String, regionCode: String?) throws {
        guard let regionCode, CompoundRegistry.significantPrefix(regionCode).count >= 9 else { return }
        _ = try compoundID(name: name, regionCode: regionCode)
    }

    /// `matchName(name)`, remembered: a pure function of the name, which the registry asks for each record's name
    /// and each of its spellings with the county in front (`spelledWithOwnCounty`), whatever the answers' memo forgot.
    func matchKey(_ name: String) -> String {
        if let key = matchNames[name] { return key }
        let key = CompoundRegistry.matchName(name)
        if matchNames.count >= CompoundRegistry.memoLimit { matchNames = [:] }
        matchNames[name] = key
        return key
    }

    /// Answers already given, by (name, region); all are forgotten whenever a compound is created (a new one
    /// can change another name's answer through the one-typo rule), so a memo never hides a later compound.
    var answers: [NameInRegion: (id: String, region: String?)] = [:]
    private var matchNames: [String: String] = [:]

    /// Entries a memo may hold before it starts over.
    static let memoLimit = 65_536

    struct NameInRegion: Hashable {
        var name: String
        var region: String?
    }

    /// The compound's id and the finest region known for it.
    ///
    /// `listedByHousing`: the name is a row of the housing department's compound list. Two names that list holds
    /// are two compounds (农业局宿舍 and 林业局宿舍, 卫生局宿舍 and 卫生院宿舍), so such a name is never taken for a
    /// typo of a compound the list confirmed; it may still correct the spelling of one a household feed created.
    func compoundID(name: String, regionCode: String?, listedByHousing: Bool = false) throws -> (id: String, region: String?) {
        if listedByHousing {
            return try resolve(name: name, key: matchKey(withoutOwnCounty(name, regionCode: regionCode)),
                               regionCode: regionCode, typoOfConfirmed: false)
        }
        let question = NameInRegion(name: name, region: regionCode)
        if let answer = answers[question] { return answer }
        let key = matchKey(withoutOwnCounty(name, regionCode: regionCode))
        let answer = try resolve(name: name, key: key, regionCode: regionCode)
        // Bounded: a province's spellings and regions would otherwise stay in memory for the whole load.
        if answers.count >= CompoundRegistry.memoLimit { answers = [:] }
        answers[question] = answer
        return answer
    }

    /// The compounds of this name at a township or finer inside the record's coarser region, when there are
    /// several (东升小区 in two townships of 白云区): the record's own region cannot tell which one it means.
    func finerNamesakes(name: String, regionCode: String?) throws -> [(id: String, region: String?)] {
        let township = regionCode.map { String(CompoundRegistry.significantPrefix($0).prefix(9)) } ?? ""
        guard township.count < 9 else { return [] }
        let stripped = withoutOwnCounty(name, regionCode: regionCode)
        let key = matchKey(stripped)
        let kinded = CompoundRegistry.kindedKey(name, key: key)
        let finer = try (kinded == key ? [key] : [key, kinded]).flatMap { try known($0) }.filter { entry in
            let theirs = entry.region.map(CompoundRegistry.significantPrefix) ?? ""
            return theirs.count >= 9 && theirs.hasPrefix(township)
        }
        // 测凤凤家园 where 土城镇's 测凤凤新村 and 习酒镇's 测凤凤家园 are: the one spelled as written is meant (`compoundID`).
        guard finer.count > 1, try sameKindNamesake(name, key: key, among: finer) == nil else { return [] }
        return finer
    }

    /// The one compound among `entries` (compounds of the match name `key`, or of its kind word kept,
    /// `CompoundRegistry.kindedKey`) whose name ends in the kind words `name` ends in (测凤凤家园 for 测凤凤家园, not
    /// 测凤凤新村; 测凤凤 for 测凤凤): what a record naming no township means when namesakes of several townships
    /// share its stem. Nil when none or several are spelled so.
    func sameKindNamesake(_ name: String, key: String, among entries: [(id: String, region: String?)]) throws
        -> (id: String, region: String?)? {
        let kind = CompoundRegistry.kindWords(name)
        let kinded = CompoundRegistry.kindedKey(name, key: key)
        var found: [(id: String, region: String?)] = []
        for entry in entries where !found.contains(where: { $0.id == entry.id }) {
            guard let stored = try storedCompound(entry.id) else { continue }
            if stored.matchName == kinded || CompoundRegistry.kindWords(stored.name) == kind { found.append(entry) }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// The compound's stored name, match name and whether the housing list confirmed it; nil when there is none.
    func storedCompound(_ id: String) throws -> (name: String, matchName: String, confirmed: Bool)? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT name, match_name, confirmed_by_housing FROM dim_compound WHERE compound_id = ?
            """), arguments: [id]) else { return nil }
        return (row["name"], row["match_name"], (row["confirmed_by_housing"] as Int?) == 1)
    }

    /// The compounds of this name that a record placing no township made up above `compound` (its region contains
    /// the compound's, which lies at a township or finer; the housing list confirmed none of them): where a household
    /// of the flat a record of `compound` names may have been put before that record came (`finerNamesakes` finds
    /// the other way round). Empty when `compound` lies above a township.
    func coarserNamesakes(of compound: (id: String, region: String?), name: String) throws -> [(id: String, region: String?)] {
        guard let region = compound.region, CompoundRegistry.township(of: region) != nil else { return [] }
        let finer = CompoundRegistry.significantPrefix(region)
        let key = matchKey(withoutOwnCounty(name, regionCode: region))
        let kinded = CompoundRegistry.kindedKey(name, key: key)
        let keys = kinded == key ? [key] : [key, kinded]
        // A made-up compound of another kind word (测凤凤家园 beside 测凤凤新村) is another place.
        return try keys.flatMap { try known($0) }.filter { entry in
            let theirs = entry.region.map(CompoundRegistry.significantPrefix) ?? ""
            return entry.id != compound.id && theirs.count < 9 && finer.hasPrefix(theirs)
        }.filter { entry in
            guard let stored = try storedCompound(entry.id) else { return false }
            return !stored.confirmed && !CompoundRegistry.kindsDiffer(stored.name, name)
        }
    }

    private func resolve(name: String, key: String, regionCode: String?,
                         typoOfConfirmed: Bool = true) throws -> (id: String, region: String?) {
        refinedNow = []
        let found = try resolveKey(name: name, key: key, regionCode: regionCode, typoOfConfirmed: typoOfConfirmed)
        let aboveTownship = (found.region.map(CompoundRegistry.significantPrefix) ?? "").count < 9
        try keepFullerName(found.id, name: name, regionCode: regionCode,
                           knownAboveTownship: aboveTownship || refinedNow.contains(found.id))
        try keepProperKindWord(found.id, name: name)
        return found
    }

    /// Gives a compound a feed created with a misspelt kind word (`幸福花圆`, `烟草宿社`) the spelling meant once a
    /// record writes it so (`幸福花园`), whichever came first, unless the housing department's list named it.
    private func keepProperKindWord(_ id: String, name: String) throws {
        let offered = CompoundRegistry.spelling(name)
        guard KindWordMisspellings.meant.values.contains(where: { offered.hasSuffix($0) }),
              let stored = try String.fetchOne(db.cachedStatement(sql: """
                  SELECT name FROM dim_compound WHERE compound_id = ? AND confirmed_by_housing = 0
                  """), arguments: [id]) else { return }
        let written = CompoundRegistry.spelling(stored)
        guard let (wrong, meant) = KindWordMisspellings.meant.first(where: { written.hasSuffix($0.key) }),
              offered == written.dropLast(wrong.count) + meant else { return }
        try db.execute(sql: "UPDATE dim_compound SET name = ? WHERE compound_id = ?", arguments: [name, id])
        byTownship = [:]
        renamed?(id)
    }

    /// `resolveStem`, with a name's kind word telling same-stem compounds apart where it must: a compound kept apart by
    /// its kind word (`keepsApartByKind`, match name `测水红新村`) is found by a name of that kind word first, and a
    /// compound of the stem that `keepsApartByKind` says is another place gives way to a new one of the name's kind.
    private func resolveKey(name: String, key: String, regionCode: String?,
                            typoOfConfirmed: Bool) throws -> (id: String, region: String?) {
        let township = regionCode.map { String(CompoundRegistry.significantPrefix($0).prefix(9)) } ?? ""
        let kinded = CompoundRegistry.kindedKey(name, key: key)
        guard kinded != key else {
            return try resolveStem(name: name, key: key, regionCode: regionCode, typoOfConfirmed: typoOfConfirmed)
        }
        let ownKind = try known(kinded).filter { entry in
            let theirs = entry.region.map(CompoundRegistry.significantPrefix) ?? ""
            return theirs.hasPrefix(township) || township.hasPrefix(theirs)
        }
        if township.count == 9 {
            // A made-up one above the township is no answer for a record inside it (see `resolveStem`).
            if let inTownship = ownKind.first(where: { ($0.region.map(CompoundRegistry.significantPrefix) ?? "").hasPrefix(township) }) {
                return inTownship
            }
        } else if !ownKind.isEmpty, Set(ownKind.map(\.id)).count == 1 {
            return ownKind[0]
        }
        let found = try resolveStem(name: name, key: key, regionCode: regionCode, typoOfConfirmed: typoOfConfirmed)
        guard try keepsApartByKind(name, kinded: kinded, township: township, from: found, key: key,
                                   listedByHousing: !typoOfConfirmed) else { return found }
        return try create(name: name, key: kinded, township: township)
    }

    /// Whether the record's name (its kind word kept: `kinded`) is another compound than `found`, a compound of its
    /// stem `key`, both ending in kind words that differ (`CompoundRegistry.kindsDiffer`: 测水红花园 / 测水红新村, not
    /// 测水红 / 测水红小区):
    /// - in the record's township, when the file being loaded writes both spellings at two dwellings or more each
    ///   (`isEstablished`): a file that keeps writing two kind words keeps two places apart, while a kind word
    ///   another feed writes for the compound (the registry's 小区 for the grid's 花园) is the same compound;
    /// - above the township, when `found` is a compound a record placing no township made up there (not confirmed by
    ///   the housing list): the name fitted same-stem compounds of several townships, and a record of another kind word
    ///   is not renamed after the first one's.
    /// Never for a housing list's name (`listedByHousing`).
    private func keepsApartByKind(_ name: String, kinded: String, township: String, from found: (id: String, region: String?),
                                  key: String, listedByHousing: Bool) throws -> Bool {
        guard !listedByHousing, let stored = try storedCompound(found.id), stored.matchName == key,
              CompoundRegistry.kindsDiffer(stored.name, name) else { return false }
        let theirs = found.region.map(CompoundRegistry.significantPrefix) ?? ""
        if township.count == 9 {
            return theirs.hasPrefix(township) && isEstablished(kinded, inTownship: township)
                && isEstablished(CompoundRegistry.kindedKey(stored.name, key: key), inTownship: township)
        }
        return theirs == township && !stored.confirmed
    }

    private func resolveStem(name: String, key: String, regionCode: String?,
                             typoOfConfirmed: Bool) throws -> (id: String, region: String?) {
        let township = regionCode.map { String(CompoundRegistry.significantPrefix($0).prefix(9)) } ?? ""
        let candidates = try (known(key) + spelledWithOwnCounty(name, key: key, regionCode: regionCode)).filter { entry in
            let theirs = entry.region.map(CompoundRegistry.significantPrefix) ?? ""
            return theirs.hasPrefix(township) || township.hasPrefix(theirs)
        }
        // 矿务局宿舍 under 六枝特区, when the housing list confirms 六枝矿务局宿舍 there and no 矿务局宿舍.
        if typoOfConfirmed, try !candidates.contains(where: { try isConfirmedByHousing($0.id) }),
           let named = try namedAfterDivision(name, township: township) {
            return named
        }
        // 职工宿舍 in 洗马路街道, where 洗马路职工宿舍 is, or 凤凰上花园 where 凤凰山花园 is, and of the name as written
        // only a compound no housing list confirmed: placed above the township (made up by a record that named no
        // township, which the township's records would otherwise move into it), or, for staff quarters named by
        // their residents alone (职工宿舍, 家属院), anywhere. The township's compound these rules find is meant, as
        // it is when no compound of the name as written exists yet, so that the answer does not depend on which
        // record came first or on what earlier nights left in the warehouse.
        if township.count == 9, try !candidates.contains(where: { try isConfirmedByHousing($0.id) }) {
            let inTownship = candidates.contains { ($0.region.map(CompoundRegistry.significantPrefix) ?? "").hasPrefix(township) }
            if !inTownship || CompoundRegistry.namesQuartersOnly(key),
               let near = try nearName(name: name, key: key, township: township, typoOfConfirmed: typoOfConfirmed),
               !candidates.contains(where: { $0.id == near.id }) {
                return near
            }
        }
        // 供销社宿舍 placed only in 西秀区 (a utility feed naming no township), where 东街街道's 东街供销社宿舍 is, and of
        // the name as written no compound in a township and none the housing list confirmed.
        if township.count == 6, try !candidates.contains(where: { try isConfirmedByHousing($0.id) }),
           !candidates.contains(where: { ($0.region.map(CompoundRegistry.significantPrefix) ?? "").count >= 9 }),
           let named = try namedWithTownship(name, key: key, county: township) {
            return named
        }
        // The compound at exactly the record's region: at a township, or the one an earlier record of this
        // name in this county created when the name fit several townships.
        // Of two there (a misspelt one a feed created before its spelling was known to be one, 烟草宿社 beside
        // 烟草宿舍), the one the housing list confirmed.
        // 测凤凤家园 placed only at 习水县, where 土城镇's 测凤凤新村 and 习酒镇's 测凤凤家园 are: the one spelled as written,
        // before a compound of the stem that a record naming no township made up at the county.
        if township.count < 9, candidates.count > 1 {
            let finer = candidates.filter { entry in
                let theirs = entry.region.map(CompoundRegistry.significantPrefix) ?? ""
                return theirs.count >= 9 && theirs.hasPrefix(township)
            }
            if !finer.isEmpty, let spelled = try sameKindNamesake(name, key: key, among: finer) { return spelled }
        }
        let exact = candidates.filter { ($0.region.map(CompoundRegistry.significantPrefix) ?? "") == township }
        if township.count == 9 || candidates.count > 1,
           let found = try exact.first(where: { try isConfirmedByHousing($0.id) }) ?? exact.first {
            return found
        }
        // Of a compound inside the record's region and one of that name above it (made up by a record that named no
        // township), the one inside is meant.
        let inside = candidates.filter { entry in
            let theirs = entry.region.map(CompoundRegistry.significantPrefix) ?? ""
            return theirs.count > township.count && theirs.hasPrefix(township)
        }
        if candidates.count > 1, inside.count == 1 { return inside[0] }
        if candidates.count == 1 {
            // Known only at its county (a housing list without a township column) and now placed at a township by a
            // record: the compound takes the township, so that records naming only the compound find it there.
            let found = candidates[0]
            if township.count == 9, (found.region.map(CompoundRegistry.significantPrefix) ?? "").count < 9,
               !spread(key, within: found.region) {
                return try refine(found, key: key, to: township + "000")
            }
            return found
        }
        // 中华路纺织厂宿舍 in 中华路街道, where 纺织厂宿舍 is: the township's or a road's name in front of that compound's.
        if candidates.isEmpty, township.count == 9, let street = try streetNamed(key, inTownship: township) {
            return street
        }
        // 供销社宿舍 in 都匀市, where 州供销社宿舍 is (or the other way round): the owning government's level word.
        if candidates.isEmpty,
           let leveled = try levelNamed(name, key: key, regionCode: regionCode, ofConfirmed: typoOfConfirmed) {
            return leveled
        }
        if candidates.isEmpty, township.count == 9,
           let typo = try oneCharacterAway(key, fullName: CompoundRegistry.spelling(name), inTownship: township),
           try typoOfConfirmed || !isConfirmedByHousing(typo.id) {
            if typo.inStem { typoTaken?(name, typo.spelling, township) }
            return (typo.id, typo.region)
        }
        return try create(name: name, key: key, township: township)
    }

    /// Creates the compound `name` of match name `key` at the township (or coarser prefix) `township`, unless it exists.
    private func create(name: String, key: String, township: String) throws -> (id: String, region: String?) {
        let region = township.isEmpty ? nil : township + String(repeating: "0", count: 12 - township.count)
        let id = StableID.make(prefix: "c", from: "\(township)|\(key)")
        try db.execute(sql: """
            INSERT INTO dim_compound (compound_id, name, match_name, region_code, area_type, address,
                                      confirmed_by_housing, first_seen_run, last_seen_run)
            VALUES (?, ?, ?, ?, NULL, NULL, 0, ?, ?)
            ON CONFLICT(compound_id) DO NOTHING
            """, arguments: [id, name, key, region, runID, runID])
        // Already there (created under this key and region before): nothing new to remember or to re-answer.
        if byName[key]?.contains(where: { $0.id == id }) ?? false { return (id, region) }
        byName[key, default: []].append((id, region))
        if township.count == 9 { byTownship[township]?.append((key, CompoundRegistry.spelling(name), id, region)) }
        // Other names may now resolve differently: a typo's township list and this match name changed.
        answers = [:]
        return (id, region)
    }
}
