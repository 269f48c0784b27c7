import RongtongConfig
import RongtongStaging

/// What a location's warnings say: which column is at fault, the hints naming namesakes and where a village lies, and a county column the record's finer columns overrule.
extension LocationResolver {
    /// Where an `unresolved_division` record is placed, naming the division (`the record is placed at 舟水桥街道, the
    /// level that resolved`), so that the reject line's value after it (`(新华村)`, the name that did not resolve) is
    /// not read as that level, and the line has one pair of brackets, not two.
    /// What an `unresolved_division` warning adds for a village (`割麻村`) whose stem a 社区 under the resolved region
    /// has (割麻社区 of 董公寺街道): the candidates, and how to say which is meant. Empty for any other name.
    func sameStemHint(_ division: String, _ parsed: ParsedAddress) -> String {
        let candidates = directory.neighbourhoodsSharingStem(of: division, under: parsed.regionCode)
        guard let township = candidates.first?.township else { return "" }
        let named = candidates.map { "\($0.community) of \($0.township) (\($0.county))" }.joined(separator: ", ")
        let which = named + (candidates.count == 1 ? " has its name" : " have its name")
        return ": a 村 is read as a 社区 of its name only inside the township the address or context names, and \(which);"
            + " write the township before it (\(township)\(division)), or set context: {township: \(township)} on a source"
            + " that covers that township alone"
    }

    /// The column a villager's door lacks its village in: the 村 column left empty in the record; in a file without
    /// one, the 乡镇 (else 组) column of a record placed no finer than its county. Nil when the door has its village, or
    /// the file has no 村 column and the record its township (a township's census written by 组 alone).
    func doorsMissingPlaceColumn(_ parsed: ParsedAddress, _ written: [String?]) -> String? {
        if isEmptyColumn("community", in: written) { return plan.sourceField(for: "community") }
        guard plan.fieldSlots(for: "community").isEmpty, (parsed.regionLevel ?? .province) < .township else { return nil }
        return plan.sourceField(for: "township") ?? plan.sourceField(for: "villager_group")
    }

    /// The record's division columns read again without its 县 column, when that column stands alone against the
    /// finer ones: its 乡镇 names no township of the county (or is empty) and its 村（社区） no village the reference
    /// lists there. Read in the county's prefecture (first within the county the source's context declares), they
    /// place the record at one village; `corroborated` when a second witness names it too: the 乡镇 column names
    /// that village's township (西江镇 beside 麻料村, both of 雷山县, under 县 丹寨县), or the village lies in the
    /// county the source's context declares. Only then is the county column overruled. Nil when the columns place
    /// no single village so, or the source's context itself names the column's county.
    func readingWithoutCountyColumn(_ parsed: ParsedAddress, _ rowContext: AddressContext,
                                            _ locate: (AddressContext) -> ParsedAddress,
                                            _ text: (String) -> String?) -> (parsed: ParsedAddress, corroborated: Bool)? {
        guard text("county") != nil, text("community") != nil, parsed.unresolvedDivision != nil, !parsed.isAmbiguous,
              parsed.regionLevel == .county, !parsed.unresolvedColumnLevels.contains(.county),
              let county = parsed.countyCode, let prefecture = parsed.prefectureCode,
              text("township") == nil || parsed.unresolvedColumnLevels.contains(.township) else { return nil }
        let declared = contextRegionCode.flatMap { directory.region(code: $0) }.flatMap { $0.level >= .county ? $0 : nil }
        let declaredCounty = declared.map { String($0.code.prefix(6)) + "000000" }
        if let declaredCounty, declaredCounty == county { return nil }
        var within = rowContext
        within.prefecture = prefecture
        within.county = nil
        var readings = [within]
        if let declaredCounty {
            var inDeclared = within
            inDeclared.county = declaredCounty
            readings.insert(inDeclared, at: 0)
        }
        var uncorroborated: ParsedAddress?
        for own in readings {
            let reading = locate(own)
            guard reading.regionLevel == .community, !reading.isAmbiguous, reading.unresolvedDivision == nil,
                  let village = reading.regionCode, !isWithin(village, county) else { continue }
            let townshipAgrees = text("township") != nil && !reading.unresolvedColumnLevels.contains(.township)
            let contextHolds = declaredCounty.map { isWithin(village, $0) } ?? false
            if townshipAgrees || contextHolds { return (reading, true) }
            if uncorroborated == nil { uncorroborated = reading }
        }
        return uncorroborated.map { ($0, false) }
    }

