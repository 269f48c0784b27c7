import Foundation
import RongtongStaging

// How linking reads a facility's name: the facility match name.
extension FacilityWriter {
    /// Kind words that name one installation two ways, folded to one spelling (消火栓 is 消防栓, 配电室 is 配电房,
    /// 电动汽车充电站 is 充电桩, a tower company's 宏站 is the survey's 基站, a survey's 照明灯 the power company's 路灯).
    /// Longer words first, so that 公共卫生间 is folded before 卫生间 could be, and 电动汽车充电站 before 充电站.
    static let kindSynonyms: [(String, String)] = [
        ("电动汽车充电桩", "充电桩"), ("电动汽车充电站", "充电桩"), ("汽车充电桩", "充电桩"), ("汽车充电站", "充电桩"),
        ("箱式变压器", "箱变"), ("箱式变电站", "箱变"), ("公共卫生间", "公厕"), ("公共厕所", "公厕"), ("充电站", "充电桩"),
        ("宏基站", "基站"), ("微基站", "基站"), ("宏站", "基站"), ("微站", "基站"),
        ("消火栓", "消防栓"), ("配电室", "配电房"), ("配电间", "配电房"), ("垃圾房", "垃圾站"), ("照明灯", "路灯"),
    ]

    /// Words after a number that make it the number of a spot in the compound (1栋, 2单元, 3楼), which tells two
    /// installations apart as 1号 / 2号 do.
    static let locatorWords = ["单元", "栋", "幢", "楼", "层", "座"]

    /// A name without spaces and punctuation (a # stays), its numbers in Arabic digits without leading zeros or 第.
    static func cleanedName(_ text: String) -> String {
        CompoundRegistry.ordinalNumbers(arabicNumerals(String(text.filter { !$0.isWhitespace && ($0 == "#" || !$0.isPunctuation) })))
    }

    /// A cleaned name split where the compound's name ends: the compound's spelling found, and the rest; nil when
    /// the name does not carry the compound or is nothing more. The compound's full name (宝山小区, or its match name
    /// with a kind suffix: 宝山花园) may stand after the owner or the city (六盘水供电局电力小区1#配电室, 六枝光明小区
    /// 2#配电室: what stands before the compound is left out with it); its match name alone (宝山) only at the start.
    static func compoundSplit(_ value: String, compounds: [String]) -> (compound: String, rest: String)? {
        var full: [String] = [], stems: [String] = []
        for compound in compounds where !compound.isEmpty {
            full.append(cleanedName(compound))
            let stem = CompoundRegistry.matchName(compound)
            full += CompoundRegistry.suffixes.map { stem + $0 }
            stems.append(stem)
        }
        var best: (compound: String, rest: String, start: Int)?
        for spelling in Set(full) where !spelling.isEmpty {
            guard let found = value.range(of: spelling), found.upperBound < value.endIndex else { continue }
            // The longest spelling, then the one that starts first.
            let start = value.distance(from: value.startIndex, to: found.lowerBound)
            if let best, best.compound.count > spelling.count || (best.compound.count == spelling.count && best.start <= start) {
                continue
            }
            best = (spelling, String(value[found.upperBound...]), start)
        }
        if let best { return (best.compound, withoutKindWord(best.rest)) }
        for stem in stems.sorted(by: { $0.count > $1.count }) where !stem.isEmpty {
            if value.hasPrefix(stem), value.count > stem.count { return (stem, withoutKindWord(String(value.dropFirst(stem.count)))) }
        }
        return nil
    }

    /// What follows a compound's name without the compound kind word written after it (若飞花园小区路灯01 under 若飞花园
    /// is 路灯01, not 小区路灯01), when more than that word follows.
    private static func withoutKindWord(_ rest: String) -> String {
        for word in ["小区", "院落", "大院", "宿舍"] where rest.hasPrefix(word) && rest.count > word.count {
            return String(rest.dropFirst(word.count))
        }
        return rest
    }

    /// The facility match name with the marks of its numbers (号, #, No.) still in it, and the compound's spelling it
    /// carried (nil when none): the cleaned name without the compound in front, kind words written one way unless
    /// `foldingKinds` is false.
    static func markedMatchName(_ name: String, compounds: [String], foldingKinds: Bool = true) -> (name: String, compound: String?) {
        var value = cleanedName(name)
        var compound: String?
        if let split = compoundSplit(value, compounds: compounds) {
            compound = split.compound
            value = split.rest
        }
        if foldingKinds {
            for (word, folded) in kindSynonyms { value = value.replacingOccurrences(of: word, with: folded) }
        }
        return (value, compound)
    }

