import ArgumentParser
import RongtongExtract

/// `rongtong peek FILE --format F`: the raw records an extractor reads, one JSON object per line.
struct PeekCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peek",
        abstract: "Print the raw records an extractor reads from one file, one JSON object per line.",
        discussion: """
            Keys are the field names as read; values are the text as read (nothing is coerced). \
            Rejected records are reported on stderr with their record and line numbers.

            Example:
              rongtong peek samples/guiyang/grid-households.csv --format csv --encoding gb18030 --limit 3
            """
    )

    @Argument(help: "The file to read.")
    var file: String

    @Option(help: "Input format: csv, xml, json or ndjson.")
    var format: String

    @Option(help: "Text encoding: auto, utf-8, gb18030 or utf-16 (default: the format's).")
    var encoding: String?

    @Option(name: .customLong("record-path"), help: "Where records sit (xml: /root/record; json: data.records[*]).")
    var recordPath: String?

    @Option(help: "Stop after this many records.")
    var limit: Int?

    @Option(name: .customLong("option"), help: "Any other format option as name=value; may be repeated (e.g. delimiter=;).")
    var extraOptions: [String] = []

    func validate() throws {
        guard FormatRegistry.spec(named: format) != nil else {
            throw ValidationError("unknown format \"\(format)\"; known: \(FormatRegistry.all.map(\.name).joined(separator: ", "))")
        }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        var options: [String: String] = [:]
        for pair in extraOptions {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--option takes name=value, got \(pair)") }
            options[parts[0]] = parts[1]
        }
        if let encoding { options["encoding"] = encoding }
        if let recordPath { options["record_path"] = recordPath }
        let cursor: RecordCursor
        do {
            let declared = try FormatRegistry.validate(format: format, options: options).encoding
            if declared == .auto {
                // `auto` decides from the whole file, as `run` does: it is weighed before anything is printed.
                options["encoding"] = try TextEncoding.resolveAuto(file: file).rawValue
            } else if let marked = TextEncoding.byteOrderMarkEncoding(file: file) {
                // A byte order mark wins over a declared encoding, as in `run`.
                options["encoding"] = marked.rawValue
            }
            cursor = try FormatRegistry.makeCursor(file: file, format: format, options: options)
        } catch let error as OptionError {
            StandardError.line("\(file): \(error)")
            throw ExitCode(2)
        } catch let error as ExtractError {
            StandardError.line(error.description)
            throw ExitCode(1)
        }
        let writer = JSONObjectWriter()
        var printed = 0
        var rejected = 0
        var output = ""
        do {
            while limit.map({ printed < $0 }) ?? true {
                guard let item = try cursor.next() else { break }
                switch item {
                case .record(let record):
                    output += writer.object(record.fields)
                    output += "\n"
                    printed += 1
                    if output.utf8.count > 1 << 16 {
                        Swift.print(output, terminator: "")
                        output = ""
                    }
                case .rejected(let problem):
                    rejected += 1
                    let location = problem.line.map { "\(file):\($0)" } ?? file
                    StandardError.line("\(location): record \(problem.number): \(problem.field.map { "\($0): " } ?? "")\(problem.message) [\(problem.rule)]")
                }
            }
        } catch let error as ExtractError {
            Swift.print(output, terminator: "")
            StandardError.line(error.description)
            throw ExitCode(1)
        }
        Swift.print(output, terminator: "")
    }
}
