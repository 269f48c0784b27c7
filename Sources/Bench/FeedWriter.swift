#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A feed file written through a fixed-size buffer: text is appended as UTF-8 and flushed in chunks, encoded
/// to GB18030 by iconv on the way out when the feed is a GB18030 one. Memory stays at two buffers whatever the
/// file size.
final class FeedWriter {
    static let chunkSize = 1 << 20

    let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let converter: iconv_t?
    private let encoded: UnsafeMutablePointer<UInt8>?
    private let encodedCapacity: Int
    private(set) var bytesWritten = 0

    /// Opens (truncating) `path`; `gb18030` encodes everything appended from UTF-8 to GB18030.
    init(path: String, gb18030: Bool = false) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw BenchError("cannot create \(path): \(String(cString: strerror(errno)))") }
        descriptor = fd
        buffer.reserveCapacity(FeedWriter.chunkSize + 64 * 1024)
        if gb18030 {
            let cd = iconv_open("GB18030", "UTF-8")
            guard Int(bitPattern: cd) != -1, let cd else {
                close(fd)
                throw BenchError("iconv cannot encode GB18030")
            }
            converter = cd
            // GB18030 never needs more bytes than UTF-8 for the same text (4 for 4, at most 2 or 4 for 3).
            encodedCapacity = FeedWriter.chunkSize * 2 + 256 * 1024
            encoded = .allocate(capacity: encodedCapacity)
        } else {
            converter = nil
            encoded = nil
            encodedCapacity = 0
        }
    }

    deinit {
        if let converter { iconv_close(converter) }
        encoded?.deallocate()
        if descriptor >= 0 { close(descriptor) }
    }

    @inline(__always)
    func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    @inline(__always)
    func write(_ text: Substring) {
        buffer.append(contentsOf: text.utf8)
    }

    @inline(__always)
    func write(byte: UInt8) { buffer.append(byte) }

    func write(bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    /// Appends the decimal digits of `value`.
    func write(int value: Int) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[index]) }
        }
    }

    /// Call at a record boundary: flushes once the buffer holds a chunk.
    @inline(__always)
    func recordDone() throws {
        if buffer.count >= FeedWriter.chunkSize { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        if let converter, let encoded {
            try buffer.withUnsafeMutableBytes { raw in
                var inPointer: UnsafeMutablePointer<CChar>? = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
                var inLeft = raw.count
                while inLeft > 0 {
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(encoded).assumingMemoryBound(to: CChar.self)
                    var outLeft = encodedCapacity
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    let failure = result == -1 ? errno : 0
                    try writeAll(encoded, encodedCapacity - outLeft)
                    if failure == E2BIG { continue }
                    if failure != 0 {
                        // Records are appended whole, so an incomplete sequence (EINVAL) cannot happen; EILSEQ is a bug.
                        throw BenchError("\(path): iconv could not encode to GB18030: \(String(cString: strerror(failure)))")
                    }
                }
            }
        } else {
            try buffer.withUnsafeBytes { raw in
                try writeAll(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), raw.count)
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ start: UnsafePointer<UInt8>, _ count: Int) throws {
        var done = 0
        while done < count {
            let n = Glibc.write(descriptor, start + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw BenchError("\(path): write failed: \(String(cString: strerror(errno)))")
            }
            done += n
        }
        bytesWritten += count
    }

    func finish() throws {
        try flush()
    }
}

/// A generator failure: printed and exit 1.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
