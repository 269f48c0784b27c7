/// The text encodings a feed may declare.
///
/// `gb18030` covers GBK and GB2312 (it is a superset of both). `auto` never guesses from a sample: it reads
/// UTF-8 and, at the first invalid sequence anywhere in the file, the caller re-reads the whole file as GB18030.
public enum TextEncoding: String, CaseIterable, Sendable {
    case auto
    case utf8 = "utf-8"
    case gb18030
    case utf16 = "utf-16"

    /// The name glibc's iconv knows this encoding by (`auto` starts as UTF-8).
    var iconvName: String {
        switch self {
        case .auto, .utf8: return "UTF-8"
        case .gb18030: return "GB18030"
        case .utf16: return "UTF-16"
        }
    }
}

extension TextEncoding {
    /// Resolves `auto` for a whole file: `utf-8` when every byte sequence is valid UTF-8, else `gb18030`.
    public static func resolveAuto(file: String) throws -> TextEncoding {
        let stream = try DecodedByteStream(file: file, encoding: .auto)
        do {
            while try stream.next() != nil {}
            return .utf8
        } catch is NotUTF8 {
            return .gb18030
        }
    }
}
