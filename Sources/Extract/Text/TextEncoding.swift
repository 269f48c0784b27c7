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
