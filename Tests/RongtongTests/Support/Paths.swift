import Foundation

/// Where tests find their inputs: the project's own fixtures, samples and the shared conformance suites.
enum TestPaths {
    /// The project root (the folder holding Package.swift).
    static let projectRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/RongtongTests/Fixtures/<relative>` (read in place, not from the bundle, so paths in errors are readable).
    static func fixture(_ relative: String) -> String {
        projectRoot.appendingPathComponent("Tests/RongtongTests/Fixtures").appendingPathComponent(relative).path
    }

    static func sample(_ relative: String) -> String {
        projectRoot.appendingPathComponent("samples").appendingPathComponent(relative).path
    }

    /// `../shared/conformance/<relative>`, used in place as the suites' README asks. A checkout that does not sit
    /// beside `shared/` can point at it with RONGTONG_SHARED; /work/shared is the workplace's own copy.
    static func conformance(_ relative: String) -> String {
        let candidates = [ProcessInfo.processInfo.environment["RONGTONG_SHARED"].map { URL(fileURLWithPath: $0) },
                          projectRoot.deletingLastPathComponent().appendingPathComponent("shared"),
                          URL(fileURLWithPath: "/work/shared")].compactMap { $0 }
        let shared = candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("conformance").path) }
            ?? candidates[candidates.count - 2]
        return shared.appendingPathComponent("conformance").appendingPathComponent(relative).path
    }

    /// A fresh empty folder for one test's files.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("rongtong-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
