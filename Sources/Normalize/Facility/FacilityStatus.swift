/// Operating status of a facility (`dwd_facility.status`): in_service|under_construction|planned|out_of_service|unknown.
///
/// `parse` reads the code itself or the words surveys use (`在用`, `施工中`, `拟建`, `故障`, `不详` …); nil means the
/// word is not known and the caller rejects it. Negated words are words of their own, so `未运行` is
/// `.out_of_service`, not `.in_service`; and a serving word with a negation right before it (`不在用`, `未启用`,
/// `已停止运行`, `无法正常使用`, `未见运行`) is `.out_of_service` too, while `不间断运行` or `不影响正常使用` stay in service.
/// A negated fault is no fault (`未见明显损坏`, `无异常` are in service). A partial fault (`部分损坏`, `损坏部分`,
/// `局部损坏`) beside a serving word leaves the facility in service; alone it is all the text says. An inspector who
/// did not find the facility on site (`现场未见`, `未见该设施`, `找不到`) reports a facility that serves no one:
/// `.out_of_service`, which the facility-gap summaries count as missing (`.unknown` would count it as present); the
/// normalizer asks `saysAbsent` first, and such a record, like a checklist's `无` or `未配建`, makes no facility at all.
/// What was put right is in service (`已修复`, `整改完毕`, `已维修`); a repair still to be done (`待修复`, `需整改`) and a
/// withdrawal (`退网`, `已退服`, `已拆除`) are `.out_of_service`, the warehouse's status for a removed facility.
/// ```swift
/// FacilityStatus.parse("正常使用")      // .in_service
/// FacilityStatus.parse("无法正常使用")  // .out_of_service
/// FacilityStatus.parse("损坏部分，可使用") // .in_service
/// ```
public enum FacilityStatus: String, CaseIterable, Sendable {
    case in_service, under_construction, planned, out_of_service, unknown

    /// The status named by `text`, or nil. Matching is as for `FacilityType.parse`: `extra` (`word → code`) on the
    /// whole text, built-in words or codes on the whole text, then the longest contained word.
    /// A serving word read from inside a longer text is negated by `不`, `未`, `没`, `无`, `非` or `停` right before
    /// it (see `negatedServingWord`): the text is `.out_of_service` (`.under_construction` for a negated completion word such as
    /// `未竣工`). A whole-text word (the pipeline's or built in) is taken as it is. A text with no word that says
    /// the facility is not there (see `saysAbsent`: `现场未见`, `无`, `缺失`) is `.out_of_service`: it serves no one.
    public static func parse(_ text: String, extra: [String: String] = [:]) -> FacilityStatus? {
        let status = VocabularyParsing.parse(text, extra: extra, builtIn: matcher)
        if status == nil { return builtInAbsence(text) ? .out_of_service : nil }
        if status == .out_of_service, let cleared = withoutNegatedFaults(text) {
            // 无故障, 未停运, 运行正常，无异常: a fault word negated right before it says nothing is wrong. What is left
            // is read by the same rules (无异常，未见使用 is out of service).
            let rest = parse(cleared, extra: extra)
            return rest == nil || rest == .in_service ? .in_service : rest
        }
        if status == .out_of_service, let cleared = withoutPartialFaults(text), parse(cleared, extra: extra) == .in_service {
            // 正常使用，个别损坏; 在用（损坏部分）; 局部损坏可使用: in service, with some damage.
            return .in_service
        }
        guard status == .in_service else { return status }
        let folded = KeywordMatcher<FacilityStatus>.fold(text)
        if matcher.exactMatch(folded) != nil { return status }
        var servingWords = Self.servingWords
        for (label, code) in extra where FacilityStatus(rawValue: KeywordMatcher<FacilityStatus>.fold(code)) == .in_service {
            let key = KeywordMatcher<FacilityStatus>.fold(label)
            if key == folded { return status }
            if !key.isEmpty { servingWords.append(key) }
        }
        guard let negated = negatedServingWord(folded, servingWords) else { return status }
        return completionWords.contains(negated) ? .under_construction : .out_of_service
    }

