import Foundation
import GRDB

/// Runs the built `rongtong` executable as a user would, capturing exit code, stdout and stderr.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Rongtong {
    /// `.build/<config>/rongtong`, built alongside the tests.
    static var executable: URL {
        Bundle.main.bundleURL.appendingPathComponent("rongtong")
    }

    /// `launcher`: a command that runs the binary for the test (`setpriv --reuid=65534 …` to run it as another
    /// user), the binary's path and `arguments` following it.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], currentDirectory: URL? = nil,
                    launcher: [String] = []) throws -> CommandResult {
        let process = Process()
        if let first = launcher.first {
            process.executableURL = URL(fileURLWithPath: first)
            process.arguments = Array(launcher.dropFirst()) + [executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "RONGTONG_PII_KEY")
        env.removeValue(forKey: "RONGTONG_PII_KEY_FILE")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A pipeline written into a fresh temporary folder, with its own warehouse and staging files.
struct PipelineFixture {
    let folder: URL
    let file: URL
    var warehouse: URL { folder.appendingPathComponent("warehouse.sqlite") }
    var staging: URL { folder.appendingPathComponent("staging.sqlite") }
    static let key = "test-key-0123456789abcdef"

    /// `sources` is the YAML of the `sources:` list (indented by two spaces per item). Test feeds live all over
    /// the file system, so `root` defaults to `/`; nil keeps the default root (the pipeline's own folder).
    init(sources: String, root: String? = "/") throws {
        folder = try TestPaths.temporaryFolder()
        file = folder.appendingPathComponent("pipeline.yaml")
        self.root = root
        try rewrite(sources: sources)
    }

    private let root: String?

    /// Writes the pipeline file again with other sources (an analyst editing the mapping between runs).
    func rewrite(sources: String) throws {
        let yaml = """
            pipeline: test
            warehouse: warehouse.sqlite
            staging: staging.sqlite
            \(root.map { "root: \($0)" } ?? "")
            sources:
            \(sources)
            """
        try yaml.write(to: file, atomically: true, encoding: .utf8)
    }

    @discardableResult
    func run(_ extra: [String] = [], key: String? = PipelineFixture.key, environment: [String: String] = [:],
             launcher: [String] = []) throws -> CommandResult {
        var env = environment
        if let key { env["RONGTONG_PII_KEY"] = key }
        return try Rongtong.run(["run", file.path] + extra, environment: env, launcher: launcher)
    }

    func query<T: DatabaseValueConvertible>(_ sql: String) throws -> T? {
        let queue = try DatabaseQueue(path: warehouse.path)
        return try queue.read { try T.fetchOne($0, sql: sql) }
    }

    func rows(_ sql: String) throws -> [Row] {
        let queue = try DatabaseQueue(path: warehouse.path)
        return try queue.read { try Row.fetchAll($0, sql: sql) }
    }

    /// Every row of every contract table except the run log, as text, for before/after comparisons.
    func contentDigest(excluding excluded: Set<String> = ["etl_run", "etl_run_batch", "dim_region"]) throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: warehouse.path)
        return try queue.read { db in
            var digest: [String: [String]] = [:]
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name NOT LIKE 'grdb_%' ORDER BY name
                """)
            for table in tables where !excluded.contains(table) {
                digest[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map { $0.description }.sorted()
            }
            return digest
        }
    }
}
