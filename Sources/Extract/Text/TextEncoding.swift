#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings a feed may declare.
///
/// `gb18030` covers GBK and GB2312 (it is a superset of both). Under `auto` a byte order mark declares the encoding
/// (UTF-16, or UTF-8, whose undecodable bytes then reject their records as under `utf-8`); without one the file is
/// read as UTF-8 and, at the first invalid sequence anywhere in it, the caller weighs the whole file
/// (`UTF8Evidence`): mostly valid UTF-8 reads as `utf-8` (the undecodable records become `invalid_encoding`
/// rejects), mostly invalid is re-read as GB18030.
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
    /// Resolves `auto` for a whole file: the encoding its byte order mark declares; without one, `utf-8` when the
    /// file's non-ASCII text is (mostly) valid UTF-8, else `gb18030` (see `UTF8Evidence`).
    public static func resolveAuto(file: String) throws -> TextEncoding {
        if let marked = byteOrderMarkEncoding(file: file) { return marked }
        return try UTF8Evidence.weigh(file: file).isMostlyUTF8OrClean ? .utf8 : .gb18030
    }
}

extension TextEncoding {
    /// The encoding a byte order mark at the start of the file declares, which `auto` honours before trying
    /// UTF-8: `utf-16` for FF FE or FE FF (Excel's "Unicode text" export), `utf-8` for EF BB BF (a UTF-8 file
    /// with a few records pasted in GBK is still UTF-8: those records become `invalid_encoding` rejects, the header
    /// and the other records are not re-read as GB18030). Nil without a mark, or when the file cannot be read (the
    /// reader then reports why).
    /// The separator of a UTF-16 file with a byte order mark when the pipeline gives none: TAB (Excel's "Unicode
    /// text" export), unless the file's first line holds commas and no TAB (a comma-separated UTF-16 export of another
    /// tool), which is read with commas. Nil for a file without a UTF-16 byte order mark.
    public static func unicodeTextDelimiter(file: String) -> UInt8? {
        guard let bytes = leadingBytes(of: file, upTo: 16_384), bytes.count >= 2 else { return nil }
        let count = bytes.count
        let bigEndian: Bool
        switch (bytes[0], bytes[1]) {
        case (0xFF, 0xFE): bigEndian = false
        case (0xFE, 0xFF): bigEndian = true
        default: return nil
        }
        var commas = 0, tabs = 0
        var at = 2
        while at + 1 < count {
            let unit = bigEndian ? UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) : UInt16(bytes[at + 1]) << 8 | UInt16(bytes[at])
            if unit == 0x0A || unit == 0x0D { break }
            if unit == 0x09 { tabs += 1 } else if unit == 0x2C { commas += 1 }
            at += 2
        }
        return commas > 0 && tabs == 0 ? 0x2C : 0x09
    }

    public static func byteOrderMarkEncoding(file: String) -> TextEncoding? {
        guard let mark = leadingBytes(of: file, upTo: 3) else { return nil }
        let count = mark.count
        if count >= 2, (mark[0] == 0xFF && mark[1] == 0xFE) || (mark[0] == 0xFE && mark[1] == 0xFF) { return .utf16 }
        if count == 3, mark == [0xEF, 0xBB, 0xBF] { return .utf8 }
        return nil
    }
}

extension TextEncoding {
    /// The bytes `notUTF16` looks at: enough for a header and many records.
    static let utf16SampleBytes = 65_536

    /// Why a file declared `utf-16` is not UTF-16 text, nil when it may be. Text of every format holds ASCII
    /// (separators, line breaks, `<`, `{`, digits), and each ASCII character is a 0x00 byte beside its own in UTF-16.
    /// A file with no byte order mark and not one 0x00 byte in its first 64 KB is GBK or UTF-8 text (a feeder who
    /// sent Excel's "Unicode text" and now sends a GBK CSV): read as UTF-16 it would be one line of garbled text,
    /// its "header" the whole file, personal data and all. Says what the file looks like and what to set.
    public static func notUTF16(file: String) -> String? {
        guard let bytes = leadingBytes(of: file, upTo: utf16SampleBytes) else { return nil }
        let count = bytes.count
        guard count >= 4 else { return nil }
        if (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) { return nil }
        guard !bytes[..<count].contains(0) else { return nil }
        let evidence = UTF8Evidence.weigh(Array(bytes[..<count]))
        let looks = evidence.invalidStretches == 0 && evidence.validSequences > 0 ? "UTF-8 text"
            : evidence.isMostlyUTF8OrClean ? "ASCII or UTF-8 text" : "GBK/GB18030 text"
        let advice = evidence.isMostlyUTF8OrClean ? "set encoding: utf-8 (or auto, which tells UTF-8 from GBK)"
            : "set encoding: gb18030 (or auto, which tells UTF-8 from GBK)"
        return "the source declares encoding: utf-16, but the file is not UTF-16: it has no byte order mark and not one 0x00 byte in its first \(count) bytes, which the ASCII of any UTF-16 text (separators, line breaks, digits) would give. It looks like \(looks); \(advice). Nothing of it was read"
    }
}

