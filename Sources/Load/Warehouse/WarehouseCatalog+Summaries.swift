import Foundation

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
        WarehouseColumn("missing_basic_types", .text, "The basic facility types the compound lacks, comma-separated in the order listed, or empty. A type counts as present only with a facility whose `status` is `in_service`, `unknown` or empty: a demolished, broken, planned or unbuilt one leaves the gap (`facilities_by_type` still counts it).",
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
                the same transaction. There is one row per compound. A load that is small against the warehouse (under an
                eighth of its households and facilities) rebuilds only the rows of the compounds it touched; the result
                is the same.
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
            introduction: "Ordered by `area_type` (compounds without one last), then `gap_count`, highest first.",
            columns: ["compound_id", "name", "region_code", "area_type", "missing_basic_types"].map(summaryColumn) + [
                WarehouseColumn("gap_count", .integer, "How many basic facility types the compound lacks, 0–6.", computed: true),
            ]),
        WarehouseTable(
            "ads_source_coverage", .view, layer: .ads, summary: "How much each feed contributes",
            notes: """
                ```sql
                SELECT * FROM ads_source_coverage;
                ```

                `household_records` and `households` count every record of the source the warehouse holds provenance of
                (`household_source`), not only what its latest delivery still lists: a case a whole list
                (`absent_means:`) has since dropped, a record taken out by its status (`absent_when:`), and a census
                key no delivery has carried since an earlier night all still count. What the source's latest load still
                offers: records whose `record_digest` is set (a dropped or taken-out record has it cleared; records
                loaded by a Rongtong before per-value digests have none) in a batch of that load:

                ```sql
                SELECT hs.source_id, COUNT(*) AS household_records, COUNT(DISTINCT hs.household_id) AS households
                FROM household_source hs JOIN etl_batch b ON b.batch_id = hs.batch_id
                WHERE hs.record_digest IS NOT NULL
                  AND b.last_run_id = (SELECT MAX(last_run_id) FROM etl_batch x
                                       WHERE x.source_id = hs.source_id AND x.status = 'loaded')
                GROUP BY hs.source_id;
                ```

                A file unchanged since an earlier night is skipped and keeps that night's run: for a source delivered
                as one file, its latest batch is its latest delivery whether or not it changed, but the pages or
                county files of a source that did not all change tonight are only partly counted by this query.
                """,
            columns: dimensions[1].columns.filter { ["source_id", "owner", "entity"].contains($0.name) }.map { $0.inView() } + [
                WarehouseColumn("household_records", .integer, "Rows of `household_source` from this source.", computed: true),
                WarehouseColumn("households", .integer, "The distinct households those records belong to.", computed: true),
                WarehouseColumn("facility_records", .integer, "Rows of `facility_source` from this source.", computed: true),
                WarehouseColumn("rejected_records", .integer, "Rows of `etl_reject` with severity `error` (one per broken rule) in the batches of the source's latest load (the last run that loaded or held back a batch of it, `etl_batch.last_run_id`); earlier nights' rejects stay in `etl_reject`.",
                                computed: true),
            ]),
        WarehouseTable(
            "ads_renovation_special_households", .view, layer: .ads,
            summary: "Special-difficulty households in compounds with a renovation project not completed",
            introduction: "For the door-to-door check (排查) before renovation. A household appears when any of its five flags is 1 (`is_low_income`, `is_extreme_poverty`, `has_disabled_member`, `has_elderly_alone`, `has_left_behind_child`; NULL, unknown, counts as not) and its compound (`dwd_household.compound_id`) has a project that is not `completed`: `not_started`, `in_progress` and `unknown` (a status no one could read, or none given) all count as unfinished. It appears once per such project of its compound (every compound a project covers, from `dwd_renovation_project_compound`). A household without a compound appears in none.",
            columns: [
                households[0].column("household_id")!.inView(),
                householdAttributes[1].inView().with(meaning: "The household's compound (→ `dim_compound`)."),
                WarehouseColumn("compound_name", .text, "The compound's name, from `dim_compound`."),
                WarehouseColumn("project_id", .text, "The unfinished project (→ `dwd_renovation_project`)."),
                WarehouseColumn("project_status", .text, "The project's status.", codes: projectStatuses),
            ] + householdAttributes.filter { householdFlags.contains($0.name) }.map { $0.inView() }),
    ]
}
