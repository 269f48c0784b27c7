/// Operating status of a facility (`dwd_facility.status`): in_service|under_construction|planned|out_of_service|unknown.
///
/// `parse` reads the code itself or the words surveys use (`在用`, `施工中`, `拟建`, `故障`, `不详` …); nil means the
/// word is not known and the caller rejects it. Negated words are words of their own, so `未运行` is
/// `.out_of_service`, not `.in_service`:
/// ```swift
/// FacilityStatus.parse("正常使用")  // .in_service
/// FacilityStatus.parse("已损坏")    // .out_of_service
/// ```
public enum FacilityStatus: String, CaseIterable, Sendable {
    case in_service, under_construction, planned, out_of_service, unknown

    /// The status named by `text`, or nil. Matching is as for `FacilityType.parse`: `extra` (`word → code`) on the
    /// whole text, built-in words or codes on the whole text, then the longest contained word.
    public static func parse(_ text: String, extra: [String: String] = [:]) -> FacilityStatus? {
        VocabularyParsing.parse(text, extra: extra, builtIn: matcher)
    }

    static let matcher: KeywordMatcher<FacilityStatus> = {
        let groups: [(FacilityStatus, [String])] = [
            (.in_service, ["在用", "正常", "运行", "使用中", "已建成", "正常使用", "运行中", "投用", "已投用",
                           "投入使用", "已投入使用", "运营", "运营中", "良好", "完好", "启用", "已启用", "建成",
                           "已完工", "竣工", "已竣工", "可用", "有效", "in service", "active", "normal"]),
            (.under_construction, ["在建", "建设中", "施工中", "正在建设", "正在施工", "在施工", "施工", "安装中",
                                   "已开工", "under construction"]),
            (.planned, ["规划", "拟建", "计划", "规划中", "计划建设", "待建", "拟新建", "未建", "未开工", "拟安装",
                        "planned"]),
            (.out_of_service, ["停用", "报废", "故障", "损坏", "废弃", "已停用", "已报废", "已损坏", "停运", "停止使用",
                               "暂停使用", "闲置", "拆除", "已拆除", "维修中", "待维修", "异常", "不正常", "未运行",
                               "不能使用", "无法使用", "未投用", "未投入使用", "失效", "坏", "带病", "带病运行", "out of service"]),
            (.unknown, ["不详", "未知", "不清楚", "待核实", "待查", "unknown"]),
        ]
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
