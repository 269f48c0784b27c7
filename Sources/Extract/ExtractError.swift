/// A problem that stops reading a whole file (it cannot be opened, its syntax breaks, an option is wrong).
///
/// `description` is the one-line form users see: `file:line: message`.
public struct ExtractError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    /// Byte offset into the file, when the format reports one (JSON syntax errors do).
    public var byteOffset: Int?
    public var message: String

    public init(file: String, line: Int? = nil, byteOffset: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let byteOffset { return "\(location): byte \(byteOffset): \(message)" }
        return "\(location): \(message)"
    }
}

/// Thrown by a cursor reading with `encoding: auto` at the first byte sequence that is not UTF-8: the caller
/// weighs the file (`UTF8Evidence`) and starts it again as UTF-8 (with rejects) or as GB18030.
public struct NotUTF8: Error, Sendable {
    public var byteOffset: Int
}
