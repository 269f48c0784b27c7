/// What one page of a web system's JSON answer says of the whole answer it belongs to, next to its records: how many
/// records (`"total": 163`, `totalCount`, `count`, `totalElements`, `recordsTotal`, 总数 …) or pages (`"pages": 5`,
/// `totalPage`, `totalPages`, `pageCount`, 总页数 …) the whole holds, and how many records this page holds.
///
/// Used to tell a whole list delivered as pages (`absent_means:`) that lacks some of them: the members looked at are
/// the scalar members of the objects on the `record_path` down to the records (`data.total` and `total` for
/// `data.list[*]`, as PageHelper, MyBatis-Plus, Spring, layui and RuoYi answers write them), whole numbers only
/// (a number, or a string of digits). `size`, `pageSize`, `numberOfElements` and the like (this page's size) are not
/// totals. The document is parsed once more, keeping only the envelope's members and one count per array.
public struct JSONEnvelopeWhole: Sendable {
    /// A member stating a total, as the messages quote it (`data.total`), with its value.
    public struct Stated: Sendable, Equatable {
        public var member: String
        public var value: Int
    }

    /// The records the document holds at its `record_path` (the first alternative it holds).
    public var records: Int
    /// The whole answer's records, as a member next to the records states it (the largest, if several do).
    public var statedRecords: Stated?
    /// The whole answer's pages, as a member next to the records states it.
    public var statedPages: Stated?

    /// Member names (lowercased, `_` and `-` removed) that state the whole answer's record count.
    static let recordTotalNames: Set<String> = [
        "total", "totalcount", "count", "totalrecords", "totalrecord", "recordstotal", "recordtotal", "totalelements",
        "totalnum", "totalrows", "totalitems", "totalresults", "recordcount", "rowcount", "totalhits",
        "总数", "总条数", "总记录数", "记录总数", "记录数", "合计条数",
    ]
    /// Member names (as above) that state the whole answer's page count.
    static let pageTotalNames: Set<String> = [
        "pages", "totalpage", "totalpages", "pagecount", "pagetotal", "totalpagecount", "总页数", "页数",
    ]

    /// Reads `file`, a JSON document under the `record_path` option text `recordPath` (nil or `$`: the top level) in
    /// `encoding` (nil: UTF-8). Nil when the file cannot be read or parsed, or its record_path is invalid: no
    /// evidence either way.
    public static func read(file: String, recordPath: String?, encoding: TextEncoding?) -> JSONEnvelopeWhole? {
        let encoding = encoding == nil || encoding == .auto ? TextEncoding.utf8 : encoding!
        guard let paths = try? JSONRecordPath.alternatives(recordPath),
              let census = try? JSONArrayCensus.taken(file: file, encoding: encoding) else { return nil }
        // The first alternative the document holds: an array of records, or one object as the record.
        var held: (path: JSONRecordPath, records: Int)?
        for path in paths {
            let keys = path.keys.map { String(decoding: $0, as: UTF8.self) }
            if let array = census.found.first(where: { $0.keys == keys }) {
                held = (path, array.objects)
                break
            }
            if !path.eachElement, census.objects.contains(keys) {
                held = (path, 1)
                break
            }
        }
        guard let held else { return nil }
        let keys = held.path.keys.map { String(decoding: $0, as: UTF8.self) }
        // The objects on the way down to the records: the top level, `data`, … (not the records' holder itself when
        // it is one record).
        let holders = Set((0..<max(keys.count, 1)).map { Array(keys.prefix($0)) })
        var whole = JSONEnvelopeWhole(records: held.records)
        for member in census.scalars {
            guard let name = member.keys.last, holders.contains(Array(member.keys.dropLast())),
                  let value = wholeNumber(member.text) else { continue }
            let folded = name.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "-", with: "")
            let stated = Stated(member: member.keys.joined(separator: "."), value: value)
            if recordTotalNames.contains(folded) {
                if (whole.statedRecords?.value ?? -1) < value { whole.statedRecords = stated }
            } else if pageTotalNames.contains(folded) {
                if (whole.statedPages?.value ?? -1) < value { whole.statedPages = stated }
            }
        }
        return whole
    }

    /// A member's text as a whole number: `163` or `"163"`; nil for a fraction, a negative number or other text.
    static func wholeNumber(_ text: String) -> Int? {
        var digits = Substring(text)
        if digits.hasPrefix("\""), digits.hasSuffix("\""), digits.count >= 2 { digits = digits.dropFirst().dropLast() }
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }
}
