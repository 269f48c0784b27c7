import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file in fixed-size chunks and hands out its text as UTF-8 bytes, decoded by iconv on the way.
///
/// Memory stays at a few chunks whatever the file size. An undecodable byte becomes U+FFFD and its offset is
/// recorded in `undecodableOffsets` (the extractor turns it into a reject of the record it falls in); under
/// `strictUTF8` (encoding `auto`, first pass) it throws `NotUTF8` instead. A leading BOM is stripped.
final class DecodedByteStream {
    static let chunkSize = 1 << 20

    let file: String
    let encoding: TextEncoding
    private let descriptor: Int32
    private let converter: iconv_t
    private let strictUTF8: Bool
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity: Int
    private var carried = 0
    private let output: UnsafeMutablePointer<UInt8>
    private let outputCapacity: Int
    private var atStart = true
    private var finished = false
    /// Raw bytes of the file consumed so far (offset of the next unread byte).
    private(set) var rawOffset = 0
    /// File size in bytes, for progress.
    let size: Int
    /// Offsets (in the raw file) of bytes that could not be decoded, appended as they are met.
    var undecodableOffsets: [Int] = []
    /// The file offset of an incomplete character at the very end of the file (a file cut inside a multibyte
    /// character: an export or transfer cut short), which is also one of `undecodableOffsets`; nil otherwise.
    private(set) var cutInsideCharacterAt: Int?

