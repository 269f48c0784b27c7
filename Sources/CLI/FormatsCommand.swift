import ArgumentParser
import RongtongExtract

/// `rongtong formats`: every input format and the options it declares (the same text as docs/formats.md).
struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List every input format and its options (the source of docs/formats.md)."
    )

    func run() throws {
        print(FormatCatalogue.markdown(), terminator: "")
    }
}
