import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Just enough PNG decoding to tell a rendered page from a blank one: the header, and the pixels of an 8-bit,
/// non-interlaced image, inflated by the system's zlib (loaded at run time, so the tests need no C module).
struct PNGPixels {
    let width: Int
    let height: Int
    private let colourType: UInt8
    private let bitDepth: UInt8
    private let interlaced: Bool
    private let compressed: Data

    struct Stats {
        var distinctColours: Int
        /// The share of pixels that have the most frequent colour (the background, on a page).
        var dominantShare: Double
    }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 33, bytes[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else {
            throw DecodeError("not a PNG file")
        }
        func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        var offset = 8
        var header: [UInt8] = []
        var idat = Data()
        while offset + 8 <= bytes.count {
            let length = be32(offset)
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            let start = offset + 8
            guard start + length + 4 <= bytes.count else { throw DecodeError("truncated \(type) chunk") }
            if type == "IHDR" { header = Array(bytes[start..<start + length]) }
            if type == "IDAT" { idat.append(contentsOf: bytes[start..<start + length]) }
            if type == "IEND" { break }
            offset = start + length + 4
        }
        guard header.count == 13 else { throw DecodeError("no IHDR chunk") }
        width = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
        height = header[4..<8].reduce(0) { $0 << 8 | Int($1) }
        bitDepth = header[8]
        colourType = header[9]
        interlaced = header[12] != 0
        compressed = idat
    }

    /// Colour statistics, or nil when zlib cannot be loaded or the image is not plain 8-bit non-interlaced.
    func stats() throws -> Stats? {
        let channels: Int
        switch colourType {
        case 0, 3: channels = 1
        case 4: channels = 2
        case 2: channels = 3
        case 6: channels = 4
        default: return nil
        }
        guard bitDepth == 8, !interlaced, let inflate = Self.uncompress else { return nil }
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var rawLength = UInt(raw.count)
        let status = compressed.withUnsafeBytes { source in
            raw.withUnsafeMutableBufferPointer { destination in
                inflate(destination.baseAddress, &rawLength, source.bindMemory(to: UInt8.self).baseAddress, UInt(source.count))
            }
        }
        guard status == 0, Int(rawLength) == raw.count else { throw DecodeError("zlib could not inflate the image (\(status))") }

        var previous = [UInt8](repeating: 0, count: stride)
        var current = [UInt8](repeating: 0, count: stride)
        var counts: [UInt32: Int] = [:]
        for row in 0..<height {
            let base = row * (stride + 1)
            let filter = raw[base]
            for i in 0..<stride {
                let x = Int(raw[base + 1 + i])
                let a = i >= channels ? Int(current[i - channels]) : 0
                let b = Int(previous[i])
                let c = i >= channels ? Int(previous[i - channels]) : 0
                let value: Int
                switch filter {
                case 0: value = x
                case 1: value = x + a
                case 2: value = x + b
                case 3: value = x + (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    value = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
                default: throw DecodeError("unknown filter \(filter) on row \(row)")
                }
                current[i] = UInt8(truncatingIfNeeded: value)
            }
            for pixel in Swift.stride(from: 0, to: stride, by: channels) {
                var colour: UInt32 = 0
                for channel in 0..<min(channels, 3) { colour = colour << 8 | UInt32(current[pixel + channel]) }
                counts[colour, default: 0] += 1
            }
            swap(&previous, &current)
        }
        let dominant = counts.values.max() ?? 0
        return Stats(distinctColours: counts.count, dominantShare: Double(dominant) / Double(max(1, width * height)))
    }

    private typealias Uncompress = @convention(c) (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt>?,
                                                  UnsafePointer<UInt8>?, UInt) -> Int32

    private static let uncompress: Uncompress? = {
        for name in ["libz.so.1", "libz.so", "libz.dylib", "/usr/lib/libz.dylib"] {
            if let handle = dlopen(name, RTLD_NOW), let symbol = dlsym(handle, "uncompress") {
                return unsafeBitCast(symbol, to: Uncompress.self)
            }
        }
        return nil
    }()

    struct DecodeError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
