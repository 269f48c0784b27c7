/// Status of a renovation project (`dwd_renovation_project.status`): not_started|in_progress|completed|unknown.
///
/// `parse` reads the code itself or the project library's words (未开工/拟开工/待实施/拟改造/列入计划,
/// 在建/施工中/进行中/已开工, 已完工/竣工/完成, 不详) and gives nil for anything else; when the status column is empty
/// or unknown to it, the caller derives one from the progress with `from(progress:)`. Negated words are words of
/// their own: `未完工` is `.in_progress`, and `前期工作已完成` (preparations done) is `.not_started`.
///
/// A plan is written with its year, month or season inside the words (`计划2025年实施`, `拟于2026年3月开工`,
/// `2025年计划`, `列入2025年改造计划`): those dates are read past, so these are `.not_started`. A finish that is only
/// expected or planned (`预计2025年底完工`, `计划6月竣工`) is not a finish: `.in_progress`; one done as planned
/// (`按计划完成`) is `.completed`.
///
/// Part done is not done: 过半/完成过半, 基本完工/基本完成 (nearly finished) and 已完成主体/主体完工 are `.in_progress`.
/// A bracketed remark does not overrule the words before it: `在建（已完成主体）` and `在建(已完成80%)` are
/// `.in_progress`; the remark counts only when the words outside the brackets name no status.
/// ```swift
/// ProjectStatus.parse("施工中") ?? Progress.parse(progressText).map(ProjectStatus.from(progress:))
/// ```
public enum ProjectStatus: String, CaseIterable, Sendable {
    case not_started, in_progress, completed, unknown

    /// The status named by `text`, or nil. Whole-text words first; then, with its dates left out (see
    /// `withoutDates`), the whole text again (`2025年计划` is a plan) and the longest word it contains.
    public static func parse(_ text: String) -> ProjectStatus? {
        let folded = KeywordMatcher<ProjectStatus>.fold(text)
        guard !folded.isEmpty else { return nil }
        if let hit = matcher.exactMatch(folded) { return hit }
        if let outside = outsideBrackets(folded), let hit = parse(outside) { return hit }
        let undated = withoutDates(folded)
        if plannedAlone.contains(undated) { return .not_started }
        return matcher.match(undated)
    }

