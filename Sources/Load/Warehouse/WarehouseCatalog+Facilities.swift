import Foundation

// MARK: - Facilities and renovation projects

extension WarehouseCatalog {
    /// The attribute columns of a renovation project, in declaration order (`dwd_renovation_project` and each
    /// history version).
    static let projectAttributes: [WarehouseColumn] = [
        WarehouseColumn("compound_id", .text, "The compound renovated (→ `dim_compound`); of a project covering several, the first its last row named, and all of them in `dwd_renovation_project_compound`."),
        WarehouseColumn("project_type", .text, "The programme: the compound's `area_type` when it is one of these, else NULL. A project written as one row per compound under one 项目编号 takes the type of the first of its rows in the file that gives one (棚户区, 老旧小区, 老旧小区 → `shantytown`, whatever the row order after it); each compound keeps its own row's type as its `area_type`. A later delivery's first row sets it again.",
                        codes: Array(areaTypes.prefix(3))),
        WarehouseColumn("scope", .text, "The renovation scope (改造范围)."),
        WarehouseColumn("content", .text, "The renovation content (改造内容); a list of items (`<改造内容><项>路灯改造</项><项>消防设施</项></改造内容>`) keeps every item, joined with `、` as the office sheets write them (`路灯改造、消防设施`)."),
        WarehouseColumn("progress", .real, "How far the project has come: 0 not started, 1 completed. An approximate word (过半 0.5, 基本完工 0.9) does not replace a stored exact progress at or above it and below 1.", unit: .ratio),
        WarehouseColumn("investment_yuan", .real, "The investment, in yuan (`万元` and `亿元` amounts multiplied out).", unit: .yuan),
        WarehouseColumn("planned_start", .text, "The planned start, `YYYY-MM-DD` where known."),
        WarehouseColumn("planned_end", .text, "The planned end, `YYYY-MM-DD` where known."),
        WarehouseColumn("status", .text, "The project's status. Without an explicit status it follows `progress`: `not_started` at 0, `completed` at 1, `in_progress` between; `unknown` without either.",
                        codes: projectStatuses),
        WarehouseColumn("phase", .integer, "The phase (期) a row named: 2 for `（二期）`; NULL when no row named one (read as phase 1). A row sent without its `项目编号` updates the one project of its compound and phase, or of several the one not completed."),
    ]

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
        WarehouseColumn("capacity_unit", .text, "The unit of `capacity` as the feed gives it, common spellings made one (`KW`, `千瓦` → `kW`), or, for a bare number, the record's `capacity_unit` field or the unit the source declares (`units:` in the pipeline file); NULL for a bare number with neither."),
        WarehouseColumn("status", .text, "The operating status. `out_of_service` also for one withdrawn (退网, 已拆除) or that its record now says is not there (无此设施).", codes: facilityStatuses),
        WarehouseColumn("owner", .text, "The owning or operating organisation."),
        WarehouseColumn("built_year", .integer, "The year it was built."),
    ]

    static let facilities: [WarehouseTable] = [
        WarehouseTable(
            "dwd_facility", layer: .dwd, summary: "One row per real facility",
            columns: [WarehouseColumn("facility_id", .text, "`f` + 16 hex, stable: from the source and record key of the first record (keyless sources: from its content).", key: true)]
                + facilityAttributes + [
                    WarehouseColumn("first_seen_run", .integer, "The run that created the facility (→ `etl_run`).", notNull: true, extra: true),
                    WarehouseColumn("last_seen_run", .integer, "The last run that loaded a new delivery (a content not loaded before, or one back after another delivery of its path replaced it) containing a record of this facility, as for households.",
                                    notNull: true, extra: true),
                    WarehouseColumn("type_label", .text, "The facility type as the last record that gave one wrote it (`垃圾站`, `箱式变压器`, `5G基站（楼顶）`). A facility no record named (`name` NULL) is matched by it: see [Facilities](#facilities-and-renovation-projects).",
                                    extra: true),
                ]),
        WarehouseTable(
            "facility_source", layer: .provenance, summary: "Which source records make up each facility",
            introduction: "As `household_source`, for facilities: one row per source record.",
            columns: sourceRecordColumns(entity: "facility", entityColumn: "facility_id", entityTable: "dwd_facility", rules: facilityRules)
                + [WarehouseColumn("record_digest", .blob, "As in `household_source`: two bytes per tracked value the record offered when last loaded. The same record sent again unchanged is only marked seen, and takes no value back from the other feed; a changed record takes only the values it changed. Declared TEXT, holding BLOBs (`typeof(record_digest)` is `blob`). NULL for records loaded before Rongtong kept it (a hex TEXT before it kept one per value).", extra: true, declaredAs: .text)]),
        WarehouseTable(
            "facility_alias", layer: .provenance, summary: "Ids of facilities merged into an older one", extra: true,
            introduction: """
                Two facilities that a wrong value kept apart (a coordinate 10 km off) are merged into the older one when a
                record seen before comes with corrected values that link it to the other by the rules of
                [Facilities](#facilities-and-renovation-projects), unless a source lists the two as records under two keys.
                The older id survives with its values, taking the other's where it has none and the values the
                correcting record just changed (its point, its new status); the other id is kept here.
                """,
            notes: """
                ```sql
                -- the current id of any facility id, old or current
                SELECT COALESCE((SELECT facility_id FROM facility_alias WHERE alias_id = :id), :id);
                ```
                """,
            columns: [
                WarehouseColumn("alias_id", .text, "The id of the facility that was merged away (`f…`).", key: true),
                WarehouseColumn("facility_id", .text, "The surviving facility (→ `dwd_facility`). When the survivor is merged in turn, its aliases move on to the new survivor.",
                                notNull: true),
                WarehouseColumn("merged_run", .integer, "The run that merged it.", notNull: true),
                WarehouseColumn("rule", .text, "The linking rule whose evidence pointed at the surviving facility.",
                                codes: Array(facilityRules.prefix(2)), notNull: true),
            ]),
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
                The values a project had on earlier runs are kept in `dwd_renovation_project_history`.
                """,
            columns: [
                WarehouseColumn("project_id", .text, "The housing department's project number (项目编号); without one, `<compound_id>-p<phase>`, where a `（二期）` row is phase 2.",
                                key: true),
            ] + projectAttributes),
        WarehouseTable(
            "dwd_renovation_project_history", layer: .dwd, summary: "Versions of each renovation project (type-2 slowly changing dimension)",
            introduction: """
                As `dwd_facility_history`, for renovation projects: the attribute columns are those of `dwd_renovation_project`,
                and a run that changes any of them (progress 70% → 85%, a revised investment, a new status) writes a new
                version and closes the one before. A run that changes nothing writes none; several rows of one project in a
                run (one per compound, or the provincial library and the office's sheet) make one version, the project as
                the run left it. Projects stored before the table existed start with one version from the last run before it.
                """,
            notes: """
                ```sql
                -- QXG-2023-004's progress and investment, night by night
                SELECT valid_from_run, valid_to_run, progress, investment_yuan, status
                FROM dwd_renovation_project_history WHERE project_id = 'QXG-2023-004' ORDER BY valid_from_run;
                ```
                """,
            columns: [
                WarehouseColumn("project_id", .text, "The project (→ `dwd_renovation_project`).", key: true, notNull: true),
                WarehouseColumn("valid_from_run", .integer, "The run that created this version.", key: true, notNull: true),
                WarehouseColumn("valid_to_run", .integer, "The run that replaced it, or NULL for the current version."),
            ] + projectAttributes.map { $0.with(meaning: "In this version: " + lowercasedFirst($0.meaning), notNull: false) }),
        WarehouseTable(
            "dwd_renovation_project_compound", layer: .dwd, summary: "Every compound a renovation project covers",
            introduction: """
                One row per project and compound. A project covering several compounds (`<小区列表>` with two `<小区>`, or
                one row per compound under one 项目编号) has a row for each; `dwd_renovation_project.compound_id` holds
                one of them. Rows are only added.
                """,
            columns: [
                WarehouseColumn("project_id", .text, "The project (→ `dwd_renovation_project`).", key: true, notNull: true),
                WarehouseColumn("compound_id", .text, "A compound it renovates (→ `dim_compound`).", key: true, notNull: true),
            ]),
    ]
}