    /// The first serving word in `folded` negated right before it: a negation (`不在用`, `未启用`), one bridged by
    /// the words of `bridges` (`不能正常使用`, `无法使用`, `未投入运行`, `没有运行`, `未见运行`, `无人使用`), or 停止/暂停
    /// (`已停止运行`). A negation further
    /// back negates something else: `不间断运行`, `不影响正常使用`, `无人值守正常运行`, `停车场在用` are in service.
    private static func negatedServingWord(_ folded: String, _ servingWords: [String]) -> String? {
        for word in servingWords {
            var searchStart = folded.startIndex
            while let found = folded.range(of: word, range: searchStart..<folded.endIndex) {
                let before = folded[..<found.lowerBound]
                if before.hasSuffix("停止") || before.hasSuffix("暂停") { return word }
                if negationStart(before, bridges: bridges, negations: negations) != nil { return word }
                searchStart = found.upperBound
            }
        }
        return nil
    }

    /// `text` without its negated fault words (无故障, 未发现故障, 未停运, 无异常), or nil when it has none. A text
    /// that is itself a word (built in) is left to that word.
    private static func withoutNegatedFaults(_ text: String) -> String? {
        let folded = KeywordMatcher<FacilityStatus>.fold(text)
        if matcher.exactMatch(folded) != nil { return nil }
        var rest = folded
        var removed = false
        for word in faultWords {
            var searchStart = rest.startIndex
            while let found = rest.range(of: word, range: searchStart..<rest.endIndex) {
                // 故障已排除, 故障已修复: a fault put right since.
                let after = rest[found.upperBound...]
                if let repaired = repairedWords.first(where: { after.hasPrefix($0) }) {
                    let end = rest.index(found.upperBound, offsetBy: repaired.count)
                    rest.replaceSubrange(found.lowerBound..<end, with: " ")
                    removed = true
                    searchStart = rest.startIndex
                    continue
                }
                guard let start = negationStart(rest[..<found.lowerBound], bridges: faultBridges,
                                                negations: faultNegations) else {
                    searchStart = found.upperBound
                    continue
                }
                rest.replaceSubrange(start..<found.upperBound, with: " ")
                removed = true
                searchStart = rest.startIndex
            }
        }
        return removed ? rest : nil
    }

    /// `text` without its partial faults, or nil when it has none. A fault is partial when a partial word stands in
    /// its clause (between punctuation), before or after it: 个别损坏, 部分路灯损坏, 损坏部分, 损坏（部分）, 局部有破损,
    /// 损坏轻微. Brackets do not end a clause. The order of the words does not matter.
    private static func withoutPartialFaults(_ text: String) -> String? {
        var rest = KeywordMatcher<FacilityStatus>.fold(text)
        guard partialWords.contains(where: { rest.contains($0) }) else { return nil }
        var removed = false
        for word in partialFaultWords {
            var searchStart = rest.startIndex
            while let found = rest.range(of: word, range: searchStart..<rest.endIndex) {
                let clauseStart = rest[..<found.lowerBound].lastIndex(where: clauseBreaks.contains)
                    .map { rest.index(after: $0) } ?? rest.startIndex
                let clauseEnd = rest[found.upperBound...].firstIndex(where: clauseBreaks.contains) ?? rest.endIndex
                let clause = rest[clauseStart..<clauseEnd]
                guard partialWords.contains(where: { clause.contains($0) }) else {
                    searchStart = found.upperBound
                    continue
                }
                // Not a space: the clause goes on (部分损坏故障 stays one clause).
                rest.replaceSubrange(found, with: "_")
                removed = true
                searchStart = rest.startIndex
            }
        }
        return removed ? rest : nil
    }

    /// What makes a fault partial: part of the facility is out of order, so it may still serve (it does when the
    /// text also has a serving word).
    private static let partialWords = ["个别", "部分", "局部", "少量", "轻微", "少数", "有些", "一些"]

    /// What ends a clause (after `fold`: full-width punctuation is ASCII by then).
    private static let clauseBreaks: Set<Character> = [",", ";", ".", ":", "。", "、", "!", "?", " ", "/"]

