import RongtongStaging

/// The compound-name words the address parser reads: kind words (小区, 新村), area words (棚户区), generic names that
/// name no place of their own (安置点, 职工宿舍), and the phases or sections written after a site's name.
extension AddressParser {
    /// Words that make a compound's name when they follow a place name (新村, 小区 …), never a village alone.
    static let compoundKindWords: Set<String> = ["新村", "小区", "花园", "家园", "公寓", "大院", "宿舍", "院落"]
    /// A shantytown's or area's word (棚户区, 棚改区, 片区), which names a place only after the lane, road, village or
    /// community it is named after.
    static let areaWords: Set<String> = Set(Scalars.areaWords.words.map(AddressText.string))

    /// A compound name that names no place of its own: a kind word alone (小区, 新村), a shantytown's or area's word
    /// alone (棚户区, 棚改区, 片区) or a resettlement site's generic name (安置点, 安置小区, 易地扶贫搬迁安置点, 移民安置区,
    /// 集中安置点), also with the phase or section that tells parts of one site apart written after it (安置点二期,
    /// 安置点第2期, 安置点A区, 集中安置区东区), or staff quarters named by who lives there and no employer or road
    /// (职工宿舍, 家属院: `isQuartersWithoutName`). A misspelt kind word (新邨, 宿社) counts as the word meant.
    static func isGenericCompound(_ name: String) -> Bool {
        // Most names begin with a character no generic name begins with (锦绣中小区): asked first, by one scalar. Only
        // a unified ideograph is turned away so: it is its own canonical form, so no name beginning otherwise could
        // compare equal to a word beginning with one of these.
        if let first = name.unicodeScalars.first, (0x4E00...0x9FFF).contains(first.value),
           !genericNameFirstScalars.contains(first) {
            return false
        }
        return isGenericCompoundByWords(name)
    }

    /// `isGenericCompound` without its first question: the words themselves compared (a test holds the two equal).
    static func isGenericCompoundByWords(_ name: String) -> Bool {
        var rest = withoutTrailingSections(Substring(name))
        guard !rest.isEmpty else { return false }
        let kind = KindWordMisspellings.meant[String(rest)] ?? String(rest)
        if compoundKindWords.contains(kind) || areaWords.contains(kind) || isQuartersWithoutName(rest) { return true }
        var qualified = false
        while let word = programmeWords.first(where: { rest.hasPrefix($0) }) {
            rest = rest.dropFirst(word.count)
            qualified = true
        }
        if resettlementWords.contains(String(rest)) { return true }
        // 移民新村, 搬迁小区, 易地扶贫搬迁小区: a kind word after the programme's words.
        return qualified && compoundKindWords.contains(String(rest))
    }

    /// Who lives in staff quarters, as a name says it before the kind word (职工宿舍, 家属院, 干部宿舍, 工人新村).
    static let occupantWords = ["教职工", "职工", "家属", "干部", "员工", "教工", "工人"]

    /// The programme words a resettlement site's generic name may begin with (易地扶贫搬迁安置点, 移民新村).
    static let programmeWords = ["易地", "扶贫", "生态", "移民", "搬迁", "集中"]
    /// A resettlement site's generic names after its programme words.
    static let resettlementWords: Set<String> = ["安置点", "安置区", "安置小区", "安置房"]
    /// The quarters' words that are generic alone (`isQuartersWithoutName`).
    static let quartersWords: Set<String> = ["宿舍区", "宿舍楼", "生活区"]

    /// The first scalar of every word a generic compound name can begin with (`isGenericCompound`): kind and area
    /// words and their misspellings, occupants, quarters' words, programme and resettlement words.
    static let genericNameFirstScalars: Set<Unicode.Scalar> = {
        let words = [Array(compoundKindWords), Array(areaWords), Array(KindWordMisspellings.meant.keys), occupantWords,
                     Array(quartersWords), programmeWords, Array(resettlementWords)].joined()
        return Set(words.compactMap(\.unicodeScalars.first))
    }()

