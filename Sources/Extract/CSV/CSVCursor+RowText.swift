import Foundation

/// How `CSVCursor` tells a row or a cell by its text: header cells, blank cells, totals and sign-off rows under
/// a table, cells holding an ID's digits.
extension CSVCursor {
    /// A header cell as a field name: trimmed, and a line break typed inside the cell (`户主⏎姓名`) removed with
    /// the spaces around it.
    static func headerText(_ cell: String) -> String {
        cell.components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }.joined()
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether `cell` is a header cell naming the field `name` (`headerText` of it): equal as written, or once
    /// cleaned. Cleaning is tried only for a cell with a line break or surrounding spaces, so that an ordinary
    /// record's first cell is turned down by one comparison.
    static func isHeaderCell(_ cell: String, named name: String) -> Bool {
        if cell == name { return true }
        guard let first = cell.unicodeScalars.first, let last = cell.unicodeScalars.last else { return false }
        let needsCleaning = first.properties.isWhitespace || last.properties.isWhitespace || containsNewline(cell)
        return needsCleaning && headerText(cell) == name
    }

    /// Whether `cell` holds a character of `CharacterSet.newlines` (U+000A–U+000D, U+0085, U+2028, U+2029), asked
    /// of the bytes: the first cell of every row is asked, and Foundation's set costs a lookup per character.
    static func containsNewline(_ cell: String) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in cell.utf8 {
            if (0x0A...0x0D).contains(byte) { return true }
            if previous == 0xC2 && byte == 0x85 { return true }
            if beforePrevious == 0xE2 && previous == 0x80 && (byte == 0xA8 || byte == 0xA9) { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    /// Whether `cell` holds a colon, `:` or `：` (U+FF1A), which every sign-off label ends with.
    static func containsColon(_ cell: String) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in cell.utf8 {
            if byte == 0x3A { return true }
            if beforePrevious == 0xEF && previous == 0xBC && byte == 0x9A { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    /// Whether `cell` is empty or holds only spaces, tabs, NBSP, U+3000 or control and format characters.
    static func isBlank(_ cell: String) -> Bool {
        cell.unicodeScalars.allSatisfy { $0.properties.isWhitespace || InvisibleCharacter.isDropped($0) }
    }

    static func isTotalsRow<Cells: Collection<String>>(_ cells: Cells) -> Bool {
        guard let first = cells.first(where: { !$0.isEmpty }), first.utf8.count <= 24 else { return false }
        // The usual first cell, a row number or a name in ASCII, starts a word no totals word starts with: the
        // row is turned down before any String is built (this is asked of every row).
        if let byte = first.utf8.first, byte < 0x80, byte != 0x20, !(0x09...0x0D).contains(byte), byte != 0x3A {
            guard CSVCursor.totalsInitials.contains(byte | 0x20) else { return false }
        }
        // The word before a colon: `合计：3户` is as much a totals row as `合计：`.
        let word = first.prefix { $0 != ":" && $0 != "：" }.filter { !$0.isWhitespace }
        guard !word.isEmpty else { return false }
        return totalsWords.contains(word) || (word.utf8.count <= 9 && totalsWords.contains(word.lowercased()))
    }

    /// Whether the row is a sign-off footer (`填表人：王网格`, `审核人：`, `填报日期：2023年10月31日`,
    /// `联系电话：0851-86123456`, also several in one cell or spread over cells, in any order): every non-empty cell
    /// starts with a sign-off label and a colon or fills the blank of the bare label before it (`填表人：`, `王网格`),
    /// no cell holds an ID-like run of 15 or more digits, and at least one label is the form's.
    ///
    /// A sign-off label names who made, checked or sent the form, when, how to reach them, or a note on it
    /// (`signOffLabel`); never a field of the household. So a record whose head-name cell is written with its label
    /// (`户主：王五` with the address beside it) is a record: 户主 is no sign-off word, and the address fills no bare
    /// label. `columnNames` are the names of each column (`headerText` of its header cells, spaces removed): a label
    /// written in the column it names (`联系人：张三` in the 联系人 column) may be the record's value written with its
    /// label, so a row of such labels alone is read as a record. A label in any other column is the form's: a footer
    /// is written from the sheet's first columns on, whatever they are headed (`联系电话：0851-86123456` in the 序号
    /// column of a census with a 联系电话 column), and once one label is the form's, so is the row.
    static func isSignOffRow<Cells: Collection<String>>(_ cells: Cells, columnNames: [Set<String>] = []) -> Bool {
        var formsLabels = 0
        // Whether the previous non-empty cell was a bare sign-off label (`填表人：`) waiting for its value.
        var blankToFill = false
        for (column, cell) in cells.enumerated() where !isBlank(cell) {
            if hasIDLikeDigits(cell) { return false }
            // A label ends with a colon: a cell without one is no label (asked as bytes, before the characters).
            if containsColon(cell), let label = signOffLabel(in: cell) {
                let inItsColumn = column < columnNames.count
                    && (columnNames[column].contains(label.label) || columnNames[column].contains(label.word))
                if !inItsColumn { formsLabels += 1 }
                blankToFill = label.isBare
            } else {
                guard blankToFill, cell.count <= 20 else { return false }
                blankToFill = false
            }
        }
        return formsLabels > 0
    }

    /// The sign-off label `cell` starts with (`填表人：`, `填 表 人：王网格`, `单位负责人（签字）：`, `社区(村)审核意见：`),
    /// or nil when it starts with no label and a colon (`：` or `:`), or with a label that is not a sign-off word:
    /// a household field's (`户主：王五`, `姓名:王五`, `出生日期：…`). The label is one to twelve letters, with spaces
    /// and bracketed words inside allowed, and no digit; `label` is it without spaces (`单位（盖章）`), `word` without
    /// its bracketed words (`单位`).
    static func signOffLabel(in cell: String) -> (label: String, word: String, isBare: Bool)? {
        var label = ""
        var word = ""
        var bracketed = ""
        var bracketedWords: [String] = []
        var depth = 0
        var letters = 0
        for index in cell.indices {
            let character = cell[index]
            if character == "：" || character == ":" {
                guard letters > 0, depth == 0 else { return nil }
                let isBare = cell[cell.index(after: index)...].allSatisfy { $0.isWhitespace }
                if householdLabelStarts.contains(where: word.hasPrefix) { return nil }
                let isSignOff = signOffEndings.contains(where: word.hasSuffix)
                    || bracketedWords.contains(where: sealWords.contains)
                return isSignOff ? (label, word, isBare) : nil
            }
            if character.isWhitespace { continue }
            if "（(【[".contains(character) {
                guard depth == 0 else { return nil }
                depth = 1
                label.append(character)
                continue
            }
            if "）)】]".contains(character) {
                guard depth == 1 else { return nil }
                depth = 0
                bracketedWords.append(bracketed)
                bracketed = ""
                label.append(character)
                continue
            }
            guard character.isLetter, letters < 12 else { return nil }
            letters += 1
            label.append(character)
            if depth == 0 { word.append(character) } else { bracketed.append(character) }
        }
        return nil
    }

    /// Whether `cell` holds a run of `run` or more digits (ASCII or full-width); by default 15, a resident ID, which
    /// no footer holds.
    static func hasIDLikeDigits(_ cell: String, run minimum: Int = 15) -> Bool {
        var run = 0
        for scalar in cell.unicodeScalars {
            if (0x30...0x39).contains(scalar.value) || (0xFF10...0xFF19).contains(scalar.value) {
                run += 1
                if run >= minimum { return true }
            } else {
                run = 0
            }
        }
        return false
    }
}