    /// The facility match name: the name without spaces and punctuation, its numbers in Arabic digits without
    /// leading zeros or 第 (二号, 2号 and 02号 are 2号), the compound's name in front of it taken away when the
    /// name says more than that (宝山小区2号充电桩 under 宝山小区 is 2号充电桩, and so is 六盘水供电局宝山小区2#充电桩: the
    /// compound has its own column), the kind written one way (消火栓 → 消防栓, 配电室 → 配电房, 充电站 → 充电桩) and
    /// the 号, # or No. of a number dropped (2号充电桩, #2充电桩 → 2充电桩). `compounds` are the spellings of the
    /// compounds the name may begin with.
    static func matchName(_ name: String, compounds: [String]) -> String {
        numberedKind(markedMatchName(name, compounds: compounds).name).plain
    }

    /// Whether two names are written alike: equal kind, numbers and technology once read as facility match names
    /// (`matchName` with the spellings of the compound both belong to), the kind words as written (one reporter
    /// writes 充电桩 twice; 充电桩 / 电动汽车充电站 are two reporters' words). Two missing names are the same.
    static func sameMatchKey(_ a: String?, _ b: String?, compound: [String]) -> Bool {
        let key = { (name: String?) -> NumberedName in
            let (rest, technologies) = withoutTechnologies(markedMatchName(name ?? "", compounds: compound, foldingKinds: false).name)
            var numbered = numberedKind(rest)
            numbered.technologies = technologies
            return numbered
        }
        let x = key(a), y = key(b)
        return x.kind == y.kind && x.numbers == y.numbers && x.places == y.places && x.technologies == y.technologies
    }

    /// A match name read for its numbers.
    struct NumberedName: Equatable {
        /// The name without its numbers and their marks (充电桩 for 2号充电桩).
        var kind = ""
        /// The facility's own numbers: N号, N#, #N, No.N, a number before 栋/单元/楼 …, or a number the name ends with.
        var numbers: [String] = []
        /// Numbers inside place and organisation names (水矿2村, 6盘水, 10字街, 3小区): they tell places apart, not
        /// installations.
        var places: [String] = []
        /// The name with its numbers but without their marks (2充电桩).
        var plain = ""
        var technologies: Set<String> = []
    }

    /// The match name's numbers, and the match name without them: 2号充电桩 and 充电桩2 are (充电桩, [2]); in
    /// 水矿2村1#配电房 the 2 is a place's and the 1 the facility's.
    static func numberedKind(_ marked: String) -> NumberedName {
        let characters = Array(marked)
        let isDigit = { (at: Int) in characters.indices.contains(at) && characters[at].isASCII && characters[at].isNumber }
        let isLetter = { (at: Int) in characters.indices.contains(at) && characters[at].isASCII && characters[at].isLetter }
        var result = NumberedName()
        var marked = false
        var at = 0
        while at < characters.count {
            // #2 and No.2 (the dot is gone with the punctuation): the mark before the number.
            if characters[at] == "#", isDigit(at + 1) {
                marked = true
                at += 1
                continue
            }
            if characters[at] == "N" || characters[at] == "n", at + 1 < characters.count, characters[at + 1] == "o" || characters[at + 1] == "O",
               isDigit(at + 2), !isLetter(at - 1) {
                marked = true
                at += 2
                continue
            }
            guard isDigit(at) else {
                result.kind.append(characters[at])
                result.plain.append(characters[at])
                at += 1
                continue
            }
            var end = at
            while isDigit(end) { end += 1 }
            let digits = String(characters[at..<end])
            result.plain += digits
            var own = marked || end == characters.count
            if end < characters.count, characters[end] == "号" || characters[end] == "#" {
                own = true
                end += 1
            } else if !own {
                let after = String(characters[end..<min(end + 2, characters.count)])
                own = locatorWords.contains { after.hasPrefix($0) }
            }
            if own { result.numbers.append(digits) } else { result.places.append(digits) }
            marked = false
            at = end
        }
        return result
    }

    /// Whether two names' place numbers tell them apart: both give some and neither's are among the other's, in
    /// order (水钢1村 / 水钢2村; not 六盘水供电局水矿二村 / 水矿二村, nor a name that gives none).
    static func placesDiffer(_ a: [String], _ b: [String]) -> Bool {
        guard !a.isEmpty, !b.isEmpty, a != b else { return false }
        func isSubsequence(_ short: [String], of long: [String]) -> Bool {
            var index = long.startIndex
            for number in short {
                guard let found = long[index...].firstIndex(of: number) else { return false }
                index = found + 1
            }
            return true
        }
        return !(isSubsequence(a, of: b) || isSubsequence(b, of: a))
    }

    /// The network operators a station's name may carry (移动, 联通, 电信): two names carrying different ones are two
    /// stations, however the rest of them reads (移动5G基站 / 若飞花园11栋联通5G).
    static let operators = ["移动", "联通", "电信", "广电", "铁通"]

