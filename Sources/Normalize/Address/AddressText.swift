import RongtongExtract
import RongtongStaging

/// Address text reduced to the scalars that carry meaning: CJK characters, ASCII digits and letters (upper-cased),
/// number dashes and `#`. Full-width forms are folded first (as `TextCleaning.clean` does); spaces and stray
/// punctuation go, except that a space or slash between two numbers, or between a lone building letter and a number,
/// becomes a dash (`3 2 501` → `3-2-501`, `A-3-402` stays; so does a dash between 号 and a number, `60号-1`), and an enumeration comma between two numbers stays one
/// (`501、502室` lists two rooms; it is not `501-502`). A circle typed for 〇 beside a numeral is 〇 (`二○一室` is
/// room 201).
///
/// The parser works on `[UInt32]` rather than `String` so that its scanning is array indexing, not grapheme
/// walking — most of its speed comes from here.
enum AddressText {
    static let dash: UInt32 = 0x2D
    /// 号, after which a dash before a number is kept (60号-1, a door's annex).
    static let doorMark: UInt32 = 0x53F7
    static let hash: UInt32 = 0x23
    /// 、 — kept only between two numbers, where it lists them (`501、502`).
    static let listSeparator: UInt32 = 0x3001

    static func scalars(of raw: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(raw.utf8.count / 2 + 4)
        var pendingSeparator = false
        var pendingList = false
        /// Where circles typed for 〇 (○, ◯) were put, to be checked once their neighbours are known.
        var circles: [Int] = []
        for scalar in raw.unicodeScalars {
            // The folding of TextCleaning.clean, done inline so the hot path builds no intermediate String.
            let isCircle = scalar.value == 0x25CB || scalar.value == 0x25EF
            let value = folded(scalar.value)
            if isKept(value) {
                if pendingSeparator, isNumeral(value), let last = out.last,
                   isNumeral(last) || last == doorMark || (!pendingList && endsWithLoneLetter(out)) {
                    out.append(pendingList ? listSeparator : dash)
                }
                pendingSeparator = false
                pendingList = false
                out.append(value)
                if isCircle { circles.append(out.count - 1) }
                continue
            }
            if value == hash, let last = out.last, isASCIIAlphanumeric(last) {
                out.append(hash)
                pendingSeparator = false
                pendingList = false
                continue
            }
            // An invisible character (a bidi mark, a word joiner: `InvisibleCharacter`) is nothing, not a separator:
            // `1<U+200E>07` is 107, as cleaning reads it.
            if InvisibleCharacter.isDropped(scalar) { continue }
            // Dashes, spaces and other punctuation only mean something between numbers (3-2-501, 3 2 501);
            // between names they are noise.
            // A dash after a door number (60号-1) keeps its annex apart from it; the parser reads it.
            if let last = out.last, isNumeral(last) || endsWithLoneLetter(out) || (last == doorMark && value == dash) {
                pendingSeparator = true
                if value == listSeparator { pendingList = true }
            }
        }
        if !circles.isEmpty { keepCirclesInNumbers(&out, at: circles) }
        // `3#楼` is building 3, and so is the `#` between two numbers (`3#2-502`, `B#1-401`: building B, unit 1);
        // a `#` that closes a number anywhere else (`2单元-501#`) reads as 号.
        for index in out.indices where out[index] == hash {
            let next = index + 1 < out.count ? out[index + 1] : 0
            if next != 0x697C && next != 0x680B && next != 0x5E62 && !isASCIIAlphanumeric(next) { out[index] = 0x53F7 }
        }
        return out
    }

    /// Whether `value` (folded, as `scalars(of:)` folds it) joins two words of one name: `&` (`龙&凤苑`), `+`
    /// (`A+B公寓`) and the middle dots (`万科·金域华府`, also `•`, `・`, `‧`, `･`, `⋅`). `scalars(of:)` drops them
    /// with the other punctuation, so that the parser reads the name alone; `restoringJoiners` puts them back in a
    /// name read so. Matching never sees them (`CompoundRegistry.matchName` drops them).
    @inline(__always) static func isNameJoiner(_ value: UInt32) -> Bool {
        value == 0x26 || value == 0x2B || value == 0xB7 || value == 0x2022 || value == 0x30FB || value == 0x2027
            || value == 0xFF65 || value == 0x22C5
    }

