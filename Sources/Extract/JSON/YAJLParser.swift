import CYAJL

/// One event of yajl's callback parser. Byte payloads point into yajl's or the caller's buffer and are valid only
/// during the `handle` call that receives them.
enum JSONEvent {
    case null
    case boolean(Bool)
    /// A number exactly as the source wrote it (`123456789012345678`, `1.50`, `-0`, `1E400`): never converted.
    case number(UnsafeBufferPointer<UInt8>)
    case string(UnsafeBufferPointer<UInt8>)
    case startObject
    case key(UnsafeBufferPointer<UInt8>)
    case endObject
    case startArray
    case endArray
}

/// Receives yajl's events; returning false stops the parse (the handler keeps its own reason).
protocol JSONEventHandler: AnyObject {
    func handle(_ event: JSONEvent) -> Bool
}

/// yajl's streaming parser behind a Swift type: UTF-8 bytes in, `JSONEvent`s out, one line of error text on failure.
///
/// Strict by construction: comments are not allowed, strings are UTF-8 validated, trailing garbage after the
/// top-level value is an error (yajl's defaults, which are never changed here). The one leniency yajl 2.1 has,
/// taking form feed and vertical tab for whitespace, is refused here: neither byte may appear raw anywhere in JSON.
/// yajl keeps its nesting on a heap stack, so depth costs memory, not C stack. yajl 2.1 fuses a high-surrogate escape
/// with any `\u` escape after it (`\uD842\u82B3` becomes U+20AB3): such text is handed on as written instead, the
/// high surrogate as bytes that are not UTF-8, which the extractors refuse (`SurrogateEscapeScan`).
final class YAJLParser {
    enum Status: Equatable {
        case ok
        /// The handler returned false.
        case cancelled
        /// A syntax error; `offset` locates the offending byte in the last buffer passed to `parse`.
        case error(message: String, offset: Int)
    }

    // Implicitly unwrapped only so that `self` can be passed to yajl_alloc as the callback context.
    private var handle: yajl_handle!
    /// Calls the handle method of the cursor that owns this parser and outlives it. The handler is held unretained,
    /// and called through `Unmanaged._withUnsafeGuaranteedRef` on its own class, so that delivering each of yajl's
    /// events costs no reference-count traffic (a checked unowned reference is retained on every load, and a
    /// method called on an unowned(unsafe) protocol existential still retained and released it around each call).
    private let deliverEvent: (JSONEvent) -> Bool

    init<Handler: JSONEventHandler>(handler: Handler) {
        let unretained = Unmanaged.passUnretained(handler)
        deliverEvent = { event in unretained._withUnsafeGuaranteedRef { $0.handle(event) } }
        // yajl_alloc fails only when malloc does.
        handle = yajl_alloc(YAJLParser.callbacks, nil, Unmanaged.passUnretained(self).toOpaque())!
    }

    deinit { yajl_free(handle) }

    /// Starts over for a new document (yajl has no reset: the handle is replaced).
    func restart() {
        lastSignificantByte = nil
        surrogateScan = SurrogateEscapeScan()
        fusedEscapes.removeAll(keepingCapacity: true)
        nextFusedEscape = 0
        bufferStart = 0
        bytesParsed = 0
        yajl_free(handle)
        handle = yajl_alloc(YAJLParser.callbacks, nil, Unmanaged.passUnretained(self).toOpaque())!
    }

    /// Offset in the buffer being parsed just past the token last reported; inside a callback this locates the event.
    var bytesConsumed: Int { Int(yajl_get_bytes_consumed(handle)) }

    /// Finds the pairs of escapes yajl would fuse into a wrong character (`\uD842\u82B3`) before yajl reads them.
    private var surrogateScan = SurrogateEscapeScan()
    /// The fused pairs found and not yet met in a string; `nextFusedEscape` is the first not yet met.
    private var fusedEscapes: [FusedSurrogateEscape] = []
    private var nextFusedEscape = 0
    /// The offset, counted since `restart`, of the buffer being parsed, and of the end of the buffers parsed.
    private var bufferStart = 0
    private var bytesParsed = 0

    /// The last byte other than JSON whitespace in the buffers parsed before the current one (since `restart`), so
    /// that a comma at the end of one buffer still explains a `}` or `]` that starts the next.
    private var lastSignificantByte: UInt8?

    /// Parses the next bytes of the document. A syntax error on a `}` or `]` that follows a comma (whitespace
    /// between them) says it looks like a trailing comma, which JSON does not allow (`{"a": "b",}`, `[{…},⏎]`).
    func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Status {
        bufferStart = bytesParsed
        bytesParsed += bytes.count
        let fused = surrogateScan.scan(bytes, origin: bufferStart)
        if !fused.isEmpty {
            if nextFusedEscape == fusedEscapes.count { fusedEscapes.removeAll(keepingCapacity: true); nextFusedEscape = 0 }
            fusedEscapes += fused
        }
        let status = parseBuffer(bytes)
        if case .error(let message, let offset) = status, offset < bytes.count,
           bytes[offset] == UInt8(ascii: "}") || bytes[offset] == UInt8(ascii: "]"),
           (YAJLParser.significantByte(in: bytes, before: offset) ?? lastSignificantByte) == UInt8(ascii: ",") {
            let closer = bytes[offset] == UInt8(ascii: "}") ? "}" : "]"
            return .error(message: "\(message); this looks like a trailing comma (a comma before \(closer)), which JSON does not allow",
                          offset: offset)
        }
        if let last = YAJLParser.significantByte(in: bytes, before: bytes.count) { lastSignificantByte = last }
        return status
    }