    /// `text` without its bracketed remarks (`在建（已完成主体）` → `在建`, after `fold` made the brackets ASCII; also
    /// 【】 and []), or nil when it has none or nothing is left outside them.
    static func outsideBrackets(_ text: String) -> String? {
        guard text.contains(where: { "(【[".contains($0) }) else { return nil }
        var outside = ""
        var depth = 0
        for char in text {
            if "(【[".contains(char) {
                depth += 1
            } else if ")】]".contains(char) {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                outside.append(char)
            }
        }
        let trimmed = outside.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// Words that say a plan only as the whole text: inside a longer one `计划` may be the plan a finished project
    /// kept to (`按计划完工`).
    private static let plannedAlone: Set<String> = ["计划", "已计划", "有计划"]

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
                            "未实施", "拟实施", "筹备中", "not started",
                            "待实施", "计划实施", "暂缓实施", "拟改造", "待改造", "计划改造", "未改造", "拟启动", "待启动",
                            "计划启动", "拟施工", "待施工", "计划施工", "列入计划", "纳入计划", "列入改造", "纳入改造",
                            "改造计划", "年度计划", "实施计划", "计划中", "计划项目", "储备项目", "前期", "前期手续",
                            "前期阶段", "方案设计", "设计阶段", "招标", "招标中", "待招标", "完成招标", "招标完成", "招标已完成", "已立项",
                            "拟建", "待建", "规划中", "planned"]),
            (.in_progress, ["在建", "施工中", "进行中", "已开工", "开工", "实施中", "建设中", "正在施工", "推进中",
                            "未完工", "未竣工", "未完成", "在施", "续建", "in progress",
                            "正在实施", "正在建设", "改造中", "正在改造", "已进场", "进场施工", "施工阶段", "主体完工",
                            "部分完工", "停工", "暂停施工", "暂停", "已暂停", "暂停中", "停工中", "施工", "在施工", "预计完工", "预计竣工", "预计完成", "计划完工", "计划竣工",
                            "计划完成", "拟完工", "拟竣工",
                            // Part done, nearly done, or the main structure done: not yet completed.
                            "过半", "已过半", "完成过半", "已完成过半", "过半完成", "完成一半", "已完成一半", "完成近半",
                            "基本完工", "基本完成", "基本竣工", "基本建成", "即将完工", "接近完工", "主体完成",
                            "完成主体", "已完成主体", "主体已完成", "主体竣工", "部分完成"]),
            (.completed, ["已完工", "竣工", "完成", "完工", "已竣工", "已完成", "已验收", "竣工验收", "已交付",
                          "全部完成", "done",
                          "按计划完成", "按计划完工", "按期完工", "已改造", "改造完成", "改造完毕", "实施完毕", "交付使用",
                          "完工验收", "通过验收", "已建成"]),
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

    /// `folded` without its dates, so that a plan's words meet: `计划2025年实施` → `计划实施`, `拟于2026年3月开工` →
    /// `拟开工`, `列入2025年度第一批改造计划` → `列入第一批改造计划`. A date is a year (`2025年`, `二〇二五年`, a bare
    /// `2025`), a month or day (`3月份`, `15日`), a numeric date (`2025-03`, `2025.3.1`) or a relative one (`今年`,
    /// `明年`, `年底`, `近期`), with its part of the year after it (`度`, `底`, `上半年`, `第三季度`, `中旬` …) and a
    /// `于` or `在` before it. Spaces between Chinese words go too. Any other number stays (`完成80%`).
    static func withoutDates(_ folded: String) -> String {
        let chars = Array(folded)
        var kept: [Character] = []
        var index = 0
        while index < chars.count {
            if let end = dateEnd(chars, from: index) {
                if let last = kept.last, last == "于" || last == "在" { kept.removeLast() }
                index = end
                continue
            }
            kept.append(chars[index])
            index += 1
        }
        var text = ""
        for (position, char) in kept.enumerated() {
            if char.isWhitespace {
                let before = position > 0 ? kept[position - 1] : " "
                let after = position + 1 < kept.count ? kept[position + 1] : " "
                if !(before.isASCII && !before.isWhitespace && after.isASCII && !after.isWhitespace) { continue }
            }
            text.append(char)
        }
        return text
    }

    /// Where the date starting at `start` ends (its parts of the year included), or nil when none starts there.
    private static func dateEnd(_ chars: [Character], from start: Int) -> Int? {
        guard let first = datePart(chars, from: start) else { return nil }
        var end = first
        while true {
            while end < chars.count, chars[end] == " " { end += 1 }
            if let next = datePart(chars, from: end) ?? periodEnd(chars, from: end) {
                end = next
            } else {
                break
            }
        }
        // Spaces after a date are left to `withoutDates`.
        while end > first, chars[end - 1] == " " { end -= 1 }
        return end
    }

    /// One year, month, day, numeric date or relative date at `start`.
    private static func datePart(_ chars: [Character], from start: Int) -> Int? {
        if let word = relativeDates.first(where: { matches($0, chars, at: start) }) { return start + word.count }
        if let end = quarterEnd(chars, from: start) { return end }
        var end = start
        while end < chars.count, chars[end].isASCII, chars[end].isNumber { end += 1 }
        let digits = end - start
        if digits > 0 {
            if start > 0, chars[start - 1].isASCII, chars[start - 1].isNumber || chars[start - 1].isLetter { return nil }
            // `2025 年`: a space may stand before the unit.
            var unit = end
            while unit < chars.count, chars[unit] == " " { unit += 1 }
            if unit < chars.count, chars[unit] == "年", (2...4).contains(digits) { return unit + 1 }
            if unit < chars.count, chars[unit] == "月", digits <= 2 { return unit + 1 }
            if unit < chars.count, chars[unit] == "日" || chars[unit] == "号", digits <= 2, start > 0,
               chars[start - 1] == "月" { return unit + 1 }
            if digits == 4, end + 1 < chars.count, "-./".contains(chars[end]), chars[end + 1].isASCII,
               chars[end + 1].isNumber {
                var tail = end + 1
                while tail < chars.count, chars[tail].isASCII, chars[tail].isNumber || "-./".contains(chars[tail]) {
                    tail += 1
                }
                return tail
            }
            if digits == 4, let year = Int(String(chars[start..<end])), (1900...2099).contains(year),
               end == chars.count || !(chars[end].isASCII && chars[end].isLetter) { return end }
            return nil
        }
        while end < chars.count, chineseDigits.contains(chars[end]) { end += 1 }
        let numerals = end - start
        if numerals == 4 || numerals == 2, end < chars.count, chars[end] == "年",
           chars[start..<end].allSatisfy({ $0 != "十" }) { return end + 1 }
        if (1...3).contains(numerals), end < chars.count, chars[end] == "月" { return end + 1 }
        return nil
    }

    /// A part of the year or month right after a date (`度`, `底`, `上半年`, `第三季度`, `中旬`, `份`), or nil.
    private static func periodEnd(_ chars: [Character], from start: Int) -> Int? {
        guard start > 0 else { return nil }
        if let word = periods.first(where: { matches($0, chars, at: start) }) { return start + word.count }
        guard "年月度底初末旬".contains(chars[start - 1]), start < chars.count, "度份底初末内中前".contains(chars[start]) else {
            return nil
        }
        return start + 1
    }

    /// A quarter (`第三季度`, `3季度`) at `start`.
    private static func quarterEnd(_ chars: [Character], from start: Int) -> Int? {
        var end = start
        if end < chars.count, chars[end] == "第" { end += 1 }
        guard end < chars.count, "一二三四1234".contains(chars[end]) else { return nil }
        end += 1
        return matches("季度", chars, at: end) ? end + 2 : nil
    }

    private static func matches(_ word: String, _ chars: [Character], at start: Int) -> Bool {
        var index = start
        for char in word {
            guard index < chars.count, chars[index] == char else { return false }
            index += 1
        }
        return true
    }

    private static let chineseDigits: Set<Character> = ["〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    /// Dates without a number (longest first).
    private static let relativeDates = ["本年度", "上半年", "下半年", "今年", "明年", "后年", "当年", "本年", "年内", "年底",
                                        "年初", "年末", "近期", "近日"]

    /// Parts of a year or month after a date (longest first); the one-character ones are in `periodEnd`.
    private static let periods = ["上半年", "下半年", "上旬", "中旬", "下旬", "左右", "以前", "之前", "以内"]
}
