import Foundation
import GRDB

/// What the housing department's rows do to compounds (`CompoundWriter`): the spelling a row gives a compound, a
/// rename written with the former name in brackets, and whether a compound is on the housing list.
extension CompoundRegistry {
    /// Gives the compound the name a row of the housing department's feeds writes it with (`CompoundWriter`), unless
    /// a housing row named it already and the new spelling only adds to that name: a kind word at its end or a
    /// street in front (二戈寨职工新村小区 and 中华路纺织厂宿舍 keep 二戈寨职工新村 and 纺织厂宿舍, whichever feed is
    /// loaded last, so that the compound list's name finds the compound). A name without those additions replaces
    /// the spelling with them; any other spelling replaces the stored one (the housing list corrects a household
    /// feed's typo, and its later rows rename the compound).
    func name(_ id: String, as offered: String) throws {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT name, confirmed_by_housing, region_code FROM dim_compound WHERE compound_id = ?
            """), arguments: [id]) else { return }
        let stored: String = row["name"]
        let confirmed: Bool = row["confirmed_by_housing"]
        guard stored != offered, !(confirmed && CompoundRegistry.onlyAdds(to: stored, offered)) else { return }
        // The former name of a renamed compound (a list still writing 烟草局宿舍 for 金叶苑) does not rename it back.
        let offeredKey = CompoundRegistry.matchName(withoutOwnCounty(offered, regionCode: row["region_code"]))
        if try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT 1 FROM compound_alias WHERE match_name = ? AND compound_id = ?
            """), arguments: [offeredKey, id]) ?? false { return }
        try db.execute(sql: "UPDATE dim_compound SET name = ? WHERE compound_id = ?", arguments: [offered, id])
        if let township = row["region_code"] as String? {
            byTownship[String(CompoundRegistry.significantPrefix(township).prefix(9))] = nil
        }
    }

    /// A housing row naming a renamed compound with several former names (a 曾用名 column holding `纺织厂宿舍、棉纺厂宿舍`):
    /// the first of them whose compound is known in the row's region (else the first) is renamed as
    /// `rename(formerName:to:regionCode:)` does, and the others become aliases of the same compound, so that records
    /// writing any of them find it. A compound another former name made on its own (households of an earlier night)
    /// stays: compounds are never merged. Its id.
    func rename(formerNames: [String], to name: String, regionCode: String?) throws -> (id: String, region: String?) {
        let key = CompoundRegistry.matchName(withoutOwnCounty(name, regionCode: regionCode))
        let others = formerNames.filter { former in
            let formerKey = CompoundRegistry.matchName(withoutOwnCounty(former, regionCode: regionCode))
            return !formerKey.isEmpty && formerKey != key
        }
        guard let firstFormer = others.first else {
            return try compoundID(name: name, regionCode: regionCode, listedByHousing: true)
        }
        var chosen = firstFormer
        for former in others where others.count > 1 {
            let formerKey = CompoundRegistry.matchName(withoutOwnCounty(former, regionCode: regionCode))
            if try !compounds(named: formerKey, near: regionCode).isEmpty { chosen = former; break }
        }
        let compound = try rename(formerName: chosen, to: name, regionCode: regionCode)
        for former in others where former != chosen {
            let formerKey = CompoundRegistry.matchName(withoutOwnCounty(former, regionCode: regionCode))
            if try !known(formerKey).contains(where: { $0.id == compound.id }) {
                byName[formerKey, default: []].append(compound)
                answers = [:]
            }
            try keepAlias(formerKey, written: former, of: compound.id)
        }
        return compound
    }

    /// Keeps `written`, a former name of compound `id` whose match name is `key`, in `compound_alias` (once).
    private func keepAlias(_ key: String, written: String, of id: String) throws {
        try db.execute(sql: """
            INSERT INTO compound_alias (match_name, compound_id, name, renamed_run) VALUES (?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """, arguments: [key, id, written, runID])
    }

    /// The compounds of match name `key` whose region lies in the township of `regionCode` or contains it.
    private func compounds(named key: String, near regionCode: String?) throws -> [(id: String, region: String?)] {
        let township = regionCode.map { String(CompoundRegistry.significantPrefix($0).prefix(9)) } ?? ""
        return try known(key).filter { entry in
            let theirs = entry.region.map(CompoundRegistry.significantPrefix) ?? ""
            return theirs.hasPrefix(township) || township.hasPrefix(theirs)
        }
    }

    /// A housing row naming a renamed compound with its former name (`金叶苑（原烟草局宿舍）`): the compound of the
    /// former name in the row's region (else the present name's, found or created as `compoundID` does) takes the
    /// present name and its match name, and keeps the former one in `compound_alias`, so that records naming either
    /// find it. Its id.
    func rename(formerName: String, to name: String, regionCode: String?) throws -> (id: String, region: String?) {
        let formerKey = CompoundRegistry.matchName(withoutOwnCounty(formerName, regionCode: regionCode))
        let key = CompoundRegistry.matchName(withoutOwnCounty(name, regionCode: regionCode))
        guard !formerKey.isEmpty, formerKey != key else {
            return try compoundID(name: name, regionCode: regionCode, listedByHousing: true)
        }
        let former = try compounds(named: formerKey, near: regionCode)
        let compound: (id: String, region: String?)
        if let found = try former.first(where: { try isConfirmedByHousing($0.id) }) ?? former.first {
            compound = found
            try db.execute(sql: "UPDATE dim_compound SET name = ?, match_name = ? WHERE compound_id = ?",
                           arguments: [name, key, found.id])
            if !(byName[key]?.contains(where: { $0.id == found.id }) ?? false) { byName[key, default: []].append(found) }
            byTownship = [:]
            answers = [:]
            renamed?(found.id)
        } else {
            compound = try compoundID(name: name, regionCode: regionCode, listedByHousing: true)
            if !(byName[formerKey]?.contains(where: { $0.id == compound.id }) ?? false) {
                byName[formerKey, default: []].append(compound)
            }
            answers = [:]
        }
        try keepAlias(formerKey, written: formerName, of: compound.id)
        return compound
    }

    /// Remembers that a housing row moved compound `id` to `region` (its 社区 column, finer than the township the
    /// registry created it at): the records of this load that name it afterwards take that region, as they do on a
    /// later night. Call it after `dim_compound.region_code` changed outside `refine`.
    func noteRegion(_ region: String, of id: String) throws {
        let keys = try String.fetchAll(db.cachedStatement(sql: """
            SELECT match_name FROM dim_compound WHERE compound_id = ?1
            UNION SELECT match_name FROM compound_alias WHERE compound_id = ?1
            """), arguments: [id])
        var townships: Set<String> = [String(region.prefix(9))]
        for key in keys {
            guard var list = byName[key] else { continue }
            for at in list.indices where list[at].id == id {
                if let old = list[at].region { townships.insert(String(old.prefix(9))) }
                list[at].region = region
            }
            byName[key] = list
        }
        for township in townships { byTownship[township] = nil }
        answers = [:]
    }

    func isConfirmedByHousing(_ id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT confirmed_by_housing = 1 FROM dim_compound WHERE compound_id = ?"),
                          arguments: [id]) ?? false
    }
}
