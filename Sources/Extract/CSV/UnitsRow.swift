/// A spreadsheet's units row: the row right under a header whose every non-empty cell is a unit, bracketed
/// (`(人)`, `（元）`, `(㎡)`, `【万元】`, `(元/月)`) or labelled (`单位：元`), as sheets put units under column names:
///
/// ```
/// 姓名,身份证号,家庭人口,年收入
/// ,,(人),(元)
/// ```
///
/// It is no record and no part of the columns' names (`CSVCursor` skips it; with `header_rows: 2` its unit cells
/// name nothing, so 家庭人口 keeps its name). A unit is what it says of the column only: a bare number under
/// `(万元)` gives its column that unit as a header `总投资(万元)` would: the normalize stage reads the row again
/// (`unit(of:)`) for a compound feed's amounts.
public enum UnitsRow {
    /// Whether `cells` is a units row: at least one cell holds a unit (`isUnitCell`), and every other cell is blank.
    public static func isUnitsRow<Cells: Collection<String>>(_ cells: Cells) -> Bool {
        var units = 0
        for cell in cells where !CSVCursor.isBlank(cell) {
            guard isUnitCell(cell) else { return false }
            units += 1
        }
        return units > 0
    }

    /// Whether `cell` is a unit as a units row writes it: one to eight characters in brackets (`(人)`, `（元）`,
    /// `[㎡]`, `【万元】`, `(元/月)`, `(%)`), spaces around allowed, or `单位` and a colon before one to eight
    /// characters (`单位：元`, `单位:(万元)`). The unit holds no ASCII digit but the power of a metre (`(m2)`), no
    /// colon and no bracket of its own: `(1)`, `(待补)` with text around it or an ID never are.
    public static func isUnitCell(_ cell: String) -> Bool {
        unit(of: cell) != nil
    }

    /// The unit a units row's cell writes (`(万元)` → `万元`, `单位：亿元` → `亿元`), or nil when the cell is no unit
    /// cell (`isUnitCell`).
    public static func unit(of cell: String) -> String? {
        var text = Substring(cell.trimmingCharacters(in: .whitespaces))
        for label in ["单位：", "单位:"] where text.hasPrefix(label) {
            text = text.dropFirst(label.count).drop(while: \.isWhitespace)
            let word = bracketed(text) ?? text
            return isUnitWord(word) ? word.trimmingCharacters(in: .whitespaces) : nil
        }
        guard let inner = bracketed(text), isUnitWord(inner) else { return nil }
        return inner.trimmingCharacters(in: .whitespaces)
    }

    /// The text inside `text` when it is one bracketed part and nothing else (`(人)` → `人`), else nil.
    private static func bracketed(_ text: Substring) -> Substring? {
        guard let open = text.first, let close = text.last, text.count >= 3,
              let expected = pairs[open], close == expected else { return nil }
        return text.dropFirst().dropLast()
    }

    private static let pairs: [Character: Character] = ["(": ")", "（": "）", "[": "]", "［": "］", "【": "】", "〔": "〕"]

    /// A unit's word: one to eight characters, a letter or a unit sign among them, no digit but `m2`/`m3`'s, no
    /// colon, bracket or space inside.
    private static func isUnitWord(_ word: Substring) -> Bool {
        let trimmed = word.trimmingCharacters(in: .whitespaces)
        guard (1...8).contains(trimmed.count), trimmed.contains(where: { $0.isLetter || "%‰㎡㎥²³°℃/".contains($0) }) else {
            return false
        }
        let lowered = trimmed.lowercased()
        for character in lowered {
            if character.isWhitespace || ":：()（）[]［］【】〔〕".contains(character) { return false }
            if character.isASCII, character.isNumber, !(lowered.hasSuffix("m2") || lowered.hasSuffix("m3")) { return false }
        }
        return true
    }
}

import Foundation
