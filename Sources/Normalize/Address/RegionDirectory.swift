/// Every Guizhou division (province to township, NBS 2023) and village-level community (NBS 2021), held in memory
/// with name indexes so that millions of addresses resolve without touching a database.
///
/// Load it once per run and share it; it is immutable and safe to use from any thread.
///
/// ```swift
/// let directory = try RegionDirectory.bundled()
/// directory.regions(named: "黔南州", level: .prefecture, under: nil).map(\.code)   // ["522700000000"]
/// ```
public final class RegionDirectory: Sendable {
    /// All regions, sorted by code (so every parent precedes its children).
    let nodes: [Region]
    let indexByCode: [String: Int32]
    /// `lineage[i * 5 + d]` is the index of node i's ancestor at depth d (itself at its own depth), or -1.
    let lineage: [Int32]
    let depths: [UInt8]
    /// Per node: neighbourhood or village for communities, unknown for divisions.
    let communityKinds: [RegionNameForms.CommunityKind]
    /// Per community: its stem, for the canonical spelling `<stem>社区` / `<stem>村`.
    let communityStems: [Int32: String]
    /// Names of provinces, prefectures, counties and townships in every written form.
    let divisionTrie: NameTrie
    /// Community names, committee-less names and stems.
    let communityTrie: NameTrie
    /// Per ethnic division (autonomous prefecture or county, ethnic township): its nationalities and the endings
    /// its name is written with, for names the trie cannot hold (威宁布依族自治县).
    let ethnicNames: [Int32: EthnicName]

    struct EthnicName: Sendable {
        /// As the official name lists them (彝族, 回族, 苗族).
        let nationalities: [String]
        /// Longest first (自治县, 县); `marked` for those with 自治.
        let endings: [(word: [UInt32], marked: Bool)]
        /// 自治州 for an autonomous county, which writers sometimes put for 自治县 (`威宁彝族自治州`); nil otherwise.
        var otherLevelEnding: [UInt32]? = nil
    }

    /// Builds the directory from regions in any order. A region whose parent is missing (the reference's four
    /// 2021 communities of townships abolished by 2023) is left out, since it cannot be placed in the hierarchy.
    public init(regions: [Region]) {
        let sorted = regions.sorted { $0.code < $1.code }
        var nodes: [Region] = []
        var indexByCode: [String: Int32] = [:]
        var lineage: [Int32] = []
        var depths: [UInt8] = []
        nodes.reserveCapacity(sorted.count)
        lineage.reserveCapacity(sorted.count * 5)
        for region in sorted where indexByCode[region.code] == nil {
            let depth = region.level.depth
            var row = [Int32](repeating: -1, count: 5)
            if let parentCode = region.parentCode, !parentCode.isEmpty {
                guard let parent = indexByCode[parentCode] else { continue }
                for d in 0..<5 { row[d] = lineage[Int(parent) * 5 + d] }
            } else if depth != 0 {
                continue
            }
            let index = Int32(nodes.count)
            row[depth] = index
            nodes.append(region)
            indexByCode[region.code] = index
            lineage.append(contentsOf: row)
            depths.append(UInt8(depth))
        }

        var kinds = [RegionNameForms.CommunityKind](repeating: .unknown, count: nodes.count)
        var stems: [Int32: String] = [:]
        var divisionTrie = NameTrie()
        var communityTrie = NameTrie()
        for (offset, region) in nodes.enumerated() {
            let index = Int32(offset)
            if region.level == .community {
                let forms = RegionNameForms.communityForms(of: region.name)
                kinds[offset] = forms.kind
                stems[index] = forms.stem
                communityTrie.insert(AddressText.scalars(of: region.name), .init(region: index, form: .official))
                if let plain = forms.plain {
                    communityTrie.insert(AddressText.scalars(of: plain), .init(region: index, form: .suffixed))
                }
                communityTrie.insert(AddressText.scalars(of: forms.stem), .init(region: index, form: .stem))
            } else {
                for (name, form) in RegionNameForms.divisionForms(of: region) {
                    divisionTrie.insert(AddressText.scalars(of: name), .init(region: index, form: form))
                }
                for name in RegionNameForms.formerTownshipForms(of: region) {
                    divisionTrie.insert(AddressText.scalars(of: name), .init(region: index, form: .former))
                }
            }
        }
        // Ethnic divisions written with part of their nationalities or in another order (威宁彝族自治县), indexed
        // once every official name is: a reordering never shadows another division's official name (兴隆苗族乡 is
        // 大方县's, not 思南县's 兴隆土家族苗族乡 written short).
        var ethnicNames: [Int32: EthnicName] = [:]
        for (offset, region) in nodes.enumerated() where region.level != .community {
            if let ending = RegionNameForms.ethnicEndings.first(where: { region.name.hasSuffix($0.official) }),
               let base = RegionNameForms.strip(region.name, suffix: ending.official),
               case let groups = RegionNameForms.splitEthnicGroups(base).groups, !groups.isEmpty {
                ethnicNames[Int32(offset)] = EthnicName(
                    nationalities: groups,
                    endings: ending.written.sorted { $0.count > $1.count }
                        .map { (AddressText.scalars(ofLiteral: $0), $0.hasPrefix("自治")) },
                    otherLevelEnding: ending.official == "自治县" ? AddressText.scalars(ofLiteral: "自治州") : nil)
            }
            for name in RegionNameForms.ethnicGroupForms(of: region) {
                let scalars = AddressText.scalars(of: name)
                guard !divisionTrie.entries(exactly: scalars).contains(where: { $0.form == .official }) else { continue }
                divisionTrie.insert(scalars, .init(region: Int32(offset), form: .suffixed))
            }
        }
        for (name, code) in RegionNameForms.formerCountyNames {
            if let index = indexByCode[code] {
                divisionTrie.insert(AddressText.scalars(of: name), .init(region: index, form: .suffixed))
            }
        }

        self.nodes = nodes
        self.indexByCode = indexByCode
        self.lineage = lineage
        self.depths = depths
        self.communityKinds = kinds
        self.communityStems = stems
        self.divisionTrie = divisionTrie
        self.communityTrie = communityTrie
        self.ethnicNames = ethnicNames
    }

