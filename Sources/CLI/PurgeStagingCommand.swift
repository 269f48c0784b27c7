import ArgumentParser
import Foundation
import RongtongConfig

/// `rongtong purge-staging PIPELINE`: deletes the staging database, which holds personal data in clear text.
struct PurgeStagingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge-staging",
        abstract: "Delete a pipeline's staging database (raw records hold personal data in clear text).",
        discussion: """
            Run it after a successful load when staged records need not be kept. The next run re-extracts every \
            file that is not already loaded in the warehouse; loaded files are still skipped.

            Example:
              rongtong purge-staging pipelines/sample-nightly.yaml
            """
    )

    @Argument(help: "The pipeline file (YAML).")
    var pipeline: String

    @Option(help: "Purge this staging file instead of the pipeline's.")
    var staging: String?

    func run() throws {
        let path: String
        if let staging {
            path = staging
        } else {
            do {
                path = try PipelineConfig.load(path: pipeline).staging
            } catch let error as ConfigError {
                StandardError.line(error.description)
                throw ExitCode(2)
            }
        }
        var removed = 0
        for file in [path, path + "-wal", path + "-shm", path + "-journal"] where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.removeItem(atPath: file)
            removed += 1
        }
        StandardError.line(removed == 0 ? "\(path): no staging file to purge" : "\(path): staging purged")
    }
}
