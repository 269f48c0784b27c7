/// How a web system says its answer went, from the status members it writes beside (or instead of) the records:
/// the one rule JSON (`{"code":500,"msg":"系统繁忙","data":null}`) and XML (`<code>500</code><msg>系统繁忙</msg><rows/>`,
/// a SOAP Fault) share for telling an **error answer** sent instead of the records from an empty export.
///
/// Callers pass each member's name and its value as text (a JSON string without its quotes).
enum ErrorAnswer {
    /// Whether a member's name says how a web system's answer went: it holds code, msg, message, status, state, err,
    /// success, reason, ret, tip, hint or info (in any case), or 状态, 信息, 错误, 提示, 消息, 结果, 代码, 返回码, 响应码.
    static func isStatusWord(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["code", "msg", "message", "info", "status", "state", "err", "success", "reason", "ret", "tip", "hint"]
            .contains { lowered.contains($0) }
            || ["状态", "信息", "错误", "提示", "消息", "结果", "代码", "返回码", "响应码"].contains { name.contains($0) }
    }

    /// Whether the status members (`name`, `value`) say the answer failed (`code 500`, `success false`,
    /// `msg "系统繁忙"`): a code other than a success code (0, 200, `ok`, `true`), or a message or status word saying
    /// failure (失败, 错误, 异常, 繁忙, 超时, error, fail, busy …). An empty export says it succeeded (`code 0`,
    /// `status "ok"`, `success true`, 查询成功), or says nothing; a status word that is no failure (`状态 正常`) is none.
    static func saysFailure(_ members: [(name: String, value: String)]) -> Bool {
        // A message saying success (`code 1, msg "成功"`, `state 1, info "操作成功"`) outweighs a code that is not one of
        // the usual success codes: systems number success their own way.
        let successSaid = members.contains { member in
            isStatusWord(member.name) && !isCodeName(member.name.lowercased())
                && saysSuccessInWords(member.value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
        }
        return members.contains { member in
            guard isStatusWord(member.name) else { return false }
            let name = member.name.lowercased()
            let value = member.value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if isCodeName(name) {
                // `errcode 0` and `error 0` say nothing failed; `error "…"` does. Zeros of any length (`000000`) succeed.
                if successValues.contains(value) || (!value.isEmpty && value.allSatisfy { $0 == "0" })
                    || (name.contains("err") && (value == "0" || value == "false")) {
                    return false
                }
                if value == "false" { return true }
                // A number (`500`, `-1`, `E1001`): a failure, unless a message says success; a word only when it says
                // one (`error`, not `正常`).
                if value.contains(where: \.isNumber) { return !successSaid }
                return saysFailureInWords(value)
            }
            // A message: 系统繁忙, 服务异常, "error". A message saying success settles nothing on its own.
            if saysSuccessInWords(value) { return false }
            return saysFailureInWords(value)
        }
    }

    /// Whether a status member's name (lowercased) names a code rather than a message.
    private static func isCodeName(_ name: String) -> Bool {
        ["code", "ret", "status", "state", "success", "err"].contains { name.contains($0) }
            || ["状态", "代码", "返回码", "响应码", "错误码", "结果"].contains { name.contains($0) }
    }

    private static func saysSuccessInWords(_ value: String) -> Bool {
        (value.contains("成功") || value.contains("success") || value.hasPrefix("ok") || value.hasSuffix("ok"))
            && !saysFailureInWords(value)
    }

    /// Codes and words that say an answer succeeded (lowercased).
    private static let successValues: Set<String> = ["0", "00", "000", "0000", "00000", "200", "true", "ok", "success",
                                                     "succeed", "成功"]

    private static func saysFailureInWords(_ value: String) -> Bool {
        ["失败", "错误", "异常", "繁忙", "超时", "error", "fail", "exception", "timeout", "busy", "无权", "未授权", "denied",
         "unauthorized", "invalid", "expired", "过期", "拒绝", "不可用", "unavailable"]
            .contains { value.contains($0) }
    }

    /// The sentence an error answer's `ExtractError` ends with.
    static let sentence = "the web system answered with an error instead of the records; fetch this file again"
}

import Foundation

/// A web system's error object standing among the records instead of one of them
/// (`{"code":1001,"msg":"身份证号校验失败","data":null}` as an element of `data.list`): by the rule of a whole-file
/// error answer (`ErrorAnswer`), a record whose every member with a value is a status member, saying the answer failed.
/// It is rejected as what it is (`error_answer`), quoting what it says, instead of as a record that names nobody.
public enum ErrorAnswerRecord {
    /// Whether a record of these field names may be an error object: few names (at most 8), one of them at least a
    /// status word. A cheap test, so that only such records are read as text.
    public static func mayBe<Names: Collection<String>>(_ names: Names) -> Bool {
        names.count <= 8 && names.contains(where: ErrorAnswer.isStatusWord)
    }

    /// The reject of record `number` when its `fields` are an error object: every field with a value (not empty,
    /// `{}` or `[]`) is a status member, they say the answer failed, and none is one of `keys` (the source's
    /// `record_key`); nil for any other record.
    public static func problem(number: Int, line: Int?, fields: [RawField], keys: [String] = []) -> RecordProblem? {
        let said = fields.filter { !["", "{}", "[]"].contains($0.value.trimmingCharacters(in: .whitespaces)) }
        guard !said.isEmpty, said.allSatisfy({ ErrorAnswer.isStatusWord($0.name) && !keys.contains($0.name) }),
              ErrorAnswer.saysFailure(said.map { ($0.name, $0.value) }) else { return nil }
        let quoted = said.prefix(4).map { field -> String in
            let value = field.value.count > 60 ? String(field.value.prefix(60)) + "…" : field.value
            return "\(field.name) \(value.allSatisfy(\.isNumber) ? value : "\"\(value)\"")"
        }
        return RecordProblem(number: number, line: line, rule: "error_answer",
            message: "this element of the records is a web system's error answer, not a record: it says \(quoted.joined(separator: ", ")); the sender's system failed to give this record: ask the sender for it")
    }

    /// As `problem(number:line:fields:keys:)`, for a record written as JSON object text by the extract stage.
    public static func problem(number: Int, line: Int?, written text: ArraySlice<UInt8>, keys: [String] = []) -> RecordProblem? {
        problem(number: number, line: line, fields: JSONRecordFlattener.fields(ofWritten: text), keys: keys)
    }
}