    /// Every built-in out-of-service word that may be partial, the negated ones too (部分无法使用), longest first.
    private static let partialFaultWords: [String] = groups.filter { $0.0 == .out_of_service }.flatMap(\.1)
        .map(KeywordMatcher<FacilityStatus>.fold)
        .filter { word in word.allSatisfy { !$0.isASCII } }
        .sorted { $0.count > $1.count }

    /// Whether `text` says that the facility does not exist: the record is a checklist item for a facility the
    /// place lacks, or an inspector's note that it was not found, so it makes no facility (the normalizer's
    /// `facility_absent`). That is a word saying there is none (`无`, `没有`, `缺失`, `缺少`, `暂无`, `暂缺`, `尚无`,
    /// `未配建`, `未建`, `未建设`, `未配置`, `未配备`, `未设置`, `未安装` …), alone or before the facility (`无此设施`,
    /// `没有路灯`, `未配建二次供水`), or one of the not-found texts of `notFoundOnSite` (`现场未见`, `已不存在`).
    /// A word with more after it is no absence: `无异常`, `无法使用`, `暂无异常`, `未建成`, `未安装完成`.
    ///
    /// The pipeline's vocabulary decides for a text that is wholly its word: `absent` says the facility does not
    /// exist (`不具备: absent`); another status code says it does (`无: unknown`), except `out_of_service`, which a
    /// pipeline written before absence was read used for these words, and which stays an absence.
    /// ```swift
    /// FacilityStatus.saysAbsent("未配建")   // true
    /// FacilityStatus.saysAbsent("无故障")   // false
    /// ```
    public static func saysAbsent(_ text: String, extra: [String: String] = [:]) -> Bool {
        let folded = KeywordMatcher<FacilityStatus>.fold(text)
        guard !folded.isEmpty else { return false }
        for (label, code) in extra where KeywordMatcher<FacilityStatus>.fold(label) == folded {
            let code = KeywordMatcher<FacilityStatus>.fold(code)
            if code == absentCode { return true }
            if let status = FacilityStatus(rawValue: code), status != .out_of_service { return false }
        }
        return builtInAbsence(text)
    }

    /// The vocabulary code (`vocabularies: status:`) of a word saying that the facility does not exist.
    public static let absentCode = "absent"

    /// Whether `text`, by the built-in words alone, says that the facility does not exist (see `saysAbsent`).
    private static func builtInAbsence(_ text: String) -> Bool {
        if notFoundOnSite(text) { return true }
        let rest = Substring(KeywordMatcher<FacilityStatus>.fold(text).filter { !clauseBreaks.contains($0) && $0 != "(" && $0 != ")" })
        guard let phrase = absencePhrases.first(where: { rest.hasPrefix($0) }) else { return false }
        var thing = rest.dropFirst(phrase.count)
        while let determiner = ["该", "此", "这个", "这些", "相关", "任何"].first(where: { thing.hasPrefix($0) }) {
            thing = thing.dropFirst(determiner.count)
        }
        return thing.isEmpty || facilityNouns.contains(String(thing)) || FacilityType.matcher.exactMatch(String(thing)) != nil
    }

    /// Words saying that there is no such facility, longest first (a checklist's answer for a facility the
    /// compound lacks).
    private static let absencePhrases = ["尚未配套建设", "未配套建设", "尚未配建", "尚未建设", "未配建", "未建设", "未配置",
                                         "未配备", "未配套", "未设置", "未安装", "未设立", "未修建", "未建", "暂无", "暂缺",
                                         "尚无", "缺失", "缺少", "空缺", "没有", "缺", "无"]

