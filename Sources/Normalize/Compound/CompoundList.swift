/// A compound cell naming several compounds (`水口寺小区、青云花园`), as project sheets write the compounds one project
/// renovates: split into its compounds, each then read as the project's, as an XML list of compounds is.
///
/// Where the split is safe:
/// - after a list separator, `、` `,` `，` `;` `；` (outside brackets: `金叶苑（原烟草局宿舍、棉纺厂宿舍）` is one
///   compound with its former names): when every piece is a name of at least two characters that is neither a phase
///   alone nor begins with a digit (`1栋、2栋`); one compound's phases (`阳光花园一期、二期`) are that compound, read
///   with its first phase; its sections (`阳光花园A区、B区`) are each section with the first name's stem
///   (`阳光花园A区`, `阳光花园B区`);
/// - after a word that also occurs inside names, `/`, a space, `及`, `和`, `与`, `&`: only when every piece ends in a
///   compound's kind word (`小区`, `花园`, `苑`, `园` …, `kindSuffixes`), so that `和平小区`, `阳光城 A区` or
///   `金叶苑/烟草局` stay one name.
///
/// `split` gives nil when the cell names one compound, or when it holds a list separator but a piece fails the test
/// above: the caller keeps that cell whole and warns (`compound_list_kept_whole`).
/// ```swift
/// CompoundList.split("测云杉小区、测白桦花园")  // .several(["测云杉小区", "测白桦花园"])
/// ```
public enum CompoundList {
    /// What a compound cell names.
    public enum Reading: Equatable, Sendable {
        /// One compound: the cell as written.
        case one
        /// Several compounds, in the cell's order, without repeats.
        case several([String])
        /// A list separator, but a piece that is no compound name by itself (the separator quoted): kept whole.
        case keptWhole(separator: String)
    }

    /// How `cell` (cleaned: `TextCleaning.clean`) reads; see the type's comment.
    public static func split(_ cell: String) -> Reading {
        if let pieces = pieces(of: cell, at: listSeparators) {
            guard pieces.count > 1 else { return .one }
            if pieces.allSatisfy(isListedName) { return .several(unique(pieces)) }
            // One compound's phases (`阳光花园一期、二期`): the compound, read with the phase written first.
            if let first = pieces.first, isListedName(first), pieces.dropFirst().allSatisfy(CompoundPhase.isPhaseOnly) {
                return .several([first])
            }
            // One compound's sections (`阳光花园A区、B区`, `云晖花园东区、西区`): each section with the name written first.
            if let first = pieces.first, isListedName(first), let stem = stemBeforeSection(first),
               pieces.dropFirst().allSatisfy(isSectionOnly) {
                return .several(unique([first] + pieces.dropFirst().map { stem + $0 }))
            }
            return .keptWhole(separator: listSeparators.first { cell.contains($0) } ?? "、")
        }
        for separators in wordSeparators {
            guard let pieces = pieces(of: cell, at: separators), pieces.count > 1 else { continue }
            if pieces.allSatisfy({ isListedName($0) && endsInKindWord($0) }) { return .several(unique(pieces)) }
        }
        return .one
    }

    /// List separators: what a sheet writes between the items of a list.
    static let listSeparators = ["、", ",", "，", ";", "；"]
    /// Separators that also occur inside names, tried one group at a time.
    static let wordSeparators = [["/", "／"], [" ", "\u{3000}"], ["及", "和", "与", "&", "＆"]]

    /// The words a compound's name ends in, for the separators that also occur inside names.
    static let kindSuffixes = ["小区", "花园", "家园", "新村", "公寓", "大院", "宿舍", "院落", "宿舍区", "生活区", "苑", "园",
                               "城", "府", "庭", "居", "湾", "阁", "轩", "山庄", "公馆", "大厦", "广场", "雅居", "名都",
                               "棚户区", "片区", "安置点", "安置区", "社区"]

    /// The pieces of `cell` between any of `separators` outside brackets, trimmed, empty ones dropped; nil when no
    /// separator stands outside brackets.
    static func pieces(of cell: String, at separators: [String]) -> [String]? {
        let marks = Set(separators.compactMap { $0.count == 1 ? $0.first : nil })
        var pieces: [String] = []
        var current = ""
        var depth = 0
        var split = false
        for character in cell {
            if "(（[【〔".contains(character) { depth += 1 }
            if ")）]】〕".contains(character) { depth = max(0, depth - 1) }
            if depth == 0, marks.contains(character) {
                pieces.append(current)
                current = ""
                split = true
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        guard split else { return nil }
        return pieces.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Whether `piece` can be a compound's name on its own: two characters or more, not a phase or a section alone
    /// (`二期`, `B区`), not beginning with a digit (`1栋`, `2号楼`).
    static func isListedName(_ piece: String) -> Bool {
        guard piece.count >= 2, let first = piece.first, !(first.isASCII && first.isNumber) else { return false }
        return !CompoundPhase.isPhaseOnly(piece) && !isSectionOnly(piece)
    }

    /// The section words a compound's part is named with (`A区`, `东区`, `二区`, `北片区`, `3组团`).
    static let sectionEnds = ["片区", "组团", "区"]
    static let sectionMarks = Set("ABCDEFGHIJKabcdefghijk东南西北中上下前后一二三四五六七八九十0123456789")

    /// Whether `piece` is a section alone (`B区`, `西区`, `二组团`): one or two marks and a section word.
    static func isSectionOnly(_ piece: String) -> Bool {
        guard let end = sectionEnds.first(where: { piece.hasSuffix($0) }) else { return false }
        let marks = piece.dropLast(end.count)
        return (1...2).contains(marks.count) && marks.allSatisfy(sectionMarks.contains)
    }

    /// The compound's name before the section `name` ends with (`测阳光花园` of `测阳光花园A区`); nil when it ends in
    /// no section or nothing is left.
    static func stemBeforeSection(_ name: String) -> String? {
        for length in [4, 3, 2] where name.count > length {
            let tail = String(name.suffix(length))
            if isSectionOnly(tail) { return String(name.dropLast(length)) }
        }
        return nil
    }

    /// Whether `piece` ends in one of `kindSuffixes`, with a name before it.
    static func endsInKindWord(_ piece: String) -> Bool {
        kindSuffixes.contains { piece.hasSuffix($0) && piece.count > $0.count }
    }

    private static func unique(_ pieces: [String]) -> [String] {
        var seen = Set<String>()
        return pieces.filter { seen.insert($0).inserted }
    }
}
