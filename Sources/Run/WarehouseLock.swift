import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock beside the warehouse (`<warehouse>.lock`, flock), so two runs never write it at once.
///
/// The kernel drops a flock when its process dies, so a lock left by a killed run never blocks the next night.
/// The file records the holder's pid and start time for the message the second run prints.
final class WarehouseLock {
    private let descriptor: Int32

    init(warehouse: String) throws {
        let path = warehouse + ".lock"
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        let fd = open(path, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw RunFailure(exitCode: 1, "\(path): cannot open lock file: \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
            close(fd)
            throw RunFailure(exitCode: 4, "\(warehouse): another run holds the lock (\(holder)); nothing was done")
        }
        ftruncate(fd, 0)
        let formatter = ISO8601DateFormatter()
        let note = "pid \(getpid()) since \(formatter.string(from: Date()))\n"
        _ = note.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
