import Foundation

// MARK: - Households

extension WarehouseCatalog {
    /// The attribute columns of a household, in declaration order (`dwd_household` and each history version).
    static let householdAttributes: [WarehouseColumn] = [
        WarehouseColumn("region_code", .text, "The finest division resolved (12 digits, → `dim_region`), from the address, `region_code`, context or compound. It may be as coarse as the prefecture, or NULL."),
        WarehouseColumn("compound_id", .text, "The compound (→ `dim_compound`), or NULL."),
        WarehouseColumn("building", .text, "The building number as text: `3` (or `A`, `1-1`); in a phase the address names, the phase first: `2期3` for `幸福小区二期3栋` (3栋 of 一期 and of 二期 are two buildings of one compound); without a building number the phase is not kept (the door 17 of `杉树林片区一期17号` is the area's door 17, whether a feed writes the phase or not)."),
        WarehouseColumn("unit", .text, "The unit (单元) number as text: `2`."),
        WarehouseColumn("room", .text, "The room number as text: `501`.", personal: .clear),
        WarehouseColumn("address", .text, "The normalized full address: `贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室`.", personal: .clear),
        WarehouseColumn("head_name", .text, "The head of household (户主), as a record wrote it without a mark of the head (`(户主)`, `户`); of two spellings of one name, the one without a lost character, then the simplified one (see [Linking](#linking-how-records-become-households)).", personal: .clear),
        WarehouseColumn("head_id_hash", .text, "The keyed hash of the head's normalized 18-character resident ID. NULL when no valid ID was ever seen.",
                        personal: .hashed),
        WarehouseColumn("head_id_masked", .text, "The head's resident ID, masked: `520102********123X`. Only from a valid ID: an ID a feed sends masked (`522701********5055`) is not stored, but one whose visible digits differ from these keeps its record out of the household by name.", personal: .masked),
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

    /// What `household_source.match_rule` says of a record seen before: a new head the household keeps replaces the
    /// rule that first linked it (trial persons finding 3).
    static let householdLinkedNote = "How the record was linked the last time its source sent it. A record seen before keeps the rule (and `match_score`) that linked it while it comes back as it was linked; one that comes back naming a new head whom its household keeps (`member_id`, `member_name`, `key+place`: the same `household_id`) records that rule and its score instead (`member_id` 0.95 where the first night said `new` 1.0), and one linked afresh (a move, see `household_relink`; a key that now names another household) the rule that linked it: the rule that first linked a record is not kept."

    /// The columns of a provenance table linking source records to an entity (`household_source`, `facility_source`).
    static func sourceRecordColumns(entity: String, entityColumn: String, entityTable: String,
                                    rules: [WarehouseCode],
                                    linkedNote: String = "How the record was linked; a record seen before keeps the rule that first linked it.",
                                    rulesNote: String = "") -> [WarehouseColumn] {
        [
            WarehouseColumn(entityColumn, .text, "The \(entity) the record belongs to (→ `\(entityTable)`).", notNull: true),
            WarehouseColumn("source_id", .text, "The source (→ `dim_source`).", key: true, notNull: true),
            WarehouseColumn("record_key", .text, "The source's own key (`record_key:` in the pipeline, e.g. `序号`, `case_no`, `AS-000123`). Without one, it is the record number as text. A key that is or holds a resident ID (a 残联 list keyed by `身份证号`, or by the `残疾证号`, the ID and two digits) holds it only as its keyed hash, the one `head_id_hash` holds: `id:<hash>` for the ID (its 15- and 18-digit forms alike, and an ID with a wrong check character or Excel's `000` as written), the ID replaced by `[id:<hash>]` in a longer key (`[id:<hash>]51`); a masked ID is kept as written.",
                            key: true, notNull: true),
            WarehouseColumn("batch_id", .text, "The last batch that carried this record (→ `etl_batch`); for a source without `record_key:`, the batch it came in.",
                            key: true, notNull: true),
            WarehouseColumn("match_rule", .text, "\(linkedNote)\(rulesNote)",
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
                    WarehouseColumn("last_seen_run", .integer, "The last run that loaded a **new** delivery (a file content not loaded before, or one loaded before that another delivery of its path replaced since: census A, B, then A again) containing a record of this household. A forced reload does not advance it. A feed file that did not change since last night is skipped, so it does not advance it either. A record whose status says the household left (`absent_when:`, the police register's 注销) is no sighting and does not advance it. It therefore means \"last reported in a new file\", not \"present in tonight's feed\".",
                                    notNull: true),
                    WarehouseColumn("phone_hash", .text, "The keyed hash of the phone digits, used for linking.", personal: .hashed, extra: true),
                ]),
        WarehouseTable(
            "household_source", layer: .provenance, summary: "Which source records make up each household",
            introduction: "There is one row per source record. It says which household the record belongs to, and how the record was linked.",
            notes: """
                For a source with a `record_key:`, a record that arrives again, in a new file of the same source or a reload,
                **updates** its row instead of adding one. So `record_key` must be unique within a source (see
                [pipeline-format.md](pipeline-format.md#record_key)). A record whose key an earlier record of its file already
                holds ([`duplicate_record_key`](rejects.md#duplicate_record_key)) is keyed `<key>#<occurrence>` (`GZ-007#2`,
                the second record keyed `GZ-007`): the same in every delivery of the file, so it too updates its own row, and a row
                pasted twice counts as two records every night, not one more each night. A source without `record_key:` is told apart by
                batch as well, because record numbers mean nothing across files.
                """,
            columns: sourceRecordColumns(entity: "household", entityColumn: "household_id", entityTable: "dwd_household", rules: householdRules + householdRecordRules,
                                         linkedNote: householdLinkedNote,
                                         rulesNote: " \(householdTieNote) \(householdTieScoreNote)")
                + [WarehouseColumn("record_digest", .blob, "Two bytes per value the record offered when last loaded (a short digest of each), in the order of the household's value columns: the same record sent again unchanged is only marked seen, and a value it offers again unchanged takes nothing over. Declared TEXT (the column was added so), but SQLite keeps each value's own type: `typeof(record_digest)` is `blob`; compare with `x'…'` literals or `hex(record_digest)`. A TEXT value (one hex digest of the whole record) for records loaded by an earlier Rongtong and not loaded since; NULL before that, and for a record dropped or taken out.", extra: true, declaredAs: .text)]),
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
                version of the household merged away; the survivor gets a new version only when the merge changes one of its
                attribute columns (a value taken over from the household merged away), and otherwise keeps its current one.
                Versions are never deleted: a household created and merged away in the same run keeps its one version with
                `valid_from_run` = `valid_to_run` (it never stood at the end of a run, so the "as it was after run N"
                query below never returns it).

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

                The last run is not always the last night: a night whose batch was held back and then loaded with
                `--force`, or a `--source` rerun after a failed night, takes two runs or more, and the last of them may
                have changed nothing. To ask about a night, take its runs by `etl_run.started_at` (UTC: add 8 hours for
                Beijing time) and compare each household as it was before the night's first run with how it was after
                its last run (a change made and undone within the night does not show):

                ```sql
                -- households whose 低保 status changed during the night of 2023-10-07 (runs started that day, Beijing time)
                WITH night AS (SELECT MIN(run_id) AS first_run, MAX(run_id) AS last_run FROM etl_run
                               WHERE date(started_at, '+8 hours') = '2023-10-07')
                SELECT after.household_id, before.is_low_income AS before, after.is_low_income AS after
                FROM night
                JOIN dwd_household_history after ON after.valid_from_run <= night.last_run
                     AND (after.valid_to_run IS NULL OR after.valid_to_run > night.last_run)
                JOIN dwd_household_history before ON before.household_id = after.household_id
                     AND before.valid_from_run < night.first_run
                     AND (before.valid_to_run IS NULL OR before.valid_to_run >= night.first_run)
                WHERE after.is_low_income IS NOT before.is_low_income;
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
                WarehouseColumn("rule", .text, "The linking rule by which the record that showed the two households to be one matched the second of them (its first match being its own earlier household or its strongest evidence). That household is the one merged away or the survivor, whichever was first seen later, so the rule may be the evidence pointing at the survivor (`id_hash` when a record linked to the younger household by its key now gives the older one's ID). `relinked` for a household retired because its last record moved to this one, first seen no later than it; `head_listed_as_member` for a household whose head joined this one (合户). \(householdTieNote)",
                                codes: Array(householdRules.dropLast())
                                    + [WarehouseCode("relinked", "the household's last record moved here with a corrected ID (see `household_relink`)"),
                                       WarehouseCode("head_listed_as_member", "合户: a source with a stable `record_key` listed the merged-away household's head (by resident ID) as a member of this household, and no longer delivers the merged-away household's own record; this household's values stand")],
                                notNull: true),
            ]),
        WarehouseTable(
            "household_member", layer: .provenance, summary: "The members a household's records named, hashed", extra: true,
            introduction: """
                Each record names its head, and some list the other members too: a registry's `成员列表` (with 姓名 and
                身份证号), the member rows of a census of one row per person (`rows: person`), a census's one cell of
                members (`张三(户主)、李芳(妻)、张小(子)`: names, without IDs). The household remembers them
                here, hashed under the pipeline's key as `head_id_hash` is (never the ID or name itself); also a head's ID
                once another head took over (the records that still name the earlier head stay), and the ID of a new head
                who took over while a higher-ranked source still names the earlier one. A record whose
                valid head ID is not its household's, but a member's of it, is the same household with a new head (the
                head died or moved out, and the spouse or a son took over): see `member_id` and `member_name` under
                [Linking](#linking-how-records-become-households). The other way round, a record listing a household's
                head among its members at the household's place is that household written from another member's side
                (`member_is_head`); its own head is then remembered here as a member.
                """,
            columns: [
                WarehouseColumn("household_id", .text, "The household (→ `dwd_household`). Rows move with a merge.", key: true, notNull: true),
                WarehouseColumn("kind", .text, "What is hashed.",
                                codes: [WarehouseCode("id", "a resident ID, hashed as `head_id_hash`"),
                                        WarehouseCode("name", "a name, its traditional characters simplified; not one the sender masked or lost a character of (`韦某某`, `杨?祥`)")],
                                key: true, notNull: true),
                WarehouseColumn("member_hash", .text, "The HMAC-SHA256 hash (hex).", personal: .hashed, key: true, notNull: true),
                WarehouseColumn("source_id", .text, "The source whose record named the member (→ `dim_source`).", key: true, notNull: true),
                WarehouseColumn("last_seen_run", .integer, "The last run in which a record of that source named the member for this household. The next delivery of a record of that source that no longer lists the member (a 分户 son, a member who died) removes the row; a former head of the household stays. The household's current head has no row of a source whose record no longer lists him or her as a member (the widow its record now names as 户主).", notNull: true),
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
            "dwd_household_field_source", .view, layer: .provenance, summary: "Which source set each current household value",
            extra: true,
            introduction: "See [Survivorship records](#survivorship-records). One row per household and column, read from `household_field_owner` and `household_column`.",
            columns: [
                WarehouseColumn("household_id", .text, "The household (→ `dwd_household`)."),
                WarehouseColumn("column_name", .text, "The `dwd_household` column."),
                WarehouseColumn("source_id", .text, "The source whose value the household holds (→ `dim_source`)."),
                WarehouseColumn("run_id", .integer, "The run in which that source took the column over. A later change by the same source keeps this run; `dwd_household_history` tells when the value changed. So does a value a record offers again unchanged: after a mapping fixed and its files loaded again, a value the fix left as it was keeps the run that first set it, and one the fix changed keeps it too when the same source held the column (a source renamed in the pipeline is another source: see [Renaming or removing a source](pipeline-format.md#renaming-or-removing-a-source)). A column a household took from one merged into it is the survivor's from the merge's run (the run its history version shows the value in), unless the same source already held it there."),
            ]),
        WarehouseTable(
            "household_field_owner", layer: .provenance, summary: "The stored form of `dwd_household_field_source`",
            extra: true,
            introduction: """
                One row per household, source and run, holding the set of columns whose current value that source
                set in that run: a new household costs one small row instead of one per column. Query
                `dwd_household_field_source` instead; this table is what it is computed from.
                """,
            columns: [
                WarehouseColumn("household_id", .text, "The household (→ `dwd_household`).", key: true, notNull: true),
                WarehouseColumn("source_id", .text, "The source (→ `dim_source`).", key: true, notNull: true),
                WarehouseColumn("run_id", .integer, "The run in which the source took these columns over.", key: true, notNull: true),
                WarehouseColumn("column_bits", .integer, "The columns, one bit each: bit `n` set means the column whose `household_column.bit` is `n`.", notNull: true),
            ]),
        WarehouseTable(
            "household_column", layer: .provenance, summary: "The bit that stands for each household column in `household_field_owner`",
            extra: true,
            introduction: "Fixed by the schema; a column added later takes the next bit.",
            columns: [
                WarehouseColumn("bit", .integer, "The bit's position, from 0.", key: true),
                WarehouseColumn("column_name", .text, "The `dwd_household` column.", notNull: true),
            ]),
        WarehouseTable(
            "dwd_household_conflict", layer: .provenance, summary: "Where two sources disagree on a household attribute",
            extra: true,
            notes: """
                There is one row per household, column and pair of disagreeing sources (reloading the same feeds in
                another order updates `kept_source`, it adds no row). Two addresses of the same flat (the same compound,
                building, unit and room, one with a road and door number the other leaves out) are no disagreement, nor
                is a place written less precisely than the other (see *Survivorship*), also when two households merge.
                A source ranked higher that takes over the household's value with the very same value (公安's 测马玉 after the
                census's) takes over its disagreements too: each source whose row named the former owner as kept (民政's
                测马晓) is now overruled by the new owner (`kept_source` 公安), as when the higher-ranked source had loaded first.
                A source that changes its own value (民政's case ended by its status, `状态: 已退保`, or dropped from its
                whole list) disagrees with each other source whose record still offers the value it replaced (the grid's
                是): one row each, as when that source's record is overruled. So does a record that moves the household: each
                other source whose record still names the old dwelling (its compound, and no other building, unit or room)
                disagrees on `address` too, however its address writes that dwelling (民政's `…荷城街道测杉树林片区34号` when the
                census's 社区 column had placed the flat in 杉树林社区), whether or not the move came after an unchanged re-send.
                A row holds only while it is true: it says what the offered source's record offers **now**. When that
                record offers the household's current value (the grid's row turns to 否 the night 民政 drops the case),
                leaves the column blank, is taken out by its status (`absent_when:`), or leaves the household, its row
                goes, whichever feed loads first; when it disagrees again, a new row is written. A case a whole list
                dropped offers nothing but its `absent_means:` values (the list's silence says 0 as its record would).
                A merge weighs the rows both households bring against the merged values the same way. (A record whose
                digest is of the whole record, loaded by an earlier Rongtong, cannot say what it offers: its rows
                stay.)
                Use it to send disagreements back to the feeders:

                ```sql
                SELECT column_name, kept_source, offered_source, COUNT(*) AS households
                FROM dwd_household_conflict GROUP BY 1, 2, 3 ORDER BY households DESC;
                ```

                A row stores neither value. The kept one is the household's current value (`dwd_household`, for the
                `kept_source` as long as `dwd_household_field_source` names it); the overruled one is not kept
                (`household_source.record_digest` holds only a digest of it). For a flag the two can only be 1 and 0,
                so the offered value is the other one (a blank never disagrees); for other columns, the offered
                source's record is named by its `record_key`. "民政 says 0, the grid says 是", per record of the grid:

                ```sql
                SELECT c.household_id, h.head_name, c.kept_source, h.is_low_income AS kept_value,
                       1 - h.is_low_income AS offered_value, c.offered_source, s.record_key AS offered_record
                FROM dwd_household_conflict c JOIN dwd_household h USING (household_id)
                JOIN household_source s ON s.household_id = c.household_id AND s.source_id = c.offered_source
                WHERE c.column_name = 'is_low_income';
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
