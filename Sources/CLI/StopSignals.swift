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
///
/// Installed as the first thing `run` does, before the pipeline file is read: a stop before the run recorded its
/// `etl_run` row (`runRecorded` still false) says so, `stopped by SIGTERM before the run started; nothing was
/// committed and no run was recorded`. Such a run leaves nothing for the next run to record as interrupted.
enum StopSignals {
    /// Installs the handlers; `json` makes the line a JSON object like the other lines of `--log-format json`.
    /// `metrics`: the metrics file and the pipeline's name, when the run writes one. Called again once the pipeline
    /// file is read, to prepare the metrics: the stop signals are blocked meanwhile, so that a handler never reads
    /// them half prepared (a signal arriving then is delivered once they are ready).
    static func install(json: Bool, metrics: (path: String, pipeline: String)? = nil) {
        var stops = sigset_t(), previous = sigset_t()
        sigemptyset(&stops)
        for number in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&stops, number) }
        pthread_sigmask(SIG_BLOCK, &stops, &previous)
        if let metrics { StoppedMetrics.prepare(path: metrics.path, pipeline: metrics.pipeline) }
        // What the handler reads is initialized here, not lazily inside it: a first use allocates, and an
        // allocation interrupting another (in the first moments, with one thread, malloc takes no lock) corrupts
        // the heap.
        StoppedMetrics.initialize()
        _ = runRecorded
        let handler: @convention(c) (Int32) -> Void = json ? stoppedJSON : stoppedText
        for number in [SIGTERM, SIGINT, SIGHUP] {
            _ = signal(number, handler)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }

    /// Called just before the run records its `etl_run` row: from then on a stop leaves a `running` run that the
    /// next run records as interrupted, and the line says the unfinished stage is not committed.
    static func runIsBeingRecorded() {
        runRecorded = 1
    }

    /// 0 until `runIsBeingRecorded`; read by the signal handler (a plain word, set once).
    nonisolated(unsafe) static var runRecorded: Int32 = 0
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

    /// Touches every static the handler reads, so that none is first initialized inside it.
    static func initialize() {
        _ = texts.isEmpty
        _ = temporaryPath
        _ = finalPath
    }

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
    if StopSignals.runRecorded == 0 {
        switch number {
        case SIGTERM: stop("rongtong: stopped by SIGTERM before the run started; nothing was committed and no run was recorded\n", number)
        case SIGINT: stop("rongtong: stopped by SIGINT before the run started; nothing was committed and no run was recorded\n", number)
        case SIGHUP: stop("rongtong: stopped by SIGHUP before the run started; nothing was committed and no run was recorded\n", number)
        default: stop("rongtong: stopped by a signal before the run started; nothing was committed and no run was recorded\n", number)
        }
    }
    switch number {
    case SIGTERM: stop("rongtong: stopped by SIGTERM; the unfinished stage is not committed, the next run picks up where this one stopped\n", number)
    case SIGINT: stop("rongtong: stopped by SIGINT; the unfinished stage is not committed, the next run picks up where this one stopped\n", number)
    case SIGHUP: stop("rongtong: stopped by SIGHUP; the unfinished stage is not committed, the next run picks up where this one stopped\n", number)
    default: stop("rongtong: stopped by a signal; the unfinished stage is not committed, the next run picks up where this one stopped\n", number)
    }
}

private func stoppedJSON(_ number: Int32) {
    if StopSignals.runRecorded == 0 {
        switch number {
        case SIGTERM: stop(#"{"level":"error","event":"stopped","signal":"SIGTERM","exit_code":143,"run_recorded":false,"message":"stopped by SIGTERM before the run started; nothing was committed and no run was recorded"}\#n"#, number)
        case SIGINT: stop(#"{"level":"error","event":"stopped","signal":"SIGINT","exit_code":130,"run_recorded":false,"message":"stopped by SIGINT before the run started; nothing was committed and no run was recorded"}\#n"#, number)
        case SIGHUP: stop(#"{"level":"error","event":"stopped","signal":"SIGHUP","exit_code":129,"run_recorded":false,"message":"stopped by SIGHUP before the run started; nothing was committed and no run was recorded"}\#n"#, number)
        default: stop(#"{"level":"error","event":"stopped","run_recorded":false,"message":"stopped by a signal before the run started; nothing was committed and no run was recorded"}\#n"#, number)
        }
    }
    switch number {
    case SIGTERM: stop(#"{"level":"error","event":"stopped","signal":"SIGTERM","exit_code":143,"message":"stopped by SIGTERM; the unfinished stage is not committed, the next run picks up where this one stopped"}\#n"#, number)
    case SIGINT: stop(#"{"level":"error","event":"stopped","signal":"SIGINT","exit_code":130,"message":"stopped by SIGINT; the unfinished stage is not committed, the next run picks up where this one stopped"}\#n"#, number)
    case SIGHUP: stop(#"{"level":"error","event":"stopped","signal":"SIGHUP","exit_code":129,"message":"stopped by SIGHUP; the unfinished stage is not committed, the next run picks up where this one stopped"}\#n"#, number)
    default: stop(#"{"level":"error","event":"stopped","message":"stopped by a signal; the unfinished stage is not committed, the next run picks up where this one stopped"}\#n"#, number)
    }
}
