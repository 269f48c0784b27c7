#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings a feed may declare.
///
/// `gb18030` covers GBK and GB2312 (it is a superset of both). `auto` never guesses from a sample: a file starting
/// with a UTF-16 byte order mark is UTF-16; otherwise it reads UTF-8 and, at the first invalid sequence anywhere in
/// the file, the caller re-reads the whole file as GB18030.
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
        if let marked = byteOrderMarkEncoding(file: file) { return marked }
        let stream = try DecodedByteStream(file: file, encoding: .auto)
        do {
            while try stream.next() != nil {}
            return .utf8
        } catch is NotUTF8 {
            return .gb18030
        }
    }
}

extension TextEncoding {
    /// `utf-16` when the file starts with a UTF-16 byte order mark (FF FE or FE FF: Excel's "Unicode text"
    /// export), which `auto` honours before trying UTF-8; nil otherwise, or when the file cannot be read (the
    /// reader then reports why).
    public static func byteOrderMarkEncoding(file: String) -> TextEncoding? {
        let descriptor = open(file, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var mark: [UInt8] = [0, 0]
        guard read(descriptor, &mark, 2) == 2 else { return nil }
        return mark == [0xFF, 0xFE] || mark == [0xFE, 0xFF] ? .utf16 : nil
    }
}
