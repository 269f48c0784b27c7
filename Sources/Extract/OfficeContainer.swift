import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A binary office file sent where a text feed was expected, told by its magic bytes: an Excel workbook (`.xlsx`,
/// a ZIP holding `xl/`; `.xls`, an OLE2 compound file `D0 CF 11 E0`), an OpenDocument or WPS spreadsheet, another ZIP
/// archive. Offices send the workbook itself, or save it under a `.csv` name; read as text it gives one garbled
/// column. `FormatRegistry.makeCursor` refuses such a file before any format reads it, saying what it is and how to
/// save it: the file cannot be read, so `run` and `validate` fail it (exit 1) as any unreadable file, as `peek` does.
public enum OfficeContainer: Equatable, Sendable {
    case xlsx
    case xls
    case openDocumentSpreadsheet
    /// A ZIP archive that is no spreadsheet (a Word `.docx`, a folder zipped).
    case zip

    /// What `file` is, from its first and last bytes; nil for any other file (text, or one that cannot be read,
    /// whose reader then says why).
    public static func identify(file: String) -> OfficeContainer? {
        let descriptor = open(file, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: 1 << 16)
        let count = read(descriptor, &head, head.count)
        guard count >= 8 else { return nil }
        head.removeLast(head.count - count)
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .xls }
        guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return nil }
        // The ZIP's names: the first entries here, the central directory at the end of the file.
        var names = head
        var info = stat()
        if fstat(descriptor, &info) == 0, Int(info.st_size) > head.count {
            var tail = [UInt8](repeating: 0, count: 1 << 16)
            let offset = max(Int(info.st_size) - tail.count, head.count)
            let tailCount = pread(descriptor, &tail, tail.count, off_t(offset))
            if tailCount > 0 { names += tail.prefix(tailCount) }
        }
        if contains(names, "xl/workbook") || contains(names, "xl/worksheets/") { return .xlsx }
        if contains(names, "application/vnd.oasis.opendocument.spreadsheet") { return .openDocumentSpreadsheet }
        return .zip
    }

    /// The error that stops reading `file` as `format` (`csv`, `xml`, …): what the file is and what to ask for.
    public func error(file: String, format: String) -> ExtractError {
        let wanted = format.uppercased()
        let save = format == "csv"
            ? "save it from Excel as \"CSV UTF-8\" or \"Unicode text\" (or from WPS as CSV) and deliver that file"
            : "ask for the feed as \(wanted)"
        let what: String
        switch self {
        case .xlsx, .xls:
            what = "this is an Excel workbook (xlsx/xls), not \(wanted): \(save)"
        case .openDocumentSpreadsheet:
            what = "this is an OpenDocument spreadsheet (ods), not \(wanted): \(save)"
        case .zip:
            what = "this is a ZIP archive, not \(wanted): unzip it and deliver the \(format) file inside"
        }
        let kind = self == .xls ? "an OLE2 compound file, D0 CF 11 E0" : "a ZIP archive, PK 03 04"
        return ExtractError(file: file, message: "\(what) (the file starts as \(kind); read as text it would be one column of binary bytes)")
    }

    private static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
