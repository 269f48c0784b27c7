#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The decoded UTF-8 text of a JSON or NDJSON file, one chunk at a time, with what error messages need:
/// the line of a position (lines ending at an LF, a CR LF pair or a CR alone, as `LineBreaks` counts them) and its
/// byte offset in the file.
///
/// Positions ("decoded offsets") count bytes of the decoded UTF-8 text from its start. For UTF-8 files they map
/// exactly back to file offsets (a stripped BOM and each undecodable byte, which became the 3-byte U+FFFD, are
/// accounted for); for GB18030 and UTF-16 files there is no such map, so offsets are those of the decoded text.
final class JSONTextSource {
    let file: String
    private let stream: DecodedByteStream
    /// The current chunk (valid until the next `nextChunk()`), and the decoded offset of its first byte.
    private(set) var chunk = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private(set) var chunkOrigin = 0
    private let bomLength: Int
    private var replacementsBeforeChunk = 0
    /// File offsets of this chunk's undecodable bytes.
    private var chunkReplacements: [Int] = []
    private var linesCountedTo = 0
    private var lineAtCounted = 1
    /// Lines end as a CSV file's do (`LineBreaks`): at an LF, a CR LF pair or a CR alone.
    private var lineBreaks = LineBreaks()

    var encoding: TextEncoding { stream.encoding }

    /// True when byte offsets in errors are file offsets (UTF-8 input).
    var offsetsAreExact: Bool { stream.encoding == .utf8 || stream.encoding == .auto }

    init(file: String, encoding: TextEncoding) throws {
        self.file = file
        stream = try DecodedByteStream(file: file, encoding: encoding)
        bomLength = (encoding == .utf8 || encoding == .auto) ? JSONTextSource.utf8BOMLength(of: file) : 0
    }

    /// Moves to the next chunk; false at the end of the file (the decoded offset is then the text's length).
    func nextChunk() throws -> Bool {
        countLines(upTo: chunkOrigin + chunk.count)
        replacementsBeforeChunk += chunkReplacements.count
        chunkOrigin += chunk.count
        let known = stream.undecodableOffsets.count
        guard let next = try stream.next() else {
            chunk = UnsafeBufferPointer(start: nil, count: 0)
            chunkReplacements = []
            return false
        }
        chunk = next
        chunkReplacements = Array(stream.undecodableOffsets[known...])
        return true
    }

    /// The 1-based line of a decoded offset at or after every offset asked before, within the current chunk.
    func line(at offset: Int) -> Int {
        countLines(upTo: offset)
        return lineAtCounted
    }

    private func countLines(upTo offset: Int) {
        let end = min(offset, chunkOrigin + chunk.count) - chunkOrigin
        var start = linesCountedTo - chunkOrigin
        guard let base = chunk.baseAddress, start >= 0, start < end else {
            linesCountedTo = max(linesCountedTo, offset)
            return
        }
        if start < end {
            lineAtCounted += lineBreaks.count(in: UnsafeBufferPointer(start: base + start, count: end - start))
        }
        linesCountedTo = max(linesCountedTo, offset)
    }

    /// The file offset of a decoded offset in the current chunk (or at the end of the text).
    func fileOffset(at offset: Int) -> Int {
        guard offsetsAreExact else { return offset }
        // The replacement with global index g, at file offset r, sits at decoded offset r - BOM + 2g.
        var before = replacementsBeforeChunk
        for raw in chunkReplacements {
            guard raw - bomLength + 2 * before < offset else { break }
            before += 1
        }
        return offset + bomLength - 2 * before
    }

    /// True while undecodable bytes have been met that no record has been rejected for yet.
    var hasUnclaimedReplacements: Bool { !stream.undecodableOffsets.isEmpty }

    /// The first of the `count` oldest unclaimed undecodable bytes, which a rejected record takes for its own.
    func claimReplacements(_ count: Int) -> Int? {
        guard let first = stream.undecodableOffsets.first else { return nil }
        stream.undecodableOffsets.removeFirst(min(max(count, 1), stream.undecodableOffsets.count))
        return first
    }

    /// The oldest unclaimed undecodable byte, for errors that may have been caused by it.
    var firstUnclaimedReplacement: Int? { stream.undecodableOffsets.first }

    var encodingName: String { stream.encoding.iconvName }

    /// The file offset of the undecodable bytes that end the file inside a character (an export or transfer cut
    /// short), nil when the file ends with a whole character.
    var cutInsideCharacterAt: Int? { stream.cutInsideCharacterAt }

    private static func utf8BOMLength(of file: String) -> Int {
        let fd = open(file, O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var head: (UInt8, UInt8, UInt8) = (0, 0, 0)
        let count = withUnsafeMutableBytes(of: &head) { read(fd, $0.baseAddress, 3) }
        return count == 3 && head == (0xEF, 0xBB, 0xBF) ? 3 : 0
    }
}

/// How many U+FFFD (EF BF BD) sequences `bytes` holds: each may stand for a byte the decoder could not read.
func replacementCharacterCount(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard bytes.count >= 3 else { return 0 }
    var count = 0
    var index = 0
    while index + 2 < bytes.count {
        if bytes[index] == 0xEF, bytes[index + 1] == 0xBF, bytes[index + 2] == 0xBD {
            count += 1
            index += 3
        } else {
            index += 1
        }
    }
    return count
}
