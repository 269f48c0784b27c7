import Foundation
import RongtongConfig
import RongtongNormalize
import RongtongStaging

/// One delivery of a whole list (`absent_means:`) as this run loads it: its files (one, or the pages of one export,
/// see `ListDelivery`), the record keys they name, and what keeps it from being judged.
final class WholeListDelivery {
    let key: String
    /// The batches of the delivery this run has still to load.
    var pending: Set<String> = []
    var files: [String] = []
    var batchIDs: [String] = []
    /// How many of its batches loaded as sightings (not a reload of a batch loaded before).
    var sightings = 0
    /// The record keys the source still listed before the delivery's first file loaded.
    var stillListed: Set<String>?
    /// The record keys its files name, rejected records included.
    var listed: Set<String> = []
    /// The keys of records saying their household left (`absent_when:`).
    var left: Set<String> = []
    /// Records nothing of which could be read.
    var unreadable = 0
    /// Why the delivery is incomplete (a page held back, not loaded, missing, or short of its envelope's total).
    var incomplete: [IncompletePage] = []
    /// The delivery's pages on disk that this run could not load (`incomplete` says why): counted among its pages.
    var notLoaded: [String] = []

    init(key: String) { self.key = key }

    /// Adds a loaded batch of the delivery: its keys, and its records saying their household left.
    func add(_ batch: StagedBatch, left keys: Set<String>, sighting: Bool, of source: SourceConfig,
             staging: StagingStore, stored: (String) -> String) throws {
        files.append(batch.file)
        batchIDs.append(batch.batchID)
        if sighting { sightings += 1 }
        left.formUnion(keys)
        unreadable += try staging.unreadableRecordCount(batchID: batch.batchID)
        listed.formUnion(try self.keys(ofBatch: batch.batchID, of: source, staging: staging, stored: stored))
    }

    /// The record keys a staged batch names, its rejected records included (a broken record whose key was read), as
    /// `stored` writes them in the warehouse (a resident ID hashed).
    func keys(ofBatch batchID: String, of source: SourceConfig, staging: StagingStore,
              stored: (String) -> String) throws -> Set<String> {
        Set(try staging.rawValues(batchID: batchID, fields: source.recordKeys)
            .compactMap { $0.lazy.compactMap { $0.map(TextCleaning.clean) }.first { !$0.isEmpty }.map(stored) })
            .union(try staging.brokenRecordKeys(batchID: batchID).map(stored))
    }

    /// Why the delivery is incomplete, as its warning says it: after the delivery's name (`feeds/mz/p_1.json … p_4.json
    /// (3 pages of one delivery): feeds/mz/p_3.json is missing …`), but a delivery of one file whose reasons all name
    /// that file is named once, by them (`feeds/mz/mz_dibao_20231108_p1.json says data.total 11, but it holds 6
    /// records …`).
    var incompleteWarning: String {
        let what = description
        let reasons = incompleteReasons(thisFile: nil)
        return Set(files + notLoaded).count == 1 && incomplete.allSatisfy({ $0.page == what }) ? reasons : "\(what): \(reasons)"
    }

    /// The reasons the delivery is incomplete, each after the page it names; `thisFile` (the file of the batch a
    /// warning is written with, which its reject line names already) as `this file`.
    func incompleteReasons(thisFile: String?) -> String {
        let shownFile = thisFile.map(DisplayPath.of)
        return incomplete.map { "\($0.page == shownFile ? "this file" : $0.page) \($0.problem)" }.joined(separator: "; ")
    }

    /// The delivery as messages name it: its file, or its pages, those it could not load included
    /// (`feeds/mz/mz_dibao_20231006_p1.json …_p4.json (4 pages of one delivery)`, `… (3 pages of one delivery, 1 not
    /// loaded)`).
    var description: String {
        let sorted = Array(Set(files + notLoaded)).sorted()
        guard let first = sorted.first, let last = sorted.last, sorted.count > 1 else {
            return sorted.first.map(DisplayPath.of) ?? key
        }
        let missing = Set(notLoaded).subtracting(files).count
        return "\(DisplayPath.of(first)) … \(URL(fileURLWithPath: last).lastPathComponent) (\(sorted.count) pages of one delivery"
            + (missing > 0 ? ", \(missing) not loaded)" : ")")
    }
}

/// A page of a whole list's delivery that leaves the list incomplete, and how: `feeds/mz/mz_dibao_20231007_p2.json`
/// `was not loaded (it could not be read)`. The page as messages show it (`DisplayPath`), or several missing pages.
struct IncompletePage {
    let page: String
    let problem: String

    init(_ file: String, _ problem: String) {
        self.init(shown: DisplayPath.of(file), problem)
    }

    init(shown page: String, _ problem: String) {
        self.page = page
        self.problem = problem
    }
}
