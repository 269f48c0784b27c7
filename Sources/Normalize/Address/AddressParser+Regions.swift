import RongtongStaging

/// How the parser places an address in the division hierarchy.
///
/// Divisions are read left to right, each one deeper than the last and inside the one before it; at every stop the
/// longest name that fits wins. A name that fits several divisions keeps all of them as candidates, and later text
/// (a township, a community) or the source's context narrows them. Whatever is left decides the result: one
/// candidate is a resolved address, several are an ambiguous one.
///
/// Two names written in the text that contradict each other are a conflict, never a silent pick (the source's
/// context is different: text that names another division wins over it, quietly, as documented on
/// `AddressContext`):
/// - the deeper name is one division elsewhere (`贵阳市钟山区荷城街道`: 钟山区 is in 六盘水): both readings are kept,
///   the record gets their deepest common ancestor (here the province) and `ambiguousCandidates` lists the deepest
///   division of each reading (贵阳市, 荷城街道);
/// - the deeper name fits several divisions elsewhere (`南明区三合镇`: four 三合镇, none in 南明区): a repeated name
///   cannot outweigh a unique one, so the record stays at 南明区 and `ambiguousCandidates` lists the 三合镇 codes;
/// - the deeper name is a township or community elsewhere and the text named a county (`安顺市西秀区塔山街道`: the
///   one 塔山街道 is in 六枝特区): a county written with its prefecture outweighs a township, so the record stays at
///   西秀区 and `ambiguousCandidates` lists 塔山街道.
/// Either way the contradicting name is read as a division, so it never ends up in the compound.
extension AddressParser {
    /// How a township's name ends, besides 镇 and 乡.
    static let townshipEndWords = WordList(["街道", "办事处"])

    /// Road words after a name: 路, 街, 大道 … (a bare division name before one names the road).
    static let roadWords = WordList(["大道", "大街", "路", "街", "巷", "弄"])

    /// How a division's full name ends (贵州省, 贵阳市, 黔南州, 白云区, 修文县, 青岩镇, 乡, 街道, 办事处).
    static let divisionEndings: Set<UInt32> = Set("省市州区县镇乡道处".unicodeScalars.map(\.value))

    /// A division as the text wrote it, kept for the normalized spelling of levels that stayed ambiguous.
    struct WrittenRegion {
        let text: ArraySlice<UInt32>
        let depth: Int
    }

    /// A deeper division name in the text that lies outside the divisions written before it.
    struct DivisionConflict {
        /// What the text had placed the address in before the contradicting name (贵阳市).
        var contradicted: [Int32]
        /// The divisions the contradicting name fits (钟山区; the four 三合镇).
        var outside: [Int32]
        /// One division contradicting a prefecture or the province: reading went on under it, and both readings
        /// count equally (贵阳市钟山区). A township or community never outweighs a county the text names
        /// (安顺市西秀区塔山街道: 塔山街道 is only in 六枝特区): the county stays and the township is listed, as a repeated
        /// name is (南明区三合镇).
        let deeperIsUnique: Bool

        init(contradicted: [Int32], outside: [Int32], directory: RegionDirectory) {
            self.contradicted = contradicted
            self.outside = outside
            let contradictedDepth = contradicted.map { directory.depth($0) }.max() ?? -1
            deeperIsUnique = outside.count == 1 && contradictedDepth < RegionLevel.county.depth
        }
    }

    struct DivisionReading {
        var candidates: [Int32]
        var written: [WrittenRegion]
        var end: Int
        var conflict: DivisionConflict?
        /// Generic township names (城关镇) that fit nothing in the written county, as written.
        var unplaced: [ArraySlice<UInt32>] = []
        /// Text skipped before a county that confirms it was a misspelt prefecture (布州 of 黔南布州三都水族自治县).
        var misspelt: ArraySlice<UInt32>?
        /// An ethnic division written with a nationality that is not its own (威宁布依族自治县), read as that division.
        var inexact: InexactDivisionName?
    }

    /// What the text at one position names.
    enum DivisionStep {
        /// A division inside what was read before (or the first one).
        case found(length: Int, candidates: [Int32])
        /// A repeat of the last division (贵阳市贵阳市白云区), to be skipped.
        case repeated(length: Int)
        /// A deeper division outside what was read before.
        case conflict(length: Int, outside: [Int32])
        /// A generic township name (城关镇) with no division of that name in scope.
        case unplaced(length: Int)
    }

