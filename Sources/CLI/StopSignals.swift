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
/// (`Warehouse.markInterruptedRuns`). A metrics file (`--metrics-file`) is not written; the next run writes it.
enum StopSignals {
    /// Installs the handlers; `json` makes the line a JSON object like the other lines of `--log-format json`.
    static func install(json: Bool) {
        let handler: @convention(c) (Int32) -> Void = json ? stoppedJSON : stoppedText
        for number in [SIGTERM, SIGINT, SIGHUP] {
            _ = signal(number, handler)
        }
    }
}

/// Writes a compile-time constant line to stderr and ends the process: safe inside a signal handler.
private func stop(_ line: StaticString, _ number: Int32) -> Never {
    _ = write(2, line.utf8Start, line.utf8CodeUnitCount)
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
