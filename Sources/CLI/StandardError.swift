#if canImport(Glibc)
import Glibc
#endif

/// Writes lines to file descriptor 2 (Swift 6 forbids touching the global `stderr` from any actor).
enum StandardError {
    static func line(_ text: String) {
        let line = text + "\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    static var isTerminal: Bool { isatty(2) == 1 }
}
