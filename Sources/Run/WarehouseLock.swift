import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock beside the warehouse (`<warehouse>.lock`, flock), so two runs never write it at once.
///
/// The kernel drops a flock when its process dies, so a lock left by a killed run never blocks the next night.
/// The file records the holder's pid and start time for the message the second run prints.
public final class WarehouseLock {
    private let descriptor: Int32

    init(warehouse: String) throws {
        let path = warehouse + ".lock"
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        let fd = open(path, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw RunFailure(exitCode: 1, "\(path): cannot open lock file: \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let note = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw RunFailure(exitCode: 4, "\(warehouse): \(WarehouseLock.holder(note: note)); nothing was done")
        }
        ftruncate(fd, 0)
        let formatter = ISO8601DateFormatter()
        let note = "pid \(getpid()) since \(formatter.string(from: Date()))\n"
        _ = note.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
    }

    /// Whether a process holds the lock of `warehouse` now (a run under way). False when there is no lock file or
    /// it cannot be opened. Takes no lock that outlives the call.
    public static func isHeld(warehouse: String) -> Bool {
        let fd = open(warehouse + ".lock", O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_SH | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(fd, LOCK_UN)
        return false
    }

    /// Who holds the lock, from the note the last Rongtong run wrote: that run while its pid is alive, else
    /// some other process (a backup or a hand-run tool holding `flock` on the file).
    static func holder(note: String) -> String {
        let pid = note.split(separator: " ").dropFirst().first.flatMap { Int32($0) }
        if let pid, pid > 0, kill(pid, 0) == 0 || errno == EPERM {
            return "another run holds the lock (\(note))"
        }
        let last = note.isEmpty ? "" : "; the last Rongtong run to take it was \(note), which has ended"
        return "another process holds the lock file\(last)"
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
