import Foundation

// MARK: - Rendering

extension WarehouseCatalog {
    /// docs/warehouse.md: the explanatory sections with every table and view rendered from the declarations.
    public static func markdown() -> String {
        var placed: Set<String> = []
        var blocks: [String] = []
        for part in WarehouseDocument.parts {
            switch part {
            case .prose(let text):
                blocks.append(text.trimmingCharacters(in: .newlines))
            case .table(let name):
                guard let table = table(named: name) else { continue }
                placed.insert(name)
                blocks.append(section(table))
            case .layers:
                blocks.append(layerTable())
            }
        }
        let unplaced = tables.filter { !placed.contains($0.name) }
        if !unplaced.isEmpty {
            blocks.append("## Other tables")
            blocks += unplaced.map(section)
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// One table's section: heading, what it is, introduction, columns, notes.
    static func section(_ table: WarehouseTable) -> String {
        let layer = table.layer.name == table.layer.rawValue ? "`\(table.layer.rawValue)`" : "`\(table.layer.rawValue)`, \(table.layer.name)"
        var about = "**\(table.summary).** \(table.kind == .view ? "View" : "Table") in layer \(layer)."
        if !table.primaryKey.isEmpty {
            about += " Key: " + table.primaryKey.map { "`\($0)`" }.joined(separator: ", ") + "."
        }
        if table.isExtra { about += " *(extra)*: Rongtong's own, outside the contract." }
        var blocks = ["### `\(table.name)`", about]
        if let introduction = table.introduction { blocks.append(introduction.trimmingCharacters(in: .newlines)) }
        var rows = ["| column | type | meaning |", "|---|---|---|"]
        for column in table.columns {
            var type = column.shownType
            if column.isNotNull { type += ", not null" }
            if column.isComputed { type += ", computed" }
            let name = "`\(column.name)`" + (column.isExtra ? " *(extra)*" : "")
            rows.append("| \(name) | \(type) | \(cell(describe(column, markdown: true))) |")
        }
        blocks.append(rows.joined(separator: "\n"))
        if let notes = table.notes { blocks.append(notes.trimmingCharacters(in: .newlines)) }
        return blocks.joined(separator: "\n\n")
    }

    /// A column's meaning with its codes, unit and personal-data form.
    static func describe(_ column: WarehouseColumn, markdown: Bool) -> String {
        var text = column.meaning
        if let codes = column.codes {
            let shown = codes.map { code in "`\(code.code)`" + (code.meaning.map { " (\($0))" } ?? "") }
            let separator = codes.contains { $0.meaning != nil } ? "; " : ", "
            text += " Codes: " + shown.joined(separator: separator) + "."
        }
        if let unit = column.unit { text += " Unit: \(unit.label)." }
        if let personal = column.personal { text += " Personal data, \(personal.label)." }
        return markdown ? text : plain(text)
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// Markdown inline text without its markup, for Datasette's plain-text descriptions.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
    }

    static func layerTable() -> String {
        var rows = ["| layer | holds | tables and views |", "|---|---|---|"]
        for layer in WarehouseLayer.allCases {
            let names = tables.filter { $0.layer == layer }.map { "[`\($0.name)`](#\($0.name))" }
            guard !names.isEmpty else { continue }
            rows.append("| `\(layer.rawValue)` | \(cell(layer.title)) | \(names.joined(separator: ", ")) |")
        }
        return rows.joined(separator: "\n")
    }

    static func personalDataList() -> String {
        var lines = ["- **Columns with personal data**, by the form they hold it in (and the tables holding them):"]
        for form in [WarehousePersonalData.hashed, .masked, .clear] {
            var order: [String] = []
            var tablesOf: [String: [String]] = [:]
            for table in tables where table.kind == .table {
                for column in table.columns where column.personal == form {
                    if tablesOf[column.name] == nil { order.append(column.name) }
                    tablesOf[column.name, default: []].append("`\(table.name)`")
                }
            }
            guard !order.isEmpty else { continue }
            let shown = order.map { "`\($0)` (\(tablesOf[$0]!.joined(separator: ", ")))" }
            lines.append("  - \(form.label): " + shown.joined(separator: ", ") + ".")
        }
        return lines.joined(separator: "\n")
    }

    /// The catalog as JSON: layers and tables in dictionary order, keys sorted, snake_case.
    public static func json() -> String {
        struct Layer: Encodable { let code: String; let name: String; let title: String }
        struct Document: Encodable { let layers: [Layer]; let tables: [WarehouseTable] }
        let document = Document(layers: WarehouseLayer.allCases.map { Layer(code: $0.rawValue, name: $0.name, title: $0.title) },
                                 tables: tables)
        return encode(document, snakeCase: true)
    }

    /// Datasette's metadata.json for a warehouse served under `databaseName` (the file name without `.sqlite`):
    /// a description of every table and view, of every column (with its codes, unit and personal-data form), and
    /// Pint units where Datasette can display them.
    public static func datasetteMetadata(databaseName: String) -> String {
        struct Table: Encodable {
            let description: String
            let columns: [String: String]
            let units: [String: String]?
        }
        struct Database: Encodable {
            let description: String
            let tables: [String: Table]
        }
        struct Metadata: Encodable {
            let title: String
            let description: String
            let databases: [String: Database]
        }
        var described: [String: Table] = [:]
        for table in tables {
            var description = "\(table.summary). \(table.kind == .view ? "View" : "Table") of the \(table.layer.name) layer (\(table.layer.rawValue))."
            if table.isExtra { description += " Rongtong's own addition, outside the contract." }
            let units = Dictionary(uniqueKeysWithValues: table.columns.compactMap { column in
                column.unit?.datasetteUnit.map { (column.name, $0) }
            })
            described[table.name] = Table(
                description: plain(description),
                columns: Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, describe($0, markdown: false)) }),
                units: units.isEmpty ? nil : units)
        }
        let metadata = Metadata(
            title: "Rongtong warehouse",
            description: "The provincial warehouse Rongtong writes every night. Column descriptions come from the data dictionary (rongtong schema, docs/warehouse.md).",
            databases: [databaseName: Database(
                description: "Layered as provincial platforms do: dim_ dimensions, dwd_ detail with history, provenance, dws_ summaries, ads_ views for analysts, etl_ run records.",
                tables: described)])
        return encode(metadata, snakeCase: false)
    }

    static func encode<T: Encodable>(_ value: T, snakeCase: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if snakeCase { encoder.keyEncodingStrategy = .convertToSnakeCase }
        // Encoding plain strings, numbers and booleans cannot fail; an empty document would show if it ever did.
        let data = (try? encoder.encode(value)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