    /// Whether both names carry an operator and not the same ones.
    static func operatorsDiffer(_ x: String, _ y: String) -> Bool {
        let ox = Set(operators.filter { x.contains($0) }), oy = Set(operators.filter { y.contains($0) })
        return !ox.isEmpty && !oy.isEmpty && ox != oy
    }

    /// A match name's kind part (numbers and technologies already out, see `numberedKind`) without the words that
    /// only name the facility's type, and the kinds those words name: the words of `typeWords` (every word of the
    /// facility type vocabulary for that type, folded, longest first) it contains, and a word of three characters or
    /// more written with one character off (消火拴 for 消火栓, not a side or a digit). The kinds are written one way
    /// (`installationKind`): the installation the vocabulary says the word names (`installations`: 摄像头, 雪亮工程 and
    /// 视频监控 name 监控, 新能源充电设施 names 充电桩, 箱变 names 变压器, 市政消火栓 names 消火栓), else by
    /// `kindSynonyms` (照明灯 is 路灯); a word of a whole class in no group (消防设施) names none. A
    /// word is found as written and with its kind words written one way, as the match name has them (室外消火栓 in
    /// 室外消防栓). So 照明灯 leaves nothing and names 路灯;
    /// 移动基站 leaves nothing; 东门路灯 leaves 东门; 北门雪亮工程点位 leaves 北门点位 and names 监控, as 北门摄像头 leaves
    /// 北门 and names 监控.
    static func withoutTypeWords(_ kind: String, typeWords: [String],
                                 installations: [String: String] = [:]) -> (rest: String, kinds: [String]) {
        var text = Array(kind.lowercased())
        var kinds: [String] = []
        let named = { (word: String) in
            if let kind = installationKind(word, installations: installations) { kinds.append(kind) }
        }
        let spellings = kindSpellings(typeWords)
        for (spelling, word) in spellings where !spelling.isEmpty {
            let letters = Array(spelling)
            var at = 0
            while at + letters.count <= text.count {
                if Array(text[at..<(at + letters.count)]) == letters {
                    text.removeSubrange(at..<(at + letters.count))
                    named(word)
                } else {
                    at += 1
                }
            }
        }
        for (spelling, word) in spellings where spelling.count >= 3 {
            let letters = Array(spelling)
            var at = 0
            while at + letters.count <= text.count {
                let window = text[at..<(at + letters.count)]
                let off = zip(window, letters).filter { $0 != $1 }
                if off.count == 1, let typed = off.first?.0, !distinguishing.contains(typed), !typed.isNumber {
                    text.removeSubrange(at..<(at + letters.count))
                    named(word)
                } else {
                    at += 1
                }
            }
        }
        return (String(text), kinds)
    }

    /// Whether a name carries a facility number (see `numberedKind`: 2号消防栓, 消火栓3, 二号配电房, 1#; the 5 of
    /// 5G基站 is a technology, and the 2 of 水矿二村 a place's).
    static func isNumbered(_ name: String?) -> Bool {
        guard let name else { return false }
        return !numberedKind(withoutTechnologies(markedMatchName(name, compounds: []).name).0).numbers.isEmpty
    }

    /// Whether two names are one name spelled two ways: the same facility match name once kind words are written one
    /// way (`kindSynonyms`: 南门充电桩 / 南门电动汽车充电站, 太阳能路灯 / 太阳能照明灯), with the same numbers, places and
    /// technologies (a generation one of them leaves out is no difference: 南门宏站 / 南门5G基站); a 小区 in front
    /// stands for the compound (小区停车场 / 停车场). Two missing names are one.
    static func oneSpelling(_ a: String?, _ b: String?, compound: [String]) -> Bool {
        let key = { (name: String?) -> NumberedName in
            var marked = markedMatchName(name ?? "", compounds: compound).name
            if marked.hasPrefix("小区"), marked.count > 2 { marked.removeFirst(2) }
            let (rest, technologies) = withoutTechnologies(marked)
            var numbered = numberedKind(rest)
            numbered.technologies = technologies
            return numbered
        }
        var (first, second) = (key(a), key(b))
        // A network generation written by one reporter only (普陀小区南门宏站 / 普陀小区南门5G基站) is no difference;
        // two different ones are (4G基站 / 5G基站).
        if first.technologies.isEmpty { first.technologies = second.technologies }
        if second.technologies.isEmpty { second.technologies = first.technologies }
        return first == second
    }
}

extension FacilityCandidate {
    /// The name the record is matched by: its own, else its type as written (a nameless 垃圾站 is 垃圾站, never the
    /// 公厕 next to it).
    var matchingName: String? {
        if let name, !name.isEmpty { return name }
        if let typeLabel, !typeLabel.isEmpty { return typeLabel }
        return nil
    }
}
