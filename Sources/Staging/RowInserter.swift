import GRDB
import GRDBSQLite

/// A prepared INSERT bound through SQLite's C API, for the hot loops that write one row per record.
///
/// GRDB's `StatementArguments` allocate per row; binding on the statement handle directly reaches the raw C-API
/// insert rate. Use it only inside the `Database` access that created it.
///
/// ```swift
/// let insert = try RowInserter(db, sql: "INSERT INTO t(a, b) VALUES (?, ?)")
/// insert.bind(1, "text"); insert.bind(2, 42); try insert.execute()
/// ```
public final class RowInserter: BindsParameters {
    private let statement: Statement
    public let handle: OpaquePointer
    private let database: Database

    public init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        database = db
    }

    /// Runs the statement with the bound values, then clears them for the next row.
    public func execute() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))),
                                sql: statement.sql)
        }
    }
}

/// Binding values to a prepared statement's parameters through SQLite's C API (`RowInserter`, `RowQuery`).
///
/// Text and blobs are bound SQLITE_TRANSIENT (SQLite copies them), so the Swift values may go away after binding;
/// only `bindUnretained` hands SQLite the caller's bytes.
public protocol BindsParameters {
    /// The prepared statement's handle.
    var handle: OpaquePointer { get }
}

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension BindsParameters {
    public func bind(_ index: Int32, _ text: String?) {
        guard let text else {
            sqlite3_bind_null(handle, index)
            return
        }
        // A native String is contiguous UTF-8 with a terminating NUL: withCString hands over its own bytes.
        let length = Int32(text.utf8.count)
        _ = text.withCString { sqlite3_bind_text(handle, index, $0, length, transient) }
    }

    /// Binds the UTF-8 bytes `text` as text without SQLite copying them: they must stay unchanged until the
    /// statement has run (`RowInserter.execute` clears the bindings).
    public func bindUnretained(_ index: Int32, utf8 text: UnsafeBufferPointer<UInt8>) {
        // A nil pointer would bind NULL: an empty text is bound as one.
        guard let base = text.baseAddress, !text.isEmpty else {
            _ = "".withCString { sqlite3_bind_text(handle, index, $0, 0, transient) }
            return
        }
        // No destructor (SQLITE_STATIC): the caller keeps the bytes alive while the statement may read them.
        sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(text.count), nil)
    }

    public func bind(_ index: Int32, _ value: Int?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    public func bind(_ index: Int32, _ value: Double?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_double(handle, index, value)
    }

    public func bind(_ index: Int32, _ value: Bool?) {
        bind(index, value.map { $0 ? 1 : 0 } as Int?)
    }

    public func bind(_ index: Int32, _ value: DatabaseValue) {
        switch value.storage {
        case .null: sqlite3_bind_null(handle, index)
        case .int64(let number): sqlite3_bind_int64(handle, index, number)
        case .double(let number): sqlite3_bind_double(handle, index, number)
        case .string(let text): bind(index, text)
        case .blob(let data):
            _ = data.withUnsafeBytes { bytes in
                sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), transient)
            }
        }
    }
}