    /// Reads consecutive division names from `start`; stops at the first text that is not one.
    func readDivisions(_ text: [UInt32], from start: Int, scope initialScope: [Int32],
                       context: [Int32]) -> DivisionReading {
        var reading = DivisionReading(candidates: initialScope, written: [], end: start)
        var lastDepth = initialScope.first.map { directory.depth($0) } ?? -1
        // A development zone or new area after its prefecture or county (凯里经济开发区, 贵阳市双龙航空港经济区,
        // 铜仁市大龙经济开发区, 贵安新区) is no division: a township after it (鸭塘街道, 龙洞堡街道) is read under what
        // was written before it and the zone is dropped; without one, the zone stays as written.
        // The prefecture or county may be the source's context rather than the text (a 贵阳 feed writing
        // 双龙航空港经济区龙洞堡街道…): the context's depth counts, as far as a county's. A new area the context alone
        // allows (…新区, also a compound's name: 矿务局新区) counts only before a township.
        let contextDepth = min(context.map { directory.depth($0) }.max() ?? -1, RegionLevel.county.depth)
        var zone: ArraySlice<UInt32>?
        var zoneNeedsTownship = false
        reading: while reading.end < text.count {
            // A new area known on its own (新蒲新区虾子镇…) is the area before any division its name begins with is
            // read: 新蒲 is also the stem of 新蒲街道, one of the area's townships, which would take every record.
            if zone == nil, lastDepth <= RegionLevel.county.depth,
               let area = Self.areasOnTheirOwn.first(where: { AddressText.hasPrefix($0.name, in: text, at: reading.end) }) {
                zone = text[reading.end..<reading.end + area.name.count]
                zoneNeedsTownship = false
                let scope = area.divisions.compactMap { directory.indexByCode[$0] }
                if lastDepth < RegionLevel.prefecture.depth, let first = scope.first {
                    reading.candidates = scope
                    lastDepth = directory.depth(first)
                }
                reading.end += area.name.count
                continue
            }
            guard let step = nextDivision(text, at: reading.end, scope: reading.candidates, lastDepth: lastDepth,
                                          context: context)
                ?? townshipAfterShortForm(text, reading: &reading, lastDepth: lastDepth, context: context) else {
                if zone == nil, let area = functionalArea(text, at: reading.end, lastDepth: lastDepth)
                    ?? (contextDepth > lastDepth ? functionalArea(text, at: reading.end, lastDepth: contextDepth) : nil) {
                    let written = text[reading.end..<reading.end + area.length]
                    zone = written
                    zoneNeedsTownship = lastDepth < RegionLevel.prefecture.depth && area.scope == nil
                        && AddressText.hasSuffix(Self.newAreaWord, in: written)
                    // 贵安新区 spans two prefectures: the township after it decides (the context only between
                    // same-named townships), never the context alone; it is read among the counties it covers.
                    if let scope = area.scope, let first = scope.first {
                        reading.candidates = scope
                        lastDepth = directory.depth(first)
                    }
                    reading.end += area.length
                    continue
                }
                if let skipped = misspeltPrefectureLength(text, reading: reading, lastDepth: lastDepth, context: context) {
                    reading.misspelt = text[reading.end..<reading.end + skipped]
                    reading.end += skipped
                    continue
                }
                break reading
            }
            switch step {
            case .found(let length, let candidates):
                zone = nil
                if reading.inexact == nil {
                    reading.inexact = inexactDivisionName(text[reading.end..<reading.end + length], candidates: candidates)
                }
                reading.candidates = candidates
                lastDepth = directory.depth(candidates[0])
                reading.written.append(WrittenRegion(text: text[reading.end..<reading.end + length], depth: lastDepth))
                reading.end += length
            case .repeated(let length):
                reading.end += length
            case .conflict(let length, let outside):
                // One conflict is all a record can carry; a second contradicting name ends the divisions.
                guard reading.conflict == nil else { break reading }
                let conflict = DivisionConflict(contradicted: reading.candidates, outside: outside, directory: directory)
                reading.conflict = conflict
                lastDepth = directory.depth(outside[0])
                if conflict.deeperIsUnique { reading.candidates = outside }
                reading.written.append(WrittenRegion(text: text[reading.end..<reading.end + length], depth: lastDepth))
                reading.end += length
            case .unplaced(let length):
                reading.unplaced.append(text[reading.end..<reading.end + length])
                reading.end += length
            }
        }
        if let zone {
            if zoneNeedsTownship, reading.end == zone.endIndex {
                reading.end = zone.startIndex
            } else {
                reading.unplaced.append(zone)
            }
        }
        return reading
    }

