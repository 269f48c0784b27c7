import RongtongConfig

/// A file's columns as the usual headers of the canonical fields see them (`HeaderKey`), for `FieldPlan`'s
/// automatic mapping.
struct ColumnHeaders {
    let columns: [String]
    /// Each column's header as the file writes it: the column's name, without the `_2`, `_3` … the CSV extractor
    /// appends to a header written twice (`联系电话_2` is the second `联系电话` when `联系电话` is a column too).
    let headers: [String]
    /// Column indices, in file order, by folded header: as written and bare (`HeaderKey`).
    private let byKey: [String: [Int]]

    /// `repeatsSuffixed`: whether the extractor names a repeated header `name_2` (CSV).
    init(_ columns: [String], repeatsSuffixed: Bool) {
        self.columns = columns
        let available = Set(columns)
        headers = columns.map { name in
            guard repeatsSuffixed, let cut = name.lastIndex(of: "_"), cut > name.startIndex else { return name }
            let suffix = name.utf8[name.utf8.index(after: cut)...]
            guard (1...3).contains(suffix.count), suffix.allSatisfy({ (0x30...0x39).contains($0) }),
                  let number = Int(String(decoding: suffix, as: UTF8.self)), number >= 2,
                  available.contains(String(name[..<cut])) else { return name }
            return String(name[..<cut])
        }
        var byKey: [String: [Int]] = [:]
        for (index, header) in headers.enumerated() {
            let key = HeaderKey(header)
            byKey[key.written, default: []].append(index)
            if let bare = key.bare, bare != key.written { byKey[bare, default: []].append(index) }
        }
        self.byKey = byKey
    }

    /// The columns a field's usual headers match, per usual header in the field's order of precedence (its own
    /// name first): each usual header (folded) that matches a column, with the columns it matches in file order.
    func matches(_ field: CanonicalField) -> [(usual: String, columns: [Int])] {
        var seen = Set<String>()
        return ([field.name] + field.usualHeaders).map(HeaderKey.fold).compactMap { usual in
            guard seen.insert(usual).inserted, let columns = byKey[usual] else { return nil }
            return (usual, columns)
        }
    }

    /// `columns` as a message names them: `联系电话, 联系电话_2`.
    func names(_ indices: [Int]) -> String {
        indices.map { columns[$0] }.joined(separator: ", ")
    }

    /// How a message says that several columns match one usual header: `the header 联系电话 is written 2 times
    /// (columns 联系电话, 联系电话_2)`, or `2 columns match the usual header 联系电话 (联系电话(手机), 联系电话(固话))`.
    func repeated(_ usual: String, _ indices: [Int]) -> String {
        let written = Set(indices.map { headers[$0] })
        if written.count == 1, let header = written.first {
            return "the header \(header) is written \(indices.count) times (columns \(names(indices)))"
        }
        return "\(indices.count) columns match the usual header \(usual) (\(names(indices)))"
    }

    /// Words in a header that say the column holds an identity number, a place, or a person's name: the columns
    /// read by no field that hold one are named when a household cannot be identified, so that the user knows what
    /// to map (`残疾人身份证号`, `户籍地址`, `申请人姓名`).
    static let idWords = ["身份证", "证件", "身份号", "公民身份"]
    static let placeWords = ["地址", "住址", "住所", "居住地", "户籍地", "所在地", "小区", "院落", "社区", "村", "街道",
                             "乡镇", "楼栋", "门牌"]
    static let nameWords = ["姓名", "户主", "名字"]

    /// What a column looks like, by its header: an ID, a place or a name; nil for anything else.
    static func lookalike(_ header: String) -> Lookalike? {
        let key = HeaderKey.fold(header)
        if idWords.contains(where: key.contains) { return .id }
        if placeWords.contains(where: key.contains) { return .place }
        if nameWords.contains(where: key.contains), !key.contains("关系") { return .name }
        return nil
    }

    enum Lookalike: Sendable { case id, place, name }
}
