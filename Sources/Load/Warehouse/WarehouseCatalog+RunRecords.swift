import Foundation

// MARK: - Run records

extension WarehouseCatalog {
    static let runRecords: [WarehouseTable] = [
        WarehouseTable(
            "etl_run", layer: .etl, summary: "One row per run",
            notes: """
                Two kinds of run leave no `etl_run` row, because they stop before the run starts:

                - a run refused for its configuration, key or lock (exit 2 or 4);
                - a run with an unknown `--source`.

                A run killed or stopped in the middle (SIGKILL, SIGTERM, a power cut) stays `running`, with its `pid`, until
                the next run starts: that run holds the lock, so the earlier process is surely gone, and it records the
                row as `interrupted`, with a warning (also under `--quiet`). The next run is not blocked, because the lock
                dies with the process. `rongtong status` shows these rows.

                A run's counts (`rows_read`, `rows_loaded`, `rows_rejected`, `sources_skipped`) commit in the load's
                transaction, with the `etl_run_batch` and `etl_batch` rows and the records they count; only `status`,
                `finished_at` and `message` are written after it. A run killed right after its load committed is
                `interrupted` with its counts; one killed before has none (0), and nothing of its load.
                """,
            columns: [
                WarehouseColumn("run_id", .integer, "1, 2, 3, …: the order of runs.", key: true),
                WarehouseColumn("pipeline", .text, "The pipeline's `pipeline:` name.", notNull: true),
                WarehouseColumn("started_at", .text, "When the run started, ISO 8601 UTC.", notNull: true),
                WarehouseColumn("finished_at", .text, "When it finished, ISO 8601 UTC; NULL while running, and for an `interrupted` run (when its process ended is not known).", notNull: false),
                WarehouseColumn("status", .text, "The outcome.", codes: [
                    WarehouseCode("running", "not finished yet, or killed and no run since"),
                    WarehouseCode("succeeded", "every selected source was processed, or skipped as missing under `when_missing: skip` (see `sources_skipped`)"),
                    WarehouseCode("failed", "the error is in `message`; nothing of the failing stage was committed"),
                    WarehouseCode("partial", "completed, but left work undone, exit 3: at least one batch was held back over its threshold, or a run without the normalize stage found a staged file extracted but not normalized and did not load it; `message` names each"),
                    WarehouseCode("interrupted", "the process ended before the run finished (killed, or stopped by SIGTERM, SIGINT or SIGHUP), as the next run found it; nothing of the unfinished stage was committed, and the next run picks up what was left. A run killed after its load committed keeps the counts of that load, and its `message` says so"),
                ], notNull: true),
                WarehouseColumn("stages", .text, "The stages that ran, comma-separated: `extract,normalize,load`, or the ones chosen with `--stage`.",
                                notNull: true),
                WarehouseColumn("rows_read", .integer, "Records read by this run's extract, over all selected sources. Skipped, unchanged files count 0, and so does a file already extracted by an earlier run, unless that run ended before its load committed (killed or stopped, `interrupted`): then the run that takes the file from staging counts its records.",
                                notNull: true),
                WarehouseColumn("rows_loaded", .integer, "Records loaded by this run.", notNull: true),
                WarehouseColumn("rows_rejected", .integer, "Records this run rejected with severity error.", notNull: true),
                WarehouseColumn("message", .text, "The error of a failed run (one line per failed source when several failed), or the reasons of a partial one: one line per held file, and one per staged file the load left unloaded (`civil-affairs: not loaded: feeds/civil/assistance.ndjson: extracted but not normalized yet; run the normalize stage first (…)`); also one line per source skipped as missing (`civil-affairs: skipped: …/assistance.ndjson: no file matches the path of source civil-affairs`), per mapping or delivery warning `run --quiet` prints, before the lines below (a whole list whose `absent_means` was not applied: `mz: feeds/mz/page_1.json … page_4.json (3 pages of one delivery): feeds/mz/page_3.json is missing …; the list is incomplete, so absent_means was not applied`; a delivery far smaller than the previous one of its file, `delivery_shrank`), per source's whole-list withdrawals and household life events (`civil-affairs: 1 no longer listed`, `police-registry: 6 record(s) moved to another household, 8 new head(s)`), and per mapped field or record key that never occurs in a whole file (`gab: hj.xml: 户主/身份证号 never occurs (head_id)`), so that a night that read a feed without its IDs says so where `status` and the report show runs.", extra: true),
                WarehouseColumn("pid", .integer, "The process id of the run.", extra: true),
                WarehouseColumn("sources", .text, "The sources the run was asked for, comma-separated in pipeline order: every source of the pipeline, or the ones chosen with `--source` (a rerun of one feed is told apart from a whole night). NULL for runs recorded before this column existed.",
                                extra: true),
                WarehouseColumn("sources_skipped", .text, "The sources skipped because their `path` matched no file and they say `when_missing: skip`, comma-separated; NULL when none was.",
                                extra: true),
            ]),
        WarehouseTable(
            "etl_batch", layer: .etl, summary: "One row per source file content",
            notes: """
                A file whose content is already in `etl_batch` with status `loaded` is not extracted again for that source,
                unless you use `--force` (which reads the current files, not an older dated delivery a later one replaced,
                on disk or loaded), or it is not what the warehouse last loaded from the file's path (or from the earlier-dated
                deliveries of its name): then it is a new delivery, loaded again as a sighting (`last_run_id`
                and `etl_run_batch` record this run; `run_id` stays the first load's). A current file loaded under a
                mapping or extraction options edited since (`normalized_with`, `extracted_with`) is read, normalized and
                loaded again too, when staging no longer holds it (`purge-staging`). A `held` batch is not loaded again unless forced (or normalized again after an edited
                mapping); while it is its source's newest file and still on disk, and no later delivery loaded or repeated
                content already loaded, every run ends `partial`. A batch that was only extracted or normalized (`--stage
                extract`/`normalize`) has no row here yet; a `--stage load` run that finds one only extracted leaves it so
                and ends `partial`.
                """,
            columns: [
                WarehouseColumn("batch_id", .text, "`<source_id>-<first 16 hex digits of the file's SHA-256>`.", key: true),
                WarehouseColumn("run_id", .integer, "The run that first loaded this batch (→ `etl_run`); a batch never loaded, the run that last held it back. A forced reload (`--force`) in a later run does not change it: see `last_run_id`, and `etl_run_batch` for every run that loaded it.", notNull: true),
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
                WarehouseColumn("last_run_id", .integer, "The last run that loaded or held this batch (→ `etl_run`): `run_id`, or a later run that loaded it again (`--force`, or the content delivered again after another delivery of its path replaced it). `file`, `rows_read`, `rows_rejected`, `rows_loaded`, `status` and `encoding` are that load's.", extra: true),
                WarehouseColumn("extracted_with", .text, "A digest (16 hex digits) of the source's extraction options (`format`, `encoding`, `options:`) the file was read with for its last load. A later run reads a current file again when they changed since, also after `purge-staging`. NULL for a batch loaded before this was kept.", extra: true),
                WarehouseColumn("normalized_with", .text, "A digest (16 hex digits) of the source's mapping (`fields:`, `units:`, `vocabularies:`, `context:`, `coordinates:`, `record_key`, `entity` …) its records were normalized with for its last load. A later run reads, normalizes and loads a current file again when it changed since, also after `purge-staging`. NULL for a batch loaded before this was kept.", extra: true),
            ]),
        WarehouseTable(
            "etl_run_batch", layer: .etl, summary: "What each run did with each batch",
            extra: true,
            notes: """
                `etl_batch` keeps one row per batch (the run that first loaded it, and its latest load's counts); this
                table keeps every run's, so that a forced reload in run 7 still shows what run 5 loaded, and what run 7 did. `rongtong status` reads its per-source lines from here (and
                from `etl_batch` for runs older than this table).
                """,
            columns: [
                WarehouseColumn("run_id", .integer, "The run (→ `etl_run`).", key: true, notNull: true),
                WarehouseColumn("batch_id", .text, "The batch (→ `etl_batch`).", key: true, notNull: true),
                WarehouseColumn("source_id", .text, "The pipeline source (→ `dim_source`).", notNull: true),
                WarehouseColumn("file", .text, "The path the batch was read from.", notNull: true),
                WarehouseColumn("rows_read", .integer, "The batch's records, as extracted (by this run or an earlier one).", notNull: true),
                WarehouseColumn("rows_loaded", .integer, "Records this run wrote to the warehouse from it.", notNull: true),
                WarehouseColumn("rows_rejected", .integer, "Distinct records with an **error** reject.", notNull: true),
                WarehouseColumn("status", .text, "What this run did with it.", codes: [
                    WarehouseCode("loaded"), WarehouseCode("held", "over its reject threshold and not loaded"),
                ], notNull: true),
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
                WarehouseColumn("value", .text, "The offending value. Resident IDs and phone numbers are masked (`520102********123X`, `138****5678`); other values, addresses included, are as written.", personal: .masked),
                WarehouseColumn("message", .text, "The human explanation.", notNull: true),
                WarehouseColumn("line", .integer, "The physical line where the record starts.", extra: true),
                WarehouseColumn("record_key", .text, "The record's key (its value of the source's `record_key`, a resident ID in it hashed as in `household_source.record_key`), when the source declares one and the record holds it; for a record the extractor could not read whole (`ragged_row`, `malformed_json`, `invalid_encoding`), the key read before the break (an NDJSON line cut off after its key; a CSV row cut short after its key column; the cells of a row that decoded), else NULL; NULL for a rule about the whole file.", extra: true),
                WarehouseColumn("resolved_run", .integer, "For an **error**: the later run that loaded a household or facility record of the same source with the same `record_key` (the feeder sent the record again, corrected); NULL while the reject is open, and always for a warning (→ `etl_run`).", extra: true),
            ]),
        WarehouseTable(
            "etl_meta", layer: .etl, summary: "Facts about the warehouse itself", extra: true,
            columns: [
                WarehouseColumn("key", .text, "What the fact is.", codes: [
                    WarehouseCode("pii_key_fingerprint", "a public 16-hex fingerprint of the personal-data key; a run under a different key is refused, because its hashes would not link"),
                    WarehouseCode("warehouse_id", "a random id of this warehouse, which its staging database remembers: staging kept beside a rebuilt or replaced warehouse has its batches discarded and the files are read again"),
                    WarehouseCode("record_keys_hashed", "set (`1`) once the record keys an earlier version stored with a resident ID in clear (a 残联 list keyed by `身份证号`) were rewritten to their hashed form (see `household_source.record_key`), by the first run under the personal-data key"),
                    WarehouseCode("survivorship", "the `survivorship:` ranking the household values were last decided under, as JSON (`{\"head_name\":[[\"mz\"],[\"ga\"]]}`, the warehouse's column names, each rank a list of sources), written by the load that applied it: a run under another ranking warns and loads the sources that rose again (see [Changing a ranking](pipeline-format.md#changing-a-ranking))"),
                ], key: true),
                WarehouseColumn("value", .text, "The fact.", notNull: true),
            ]),
    ]
}
