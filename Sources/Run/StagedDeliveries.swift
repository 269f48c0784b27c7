import Foundation
import RongtongConfig
import RongtongNormalize
import RongtongStaging

/// Which staged batches of a source hold its current data, for normalizing again after an edited mapping.
///
/// Staging keeps every delivery a source sent until it is purged: yesterday's `census.csv` beside today's under the
/// same path. An edited `fields:` applies to the current data, the newest delivery of each file path (and a batch
/// whose content is at its path on disk now), not to a delivery a later one replaced: normalized and loaded again,
/// that older delivery would take its values back over the newer one's (a 低保 case the newer whole list dropped
/// set again), and it may not fit a mapping written for the new template at all.
enum StagedDeliveries {
    /// Why `batch` is an earlier delivery that a later one of the source replaced, or nil while it is current:
    /// a later extraction of the same path whose content is no longer the file's (the file now holds the later
    /// delivery, or nothing), or, for a whole list (`absent_means:`, whose every file is the whole list and only the
    /// newest counts), a staged file of another delivery that sorts after it (`list-2023-10-31.json` after
    /// `list-2023-10-30.json`; not `list_p2.json` after `list_p1.json`, pages of one delivery, see `ListDelivery`).
    static func supersession(of batch: StagedBatch, among all: [StagedBatch], source: SourceConfig) -> String? {
        if let later = all.filter({ $0.file == batch.file && $0.extractedRun > batch.extractedRun })
            .max(by: { $0.extractedRun < $1.extractedRun }), whereabouts(of: batch) != nil {
            return "a later delivery of \(DisplayPath.of(batch.file)) (extracted by run \(later.extractedRun)) replaced it"
        }
        let delivery = ListDelivery.key(of: batch.file)
        if LoadStage.isWholeList(source),
           let later = all.filter({ $0.file > batch.file && ListDelivery.key(of: $0.file) != delivery }).max(by: { $0.file < $1.file }) {
            return "\(DisplayPath.of(later.file)) is a later delivery of the whole list"
        }
        return nil
    }

    /// Whether a staged batch the warehouse loaded (or held back) last in run `loadedRun` has work left for the load
    /// (`LoadStage`; `all`: the source's staged batches): it was normalized since (an edited mapping), or extracted
    /// since and still the current delivery of its file, which makes it a new delivery the load takes once it is
    /// normalized (content back at its path after another delivery replaced it, a file read again under edited
    /// extraction options, a forced extract). One extracted since that a later delivery replaced in turn is not: the
    /// normalize stage leaves it as it is (`supersession`). The caller checks `normalizedRun` before loading: a batch
    /// extracted since and not normalized yet is one a run without the normalize stage reports as not loaded.
    static func awaitsLoad(_ batch: StagedBatch, loadedRun: Int, normalizedRun: Int?, among all: [StagedBatch],
                           source: SourceConfig) -> Bool {
        if let normalizedRun, normalizedRun > loadedRun { return true }
        return batch.extractedRun > loadedRun && supersession(of: batch, among: all, source: source) == nil
    }

    /// Where the batch's content went, when its file no longer holds it (`the file is no longer on disk`, `the file
    /// now holds another delivery`); nil while the file at its path is still that delivery, byte for byte.
    static func whereabouts(of batch: StagedBatch) -> String? {
        guard let onDisk = SourceFiles.fingerprint(batch.file) else { return "the file is no longer on disk" }
        guard onDisk.size == batch.bytes, (try? SourceFiles.digest(batch.file).sha256) == batch.sha256 else {
            return "the file now holds another delivery"
        }
        return nil
    }

    /// Where the batch's content went (`whereabouts(of:)`), or, while its file still holds it, that the source's
    /// `path` no longer matches that file (narrowed since it was extracted: `feeds/*` to `feeds/*.csv`), so that the
    /// file is no longer the source's; nil while it is.
    static func whereabouts(of batch: StagedBatch, source: SourceConfig) -> String? {
        if let gone = whereabouts(of: batch) { return gone }
        return isMatched(batch, by: source) ? nil : "the source's path \(DisplayPath.of(source.path)) no longer matches the file"
    }

    /// Whether the source's `path` matches the batch's file today (the same file, also when one of them is reached
    /// through a symbolic link).
    /// `files`: the path's files when the caller has them already (`SourceFiles.expand`).
    static func isMatched(_ batch: StagedBatch, by source: SourceConfig, files given: Set<String>? = nil) -> Bool {
        let files = given ?? Set(SourceFiles.expand(source.path))
        if files.contains(batch.file) { return true }
        let resolved = URL(fileURLWithPath: batch.file).resolvingSymlinksInPath().path
        return files.contains { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path == resolved }
    }

    /// How a staged batch is named where its file's path alone would name today's file: `feeds/census.csv as
    /// extracted by run 2 (190 record(s); the file now holds another delivery)`.
    static func describe(_ batch: StagedBatch, whereabouts: String) -> String {
        "\(DisplayPath.of(batch.file)) as extracted by run \(batch.extractedRun) (\(batch.rowsRead) record(s); \(whereabouts))"
    }
}

/// A staged batch the source's mapping does not fit (a column it maps is not in the batch), whose file no longer
/// holds it: an earlier delivery, which cannot block today's files (`NormalizeStage.run` drops it with a warning).
struct EarlierDeliveryUnfit: Error {
    let error: FieldPlanError
    let whereabouts: String
}