    /// The region with this 12-digit code. Shorter GB/T 2260 forms (6-digit county, 9-digit township) are padded.
    public func region(code: String) -> Region? {
        index(ofCode: code).map { nodes[Int($0)] }
    }

    /// Every region, sorted by code: the rows of the warehouse's `dim_region`.
    public var allRegions: [Region] { nodes }

    /// Resolves a name — official (`贵阳市`, `都拉布依族乡`, `东升社区居委会`) or as people write it (`贵阳`, `黔南州`,
    /// `黔东南`, `南明`, `都拉乡`, `东升社区`) — to every region it can mean, optionally only at `level` and only below
    /// `parentCode` (any ancestor, not just the direct parent). Sorted by code; empty when nothing fits.
    ///
    /// ```swift
    /// directory.regions(named: "龙场镇", level: .township, under: nil).count   // 5: the name repeats
    /// ```
    public func regions(named name: String, level: RegionLevel?, under parentCode: String?) -> [Region] {
        let text = AddressText.scalars(of: name)
        guard !text.isEmpty else { return [] }
        var found: [NameTrie.Entry] = divisionTrie.entries(exactly: text)
        for match in communityMatches(in: text, from: 0) where match.length == text.count {
            found.append(.init(region: match.region, form: .official))
        }
        var parent: Int32?
        if let parentCode {
            guard let index = index(ofCode: parentCode) else { return [] }
            parent = index
        }
        var matching = found.filter { entry in
            let candidate = entry.region
            if let level, depths[Int(candidate)] != UInt8(level.depth) { return false }
            if let parent, candidate == parent || !isDescendant(candidate, ofOrSelf: parent) { return false }
            return true
        }
        // A township's former name (红果镇) only where no current name fits.
        if matching.contains(where: { $0.form != .former }) { matching.removeAll { $0.form == .former } }
        // 毕节市 as a county: the county-level city the prefecture's seat district was until its prefecture took the
        // name (毕节市 → 七星关区 in 2011). Only asked for at county level, so 毕节市 stays the prefecture elsewhere.
        if matching.isEmpty, level == .county, let code = RegionNameForms.formerSeatCities[name],
           let index = index(ofCode: code), parent.map({ isDescendant(index, ofOrSelf: $0) && index != $0 }) ?? true {
            return [nodes[Int(index)]]
        }
        return Set(matching.map(\.region)).sorted().map { nodes[Int($0)] }
    }

