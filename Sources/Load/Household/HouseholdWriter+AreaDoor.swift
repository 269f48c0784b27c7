import GRDB
import RongtongStaging

/// Houses in an area of houses (a shantytown, 片区 or urban village: `AreaOfHouses`) by their own doors.
///
/// A census row names the area in its 小区 column and the house's door in its address (`丁字口棚户区` and
/// `新华村六组21号`): the household's address is `…舟水桥街道丁字口棚户区新华村6组21号`, compound 丁字口棚户区. The registry
/// writes the same door without the area (`红花岗区舟水桥街道新华村六组21号`, no compound). Both are one door: the record
/// of either links to the households at it, by the head's name, as at a villager's door.
extension HouseholdWriter {
    /// The households at the door the record writes, in or outside an area of houses, that the door rule for
    /// households without a compound (`byDoor` on the whole address) does not reach, with that door: for a record
    /// in an area (`compoundID`), those at its door written without the area and those of the area at the same
    /// door; for a record without a compound, those of its township's areas at its door. Nil when the record writes
    /// no door (a building, unit or no door number), is placed above a township, or its township has no area.
    func householdsAtAreaDoor(_ c: HouseholdCandidate, compoundID: String?) throws -> (door: String, rows: [StoredHousehold])? {
        guard c.building == nil, c.unit == nil, let address = c.address, let region = c.regionCode,
              CompoundRegistry.significantPrefix(region).count >= 9, let regionNames,
              let divisions = try regionNames.fullName(region), address.hasPrefix(divisions) else { return nil }
        let township = String(region.prefix(9))
        if let compoundID {
            // The record names the area: the door is what follows the area's name.
            guard let area = try areaName(compoundID), AreaOfHouses.names(area),
                  let range = address.range(of: area, options: .backwards),
                  range.lowerBound >= address.index(address.startIndex, offsetBy: divisions.count) else { return nil }
            let before = String(address[..<range.lowerBound]), rest = String(address[range.upperBound...])
            guard !rest.isEmpty, let door = HouseholdWriter.door(of: before + rest, room: c.room) else { return nil }
            noteArea(compoundID, name: area, township: township)
            let outside = try StoredHousehold.fetchAll(bound(byDoor, before + rest))
            return (door, outside + (try households(in: compoundID, at: [address, before + rest])))
        }
        guard let door = HouseholdWriter.door(of: address, room: c.room) else { return nil }
        let rest = String(address.dropFirst(divisions.count))
        guard !rest.isEmpty else { return nil }
        var rows: [StoredHousehold] = []
        for area in try areas(inTownship: township) {
            rows += try households(in: area.id, at: [divisions + area.name + rest, address])
        }
        return rows.isEmpty ? nil : (door, rows)
    }

    /// The households of area `compoundID` without a building or unit whose address is one of `addresses`.
    private func households(in compoundID: String, at addresses: [String]) throws -> [StoredHousehold] {
        byAreaDoor.bind(1, compoundID); byAreaDoor.bind(2, addresses[0]); byAreaDoor.bind(3, addresses[1])
        return try StoredHousehold.fetchAll(byAreaDoor)
    }

    /// The compound's name as `dim_compound` spells it (the spelling addresses are written with).
    private func areaName(_ compoundID: String) throws -> String? {
        if let known = compoundNames[compoundID] { return known }
        if compoundNames.count >= 10_000 { compoundNames = [:] }
        let name = try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM dim_compound WHERE compound_id = ?"),
                                       arguments: [compoundID])
        compoundNames[compoundID] = name
        return name
    }

    /// The areas of houses among the compounds placed in the township (9-digit prefix) or finer: read from
    /// `dim_compound` once per load, with the areas this load's records named since (`noteArea`).
    private func areas(inTownship township: String) throws -> [(id: String, name: String)] {
        if areasByTownship == nil {
            var all: [String: [(id: String, name: String)]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT compound_id, name, region_code FROM dim_compound WHERE region_code IS NOT NULL") {
                let name: String = row["name"], region: String = row["region_code"]
                guard AreaOfHouses.names(name), CompoundRegistry.significantPrefix(region).count >= 9 else { continue }
                all[String(region.prefix(9)), default: []].append((row["compound_id"], name))
            }
            areasByTownship = all
        }
        return areasByTownship?[township] ?? []
    }

    /// Remembers an area of houses a record of this load named in the township, for the records after it.
    private func noteArea(_ compoundID: String, name: String, township: String) {
        guard areasByTownship != nil, !(areasByTownship?[township]?.contains { $0.id == compoundID } ?? false) else { return }
        areasByTownship?[township, default: []].append((compoundID, name))
    }
}