    /// How many characters at `reading.end` misspell a prefecture, confirmed by one of its counties right after them
    /// (黔南布州三都水族自治县三合街道…, 黔南洲三都县…, 黔喃州三都县…): read as written, the county and township would
    /// end up in the compound's name (布州三都水族自治县三合街道水韵小区). A county is confirmed when it is named with its
    /// ending (三都县, 三都水族自治县), or bare before a division of its own (三都三合街道), and more address follows.
    /// - After a prefecture's name (黔南 + 布州, 黔南 + 洲): the county lies in it, and up to four characters that open
    ///   no compound or road word stand between them.
    /// - With no prefecture read (黔喃州): the skipped text is one of the county's prefecture's written names with
    ///   one character substituted, added or left out.
    /// Nil once the text named a county, or when nothing confirms a misspelling.
    func misspeltPrefectureLength(_ text: [UInt32], reading: DivisionReading, lastDepth: Int,
                                          context: [Int32]) -> Int? {
        let prefectureDepth = RegionLevel.prefecture.depth, countyDepth = RegionLevel.county.depth
        guard reading.misspelt == nil, lastDepth < countyDepth else { return nil }
        let start = reading.end
        let longest = lastDepth == prefectureDepth ? 4 : 6
        for skipped in 1...longest {
            let at = start + skipped
            let last = at - 1
            guard at < text.count, AddressText.isCJK(text[last]), !AddressText.isNumeral(text[last]),
                  AddressText.compoundSuffixes.firstMatch(in: text, at: last) == nil,
                  Self.roadWords.firstMatch(in: text, at: last) == nil else { return nil }
            guard case .found(let length, let candidates)? = nextDivision(text, at: at, scope: reading.candidates,
                                                                          lastDepth: lastDepth, context: context),
                  at + length < text.count,
                  candidates.allSatisfy({ directory.depth($0) == countyDepth }) else { continue }
            let named = directory.divisionEntries(exactly: Array(text[at..<at + length]))
            let confirmed = candidates.filter { county in
                named.contains { $0.region == county && $0.form != .bare }
                    || leadsToDeeperRegion(text, at: at + length, below: county)
            }
            guard !confirmed.isEmpty else { continue }
            if lastDepth == prefectureDepth { return skipped }
            let written = AddressText.string(text[start..<at])
            let prefectures = Set(confirmed.map { directory.ancestor(of: $0, atDepth: prefectureDepth) })
            if prefectures.contains(where: { prefecture in
                directory.nodes[Int(prefecture)].writtenNames.contains { Self.oneCharacterApart($0, written) }
            }) {
                return skipped
            }
        }
        return nil
    }

    /// Whether `a` and `b` differ by one character substituted, added or left out (not when they are equal).
    static func oneCharacterApart(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        guard x != y, abs(x.count - y.count) <= 1, min(x.count, y.count) >= 2 else { return false }
        var i = 0, j = 0, edits = 0
        while i < x.count, j < y.count {
            if x[i] == y[j] { i += 1; j += 1; continue }
            edits += 1
            if edits > 1 { return false }
            if x.count > y.count { i += 1 } else if y.count > x.count { j += 1 } else { i += 1; j += 1 }
        }
        return edits + (x.count - i) + (y.count - j) <= 1
    }

    /// A township written after its county's or prefecture's short form whose name starts with the division's own
    /// ending (赤水 + 市中街道 written `赤水市中街道`, 毕节 + 市西街道 written `毕节市西街道`): the longest name (赤水市)
    /// left text that is no division (中街道), but the text from the ending on is a township inside what was read.
    /// Moves `reading.end` back onto the ending and returns that township; nil (and `reading` untouched) otherwise.
    func townshipAfterShortForm(_ text: [UInt32], reading: inout DivisionReading, lastDepth: Int,
                                        context: [Int32]) -> DivisionStep? {
        guard let last = reading.written.last, last.text.endIndex == reading.end, last.text.count >= 3,
              let ending = last.text.last, Self.shortFormEndings.contains(ending),
              lastDepth >= RegionLevel.prefecture.depth, lastDepth <= RegionLevel.county.depth,
              case .found(let length, let candidates)? = nextDivision(text, at: reading.end - 1,
                                                                     scope: reading.candidates, lastDepth: lastDepth,
                                                                     context: context),
              length > 1, candidates.allSatisfy({ directory.depth($0) == RegionLevel.township.depth }) else {
            return nil
        }
        reading.end -= 1
        return .found(length: length, candidates: candidates)
    }

