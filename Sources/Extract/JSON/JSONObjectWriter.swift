import CYAJL

/// Writes flat JSON objects (`{"name":"value",…}`) with yajl's generator: used for `peek` output and for
/// the staged form of raw records.
///
/// One writer is reused for many objects; it is not thread-safe.
public final class JSONObjectWriter {
    private let generator: yajl_gen
    /// The generator of the values of objects of `RepeatedNames`: an array opened once with one element, after
    /// which each string it writes is `,` and the string. Its buffer is emptied before each value.
    private let valueGenerator: yajl_gen
    /// The JSON text of the object of `RepeatedNames` being written: `recordCount` bytes of `recordCapacity`.
    private var record: UnsafeMutablePointer<UInt8>
    private var recordCount = 0
    private var recordCapacity = 4096

    public init() {
        // yajl_gen_alloc only fails when malloc does.
        generator = yajl_gen_alloc(nil)!
        valueGenerator = yajl_gen_alloc(nil)!
        yajl_gen_array_open(valueGenerator)
        _ = yajl_gen_string(valueGenerator, UnsafePointer(bitPattern: 1), 0)
        record = .allocate(capacity: recordCapacity)
    }

    deinit {
        yajl_gen_free(generator)
        yajl_gen_free(valueGenerator)
        record.deallocate()
    }

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
        appendWritten(to: &text)
    }

    /// Starts an array written string by string (`string(_:)` with bytes), ended by `endArray(appendingTo:)`: the
    /// bytes `array(_:)` returns for the same strings.
    public func beginArray() {
        yajl_gen_reset(generator, nil)
        yajl_gen_clear(generator)
        yajl_gen_array_open(generator)
    }

    /// Closes the array begun with `beginArray` and appends its JSON text to `text`.
    public func endArray(appendingTo text: inout [UInt8]) {
        yajl_gen_array_close(generator)
        appendWritten(to: &text)
    }

    /// Appends the JSON text the generator holds (since its last reset) to `text`.
    private func appendWritten(to text: inout [UInt8]) {
        var buffer: UnsafePointer<UInt8>?
        var length = 0
        yajl_gen_get_buf(generator, &buffer, &length)
        guard let buffer else { return }
        text.append(contentsOf: UnsafeBufferPointer(start: buffer, count: length))
    }

    /// The names of objects written many times with the same names in the same order (a CSV file's header), as
    /// yajl's generator writes them: the opening brace, each name with the separators yajl puts before it and
    /// after it (`"户主姓名":`, then `,"身份证号":`, …), and the closing brace, written by yajl once when the names
    /// are known. An object of them (`beginObject(of:)`, `append(name:of:value:)`, `endObject(of:appendingTo:)`)
    /// then costs yajl only its values, and is byte for byte what `beginObject()`, `string` for each name and
    /// value, and `endObject(appendingTo:)` write: yajl escapes the names here and the values there, nothing else
    /// does.
    public final class RepeatedNames {
        /// yajl's text for the names one after another: the opening brace up to `opening`, then name `i`'s part
        /// (with its separators) up to `ends[i]`, then the closing brace up to `count`.
        fileprivate let text: UnsafeMutablePointer<UInt8>
        fileprivate let textCount: Int
        fileprivate let opening: Int
        fileprivate let ends: UnsafeMutablePointer<Int>
        /// How many names.
        public let count: Int

        /// Writes `names` once with a generator of its own: an object of them whose values are all empty, cut where
        /// each name's part ends (before the `""` of its value).
        public init(_ names: [String]) {
            let generator = yajl_gen_alloc(nil)!
            defer { yajl_gen_free(generator) }
            var text: [UInt8] = []
            // Appends what yajl wrote since the last call, less its last `dropping` bytes, and empties its buffer.
            func take(dropping: Int = 0) {
                var buffer: UnsafePointer<UInt8>?
                var length = 0
                yajl_gen_get_buf(generator, &buffer, &length)
                text.append(contentsOf: UnsafeBufferPointer(start: buffer, count: length - dropping))
                yajl_gen_clear(generator)
            }
            yajl_gen_map_open(generator)
            take()
            opening = text.count
            var ends: [Int] = []
            ends.reserveCapacity(names.count)
            for name in names {
                var name = name
                name.withUTF8 { bytes in
                    _ = yajl_gen_string(generator, bytes.baseAddress ?? UnsafePointer(bitPattern: 1), bytes.count)
                }
                // An empty value, for the separator yajl writes before a value (`:`): kept, its `""` dropped.
                _ = yajl_gen_string(generator, UnsafePointer(bitPattern: 1), 0)
                take(dropping: 2)
                ends.append(text.count)
            }
            yajl_gen_map_close(generator)
            take()
            count = ends.count
            textCount = text.count
            self.text = .allocate(capacity: max(text.count, 1))
            self.text.initialize(from: text, count: text.count)
            self.ends = .allocate(capacity: max(ends.count, 1))
            self.ends.initialize(from: ends, count: ends.count)
        }

        deinit {
            text.deallocate()
            ends.deallocate()
        }
    }

    /// Starts an object of `names` (its JSON text in `record` until `endObject(of:appendingTo:)`).
    @inline(__always)
    public func beginObject(of names: RepeatedNames) {
        recordCount = 0
        write(names.text, count: names.opening)
    }

    /// Writes name `index` of `names` with its separators, then `value` as yajl's generator writes a string.
    @inline(__always)
    public func append(name index: Int, of names: RepeatedNames, value: UnsafeBufferPointer<UInt8>) {
        let start = index == 0 ? names.opening : names.ends[index - 1]
        write(names.text + start, count: names.ends[index] - start)
        // The value generator is inside an array: yajl writes `,` and the value, quoted and escaped.
        yajl_gen_clear(valueGenerator)
        _ = yajl_gen_string(valueGenerator, value.baseAddress ?? UnsafePointer(bitPattern: 1), value.count)
        var buffer: UnsafePointer<UInt8>?
        var length = 0
        yajl_gen_get_buf(valueGenerator, &buffer, &length)
        if let buffer, length > 1 { write(buffer + 1, count: length - 1) }
    }

    /// Ends the object of `names` begun with `beginObject(of:)` and appends its JSON text to `text`.
    @inline(__always)
    public func endObject(of names: RepeatedNames, appendingTo text: inout [UInt8]) {
        let last = names.count == 0 ? names.opening : names.ends[names.count - 1]
        write(names.text + last, count: names.textCount - last)
        text.append(contentsOf: UnsafeBufferPointer(start: record, count: recordCount))
    }

    /// Copies `count` bytes to the end of `record`, growing it when they do not fit.
    @inline(__always)
    private func write(_ bytes: UnsafePointer<UInt8>, count: Int) {
        if recordCount + count > recordCapacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(recordCapacity * 2, recordCount + count))
            grown.update(from: record, count: recordCount)
            record.deallocate()
            record = grown
            recordCapacity = max(recordCapacity * 2, recordCount + count)
        }
        (record + recordCount).update(from: bytes, count: count)
        recordCount += count
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
