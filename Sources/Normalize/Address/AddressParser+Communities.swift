/// Communities and villages (社区, 村) and the villager groups after them (3组, 第三村民小组): how the parser reads the
/// community level of an address, and why a 村 is never a neighbourhood committee outside its township.
extension AddressParser {
    /// Whether a villager group starts at `position` (3组, 三组, 第3组, 第三村民小组): what follows a village (or a
    /// township), never a compound's name (雷山县西江3组12号); 3组团 is part of a compound's name.
    func startsVillagerGroup(_ text: [UInt32], at position: Int) -> Bool {
        var index = position
        if index < text.count, text[index] == Scalars.di { index += 1 }
        let digits = index
        while index < text.count, AddressText.isNumeral(text[index]) { index += 1 }
        guard index > digits, let word = Scalars.groupWords.firstMatch(in: text, at: index) else { return false }
        let end = index + Scalars.groupWords.words[word].count
        return end >= text.count || text[end] != Scalars.tuan
    }

    /// The villages (村) whose name without 村 is `stem`, lying in one of `anchors` (none when there are no anchors):
    /// what a name written right before its villager group means (艺奇6组 is 艺奇村6组).
    func villagesNamed(_ stem: ArraySlice<UInt32>, within anchors: [Int32]) -> [Int32] {
        guard !anchors.isEmpty else { return [] }
        return directory.communityTrie.entries(exactly: Array(stem)).compactMap { entry in
            guard entry.form == .stem, directory.communityKinds[Int(entry.region)] == .village,
                  anchors.contains(where: { directory.isDescendant(entry.region, ofOrSelf: $0) }) else { return nil }
            return entry.region
        }
    }

    /// A community written at `position` within `scope`; with `wholeText`, the whole text must be the community
    /// (a 社区 column), and a bare stem (东升) is enough. Within a known scope, a village's name written without 村
    /// right before its villager group (艺奇6组, 坪地第一村民小组) is the village too: `villageWordLeftOut` then says so.
    func readCommunity(_ text: [UInt32], at position: Int, scope: [Int32],
                       wholeText: Bool) -> (candidates: [Int32], end: Int, villageWordLeftOut: Bool)? {
        guard position < text.count else { return nil }
        var matches = directory.communityMatches(in: text, from: position)
        var beforeGroup: (length: Int, villages: [Int32])?
        if !wholeText, !scope.isEmpty {
            directory.communityTrie.forEachMatch(in: text, from: position) { length, _ in
                guard startsVillagerGroup(text, at: position + length) else { return }
                let villages = villagesNamed(text[position..<position + length], within: scope)
                if !villages.isEmpty { beforeGroup = (length, villages) }
            }
        }
        if let beforeGroup, !matches.contains(where: { $0.length >= beforeGroup.length }) {
            return (beforeGroup.villages.sorted(), position + beforeGroup.length, true)
        }
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
        matches.removeAll { writesVillageForNeighbourhood($0, scope: scope) }
        // 平坝新村, 白云新村: a compound named after its county, not a village called 新村 in some township of it.
        if !wholeText {
            matches = matches.filter { match in
                !Self.compoundKindWords.contains(AddressText.string(text[position..<(position + match.length)]))
            }
        }
        guard let longest = matches.map(\.length).max() else { return nil }
        let best = matches.filter { $0.length == longest }
        // 东升社区 prefers 东升居委会 over 东升村村委会 in the same township, and 东升村 the reverse.
        let sameKind = best.filter { directory.communityKinds[Int($0.region)] == $0.writtenKind }
        let chosen = Set((sameKind.isEmpty ? best : sameKind).map(\.region)).sorted()
        if !wholeText, let landmark = Self.committeeBeforeSide(text, from: position, to: position + longest) {
            return (chosen, landmark.start, landmark.villageWordLeftOut)
        }
        return (chosen, position + longest, false)
    }

    /// Committee words a village's or community's name may be written with, longest first.
    static let committeeWords = ["村民委员会", "居民委员会", "村委会", "居委会", "委员会", "村委", "居委"]
        .map(AddressText.scalars(ofLiteral:))

    /// 马岩村村委会旁, 马岩村委会旁, 东山社区居委会对面: where the community read at `text[start..<end]` ends in a
    /// committee word followed by the side a house stands on (`DwellingNumber.doorSides`): the committee's office is
    /// a landmark door, as `马岩村1组村委会旁` writes it, not the committee word of the village's name, so the village
    /// ends before it (`villageWordLeftOut` when what is left of the name lacks its 村: 马岩 of 马岩村委会旁). Nil
    /// when no side follows (`马岩村村委会` alone names the village).
    static func committeeBeforeSide(_ text: [UInt32], from start: Int,
                                    to end: Int) -> (start: Int, villageWordLeftOut: Bool)? {
        guard end < text.count,
              DwellingNumber.doorSides.contains(where: { AddressText.hasPrefix($0, in: text, at: end) }) else { return nil }
        for word in committeeWords where end - word.count >= start + 2 && AddressText.hasSuffix(word, in: text[start..<end]) {
            let cut = end - word.count
            let named = text[start..<cut]
            let complete = named.last == Scalars.cun || AddressText.hasSuffix(Self.communityWord, in: named)
            return (cut, !complete && word.first == Scalars.cun)
        }
        return nil
    }

    private static let communityWord = AddressText.scalars(ofLiteral: "社区")

    /// Whether `match` reads a village written with 村 (`仁怀市龙井村3组5号`) as a neighbourhood committee of that stem
    /// (龙井社区 of 苍龙街道, a town's street committee): a 村 means a village, so such a match counts only inside
    /// the township the text or context named, where a village that became a 社区 keeps its old word. Elsewhere the
    /// 村 stays an unresolved division, with its warning, rather than a silent urban community.
    func writesVillageForNeighbourhood(_ match: RegionDirectory.CommunityMatch, scope: [Int32]) -> Bool {
        guard match.writtenKind == .village, directory.communityKinds[Int(match.region)] == .neighbourhood else {
            return false
        }
        let townshipDepth = RegionLevel.township.depth
        return !scope.contains { directory.depth($0) >= townshipDepth && directory.isDescendant(match.region, ofOrSelf: $0) }
    }
}
