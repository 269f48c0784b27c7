/// Status of a renovation project (`dwd_renovation_project.status`): not_started|in_progress|completed|unknown.
///
/// `parse` reads the code itself or the project library's words (未开工/拟开工, 在建/施工中/进行中/已开工,
/// 已完工/竣工/完成, 不详) and gives nil for anything else; when the status column is empty or unknown to it, the
/// caller derives one from the progress with `from(progress:)`. Negated words are words of their own:
/// `未完工` is `.in_progress`, and `前期工作已完成` (preparations done) is `.not_started`.
/// ```swift
/// ProjectStatus.parse("施工中") ?? Progress.parse(progressText).map(ProjectStatus.from(progress:))
/// ```
public enum ProjectStatus: String, CaseIterable, Sendable {
    case not_started, in_progress, completed, unknown

    /// The status named by `text`, or nil. Whole-text words first, then the longest contained word.
    public static func parse(_ text: String) -> ProjectStatus? {
        let folded = KeywordMatcher<ProjectStatus>.fold(text)
        guard !folded.isEmpty else { return nil }
        return matcher.match(folded)
    }

    /// The status a progress ratio implies: 0 → `.not_started`, 1 → `.completed`, between → `.in_progress`;
    /// `.unknown` outside 0...1 or for NaN.
    public static func from(progress: Double) -> ProjectStatus {
        guard progress.isFinite, (0...1).contains(progress) else { return .unknown }
        if progress == 0 { return .not_started }
        if progress == 1 { return .completed }
        return .in_progress
    }

    static let matcher: KeywordMatcher<ProjectStatus> = {
        let groups: [(ProjectStatus, [String])] = [
            (.not_started, ["未开工", "拟开工", "待开工", "尚未开工", "未启动", "计划开工", "前期工作", "前期准备",
                            "未实施", "拟实施", "筹备中", "not started"]),
            (.in_progress, ["在建", "施工中", "进行中", "已开工", "开工", "实施中", "建设中", "正在施工", "推进中",
                            "未完工", "未竣工", "未完成", "在施", "续建", "in progress"]),
            (.completed, ["已完工", "竣工", "完成", "完工", "已竣工", "已完成", "已验收", "竣工验收", "已交付",
                          "全部完成", "done"]),
            (.unknown, ["不详", "未知", "待核实", "不清楚"]),
        ]
        var words: [String: ProjectStatus] = [:]
        for (status, labels) in groups {
            for label in labels {
                precondition(words[label] == nil, "project status word \(label) listed twice")
                words[label] = status
            }
        }
        for status in ProjectStatus.allCases { words[status.rawValue] = status }
        return KeywordMatcher(words) { ProjectStatus.allCases.firstIndex(of: $0)! }
    }()
}
