import RongtongStaging

/// How the divisions an address reads become its candidate regions and its result: narrowed by the context, merged with it, read from a division column.
extension AddressParser {
    /// Keeps the candidates that agree with the declared context (lie on a context division's lineage). When none
    /// agree with the declared county, the declared prefecture is tried; when none agree with that either, the
    /// text, which named the division outright, wins.
    func narrow(_ candidates: [Int32], byContext context: [Int32]) -> [Int32] {
        guard !context.isEmpty, candidates.count > 0 else { return candidates }
        var anchors = context
        while !anchors.isEmpty {
            let agreeing = candidates.filter { candidate in anchors.contains { directory.areRelated(candidate, $0) } }
            if !agreeing.isEmpty { return agreeing }
            let prefectureDepth = RegionLevel.prefecture.depth
            anchors = Array(Set(anchors.compactMap { anchor -> Int32? in
                let depth = directory.depth(anchor)
                return depth > prefectureDepth ? directory.ancestor(of: anchor, atDepth: depth - 1) : nil
            }))
        }
        return candidates
    }

    /// Combines what the text named with what the context declares: the context goes deeper when it lies below
    /// the text's divisions (text 白云区, context 大山洞街道), and stands alone when the text named nothing.
    func merge(text: [Int32], context: [Int32]) -> [Int32] {
        guard !context.isEmpty else { return text }
        guard !text.isEmpty else { return context }
        let below = context.filter { declared in text.contains { directory.isDescendant(declared, ofOrSelf: $0) } }
        return below.isEmpty ? text : below
    }

    /// One column's value (`贵阳`, `白云区`, `520113`, or a path such as `贵阳市白云区`) as candidates within `scope`.
    func columnCandidates(_ value: [UInt32], level: RegionLevel, scope: [Int32], context: [Int32]) -> [Int32]? {
        var found: [Int32] = []
        if value.allSatisfy(AddressText.isASCIIDigit) {
            if let index = directory.index(ofCode: AddressText.string(value)) { found = [index] }
        } else {
            found = directory.divisionEntries(exactly: value).map(\.region)
            if found.isEmpty {
                // A path (贵阳市白云区); one whose names contradict each other (贵阳市钟山区) fits nothing.
                let reading = readDivisions(value, from: 0, scope: [], context: context)
                if reading.end == value.count, reading.conflict == nil, reading.unplaced.isEmpty, reading.misspelt == nil {
                    found = reading.candidates
                }
            }
        }
        let atLevel = found.filter { directory.depth($0) == level.depth }
        if !atLevel.isEmpty { found = atLevel }
        // 铜仁市 as a county (a 区县 column, `context.county`): the county-level city its seat district was (碧江区).
        if atLevel.isEmpty, level == .county, let code = RegionNameForms.formerSeatCities[AddressText.string(value)],
           let index = directory.index(ofCode: code) {
            found = [index]
        }
        if !scope.isEmpty {
            found = found.filter { candidate in scope.contains { directory.isDescendant(candidate, ofOrSelf: $0) } }
        }
        return found.isEmpty ? nil : narrow(found, byContext: context)
    }

    /// The divisions a source's declared context stands for, narrowed level by level.
    func contextCandidates(_ context: AddressContext) -> [Int32] {
        guard !context.isEmpty else { return [] }
        var scope: [Int32] = []
        for (value, level) in [(context.prefecture, RegionLevel.prefecture), (context.county, .county),
                               (context.township, .township)] {
            guard let value else { continue }
            let scalars = AddressText.scalars(of: HeadName.addressFolded(value))
            guard !scalars.isEmpty else { continue }
            if let found = columnCandidates(scalars, level: level, scope: scope, context: []) {
                scope = found
            } else if let anywhere = columnCandidates(scalars, level: level, scope: [], context: []) {
                // Declarations that contradict each other: the more specific one wins.
                scope = anywhere
            }
        }
        return scope
    }