    /// Whether the text at `position`, right after a division's short name, goes on as a compound's name (印象 of
    /// 播州印象, 河畔 of 赤水河畔): a name's characters, not a number, and no division below `region` (贵阳市贵阳
    /// 白云区 repeats 贵阳).
    func compoundNameFollows(_ text: [UInt32], at position: Int, below region: Int32) -> Bool {
        guard position < text.count, AddressText.isCJK(text[position]), !AddressText.isNumeral(text[position]),
              !Self.shortFormEndings.contains(text[position]) else { return false }
        return !leadsToDeeperRegion(text, at: position, below: region)
    }

    /// The endings a prefecture's or county's full name drops in its short form (赤水市 → 赤水, 威宁县 → 威宁).
    static let shortFormEndings: Set<UInt32> = Set("市州区县".unicodeScalars.map(\.value))

    /// The division named at `position`, or nil when no division name fits here.
    func nextDivision(_ text: [UInt32], at position: Int, scope: [Int32], lastDepth: Int,
                              context: [Int32]) -> DivisionStep? {
        var matches: [(Int, [NameTrie.Entry])] = []
        directory.divisionTrie.forEachMatch(in: text, from: position) { matches.append(($0, $1)) }
        matches = addingEthnicReadings(text, at: position, to: matches)
        for (length, entries) in matches.reversed() {
            var accepted: [NameTrie.Entry] = []
            var outside: [NameTrie.Entry] = []
            var repeatsLast = false
            // A name written bare (without 市/区/县) and followed by a road (遵义路, 花溪大道, 安顺路小区) names the road;
            // repeated bare after its own division and followed by a compound word (乌当区乌当小区) or by the rest of
            // a compound's name (播州区播州印象), the compound.
            let next = position + length
            let roadFollows = Self.roadWords.firstMatch(in: text, at: next) != nil
            let compoundFollows = AddressText.compoundSuffixes.firstMatch(in: text, at: next) != nil
            let townshipWordFollows = next < text.count
                && (text[next] == Scalars.zhen || text[next] == Scalars.xiang
                    || Self.townshipEndWords.firstMatch(in: text, at: next) != nil)
            for entry in entries {
                let region = entry.region
                let depth = directory.depth(region)
                let bareForm = entry.form == .bare || entry.form == .streetStem
                if bareForm, roadFollows { continue }
                let bareTownship = bareForm && depth >= RegionLevel.township.depth
                if depth <= lastDepth {
                    // (墨冲镇墨冲村: a village named like its township is no repeat of the township; 大方县大方镇: a
                    // township named like its county is none of the county either.)
                    if !bareTownship, scope.contains(region), !(entry.form == .bare && (compoundFollows || townshipWordFollows
                        || compoundNameFollows(text, at: next, below: region))) {
                        repeatsLast = true
                    }
                    continue
                }
                // 老城办, 上海路街办: a sub-district office written short counts only right after its own county.
                if entry.form == .shortOffice,
                   !followsItsCounty(region, lastDepth: lastDepth, scope: scope, context: context) {
                    continue
                }
                // A former township name is weak evidence: it never contradicts, and 阳光乡村小区 or 阳光镇小区 are
                // compounds, not 阳光街道.
                if entry.form == .former,
                   AddressText.compoundSuffixes.firstMatch(in: text, at: position + length) != nil {
                    continue
                }
                if !scope.isEmpty, !scope.contains(where: { directory.isDescendant(region, ofOrSelf: $0) }) {
                    // A bare name (钟山) outside the scope is more likely a compound's name than a contradiction.
                    if !bareForm && entry.form != .former { outside.append(entry) }
                    continue
                }
                if bareTownship {
                    // (永兴流河渡3组11号: the town 永兴镇 before its village 流河渡村, both written without their word.)
                    let deeper = leadsToDeeperRegion(text, at: position + length, below: region)
                        || villageBeforeGroupFollows(text, at: position + length, below: region)
                    // 云岩区文昌阁测锦光佳园, 云岩区盐务街测泰丰新村: a 街道's stem after its own county, before a
                    // compound's name, is the 街道, as 云岩 is 云岩区.
                    if !deeper, subDistrictStemOpensAddress(text, at: position + length, township: region,
                                                            entries: entries,
                                                            lastDepth: lastDepth, scope: scope, context: context) {
                        accepted.append(entry)
                        continue
                    }
                    guard deeper || startsVillagerGroup(text, at: position + length) else { continue }
                    // 坪地1组11号 in a 六盘水市 feed: a group belongs to a village, so the village 坪地村 of the text's
                    // divisions or the context is meant, not the township 坪地乡 that shares its name.
                    if !deeper, !villagesNamed(text[position..<position + length],
                                               within: scope.isEmpty ? context : scope).isEmpty {
                        continue
                    }
                } else if entry.form == .bare, depth >= RegionLevel.county.depth,
                   !trustsBareCountyName(text, at: position, length: length, region: region, entries: entries,
                                         lastDepth: lastDepth, context: context) {
                    continue
                }
                accepted.append(entry)
            }
            if !accepted.isEmpty {
                // 红果镇 (the former name of 红果街道) counts only when no current name fits.
                if accepted.contains(where: { $0.form != .former }) { accepted.removeAll { $0.form == .former } }
                var regions = accepted.map(\.region)
                let shallowest = regions.map { directory.depth($0) }.min()!
                regions = regions.filter { directory.depth($0) == shallowest }
                return .found(length: length, candidates: narrow(regions, byContext: context))
            }
            if repeatsLast { return .repeated(length: length) }
            if !outside.isEmpty {
                if let generic = RegionNameForms.genericTownshipNames.firstMatch(in: text, at: position),
                   RegionNameForms.genericTownshipNames.words[generic].count == length {
                    return .unplaced(length: length)
                }
                let regions = outside.map(\.region)
                let shallowest = regions.map { directory.depth($0) }.min()!
                return .conflict(length: length,
                                 outside: Array(Set(regions.filter { directory.depth($0) == shallowest })).sorted())
            }
        }
        return nil
    }

