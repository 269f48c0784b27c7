import GRDB
import RongtongStaging

/// A `dwd_household` row as the linker reads it: its id, its sightings and its value columns by position.
///
/// Read with `StoredHousehold.columns` at the head of a SELECT list (`selectList(alias:)`); values are read by
/// index, never by name, because GRDB's by-name lookup folds the column name to lower case on every access and
/// the linker reads a dozen columns of several rows for every record it loads.
struct StoredHousehold {
    /// The value columns, in the order of `values` (the same as a new household's INSERT).
    static let valueColumns = HouseholdWriter.insertColumns
    /// The number of leading SELECT columns `init(row:)` consumes.
    static let width = 3 + valueColumns.count
    static let position: [String: Int] = Dictionary(uniqueKeysWithValues: valueColumns.enumerated().map { ($1, $0) })
    /// Where `head_id_hash` and `head_name` sit in `values`.
    private static let headIDHashPosition = valueColumns.firstIndex(of: "head_id_hash") ?? 0
    private static let headNamePosition = valueColumns.firstIndex(of: "head_name") ?? 0

    var id: String
    var firstSeenRun: Int
    var lastSeenRun: Int
    var values: [DatabaseValue]

    /// `alias.household_id, alias.first_seen_run, alias.last_seen_run, alias.<value columns>…`.
    static func selectList(alias: String) -> String {
        (["household_id", "first_seen_run", "last_seen_run"] + valueColumns).map { "\(alias).\($0)" }
            .joined(separator: ", ")
    }

    var headIDHash: String? { String.fromDatabaseValue(values[StoredHousehold.headIDHashPosition]) }
    var headName: String? { String.fromDatabaseValue(values[StoredHousehold.headNamePosition]) }

    init(_ row: RowQuery.RowValues) {
        id = row.text(0) ?? ""
        firstSeenRun = row.int(1) ?? 0
        lastSeenRun = row.int(2) ?? 0
        var values: [DatabaseValue] = []
        values.reserveCapacity(StoredHousehold.valueColumns.count)
        for index in 0..<StoredHousehold.valueColumns.count { values.append(row.value(3 + index)) }
        self.values = values
    }

    /// Every stored household a query selects (its first `width` columns being `selectList`).
    static func fetchAll(_ query: RowQuery) throws -> [StoredHousehold] {
        var result: [StoredHousehold] = []
        try query.forEach { result.append(StoredHousehold($0)) }
        return result
    }

    /// Every stored household a query selects, each with the values of any columns after `width`.
    static func fetchAllWithExtra(_ query: RowQuery) throws -> [(row: StoredHousehold, extra: [DatabaseValue])] {
        var result: [(row: StoredHousehold, extra: [DatabaseValue])] = []
        try query.forEach { row in result.append((StoredHousehold(row), (width..<row.count).map { row.value($0) })) }
        return result
    }

    /// The first stored household a query selects, with the values of any columns after `width`.
    static func fetchOne(_ query: RowQuery) throws -> (StoredHousehold, extra: [DatabaseValue])? {
        var first: (StoredHousehold, extra: [DatabaseValue])?
        try query.forEach { row in
            if first == nil { first = (StoredHousehold(row), (width..<row.count).map { row.value($0) }) }
        }
        return first
    }
}
