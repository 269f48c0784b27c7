import ArgumentParser
import Logging

/// Options every command that runs stages shares: how loud to be, and in which log format.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "On success, print only warnings about data that may be lost (cron then mails only those and failures); validate still writes a json or junit report whole.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log each file and batch as it is processed.")
    var verbose = false

    @Option(name: .customLong("log-format"), help: "Log lines as text or json (one JSON object per line).")
    var logFormat: LogFormat = .text

    enum LogFormat: String, ExpressibleByArgument {
        case text, json
    }

    /// A logger writing to stderr: info and up with --verbose, warnings and up otherwise, errors only with --quiet.
    func makeLogger() -> Logger {
        let format = logFormat
        var logger = Logger(label: "rongtong") { label in
            format == .json ? JSONLogHandler(label: label) as LogHandler : StreamLogHandler.standardError(label: label)
        }
        logger.logLevel = quiet ? .error : (verbose ? .info : .warning)
        return logger
    }
}
