import RongtongConfig

/// How a pipeline's `survivorship:` differs from the ranking the warehouse's household values were decided under
/// (`AppliedSurvivorship`, recorded by the last load that applied one): trial 19d changed `head_name: [ga, mz]` to
/// `[mz, ga]`, and the households kept 公安's names, owned by `ga`, because 民政's records came again unchanged.
///
/// A stored value changes only when a record offers a value, and a record sent again unchanged takes nothing over.
/// So after a ranking change, the sources that rose (now ranked above a source they did not outrank before, in a
/// changed column) load their current deliveries again, and their records take over the changed columns whose owner
/// they now outrank (`LoadStage.replaysCurrentData`, `LoadSession.rerankedColumns`).
struct SurvivorshipChange {
    /// A column whose ranking changed, with its ranking before and now (empty: no list).
    struct Column {
        let name: String
        let before: [[String]]
        let after: [[String]]
    }

    /// The changed columns, in name order (warehouse column names).
    let columns: [Column]
    /// The pipeline's sources that rose in some changed column, in name order.
    let risenSources: [String]

    /// The change from `applied` to `current`, over the pipeline's `sources`, as it concerns the sources whose
    /// records the warehouse holds (`loaded`); nil when nothing changed for them, or when no ranking was recorded
    /// (`applied` nil: a new warehouse, or one an earlier Rongtong loaded).
    ///
    /// A source with no records in the warehouse (new to the pipeline, or never loaded) neither rises nor makes a
    /// column changed: its first records are weighed under the ranking of the run that loads them, as in a new
    /// warehouse (trial 19d, regression-2: `head_name: [ga]` becoming `[ga, mz]` for a new `mz` changes nothing
    /// stored). A column is changed when its ranking of the loaded sources changed.
    static func between(applied: [String: [[String]]]?, current: [String: [[String]]],
                        sources: [String], loaded: Set<String>) -> SurvivorshipChange? {
        guard let applied else { return nil }
        let names = Set(applied.keys).union(current.keys).sorted()
        var columns: [Column] = []
        var risen = Set<String>()
        let loadedSources = sources.filter(loaded.contains)
        for name in names {
            let before = applied[name] ?? [], after = current[name] ?? []
            let loadedBefore = held(before, by: loaded), loadedAfter = held(after, by: loaded)
            guard loadedBefore != loadedAfter else { continue }
            columns.append(Column(name: name, before: before, after: after))
            // The others include the sources the old ranking listed that the pipeline no longer names, and an
            // unlisted one no longer in the pipeline (renamed or removed), whose values stay in the warehouse: a
            // source now listed above them outranks them.
            let others = Set(loadedSources + loadedBefore.joined() + [SurvivorshipChange.formerSource])
            for source in loadedSources {
                for other in others where other != source {
                    if rank(of: source, in: loadedBefore) >= rank(of: other, in: loadedBefore),
                       rank(of: source, in: loadedAfter) < rank(of: other, in: loadedAfter) {
                        risen.insert(source)
                    }
                }
            }
        }
        return columns.isEmpty ? nil : SurvivorshipChange(columns: columns, risenSources: risen.sorted())
    }

    /// `ranks` with only the sources of `loaded`, and no rank left empty: the order among the sources whose
    /// records the warehouse holds.
    static func held(_ ranks: [[String]], by loaded: Set<String>) -> [[String]] {
        ranks.map { $0.filter(loaded.contains) }.filter { !$0.isEmpty }
    }

    /// Stands for a source the pipeline no longer names, which no ranking lists (no pipeline source has this name).
    static let formerSource = "\u{0}former source"

    /// The rank of `source` among `ranks`, as the load ranks it: its position, unlisted sources after all listed.
    static func rank(of source: String, in ranks: [[String]]) -> Int {
        ranks.firstIndex { $0.contains(source) } ?? ranks.count
    }

    /// The column as the pipeline file names it (`head_id`, not the warehouse's `head_id_hash`).
    static func pipelineName(_ column: String) -> String {
        ["head_id_hash": "head_id", "phone_hash": "phone", "compound_id": "compound"][column] ?? column
    }

    /// A ranking as the pipeline file writes it: `[mz, [ga, gy-grid]]`; `none` for no list.
    static func written(_ ranks: [[String]]) -> String {
        ranks.isEmpty ? "none" : "[" + ranks.map { $0.count == 1 ? $0[0] : "[\($0.joined(separator: ", "))]" }
            .joined(separator: ", ") + "]"
    }

    /// The changed columns, `head_name [ga, mz] → [mz, ga]`, joined by `; `.
    var describedColumns: String {
        columns.map { "\(SurvivorshipChange.pipelineName($0.name)) \(SurvivorshipChange.written($0.before)) → \(SurvivorshipChange.written($0.after))" }
            .joined(separator: "; ")
    }

    /// What `validate` says of the change: the stored values follow the old ranking until a run applies the new one.
    var validateWarning: String {
        let plan = risenSources.isEmpty
            ? "no source whose records the warehouse holds rose, so the next run loads nothing again; records loaded from now on are weighed under the new ranking"
            : "the next run loads again the staged deliveries of \(risenList) so that the stored values follow the new ranking"
        return "survivorship changed since the warehouse's values were decided: \(describedColumns); \(plan) (see docs/pipeline-format.md, Changing a ranking)"
    }

    /// The sources that rose, for a message: `mz`, `mz and ga`, or `no source` when none rose (a source unlisted
    /// or listed lower, whose values stay as they are).
    var risenList: String {
        switch risenSources.count {
        case 0: return "no source"
        case 1: return risenSources[0]
        default: return risenSources.dropLast().joined(separator: ", ") + " and " + risenSources.last!
        }
    }
}