    /// Whether `name` is staff quarters named only by who lives there and what kind of place it is (职工宿舍, 家属院,
    /// 职工家属院, 干部宿舍, 职工楼, 工人新村), or a quarters' word alone (宿舍区, 宿舍楼, 生活区): what a road or
    /// community names before it is the compound's name (`洗马路职工宿舍`, `友谊路家属院`), as the housing
    /// department lists it, not a street in front of a compound `职工宿舍` that every township would have.
    static func isQuartersWithoutName(_ name: Substring) -> Bool {
        var rest = name
        var occupants = 0
        while let word = occupantWords.first(where: { rest.hasPrefix($0) }) {
            rest = rest.dropFirst(word.count)
            occupants += 1
        }
        let kind = KindWordMisspellings.meant[String(rest)] ?? String(rest)
        if occupants == 0 { return quartersWords.contains(kind) }
        return compoundKindWords.contains(kind) || ["院", "楼", "区", "宿舍区", "宿舍楼", "大楼", "小区"].contains(kind)
    }

    /// The words that end a division's name, by level, as a path of divisions writes them (traditional script
    /// folded already): province, prefecture, county, township.
    static let divisionPathWords: [[String]] = [["省", "自治区"], ["市", "州", "地区", "盟"], ["区", "县", "旗"],
                                                ["街道办事处", "街道", "镇", "乡"]]

    /// `divisionPathWords` as characters, in the same order (the first word of a level that matches is taken).
    private static let divisionPathWordCharacters: [[[Character]]] = divisionPathWords.map { $0.map(Array.init) }

    /// A compound name that begins with a path of divisions the reference does not know (`台北市大安区和平街道测东升小区`,
    /// a misspelt or foreign province's names): the path, and the name after it (nil when nothing is left). A path is
    /// at least two levels written in order, each a name of two characters or more ending in its level's word
    /// (`divisionPathWords`), one of them a province or a township, or three levels of any kind; a name with one
    /// such word (`城市花园`, `县医院宿舍`, `省建小区`) is no path. Nil when the name begins with none.
    static func divisionPath(in name: String) -> (path: String, rest: String?)? {
        let characters = Array(name)
        var position = 0, level = 0, levels: [Int] = [], end = 0
        while level < divisionPathWords.count {
            var found: (at: Int, length: Int)?
            // Each level's words compared in place, character by character (asked of every compound name: no tail
            // string per position).
            search: for start in (position + 2)..<max(position + 2, characters.count) {
                for word in divisionPathWordCharacters[level] where characters[start...].starts(with: word) {
                    found = (start, word.count)
                    break search
                }
            }
            if let found {
                levels.append(level)
                position = found.at + found.length
                end = position
            }
            level += 1
        }
        let isPath = levels.count >= 3 || (levels.count == 2 && (levels.contains(0) || levels.contains(3)))
        guard isPath, end > 0 else { return nil }
        let rest = String(characters[end...])
        return (String(characters[..<end]), rest.count >= 2 ? rest : nil)
    }

    /// `name` without the phases and sections ending it: `第?N期` (二期, 第2期) and a short mark before 区 (A区, 一区,
    /// 东区). What is left may be empty.
    static func withoutTrailingSections(_ name: Substring) -> Substring {
        var rest = name
        while let last = rest.last, last == "期" || last == "区" {
            var head = rest.dropLast()
            var marks = 0
            while marks < 4, let mark = head.last, last == "期" ? isNumeral(mark) : isSectionMark(mark) {
                head = head.dropLast()
                marks += 1
            }
            guard marks > 0 else { break }
            if last == "期", head.last == "第" { head = head.dropLast() }
            rest = head
        }
        return rest
    }

    private static func isNumeral(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return false }
        return AddressText.isNumeral(scalar.value)
    }

    /// What names a section before 区: a letter, a number, or a side (东区, 中区).
    private static func isSectionMark(_ character: Character) -> Bool {
        isNumeral(character) || ("A"..."Z").contains(character) || "东南西北中".contains(character)
    }
}
