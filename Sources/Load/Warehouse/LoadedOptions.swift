import Crypto
import Foundation
import GRDB

/// The source options a loaded batch was read and normalized under (`SourceConfig.extractionFingerprint` and
/// `normalizationFingerprint`), kept in `etl_batch.extracted_with` and `normalized_with` as digests.
///
/// Staging keeps the options themselves, and a run reads and normalizes a staged file again when they changed
/// since. After `purge-staging` the warehouse alone remembers them: a file on disk that it loaded under other
/// options (an edited `fields:`, a fixed `encoding`) is read again, as an edited source still in staging would be,
/// instead of being skipped as unchanged while the warehouse keeps the old mapping's values (trial 21g).
///
/// ```swift
/// let under = try warehouse.loadedOptions(batchID: id)
/// let edited = under?.changed(extraction: source.extractionFingerprint, normalization: source.normalizationFingerprint)
/// ```
public struct LoadedOptions: Equatable, Sendable {
    /// Digest of the extraction options the file was read with; nil for a batch loaded before they were kept.
    public var extractedWith: String?
    /// Digest of the mapping its records were normalized with; nil for a batch loaded before it was kept.
    public var normalizedWith: String?

    public init(extractedWith: String?, normalizedWith: String?) {
        self.extractedWith = extractedWith
        self.normalizedWith = normalizedWith
    }

    /// The stored form of a fingerprint: the first 16 hex digits of its SHA-256 (the options say nothing personal,
    /// but a mapping with its vocabularies is long, and only its equality matters).
    public static func digest(_ fingerprint: String) -> String {
        SHA256.hash(data: Array(fingerprint.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// What changed since the batch loaded, as the pipeline file names it (`extraction options`, `mapping`), given
    /// the source's fingerprints now; empty when nothing did, or when the batch's options were not recorded.
    public func changed(extraction: String, normalization: String) -> [String] {
        var changed: [String] = []
        if let extractedWith, extractedWith != LoadedOptions.digest(extraction) { changed.append("extraction options") }
        if let normalizedWith, normalizedWith != LoadedOptions.digest(normalization) { changed.append("mapping") }
        return changed
    }

    static func read(_ db: Database, batchID: String) throws -> LoadedOptions? {
        guard try db.columns(in: "etl_batch").contains(where: { $0.name == "normalized_with" }),
              let row = try Row.fetchOne(db, sql: """
                  SELECT extracted_with, normalized_with FROM etl_batch WHERE batch_id = ? AND status = 'loaded'
                  """, arguments: [batchID])
        else { return nil }
        return LoadedOptions(extractedWith: row[0], normalizedWith: row[1])
    }
}

extension Warehouse {
    /// The options the loaded batch `batchID` was read and normalized under; nil when no such batch loaded.
    public func loadedOptions(batchID: String) throws -> LoadedOptions? {
        try queue.read { db in try LoadedOptions.read(db, batchID: batchID) }
    }

    /// `loadedOptions(batchID:)` of the warehouse file at `path`, read without writing anything (for
    /// `validate --new-only`); nil when there is no warehouse file, or no such batch loaded.
    public static func loadedOptions(readOnlyAt path: String, batchID: String) throws -> LoadedOptions? {
        guard let queue = try readOnlyQueue(at: path) else { return nil }
        return try queue.read { db in
            guard try db.tableExists("etl_batch") else { return nil }
            return try LoadedOptions.read(db, batchID: batchID)
        }
    }
}
