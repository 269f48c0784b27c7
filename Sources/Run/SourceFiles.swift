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

    /// SHA-256 (lowercase hex) and size of a file, read in 1 MiB chunks.
    static func digest(_ path: String) throws -> (sha256: String, bytes: Int) {
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