    /// The parsed address for the final candidates: resolved when one is left, their common ancestor when several;
    /// with a conflict, as the extension's documentation says. `raw` is the address text the dwelling was read
    /// from, whose joiners (`&` of `龙&凤苑`) the compound's name gets back; nil for columns.
    func makeResult(_ candidates: [Int32], written: [WrittenRegion], dwelling: DwellingNumber,
                    conflict: DivisionConflict? = nil, unplaced: [ArraySlice<UInt32>] = [],
                    writtenIn raw: String? = nil) -> ParsedAddress {
        var result = ParsedAddress(compound: dwelling.compound, building: dwelling.building, unit: dwelling.unit,
                                   room: dwelling.room)
        // A bare kind word after a division written short (平坝 + 新村, 播州 + 花圆 misspelt for 花园): the division's
        // name is the compound's.
        if let compound = dwelling.compound,
           Self.compoundKindWords.contains(KindWordMisspellings.meant[compound] ?? compound), let last = written.last,
           let lastScalar = last.text.last, !Self.divisionEndings.contains(lastScalar) {
            result.compound = AddressText.string(last.text) + compound
        }
        // A resettlement site named after its community (碧云社区安置点, 红星移民社区易地扶贫搬迁安置点, 碧云社区安置点
        // 二期, 碧云社区集中安置点): a generic compound word right after a community, listed or not, takes the
        // community's name, so that two sites of one township are two compounds and a 小区 column that spells the
        // site out names the same one. A phase stays in the name (the feeds' normalizers split it off, as for any
        // compound: 碧云社区安置点（二期） is 碧云社区安置点); a section (A区) stays too and makes another compound.
        var communityInCompound: String?
        if let compound = result.compound, Self.isGenericCompound(compound) {
            if let last = written.last, last.depth == RegionLevel.community.depth {
                communityInCompound = AddressText.string(last.text)
            } else if let division = dwelling.unresolvedDivision, division.hasSuffix("社区") || division.hasSuffix("村") {
                communityInCompound = division
            }
            if let community = communityInCompound { result.compound = community + compound }
        }
        // 北门, 东侧, 院内, 停车场旁, 小区, 小区北门: words that say where something stands, or what kind of place, and
        // no name: no compound (facilities of a hundred compounds are written so). The words stay in the address as
        // its spot, where they were written.
        var dwelling = dwelling
        // 台北市大安区和平街道测东升小区: divisions the reference does not know are never part of a compound's name; they
        // are kept as an unresolved division, and the name after them is the compound's.
        if communityInCompound == nil, let compound = result.compound, let path = Self.divisionPath(in: compound) {
            dwelling.unresolvedDivision = (dwelling.unresolvedDivision ?? "") + path.path
            dwelling.compound = path.rest
            result.compound = path.rest
        }
        if let compound = result.compound, DwellingNumber.namesNoPlace(compound) {
            let before = dwelling.streetFollowsCompound ? "" : dwelling.street ?? ""
            let after = dwelling.streetFollowsCompound ? dwelling.street ?? "" : ""
            dwelling.street = before + compound + after
            dwelling.streetFollowsCompound = false
            dwelling.compound = nil
            result.compound = nil
        }
        // 龙&凤苑, 万科·金域华府: the name as written, once what it is has been read without the joiners. A name that
        // took its community's (碧云社区 + 安置点) is the parser's, not written so.
        if let raw, communityInCompound == nil, let compound = result.compound {
            result.compound = AddressText.restoringJoiners(compound, writtenIn: raw)
        }
        result.street = dwelling.street
        result.remark = dwelling.remark
        var unique = Array(Set(candidates)).sorted()
        var listed = unique.count > 1 ? unique : []
        if let conflict {
            if conflict.deeperIsUnique {
                unique = Array(Set(conflict.contradicted + unique)).sorted()
                listed = unique.count > 1 ? unique : []
            } else {
                listed = Array(Set(listed + conflict.outside)).sorted()
            }
        }
        let node: Int32? = unique.count == 1 ? unique[0] : directory.deepestCommonAncestor(of: unique)
        result.ambiguousCandidates = listed.map { directory.nodes[Int($0)].code }
        var normalized = ""
        var nodeDepth = -1
        if let node {
            nodeDepth = directory.depth(node)
            let region = directory.nodes[Int(node)]
            result.regionCode = region.code
            result.regionLevel = region.level
            for depth in 0...nodeDepth {
                let ancestor = directory.ancestor(of: node, atDepth: depth)
                let code = directory.nodes[Int(ancestor)].code
                switch depth {
                case 1: result.prefectureCode = code
                case 2: result.countyCode = code
                case 3: result.townshipCode = code
                case 4: result.communityCode = code
                default: break
                }
                normalized += depth == RegionLevel.community.depth
                    ? directory.canonicalCommunityName(ancestor) : directory.nodes[Int(ancestor)].name
            }
        }
        for part in written where part.depth > nodeDepth { normalized += AddressText.string(part.text) }
        var unresolved = unplaced.map(AddressText.string).joined()
        if let division = dwelling.unresolvedDivision { unresolved += division }
        if !unresolved.isEmpty {
            result.unresolvedDivision = unresolved
            normalized += unresolved
        }
        // A road and door number before a compound (中华北路123号东升小区) are kept: the address is the only column
        // that holds them. A villager group written after a compound (东升小区一组) follows it.
        if let street = dwelling.street, dwelling.compound == nil || !dwelling.streetFollowsCompound { normalized += street }
        if var compound = result.compound {
            if let community = communityInCompound, normalized.hasSuffix(community) { compound.removeFirst(community.count) }
            normalized += compound
        }
        if let street = dwelling.street, dwelling.compound != nil, dwelling.streetFollowsCompound { normalized += street }
        if let building = dwelling.building { normalized += building + "栋" }
        if let unit = dwelling.unit { normalized += unit + "单元" }
        if let room = dwelling.room { normalized += DwellingNumber.roomSpelling(room) }
        result.normalized = normalized
        return result
    }
}
