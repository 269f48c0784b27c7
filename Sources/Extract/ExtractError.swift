import Foundation
/// A problem that stops reading a whole file (it cannot be opened, its syntax breaks, an option is wrong).
///
/// `description` is the one-line form users see: `file:line: message`.
public struct ExtractError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    /// Byte offset into the file, when the format reports one (JSON syntax errors do).
    public var byteOffset: Int?
    public var message: String
    /// The file is a web system's error answer sent instead of the records (`{"code":500,"msg":"系统繁忙，请稍后重试",
    /// "data":null}`): a delivery that failed at its source, not a file broken on the way or a wrong `record_path`.
    /// `run` loads nothing of it and goes on with the source's other files and the other sources (exit 3).
    public var isErrorAnswer = false

    public init(file: String, line: Int? = nil, byteOffset: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
    }

    /// A message that names the byte itself (`byte at offset 43 (line 2) is not valid UTF-8`) is not prefixed with
    /// the offset again, nor says the line the location gives: `hj.xml:2: byte at offset 43 is not valid UTF-8`.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        var text = message
        if text.hasPrefix("byte at offset "), let line,
           let said = text.range(of: " (line \(line))"), text.distance(from: text.startIndex, to: said.lowerBound) < 40 {
            text.removeSubrange(said)
        }
        if let byteOffset, !text.hasPrefix("byte at offset \(byteOffset)") { return "\(location): byte \(byteOffset): \(text)" }
        return "\(location): \(text)"
    }
}

extension ExtractError {
    /// A 0-byte file where the format needs at least a document (`what`: "a header row", "a root element"): a
    /// failed export, the file's problem rather than the pipeline's. nil when the file has bytes.
    static func emptyFile(_ file: String, lacking what: String) -> ExtractError? {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? NSNumber
        guard size?.intValue == 0 else { return nil }
        return ExtractError(file: file, message: "the file is empty (0 bytes): not even \(what); the export probably failed, ask for it again")
    }
}

/// Thrown by a cursor reading with `encoding: auto` at the first byte sequence that is not UTF-8: the caller
/// weighs the file (`UTF8Evidence`) and starts it again as UTF-8 (with rejects) or as GB18030.
public struct NotUTF8: Error, Sendable {
    public var byteOffset: Int
}