    /// Whether a 街道 written by its stem alone (`文昌阁` of 文昌阁街道, `盐务街` of 盐务街街道) is that 街道: it follows its
    /// own county (`followsItsCounty`: the text's, or the context's when the text named none), or its prefecture when
    /// no other township there has the stem (`isOnlyStemOfItsPrefecture`), and the address goes on at `next` with a
    /// compound's name (测锦光佳园). Not before a number, or `门牌` (`盐务街12号`, `中华南路门牌12号` are the road's door; `文昌阁
    /// 3栋` a building of a compound so named), a kind word (`文昌阁小区`, `望城花园` are compounds), a road word, or
    /// a township's ending; nor a 镇's or 乡's stem (青岩 names the town only before one of its villages).
    func subDistrictStemOpensAddress(_ text: [UInt32], at next: Int, township: Int32,
                                             entries: [NameTrie.Entry], lastDepth: Int,
                                             scope: [Int32], context: [Int32]) -> Bool {
        guard next < text.count, AddressText.isCJK(text[next]), !AddressText.isNumeral(text[next]),
              directory.nodes[Int(township)].name.hasSuffix("街道"),
              text[next] != Scalars.zhen, text[next] != Scalars.xiang,
              Self.townshipEndWords.firstMatch(in: text, at: next) == nil,
              AddressText.compoundSuffixes.firstMatch(in: text, at: next) == nil,
              Self.roadWords.firstMatch(in: text, at: next) == nil,
              DwellingNumber.doorWords.firstMatch(in: text, at: next) == nil,
              !Self.continuesRoadName(text, at: next) else { return false }
        if followsItsCounty(township, lastDepth: lastDepth, scope: scope, context: context) { return true }
        // Under the prefecture alone, a short rest (顶效佳苑: 佳苑) is the compound's name with the stem in it.
        var rest = next
        while rest < text.count, AddressText.isCJK(text[rest]), !AddressText.isNumeral(text[rest]) { rest += 1 }
        return rest - next >= 3
            && isOnlyStemOfItsPrefecture(township, entries: entries, lastDepth: lastDepth, scope: scope, context: context)
    }

    /// The words that stand between a place name and its road word in a road's name (金阳南路, 宝山北路, 北京东路,
    /// 观山一路, 金阳环路).
    static let roadNameInfixes: Set<UInt32> = Set("东南西北中环一二三四五六七八九十".unicodeScalars.map(\.value))

