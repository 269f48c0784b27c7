import GRDB
import GRDBSQLite

/// A prepared SELECT read through SQLite's C API, for the lookups a load makes for every record.
///
/// GRDB's `Row` builds a column-name table for every cursor and folds names to lower case on every by-name
/// access; the linker reads several rows per record, so it binds and reads columns by position here instead.
/// Use it only inside the `Database` access that created it, and finish reading before the next `bind`.
///
/// ```swift
/// let query = try RowQuery(db, sql: "SELECT a, b FROM t WHERE k = ?")
/// query.bind(1, "key")
/// try query.forEach { row in print(row.text(0) ?? "", row.int(1) ?? 0) }
/// ```
public final class RowQuery: BindsParameters {
    private let statement: Statement
    public let handle: OpaquePointer

    public init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
    }

    /// Steps through the result rows with the bound values, then resets the statement and clears its bindings.
    public func forEach(_ body: (RowValues) throws -> Void) throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))),
                                    sql: statement.sql)
            }
            try body(RowValues(handle: handle))
        }
    }

    /// The current row of a `RowQuery`, valid only inside the `forEach` body that received it.
    public struct RowValues {
        let handle: OpaquePointer

        public var count: Int { Int(sqlite3_column_count(handle)) }

        public func value(_ index: Int) -> DatabaseValue { DatabaseValue(sqliteStatement: handle, index: CInt(index)) }

        public func text(_ index: Int) -> String? {
            guard let bytes = sqlite3_column_text(handle, CInt(index)) else { return nil }
            return String(cString: bytes)
        }

        public func int(_ index: Int) -> Int? {
            sqlite3_column_type(handle, CInt(index)) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, CInt(index)))
        }

        public func double(_ index: Int) -> Double? {
            sqlite3_column_type(handle, CInt(index)) == SQLITE_NULL ? nil : sqlite3_column_double(handle, CInt(index))
        }
    }
}
