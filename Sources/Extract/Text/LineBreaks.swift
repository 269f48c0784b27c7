/// Line breaks as Rongtong counts the lines of a text file, for the line a record or a byte is on: a line feed (LF,
/// Unix and most exports), a CR LF pair (Windows, Excel's CSV) as one break, and a carriage return alone (CR:
/// classic Mac OS, some exporters and old accounting systems), which editors and spreadsheets show as a line
/// break too and which libcsv ends a row at.
public struct LineBreaks: Sendable {
    /// Whether the last byte counted was a CR: an LF right after it (in the next chunk, too) is the same break.
    private var afterCarriageReturn = false

    public init() {}

    /// Counts the breaks in `bytes`, carrying a CR that ends them to the next call.
    public mutating func count<Bytes: Sequence>(in bytes: Bytes) -> Int where Bytes.Element == UInt8 {
        var breaks = 0
        for byte in bytes {
            if byte == 0x0D {
                breaks += 1
                afterCarriageReturn = true
            } else {
                if byte == 0x0A, !afterCarriageReturn { breaks += 1 }
                afterCarriageReturn = false
            }
        }
        return breaks
    }

    /// The line breaks in `bytes` read on their own.
    public static func count<Bytes: Sequence>(in bytes: Bytes) -> Int where Bytes.Element == UInt8 {
        var counter = LineBreaks()
        return counter.count(in: bytes)
    }
}
