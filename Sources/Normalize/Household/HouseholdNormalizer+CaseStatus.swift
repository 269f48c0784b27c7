import Foundation
import RongtongStaging

// Whether a record's case ended: the words 民政 and 残联 write for a programme that ended (`城市低保（已退保）`,
// `停保`, `终止`), a case status column (`状态: 已退保`, `caseStatus: TERMINATED`) and an end date
// (`终止日期: 2024-05-31`).
extension HouseholdNormalizer {
    /// Words saying a programme ended for the household, written in or outside brackets after its name or on their
    /// own: 退保, 停保, 停发 (allowance stopped), 退出, 终止, 注销, 取消, 撤销, 核减 (taken off the rolls) ….
    static let endedWords = ["退保", "停保", "停发", "停止", "暂停", "已停", "退出", "已退", "清退", "终止", "注销",
                             "取消", "撤销", "销户", "核减", "解除", "失效", "作废", "不再"]
    /// Words saying the programme resumed or goes on (`恢复低保`, `续保`, `取消停保`, `恢复发放（原停发）`): they
    /// outweigh an ended word in the same text.
    static let resumedWords = ["恢复", "续保", "复保", "续发", "重新纳入", "再次纳入", "继续", "取消停", "解除停", "撤销停"]

    /// The English words a system with English keys writes for a case that ended (`TERMINATED`, `case_closed`,
    /// `Cancelled`, `STOP`), compared as whole words (see `englishWords`) ignoring case: `INACTIVE` is no `ACTIVE`,
    /// `WEEKEND` no `END`. Words of a live case (`ACTIVE`, `NORMAL`, `APPROVED`, `IN_PROGRESS`) are none of them.
    static let endedEnglishWords: Set<String> = [
        "terminated", "terminate", "termination", "ended", "end", "closed", "close", "cancelled", "canceled", "cancel",
        "cancellation", "stopped", "stop", "revoked", "revoke", "inactive", "expired", "expire", "withdrawn",
        "withdraw", "suspended", "suspend", "discontinued", "ceased", "exited", "exit", "deregistered", "delisted",
        "removed", "lapsed", "void", "voided", "invalid", "invalidated",
    ]
    /// English words that outweigh an ended one in the same text: the case resumed (`REACTIVATED`, `RESUMED`), the end
    /// is not decided yet (`PENDING_TERMINATION`, `TO_BE_CLOSED`, `CANCEL_UNDER_REVIEW`), or it is denied (`NOT_ENDED`).
    static let notEndedEnglishWords: Set<String> = [
        "resumed", "resume", "reactivated", "reinstated", "restored", "renewed", "continued", "continuing", "reopened",
        "pending", "review", "reviewing", "proposed", "awaiting", "planned", "scheduled", "applying", "submitted",
        "draft", "be", "will", "not", "non", "never",
    ]

    /// `endedWords`, `resumedWords` and `pendingWords` as `WordSearch`es (asked of every tag and status text).
    static let endedSearch = WordSearch(endedWords)
    private static let resumedSearch = WordSearch(resumedWords)
    static let pendingSearch = WordSearch(pendingWords)

    /// Whether `text` says the programme it names (or the case, said alone) ended: it holds an ended word (Chinese,
    /// or English as a whole word), no word saying it resumed, and nothing pending (`拟停保`, `PENDING_TERMINATION` are
    /// not decided yet).
    static func saysEnded(_ text: String) -> Bool {
        var ended = endedSearch.isFound(in: text)
        var notEnded = resumedSearch.isFound(in: text) || pendingSearch.isFound(in: text)
        if text.utf8.contains(where: { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }) {
            let words = englishWords(text)
            ended = ended || words.contains(where: endedEnglishWords.contains)
            notEnded = notEnded || words.contains(where: notEndedEnglishWords.contains)
        }
        return ended && !notEnded
    }

    /// The Latin words of `text`, lower-cased: split at everything but ASCII letters (`_`, `-`, spaces, digits,
    /// Chinese) and where a capital follows a small letter (`caseClosed` → case, closed; `IN_PROGRESS` → in,
    /// progress; `TERMINATED` → terminated).
    static func englishWords(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        var afterSmallLetter = false
        for character in text {
            guard character.isASCII, character.isLetter else {
                if !word.isEmpty { words.append(word); word = "" }
                afterSmallLetter = false
                continue
            }
            if character.isUppercase, afterSmallLetter, !word.isEmpty { words.append(word); word = "" }
            word.append(contentsOf: character.lowercased())
            afterSmallLetter = character.isLowercase
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    /// Words an end-date column holds for a case with no end (长期: indefinite).
    static let openEnded: Set<String> = ["长期", "长期有效", "无期限", "无固定期限", "至今", "永久", "长期享受"]

    /// Whether the record's own case status (`case_status`: 已退保, 停保, 已终止, TERMINATED, or a word the source's
    /// `vocabularies: case_status:` maps to `ended`) or end date (`end_date` before the day of the run, `today`) says
    /// its case ended: what says so, as a message names it (`状态 "已停保" says the case ended`, `终止日期 "2024/5/31"
    /// (2024-05-31) ended the case before today`), or nil. A word the
    /// vocabulary maps to `active` says nothing of an end. An end date that is no date is a warning of the record
    /// and says nothing; an empty one, a placeholder (无, /) or 长期 is no end.
    func caseEnd(_ values: [String?], issues: inout [NormalizationIssue]) -> String? {
        var end: String?
        if let (field, status) = plan.value("case_status", in: values),
           vocabulary.caseEnded(status) ?? HouseholdNormalizer.saysEnded(TextCleaning.clean(status)) {
            end = "\(field) \"\(TextCleaning.clean(status))\" says the case ended"
        }
        if let (field, written) = plan.value("end_date", in: values) {
            let cleaned = TextCleaning.clean(written)
            if cleaned.isEmpty || PlaceholderWords.isAbsent(cleaned) || HouseholdNormalizer.openEnded.contains(cleaned) {
                return end
            }
            if let date = CalendarDate.parse(cleaned, order: source.dateOrder) {
                if date < CalendarDate.today(today), end == nil {
                    // A timestamp or an Excel serial number says its day too (`1793376000000`, 2026-10-31).
                    end = "\(field) \"\(cleaned)\"\(cleaned == date.text ? "" : " (\(date.text))") ended the case before today"
                }
            } else {
                issues.append(NormalizationIssue(field: field, rule: "invalid_date", severity: .warning, value: written,
                    message: "\"\(written)\" is not a recognised end date (\(CalendarDate.problem(with: cleaned, order: source.dateOrder))); whether the case ended is not read from it"))
            }
        }
        return end
    }
}
