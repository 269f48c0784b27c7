import Foundation
import RongtongExtract

/// A column's header as it is compared with the usual headers of the canonical fields, tolerating the ways
/// offices write one header:
///
/// - whitespace anywhere in it does not count (`户主 姓名`, `户　主` with U+3000, a line break typed in the cell);
/// - full-width forms are their ASCII ones, and every bracket is `(` `)`: `村（社区）`, `村[社区]` and `村【社区】` are
///   `村(社区)`; ASCII letters compare ignoring case (`Address`);
/// - a trailing parenthesised note or unit leaves the bare header (`身份证号（18位）`, `家庭人口（人）`,
///   `联系电话(手机)`, `是否低保(是/否)` → `身份证号`, `家庭人口`, `联系电话`, `是否低保`);
/// - a parenthesised qualifier naming the head makes it the head's column (`身份证号(户主)` → `户主身份证号`,
///   `姓名（户主）` → `户主姓名`);
/// - a parenthesised qualifier naming someone else (`姓名(配偶)`, `身份证号（残疾人）`, `电话(监护人)`) or another
///   kind of place (`地址(户籍)`: where the hukou is registered) leaves the header matching only as written.
///
/// - a unit written after a slash or a space (`总投资/万元`, `总投资 万元`, `容量 kW`, `进度/%`) leaves the bare header, as a
///   bracketed one does; only a money or capacity unit word or `%` counts (`村/社区` stays as written), and `%` also
///   glued to the end (`完成进度%`).
///
/// A header is matched as written first: `村(社区)`, `小区(院落)` and `县(区)` are usual headers themselves.
public struct HeaderKey: Sendable, Equatable {
    /// The header folded: no whitespace, full-width forms and brackets folded, ASCII letters lowercase.
    public let written: String
    /// The bare header under its notes and qualifiers, with the head's qualifier before it (`户主身份证号`); nil
    /// when the header ends in no parenthesised part, or in one naming someone or something else.
    public let bare: String?

    public init(_ header: String) {
        written = HeaderKey.fold(header)
        bare = HeaderKey.bare(of: written) ?? HeaderKey.withoutTrailingUnit(header)
    }

    /// Whether the header is `usual` (folded with `fold`), as written or bare.
    public func matches(_ usual: String) -> Bool { written == usual || bare == usual }

    /// The header's folded form used for precedence: the bare one when there is one.
    public var compared: String { bare ?? written }

    /// Whether the header names the head of household: `户主…`, or a qualifier saying 户主.
    public var namesHead: Bool { compared.hasPrefix("户主") }

    /// `text` folded for comparison: whitespace, control and format characters removed, full-width ASCII forms
    /// (U+FF01–U+FF5E) folded, `[]`, `【】`, `〔〕`, `［］` and `（）` as `()`, ASCII letters lowercase.
    public static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace { continue }
            switch scalar.value {
            case _ where InvisibleCharacter.isDropped(scalar): continue
            case 0x28, 0x5B, 0xFF08, 0xFF3B, 0x3010, 0x3014, 0x3016: scalars.append("(")
            case 0x29, 0x5D, 0xFF09, 0xFF3D, 0x3011, 0x3015, 0x3017: scalars.append(")")
            case 0xFF01...0xFF5E:
                let ascii = Unicode.Scalar(scalar.value - 0xFEE0)!
                scalars.append(ascii.properties.isUppercase ? Unicode.Scalar(ascii.value + 0x20)! : ascii)
            case 0x41...0x5A: scalars.append(Unicode.Scalar(scalar.value + 0x20)!)
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Qualifiers that make a column the head's (`身份证号(户主)`).
    static let headQualifiers: Set<String> = ["户主", "户主本人", "本人户主", "户主信息", "户主的"]

    /// Qualifiers that make a column someone else's, or another kind of place or time, so that its bare header
    /// would be wrong (`姓名(配偶)`, `身份证号(残疾人)`, `地址(户籍)`, `电话(原)`): a qualifier containing one of these
    /// words, or being one of `exactOtherQualifiers`.
    static let otherQualifierWords = ["配偶", "妻子", "丈夫", "子女", "儿子", "女儿", "父亲", "母亲", "成员", "家属", "亲属",
                                      "监护人", "联系人", "代理人", "代办人", "申请人", "残疾人", "本人", "老人", "儿童", "学生",
                                      "负责人", "法人", "经办人", "网格员", "联户长", "楼栋长", "对象", "户籍", "户口", "原",
                                      "曾用", "单位地址", "工作单位", "紧急"]
    static let exactOtherQualifiers: Set<String> = ["妻", "夫", "子", "女", "父", "母", "旧"]

    /// The header without a unit written after its last slash or space (`总投资/万元`, `总投资 万元` → `总投资`), or a
    /// money unit of two characters or more or a `%` glued to its end (`总投资万元`, `完成进度%`), folded; nil when
    /// nothing but a money or capacity unit word (`MoneyUnit`, `CapacityUnit`) or `%` follows, or nothing precedes it.
    static func withoutTrailingUnit(_ header: String) -> String? {
        let trimmed = header.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let cut = trimmed.lastIndex(where: { $0 == "/" || $0 == "／" || $0.isWhitespace }) else {
            // A money unit of two characters or more glued to the name's end (`总投资万元`, `投资额亿元`).
            let folded = fold(trimmed)
            for unit in ["千万元", "百万元", "千元", "万元", "亿元"] where folded.hasSuffix(unit) && folded.count >= unit.count + 2 {
                return String(folded.dropLast(unit.count))
            }
            // A percent sign glued to the name's end (`完成进度%`).
            if folded.hasSuffix("%"), folded.count >= 3 { return String(folded.dropLast()) }
            return nil
        }
        let unit = fold(String(trimmed[trimmed.index(after: cut)...]))
        let before = fold(String(trimmed[..<cut]))
        guard !before.isEmpty, !unit.isEmpty,
              MoneyUnit.powersOfTen[unit] != nil || CapacityUnit.spellings[unit] != nil || unit == "%" else { return nil }
        return before
    }

    /// The header under its trailing parenthesised notes (`身份证号(户主)(18位)` → `户主身份证号`), or nil (see `bare`).
    static func bare(of written: String) -> String? {
        var base = Substring(written)
        var ofHead = false
        var stripped = false
        while base.hasSuffix(")"), let open = base.lastIndex(of: "("), open > base.startIndex {
            let qualifier = String(base[base.index(after: open)..<base.index(before: base.endIndex)])
            let before = base[..<open]
            if headQualifiers.contains(qualifier) || (qualifier == "本人" && before.hasPrefix("户主")) {
                ofHead = true
            } else if exactOtherQualifiers.contains(qualifier) || otherQualifierWords.contains(where: qualifier.contains) {
                return nil
            }
            base = before
            stripped = true
        }
        guard stripped, !base.isEmpty else { return nil }
        return ofHead && !base.hasPrefix("户主") ? "户主" + base : String(base)
    }
}
