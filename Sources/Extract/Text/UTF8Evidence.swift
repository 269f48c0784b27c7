#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much of a file's non-ASCII text reads as UTF-8: the evidence `encoding: auto` decides on once a file turns
/// out not to be valid UTF-8 throughout.
///
/// Counted over the raw bytes in fixed-size chunks (memory stays at one chunk): `validSequences` is the number of
/// well-formed multi-byte UTF-8 sequences (each a non-ASCII character), `invalidStretches` the number of maximal
/// runs of bytes that are no part of one (a GBK name pasted into a UTF-8 file is one stretch, or a few). GB18030
/// text read as UTF-8 is mostly invalid, with a valid-looking pair here and there (about one character in seven);
/// a UTF-8 file with a few records pasted in from a GBK file has many valid sequences and a few stretches.
public struct UTF8Evidence: Sendable, Equatable {
    public var validSequences = 0
    public var invalidStretches = 0

    public init(validSequences: Int = 0, invalidStretches: Int = 0) {
        self.validSequences = validSequences
        self.invalidStretches = invalidStretches
    }

    /// How many valid sequences per invalid stretch make a file UTF-8 (with the stretches its damaged records).
    public static let utf8Ratio = 4

    /// Whether the file is UTF-8 text with a few undecodable stretches (true), or text in another encoding that
    /// is mostly invalid as UTF-8 (false: `auto` reads it as GB18030).
    public var isMostlyUTF8: Bool {
        validSequences >= UTF8Evidence.utf8Ratio * max(invalidStretches, 1)
    }

    /// True for a file that is valid UTF-8 throughout, or mostly (`isMostlyUTF8`).
    public var isMostlyUTF8OrClean: Bool { invalidStretches == 0 || isMostlyUTF8 }

    /// Weighs `file` (a leading UTF-8 byte order mark counts as neither).
    public static func weigh(file: String) throws -> UTF8Evidence {
        let descriptor = open(file, O_RDONLY)
        guard descriptor >= 0 else {
            throw ExtractError(file: file, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let capacity = 1 << 20
        // Room for a sequence cut by the chunk's end, carried to the next read.
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + 4)
        defer { buffer.deallocate() }
        var scanner = Scanner()
        var carried = 0
        while true {
            let count = read(descriptor, buffer + carried, capacity)
            if count < 0 {
                if errno == EINTR { continue }
                throw ExtractError(file: file, message: "read failed: \(String(cString: strerror(errno)))")
            }
            let available = carried + count
            let consumed = scanner.scan(UnsafeBufferPointer(start: buffer, count: available), final: count == 0)
            carried = available - consumed
            if carried > 0 { memmove(buffer, buffer + consumed, carried) }
            if count == 0 { break }
        }
        return scanner.evidence
    }

    /// Weighs bytes already in memory (for tests and small inputs).
    public static func weigh(_ bytes: [UInt8]) -> UTF8Evidence {
        var scanner = Scanner()
        _ = bytes.withUnsafeBufferPointer { scanner.scan($0, final: true) }
        return scanner.evidence
    }

    /// The counting state carried from chunk to chunk.
    struct Scanner {
        var evidence = UTF8Evidence()
        private var inStretch = false
        private var atStart = true

        /// Scans `bytes`, returning how many were consumed: all of them when `final`, else all but a sequence the
        /// chunk cuts short (at most 3 bytes, handed back at the start of the next chunk).
        mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) -> Int {
            var index = 0
            if atStart, bytes.count >= 3 || final {
                atStart = false
                if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
            }
            while index < bytes.count {
                let lead = bytes[index]
                if lead < 0x80 {
                    inStretch = false
                    index += 1
                    continue
                }
                let length: Int
                var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the first continuation byte
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; low = 0xA0
                case 0xE1...0xEC, 0xEE, 0xEF: length = 3
                case 0xED: length = 3; high = 0x9F
                case 0xF0: length = 4; low = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; high = 0x8F
                default: length = 0
                }
                if length > 0, index + length > bytes.count, !final {
                    // Possibly a sequence the chunk cut: decide with the next chunk.
                    if (index + 1 ..< bytes.count).allSatisfy({ bytes[$0] & 0xC0 == 0x80 }),
                       index + 1 >= bytes.count || (low...high).contains(bytes[index + 1]) {
                        return index
                    }
                }
                var valid = length > 0 && index + length <= bytes.count
                if valid {
                    valid = (low...high).contains(bytes[index + 1])
                    var next = index + 2
                    while valid, next < index + length {
                        valid = bytes[next] & 0xC0 == 0x80
                        next += 1
                    }
                }
                if valid {
                    evidence.validSequences += 1
                    inStretch = false
                    index += length
                } else {
                    if !inStretch { evidence.invalidStretches += 1 }
                    inStretch = true
                    index += 1
                }
            }
            return bytes.count
        }
    }
}
