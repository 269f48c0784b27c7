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
            throw RunFailure(exitCode: 1, "\(path): cannot open")
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