    init(file: String, encoding: TextEncoding) throws {
        self.file = file
        self.encoding = encoding
        self.strictUTF8 = encoding == .auto
        let fd = open(file, O_RDONLY)
        guard fd >= 0 else {
            throw ExtractError(file: file, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw ExtractError(file: file, message: "is a directory, not a file")
        }
        size = Int(info.st_size)
        // Read as UTF-16, GBK or UTF-8 bytes make one garbled line: never a record, and a header quoting the file.
        if encoding == .utf16, let reason = TextEncoding.notUTF16(file: file) {
            close(fd)
            throw ExtractError(file: file, message: reason)
        }
        let cd = iconv_open("UTF-8", encoding.iconvName)
        guard Int(bitPattern: cd) != -1, let cd else {
            close(fd)
            throw ExtractError(file: file, message: "iconv cannot decode \(encoding.iconvName)")
        }
        descriptor = fd
        converter = cd
        inputCapacity = DecodedByteStream.chunkSize + 16
        input = .allocate(capacity: inputCapacity)
        // Worst case: every input byte is invalid and becomes the 3-byte U+FFFD.
        outputCapacity = inputCapacity * 3 + 16
        output = .allocate(capacity: outputCapacity)
    }

    deinit {
        close(descriptor)
        iconv_close(converter)
        input.deallocate()
        output.deallocate()
    }

    /// The next run of decoded UTF-8 bytes (valid only until the next call), or nil at end of file.
    func next() throws -> UnsafeBufferPointer<UInt8>? {
        while !finished {
            let count = read(descriptor, input + carried, DecodedByteStream.chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw ExtractError(file: file, message: "read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { finished = true }
            let available = carried + count
            let origin = rawOffset - carried
            var produced: Int
            if encoding == .utf8 || encoding == .auto, let copied = copyIfValidUTF8(available: available, final: finished) {
                // Valid UTF-8 (as the standard library checks it) holds nothing iconv would change or refuse.
                produced = copied
            } else {
                produced = try convert(available: available, final: finished)
                if encoding == .utf8 || encoding == .auto { produced = try refuseBeyondUnicode(produced, origin: origin) }
            }
            if produced > 0 || finished {
                return produced > 0 ? UnsafeBufferPointer(start: output, count: produced) : nil
            }
        }
        return nil
    }

    /// glibc's iconv passes UTF-8 sequences for code points above U+10FFFF (lead bytes F4 90… to F7) as valid, and
    /// the old 5- and 6-byte forms (lead bytes F8 to FD) too; they are not Unicode. Each becomes U+FFFD with its
    /// offset recorded (or `NotUTF8` under `auto`), like any other undecodable sequence, its continuation bytes
    /// dropped (libxml2 refuses a stray one, stopping the whole file). Output offsets equal file offsets here, up
    /// to the BOM and earlier replacements. The number of bytes the output now holds.
    private func refuseBeyondUnicode(_ produced: Int, origin: Int) throws -> Int {
        func isBeyondUnicode(_ index: Int) -> Bool {
            let byte = output[index]
            return byte >= 0xF5 || (byte == 0xF4 && index + 1 < produced && output[index + 1] >= 0x90)
        }
        var index = 0
        while index < produced, !isBeyondUnicode(index) { index += 1 }
        guard index < produced else { return produced }
        // Rare (a file in another encoding read as UTF-8): the rest is rewritten through a copy.
        let first = index
        var rewritten: [UInt8] = []
        rewritten.reserveCapacity(produced - index + 16)
        while index < produced {
            guard isBeyondUnicode(index) else {
                rewritten.append(output[index])
                index += 1
                continue
            }
            let offset = origin + index
            if strictUTF8 { throw NotUTF8(byteOffset: offset) }
            undecodableOffsets.append(offset)
            let byte = output[index]
            let longest = byte >= 0xFC ? 6 : byte >= 0xF8 ? 5 : 4
            var length = 1
            while length < longest, index + length < produced, output[index + length] & 0xC0 == 0x80 { length += 1 }
            rewritten.append(contentsOf: [0xEF, 0xBF, 0xBD])
            index += length
        }
        let total = min(first + rewritten.count, outputCapacity)
        rewritten.withUnsafeBufferPointer { memcpy(output + first, $0.baseAddress!, total - first) }
        return total
    }

    /// Where raw byte `offset` is and what to do about it, for an error about an undecodable byte:
    /// `byte at offset 41 (line 2) is not valid UTF-8`, and the encodings to try instead
    /// (`TextEncoding.advice`). The line is counted at the file's line breaks (`LineBreaks`; not for UTF-16).
    func undecodableByte(at offset: Int) -> (line: Int?, message: String, advice: String) {
        var line: Int?
        if encoding != .utf16, offset >= 0, let handle = FileHandle(forReadingAtPath: file) {
            defer { try? handle.close() }
            var remaining = offset
            var newlines = 0
            var breaks = LineBreaks()
            while remaining > 0, let data = try? handle.read(upToCount: min(remaining, 1 << 20)), !data.isEmpty {
                newlines += breaks.count(in: data)
                remaining -= data.count
            }
            line = newlines + 1
        }
        let name = encoding == .auto ? TextEncoding.utf8.iconvName : encoding.iconvName
        let message = "byte at offset \(offset)\(line.map { " (line \($0))" } ?? "") is not valid \(name)"
        return (line, message, TextEncoding.advice(otherThan: encoding == .auto ? TextEncoding.utf8.rawValue : encoding.rawValue))
    }

    /// For a UTF-8 file, a chunk that is valid UTF-8 is already what iconv would make of it (UTF-8 to UTF-8 is the
    /// identity on valid text): it is copied, without iconv and the check for code points above U+10FFFF, which
    /// together were a tenth of reading a UTF-8 XML registry. The number of bytes copied, with an incomplete trailing
    /// sequence carried to the next call; nil when the chunk holds anything invalid, which iconv then decodes
    /// (each undecodable byte a U+FFFD with its offset, or `NotUTF8` under `auto`).
    private func copyIfValidUTF8(available: Int, final: Bool) -> Int? {
        let chunkOrigin = rawOffset - carried
        var start = 0
        if atStart {
            guard available >= 3 || final else { return nil }
            if input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { start = 3 }
        }
        var end = available
        if !final {
            // Back over an incomplete sequence at the end of the chunk: its continuation bytes, then its lead.
            var index = available - 1
            var continuation = 0
            while index >= start, continuation < 3, input[index] & 0xC0 == 0x80 {
                index -= 1
                continuation += 1
            }
            if index >= start {
                let lead = input[index]
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                if continuation + 1 < length { end = index }
            }
        }
        guard end > start || final,
              String(validating: UnsafeBufferPointer(start: input + start, count: end - start), as: UTF8.self) != nil
        else { return nil }
        atStart = false
        memcpy(output, input + start, end - start)
        let tail = available - end
        if tail > 0 { memmove(input, input + end, tail) }
        carried = tail
        rawOffset = chunkOrigin + available
        return end - start
    }

    /// Converts `input[0..<available]`, carrying an incomplete trailing sequence to the next call.
    private func convert(available: Int, final: Bool) throws -> Int {
        var start = 0
        let chunkOrigin = rawOffset - carried  // file offset of input[0]
        if atStart {
            if available >= 3 || final { atStart = false }
            // A UTF-8 mark before GB18030 text is a stray one (see `ExtractStage`): 锘 and a broken character in GB18030.
            if available >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF, encoding != .utf16 {
                start = 3
            } else if encoding == .gb18030, available >= 4,
                      input[0] == 0x84, input[1] == 0x31, input[2] == 0x95, input[3] == 0x33 {
                start = 4
            }
        }
        var inPointer = UnsafeMutableRawPointer(input + start).assumingMemoryBound(to: CChar.self)
        var inLeft = available - start
        var outPointer = UnsafeMutableRawPointer(output).assumingMemoryBound(to: CChar.self)
        var outLeft = outputCapacity
        while inLeft > 0 {
            let result = withUnsafeMutablePointer(to: &inPointer) { inP in
                withUnsafeMutablePointer(to: &outPointer) { outP in
                    inP.withMemoryRebound(to: Optional<UnsafeMutablePointer<CChar>>.self, capacity: 1) { inOpt in
                        outP.withMemoryRebound(to: Optional<UnsafeMutablePointer<CChar>>.self, capacity: 1) { outOpt in
                            iconv(converter, inOpt, &inLeft, outOpt, &outLeft)
                        }
                    }
                }
            }
            if result != -1 { break }
            let consumed = UnsafeMutableRawPointer(inPointer).assumingMemoryBound(to: UInt8.self) - input
            switch errno {
            case EINVAL where !final:
                // An incomplete sequence at the end of the chunk: keep it for the next read.
                memmove(input, input + consumed, inLeft)
                carried = inLeft
                rawOffset = chunkOrigin + available
                return outputCapacity - outLeft
            case EILSEQ, EINVAL:
                let offset = chunkOrigin + consumed
                // The last bytes of the file begin a character and end before it does: cut off, not another encoding.
                if errno == EINVAL, final { cutInsideCharacterAt = offset }
                if strictUTF8 && cutInsideCharacterAt != offset { throw NotUTF8(byteOffset: offset) }
                undecodableOffsets.append(offset)
                for byte: UInt8 in [0xEF, 0xBF, 0xBD] {
                    UnsafeMutableRawPointer(outPointer).storeBytes(of: byte, as: UInt8.self)
                    outPointer += 1
                    outLeft -= 1
                }
                // The cut character's bytes are all that is left: one replacement for them.
                let skipped = cutInsideCharacterAt == offset ? inLeft : 1
                inPointer += skipped
                inLeft -= skipped
            default:
                throw ExtractError(file: file, byteOffset: chunkOrigin + consumed,
                                   message: "decoding failed: \(String(cString: strerror(errno)))")
            }
        }
        carried = 0
        rawOffset = chunkOrigin + available
        return outputCapacity - outLeft
    }
}
