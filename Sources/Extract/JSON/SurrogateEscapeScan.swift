#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A high-surrogate escape that yajl fused with the `\u` escape after it although that one is no low surrogate
/// (`\uD842\u82B3`, which yajl decodes to U+20AB3 instead of refusing it).
struct FusedSurrogateEscape: Equatable {
    /// Offset of the high surrogate's backslash, counted from the first byte parsed since the parser (re)started.
    let position: Int
    let high: UInt16
    /// The code unit of the escape that followed: anything but a low surrogate (DC00–DFFF).
    let follower: UInt16

    /// The code point yajl 2.1 makes of the two (its yajl_string_decode, which never checks the second unit).
    var fusedCodePoint: UInt32 {
        let high = UInt32(self.high), follower = UInt32(self.follower)
        return ((high & 0x3F) << 10) | ((((high >> 6) & 0xF) + 1) << 16) | (follower & 0x3FF)
    }

    /// `decoded`, a string as yajl decoded it, with the character yajl fused from each of `escapes` (in the order
    /// written) put back as the two code units the source wrote, each encoded on its own: the high surrogate as the
    /// three bytes ED A0…–ED AF… that are not UTF-8. The text is then refused as a lone surrogate escape is.
    /// Should the fused character not be found (it always is), the high surrogate's bytes are appended instead, so
    /// the text stays refused.
    static func unfused(_ decoded: UnsafeBufferPointer<UInt8>, _ escapes: ArraySlice<FusedSurrogateEscape>) -> [UInt8] {
        var text = Array(decoded)
        var from = 0
        for escape in escapes {
            let fused = utf8(escape.fusedCodePoint)
            let written = utf8(UInt32(escape.high)) + utf8(UInt32(escape.follower))
            var found: Int?
            var index = from
            while index + fused.count <= text.count {
                if text[index] == fused[0], text[index..<(index + fused.count)].elementsEqual(fused) {
                    found = index
                    break
                }
                index += 1
            }
            if let found {
                text.replaceSubrange(found..<(found + fused.count), with: written)
                from = found + written.count
            } else {
                text += utf8(UInt32(escape.high))
                from = text.count
            }
        }
        return text
    }

    /// The UTF-8 form of `value`, surrogates included (encoded as any other code point below U+10000).
    private static func utf8(_ value: UInt32) -> [UInt8] {
        switch value {
        case ..<0x80: return [UInt8(value)]
        case ..<0x800: return [UInt8(0xC0 | (value >> 6)), UInt8(0x80 | (value & 0x3F))]
        case ..<0x10000:
            return [UInt8(0xE0 | (value >> 12)), UInt8(0x80 | ((value >> 6) & 0x3F)), UInt8(0x80 | (value & 0x3F))]
        default:
            return [UInt8(0xF0 | (value >> 18)), UInt8(0x80 | ((value >> 12) & 0x3F)),
                    UInt8(0x80 | ((value >> 6) & 0x3F)), UInt8(0x80 | (value & 0x3F))]
        }
    }
}

/// Finds, in the raw JSON bytes handed to yajl, each high-surrogate escape followed by a `\u` escape that is no low
/// surrogate: the one pair of escapes yajl decodes to a wrong character without a word.
///
/// It reads escapes exactly as yajl's decoder does (a high surrogate takes the next six bytes when they are `\u`
/// and four hex digits, whatever they say), and carries its state from one buffer to the next, so a pair cut by a
/// buffer's end is still found. Text between backslashes is skipped with memchr: a feed without escapes costs one
/// pass of it.
struct SurrogateEscapeScan {
    private enum State {
        case text
        /// After a backslash that starts an escape, at `start`.
        case backslash(start: Int)
        /// Reading the hex digits of a `\u` escape; `high` is set when this escape follows a high surrogate.
        case hex(digits: Int, value: UInt16, start: Int, high: UInt16?)
        /// Just after a high-surrogate escape, which starts at `start`.
        case afterHigh(UInt16, start: Int)
        case afterHighBackslash(UInt16, start: Int)
    }

    private var state = State.text

    /// Scans `bytes`, which start at offset `origin` of everything scanned since the state was made, and returns
    /// the fused pairs found in them (a pair begun in an earlier buffer is found in the one where it ends).
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, origin: Int) -> [FusedSurrogateEscape] {
        guard let base = bytes.baseAddress else { return [] }
        var found: [FusedSurrogateEscape] = []
        var index = 0
        let count = bytes.count
        while index < count {
            if case .text = state {
                guard let next = memchr(base + index, 0x5C, count - index) else { break }
                index = UnsafeRawPointer(next).assumingMemoryBound(to: UInt8.self) - base
                state = .backslash(start: origin + index)
                index += 1
                continue
            }
            let byte = bytes[index]
            switch state {
            case .text:
                break
            case .backslash(let start):
                state = byte == UInt8(ascii: "u") ? .hex(digits: 0, value: 0, start: start, high: nil) : .text
            case .hex(let digits, let value, let start, let high):
                guard let digit = SurrogateEscapeScan.hexValue(byte) else {
                    state = .text  // yajl refuses the string
                    break
                }
                let unit = value << 4 | UInt16(digit)
                if digits < 3 {
                    state = .hex(digits: digits + 1, value: unit, start: start, high: high)
                } else if let high {
                    if !(0xDC00...0xDFFF).contains(unit) {
                        found.append(FusedSurrogateEscape(position: start, high: high, follower: unit))
                    }
                    state = .text
                } else {
                    state = (0xD800...0xDBFF).contains(unit) ? .afterHigh(unit, start: start) : .text
                }
            case .afterHigh(let high, let start):
                // yajl writes `?` for a high surrogate not followed by `\u`; the byte is read as text.
                state = byte == 0x5C ? .afterHighBackslash(high, start: start) : .text
            case .afterHighBackslash(let high, let start):
                // `\n`, `\\`, …: an escape of its own, after the `?`.
                state = byte == UInt8(ascii: "u") ? .hex(digits: 0, value: 0, start: start, high: high) : .text
            }
            index += 1
        }
        return found
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
