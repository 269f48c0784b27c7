/// Ethnic divisions written with a nationality their official name does not list.
///
/// An autonomous county or prefecture, or an ethnic township, is written with its place stem, nationalities and
/// ending. Any of its own nationalities, in any order, is one of its indexed names (`RegionNameForms.ethnicGroupForms`:
/// 威宁彝族自治县). A nationality it does not list (`威宁布依族自治县`) still leaves its stem and ending, which name it
/// as surely as `威宁自治县` does, and so does text that is no nationality before 自治县 or 自治州 (a variant
/// character, `威宁彜族自治县`; an abbreviation, `威宁彝回苗自治县`): the whole name is read as that division, and the
/// parser reports what was dropped (`InexactDivisionName`), so the nationality never ends up, glued to the township
/// after it, as an unknown division.
extension AddressParser {
    /// The nationality words, longest first (毛南族 before 南族).
    static let ethnicGroupWords = WordList(RegionNameForms.ethnicGroups)

    /// `matches` (the division names starting at `position`, shortest first) with the ethnic readings that no
    /// indexed name covers: an ethnic division's bare stem (威宁), then nationalities of which at least one is not
    /// its own (布依族), or text that is no nationality before 自治县/自治州 (彜族, 彝回苗), then an ending of its
    /// level (自治县 or 县; 自治州 or 州; 乡), where no indexed name is the same text. Each reading is a `.suffixed`
    /// entry of that division, as `威宁自治县` is.
    func addingEthnicReadings(_ text: [UInt32], at position: Int,
                              to matches: [(Int, [NameTrie.Entry])]) -> [(Int, [NameTrie.Entry])] {
        var added: [(Int, [NameTrie.Entry])] = []
        for (length, entries) in matches {
            for entry in entries where entry.form == .bare {
                guard let reading = ethnicReading(text, at: position, stemLength: length, region: entry.region),
                      // A name the trie holds (牛场苗族彝族乡, two townships' official name) is read as what it names.
                      !matches.contains(where: { $0.0 == reading.length })
                else { continue }
                if let slot = added.firstIndex(where: { $0.0 == reading.length }) {
                    added[slot].1.append(.init(region: entry.region, form: .suffixed))
                } else {
                    added.append((reading.length, [.init(region: entry.region, form: .suffixed)]))
                }
            }
        }
        guard !added.isEmpty else { return matches }
        return (matches + added).sorted { $0.0 < $1.0 }
    }

    /// Characters of text that is no nationality (a variant character, an abbreviation: 彜族, 彝回苗) tolerated
    /// between an ethnic division's stem and 自治县/自治州.
    static let longestUnreadNationalities = 6

