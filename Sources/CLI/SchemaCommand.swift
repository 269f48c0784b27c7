import ArgumentParser
import RongtongLoad

/// `rongtong schema`: the warehouse's data dictionary (the same text as docs/warehouse.md), as JSON, or as the
/// Datasette metadata `make browse` serves the warehouse with.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the warehouse's data dictionary (the source of docs/warehouse.md).",
        discussion: """
            Every table and view with its layer and meaning, and every column with its SQLite type, meaning, unit, \
            codes and whether it holds personal data (hashed, masked or in clear text). The type is that of the \
            values the column holds, with the declared type where it differs (BLOB (declared TEXT)). Needs no \
            pipeline or warehouse: the dictionary is declared alongside the schema.
            """
    )

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case markdown, json, datasette
    }

    @Option(help: ArgumentHelp("markdown: docs/warehouse.md; json: the dictionary, keys sorted; datasette: a metadata.json for `datasette --metadata`.",
                               valueName: "markdown|json|datasette"))
    var format: Format = .markdown

    @Option(help: ArgumentHelp("With --format datasette: the database name Datasette shows, i.e. the warehouse file's name without .sqlite.",
                               valueName: "name"))
    var database = "guizhou"

    func run() throws {
        switch format {
        case .markdown: print(WarehouseCatalog.markdown(), terminator: "")
        case .json: print(WarehouseCatalog.json(), terminator: "")
        case .datasette: print(WarehouseCatalog.datasetteMetadata(databaseName: database), terminator: "")
        }
    }
}
