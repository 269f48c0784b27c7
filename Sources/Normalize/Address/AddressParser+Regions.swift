/// How the parser places an address in the division hierarchy.
///
/// Divisions are read left to right, each one deeper than the last and inside the one before it; at every stop the
/// longest name that fits wins. A name that fits several divisions keeps all of them as candidates, and later text
/// (a township, a community) or the source's context narrows them. Whatever is left decides the result: one
/// candidate is a resolved address, several are an ambiguous one.
extension AddressParser {
    /// A division as the text wrote it, kept for the normalized spelling of levels that stayed ambiguous.
    struct WrittenRegion {
        let text: ArraySlice<UInt32>
        let depth: Int
    }

    struct DivisionReading {
        var candidates: [Int32]
        var written: [WrittenRegion]
        var end: Int
    }

    /// Reads consecutive division names from `start`; stops at the first text that is not one.
    func readDivisions(_ text: [UInt32], from start: Int, scope initialScope: [Int32],
                       context: [Int32]) -> DivisionReading {
        var reading = DivisionReading(candidates: initialScope, written: [], end: start)
        var lastDepth = initialScope.first.map { directory.depth($0) } ?? -1
        while reading.end < text.count,
              let step = nextDivision(text, at: reading.end, scope: reading.candidates, lastDepth: lastDepth,
                                      context: context) {
            if !step.candidates.isEmpty {
                reading.candidates = step.candidates
                lastDepth = directory.depth(step.candidates[0])
                reading.written.append(WrittenRegion(text: text[reading.end..<reading.end + step.length],
                                                     depth: lastDepth))
            }
            reading.end += step.length
        }
        return reading
    }

    /// The division named at `position`: its length and candidates (empty candidates: a repeat of the last one,
    /// as in 贵阳市贵阳市白云区, to be skipped). Nil when no division name fits here.
    private func nextDivision(_ text: [UInt32], at position: Int, scope: [Int32], lastDepth: Int,
                              context: [Int32]) -> (length: Int, candidates: [Int32])? {
        var matches: [(Int, [NameTrie.Entry])] = []
        directory.divisionTrie.forEachMatch(in: text, from: position) { matches.append(($0, $1)) }
        for (length, entries) in matches.reversed() {
            var accepted: [Int32] = []
            var repeatsLast = false
            for entry in entries {
                let region = entry.region
                let depth = directory.depth(region)
                if depth <= lastDepth {
                    if scope.contains(region) { repeatsLast = true }
                    continue
                }
                if !scope.isEmpty, !scope.contains(where: { directory.isDescendant(region, ofOrSelf: $0) }) {
                    continue
                }
                // A bare county name (南明, 花溪) opens many compound names (花溪苑小区); trust it only right
                // after its prefecture (贵阳南明) or before a deeper division (南明新华路街道).
                if entry.form == .bare, depth >= RegionLevel.county.depth,
                   lastDepth != RegionLevel.prefecture.depth,
                   !leadsToDeeperRegion(text, at: position + length, below: region) {
                    continue
                }
                accepted.append(region)
            }
            if accepted.isEmpty {
                if repeatsLast { return (length, []) }
                continue
            }
            let shallowest = accepted.map { directory.depth($0) }.min()!
            accepted = accepted.filter { directory.depth($0) == shallowest }
            return (length, narrow(accepted, byContext: context))
        }
        return nil
    }

    private func leadsToDeeperRegion(_ text: [UInt32], at position: Int, below region: Int32) -> Bool {
        guard position < text.count else { return false }
        var found = false
        directory.divisionTrie.forEachMatch(in: text, from: position) { _, entries in
            if entries.contains(where: { $0.form != .bare && $0.region != region
                && directory.isDescendant($0.region, ofOrSelf: region) }) {
                found = true
            }
        }
        if found { return true }
        return directory.communityMatches(in: text, from: position)
            .contains { directory.isDescendant($0.region, ofOrSelf: region) }
    }

    /// Keeps the candidates that agree with the declared context (lie on a context division's lineage). When none
    /// agree with the declared county, the declared prefecture is tried; when none agree with that either, the
    /// text, which named the division outright, wins.
    private func narrow(_ candidates: [Int32], byContext context: [Int32]) -> [Int32] {
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

    /// A community written at `position` within `scope`; with `wholeText`, the whole text must be the community
    /// (a 社区 column), and a bare stem (东升) is enough.
    func readCommunity(_ text: [UInt32], at position: Int, scope: [Int32],
                       wholeText: Bool) -> (candidates: [Int32], end: Int)? {
        guard position < text.count else { return nil }
        var matches = directory.communityMatches(in: text, from: position)
        if wholeText {
            matches = matches.filter { $0.length == text.count - position }
            for entry in directory.communityTrie.entries(exactly: Array(text[position...])) where entry.form == .stem {
                matches.append(.init(region: entry.region, length: text.count - position,
                                     writtenKind: directory.communityKinds[Int(entry.region)]))
            }
        }
        if !scope.isEmpty {
            matches = matches.filter { match in scope.contains { directory.isDescendant(match.region, ofOrSelf: $0) } }
        }
        guard let longest = matches.map(\.length).max() else { return nil }
        let best = matches.filter { $0.length == longest }
        // 东升社区 prefers 东升居委会 over 东升村村委会 in the same township, and 东升村 the reverse.
        let sameKind = best.filter { directory.communityKinds[Int($0.region)] == $0.writtenKind }
        let chosen = Set((sameKind.isEmpty ? best : sameKind).map(\.region)).sorted()
        return (chosen, position + longest)
    }

    /// One column's value (`贵阳`, `白云区`, `520113`, or a path such as `贵阳市白云区`) as candidates within `scope`.
    func columnCandidates(_ value: [UInt32], level: RegionLevel, scope: [Int32], context: [Int32]) -> [Int32]? {
        var found: [Int32] = []
        if value.allSatisfy(AddressText.isASCIIDigit) {
            if let index = directory.index(ofCode: AddressText.string(value)) { found = [index] }
        } else {
            found = directory.divisionTrie.entries(exactly: value).map(\.region)
            if found.isEmpty {
                let reading = readDivisions(value, from: 0, scope: [], context: context)
                if reading.end == value.count { found = reading.candidates }
            }
        }
        let atLevel = found.filter { directory.depth($0) == level.depth }
        if !atLevel.isEmpty { found = atLevel }
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
            let scalars = AddressText.scalars(of: value)
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

    /// The parsed address for the final candidates: resolved when one is left, their common ancestor when several.
    func makeResult(_ candidates: [Int32], written: [WrittenRegion], dwelling: DwellingNumber) -> ParsedAddress {
        var result = ParsedAddress(compound: dwelling.compound, building: dwelling.building, unit: dwelling.unit,
                                   room: dwelling.room)
        let unique = Array(Set(candidates)).sorted()
        let node: Int32? = unique.count == 1 ? unique[0] : directory.deepestCommonAncestor(of: unique)
        if unique.count > 1 {
            result.ambiguousCandidates = unique.map { directory.nodes[Int($0)].code }
        }
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
        if let compound = dwelling.compound { normalized += compound }
        if let building = dwelling.building { normalized += building + "栋" }
        if let unit = dwelling.unit { normalized += unit + "单元" }
        if let room = dwelling.room { normalized += room + "室" }
        result.normalized = normalized
        return result
    }
}