    /// Whether the text at `position` finishes a road's name begun before it (`南路` of 金阳南路): an infix then a
    /// road word.
    static func continuesRoadName(_ text: [UInt32], at position: Int) -> Bool {
        position + 1 < text.count && roadNameInfixes.contains(text[position])
            && roadWords.firstMatch(in: text, at: position + 1) != nil
    }

    /// Whether one of `county`'s 街道 written by its stem opens an address at `position` (`文昌阁测锦光佳园` after 云岩).
    func subDistrictStemFollows(_ text: [UInt32], at position: Int, county: Int32) -> Bool {
        let countyDepth = RegionLevel.county.depth
        var found = false
        directory.divisionTrie.forEachMatch(in: text, from: position) { length, entries in
            guard !found else { return }
            found = entries.contains { entry in
                (entry.form == .bare || entry.form == .streetStem)
                    && directory.depth(entry.region) == RegionLevel.township.depth
                    && directory.isDescendant(entry.region, ofOrSelf: county)
                    && subDistrictStemOpensAddress(text, at: position + length, township: entry.region,
                                                   entries: entries, lastDepth: countyDepth,
                                                   scope: [county], context: [])
            }
        }
        return found
    }

    /// 贵阳市文昌阁测阳水新村, or 文昌阁测阳水新村 (忠庄测阳光雅居) in a 贵阳市 (遵义市) feed: a 街道's stem written right
    /// after its prefecture (the text's, or the context's when the text named no division and the context no county)
    /// when no other township of that prefecture has that stem. Stems that read as a road (洗马路, 盐务街, 南街) need
    /// their county.
    func isOnlyStemOfItsPrefecture(_ township: Int32, entries: [NameTrie.Entry],
                                           lastDepth: Int, scope: [Int32], context: [Int32]) -> Bool {
        let prefectureDepth = RegionLevel.prefecture.depth
        guard lastDepth <= prefectureDepth else { return false }
        let anchors = lastDepth == prefectureDepth ? scope : context
        guard !anchors.isEmpty, anchors.allSatisfy({ directory.depth($0) == prefectureDepth }) else { return false }
        let prefecture = directory.ancestor(of: township, atDepth: prefectureDepth)
        guard anchors.contains(prefecture) else { return false }
        let townshipDepth = RegionLevel.township.depth
        // A stem that reads as a road (洗马路 of 洗马路街道: 洗马路职工宿舍) is the road's or the compound's here.
        guard entries.contains(where: { $0.region == township && $0.form == .bare }) else { return false }
        let namesakes = entries.filter {
            ($0.form == .bare || $0.form == .streetStem) && directory.depth($0.region) >= townshipDepth
                && directory.ancestor(of: $0.region, atDepth: prefectureDepth) == prefecture
        }
        return Set(namesakes.map(\.region)).count == 1
    }

    /// Whether `township` lies in the county read last (`红花岗区老城办`) or, when the text has named no county yet,
    /// in the county the source's context declares (`老城办丁字口小区` in a 红花岗区 feed).
    func followsItsCounty(_ township: Int32, lastDepth: Int, scope: [Int32], context: [Int32]) -> Bool {
        let countyDepth = RegionLevel.county.depth
        let anchors = lastDepth == countyDepth ? scope : lastDepth < countyDepth ? context : []
        let county = directory.ancestor(of: township, atDepth: countyDepth)
        return anchors.contains { directory.depth($0) >= countyDepth && directory.ancestor(of: $0, atDepth: countyDepth) == county }
    }

