/// Where the records of a JSON document sit, from the `record_path` option.
///
/// - `data.records[*]`: the elements of the array at key `records` of the object at key `data` are the records;
///   `[*]` alone: the elements of the top-level array.
/// - `data.result` (no `[*]`): the value at that path decides, as the top level does under auto: an array's elements
///   are the records, an object is one record, a scalar or null means no records.
/// - `$` or empty (auto): the same rule applied to the top-level value.
///
/// A leading `$.` is accepted (`$.data.records[*]`). Keys are matched exactly; a key holding `.` cannot be named.
///
/// The option may list alternatives (a YAML list, one path per line in the option's text): an envelope that changed
/// between deliveries (`data.list[*]`, then `result.records[*]`). The first of the list the document holds is used
/// (`alternatives`).
struct JSONRecordPath: CustomStringConvertible {
    /// The record paths an option's text gives: one per line (a YAML list is joined so), at least one.
    static func alternatives(_ text: String?) throws -> [JSONRecordPath] {
        let lines = (text ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if lines.count > 1, lines.contains(where: \.isEmpty) {
            throw OptionError(key: "record_path", message: "a list of record paths holds an empty one")
        }
        return try lines.map { try JSONRecordPath($0) }
    }

    /// Keys from the top level down to the value that holds the records.
    let keys: [[UInt8]]
    /// True for a trailing `[*]`: the value must be an array (or null, for none).
    let eachElement: Bool
    let description: String

    init(_ text: String?) throws {
        var rest = (text ?? "").trimmingCharacters(in: .whitespaces)
        description = rest.isEmpty ? "$" : rest
        if rest == "$" { rest = "" }
        if rest.hasPrefix("$.") { rest.removeFirst(2) }
        if rest.hasPrefix("$[") { rest.removeFirst(1) }
        eachElement = rest.hasSuffix("[*]")
        if eachElement { rest.removeLast(3) }
        if rest.isEmpty {
            keys = []
            return
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if let bad = parts.first(where: { $0.isEmpty || $0.contains("[") || $0.contains("]") }) {
            let why = bad.isEmpty ? "has an empty key" : "may end in [*] but holds no other brackets (\"\(bad)\")"
            throw OptionError(key: "record_path", message: "\"\(description)\" \(why); write it like data.records[*]")
        }
        keys = parts.map { Array($0.utf8) }
    }

    /// The path down to the holding value, for messages (`data.records`).
    var holderDescription: String {
        keys.isEmpty ? "the top-level value" : keys.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".")
    }
}

import Foundation