    // MARK: - Index arithmetic used by the parser

    /// The divisions named exactly `name`; a township's former name (`红果镇`) only when no current name fits.
    func divisionEntries(exactly name: [UInt32]) -> [NameTrie.Entry] {
        let entries = divisionTrie.entries(exactly: name)
        guard entries.contains(where: { $0.form == .former }),
              entries.contains(where: { $0.form != .former }) else { return entries }
        return entries.filter { $0.form != .former }
    }

    func index(ofCode code: String) -> Int32? {
        // A code as the directory writes it (12 ASCII digits, every code a parsed address carries) is its own key.
        if code.utf8.count == 12, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return indexByCode[code] }
        var digits = TextCleaning.digits(code)
        guard [2, 4, 6, 9, 12].contains(digits.count) else { return nil }
        if digits.count < 12 { digits += String(repeating: "0", count: 12 - digits.count) }
        return indexByCode[digits]
    }

    func depth(_ node: Int32) -> Int { Int(depths[Int(node)]) }

    func ancestor(of node: Int32, atDepth depth: Int) -> Int32 { lineage[Int(node) * 5 + depth] }

    /// True when `node` is `ancestor` or lies below it.
    func isDescendant(_ node: Int32, ofOrSelf ancestor: Int32) -> Bool {
        lineage[Int(node) * 5 + Int(depths[Int(ancestor)])] == ancestor
    }

    /// True when one of the two lies on the other's lineage.
    func areRelated(_ a: Int32, _ b: Int32) -> Bool {
        isDescendant(a, ofOrSelf: b) || isDescendant(b, ofOrSelf: a)
    }

    /// The deepest region that is `node` or an ancestor of every node in `nodes` (at worst the province).
    func deepestCommonAncestor(of nodes: [Int32]) -> Int32? {
        guard let first = nodes.first else { return nil }
        var best: Int32?
        let shallowest = nodes.map { depth($0) }.min() ?? 0
        for d in 0...shallowest {
            let candidate = ancestor(of: first, atDepth: d)
            guard candidate >= 0, nodes.allSatisfy({ ancestor(of: $0, atDepth: d) == candidate }) else { break }
            best = candidate
        }
        return best
    }

    /// A community written at `start`: by its full or committee-less name (optionally followed by a committee
    /// word), or by its stem followed by a community suffix. One row per (length, community) reading.
    func communityMatches(in text: [UInt32], from start: Int) -> [CommunityMatch] {
        var matches: [CommunityMatch] = []
        communityTrie.forEachMatch(in: text, from: start) { length, entries in
            let end = start + length
            for entry in entries {
                if entry.form == .stem {
                    if let suffix = RegionNameForms.writtenCommunitySuffixList.firstMatch(in: text, at: end) {
                        let suffixLength = RegionNameForms.writtenCommunitySuffixList.words[suffix].count
                        matches.append(CommunityMatch(region: entry.region, length: length + suffixLength,
                                                      writtenKind: RegionNameForms.writtenCommunitySuffixKinds[suffix]))
                    }
                } else {
                    let trailing = RegionNameForms.trailingCommitteeWordList.firstMatch(in: text, at: end)
                        .map { RegionNameForms.trailingCommitteeWordList.words[$0].count } ?? 0
                    matches.append(CommunityMatch(region: entry.region, length: length + trailing,
                                                  writtenKind: communityKinds[Int(entry.region)]))
                }
            }
        }
        return matches
    }

    /// A reading of text as one community.
    struct CommunityMatch {
        let region: Int32
        let length: Int
        /// The kind the writing implies (社区/居委会 → neighbourhood, 村/村委会 → village).
        let writtenKind: RegionNameForms.CommunityKind
    }

    /// `<stem>社区` for a neighbourhood committee, `<stem>村` for a village: one spelling however it was written.
    func canonicalCommunityName(_ node: Int32) -> String {
        let stem = communityStems[node] ?? nodes[Int(node)].name
        switch communityKinds[Int(node)] {
        case .village: return stem.hasSuffix("村") ? stem : stem + "村"
        case .neighbourhood, .unknown: return stem + "社区"
        }
    }
}