    /// The last byte of `bytes[..<end]` that is not JSON whitespace (space, tab, CR, LF), or nil.
    private static func significantByte(in bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> UInt8? {
        var index = end - 1
        while index >= 0 {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index -= 1
            default: return bytes[index]
            }
        }
        return nil
    }

    private func parseBuffer(_ bytes: UnsafeBufferPointer<UInt8>) -> Status {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return .ok }
        guard let lenient = YAJLParser.firstFormFeedOrVerticalTab(in: bytes) else {
            return status(yajl_parse(handle, base, bytes.count))
        }
        let before = lenient > 0 ? status(yajl_parse(handle, base, lenient)) : .ok
        guard before == .ok else { return before }
        let name = bytes[lenient] == 0x0C ? "form feed" : "vertical tab"
        return .error(message: "lexical error: \(name) is not JSON whitespace and must be escaped in a string", offset: lenient)
    }

    private static func firstFormFeedOrVerticalTab(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var end = bytes.count
        for byte: Int32 in [0x0C, 0x0B] {
            if let found = memchr(base, byte, end) {
                end = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            }
        }
        return end < bytes.count ? end : nil
    }

    /// Ends the document: an unfinished value is a "premature EOF" error.
    func complete() -> Status { status(yajl_complete_parse(handle)) }

    private func status(_ status: yajl_status) -> Status {
        switch status {
        case yajl_status_ok: return .ok
        case yajl_status_client_canceled: return .cancelled
        default:
            var message = "JSON syntax error"
            if let text = yajl_get_error(handle, 0, nil, 0) {
                message = String(cString: text).split(whereSeparator: \.isNewline)
                    .joined(separator: " ").trimmingCharacters(in: .whitespaces)
                yajl_free_error(handle, text)
            }
            // yajl stops just past a token the grammar refuses ("parse error") or a character no token may start
            // with, and on the offending byte for other lexical errors ("malformed number", "invalid string").
            let pastIt = message.hasPrefix("parse error") || message.contains("invalid char in json text")
            return .error(message: message, offset: max(bytesConsumed - (pastIt ? 1 : 0), 0))
        }
    }

    private static func deliver(_ context: UnsafeMutableRawPointer?, _ event: JSONEvent) -> Int32 {
        guard let context else { return 0 }
        // Borrowed, not retained: yajl calls back only from inside `parse` and `complete`, which hold the parser.
        return Unmanaged<YAJLParser>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.deliverEvent(event) } ? 1 : 0
    }

    /// Hands a string or key to the handler; when it holds a pair of escapes yajl fused into one wrong character
    /// (`\uD842\u82B3` read as U+20AB3), the text handed is what the source wrote, the high surrogate as bytes that
    /// are not UTF-8, so that the record is refused as for a lone surrogate escape instead of carrying the character.
    private static func deliverText(_ context: UnsafeMutableRawPointer?, _ text: UnsafeBufferPointer<UInt8>, isKey: Bool) -> Int32 {
        guard let context else { return 0 }
        return Unmanaged<YAJLParser>.fromOpaque(context)._withUnsafeGuaranteedRef { parser in
            let event: (UnsafeBufferPointer<UInt8>) -> JSONEvent = { isKey ? .key($0) : .string($0) }
            guard parser.nextFusedEscape < parser.fusedEscapes.count else { return parser.deliverEvent(event(text)) }
            // yajl reports a string once it has read its closing quote: the pairs before that quote are in it.
            let end = parser.bufferStart + parser.bytesConsumed
            var last = parser.nextFusedEscape
            while last < parser.fusedEscapes.count, parser.fusedEscapes[last].position < end { last += 1 }
            guard last > parser.nextFusedEscape else { return parser.deliverEvent(event(text)) }
            let unfused = FusedSurrogateEscape.unfused(text, parser.fusedEscapes[parser.nextFusedEscape..<last])
            parser.nextFusedEscape = last
            return unfused.withUnsafeBufferPointer { parser.deliverEvent(event($0)) }
        } ? 1 : 0
    }

    private static func buffer(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count)
    }

    /// yajl keeps a pointer to its callbacks for the life of each handle: one table, allocated once, never freed.
    private static let callbacks: UnsafeMutablePointer<yajl_callbacks> = {
        let table = UnsafeMutablePointer<yajl_callbacks>.allocate(capacity: 1)
        table.initialize(to: yajl_callbacks(
            yajl_null: { deliver($0, .null) },
            yajl_boolean: { deliver($0, .boolean($1 != 0)) },
            yajl_integer: nil,
            yajl_double: nil,
            yajl_number: { context, text, count in
                deliver(context, .number(buffer(UnsafeRawPointer(text)?.assumingMemoryBound(to: UInt8.self), count)))
            },
            yajl_string: { deliverText($0, buffer($1, $2), isKey: false) },
            yajl_start_map: { deliver($0, .startObject) },
            yajl_map_key: { deliverText($0, buffer($1, $2), isKey: true) },
            yajl_end_map: { deliver($0, .endObject) },
            yajl_start_array: { deliver($0, .startArray) },
            yajl_end_array: { deliver($0, .endArray) }))
        return table
    }()
}

import Foundation
