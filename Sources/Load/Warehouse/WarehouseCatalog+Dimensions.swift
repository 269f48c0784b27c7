import Foundation

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
            introduction: "Every source of the pipeline is upserted at every load, including the sources not selected with `--source`. A source renamed or removed in the pipeline keeps its row, and its records and values keep naming it (see [Renaming or removing a source](pipeline-format.md#renaming-or-removing-a-source)).",
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

                A compound the housing department's list did not confirm stays only while something refers to it: at the
                end of every load, in its transaction, a compound in which no household or facility lies and which no
                renovation project names leaves `dim_compound` and `dws_compound_summary` (a misspelt name such as
                `洪三小区` for `洪山小区`, or a township taken for a compound, once the feed corrected it and every
                household moved on; the name of a record whose compound lost to another source's; a compound made up
                above its township once its households joined a township's compound of the name, whose id then resolves
                through [`compound_merged`](#compound_merged)). History versions
                keep the `compound_id` they had. A record naming it again makes it again, with the same id. A compound
                the list confirmed is never removed.
                """,
            columns: [
                WarehouseColumn("compound_id", .text, "`c` + 16 hex, stable: derived from the township and the match name.", key: true),
                WarehouseColumn("name", .text, "The name as first seen, its punctuation as written (`东升小区`, `龙&凤苑`, `万科·金域华府`; a name first seen above its township can take the county's name in front: see [Compounds](#compounds)), or as the housing department writes it once it has confirmed the compound. A housing feed's spelling that only adds kind words at the end or a street in front of the name a housing feed gave (`二戈寨职工新村小区`, `中华路纺织厂宿舍` for `二戈寨职工新村`, `纺织厂宿舍`) does not replace it, and the name without them replaces the one with them, whichever feed is loaded last.", notNull: true),
                WarehouseColumn("match_name", .text, "The name used for matching: no spaces or punctuation (`龙&凤苑`, `龙+凤苑` and `龙凤苑` are one), the trailing kind suffixes removed, misspelt ones too (`东升`; 金桂花园小区, 金桂花园, 金桂小区 and 金桂花圆 all give `金桂`; 烟草宿社 gives `烟草`, 长征新邨 `长征`; a compound kept apart from one of its stem by another kind word keeps the kind word: `测水红新村` beside `测水红` for 测水红花园, see [Compounds](#compounds)), and numbers in Arabic digits without an ordinal's 第 or leading zeros (水钢一村, 水钢1村, 水钢第一村 and 水钢01村 all give `水钢1村`: one compound; 水钢廿一村 gives `水钢21村`). Within a township one typo is tolerated: a character of the kind suffix (幸福家苑 = 幸福家园), or any one character when both stems have three characters or more and fewer than two dwellings of the file being loaded write the spelling (counted before any of its records is linked, so whichever record comes first; a spelling two or more dwellings write is a compound of its own: 碧水苑 and 碧云苑, each written by households of their own, are two compounds; a name taken for such a typo is warned of, naming both spellings, [`compound_typo`](rejects.md#compound_typo)), or an employer's kind word (厂, 矿, 局, 公司, 总厂) left out after the employer's name, the rest spelled alike (虹轴宿舍 = 虹轴厂宿舍, 烟草宿舍 = 烟草局宿舍); short stems tolerate no other typo (东升小区 ≠ 东山小区), and never where the names differ in a number (水钢一村 ≠ 水钢二村) or a section (云晖花园东区 ≠ 云晖花园西区, A区 ≠ B区). A name in the housing department's compound list is never a typo of a compound that list confirmed (农业局宿舍 ≠ 林业局宿舍); it can correct the spelling of one a household or facility feed created. A name with the owning government's level word in front (州, 市, 县, 区, standing for the record's prefecture or county: `州供销社宿舍` in 都匀市 of 黔南州) and the name without it (`供销社宿舍`, as utility feeds write it without a township) are one compound in the county; see [Compounds](#compounds).",
                                notNull: true, extra: true),
                WarehouseColumn("region_code", .text, "The finest known division (→ `dim_region`): the community (社区, 村) when a housing-department row placed it there (a 社区 column, or the community written in front of the name: `松桃路社区金竹花园`), else the township when a record placed it there, or coarser. A housing row never moves it to a coarser division: a project row naming only the 街道 of a compound the list placed in its 社区 leaves the community, whichever feed or run came first; a row placing it at another division of the same level (a list correcting the community) moves it. A compound first known only at its county (a housing list without a township column) moves to the township of the first record that places it in one; records naming only the compound then find it there, and its households and facilities take the township too (the compound pins the region). When the batch that first places it names it in two or more townships of its region, it stays at the county; a township outside its region does not count (a registry's 小区 column naming 机械厂宿舍 beside a 户籍 address in another prefecture)."),
                WarehouseColumn("area_type", .text, "The area type of the renovation programme (两区一部), from the housing department's feed; NULL until one names it.",
                                codes: areaTypes),
                WarehouseColumn("built_year", .integer, "The year the compound was built, from the housing department's feed, or NULL."),
                WarehouseColumn("address", .text, "The compound's address, from the housing department's feed, or NULL: its address column, else its divisions and the compound's name (`贵州省遵义市红花岗区老城街道大兴路社区丹桂小区`). A row placing the compound coarser than it is stored (a project row with a 街道 column only) does not replace it, and only fills an empty one. When the compound's region is refined to a township (the feed named only the county), the address gains the township's name."),
                WarehouseColumn("confirmed_by_housing", .integer, "1 once a housing-department compound feed has confirmed the compound; 0 while it is known only from household or facility feeds.",
                                notNull: true, extra: true),
                WarehouseColumn("first_seen_run", .integer, "The run that created the row (→ `etl_run`).", extra: true),
                WarehouseColumn("last_seen_run", .integer, "The last run that loaded a new delivery (as for households' `last_seen_run`) with a record naming the compound (a household's, a facility's or a housing row's). A forced reload does not advance it, nor does an unchanged file skipped.", extra: true),
            ]),
        WarehouseTable(
            "compound_alias", layer: .provenance, summary: "Former names of renamed compounds", extra: true,
            introduction: """
                A housing row that writes a compound with its other name in brackets (`金叶苑（原烟草局宿舍）`,
                `金叶苑(曾用名烟草局宿舍)`, `烟草局宿舍（现金叶苑）`) renames the compound: the compound of the former name keeps
                its `compound_id` (its households, facilities and projects stay with it) and takes the present name and its
                match name, and the former name is kept here. A record of any feed naming the former name (a utility's
                `烟草局宿舍`) finds the compound through it, in the compound's region. When no compound of the former name
                exists yet, the present name's compound is found or created and the former name kept all the same.
                A list that writes former names in a column of their own (`曾用名`, `原名`: the field `former_names`, one or
                several names a cell, `纺织厂宿舍、棉纺厂宿舍`) does the same: the first former name whose compound exists
                in the row's region is renamed, and every former name is kept here for the one compound.
                """,
            columns: [
                WarehouseColumn("match_name", .text, "The former name's match name (as `dim_compound.match_name`).", key: true, notNull: true),
                WarehouseColumn("compound_id", .text, "The renamed compound (→ `dim_compound`).", key: true, notNull: true),
                WarehouseColumn("name", .text, "The former name as the row wrote it (`烟草局宿舍`).", notNull: true),
                WarehouseColumn("renamed_run", .integer, "The run whose row first wrote the former name (→ `etl_run`).", notNull: true),
            ]),
        WarehouseTable(
            "compound_merged", layer: .provenance, summary: "Ids of made-up compounds whose households joined a township's compound", extra: true,
            introduction: """
                A record that names no township, whose compound name fits compounds of several townships, gets a compound
                of that name made up at its own, coarser region (see [Linking](#linking-how-records-become-households)).
                When a later run's record places such a household's flat in one of those townships, the household moves to
                that township's compound, and a row here says so: the made-up compound's id and the compound it joined.
                Once no household, facility or project refers to the made-up compound, it leaves `dim_compound`,
                `dws_compound_summary` and the `ads_` views at the end of that load, as every unused compound does, and its
                id still resolves through this table to the compound or compounds its households are in. A compound
                made up and emptied within one load was never shown, and has no row. A record placed at the coarser region
                naming the compound again makes it again, with the same id.
                """,
            notes: """
                ```sql
                -- the compounds an id stands for: itself while it exists, else those its households joined
                SELECT compound_id FROM dim_compound WHERE compound_id = :id
                UNION SELECT merged_into FROM compound_merged WHERE compound_id = :id
                  AND NOT EXISTS (SELECT 1 FROM dim_compound WHERE compound_id = :id);
                ```
                """,
            columns: [
                WarehouseColumn("compound_id", .text, "The made-up compound's id (`c…`); in `dim_compound` only while something still lies in it.", key: true, notNull: true),
                WarehouseColumn("merged_into", .text, "The township's compound a household of it joined (→ `dim_compound`): one row for each.", key: true, notNull: true),
                WarehouseColumn("name", .text, "The made-up compound's name.", notNull: true),
                WarehouseColumn("region_code", .text, "The made-up compound's region, above a township (→ `dim_region`)."),
                WarehouseColumn("merged_run", .integer, "The run in which a household of it first joined `merged_into` (→ `etl_run`).", notNull: true),
            ]),
    ]
}
