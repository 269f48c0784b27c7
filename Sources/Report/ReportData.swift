import Foundation

/// Everything the report shows, read from the warehouse once (see `ReportQueries.swift`) and then only rendered.
///
/// Only run records, provenance counts, masked reject values and compound summaries are read: no name, hash or
/// personal column of a household ever enters these values.
struct ReportData {
    /// One `etl_run` row.
    struct Run {
        var runID: Int
        var pipeline: String
        var startedAt: String
        var finishedAt: String?
        var status: String
        var stages: String
        var rowsRead: Int
        var rowsLoaded: Int
        var rowsRejected: Int
        var message: String?

        /// Seconds from start to finish, nil while running or when a timestamp does not parse.
        var duration: TimeInterval? {
            let formatter = ISO8601DateFormatter()
            guard let finishedAt, let end = formatter.date(from: finishedAt),
                  let start = formatter.date(from: startedAt) else { return nil }
            return end.timeIntervalSince(start)
        }
    }

    /// A source's batches in one run, summed.
    struct SourceCounts {
        var sourceID: String
        var owner: String?
        var rowsRead: Int
        var rowsLoaded: Int
        var rowsRejected: Int
        var status: String
    }

    /// One example row of `etl_reject`, its value exactly as stored (already masked).
    struct RejectExample {
        /// The file of the record's batch, as `etl_batch.file` names it.
        var file: String?
        var line: Int?
        var recordNumber: Int?
        var field: String?
        var value: String?
        var message: String
    }

    /// The rejects of one rule, severity and source in a run.
    struct RejectGroup {
        var rule: String
        var severity: String
        var sourceID: String
        var count: Int
        var examples: [RejectExample]
    }

    /// Records loaded per run for one source, aligned with `recentRuns`. nil where it is no longer known: a later
    /// `--force` reload moved the source's batch to its own run (`etl_batch.last_run_id` is the last run of a batch).
    struct TrendSeries {
        var sourceID: String
        var loadedPerRun: [Int?]
    }

    /// How many households were linked from exactly `feeds` distinct sources.
    struct FeedBucket {
        var feeds: Int
        var households: Int
    }

    /// A compound's special-difficulty counts (from `ads_special_difficulty_by_compound`).
    struct CompoundDifficulty {
        var name: String
        /// The compound's place as names, never codes: e.g. "南明区 沙冲路街道".
        var place: String?
        var households: Int
        /// The five flag counts, in the order of `Labels.specialFlags`.
        var flags: [Int]
        var total: Int { flags.reduce(0, +) }
    }

    struct FacilityGap {
        var name: String
        var place: String?
        var areaType: String?
        var gapCount: Int
        var missingTypes: [String]
    }

    /// Warehouse-wide counts for the header.
    struct Totals {
        var households = 0
        var compounds = 0
        var facilities = 0
        var sources = 0
        var runs = 0
    }

    var totals = Totals()
    /// The latest `etl_run`, nil in a warehouse without runs.
    var latestRun: Run?
    var latestSources: [SourceCounts] = []
    /// Sources of `dim_source` without a batch in the latest run (their files were unchanged, or not selected).
    var sourcesWithoutBatch: [String] = []
    var latestRejects: [RejectGroup] = []
    /// Oldest first.
    var recentRuns: [Run] = []
    var trend: [TrendSeries] = []
    /// Runs of `recentRuns` whose per-source counts no longer add up to the run's own total (see `TrendSeries`).
    var runsWithSupersededBatches: Set<Int> = []
    var feedBuckets: [FeedBucket] = []
    /// The top compounds by `special_flags`, highest first, only those with at least one flag.
    var specialDifficulty: [CompoundDifficulty] = []
    /// Compounds lacking at least one basic facility type, by area type (unclassified last), then gap count.
    var facilityGaps: [FacilityGap] = []
    /// How many compounds lack each basic type, in the order first seen in the summary.
    var missingByType: [(type: String, compounds: Int)] = []
    var compoundsInSummary = 0
}
