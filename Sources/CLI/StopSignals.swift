import Foundation
import RongtongRun
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `rongtong run` does on SIGTERM (systemd stopping the service), SIGINT (Ctrl-C) and SIGHUP (the terminal
/// closed): one line on stderr, then exit 128 + the signal's number (143, 130, 129), as a shell reports it.
///
/// The handler only writes a constant line with `write(2)` and calls `_exit`, which are async-signal-safe: no SQLite,
/// no allocation. The open transaction is simply not committed (SQLite rolls it back when the next run opens the
/// file), the kernel drops the warehouse lock, and the next run records this one as `interrupted`
/// (`Warehouse.markInterruptedRuns`). With `--metrics-file`, the handler also writes the metrics of a stopped run
/// (`MetricsFile.stoppedText`, prepared before the run: last run failed, exit code 143/130/129, the time of the
/// stop), with `open`, `write` and `rename` only, so an alert on the exit code fires that night.
enum StopSignals {
    /// Installs the handlers; `json` makes the line a JSON object like the other lines of `--log-format json`.
    /// `metrics`: the metrics file and the pipeline's name, when the run writes one.
    static func install(json: Bool, metrics: (path: String, pipeline: String)? = nil) {
        if let metrics { StoppedMetrics.prepare(path: metrics.path, pipeline: metrics.pipeline) }
        let handler: @convention(c) (Int32) -> Void = json ? stoppedJSON : stoppedText
        for number in [SIGTERM, SIGINT, SIGHUP] {
            _ = signal(number, handler)
        }
    }
}

/// The bytes a signal handler writes as the metrics file: one text per signal, its stop time still to fill in,
/// and the file names as C strings. Prepared once before the run; read only by the handler.
private enum StoppedMetrics {
    struct Prepared {
        var text: UnsafeMutableBufferPointer<UInt8>
        var timeOffset: Int
    }
    static var texts: [Int32: Prepared] = [:]
    static var temporaryPath: UnsafeMutablePointer<CChar>?
    static var finalPath: UnsafeMutablePointer<CChar>?

    static func prepare(path: String, pipeline: String) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).stopped.tmp")
        temporaryPath = strdup(temporary.path)
        finalPath = strdup(url.path)
        for number in [SIGTERM, SIGINT, SIGHUP] {
            let text = Array(MetricsFile.stoppedText(pipeline: pipeline, exitCode: 128 + number, startedAt: Date(), path: path).utf8)
            let placeholder = Array(MetricsFile.stopTimePlaceholder.utf8)
            guard let offset = (0...(text.count - placeholder.count)).first(where: { text[$0..<($0 + placeholder.count)].elementsEqual(placeholder) })
            else { continue }
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.count)
            _ = buffer.initialize(from: text)
            texts[number] = Prepared(text: buffer, timeOffset: offset)
        }
    }

    /// Inside the signal handler: fills in the time and writes the file (temporary, then renamed). Only
    /// async-signal-safe calls (`time`, `open`, `write`, `close`, `rename`); nothing allocated.
    static func write(_ number: Int32) {
        guard let prepared = texts[number], let temporaryPath, let finalPath else { return }
        var now = Int(time(nil))
        for index in stride(from: prepared.timeOffset + 9, through: prepared.timeOffset, by: -1) {
            prepared.text[index] = UInt8(48 + now % 10)
            now /= 10
        }
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return }
        var written = 0
        while written < prepared.text.count {
            let count = Glibc.write(fd, prepared.text.baseAddress! + written, prepared.text.count - written)
            if count <= 0 { break }
            written += count
        }
        close(fd)
        if written == prepared.text.count { rename(temporaryPath, finalPath) } else { unlink(temporaryPath) }
    }
}

/// Writes a compile-time constant line to stderr, the stopped run's metrics if any, and ends the process: safe
/// inside a signal handler.
private func stop(_ line: StaticString, _ number: Int32) -> Never {
    _ = write(2, line.utf8Start, line.utf8CodeUnitCount)
    StoppedMetrics.write(number)
    _exit(128 + number)
}

private func stoppedText(_ number: Int32) {
    switch number {
    case SIGTERM: stop("rongtong: stopped by SIGTERM; the unfinished stage is not committed, the next run picks up where this one stopped\n", number)
    case SIGINT: stop("rongtong: stopped by SIGINT; the unfinished stage is not committed, the next run picks up where this one stopped\n", number)
    case SIGHUP: stop("rongtong: stopped by SIGHUP; the unfinished stage is not committed, the next run picks up where this one stopped\n", number)
    default: stop("rongtong: stopped by a signal; the unfinished stage is not committed, the next run picks up where this one stopped\n", number)
    }
}

private func stoppedJSON(_ number: Int32) {
    switch number {
    case SIGTERM: stop(#"{"level":"error","event":"stopped","signal":"SIGTERM","exit_code":143,"message":"stopped by SIGTERM; the unfinished stage is not committed, the next run picks up where this one stopped"}\#n"#, number)
    case SIGINT: stop(#"{"level":"error","event":"stopped","signal":"SIGINT","exit_code":130,"message":"stopped by SIGINT; the unfinished stage is not committed, the next run picks up where this one stopped"}\#n"#, number)
    case SIGHUP: stop(#"{"level":"error","event":"stopped","signal":"SIGHUP","exit_code":129,"message":"stopped by SIGHUP; the unfinished stage is not committed, the next run picks up where this one stopped"}\#n"#, number)
    default: stop(#"{"level":"error","event":"stopped","message":"stopped by a signal; the unfinished stage is not committed, the next run picks up where this one stopped"}\#n"#, number)
    }
}
