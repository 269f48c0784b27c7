import Foundation

// The warehouse's data dictionary: every table, view and column of the migrations in WarehouseSchema.swift, with
// its meaning, type, unit, codes and personal-data form. docs/warehouse.md, `rongtong schema` and the Datasette
// metadata behind `make browse` are all rendered from `WarehouseCatalog.tables`; a test compares the declarations
// with a freshly migrated warehouse, so a schema change without a catalog change fails.

/// The layer a warehouse table belongs to, in the order the dictionary lists them.
public enum WarehouseLayer: String, CaseIterable, Codable, Sendable {
    case dim, dwd, provenance, dws, ads, etl

    /// The layer's name in a sentence ("a table of the … layer").
    public var name: String {
        switch self {
        case .dim: return "dimensions (维表)"
        case .dwd: return "detail (明细层)"
        case .provenance: return "provenance"
        case .dws: return "summaries (汇总层)"
        case .ads: return "application (应用层)"
        case .etl: return "run records"
        }
    }

    /// What the layer holds, as the dictionary's layer table says it.
    public var title: String {
        switch self {
        case .dim: return "dimensions (维表)"
        case .dwd: return "detail (明细层): one row per real entity, and its history"
        case .provenance: return "provenance: which source records and which sources' values make up each entity"
        case .dws: return "summaries (汇总层)"
        case .ads: return "views for analysts (应用层)"
        case .etl: return "run records and facts about the warehouse itself"
        }
    }
}

/// Whether a warehouse object is a stored table or a view computed when it is read.
public enum WarehouseTableKind: String, Codable, Sendable {
    case table, view
}

/// The SQLite type affinity a column is declared with, or the type of the values it holds (see
/// `WarehouseColumn.declaredAs`).
public enum WarehouseColumnType: String, Codable, Sendable {
    case text = "TEXT", integer = "INTEGER", real = "REAL", blob = "BLOB"
}

/// The unit of a numeric column.
public enum WarehouseUnit: String, Codable, Sendable {
    case yuan, metres, degreesWGS84 = "degrees_wgs84", ratio, bytes

    /// How the dictionary names the unit.
    public var label: String {
        switch self {
        case .yuan: return "yuan (元)"
        case .metres: return "metres"
        case .degreesWGS84: return "degrees, WGS-84"
        case .ratio: return "ratio 0–1"
        case .bytes: return "bytes"
        }
    }

    /// The Pint unit name Datasette displays values with, or nil when Pint would not help: yuan would show as
    /// `1.5 Myuan` (and needs a custom unit), a ratio has no unit.
    public var datasetteUnit: String? {
        switch self {
        case .metres: return "m"
        case .degreesWGS84: return "degree"
        case .bytes: return "byte"
        case .yuan, .ratio: return nil
        }
    }
}

/// The form in which a column holds personal data.
public enum WarehousePersonalData: String, Codable, Sendable {
    /// A keyed hash (HMAC-SHA256, lowercase hex), comparable only within this warehouse.
    case hashed
    /// A masked value such as `520102********123X` or `138****5678`.
    case masked
    /// Personal data in clear text (a name, a birth date, a dwelling).
    case clear

    /// How the dictionary describes the form.
    public var label: String {
        switch self {
        case .hashed: return "keyed hash"
        case .masked: return "masked"
        case .clear: return "in clear text"
        }
    }
}

/// One value of a column that holds codes, with what it means where the code alone does not say.
public struct WarehouseCode: Codable, Equatable, Sendable, ExpressibleByStringLiteral {
    public let code: String
    public let meaning: String?

    public init(_ code: String, _ meaning: String? = nil) {
        self.code = code
        self.meaning = meaning
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }
}

