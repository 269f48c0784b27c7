import CYAJL

/// Writes flat JSON objects (`{"name":"value",…}`) with yajl's generator: used for `peek` output and for
/// the staged form of raw records.
///
/// One writer is reused for many objects; it is not thread-safe.
public final class JSONObjectWriter {
    private let generator: yajl_gen

    public init() {
        // yajl_gen_alloc only fails when malloc does.
        generator = yajl_gen_alloc(nil)!
    }

    deinit { yajl_gen_free(generator) }

    /// The JSON text of an object holding `fields` in order, all values as strings.
    public func object(_ fields: [RawField]) -> String {
        yajl_gen_reset(generator, nil)
        yajl_gen_clear(generator)
        yajl_gen_map_open(generator)
        for field in fields {
            string(field.name)
            string(field.value)
        }
        yajl_gen_map_close(generator)
        return takeBuffer()
    }

    /// Appends to `text` the JSON text of an object holding `fields` in order (the bytes `object` returns).
    public func append(_ fields: [RawField], to text: inout [UInt8]) {
        beginObject()
        for field in fields {
            string(field.name)
            string(field.value)
        }
        endObject(appendingTo: &text)
    }

    /// Starts an object written string by string: a name, its value, the next name… (`string(_:)` with bytes),
    /// ended by `endObject(appendingTo:)`.
    public func beginObject() {
        yajl_gen_reset(generator, nil)
        yajl_gen_clear(generator)
        yajl_gen_map_open(generator)
    }

    /// Writes a string (a name or a value of the object begun) from its UTF-8 bytes.
    public func string(_ bytes: UnsafeBufferPointer<UInt8>) {
        _ = yajl_gen_string(generator, bytes.baseAddress ?? UnsafePointer(bitPattern: 1), bytes.count)
    }

    /// Closes the object begun with `beginObject` and appends its JSON text to `text`.
    public func endObject(appendingTo text: inout [UInt8]) {
        yajl_gen_map_close(generator)
        var buffer: UnsafePointer<UInt8>?
        var length = 0
        yajl_gen_get_buf(generator, &buffer, &length)
        guard let buffer else { return }
        text.append(contentsOf: UnsafeBufferPointer(start: buffer, count: length))
    }

    /// The JSON text of an array of strings.
    public func array(_ values: [String]) -> String {
        yajl_gen_reset(generator, nil)
        yajl_gen_clear(generator)
        yajl_gen_array_open(generator)
        for value in values { string(value) }
        yajl_gen_array_close(generator)
        return takeBuffer()
    }

    private func string(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = yajl_gen_string(generator, bytes.baseAddress ?? UnsafePointer(bitPattern: 1), bytes.count)
        }
    }

    private func takeBuffer() -> String {
        var buffer: UnsafePointer<UInt8>?
        var length = 0
        yajl_gen_get_buf(generator, &buffer, &length)
        guard let buffer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: buffer, count: length), as: UTF8.self)
    }
}
