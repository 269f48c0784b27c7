import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The files a source's `path` names (a file or a glob), sorted, so batches are always taken in the same order.
enum SourceFiles {
    static func expand(_ pattern: String) -> [String] {
        guard pattern.contains(where: { "*?[".contains($0) }) else {
            return FileManager.default.fileExists(atPath: pattern) ? [pattern] : []
        }
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        var files: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let path = result.gl_pathv[index] { files.append(String(cString: path)) }
        }
        return files.sorted()
    }

    /// Why `pattern` matched nothing although its files may be there: a folder on its way that cannot be listed or
    /// searched (permission denied, a symbolic link loop, an I/O error), as `folder …: <reason>`, or the file itself
    /// that cannot be looked at; nil when the files are simply missing.
    static func unreachable(_ pattern: String) -> String? {
        func reason() -> String { String(cString: strerror(errno)) }
        let isGlob = pattern.contains(where: { "*?[".contains($0) })
        if isGlob {
            var result = glob_t()
            defer { globfree(&result) }
            guard glob(pattern, GLOB_ERR, nil, &result) == GLOB_ABORTED else { return nil }
        } else {
            var info = stat()
            guard stat(pattern, &info) != 0, errno != ENOENT, errno != ENOTDIR else { return nil }
        }
        let failure = reason()
        // The folder that failed: the first on the way (up to the folder the glob lists, or the file's own folder)
        // that cannot be opened.
        let steps = pattern.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var folder = pattern.hasPrefix("/") ? "" : "."
        for (index, step) in steps.enumerated() where !(index == 0 && step.isEmpty) {
            if let directory = opendir(folder.isEmpty ? "/" : folder) {
                closedir(directory)
            } else {
                // A folder that is not there: the files are missing.
                if errno == ENOENT || errno == ENOTDIR { return nil }
                let shown = folder.hasPrefix("./") ? String(folder.dropFirst(2)) : folder
                return "folder \(shown): \(reason())"
            }
            if step.contains(where: { "*?[".contains($0) }) { break }
            folder = folder.isEmpty ? "/" + step : folder + "/" + step
        }
        // A file that cannot be looked at in folders that open: its own reason. A folder the glob matched on its way
        // failed: it may have gone meanwhile, and nothing proves the files are there.
        return isGlob ? nil : failure
    }

    /// Size, modification time and inode of a file, to notice a file that changes while it is read; nil when gone.
    static func fingerprint(_ path: String) -> FileFingerprint? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileFingerprint(size: Int(info.st_size), seconds: Int(info.st_mtim.tv_sec),
                               nanoseconds: Int(info.st_mtim.tv_nsec), inode: UInt64(info.st_ino))
    }

    struct FileFingerprint: Equatable {
        var size: Int
        var seconds: Int
        var nanoseconds: Int
        var inode: UInt64
    }

    /// SHA-256 (lowercase hex) and size of a file, read in 1 MiB chunks; the digest `prefetchDigests` made of it,
    /// when the file is unchanged since (size, modification time and inode as before and after that reading).
    static func digest(_ path: String) throws -> (sha256: String, bytes: Int) {
        if let prefetched = DigestPrefetch.shared.take(path) { return prefetched }
        return try computeDigest(path)
    }

    /// Starts computing the digests of `paths` in order on a thread of its own, for `digest` to take: a run that
    /// extracts reads each file's SHA-256 before its records, and the first file's (a 100 MB census: about 70 ms)
    /// is then computed while the run opens its warehouse and staging files on the other core.
    static func prefetchDigests(_ paths: [String]) {
        DigestPrefetch.shared.start(paths)
    }

    fileprivate static func digest(uncached path: String) throws -> (sha256: String, bytes: Int) {
        try computeDigest(path)
    }

    private static func computeDigest(_ path: String) throws -> (sha256: String, bytes: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = access(path, R_OK) == 0 ? "" : ": \(String(cString: strerror(errno)))"
            throw RunFailure(exitCode: 1, "\(path): cannot open\(reason)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes = 0
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            bytes += chunk.count
            hasher.update(data: chunk)
        }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return (hex, bytes)
    }
}

/// The digests `SourceFiles.prefetchDigests` computes ahead, each kept with the file's fingerprint before and after
/// it was read, and handed out (once) only while the file's fingerprint is still that: a file changed, replaced or
/// unreadable meanwhile is read again by `digest` itself, which then says why it cannot be read as before.
private final class DigestPrefetch: @unchecked Sendable {
    static let shared = DigestPrefetch()

    private struct Entry {
        var done = false
        var result: (sha256: String, bytes: Int)?
        var fingerprint: SourceFiles.FileFingerprint?
    }

    private let condition = NSCondition()
    private var entries: [String: Entry] = [:]

    func start(_ paths: [String]) {
        let pending = paths.filter { path in
            condition.lock()
            defer { condition.unlock() }
            guard entries[path] == nil else { return false }
            entries[path] = Entry()
            return true
        }
        guard !pending.isEmpty else { return }
        let thread = Thread { [self] in
            for path in pending {
                let before = SourceFiles.fingerprint(path)
                let result = try? SourceFiles.digest(uncached: path)
                let after = SourceFiles.fingerprint(path)
                condition.lock()
                entries[path] = Entry(done: true, result: before != nil && before == after ? result : nil,
                                      fingerprint: before)
                condition.broadcast()
                condition.unlock()
            }
        }
        thread.start()
    }

    /// The digest computed ahead for `path` (waiting for it when under way), if the file is unchanged since; nil
    /// when none was started, or it failed or is stale. Each is handed out once: a later `digest` reads again.
    func take(_ path: String) -> (sha256: String, bytes: Int)? {
        condition.lock()
        defer { condition.unlock() }
        guard entries[path] != nil else { return nil }
        while entries[path]?.done == false { condition.wait() }
        guard let entry = entries.removeValue(forKey: path), let result = entry.result,
              let fingerprint = entry.fingerprint, SourceFiles.fingerprint(path) == fingerprint else { return nil }
        return result
    }
}