    /// Whether `text` says that the inspector did not find the facility on site (one way of `saysAbsent`): a not-found phrase (未见, 未找到,
    /// 找不到, 未发现, 已不存在, 查无; 无 or 没有 with a site word or the facility named), after site words (现场, 实地,
    /// 经核查 …), and before nothing but the facility itself (设施, 该设备, 实物, or a facility type word such as 路灯).
    /// `现场未见`, `现场未见设施`, `经现场核查，未找到该设施`, `无此设施` say so; `未见锈蚀` (no rust seen) and a bare `无` do not.
    private static func notFoundOnSite(_ text: String) -> Bool {
        var rest = Substring(KeywordMatcher<FacilityStatus>.fold(text).filter { !clauseBreaks.contains($0) && $0 != "(" && $0 != ")" })
        var afterSiteWord = false
        while let site = siteWords.first(where: { rest.hasPrefix($0) }) {
            rest = rest.dropFirst(site.count)
            afterSiteWord = true
        }
        let strong = notFoundPhrases.first(where: { rest.hasPrefix($0) })
        guard let phrase = strong ?? ["没有", "无"].first(where: { rest.hasPrefix($0) }) else { return false }
        rest = rest.dropFirst(phrase.count)
        while let determiner = ["该", "此", "这个", "这些", "相关", "任何"].first(where: { rest.hasPrefix($0) }) {
            rest = rest.dropFirst(determiner.count)
        }
        let thing = String(rest)
        // A bare 无 says nothing of where or what (无 may be "no remark"): it needs a site word or the facility.
        if thing.isEmpty { return strong != nil || afterSiteWord }
        return facilityNouns.contains(thing) || FacilityType.matcher.exactMatch(thing) != nil
    }

    /// Words for where and how the inspector looked, before a not-found phrase (longest first).
    private static let siteWords = ["现场核查", "实地核查", "现场查看", "实地查看", "现场", "实地", "经", "核查", "查看",
                                    "核实", "检查", "踏勘", "走访", "巡查", "排查", "调查", "后", "时"]

    /// Phrases saying the thing was not found (longest first).
    private static let notFoundPhrases = ["已不存在", "没有找到", "没有发现", "未找到", "找不到", "没找到", "未发现", "没发现",
                                          "未查到", "查不到", "不存在", "未见", "查无", "已无"]

    /// Words for the facility itself, after a not-found phrase.
    private static let facilityNouns: Set<String> = ["设施", "设备", "实物", "装置", "点位", "设施设备", "此设施"]

    /// Where a negation right before a word begins in `before` (the text up to the word), with only `bridges`
    /// between them (不能正常使用, 未发现故障); nil when there is none.
    private static func negationStart(_ before: Substring, bridges: [String], negations: Set<Character>) -> String.Index? {
        var rest = before
        var bridged = true
        while bridged {
            bridged = false
            for bridge in bridges where rest.hasSuffix(bridge) {
                rest = rest.dropLast(bridge.count)
                bridged = true
                break
            }
        }
        guard let last = rest.last, negations.contains(last) else { return nil }
        return rest.index(before: rest.endIndex)
    }

    /// What may stand between a negation and the fault word it cancels (未发现故障), and the negations that do.
    /// 未见明显的损坏, 无较大故障, 不存在故障.
    private static let faultBridges = ["发现", "出现", "任何", "有", "见", "明显", "严重", "较大", "重大", "其他", "其它",
                                       "的", "存在", "看到"]
    private static let faultNegations: Set<Character> = ["无", "未", "没", "不", "非"]

    /// What follows a fault that was put right (故障已排除).
    private static let repairedWords = ["已排除", "已修复", "已修好", "已恢复", "已处理", "已解决", "排除"]

    /// Out-of-service words that a negation can cancel, longest first (not those that are negations themselves).
    private static let faultWords: [String] = groups.filter { $0.0 == .out_of_service }.flatMap(\.1)
        .map(KeywordMatcher<FacilityStatus>.fold)
        .filter { word in
            guard let first = word.first else { return false }
            return !faultNegations.contains(first) && word.allSatisfy { !$0.isASCII }
        }
        .sorted { $0.count > $1.count }

    /// Words that may stand between a negation and the serving word it negates: 未见运行 (not seen running),
    /// 无人使用 (nobody uses it), 无法继续使用, 不宜使用.
    private static let bridges = ["投入", "正常", "正式", "继续", "能", "法", "可", "再", "得", "有", "宜", "见", "人"]

