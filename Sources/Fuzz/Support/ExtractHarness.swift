// Shared by the libFuzzer targets under Sources/Fuzz (built only with RONGTONG_FUZZ=1, see the end of Package.swift).
// Tests/RongtongTests/Extract/FuzzRegressionTests.swift replays the fixtures with the same option sets: keep the
// two in step when an option set changes here.
import Foundation
import RongtongExtract

/// Drives one extractor over a fuzz input the way the extract stage does: the input is written to a file, a cursor
/// is opened with each option set in turn, every item is read, and `NotUTF8` under `encoding: auto` re-reads the file
/// as UTF-8 or GB18030, by its `UTF8Evidence`. Thrown errors are the expected outcome for broken input; only crashes, hangs and leaks are findings.
public enum ExtractHarness {
    /// Option sets per format: the sample pipeline's configuration first, then a deliberately different one (other
    /// dialect, encoding and a small `max_field_bytes`, so the limit path is reachable with small inputs).
    public static let optionSets: [String: [[String: String]]] = [
        "csv": [
            [:],
            ["delimiter": ";", "quote": "'", "header": "false", "skip_rows": "1", "encoding": "utf-16",
             "max_field_bytes": "64"],
        ],
        "xml": [
            ["record_path": "/户籍信息/户", "repeated": "成员列表/成员"],
            ["record_path": "*/*", "encoding": "utf-8", "max_field_bytes": "64"],
        ],
        "json": [
            ["record_path": "data.records[*]"],
            ["record_path": "$", "encoding": "auto", "max_field_bytes": "64"],
        ],
        "ndjson": [
            [:],
            ["encoding": "auto", "max_field_bytes": "64"],
        ],
    ]

    /// A private folder for this process's input file (`-jobs` runs separate processes, each with its own folder),
    /// on tmpfs when there is one: the file is rewritten for every input.
    private static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        let path = base + "rongtong-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: ExtractHarness.folder) }
        return path
    }()

    /// Writes `data` to `file` with plain POSIX calls (FileManager's atomic write fsyncs, 10 ms per input).
    public static func write(_ data: UnsafeRawBufferPointer, to file: String) -> Bool {
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var offset = 0
        while offset < data.count {
            let written = Foundation.write(fd, data.baseAddress! + offset, data.count - offset)
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Runs `data` through every option set of `format`; returns the number of items read.
    @discardableResult
    public static func run(_ data: UnsafeRawBufferPointer, format: String) -> Int {
        let file = folder + "/input." + format
        guard write(data, to: file) else { return 0 }
        var items = 0
        for options in optionSets[format] ?? [[:]] {
            items += drain(file: file, format: format, options: options)
        }
        return items
    }

    /// Reads every item of `file`, following a byte order mark and, on `NotUTF8` when the encoding is `auto`,
    /// re-reading as UTF-8 or GB18030 by the file's `UTF8Evidence`, as ExtractStage does.
    public static func drain(file: String, format: String, options: [String: String]) -> Int {
        var options = options
        // The format's own default when the option set names none (json and ndjson default to utf-8).
        options["encoding"] = (try? FormatRegistry.validate(format: format, options: options))?.encoding.rawValue
            ?? options["encoding"] ?? "auto"
        if options["encoding"] == TextEncoding.auto.rawValue, let marked = TextEncoding.byteOrderMarkEncoding(file: file) {
            options["encoding"] = marked.rawValue
        }
        var items = 0
        while true {
            do {
                let cursor = try FormatRegistry.makeCursor(file: file, format: format, options: options)
                while let item = try cursor.next() {
                    items += 1
                    switch item {
                    case .record(let record):
                        // Touch every string so lazily built values are materialized.
                        for field in record.fields { items &+= (field.name.utf8.count &+ field.value.utf8.count) & 1 }
                    case .rejected(let problem):
                        items &+= problem.message.utf8.count & 1
                    }
                }
                _ = cursor.declaredFieldNames
                return items
            } catch is NotUTF8 where options["encoding"] == TextEncoding.auto.rawValue {
                let mostlyUTF8 = (try? UTF8Evidence.weigh(file: file))?.isMostlyUTF8 ?? false
                options["encoding"] = (mostlyUTF8 ? TextEncoding.utf8 : TextEncoding.gb18030).rawValue
            } catch {
                return items
            }
        }
    }
}