/// One column of a warehouse table or view, as declared in the migrations and described for analysts.
public struct WarehouseColumn: Codable, Equatable, Sendable {
    public let name: String
    /// The type of the values the column holds: its declared affinity, unless `declaredAs` says otherwise; for a
    /// computed view column, the type of the values it yields.
    public let type: WarehouseColumnType
    /// The affinity the migrations declared, where it differs from the values' `type` (a column added as TEXT that
    /// holds BLOBs: SQLite keeps each value's own type, and a table rebuild only to redeclare it is not worth its
    /// cost). Nil when the column is declared as `type`.
    public let declaredAs: WarehouseColumnType?
    /// What the column means (Markdown inline text, one paragraph).
    public let meaning: String
    public let unit: WarehouseUnit?
    /// The values allowed, when the column holds codes.
    public let codes: [WarehouseCode]?
    /// Set when the column holds personal data.
    public let personal: WarehousePersonalData?
    /// Part of the table's primary key.
    public let isPrimaryKey: Bool
    /// Declared `NOT NULL`.
    public let isNotNull: Bool
    /// Rongtong's own addition, outside CONTRACT.md.
    public let isExtra: Bool
    /// An expression of a view, for which SQLite declares no type.
    public let isComputed: Bool

    public init(_ name: String, _ type: WarehouseColumnType, _ meaning: String, unit: WarehouseUnit? = nil,
                codes: [WarehouseCode]? = nil, personal: WarehousePersonalData? = nil, key: Bool = false,
                notNull: Bool = false, extra: Bool = false, computed: Bool = false,
                declaredAs: WarehouseColumnType? = nil) {
        self.name = name
        self.type = type
        self.declaredAs = declaredAs
        self.meaning = meaning
        self.unit = unit
        self.codes = codes
        self.personal = personal
        self.isPrimaryKey = key
        self.isNotNull = notNull
        self.isExtra = extra
        self.isComputed = computed
    }

    /// The type `PRAGMA table_info` reports: the affinity, or empty for a computed view column.
    public var declaredType: String { isComputed ? "" : (declaredAs ?? type).rawValue }

    /// The type as the dictionary shows it: the values' type, and the declared affinity where it differs
    /// (`BLOB (declared TEXT)`).
    public var shownType: String { type.rawValue + (declaredAs.map { " (declared \($0.rawValue))" } ?? "") }

    /// The same column as a view passes it through (views declare neither keys nor NOT NULL).
    func inView() -> WarehouseColumn {
        WarehouseColumn(name, type, meaning, unit: unit, codes: codes, personal: personal, extra: isExtra, declaredAs: declaredAs)
    }

    /// The same column with another meaning (and optionally name or NOT NULL).
    func with(name: String? = nil, meaning: String? = nil, notNull: Bool? = nil) -> WarehouseColumn {
        WarehouseColumn(name ?? self.name, type, meaning ?? self.meaning, unit: unit, codes: codes, personal: personal,
                        key: isPrimaryKey, notNull: notNull ?? isNotNull, extra: isExtra, computed: isComputed,
                        declaredAs: declaredAs)
    }
}

/// One table or view of the warehouse: its layer, what one row is, and its columns in declaration order.
public struct WarehouseTable: Codable, Sendable {
    public let name: String
    public let kind: WarehouseTableKind
    public let layer: WarehouseLayer
    /// What the table holds, in one line.
    public let summary: String
    /// Rongtong's own addition, outside CONTRACT.md.
    public let isExtra: Bool
    /// Markdown shown before the column table: where the rows come from, when they are written.
    public let introduction: String?
    /// Markdown shown after the column table: rules and example queries.
    public let notes: String?
    public let columns: [WarehouseColumn]

    public init(_ name: String, _ kind: WarehouseTableKind = .table, layer: WarehouseLayer, summary: String,
                extra: Bool = false, introduction: String? = nil, notes: String? = nil, columns: [WarehouseColumn]) {
        self.name = name
        self.kind = kind
        self.layer = layer
        self.summary = summary
        self.isExtra = extra
        self.introduction = introduction
        self.notes = notes
        self.columns = columns
    }

    public func column(_ name: String) -> WarehouseColumn? { columns.first { $0.name == name } }

    /// The primary key's columns, in declaration order.
    public var primaryKey: [String] { columns.filter(\.isPrimaryKey).map(\.name) }
}

/// The data dictionary of the warehouse: the one source of docs/warehouse.md, `rongtong schema` and the Datasette
/// metadata of `make browse`.
public enum WarehouseCatalog {
    /// Every table and view of the current schema, in the order the dictionary describes them.
    public static let tables: [WarehouseTable] = dimensions + households + facilities + summaries + runRecords

    public static func table(named name: String) -> WarehouseTable? { tables.first { $0.name == name } }
}