    /// Serving words that say the building work is finished: negated (`未竣工`, `尚未建成`), the work goes on.
    private static let completionWords: Set<String> = ["已建成", "建成", "已完工", "竣工", "已竣工"]

    private static let negations: Set<Character> = ["不", "未", "没", "无", "非", "停"]

    /// The built-in words for `.in_service`, folded.
    private static let servingWords: [String] = groups.filter { $0.0 == .in_service }.flatMap(\.1)
        .map(KeywordMatcher<FacilityStatus>.fold)

    /// The built-in words of each status.
    private static let groups: [(FacilityStatus, [String])] = [
        (.in_service, ["在用", "正常", "运行", "使用中", "已建成", "正常使用", "运行中", "投用", "已投用",
                       "投入使用", "已投入使用", "运营", "运营中", "良好", "完好", "启用", "已启用", "建成",
                       "已完工", "竣工", "已竣工", "可用", "有效", "投运", "已投运", "在运", "畅通", "使用", "可使用", "开通", "已开通",
                       // Put right: repaired, rectified after an inspection, renovated, back in use.
                       "已修复", "修复完成", "修复完毕", "已修好", "修好", "已维修", "维修完成", "维修完毕", "已维修完成",
                       "维修好", "已整改", "整改完毕", "整改完成", "已整改完成", "已整改完毕", "整改到位", "已更换",
                       "更换完成", "已恢复", "恢复正常", "恢复使用", "已恢复使用", "已改造", "改造完成", "改造完毕",
                       "in service", "active", "normal"]),
        (.under_construction, ["在建", "建设中", "施工中", "正在建设", "正在施工", "在施工", "施工", "安装中",
                               "已开工", "改造中", "正在改造", "under construction"]),
        (.planned, ["规划", "拟建", "计划", "规划中", "计划建设", "待建", "拟新建", "未开工", "拟安装",
                    "planned"]),
        (.out_of_service, ["停用", "报废", "故障", "损坏", "废弃", "已停用", "已报废", "已损坏", "停运", "停止使用",
                           "暂停使用", "闲置", "拆除", "已拆除", "维修中", "待维修", "异常", "不正常", "未运行",
                           "不能使用", "无法使用", "未投用", "未投入使用", "失效", "坏", "带病", "带病运行", "堵塞", "破损", "已破损", "损毁", "失灵", "不亮",
                           "禁止使用", "禁用", "弃用", "已弃用",
                           // Built but waiting to be put in service: it serves no one yet.
                           "待投用", "待投入使用", "待启用", "待开通", "待通电", "未通电", "无法启动", "尚未投用",
                           // Still to be put right (a repair or rectification ordered, not done).
                           "待修复", "需修复", "未修复", "修复中", "正在修复", "无法修复", "不能修复", "不可修复", "无法维修",
                           "需维修", "正在维修", "报修", "已报修",
                           "待整改", "需整改", "未整改", "整改中", "正在整改", "待更换", "需更换", "未恢复", "待恢复",
                           // Withdrawn from service: taken off the network, decommissioned, removed, shut down.
                           "退网", "已退网", "退服", "已退服", "退运", "已退运", "退役", "已退役", "撤除", "已撤除",
                           "移除", "已移除", "拆迁", "已拆迁", "注销", "已注销", "关停", "已关停", "下线", "已下线",
                           "停机", "已停机", "关闭", "已关闭",
                           "out of service"]),
        (.unknown, ["不详", "未知", "不清楚", "待核实", "待查", "unknown"]),
    ]

    static let matcher: KeywordMatcher<FacilityStatus> = {
        var words: [String: FacilityStatus] = [:]
        for (status, labels) in groups {
            for label in labels {
                precondition(words[label] == nil, "status word \(label) listed twice")
                words[label] = status
            }
        }
        for status in FacilityStatus.allCases { words[status.rawValue] = status }
        // On a tie the word that says something is wrong wins (`运行异常`: broken, not running).
        let order: [FacilityStatus] = [.out_of_service, .under_construction, .planned, .in_service, .unknown]
        return KeywordMatcher(words) { order.firstIndex(of: $0)! }
    }()
}
