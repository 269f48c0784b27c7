import Foundation

// Which kinds of installation a facility's name or type label names, and when two of them are one kind.
extension FacilityWriter {
    /// Whether a type label (the 类型 of a record without a name: 垃圾站, 箱式变压器, 5G基站（楼顶）) fits a facility
    /// named `other` (a name, or another label): the two are similar names (`similarNames`: 箱变 is 箱式变压器, 5G基站
    /// is 5G基站（楼顶）), or they name no two different kinds of installation (`kindsNamed`, `kindsDiffer`). So 垃圾站
    /// is not 公厕, 箱变 not 荷城花园小区1#配电室, 消防车通道 not 西门消火栓 and 室内消火栓 not 2号消防栓, while 消防 fits
    /// 西门消火栓 (a field, see `oneKind`) and 5G基站 fits the tower company's LPS-8862-HX or 百子桥小区移动5G, which name
    /// no kind.
    static func labelFits(_ label: String, _ other: String, compound: [String], kinds: [KindSpelling],
                          typeWords: [String] = [], installations: [String: String] = [:], fields: Set<String> = []) -> Bool {
        if similarNames(label, other, compound: compound, typeWords: typeWords, installations: installations, fields: fields) {
            return true
        }
        let x = kindsNamed(in: label, compound: compound, kinds: kinds, installations: installations)
        let y = kindsNamed(in: other, compound: compound, kinds: kinds, installations: installations)
        return !kindsDiffer(x, y, fields: fields, installations: installations)
    }

    /// A word of the vocabulary as a name may hold it: as written, or with its kind words written one way as the
    /// match name has them (室外消火栓 is found in 室外消防栓), and the word it spells.
    typealias KindSpelling = (spelling: String, word: String)

    /// Each word of `words` as written and with its kind words written one way, longest spelling first (ties in the
    /// order of `words`).
    static func kindSpellings(_ words: [String]) -> [KindSpelling] {
        words.enumerated().flatMap { index, word -> [(spelling: String, word: String, index: Int)] in
            let one = withKindsWrittenOneWay(word)
            return one == word ? [(word, word, index)] : [(word, word, index), (one, word, index)]
        }
        .sorted { $0.spelling.count != $1.spelling.count ? $0.spelling.count > $1.spelling.count : $0.index < $1.index }
        .map { ($0.spelling, $0.word) }
    }

    /// The text with its kind words written one way (`kindSynonyms`: 消火栓 → 消防栓, 配电室 → 配电房).
    static func withKindsWrittenOneWay(_ text: String) -> String {
        kindSynonyms.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    /// The kind of installation a word of the vocabulary names, written one way: the installation of its group
    /// (`installations`: 摄像头 and 雪亮工程 name 监控, 箱变 names 变压器, 市政消火栓 names 消火栓), else the word itself,
    /// kind words written one way (照明灯 is 路灯); nil for a word of a whole class (…设施, …设备, …系统) in no group,
    /// which names no kind (消防设施; 充电设施 names 充电桩).
    static func installationKind(_ word: String, installations: [String: String]) -> String? {
        if let installation = installations[word] { return withKindsWrittenOneWay(installation) }
        if ["设施", "设备", "系统"].contains(where: { word.hasSuffix($0) }) { return nil }
        return withKindsWrittenOneWay(word)
    }

    /// The kinds of installation a name names (see `installationKind`): the words of `kinds` its match name contains
    /// (without technologies and numbers, kind words folded, letters lower-cased), as written or folded, that no
    /// longer word found there contains (室内消火栓 holds 消火栓, and names 室内消火栓 only).
    static func kindsNamed(in name: String, compound: [String], kinds: [KindSpelling],
                           installations: [String: String] = [:]) -> [String] {
        let text = numberedKind(withoutTechnologies(markedMatchName(name, compounds: compound).name).0).kind.lowercased()
        guard !text.isEmpty else { return [] }
        var found: [String] = [], named: [String] = []
        for (spelling, word) in kinds where !spelling.isEmpty && text.contains(spelling) && !found.contains(where: { $0.contains(spelling) }) {
            found.append(spelling)
            if let kind = installationKind(word, installations: installations), !named.contains(kind) { named.append(kind) }
        }
        return named
    }

    /// Whether two kinds of installation (written one way, see `installationKind`) are one: the same; or one names
    /// only the field the other serves (`fields`, see `FacilityType.fieldWords`: 消防 in 消防栓 and 消防车通道, 供电 in
    /// 供电线路, 停车 in 停车棚, a word for the 车棚) and the other, or a word of its installation, holds it; or one is
    /// a plain word and the other a particular kind of it, the plain word with more in front (太阳能路灯 of 路灯,
    /// 口袋公园 of 公园): a reporter writing the plain word may mean the particular one, unless the plain word's own
    /// installation has particular words of its own (`installations`: 消火栓 = 室外消火栓 = 市政消火栓 is the hydrant
    /// outside, so a 室内消火栓, the cabinet on a stairwell, is no 消火栓; 基站 = 通信基站 = 移动基站).
    static func oneKind(_ a: String, _ b: String, fields: Set<String>, installations: [String: String] = [:]) -> Bool {
        if a == b { return true }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        if fields.contains(short) {
            if long.contains(short) { return true }
            return installations.contains { word, installation in
                withKindsWrittenOneWay(installation) == long && withKindsWrittenOneWay(word).contains(short)
            }
        }
        guard long.hasSuffix(short) else { return false }
        let hasParticularWords = installations.contains { word, installation in
            let spelling = withKindsWrittenOneWay(word)
            return withKindsWrittenOneWay(installation) == short && spelling != short && spelling.hasSuffix(short)
        }
        return !hasParticularWords
    }

    /// Whether two names name different kinds of installation: both name some, and none of one is one kind with one
    /// of the other (`oneKind`). 路灯 / 照明灯 are one kind, and so are 变压器 / 箱变, the words of one installation, and
    /// 路灯 / 太阳能路灯, a plain word and a particular kind of it; 垃圾站 / 公厕 are two, and so are 配电房 / 变压器,
    /// 变电站 / 箱变, 换电站 / 充电桩, 室内消火栓 / 消火栓 and 太阳能路灯 / 庭院灯. Two names of two kinds are never one
    /// facility, however alike they read.
    static func kindsDiffer(_ x: [String], _ y: [String], fields: Set<String> = [],
                            installations: [String: String] = [:]) -> Bool {
        guard !x.isEmpty, !y.isEmpty else { return false }
        return !x.contains { a in y.contains { b in oneKind(a, b, fields: fields, installations: installations) } }
    }
}