    /// The division's name written from `position` as its stem (`stemLength` characters), nationalities and an
    /// ending of its level, when something in it is not one of its own nationalities (which are indexed names);
    /// nil when `region` is no ethnic division or the text goes on otherwise.
    ///
    /// An autonomous county written with its own nationalities (or none) and 自治州, the prefecture's ending
    /// (`威宁彝族自治州`), is read as the county too, `wrongLevel` set: no county's stem and nationalities are a
    /// prefecture's, so nothing else can be meant, and read otherwise 彝族自治州 would be glued to the township.
    func ethnicReading(_ text: [UInt32], at position: Int, stemLength: Int,
                       region: Int32) -> (length: Int, ending: String, own: [String], dropped: [String], wrongLevel: Bool)? {
        guard let ethnic = directory.ethnicNames[region] else { return nil }
        let own = ethnic.nationalities
        // The longest ending first (自治县 before 县); only one with 自治 follows text that is no nationality.
        let endings = ethnic.endings
        var at = position + stemLength
        var dropped: [String] = []
        var unread: [UInt32] = []
        var unreadCount = 0
        func flushUnread() {
            if !unread.isEmpty { dropped.append(AddressText.string(unread)) }
            unread = []
        }
        while at < text.count {
            for end in endings where (end.marked || unreadCount == 0) && AddressText.hasPrefix(end.word, in: text, at: at) {
                flushUnread()
                guard !dropped.isEmpty else { return nil }
                return (at + end.word.count - position, AddressText.string(end.word), own, dropped, false)
            }
            if unreadCount == 0, dropped.isEmpty, let wrong = ethnic.otherLevelEnding,
               AddressText.hasPrefix(wrong, in: text, at: at) {
                return (at + wrong.count - position, AddressText.string(wrong), own, [], true)
            }
            if let word = Self.ethnicGroupWords.firstMatch(in: text, at: at) {
                flushUnread()
                let group = RegionNameForms.ethnicGroups[word]
                if !own.contains(group) { dropped.append(group) }
                at += Self.ethnicGroupWords.words[word].count
                continue
            }
            // Text that is no nationality: a few name characters, never a division's ending, a number or a road.
            let scalar = text[at]
            guard unreadCount < Self.longestUnreadNationalities, AddressText.isCJK(scalar),
                  !AddressText.isNumeral(scalar), !AddressParser.divisionEndings.contains(scalar) else { return nil }
            unread.append(scalar)
            unreadCount += 1
            at += 1
        }
        return nil
    }

    /// The inexact ethnic name `written` (a division read from the text) stands for, when no indexed name is it.
    func inexactDivisionName(_ written: ArraySlice<UInt32>, candidates: [Int32]) -> InexactDivisionName? {
        guard candidates.count == 1, directory.divisionEntries(exactly: Array(written)).isEmpty else { return nil }
        let region = candidates[0]
        let text = Array(written)
        var found: InexactDivisionName?
        directory.divisionTrie.forEachMatch(in: text, from: 0) { length, entries in
            guard found == nil, entries.contains(where: { $0.region == region && $0.form == .bare }),
                  let reading = ethnicReading(text, at: 0, stemLength: length, region: region),
                  reading.length == text.count else { return }
            found = InexactDivisionName(written: AddressText.string(written),
                                        official: directory.nodes[Int(region)].name,
                                        code: directory.nodes[Int(region)].code,
                                        matched: AddressText.string(text[0..<length]), ending: reading.ending,
                                        nationalities: reading.own, dropped: reading.dropped,
                                        endingOfAnotherLevel: reading.wrongLevel)
        }
        return found
    }
}

/// An ethnic division the text wrote with nationalities its official name does not list (`威宁布依族自治县` for
/// 威宁彝族回族苗族自治县, or `威宁彜族自治县` with a variant character): its place stem and ending named it, and it was
/// read as that division.
public struct InexactDivisionName: Sendable, Equatable {
    /// The name as written (`威宁布依族自治县`).
    public let written: String
    /// The official name it was read as (`威宁彝族回族苗族自治县`) and its code.
    public let official: String
    public let code: String
    /// The place stem and the ending that named it (`威宁`, `自治县`).
    public let matched: String
    public let ending: String
    /// The division's own nationalities, as its official name lists them (`彝族`, `回族`, `苗族`).
    public let nationalities: [String]
    /// What the text wrote between stem and ending that is none of them (`布依族`; `彜族` or `彝回苗`, text that is
    /// no nationality), left out of the stored address.
    public let dropped: [String]
    /// Whether `ending` is another level's (`威宁彝族自治州`, an autonomous county written with 自治州); `dropped` is then
    /// empty.
    public let endingOfAnotherLevel: Bool

    public init(written: String, official: String, code: String, matched: String, ending: String,
                nationalities: [String], dropped: [String], endingOfAnotherLevel: Bool = false) {
        self.endingOfAnotherLevel = endingOfAnotherLevel
        self.written = written
        self.official = official
        self.code = code
        self.matched = matched
        self.ending = ending
        self.nationalities = nationalities
        self.dropped = dropped
    }
}