    /// `name`, read from the scalars of `raw` (`龙凤苑` of `九龙街道龙&凤苑9栋`), with the joiners (`isNameJoiner`) that
    /// `raw` wrote between two of its characters put back (`龙&凤苑`): the name as written. Nothing but spaces and
    /// punctuation may stand between two of its characters in `raw`; other punctuation (spaces, dashes, brackets)
    /// and a joiner before the first or after the last character stay out. `name` unchanged when `raw` holds it
    /// with no joiner inside, or not in one piece (a name the parser put together, `碧云社区` + `安置点`).
    static func restoringJoiners(_ name: String, writtenIn raw: String) -> String {
        let wanted = name.unicodeScalars.map(\.value)
        guard wanted.count > 1, raw.unicodeScalars.contains(where: { isNameJoiner(folded($0.value)) }) else { return name }
        let text = raw.unicodeScalars.map { folded($0.value) }
        for start in text.indices where text[start] == wanted[0] {
            var result: [UInt32] = [wanted[0]], at = start + 1, matched = 1
            var joiners: [UInt32] = []
            while matched < wanted.count, at < text.count {
                let value = text[at]
                if value == wanted[matched] {
                    result += joiners
                    joiners = []
                    result.append(value)
                    matched += 1
                } else if isKept(value) || value == hash {
                    break
                } else if isNameJoiner(value) {
                    joiners.append(value)
                }
                at += 1
            }
            if matched == wanted.count { return result.count == wanted.count ? name : string(result) }
        }
        return name
    }

    /// `value` folded for reading (`scalars(of:)`, `restoringJoiners`): full-width forms as ASCII, ASCII letters
    /// upper-cased, a circle typed for 〇 as 〇.
    @inline(__always) private static func folded(_ value: UInt32) -> UInt32 {
        var value = value
        if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
        if value >= 0x61 && value <= 0x7A { value -= 0x20 }
        if value == 0x25CB || value == 0x25EF { value = zeroSign }
        return value
    }

    /// Whether `out` ends with one ASCII letter standing alone (the `A` of `小区A-3-402`, a lettered building), not
    /// the end of a longer code (`CBD`, `3B`). A dash or space after it joins it to the numbers that follow.
    @inline(__always) private static func endsWithLoneLetter(_ out: [UInt32]) -> Bool {
        guard let last = out.last, last >= 0x41 && last <= 0x5A else { return false }
        return out.count < 2 || !isASCIIAlphanumeric(out[out.count - 2])
    }

    /// 〇, the Chinese zero.
    static let zeroSign: UInt32 = 0x3007

    /// Circles typed for 〇 (二○一室, 水钢○三村; ○ and ◯, read as 〇 while scanning) stay 〇 in a number, beside a
    /// numeral; a run of them beside none (○○小区, a name left out) is dropped, as other symbols are.
    private static func keepCirclesInNumbers(_ out: inout [UInt32], at positions: [Int]) {
        var dropped = Set<Int>()
        var index = 0
        while index < positions.count {
            // One run of consecutive circles.
            var last = index
            while last + 1 < positions.count, positions[last + 1] == positions[last] + 1 { last += 1 }
            let before = positions[index] - 1, after = positions[last] + 1
            let besideNumeral = (before >= 0 && isNumeral(out[before]))
                || (after < out.count && isNumeral(out[after]))
            if !besideNumeral { dropped.formUnion(positions[index]...positions[last]) }
            index = last + 1
        }
        guard !dropped.isEmpty else { return }
        out = out.indices.filter { !dropped.contains($0) }.map { out[$0] }
    }

    @inline(__always) static func isKept(_ value: UInt32) -> Bool {
        isASCIIAlphanumeric(value) || isCJK(value)
    }

    @inline(__always) static func isASCIIDigit(_ value: UInt32) -> Bool { value >= 0x30 && value <= 0x39 }

    @inline(__always) static func isASCIIAlphanumeric(_ value: UInt32) -> Bool {
        isASCIIDigit(value) || (value >= 0x41 && value <= 0x5A)
    }

    @inline(__always) static func isCJK(_ value: UInt32) -> Bool {
        (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF) || value == 0x3007
            || (value >= 0xF900 && value <= 0xFAFF) || (value >= 0x20000 && value <= 0x3FFFF)
    }