    /// The `unresolved_division` message of a 县 column that the record's finer columns overruled
    /// (`readingWithoutCountyColumn`): what they name, where that lies, and where the record is placed.
    func overruledCountyMessage(_ written: String, _ overruled: ParsedAddress, _ parsed: ParsedAddress,
                                        region: String, county: String, _ text: (String) -> String?) -> String {
        var witnesses: [String] = []
        if let township = text("township"), !parsed.unresolvedColumnLevels.contains(.township),
           let column = plan.sourceField(for: "township") {
            witnesses.append("\(column) \(township)")
        }
        if let village = text("community"), let column = plan.sourceField(for: "community") {
            witnesses.append("\(column) \(village)")
        }
        let named = witnesses.joined(separator: " and ")
        let lie = witnesses.count == 1 ? "lies" : "lie"
        let byContext = witnesses.count == 1 ? ", the county the source's context names" : ""
        let by = witnesses.count == 1 ? "its \(plan.sourceField(for: "community") ?? "village") and the source's context"
            : "its " + [plan.sourceField(for: "township"), plan.sourceField(for: "community")].compactMap { $0 }.joined(separator: " and ")
        let above = overruled.countyCode.map { "\(directory.fullName(code: $0)) (\($0))" } ?? written
        return "\"\(written)\" is not the county of the record's \(named), which \(lie) in \(directory.fullName(code: county)) (\(county))\(byContext), not in \(above); the value is dropped, and the record is placed at \(directory.addressName(code: region)) (\(region)) by \(by)"
    }

    /// What an `unresolved_division` warning of a 村 column adds when, read without the record's 县 column, it names
    /// one village of the county's prefecture that no second column confirms (`readingWithoutCountyColumn`): where
    /// that village lies, so that the 县 column is checked too. Empty otherwise.
    func namesakeHint(_ reading: (parsed: ParsedAddress, corroborated: Bool)?, _ text: (String) -> String?) -> String {
        guard let reading, !reading.corroborated, let village = reading.parsed.regionCode,
              let county = reading.parsed.countyCode, let column = plan.sourceField(for: "county"),
              let written = text("county") else { return "" }
        return ". A village of that name lies in \(directory.addressName(code: village)) (\(village)), in \(directory.region(code: county)?.name ?? county): is the \(column) value \(written) right?"
    }

    /// What placed a record below the `level` of a division column that named nothing: its finest column that did
    /// (`its 村（社区）`), else the source's context.
    func placer(finerThan level: RegionLevel, _ parsed: ParsedAddress, _ text: (String) -> String?) -> String {
        let finer: [(canonical: String, level: RegionLevel)] = [("township", .township), ("community", .community)]
        let column = finer.last { column in
            column.level > level && text(column.canonical) != nil && !parsed.unresolvedColumnLevels.contains(column.level)
        }
        return column.flatMap { plan.sourceField(for: $0.canonical) }.map { "its \($0)" } ?? "the source's context"
    }

    func placement(_ parsed: ParsedAddress) -> String {
        guard let name = parsed.regionCode.flatMap({ directory.region(code: $0)?.name }) else {
            return "the record is placed there, at the level that resolved"
        }
        return "the record is placed at \(name), the level that resolved"
    }

    /// What an `ambiguous_region` warning says: the divisions the text fits and where the record was kept, or, when
    /// every listed division lies outside the county the text names (西秀区塔山街道), that the county was kept.
    func ambiguityMessage(_ parsed: ParsedAddress) -> String {
        let listed = parsed.ambiguousCandidates.map { "\(directory.fullName(code: $0)) (\($0))" }.joined(separator: ", ")
        guard let kept = parsed.regionCode, let level = parsed.regionLevel else {
            return "fits several divisions (\(listed)); kept no region"
        }
        let keptPrefix = kept.prefix(level.codePrefixLength)
        if !parsed.ambiguousCandidates.contains(where: { $0.hasPrefix(keptPrefix) }) {
            return "names a division outside \(directory.fullName(code: kept)) (\(kept)), which the address also names: \(listed); the record is kept at \(kept)"
        }
        return "fits several divisions (\(parsed.ambiguousCandidates.joined(separator: ", "))); kept their common ancestor \(kept)"
    }
}
