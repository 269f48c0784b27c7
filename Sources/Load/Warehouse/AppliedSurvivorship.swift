import Foundation
import GRDB

/// The `survivorship:` ranking a warehouse's stored household values were decided under, kept in `etl_meta` (key
/// `survivorship`, a JSON object of warehouse column → ranks, each rank a list of source names).
///
/// A run compares it with its pipeline's ranking: a column whose ranking changed holds values decided under the old
/// one, and the run loads again the records of the sources that rose (see `LoadSession.rerankedColumns`). Nil when
/// no load recorded a ranking yet (a new warehouse, or one last loaded by an earlier Rongtong).
public enum AppliedSurvivorship {
    static let key = "survivorship"

    /// The ranking as stored: JSON with sorted keys, so that equal rankings are equal text.
    public static func encode(_ ranking: [String: [[String]]]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: ranking, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The ranking `text` holds, or nil when it is no such JSON object.
    public static func decode(_ text: String) -> [String: [[String]]]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        var ranking: [String: [[String]]] = [:]
        for (column, ranks) in object {
            guard let ranks = ranks as? [[String]] else { return nil }
            ranking[column] = ranks
        }
        return ranking
    }

    /// The sources among `names` whose records the warehouse holds (`household_source` or `facility_source`).
    static func sourcesHoldingRecords(_ db: Database, among names: Set<String>) throws -> Set<String> {
        guard try db.tableExists("household_source") else { return [] }
        let facilities = try db.tableExists("facility_source")
        var holding = Set<String>()
        for name in names {
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM household_source WHERE source_id = ? LIMIT 1",
                                 arguments: [name]) == true {
                holding.insert(name)
            } else if facilities, try Bool.fetchOne(db, sql: "SELECT 1 FROM facility_source WHERE source_id = ? LIMIT 1",
                                                    arguments: [name]) == true {
                holding.insert(name)
            }
        }
        return holding
    }

    static func read(_ db: Database) throws -> [String: [[String]]]? {
        guard try db.tableExists("etl_meta"),
              let text = try String.fetchOne(db, sql: "SELECT value FROM etl_meta WHERE key = ?", arguments: [key])
        else { return nil }
        return decode(text)
    }
}

extension Warehouse {
    /// The ranking the warehouse's household values were last decided under (see `AppliedSurvivorship`).
    public func appliedSurvivorship() throws -> [String: [[String]]]? {
        try queue.read { db in try AppliedSurvivorship.read(db) }
    }

    /// The sources among `names` whose records the warehouse holds: a ranking change concerns only them, since a
    /// source's first records are weighed under the ranking of the run that loads them (see `SurvivorshipChange`).
    public func sourcesHoldingRecords(among names: Set<String>) throws -> Set<String> {
        try queue.read { db in try AppliedSurvivorship.sourcesHoldingRecords(db, among: names) }
    }

    /// `appliedSurvivorship()` of the warehouse file at `path`, read without writing anything (for `validate`); nil
    /// when there is no warehouse file, or no ranking recorded in it.
    public static func appliedSurvivorship(readOnlyAt path: String) throws -> [String: [[String]]]? {
        try readOnly(at: path) { db in try AppliedSurvivorship.read(db) }
    }

    /// `sourcesHoldingRecords(among:)` of the warehouse file at `path`, read without writing anything (for
    /// `validate`); empty when there is no warehouse file.
    public static func sourcesHoldingRecords(readOnlyAt path: String, among names: Set<String>) throws -> Set<String> {
        try readOnly(at: path) { db in try AppliedSurvivorship.sourcesHoldingRecords(db, among: names) } ?? []
    }

    /// `read` on the warehouse file at `path` opened read-only; nil when there is no such file.
    private static func readOnly<T>(at path: String, _ read: (Database) throws -> T?) throws -> T? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: configuration).read { db in try read(db) }
    }
}

extension LoadSession {
    /// Records `ranking` as the one the warehouse's household values are now decided under (in this load's
    /// transaction): call it after a load that applied it (every source that rose under it loaded again).
    public func recordAppliedSurvivorship(_ ranking: [String: [[String]]]) throws {
        try db.execute(sql: """
            INSERT INTO etl_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value
            """, arguments: [AppliedSurvivorship.key, AppliedSurvivorship.encode(ranking)])
    }

    /// Whether the warehouse holds records of household source `sourceID` (`household_source`).
    public func holdsHouseholdRecords(ofSource sourceID: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM household_source WHERE source_id = ? LIMIT 1", arguments: [sourceID]) ?? false
    }

    /// The household columns whose `survivorship:` ranking changed since the warehouse's values were decided: a
    /// record of a source now ranked above a column's owner takes the column even when it offers its value again
    /// unchanged (see `HouseholdWriter.rerankedColumns`). Empty on an ordinary night.
    public var rerankedColumns: Set<String> {
        get { households.rerankedColumns }
        set { households.rerankedColumns = newValue }
    }
}
