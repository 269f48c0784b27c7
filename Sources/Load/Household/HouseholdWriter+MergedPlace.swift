import GRDB

/// What a merge of two households does with their places (address, region, compound, building, unit and room): the
/// columns the survivor takes from the absorbed household, and the disagreements to record. Built by
/// `HouseholdWriter.mergedPlace`; `merge` applies it beside the other columns.
struct MergedPlace {
    /// The place columns the survivor takes from the absorbed household (with their field source, also where the
    /// value is equal). A column the absorbed household leaves empty is taken only when the survivor's dwelling
    /// column belonged to another place: it is emptied.
    var taken = ColumnSet()
    /// The place columns whose two values disagree, with the source of the value kept and of the one offered.
    var conflicts: [(column: String, kept: String, offered: String)] = []
}

extension HouseholdWriter {
    /// How the places of two merged households combine. A place is one record's (as for a record, see
    /// `survivingUpdates`): the survivor keeps its own whole place or takes the absorbed household's whole place,
    /// never one's address with the other's compound and room, whichever id survives. The absorbed household's place
    /// wins when the survivor has none; when `preferredIsAbsorbed` is given (a 合户's listing household, whose values
    /// stand), as it says; when the survivor's place is written less precisely than the absorbed one's (and not the
    /// other way round), or resolved no region where the absorbed one did, or is the same flat without its compound
    /// (`completesPlace`), or has no address where the absorbed one has; else when the absorbed household's address
    /// was set by a source `survivorship:` ranks higher for `address` (without a ranking, or ranked alike: set in a
    /// later run). The losing place only fills columns the winning one lacks where both name the same place
    /// (`placeAgrees`: a unit and room, a finer region); a winning place that names another dwelling empties the
    /// survivor's compound, building, unit and room it leaves out. Two regions one within the other are no
    /// disagreement (the finer stands as `survivorship:` for `region_code` allows), nor are a place written less
    /// precisely, or two addresses of one flat; every other differing value of two sources is a conflict, kept by the
    /// winning place's source. `keptAt` and `goneAt` give each column's owner in the survivor and the absorbed
    /// household; no conflicts are returned for a preferred household (its values stand by the merge's own rule).
    func mergedPlace(kept: [DatabaseValue], gone: [DatabaseValue], keptAt: [FieldOwnership?], goneAt: [FieldOwnership?],
                     preferredIsAbsorbed: Bool?) -> MergedPlace {
        let positions = HouseholdWriter.byName.filter { HouseholdWriter.wholePlacePositions.contains($0) }
        let region = HouseholdWriter.regionPosition, address = HouseholdWriter.addressPosition
        var result = MergedPlace()
        guard positions.contains(where: { !gone[$0].isNull }) else { return result }
        let theirsVaguer = HouseholdWriter.placedLessPrecisely(gone, than: kept)
        let mineVaguer = HouseholdWriter.placedLessPrecisely(kept, than: gone)
        let theirsWin: Bool
        if !positions.contains(where: { !kept[$0].isNull }) {
            theirsWin = true
        } else if let preferredIsAbsorbed {
            theirsWin = preferredIsAbsorbed
        } else if theirsVaguer != mineVaguer {
            theirsWin = mineVaguer
        } else if kept[region].isNull != gone[region].isNull {
            theirsWin = kept[region].isNull
        } else if HouseholdWriter.completesPlace(gone, of: kept) {
            theirsWin = true
        } else if HouseholdWriter.completesPlace(kept, of: gone) {
            theirsWin = false
        } else if kept[address].isNull != gone[address].isNull {
            theirsWin = kept[address].isNull
        } else {
            let ranks = survivorship["address"] ?? []
            let mine = keptAt[address], theirs = goneAt[address]
            let mineRank = HouseholdWriter.rank(of: mine?.source, in: ranks)
            let theirsRank = HouseholdWriter.rank(of: theirs?.source, in: ranks)
            theirsWin = theirsRank < mineRank || (theirsRank == mineRank && (theirs?.run ?? 0) > (mine?.run ?? 0))
        }
        let samePlace = HouseholdWriter.placeAgrees(gone, kept)
        let sameFlat = HouseholdWriter.sameDwelling(gone, kept)
        for index in positions {
            let mine = kept[index], theirs = gone[index]
            guard mine != theirs else {
                // An equal value of the winning place is its source's too: the place's provenance names one source.
                if theirsWin, !theirs.isNull, let owner = goneAt[index]?.source, owner != keptAt[index]?.source {
                    result.taken.insert(index)
                }
                continue
            }
            // Two regions of one place, one within the other: the finer stands, as the ranks for `region_code` allow
            // (by default it does); no disagreement either way. A move (another place) brings its own region.
            let nestedRegions = index == region
                && (HouseholdWriter.liesWithin(theirs, mine) || HouseholdWriter.liesWithin(mine, theirs))
            if nestedRegions, samePlace {
                let ranks = survivorship["region_code"] ?? []
                if HouseholdWriter.liesWithin(theirs, mine),
                   HouseholdWriter.rank(of: goneAt[index]?.source, in: ranks) <= HouseholdWriter.rank(of: keptAt[index]?.source, in: ranks) {
                    result.taken.insert(index)
                }
                continue
            }
            if theirsWin {
                if theirs.isNull {
                    if !samePlace, HouseholdWriter.dwellingPositions.contains(index) { result.taken.insert(index) }
                    continue
                }
                // Two addresses of one flat: one that only leaves out a part of the other (its road and door) does not
                // replace it.
                if index == address, sameFlat, let offered = String.fromDatabaseValue(theirs),
                   let stored = String.fromDatabaseValue(mine), HouseholdWriter.leavesOut(offered, of: stored) {
                    continue
                }
                result.taken.insert(index)
            } else if mine.isNull {
                if samePlace { result.taken.insert(index) }
                continue
            } else if theirs.isNull {
                continue
            }
            guard preferredIsAbsorbed == nil, !mine.isNull, !theirs.isNull, !theirsVaguer, !mineVaguer,
                  !nestedRegions, !(index == address && sameFlat),
                  let mineSource = keptAt[index]?.source, let theirsSource = goneAt[index]?.source,
                  mineSource != theirsSource else { continue }
            result.conflicts.append((HouseholdWriter.insertColumns[index], theirsWin ? theirsSource : mineSource,
                                     theirsWin ? mineSource : theirsSource))
        }
        return result
    }
}