    /// An ASCII digit or one of the Chinese numerals used in house numbers (零〇一二两三四五六七八九十百), formal
    /// numerals included (壹贰叁肆伍陆柒捌玖拾佰, as in 叁组 or 贰单元).
    @inline(__always) static func isNumeral(_ value: UInt32) -> Bool {
        isASCIIDigit(value) || chineseDigitValue(value) != nil || isPlaceWord(value)
    }

    /// 十 or 百, or their formal forms 拾 and 佰.
    @inline(__always) static func isPlaceWord(_ value: UInt32) -> Bool {
        value == 0x5341 || value == 0x767E || value == 0x62FE || value == 0x4F70
    }

    @inline(__always) static func chineseDigitValue(_ value: UInt32) -> Int? {
        switch value {
        case 0x96F6, 0x3007: return 0      // 零 〇
        case 0x4E00, 0x58F9: return 1      // 一 壹
        case 0x4E8C, 0x4E24, 0x8D30: return 2  // 二 两 贰
        case 0x4E09, 0x53C1: return 3      // 三 叁
        case 0x56DB, 0x8086: return 4      // 四 肆
        case 0x4E94, 0x4F0D: return 5      // 五 伍
        case 0x516D, 0x9646: return 6      // 六 陆
        case 0x4E03, 0x67D2: return 7      // 七 柒
        case 0x516B, 0x634C: return 8      // 八 捌
        case 0x4E5D, 0x7396: return 9      // 九 玖
        default: return nil
        }
    }

    @inline(__always) static func hasPrefix(_ word: [UInt32], in text: [UInt32], at start: Int) -> Bool {
        guard start + word.count <= text.count else { return false }
        var i = 0
        while i < word.count {
            if text[start + i] != word[i] { return false }
            i += 1
        }
        return true
    }

    /// True when `text` ends with `word`.
    @inline(__always) static func hasSuffix(_ word: [UInt32], in text: ArraySlice<UInt32>) -> Bool {
        guard word.count <= text.count else { return false }
        var i = 0
        let offset = text.endIndex - word.count
        while i < word.count {
            if text[offset + i] != word[i] { return false }
            i += 1
        }
        return true
    }

    /// Words that end a compound's name (小区, 花园, 苑, 院 …), longest first, with the misspellings feeds write of
    /// them (花圆, 宿社, 新邨: `KindWordMisspellings`). Text made of one of them and nothing else is no name of its
    /// own: what precedes it (新华路小区, 花溪苑, 播州花圆) belongs to the compound.
    static let compoundSuffixes = WordList([
        "小区", "花园", "家园", "佳园", "嘉园", "名城", "雅居", "大院", "宿舍", "新村", "公寓", "山庄", "广场", "大厦",
        "大楼", "中学", "小学", "学校", "医院", "社区",
    ] + KindWordMisspellings.meant.keys.sorted() + [
        "苑", "园", "院", "村", "城", "居", "府", "庄", "湾", "楼", "阁", "庭", "轩", "里", "厂", "局",
    ])

    static func string<C: Collection>(_ scalars: C) -> String where C.Element == UInt32 {
        var view = String.UnicodeScalarView()
        for value in scalars {
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
        }
        return String(view)
    }

    static func scalars(ofLiteral literal: String) -> [UInt32] { literal.unicodeScalars.map(\.value) }
}

/// A short list of words (suffixes, markers) tried in order at one position of a text; listed longest first, the
/// first hit is the longest.
struct WordList: Sendable {
    let words: [[UInt32]]

    init(_ words: [String]) {
        self.words = words.map(AddressText.scalars(ofLiteral:))
    }

    /// The index in the list of the word `text` holds at `start`, or nil.
    func firstMatch(in text: [UInt32], at start: Int) -> Int? {
        for index in words.indices where AddressText.hasPrefix(words[index], in: text, at: start) {
            return index
        }
        return nil
    }
}

extension RegionNameForms {
    static let writtenCommunitySuffixList = WordList(writtenCommunitySuffixes.map(\.0))
    static let writtenCommunitySuffixKinds: [CommunityKind] = writtenCommunitySuffixes.map(\.1)
    static let trailingCommitteeWordList = WordList(trailingCommitteeWords)
}
