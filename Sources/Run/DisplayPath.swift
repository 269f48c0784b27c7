import Foundation

/// Paths as people typed them: relative to the working directory when under it, absolute otherwise.
public enum DisplayPath {
    public static func of(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
