import Foundation
import ArgumentParser

/// The `rongtong` command: run, validate, peek, status and formats.
@main
struct Rongtong: ParsableCommand {
    /// Like ArgumentParser's own main, except that usage errors exit 2 as the contract says (not 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardError.line(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "rongtong",
        abstract: "Unify city and department feeds into one provincial SQLite warehouse.",
        discussion: """
            Exit codes: 0 success; 1 the run failed (nothing of the failing stage was committed); 2 usage or \
            configuration error; 3 a source went over its reject threshold (its batch was not loaded, the others \
            were); 4 another run holds the warehouse's lock; 129, 130, 143 stopped by SIGHUP, SIGINT or SIGTERM (nothing of \
            the unfinished stage was committed).
            """,
        subcommands: [RunCommand.self, ValidateCommand.self, PeekCommand.self, StatusCommand.self, FormatsCommand.self,
                      AddressCommand.self, FindCommand.self, PurgeStagingCommand.self, SchemaCommand.self, ReportCommand.self]
    )
}
