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

/// The SQLite type affinity a column is declared with.
public enum WarehouseColumnType: String, Codable, Sendable {
    case text = "TEXT", integer = "INTEGER", real = "REAL"
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
    /// The declared affinity; for a computed view column, the type of the values it yields.
    public let type: WarehouseColumnType
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
                notNull: Bool = false, extra: Bool = false, computed: Bool = false) {
        self.name = name
        self.type = type
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
    public var declaredType: String { isComputed ? "" : type.rawValue }

    /// The same column as a view passes it through (views declare neither keys nor NOT NULL).
    func inView() -> WarehouseColumn {
        WarehouseColumn(name, type, meaning, unit: unit, codes: codes, personal: personal, extra: isExtra)
    }

    /// The same column with another meaning (and optionally name or NOT NULL).
    func with(name: String? = nil, meaning: String? = nil, notNull: Bool? = nil) -> WarehouseColumn {
        WarehouseColumn(name ?? self.name, type, meaning ?? self.meaning, unit: unit, codes: codes, personal: personal,
                        key: isPrimaryKey, notNull: notNull ?? isNotNull, extra: isExtra, computed: isComputed)
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

// MARK: - Code lists

extension WarehouseCatalog {
    static let areaTypes: [WarehouseCode] = [
        WarehouseCode("old_compound", "老旧小区"), WarehouseCode("shantytown", "棚户区"),
        WarehouseCode("urban_fringe", "城乡结合部"), WarehouseCode("other", "其他"),
    ]
    static let facilityTypes: [WarehouseCode] = [
        "water_supply", "drainage", "heating", "power", "telecom", "sanitation", "parking", "base_station_5g",
        "ev_charger", "gas", "elevator", "fire_safety", "green_space", "surveillance", "street_light", "fitness",
        "culture", "elderly_care", "childcare", "health", "community_service", "other",
    ]
    /// The facility types every compound should have (`dws_compound_summary.missing_basic_types`).
    static let basicFacilityTypes: [WarehouseCode] = [
        "water_supply", "drainage", "power", "fire_safety", "sanitation", "street_light",
    ]
    static let facilityStatuses: [WarehouseCode] = [
        "in_service", "under_construction", "planned", "out_of_service", "unknown",
    ]
    static let projectStatuses: [WarehouseCode] = ["not_started", "in_progress", "completed", "unknown"]
    static let householdRules: [WarehouseCode] = [
        WarehouseCode("id_hash", "the same head resident ID, score 1.0"),
        WarehouseCode("address+name", "the same compound, building, unit and room, and a head name equal, score 0.95, or one character apart, 0.85"),
        WarehouseCode("phone+name", "the same phone hash and a head name equal or one character apart, 0.8"),
        WarehouseCode("new", "nothing matched and a new household was created, 1.0"),
    ]
    static let facilityRules: [WarehouseCode] = [
        WarehouseCode("type+distance+name", "the same type within `linking.facility_distance_m` and a similar name, score 0.5–1 by distance"),
        WarehouseCode("type+compound+name", "no coordinates: the same type and compound and a similar name, 0.8"),
        WarehouseCode("new", "nothing matched and a new facility was created, 1.0"),
    ]
}

// MARK: - Dimensions

extension WarehouseCatalog {
    static let dimensions: [WarehouseTable] = [
        WarehouseTable(
            "dim_region", layer: .dim, summary: "Administrative divisions, from the bundled reference table",
            introduction: """
                It is filled from the reference tables bundled with Rongtong:

                - Guizhou's province, prefectures, counties and townships, from the NBS 2023 vintage.
                - Communities and villages, from NBS 2021. The 4 communities whose township was abolished by 2023 are left out.

                It is rewritten when its row count differs from the bundled table, which happens after an upgrade that changes
                the reference.
                """,
            notes: """
                Taking `substr(code, 1, 6)` gives the 6-digit GB/T 2260 code of a county, and `substr(code, 1, 9)` a township.
                The `region_code` columns of the other tables point here.
                """,
            columns: [
                WarehouseColumn("code", .text, "The 12-digit division code (NBS 统计用区划代码). Upper levels are padded with zeros: 贵阳市 `520100000000`, 白云区 `520113000000`, 大山洞街道 `520113006000`.", key: true),
                WarehouseColumn("name", .text, "The official name, as NBS publishes it.", notNull: true),
                WarehouseColumn("level", .text, "The administrative level.",
                                codes: ["province", "prefecture", "county", "township", "community"], notNull: true),
                WarehouseColumn("parent_code", .text, "The code one level up (→ `dim_region`), or NULL for the province."),
            ]),
        WarehouseTable(
            "dim_source", layer: .dim, summary: "Every feed the pipelines know",
            introduction: "Every source of the pipeline is upserted at every load, including the sources not selected with `--source`.",
            columns: [
                WarehouseColumn("source_id", .text, "The source's `name` in the pipeline file.", key: true),
                WarehouseColumn("owner", .text, "The feeding organisation, the source's `owner:` (贵阳市, 省民政厅, …).", notNull: true),
                WarehouseColumn("kind", .text, "Who feeds it.",
                                codes: [WarehouseCode("city", "a prefecture-level city"), WarehouseCode("department", "a provincial department")],
                                notNull: true),
                WarehouseColumn("format", .text, "The file format of the feed.", codes: ["csv", "xml", "json", "ndjson"],
                                notNull: true),
                WarehouseColumn("entity", .text, "What one record of the feed describes.",
                                codes: ["household", "facility", "compound"], notNull: true),
            ]),
        WarehouseTable(
            "dim_compound", layer: .dim, summary: "Residential compounds (小区/院落)",
            introduction: """
                Compounds are created from the compound names in household and facility feeds (the `compound` field, or the
                compound part of a parsed address), and from the housing department's compound feeds (`entity: compound`).
                A housing-department row confirms the compound and fills `area_type`, `built_year` and `address`; a compound
                known only from household or facility feeds has them NULL and `confirmed_by_housing` = 0. How names are
                matched is explained under [Compounds](#compounds).
                """,
            columns: [
                WarehouseColumn("compound_id", .text, "`c` + 16 hex, stable: derived from the township and the match name.", key: true),
                WarehouseColumn("name", .text, "The name as first seen (`东升小区`), or as the housing department writes it once it has confirmed the compound.", notNull: true),
                WarehouseColumn("match_name", .text, "The name used for matching: no spaces or punctuation, and one trailing kind suffix removed (`东升`). Within a township one typo is tolerated: a character of the kind suffix (幸福花圆 = 幸福花园), or any one character when both stems have three characters or more; short stems never (东升小区 ≠ 东山小区).",
                                notNull: true, extra: true),
                WarehouseColumn("region_code", .text, "The finest known division (→ `dim_region`): the township when a record placed it there, or coarser."),
                WarehouseColumn("area_type", .text, "The area type of the renovation programme (两区一部), from the housing department's feed; NULL until one names it.",
                                codes: areaTypes),
                WarehouseColumn("built_year", .integer, "The year the compound was built, from the housing department's feed, or NULL."),
                WarehouseColumn("address", .text, "The compound's address, from the housing department's feed, or NULL."),
                WarehouseColumn("confirmed_by_housing", .integer, "1 once a housing-department compound feed has confirmed the compound; 0 while it is known only from household or facility feeds.",
                                notNull: true, extra: true),
                WarehouseColumn("first_seen_run", .integer, "The run that created the row (→ `etl_run`).", extra: true),
                WarehouseColumn("last_seen_run", .integer, "The run that created the row: later runs do not advance it yet.", extra: true),
            ]),
    ]
}

// MARK: - Households

extension WarehouseCatalog {
    /// The attribute columns of a household, in declaration order (`dwd_household` and each history version).
    static let householdAttributes: [WarehouseColumn] = [
        WarehouseColumn("region_code", .text, "The finest division resolved (12 digits, → `dim_region`), from the address, `region_code`, context or compound. It may be as coarse as the prefecture, or NULL."),
        WarehouseColumn("compound_id", .text, "The compound (→ `dim_compound`), or NULL."),
        WarehouseColumn("building", .text, "The building number as text: `3` (or `A`, `1-1`)."),
        WarehouseColumn("unit", .text, "The unit (单元) number as text: `2`."),
        WarehouseColumn("room", .text, "The room number as text: `501`.", personal: .clear),
        WarehouseColumn("address", .text, "The normalized full address: `贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室`.", personal: .clear),
        WarehouseColumn("head_name", .text, "The head of household (户主).", personal: .clear),
        WarehouseColumn("head_id_hash", .text, "The keyed hash of the head's normalized 18-character resident ID. NULL when no valid ID was ever seen.",
                        personal: .hashed),
        WarehouseColumn("head_id_masked", .text, "The head's resident ID, masked: `520102********123X`.", personal: .masked),
        WarehouseColumn("head_gender", .text, "The head's gender, from the ID when there is one; NULL when unknown.",
                        codes: ["male", "female"]),
        WarehouseColumn("head_birth_date", .text, "The head's birth date, `YYYY-MM-DD`, from the ID when there is one.", personal: .clear),
        WarehouseColumn("phone_masked", .text, "The phone number, masked: `138****5678`.", personal: .masked),
        WarehouseColumn("member_count", .integer, "The number of household members, 1–99."),
        WarehouseColumn("grid_id", .text, "The grid cell (网格)."),
        WarehouseColumn("ten_household_group", .text, "The ten-household group (十联户)."),
        WarehouseColumn("tenure", .text, "How the household holds its dwelling: NULL when no feed says, `unknown` when a feed's word was not understood.",
                        codes: ["owned", "rented", "public", "other", "unknown"]),
        WarehouseColumn("is_low_income", .integer, "低保 (minimum living allowance): 1 yes, 0 no, NULL unknown."),
        WarehouseColumn("is_extreme_poverty", .integer, "特困 (extreme poverty support): 1/0/NULL."),
        WarehouseColumn("has_disabled_member", .integer, "Has a member with a disability (残疾): 1/0/NULL."),
        WarehouseColumn("has_elderly_alone", .integer, "Has an elderly member living alone or left behind (独居/空巢老人): 1/0/NULL."),
        WarehouseColumn("has_left_behind_child", .integer, "Has a left-behind child (留守儿童): 1/0/NULL."),
    ]

    /// The columns of a provenance table linking source records to an entity (`household_source`, `facility_source`).
    static func sourceRecordColumns(entity: String, entityColumn: String, entityTable: String,
                                    rules: [WarehouseCode]) -> [WarehouseColumn] {
        [
            WarehouseColumn(entityColumn, .text, "The \(entity) the record belongs to (→ `\(entityTable)`).", notNull: true),
            WarehouseColumn("source_id", .text, "The source (→ `dim_source`).", key: true, notNull: true),
            WarehouseColumn("record_key", .text, "The source's own key (`record_key:` in the pipeline, e.g. `序号`, `case_no`, `AS-000123`). Without one, it is the record number as text.",
                            key: true, notNull: true),
            WarehouseColumn("batch_id", .text, "The last batch that carried this record (→ `etl_batch`); for a source without `record_key:`, the batch it came in.",
                            key: true, notNull: true),
            WarehouseColumn("match_rule", .text, "How the record was linked; a record seen before keeps the rule that first linked it.",
                            codes: rules, notNull: true),
            WarehouseColumn("match_score", .real, "How sure the link is.", unit: .ratio, notNull: true),
        ]
    }

    static let households: [WarehouseTable] = [
        WarehouseTable(
            "dwd_household", layer: .dwd, summary: "One row per real household, unified across sources",
            columns: [WarehouseColumn("household_id", .text, "`h` + 16 hex, stable across runs (see Identifiers).", key: true)]
                + householdAttributes + [
                    WarehouseColumn("first_seen_run", .integer, "The run that created the household (→ `etl_run`).", notNull: true),
                    WarehouseColumn("last_seen_run", .integer, "The last run that loaded a **new** batch (a file content not loaded before) containing a record of this household. A forced reload does not advance it. A feed file that did not change since last night is skipped, so it does not advance it either. It therefore means \"last reported in a new file\", not \"present in tonight's feed\".",
                                    notNull: true),
                    WarehouseColumn("phone_hash", .text, "The keyed hash of the phone digits, used for linking.", personal: .hashed, extra: true),
                ]),
        WarehouseTable(
            "household_source", layer: .provenance, summary: "Which source records make up each household",
            introduction: "There is one row per source record. It says which household the record belongs to, and how the record was linked.",
            notes: """
                For a source with a `record_key:`, a record that arrives again, in a new file of the same source or a reload,
                **updates** its row instead of adding one. So `record_key` must be unique within a source (see
                [pipeline-format.md](pipeline-format.md#record_key)). A source without one is told apart by batch as well,
                because record numbers mean nothing across files.
                """,
            columns: sourceRecordColumns(entity: "household", entityColumn: "household_id", entityTable: "dwd_household", rules: householdRules)),
        WarehouseTable(
            "dwd_household_history", layer: .dwd, summary: "Versions of each household (type-2 slowly changing dimension)",
            introduction: """
                The attribute columns are those of `dwd_household`, from `region_code` through the five flags; `phone_hash`,
                `first_seen_run` and `last_seen_run` are not versioned.
                """,
            notes: """
                A new version is written when a household is created, and whenever a load changes any of its attribute columns.
                Each version closes the previous one (`valid_to_run` = this run). A household changed by several records in one
                run has **one** version for that run, holding its state at the end of the load. A merge closes the current
                version of the household merged away and writes a new version of the survivor. Versions are never deleted.

                ```sql
                -- a household as it was after run 12
                SELECT * FROM dwd_household_history
                WHERE household_id = 'h…' AND valid_from_run <= 12 AND (valid_to_run IS NULL OR valid_to_run > 12);

                -- households whose 低保 status changed in the last run
                SELECT cur.household_id, prev.is_low_income AS before, cur.is_low_income AS after
                FROM dwd_household_history cur
                JOIN dwd_household_history prev ON prev.household_id = cur.household_id AND prev.valid_to_run = cur.valid_from_run
                WHERE cur.valid_from_run = (SELECT MAX(run_id) FROM etl_run) AND cur.is_low_income IS NOT prev.is_low_income;
                ```
                """,
            columns: [
                WarehouseColumn("household_id", .text, "The household (→ `dwd_household`); a household merged away keeps its versions under its old id (→ `household_alias`).",
                                key: true, notNull: true),
                WarehouseColumn("valid_from_run", .integer, "The run that created this version.", key: true, notNull: true),
                WarehouseColumn("valid_to_run", .integer, "The run that replaced it, or NULL for the current version."),
            ] + householdAttributes.map { $0.with(meaning: "In this version: " + lowercasedFirst($0.meaning)) }),
        WarehouseTable(
            "household_alias", layer: .provenance, summary: "Ids of households merged into an older one", extra: true,
            introduction: """
                When one record's evidence shows that two existing households are one, they are merged into the older one
                (see [Linking](#linking-how-records-become-households)). Its id survives; the other id is kept here, so that
                lists and notes made with it still resolve.
                """,
            notes: """
                ```sql
                -- the current id of any household id, old or current
                SELECT COALESCE((SELECT household_id FROM household_alias WHERE alias_id = :id), :id);
                ```
                """,
            columns: [
                WarehouseColumn("alias_id", .text, "The id of the household that was merged away (`h…`).", key: true),
                WarehouseColumn("household_id", .text, "The surviving household (→ `dwd_household`). When the survivor is merged in turn, its aliases move on to the new survivor.",
                                notNull: true),
                WarehouseColumn("merged_run", .integer, "The run that merged it.", notNull: true),
                WarehouseColumn("rule", .text, "The linking rule whose evidence pointed at the household merged away.",
                                codes: Array(householdRules.dropLast()), notNull: true),
            ]),
        WarehouseTable(
            "household_relink", layer: .provenance, summary: "Source records that moved to another household", extra: true,
            introduction: """
                A record seen before stays with its household. When it comes back carrying a different valid resident ID than
                that household's, it is linked afresh, and the move is recorded here.
                """,
            columns: [
                WarehouseColumn("source_id", .text, "The source (→ `dim_source`).", notNull: true),
                WarehouseColumn("record_key", .text, "The record's key within its source, as in `household_source`.", notNull: true),
                WarehouseColumn("batch_id", .text, "The batch that brought the record with its new ID (→ `etl_batch`).", notNull: true),
                WarehouseColumn("from_household", .text, "The household the record was linked to before (→ `dwd_household`).", notNull: true),
                WarehouseColumn("to_household", .text, "The household it is linked to now: an existing one with that ID, or a new one."),
                WarehouseColumn("run_id", .integer, "The run that moved it.", notNull: true),
                WarehouseColumn("reason", .text, "Why it moved, in words: `a different valid ID than the household it was linked to`.", notNull: true),
            ]),
        WarehouseTable(
            "dwd_household_field_source", layer: .provenance, summary: "Which source set each current household value",
            extra: true,
            introduction: "See [Survivorship records](#survivorship-records).",
            columns: [
                WarehouseColumn("household_id", .text, "The household (→ `dwd_household`).", key: true, notNull: true),
                WarehouseColumn("column_name", .text, "The `dwd_household` column.", key: true, notNull: true),
                WarehouseColumn("source_id", .text, "The source whose value the household holds (→ `dim_source`).", notNull: true),
                WarehouseColumn("run_id", .integer, "The run in which that source took the column over.", notNull: true),
            ]),
        WarehouseTable(
            "dwd_household_conflict", layer: .provenance, summary: "Where two sources disagree on a household attribute",
            extra: true,
            notes: """
                There is one row per household, column and pair of disagreeing sources (reloading the same feeds in
                another order updates `kept_source`, it adds no row). Use it to send disagreements back to the feeders:

                ```sql
                SELECT column_name, kept_source, offered_source, COUNT(*) AS households
                FROM dwd_household_conflict GROUP BY 1, 2, 3 ORDER BY households DESC;
                ```
                """,
            columns: [
                WarehouseColumn("household_id", .text, "The household (→ `dwd_household`).", key: true, notNull: true),
                WarehouseColumn("column_name", .text, "The attribute the sources disagree on.", key: true, notNull: true),
                WarehouseColumn("kept_source", .text, "The source whose value the household holds after the disagreement.", notNull: true),
                WarehouseColumn("offered_source", .text, "The source whose different value was overruled, or replaced.", notNull: true),
                WarehouseColumn("source_pair", .text, "The two sources, sorted and joined by `|`: one row per disagreeing pair.", key: true, notNull: true),
                WarehouseColumn("run_id", .integer, "The run that recorded it.", notNull: true),
            ]),
    ]

    static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first, first.isUppercase else { return text }
        return first.lowercased() + text.dropFirst()
    }
}

// MARK: - Facilities and renovation projects

extension WarehouseCatalog {
    /// The attribute columns of a facility, in declaration order (`dwd_facility` and each history version).
    static let facilityAttributes: [WarehouseColumn] = [
        WarehouseColumn("facility_type", .text, "The facility type.", codes: facilityTypes, notNull: true),
        WarehouseColumn("name", .text, "The facility's name."),
        WarehouseColumn("compound_id", .text, "The compound it belongs to (→ `dim_compound`), or NULL."),
        WarehouseColumn("region_code", .text, "The finest division resolved (→ `dim_region`)."),
        WarehouseColumn("address", .text, "The normalized address."),
        WarehouseColumn("lat", .real, "Latitude (GCJ-02 and BD-09 sources converted).", unit: .degreesWGS84),
        WarehouseColumn("lon", .real, "Longitude (GCJ-02 and BD-09 sources converted).", unit: .degreesWGS84),
        WarehouseColumn("capacity", .real, "The capacity, in `capacity_unit` (`万` and `亿` multiplied out)."),
        WarehouseColumn("capacity_unit", .text, "The unit of `capacity` as the feed gives it, common spellings made one (`KW`, `千瓦` → `kW`); NULL for a bare number."),
        WarehouseColumn("status", .text, "The operating status.", codes: facilityStatuses),
        WarehouseColumn("owner", .text, "The owning or operating organisation."),
        WarehouseColumn("built_year", .integer, "The year it was built."),
    ]

    static let facilities: [WarehouseTable] = [
        WarehouseTable(
            "dwd_facility", layer: .dwd, summary: "One row per real facility",
            columns: [WarehouseColumn("facility_id", .text, "`f` + 16 hex, stable: from the source and record key of the first record (keyless sources: from its content).", key: true)]
                + facilityAttributes + [
                    WarehouseColumn("first_seen_run", .integer, "The run that created the facility (→ `etl_run`).", notNull: true, extra: true),
                    WarehouseColumn("last_seen_run", .integer, "The last run that loaded a new batch containing a record of this facility, as for households.",
                                    notNull: true, extra: true),
                ]),
        WarehouseTable(
            "facility_source", layer: .provenance, summary: "Which source records make up each facility",
            introduction: "As `household_source`, for facilities: one row per source record.",
            columns: sourceRecordColumns(entity: "facility", entityColumn: "facility_id", entityTable: "dwd_facility", rules: facilityRules)),
        WarehouseTable(
            "dwd_facility_history", layer: .dwd, summary: "Versions of each facility (type-2 slowly changing dimension)",
            introduction: """
                As `dwd_household_history`, for facilities: the attribute columns are those of `dwd_facility`, and every change
                writes a new version.
                """,
            columns: [
                WarehouseColumn("facility_id", .text, "The facility (→ `dwd_facility`).", key: true, notNull: true),
                WarehouseColumn("valid_from_run", .integer, "The run that created this version.", key: true, notNull: true),
                WarehouseColumn("valid_to_run", .integer, "The run that replaced it, or NULL for the current version."),
            ] + facilityAttributes.map { $0.with(meaning: "In this version: " + lowercasedFirst($0.meaning), notNull: false) }),
        WarehouseTable(
            "dwd_renovation_project", layer: .dwd, summary: "The renovation project library (改造项目库)",
            introduction: """
                One row per project, from the housing department's compound feed. Empty values never erase stored ones.
                """,
            columns: [
                WarehouseColumn("project_id", .text, "The housing department's project number (项目编号); without one, `<compound_id>-p<phase>`, where a `（二期）` row is phase 2.",
                                key: true),
                WarehouseColumn("compound_id", .text, "The compound renovated (→ `dim_compound`)."),
                WarehouseColumn("project_type", .text, "The programme: the compound's `area_type` when it is one of these, else NULL.",
                                codes: Array(areaTypes.prefix(3))),
                WarehouseColumn("scope", .text, "The renovation scope (改造范围)."),
                WarehouseColumn("content", .text, "The renovation content (改造内容)."),
                WarehouseColumn("progress", .real, "How far the project has come: 0 not started, 1 completed.", unit: .ratio),
                WarehouseColumn("investment_yuan", .real, "The investment, in yuan (`万元` and `亿元` amounts multiplied out).", unit: .yuan),
                WarehouseColumn("planned_start", .text, "The planned start, `YYYY-MM-DD` where known."),
                WarehouseColumn("planned_end", .text, "The planned end, `YYYY-MM-DD` where known."),
                WarehouseColumn("status", .text, "The project's status. Without an explicit status it follows `progress`: `not_started` at 0, `completed` at 1, `in_progress` between; `unknown` without either.",
                                codes: projectStatuses),
            ]),
    ]
}

// MARK: - Summaries and views

extension WarehouseCatalog {
    static let compoundSummaryColumns: [WarehouseColumn] = [
        WarehouseColumn("compound_id", .text, "The compound (→ `dim_compound`).", key: true),
        WarehouseColumn("name", .text, "The compound's name, from `dim_compound`."),
        WarehouseColumn("region_code", .text, "The compound's division, from `dim_compound`."),
        WarehouseColumn("area_type", .text, "The compound's area type, from `dim_compound`.", codes: areaTypes),
        WarehouseColumn("households", .integer, "The households in the compound.", notNull: true),
        WarehouseColumn("low_income_households", .integer, "Households with `is_low_income = 1`.", notNull: true),
        WarehouseColumn("extreme_poverty_households", .integer, "Households with `is_extreme_poverty = 1`.", notNull: true),
        WarehouseColumn("disabled_member_households", .integer, "Households with `has_disabled_member = 1`.", notNull: true),
        WarehouseColumn("elderly_alone_households", .integer, "Households with `has_elderly_alone = 1`.", notNull: true),
        WarehouseColumn("left_behind_child_households", .integer, "Households with `has_left_behind_child = 1`.", notNull: true),
        WarehouseColumn("facilities", .integer, "The facilities in the compound.", notNull: true),
        WarehouseColumn("facilities_by_type", .text, "Facility type → count, a JSON object as text: `{\"ev_charger\":2,\"power\":1}`, or `{}`.",
                        notNull: true),
        WarehouseColumn("missing_basic_types", .text, "The basic facility types the compound lacks, comma-separated in the order listed, or empty.",
                        codes: basicFacilityTypes, notNull: true),
    ]

    static func summaryColumn(_ name: String) -> WarehouseColumn {
        compoundSummaryColumns.first { $0.name == name }!.inView()
    }

    static let householdFlags = ["is_low_income", "is_extreme_poverty", "has_disabled_member", "has_elderly_alone",
                                 "has_left_behind_child"]

    static let summaries: [WarehouseTable] = [
        WarehouseTable(
            "dws_compound_summary", layer: .dws, summary: "Per compound: households, special-difficulty flags, facilities and gaps",
            introduction: """
                This table is rebuilt from `dim_compound`, `dwd_household` and `dwd_facility` at the end of every load, in
                the same transaction. There is one row per compound.
                """,
            notes: "Households with a flag of NULL (unknown) are not counted as having it.",
            columns: compoundSummaryColumns),
        WarehouseTable(
            "ads_special_difficulty_by_compound", .view, layer: .ads,
            summary: "Where the special-difficulty households (特殊困难群体) live",
            introduction: "Ordered by `special_flags`, highest first.",
            notes: """
                ```sql
                SELECT name, households, special_flags FROM ads_special_difficulty_by_compound LIMIT 10;
                ```
                """,
            columns: ["compound_id", "name", "region_code", "area_type", "households", "low_income_households",
                      "extreme_poverty_households", "disabled_member_households", "elderly_alone_households",
                      "left_behind_child_households"].map(summaryColumn) + [
                WarehouseColumn("special_flags", .integer, "The sum of the five counts, so a household with two flags counts twice.",
                                computed: true),
            ]),
        WarehouseTable(
            "ads_compound_facility_gaps", .view, layer: .ads, summary: "Which compounds lack basic facilities",
            introduction: "Ordered by `area_type`, then `gap_count`, highest first.",
            columns: ["compound_id", "name", "region_code", "area_type", "missing_basic_types"].map(summaryColumn) + [
                WarehouseColumn("gap_count", .integer, "How many basic facility types the compound lacks, 0–6.", computed: true),
            ]),
        WarehouseTable(
            "ads_source_coverage", .view, layer: .ads, summary: "How much each feed contributes",
            notes: """
                ```sql
                SELECT * FROM ads_source_coverage;
                ```
                """,
            columns: dimensions[1].columns.filter { ["source_id", "owner", "entity"].contains($0.name) }.map { $0.inView() } + [
                WarehouseColumn("household_records", .integer, "Rows of `household_source` from this source.", computed: true),
                WarehouseColumn("households", .integer, "The distinct households those records belong to.", computed: true),
                WarehouseColumn("facility_records", .integer, "Rows of `facility_source` from this source.", computed: true),
                WarehouseColumn("rejected_records", .integer, "Rows of `etl_reject` from this source with severity `error` (one per broken rule).",
                                computed: true),
            ]),
        WarehouseTable(
            "ads_renovation_special_households", .view, layer: .ads,
            summary: "Special-difficulty households in compounds with a renovation project not completed",
            introduction: "For the door-to-door check (排查) before renovation. A household appears once per unfinished project of its compound.",
            columns: [
                households[0].column("household_id")!.inView(),
                householdAttributes[1].inView().with(meaning: "The household's compound (→ `dim_compound`)."),
                WarehouseColumn("compound_name", .text, "The compound's name, from `dim_compound`."),
                WarehouseColumn("project_id", .text, "The unfinished project (→ `dwd_renovation_project`)."),
                WarehouseColumn("project_status", .text, "The project's status.", codes: projectStatuses),
            ] + householdAttributes.filter { householdFlags.contains($0.name) }.map { $0.inView() }),
    ]
}

// MARK: - Run records

extension WarehouseCatalog {
    static let runRecords: [WarehouseTable] = [
        WarehouseTable(
            "etl_run", layer: .etl, summary: "One row per run",
            notes: """
                Two kinds of run leave no `etl_run` row, because they stop before the run starts:

                - a run refused for its configuration, key or lock (exit 2 or 4);
                - a run with an unknown `--source`.

                A run killed in the middle stays `running` forever, with its `pid`. The next run is not blocked, because the
                lock dies with the process. `rongtong status` shows these rows.
                """,
            columns: [
                WarehouseColumn("run_id", .integer, "1, 2, 3, …: the order of runs.", key: true),
                WarehouseColumn("pipeline", .text, "The pipeline's `pipeline:` name.", notNull: true),
                WarehouseColumn("started_at", .text, "When the run started, ISO 8601 UTC.", notNull: true),
                WarehouseColumn("finished_at", .text, "When it finished, ISO 8601 UTC; NULL while running.", notNull: false),
                WarehouseColumn("status", .text, "The outcome.", codes: [
                    WarehouseCode("running", "not finished, or killed"),
                    WarehouseCode("succeeded"),
                    WarehouseCode("failed", "the error is in `message`; nothing of the failing stage was committed"),
                    WarehouseCode("partial", "completed, but at least one batch was held back over its threshold, exit 3"),
                ], notNull: true),
                WarehouseColumn("stages", .text, "The stages that ran, comma-separated: `extract,normalize,load`, or the ones chosen with `--stage`.",
                                notNull: true),
                WarehouseColumn("rows_read", .integer, "Records read by this run's extract, over all selected sources. Skipped, unchanged files count 0.",
                                notNull: true),
                WarehouseColumn("rows_loaded", .integer, "Records loaded by this run.", notNull: true),
                WarehouseColumn("rows_rejected", .integer, "Records this run rejected with severity error.", notNull: true),
                WarehouseColumn("message", .text, "The one-line error of a failed run, or the first held-back reason of a partial one.", extra: true),
                WarehouseColumn("pid", .integer, "The process id of the run.", extra: true),
            ]),
        WarehouseTable(
            "etl_batch", layer: .etl, summary: "One row per source file content",
            notes: """
                A file whose content is already in `etl_batch` with status `loaded` is never extracted again for that source,
                unless you use `--force`. A `held` batch is evaluated again at every load: it loads once the thresholds allow
                it, and until then every run ends `partial`. A batch that was only extracted or normalized (`--stage
                extract`/`normalize`) has no row here yet.
                """,
            columns: [
                WarehouseColumn("batch_id", .text, "`<source_id>-<first 16 hex digits of the file's SHA-256>`.", key: true),
                WarehouseColumn("run_id", .integer, "The last run that loaded or held this batch (→ `etl_run`).", notNull: true),
                WarehouseColumn("source_id", .text, "The pipeline source (→ `dim_source`).", notNull: true),
                WarehouseColumn("file", .text, "The absolute path the file was read from.", notNull: true),
                WarehouseColumn("sha256", .text, "The file's SHA-256, lowercase hex.", notNull: true),
                WarehouseColumn("bytes", .integer, "The file's size.", unit: .bytes, notNull: true),
                WarehouseColumn("rows_read", .integer, "Records read, including those the extractor rejected.", notNull: true),
                WarehouseColumn("rows_rejected", .integer, "Distinct records with an **error** reject.", notNull: true),
                WarehouseColumn("status", .text, "Whether the batch was loaded.", codes: [
                    WarehouseCode("loaded"), WarehouseCode("held", "over its reject threshold and not loaded"),
                ], notNull: true),
                WarehouseColumn("encoding", .text, "The encoding actually used (`auto` resolved to `utf-8` or `gb18030`).", extra: true),
                WarehouseColumn("rows_loaded", .integer, "Records written to the warehouse.", extra: true),
            ]),
        WarehouseTable(
            "etl_reject", layer: .etl, summary: "One row per broken rule",
            introduction: """
                The rules and their meanings are in [rejects.md](rejects.md). The rows of a batch are written when it is loaded
                or held, and replaced when it is loaded again.
                """,
            columns: [
                WarehouseColumn("run_id", .integer, "The run that loaded (or held back) the batch (→ `etl_run`).", notNull: true),
                WarehouseColumn("batch_id", .text, "The batch (→ `etl_batch`).", notNull: true),
                WarehouseColumn("source_id", .text, "The pipeline source (→ `dim_source`).", notNull: true),
                WarehouseColumn("record_number", .integer, "The 1-based record number in its file: the Nth CSV data row, XML record element, JSON array element or non-blank NDJSON line."),
                WarehouseColumn("field", .text, "The source field as the feed names it (`身份证号`), or NULL when the whole record is concerned."),
                WarehouseColumn("rule", .text, "The rule code, as listed in rejects.md.", notNull: true),
                WarehouseColumn("severity", .text, "How bad it is.", codes: [
                    WarehouseCode("error", "the record was not loaded"),
                    WarehouseCode("warning", "the record was loaded without that value"),
                ], notNull: true),
                WarehouseColumn("value", .text, "The offending value, masked where personal.", personal: .masked),
                WarehouseColumn("message", .text, "The human explanation.", notNull: true),
                WarehouseColumn("line", .integer, "The physical line where the record starts.", extra: true),
            ]),
        WarehouseTable(
            "etl_meta", layer: .etl, summary: "Facts about the warehouse itself", extra: true,
            columns: [
                WarehouseColumn("key", .text, "What the fact is.", codes: [
                    WarehouseCode("pii_key_fingerprint", "a public 16-hex fingerprint of the personal-data key; a run under a different key is refused, because its hashes would not link"),
                ], key: true),
                WarehouseColumn("value", .text, "The fact.", notNull: true),
            ]),
    ]
}

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
            var type = column.type.rawValue
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

// MARK: - The document around the tables

/// The order of docs/warehouse.md: explanatory prose (the hand-written sections about ids, linking, history and
/// runs) and the places where each table's generated section goes. A table not placed here is still rendered, at
/// the end, under "Other tables".
enum WarehouseDocument {
    enum Part {
        case prose(String)
        case table(String)
        case layers
    }

    static let parts: [Part] = [
        .prose(#"""
            # The warehouse

            <!-- Generated by `rongtong schema` from Sources/Load/Warehouse/WarehouseCatalog.swift. Do not edit: change the
                 catalog and run `make schema-doc`. A test fails when this file is stale. -->

            *This file is generated from the warehouse catalog (`rongtong schema`, source
            `Sources/Load/Warehouse/WarehouseCatalog.swift`); do not edit it by hand, run `make schema-doc`.
            `rongtong schema --format json` prints the same dictionary as JSON, and `make browse` shows the warehouse in
            Datasette with these descriptions.*

            The warehouse is one SQLite file, `warehouse/guizhou.sqlite` in the sample pipeline. Its tables are layered
            the way provincial platforms layer theirs:
            """#),
        .layers,
        .prose(#"""
            The tables, columns and meanings promised in `CONTRACT.md` never change name. Tables and columns marked
            *(extra)* below are Rongtong's own additions. They are useful, but outside the contract.

            ## General rules

            - **Personal data.** The warehouse never holds a resident ID or phone number in clear text. It holds only:
              - keyed hashes (HMAC-SHA256, lowercase hex), which are only comparable within this warehouse;
              - masks: `520102********123X`, `138****5678`.
            \#(WarehouseCatalog.personalDataList())
            - **Codes** (statuses, tenure, gender, levels, rules) are lowercase ASCII snake_case. Each column that holds
              codes lists them.
            - **Dates** are `YYYY-MM-DD`. **Timestamps** are ISO 8601 in UTC: `2023-10-31T18:15:02Z`.
            - **Flags** are INTEGER `1`/`0`, and NULL means unknown.
            - **One transaction per load.** Everything a load writes, including summaries and run counts, commits together
              or not at all. A crash or `kill -9` leaves the file as it was before the load began.
            - **Safe to read while a run writes.** The file is in WAL mode: readers see the last committed state. Open it
              with `sqlite3 -readonly`.
            - **Schema versions** are GRDB migrations, recorded in `grdb_migrations`. A newer Rongtong upgrades an older
              file on open. An older Rongtong refuses a file written by a newer one.
            - **The personal-data key** is fingerprinted in [`etl_meta`](#etl_meta). A run under a different key is
              refused, because its hashes would not link.

            ## Identifiers and their stability

            | id | form | derived from | stable? |
            |---|---|---|---|
            | `household_id` | `h` + 16 hex | The first record that created the household. With a valid ID: SHA-256 of `id:<head_id_hash>`. Without: SHA-256 of `place:<compound_id>\|<building>\|<unit>\|<room>\|<address>\|<head_name>\|<phone_hash>`. | Yes. It never changes once assigned, whatever later records add. It depends only on content, never on run number or input order, so rebuilding the warehouse from the same feeds under the same key reproduces it for households first seen with an ID. A household first seen without one may get another id in a rebuild that loads its records in a different order. When a household is merged into an older one, its id lives on as a row of `household_alias`. |
            | `compound_id` | `c` + 16 hex | SHA-256 of `<township code prefix>\|<match name>` (see [Compounds](#compounds)). | Yes. |
            | `facility_id` | `f` + 16 hex | SHA-256 of `<source_id>\|<record_key>` of the first record. | Yes, as long as the source keeps its name and record keys. |
            | `project_id` | the housing department's project number | The feed, or `<compound_id>-p<phase>` without one. | As stable as the department's numbering. |
            | `batch_id` | `<source_id>-<16 hex>` | The source name and the file's SHA-256. | Yes. The same content from the same source is always the same batch. |
            | `run_id` | 1, 2, 3, … | An increasing counter. | It is the order of runs. |
            | `source_id` | the pipeline's source `name` | | As long as you keep the name. |
            | region `code` | 12 digits | NBS 统计用区划代码 (GB/T 2260 extended) | Yes. |

            The hashes depend on the personal-data key. Under another key, every `head_id_hash` and `phone_hash`, and so
            every ID-based `household_id`, would be different. This is why the warehouse refuses a second key.

            ## Dimensions
            """#),
        .table("dim_region"),
        .table("dim_source"),
        .table("dim_compound"),
        .prose("## Households"),
        .table("dwd_household"),
        .table("household_source"),
        .table("dwd_household_history"),
        .prose(#"""
            ## Linking: how records become households

            The load stage takes each normalized household record (a *candidate*). It links the candidate to an existing
            household or creates a new one. Then it writes the household, its provenance row and, if anything changed, a
            history version.

            **Order.** Compound sources load first, then household sources, then facility sources. Within each entity,
            sources load in the order of the pipeline file. Within a source, batches go oldest extraction first. Within a
            batch, records go in file order. Everything is in one transaction, so a record sees the
            households that earlier records of the same load created. A duplicate row later in the same file links to the
            household its first occurrence created.

            **Compounds first.** Before any record is linked, every compound named in the batch with a township-level
            region is registered. A record whose address stops at the prefecture (`东升小区3-2-501`, context 贵阳市)
            then still finds the one 东升小区 in 贵阳市, and takes its township, whatever the record order.

            **Rules**, tried in this order; the first that matches gives the record its `match_rule` and `match_score`:

            | `match_rule` | `match_score` | evidence |
            |---|---|---|
            | *(kept)* | *(kept)* | The same source has sent this `record_key` before. The record stays with the household it was linked to, and keeps the rule and score that first linked it. This also keeps a household stable when its ID appears later. |
            | `id_hash` | 1.0 | An existing household has the same `head_id_hash`, i.e. the same head's resident ID (15- and 18-digit forms of one ID are equal). |
            | `address+name` | 0.95 if the names are equal, 0.85 if one character apart | The same `compound_id`, `building`, `unit` and `room` (a missing building or unit matches only a missing one), and head names that are equal or differ by one substituted, inserted or deleted character. For example, homophone typos such as 卢菊方/卢菊芳. Both names must be at least 2 characters long. The candidate needs a compound, a room and a head name. |
            | `phone+name` | 0.8 | The same `phone_hash`, and head names equal or one character apart. |
            | `new` | 1.0 | Nothing matched, so a new household is created. |

            **Two different valid IDs are never one household.** Every rule except `id_hash` skips an existing household
            that has a `head_id_hash` different from the candidate's, whatever else they share. This includes the
            kept-record rule: a record that now carries a different valid ID than its household's is linked afresh, and
            the move is recorded in [`household_relink`](#household_relink). When several households fit a rule, the one
            with the smallest `household_id` is taken.

            **Merged when the evidence says so, never deleted.** Every rule is tried, not only the first that matches.
            When one record's evidence points at two or more existing households that can be one (no two different valid
            IDs among them), for example the ID of one and the phone and name of another, they are merged into the oldest:
            the one first seen earliest, then the smallest `household_id`. Its id survives, and the others become rows of
            [`household_alias`](#household_alias). Their source records, field sources and conflicts move to the
            survivor, its empty columns are filled from them, and their current history versions are closed. Rongtong
            never deletes a household otherwise: one that disappears from every feed keeps its row, and its
            `last_seen_run` stops advancing.

            **Survivorship (which value wins).**

            - An empty value (NULL) never erases anything. A column that is still empty takes the first value offered.
            - **Default:** for a column with no `survivorship:` list in the pipeline, every non-empty value of the
              candidate overwrites the stored one. So the **last loaded** record with a value for that column decides it:
              the later source in the pipeline within a night, and the newer night across nights. The `record_date` of a
              record is not consulted.
              - This holds for flags too. If 民政 says 低保 = 是 and a grid feed loaded after it says `N`, the household
                ends with `is_low_income = 0`, unless `survivorship: {is_low_income: [civil-affairs]}` says otherwise.
            - **With a `survivorship:` list** for a column, a stored value is replaced only by a source ranked at least as
              high as the source that set it. A listed source outranks every unlisted one; see
              [pipeline-format.md](pipeline-format.md#survivorship-and-linking).
              - The masked ID follows the ID hash, and the masked phone follows the phone hash.
            - The compound pins the region: when the household's region is coarser than its compound's, and contains it,
              the household takes the compound's finer region.

            **Idempotence.**

            - Rerunning on unchanged input changes nothing: unchanged files are skipped by content hash.
            - A forced reload (`--force`) writes the same values again, so no new history version is written and
              `last_seen_run` does not move. Only `etl_batch.run_id`, `etl_reject.run_id` and the new `etl_run` row
              record that it happened.

            Merges and moved records are kept in the two tables that follow; both are *(extra)*.
            """#),
        .table("household_alias"),
        .table("household_relink"),
        .prose(#"""
            ### Survivorship records

            Both of these tables are *(extra)*. **`dwd_household_field_source`** records which source set each current
            value, and **`dwd_household_conflict`** where two sources disagree on an attribute.
            """#),
        .table("dwd_household_field_source"),
        .table("dwd_household_conflict"),
        .prose(#"""
            ### Compounds

            A compound name is compared by its **match name**:

            - Spaces and punctuation are removed.
            - One trailing kind suffix is removed, if at least two characters remain. The suffixes are 小区, 花园, 大院,
              宿舍, 院落, 家园, 新村, 公寓, 苑, 院 and 区.
            - So `东升小区`, `东升` and `东升 小区` are one compound. Note that `东升花园` in the same township is the same
              compound too.

            The comparison is made **within the region**. A name is looked up among the known compounds with the same match
            name whose region contains, or is contained in, the record's region, cut to township level:

            - If one is exactly in the record's township, it is used.
            - Otherwise, if exactly one fits, it is used.
            - Otherwise a new compound is created at the record's township, or at its coarser level when the record has no
              township. Its id is `c` + the first 16 hex digits of SHA-256(`<township code, trailing zero levels dropped>|<match name>`).

            Same-named compounds in different townships stay different compounds.

            ## Facilities and renovation projects

            Facility feeds (`entity: facility`) load into `dwd_facility`, `facility_source` and `dwd_facility_history`.
            The housing department's compound feeds (`entity: compound`) confirm compounds in `dim_compound` and fill the
            project library, `dwd_renovation_project`.

            **Facility linking**, tried in this order:

            | `match_rule` | `match_score` | evidence |
            |---|---|---|
            | *(kept)* | *(kept)* | The same source sent this `record_key` before. The facility and the earlier rule and score are kept. |
            | `type+distance+name` | `max(0.5, 1 − distance ÷ (2 × facility_distance_m))` | The same `facility_type`, within `linking.facility_distance_m` (default 50 m, WGS-84, great-circle distance), and similar names. Names count as similar when either is missing, one contains the other, they are one character apart, or they share most of their character pairs (沙冲小区南门充电桩 / 沙冲小区南门电动汽车充电站), unless the numbers in them differ (1栋充电桩 / 2栋充电桩). The closest match wins. |
            | `type+compound+name` | 0.8 | For a record without coordinates: the same type, the same compound, and a similar name. |
            | `same_evidence` | 0.9 | A keyless record whose content mints an id that already exists (the same row again). |
            | `new` | 1.0 | A new facility, with `facility_id` = `f` + 16 hex of SHA-256(`<source_id>\|<record_key>`); for a source without `record_key`, of the source and the record's type, name, coordinates and address. |

            Facility values: non-empty values overwrite and NULLs never erase (the pipeline's `survivorship:` lists
            apply to household columns only). Every change writes a new `dwd_facility_history` version.

            **Compound rows from the housing department** (`entity: compound`) find or create their `dim_compound` row by
            the same matching as household compounds. They set `confirmed_by_housing = 1`, take the name as written, and
            fill `area_type`, `built_year`, `address` and a finer `region_code` where given. A row with a project (a
            `project_id`, or renovation fields) also upserts `dwd_renovation_project`:

            - The key is `project_id`. Without one, it is `<compound_id>-p<phase>`, where a `（二期）` row is phase 2.
            - `project_type` is the row's `area_type` when that is `old_compound`, `shantytown` or `urban_fringe`.
            - A row whose name carries a phase (`（二期）`) counts as a project row even without other project fields.
            - Without an explicit status, `status` follows `progress`: `not_started` at 0, `completed` at 1,
              `in_progress` between.
            - Empty values never erase stored ones.
            """#),
        .table("dwd_facility"),
        .table("facility_source"),
        .table("dwd_facility_history"),
        .table("dwd_renovation_project"),
        .prose("## Summaries and views"),
        .table("dws_compound_summary"),
        .table("ads_special_difficulty_by_compound"),
        .table("ads_compound_facility_gaps"),
        .table("ads_source_coverage"),
        .table("ads_renovation_special_households"),
        .prose("## Run records"),
        .table("etl_run"),
        .table("etl_batch"),
        .table("etl_reject"),
        .table("etl_meta"),
        .prose(#"""
            ## The staging database (not part of the warehouse)

            `<warehouse>.staging.sqlite` (or `staging:`) joins the stages. It is **not** a contract, and its tables may
            change. It holds the feeds' records **in clear text**, so it is created with mode 0600. Keep it on the same
            protected disk as the feeds, and out of backups that leave that disk.

            | table | contents |
            |---|---|
            | `batch` | One row per extracted file: source, file, sha256, encoding, counts, columns seen, the run that extracted it and the run that normalized it. |
            | `raw_record` | Every record as read, as a JSON object of text fields (what `peek` prints). |
            | `reject` | The rejects of extract and normalize, masked, with their stage. |
            | `household_candidate`, `facility_candidate`, `compound_candidate` | The normalized records that load reads; household candidates are hashed and masked. |

            Deleting the staging file is safe: the warehouse remembers which file contents were loaded. Files still on
            disk that were never loaded (including held-back ones) are extracted again by the next run.
            `--stage normalize` and `--stage load` need the staging that the earlier stages filled.
            """#),
    ]
}