extension TextEncoding {
    /// `text` encoded back into this encoding's bytes (nil when iconv cannot, or for `auto`): how the file's bytes
    /// looked before they were decoded, to tell whether they were decoded in the wrong encoding.
    public func bytes(of text: String) -> [UInt8]? {
        guard self != .auto else { return nil }
        let converter = iconv_open(iconvName, "UTF-8")
        guard Int(bitPattern: converter) != -1, let converter else { return nil }
        defer { iconv_close(converter) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 8)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count, outLeft = outBuffer.count
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let written else { return nil }
        return Array(output.prefix(written))
    }
}

extension TextEncoding {
    /// What to set instead when a file does not decode as `encoding` (`gbk` or `auto` aside, the encodings a
    /// pipeline may name): `set encoding: (gb18030 for GBK, GB2312 and "ANSI" exports, utf-16 for "Unicode text")`,
    /// never naming the encoding that failed, nor one the source declares already (pass it too).
    public static func advice(otherThan encodings: String?...) -> String {
        let choices = [("gb18030", "gb18030 for GBK, GB2312 and \"ANSI\" exports"),
                       ("utf-8", "utf-8 for UTF-8 exports (WPS, Excel's \"CSV UTF-8\")"),
                       ("utf-16", "utf-16 for \"Unicode text\"")].filter { !encodings.contains($0.0) }.map(\.1)
        return "set encoding: (\(choices.joined(separator: ", ")))"
    }
}

extension TextEncoding {
    /// The `encoding` option that reads a file whose own declaration (an XML declaration's `encoding="GBK"`) names
    /// `declared`: `gb18030` for GBK, GB2312, GB18030, CP936 and EUC-CN, `utf-16` for UTF-16 in either byte order,
    /// `utf-8` for UTF-8; nil for a name it does not know (Big5, say).
    public static func option(forDeclared declared: String) -> TextEncoding? {
        let name = String(declared.lowercased().map { $0 == "_" ? "-" : $0 })
        switch name {
        case "gbk", "gb2312", "gb-2312", "gb18030", "gb-18030", "cp936", "x-gbk", "euc-cn", "windows-936": return .gb18030
        case "utf-16", "utf16", "utf-16le", "utf-16be", "ucs-2": return .utf16
        case "utf-8", "utf8": return .utf8
        default: return nil
        }
    }
}

extension TextEncoding {
    /// Whether `file` is GBK text behind a UTF-8 byte order mark: it starts with EF BB BF, the text after the mark
    /// is not (mostly) UTF-8 (`UTF8Evidence`), and its first 64 KB after the mark decode as GB18030. Excel, WPS and
    /// converters write such a mark in front of a GBK export. Read as UTF-8 (declared, or under `auto`, which follows
    /// the mark), its Chinese text does not decode; `gb18030` reads the text after the mark. False for a file
    /// without the mark, or one that cannot be read (the reader says why).
    public static func isGB18030BehindUTF8Mark(file: String) -> Bool {
        guard byteOrderMarkEncoding(file: file) == .utf8,
              let evidence = try? UTF8Evidence.weigh(file: file), !evidence.isMostlyUTF8OrClean else { return false }
        guard let sample = leadingBytes(of: file, upTo: 3 + utf16SampleBytes) else { return false }
        return sample.count > 3 && decodesAsGB18030(Array(sample[3...]))
    }

    /// The first `limit` bytes of `file` (fewer when it is shorter), nil when it cannot be opened.
    static func leadingBytes(of file: String, upTo limit: Int) -> [UInt8]? {
        let descriptor = open(file, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: limit)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { break }
            count += got
        }
        return Array(bytes[..<count])
    }

    /// What `isGB18030BehindUTF8Mark` finds, said cause first, then the fix, then the other ways out: for the
    /// messages about a file whose bytes do not decode as UTF-8.
    public static let gb18030BehindUTF8Mark = "the file starts with a UTF-8 byte order mark (EF BB BF) followed by GB18030 bytes, not UTF-8: it was saved as GBK with a byte order mark added in front. Set encoding: gb18030, which reads the text after the mark; or have it exported again in one encoding (GBK without the mark, or UTF-8 throughout: Excel's \"CSV UTF-8\"). encoding: auto follows the mark and reads it as UTF-8, as utf-8 does"

    /// Whether `bytes` decode as GB18030 to their end (a character the sample's end cuts short is no fault).
    static func decodesAsGB18030(_ bytes: [UInt8]) -> Bool {
        let converter = iconv_open("UTF-8", "GB18030")
        guard Int(bitPattern: converter) != -1, let converter else { return false }
        defer { iconv_close(converter) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: 1 << 16)
        return input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                guard let inBase = inBuffer.baseAddress, let outBase = outBuffer.baseAddress else { return false }
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                while inLeft > 0 {
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count
                    if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 {
                        if errno == E2BIG { continue }
                        return errno == EINVAL && inLeft < 4
                    }
                }
                return true
            }
        }
    }
}