    /// A bare county name (南明, 凯里) opens many compound names (花溪苑小区, 南明花园); it is trusted right after its
    /// prefecture (贵阳南明), before a deeper division (南明新华路街道), or at the very start of an address when it is
    /// the name of one county only, agrees with the source's context, and is not followed by a compound word
    /// (凯里, 仁怀阳光小区 — but not 花溪苑小区, 白云花园 or 白云3栋, where it is the compound's own name).
    func trustsBareCountyName(_ text: [UInt32], at position: Int, length: Int, region: Int32,
                                      entries: [NameTrie.Entry], lastDepth: Int, context: [Int32]) -> Bool {
        if lastDepth == RegionLevel.prefecture.depth { return true }
        if leadsToDeeperRegion(text, at: position + length, below: region) { return true }
        if let trusted = trustsBareCountyBeforeZone(text, at: position + length, region: region, entries: entries,
                                                    context: context) {
            return trusted
        }
        guard lastDepth <= RegionLevel.province.depth else { return false }
        let countyDepth = RegionLevel.county.depth
        guard isOnlyCountyNamed(text, after: position + length, region: region, entries: entries) else { return false }
        if !context.isEmpty, !context.contains(where: { directory.areRelated(region, $0) }) { return false }
        let next = position + length
        // 赤水河畔 in a feed whose 区县 column says 赤水市: the county is known, so its name opens the compound's;
        // not before one of its 街道 written by its stem (云岩文昌阁测锦光佳园 in a 云岩区 feed).
        if context.contains(where: { directory.depth($0) >= countyDepth
            && directory.ancestor(of: $0, atDepth: countyDepth) == region }),
           compoundNameFollows(text, at: next, below: region), !subDistrictStemFollows(text, at: next, county: region) {
            return false
        }
        guard next < text.count else { return true }
        if AddressText.isASCIIAlphanumeric(text[next]) || text[next] == AddressText.dash { return false }
        return AddressText.compoundSuffixes.firstMatch(in: text, at: next) == nil
    }

    /// Whether a bare name (平坝, 花溪) names one county only: a township that shares it (金沙县平坝镇, 黔西市花溪乡)
    /// counts only when one of its villages or a villager group follows, as a township's bare name does.
    func isOnlyCountyNamed(_ text: [UInt32], after end: Int, region: Int32, entries: [NameTrie.Entry]) -> Bool {
        let countyDepth = RegionLevel.county.depth
        let bare = entries.filter { $0.form == .bare && directory.depth($0.region) >= countyDepth }
        guard bare.filter({ directory.depth($0.region) == countyDepth }).count == 1 else { return false }
        return !bare.contains { entry in
            entry.region != region
                && (startsVillagerGroup(text, at: end) || leadsToDeeperRegion(text, at: end, below: entry.region))
        }
    }

    /// The county a bare name at the start of the text names (凯里 in 凯里金井小区) when only the source's context
    /// kept it from being read as that county: the name of one county only, not followed by a compound word, a road,
    /// a digit or a dash, and outside every context division.
    func bareCountyOutsideContext(_ text: [UInt32], at position: Int, context: [Int32]) -> Int32? {
        var found: Int32?
        directory.divisionTrie.forEachMatch(in: text, from: position) { length, entries in
            let bare = entries.filter { $0.form == .bare && directory.depth($0.region) == RegionLevel.county.depth }
            guard bare.count == 1, entries.filter({ $0.form == .bare }).count == 1 else { return }
            let next = position + length
            guard next < text.count, !AddressText.isASCIIAlphanumeric(text[next]), text[next] != AddressText.dash,
                  AddressText.compoundSuffixes.firstMatch(in: text, at: next) == nil,
                  Self.roadWords.firstMatch(in: text, at: next) == nil,
                  !context.contains(where: { directory.areRelated(bare[0].region, $0) }) else { return }
            found = bare[0].region
        }
        return found
    }

    /// Whether a village of `region` written without 村 right before its villager group starts at `position`
    /// (流河渡3组 after 永兴, the stem of 永兴镇): what makes a township's bare stem the township, as its village
    /// written with 村 does (`leadsToDeeperRegion`).
    func villageBeforeGroupFollows(_ text: [UInt32], at position: Int, below region: Int32) -> Bool {
        guard position < text.count else { return false }
        var found = false
        directory.communityTrie.forEachMatch(in: text, from: position) { length, _ in
            guard !found, startsVillagerGroup(text, at: position + length) else { return }
            found = !villagesNamed(text[position..<position + length], within: [region]).isEmpty
        }
        return found
    }

    func leadsToDeeperRegion(_ text: [UInt32], at position: Int, below region: Int32) -> Bool {
        guard position < text.count else { return false }
        var found = false
        directory.divisionTrie.forEachMatch(in: text, from: position) { _, entries in
            if entries.contains(where: { $0.form != .bare && $0.form != .streetStem && $0.region != region
                && directory.isDescendant($0.region, ofOrSelf: region) }) {
                found = true
            }
        }
        if found { return true }
        return directory.communityMatches(in: text, from: position)
            .contains { directory.isDescendant($0.region, ofOrSelf: region) }
    }

}
