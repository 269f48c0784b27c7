import Foundation
import GRDB
import RongtongStaging

/// How `FacilityWriter` compares two facility names letter by letter: similar spellings, technologies named in
/// them, numerals, the parts two names differ in, and bigram overlap.
extension FacilityWriter {
    /// Names match when either is missing, their facility match names (see `matchName`) give the same kind and
    /// the same numbers wherever they stand (宝山小区2号充电桩, 宝山小区充电桩02 and, under 宝山小区, 2号充电桩; 消防栓2 and
    /// 2号消火栓; 南门充电桩 and 沙冲小区南门电动汽车充电站), or, with and without the compound's name in front, one
    /// contains the other, they are one character apart, or they share most of their character pairs — unless the
    /// facility numbers in them differ (1栋充电桩 / 2栋充电桩, 一号 / 二号, 1号 / 2号 however close; the 5 of 5G is a
    /// technology, no number), both give place numbers that differ (水钢1村 / 水钢2村; the 2 of 水矿二村 is no facility
    /// number, see `numberedKind`), they name two technologies (4G / 5G), the parts that differ name other places
    /// (东门 / 西门监控) or share no character at all (东升小区垃圾站 / 东升小区公厕: the compound's name is all they
    /// have in common), or they carry two network operators (移动 / 联通). Names are also similar when, without the
    /// words that only name the facility's type (`typeWords`, see `withoutTypeWords`), one of them says nothing more
    /// (照明灯 / 若飞花园小区路灯01, 移动5G基站 / 若飞花园6栋移动5G, 2号消防栓 / 若飞花园2号消火拴) or what is left of
    /// both resembles. Names of different kinds (垃圾站 / 公厕, 1号消火栓 / 1号室内消火栓, see `kindsDiffer`; the type
    /// words of one installation name one kind, see `installationNames`: 南门监控 / 南门雪亮工程点位, 1号充电桩 /
    /// 1号新能源充电设施) are never similar.
    ///
    /// `compound` are the spellings of the compound both facilities belong to (its name, the record's 所属小区):
    /// a name may leave it out, as it has its own column, however long it is (东门充电桩 is 电业局宿舍东门充电站).
    /// Facilities of two compounds keep it (水钢1村配电房 and 水钢2村配电房 are two).
    static func similarNames(_ a: String?, _ b: String?, compound: [String] = [], typeWords: [String] = [],
                             installations: [String: String] = [:], fields: Set<String> = []) -> Bool {
        guard let a, let b, !a.isEmpty, !b.isEmpty else { return true }
        // 5G and 4G name a technology, not an installation: 水钢一村基站 / 水钢一村5G基站 are one station, which
        // towers and operators name with its technology and city surveys without. Two technologies stay apart, and
        // so do two operators (移动 / 联通).
        let mx = markedMatchName(a, compounds: compound), my = markedMatchName(b, compounds: compound)
        let (kx, techX) = withoutTechnologies(mx.name)
        let (ky, techY) = withoutTechnologies(my.name)
        if !techX.isEmpty, !techY.isEmpty, techX != techY { return false }
        if operatorsDiffer(mx.name, my.name) { return false }
        // Different numbers first: 1号路灯 is inside 11号路灯, and still another lamp. The same kind with the same
        // numbers is one facility, wherever the number stands (2充电桩 / 充电桩2). A place's numbers (水矿二村, 六盘水)
        // count only when both names give them (水钢1村 / 水钢2村).
        let nx = numberedKind(kx), ny = numberedKind(ky)
        if !nx.numbers.isEmpty, !ny.numbers.isEmpty, nx.numbers != ny.numbers { return false }
        if placesDiffer(nx.places, ny.places) { return false }
        if nx.kind == ny.kind, nx.numbers == ny.numbers, nx.places == ny.places { return true }
        // Without the words that only name the facility's type (`typeWords`, every synonym of it): a name that is
        // nothing more (照明灯, 移动5G基站, 2号消火拴 with its typo) is no evidence against the other; what is left of
        // both names (东门 / 东门) is compared as names are. Two names of different kinds (垃圾站 / 公厕, 1号消火栓 /
        // 1号室内消火栓, 测巳小区箱变 / 测巳小区变电站) are two installations, however alike they read written out.
        if !typeWords.isEmpty {
            let sx = withoutTypeWords(nx.kind, typeWords: typeWords, installations: installations)
            let sy = withoutTypeWords(ny.kind, typeWords: typeWords, installations: installations)
            if kindsDiffer(sx.kinds, sy.kinds, fields: fields, installations: installations) { return false }
            if sx.rest.isEmpty || sy.rest.isEmpty || resemble(sx.rest, sy.rest) { return true }
        }
        // The rest compares the names (numbers and kind words folded) without the compound's name in front of either
        // (东门快充桩 / 电业局宿舍东门充电桩 compare 东门快充桩 with 东门充电桩, however long the compound's name), and
        // as written (东升小区1号变压器 / 东升小区1号箱变).
        if resemble(nx.plain, ny.plain) { return true }
        let ax = numberedKind(withoutTechnologies(markedMatchName(a, compounds: []).name).0).plain
        let ay = numberedKind(withoutTechnologies(markedMatchName(b, compounds: []).name).0).plain
        return resemble(ax, ay)
    }

