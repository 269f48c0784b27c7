/// What each column of a CSV file held in its first records (up to `recordsProfiled`): the kinds of value
/// (`kind(of:)`) and whether it was ever empty. Later records are not looked at, so that a long file pays for it
/// only at its start.
///
/// A row short of cells is told by it from a row whose cells moved: the cells of a row that only lacks its last
/// (empty) cells are of the kinds their columns hold, while a cell left out in the middle moves the cells after it
/// one column to the left, where a name lands under 人口数 or a date under a yes/no column (`CSVCursor`).
struct ColumnProfile {
    /// A cell of ASCII digits only, up to 6 of them (a count, a row number, a flat `503`).
    static let shortNumber: UInt8 = 1
    /// A cell of 7 or more ASCII digits (an ID, a phone number), or such a number as a spreadsheet shows it
    /// (`5.20304E+17`).
    static let longNumber: UInt8 = 2
    /// A cell starting with a digit and holding more (a date `2023.10.8`, `12号`, `3.0`).
    static let digitsAndMore: UInt8 = 4
    /// A cell starting with anything else (a name, 是/否, √, a compound, `HC-DGS-02`).
    static let text: UInt8 = 8

    /// For each column, the kinds of value it held (bits of `shortNumber` … `text`); 0 while it held none.
    private(set) var kinds: [UInt8]
    /// For each column, whether some record left it empty.
    private(set) var seenEmpty: [Bool]
    /// Records added.
    private(set) var records = 0
    /// The records a file's profile is taken from: its first 5,000.
    static let recordsProfiled = 5_000

    init(width: Int) {
        kinds = Array(repeating: 0, count: width)
        seenEmpty = Array(repeating: false, count: width)
    }

    /// Adds a record's cells (those past `cells.count` are empty: a short row read padded), while fewer than
    /// `recordsProfiled` were added.
    mutating func add(_ cells: CSVCells) {
        guard records < ColumnProfile.recordsProfiled else { return }
        records += 1
        let width = kinds.count
        kinds.withUnsafeMutableBufferPointer { kinds in
            seenEmpty.withUnsafeMutableBufferPointer { seenEmpty in
                cells.forEachCell(upTo: width) { index, bytes in
                    let kind = ColumnProfile.kind(of: bytes)
                    if kind == 0 { seenEmpty[index] = true } else { kinds[index] |= kind }
                }
                for index in min(cells.count, width)..<width { seenEmpty[index] = true }
            }
        }
    }

    /// Whether a value of `kind` fits `column`: it is empty (0), or the column held values of that kind, or none yet.
    func fits(_ kind: UInt8, column: Int) -> Bool {
        kind == 0 || column >= kinds.count || kinds[column] == 0 || kinds[column] & kind != 0
    }

    /// The kind of value a cell holds (`shortNumber`, `longNumber`, `digitsAndMore`, `text`), 0 for an empty one.
    /// Spaces and tabs around it are left out, and the marks Excel keeps a cell as text with (`'0501`, `="0501"`).
    static func kind(of bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        while start < end, bytes[start] == 0x27 || bytes[start] == 0x3D || bytes[start] == 0x22 { start += 1 }
        guard start < end else { return 0 }
        guard (0x30...0x39).contains(bytes[start]) else { return text }
        var at = start + 1
        while at < end, (0x30...0x39).contains(bytes[at]) { at += 1 }
        // `="0501"` ends with the quote that its start had.
        if at + 1 == end, bytes[at] == 0x22 { end -= 1 }
        if at < end { return isScientific(bytes[start..<end]) ? longNumber : digitsAndMore }
        return end - start <= 6 ? shortNumber : longNumber
    }

    /// Whether `digits` are a number as a spreadsheet shows a long one (`5.20304E+17`, an ID or phone number
    /// whose digits it lost): of the same kind as the long numbers of its column.
    private static func isScientific(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard let mark = digits.firstIndex(where: { $0 == 0x45 || $0 == 0x65 }), mark + 2 < digits.endIndex,
              digits[mark + 1] == 0x2B else { return false }
        let mantissa = digits[..<mark], exponent = digits[(mark + 2)...]
        return mantissa.allSatisfy { (0x30...0x39).contains($0) || $0 == 0x2E }
            && exponent.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// The kind of value `text` holds (`kind(of:)`).
    static func kind(of text: String) -> UInt8 {
        var text = text
        return text.withUTF8 { kind(of: $0) }
    }
}
