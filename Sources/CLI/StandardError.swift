import Foundation
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

    /// A file error in a few words (`Permission denied`, `No such file or directory`) instead of Foundation's
    /// dump of its error domain and user info.
    static func reason(_ error: Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        return error.localizedDescription
    }
}