    /// Whether two match names resemble each other: equal, one inside the other, one character apart, or most of
    /// their character pairs shared — unless the parts that differ name different sides, or only one names a side,
    /// or share no character.
    static func resemble(_ x: String, _ y: String) -> Bool {
        if x == y { return true }
        if x.contains(y) || y.contains(x) { return true }
        // What is left of each name once the part they share at the start and at the end is taken away.
        let (dx, dy) = differingParts(Array(x), Array(y))
        let marks = { (part: [Character]) in Set(part.filter { distinguishing.contains($0) }) }
        let sx = marks(dx), sy = marks(dy)
        if !sx.isEmpty, !sy.isEmpty, sx != sy { return false }
        // 门口监控 / 北门监控: one names a side the other does not.
        if !dx.isEmpty, !dy.isEmpty, sx.isEmpty != sy.isEmpty { return false }
        if dx.count >= 2, dy.count >= 2, Set(dx).isDisjoint(with: Set(dy)) { return false }
        if HouseholdWriter.oneCharacterApart(x, y) { return true }
        return bigramDice(x, y) >= 0.5
    }

    /// The name without its mobile-network generations (`5G`, `4g`: digits and G, no letter or digit after), and
    /// those generations, upper-cased.
    static func withoutTechnologies(_ name: String) -> (String, Set<String>) {
        let characters = Array(name)
        var rest = "", found: Set<String> = []
        var at = 0
        while at < characters.count {
            var end = at
            while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
            if end > at, at == 0 || !(characters[at - 1].isASCII && (characters[at - 1].isLetter || characters[at - 1].isNumber)),
               end < characters.count, characters[end] == "G" || characters[end] == "g",
               end + 1 == characters.count || !(characters[end + 1].isASCII && (characters[end + 1].isLetter || characters[end + 1].isNumber)) {
                found.insert(String(characters[at...end]).uppercased())
                at = end + 1
                continue
            }
            if end > at {
                rest += String(characters[at..<end])
                at = end
            } else {
                rest.append(characters[at])
                at += 1
            }
        }
        return (rest, found)
    }

    /// The name with each run of Chinese numerals written in Arabic digits (一号 → 1号, 十二栋 → 12栋, 一〇一 → 101,
    /// 廿一 → 21).
    static func arabicNumerals(_ name: String) -> String {
        var result = ""
        var run: [Character] = []
        func flush() {
            guard !run.isEmpty else { return }
            if run.contains(where: { "十百拾佰".contains($0) || tens[$0] != nil }) {
                var total = 0, current = 0
                for character in run {
                    if let digit = numeralDigits[character] {
                        current = digit
                    } else if let value = tens[character] {
                        total += value
                        current = 0
                    } else if character == "十" || character == "拾" {
                        total += max(current, 1) * 10
                        current = 0
                    } else if character == "百" || character == "佰" {
                        total += max(current, 1) * 100
                        current = 0
                    }
                }
                result += String(total + current)
            } else {
                result += run.map { String(numeralDigits[$0] ?? 0) }.joined()
            }
            run = []
        }
        for character in name {
            if numeralDigits[character] != nil || "十百拾佰".contains(character) || tens[character] != nil {
                run.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// The two names without their common beginning and common ending.
    static func differingParts(_ x: [Character], _ y: [Character]) -> ([Character], [Character]) {
        var start = 0
        while start < x.count, start < y.count, x[start] == y[start] { start += 1 }
        var end = 0
        while end < x.count - start, end < y.count - start, x[x.count - 1 - end] == y[y.count - 1 - end] { end += 1 }
        return (Array(x[start..<(x.count - end)]), Array(y[start..<(y.count - end)]))
    }

    /// Sørensen–Dice coefficient of the two names' character bigrams.
    static func bigramDice(_ a: String, _ b: String) -> Double {
        func bigrams(_ text: String) -> [String: Int] {
            let characters = Array(text)
            var counts: [String: Int] = [:]
            guard characters.count > 1 else { return counts }
            for index in 0..<(characters.count - 1) { counts[String(characters[index...index + 1]), default: 0] += 1 }
            return counts
        }
        let x = bigrams(a), y = bigrams(b)
        let total = x.values.reduce(0, +) + y.values.reduce(0, +)
        guard total > 0 else { return 0 }
        let shared = x.reduce(0) { $0 + min($1.value, y[$1.key] ?? 0) }
        return 2 * Double(shared) / Double(total)
    }
}
