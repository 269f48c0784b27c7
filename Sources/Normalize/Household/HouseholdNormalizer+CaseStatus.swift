import Foundation
import RongtongStaging

// Whether a record's case ended: the words 民政 and 残联 write for a programme that ended (`城市低保（已退保）`,
// `停保`, `终止`), a case status column (`状态: 已退保`) and an end date (`终止日期: 2024-05-31`).
extension HouseholdNormalizer {
    /// Words saying a programme ended for the household, written in or outside brackets after its name or on their
    /// own: 退保, 停保, 停发 (allowance stopped), 退出, 终止, 注销, 取消, 撤销, 核减 (taken off the rolls) ….
    static let endedWords = ["退保", "停保", "停发", "停止", "暂停", "已停", "退出", "已退", "清退", "终止", "注销",
                             "取消", "撤销", "销户", "核减", "解除", "失效", "作废", "不再"]
    /// Words saying the programme resumed or goes on (`恢复低保`, `续保`, `取消停保`, `恢复发放（原停发）`): they
    /// outweigh an ended word in the same text.
    static let resumedWords = ["恢复", "续保", "复保", "续发", "重新纳入", "再次纳入", "继续", "取消停", "解除停", "撤销停"]

    /// Whether `text` says the programme it names (or the case, said alone) ended: it holds an ended word, no word
    /// saying it resumed, and nothing pending (`拟停保` is not decided yet).
    static func saysEnded(_ text: String) -> Bool {
        endedWords.contains(where: { text.contains($0) }) && !resumedWords.contains(where: { text.contains($0) })
            && !pendingWords.contains(where: { text.contains($0) })
    }

    /// Words an end-date column holds for a case with no end (长期: indefinite).
    static let openEnded: Set<String> = ["长期", "长期有效", "无期限", "无固定期限", "至今", "永久", "长期享受"]

    /// Whether the record's own case status (`case_status`: 已退保, 停保, 已终止) or end date (`end_date` before the
    /// day of the run, `today`) says its case ended. An end date that is no date is a warning of the record and says
    /// nothing; an empty one, a placeholder (无, /) or 长期 is no end.
    func caseEnded(_ values: [String?], issues: inout [NormalizationIssue]) -> Bool {
        var ended = false
        if let (_, status) = plan.value("case_status", in: values), HouseholdNormalizer.saysEnded(TextCleaning.clean(status)) {
            ended = true
        }
        if let (field, written) = plan.value("end_date", in: values) {
            let cleaned = TextCleaning.clean(written)
            if cleaned.isEmpty || PlaceholderWords.isAbsent(cleaned) || HouseholdNormalizer.openEnded.contains(cleaned) {
                return ended
            }
            if let date = CalendarDate.parse(cleaned) {
                if date < CalendarDate.today(today) { ended = true }
            } else {
                issues.append(NormalizationIssue(field: field, rule: "invalid_date", severity: .warning, value: written,
                    message: "\"\(written)\" is not a recognised end date; whether the case ended is not read from it"))
            }
        }
        return ended
    }
}
