import Foundation
import GRDB

/// Opens a warehouse for reading only (`status`, `report`), also where nothing can be written beside it.
///
/// A warehouse in WAL mode needs its `-shm` index file to be read. On a read-only mount, or in a folder the
/// reader may not write, SQLite cannot create that file and refuses to open (`attempt to write a readonly
/// database`). The warehouse is then opened as immutable: read as the file is, without locks. A run writing to it
/// at that moment (which needs a writable folder, so another user or machine) is not seen; `immutable` says so.
public enum WarehouseReader {
    /// The open warehouse, and whether it had to be opened as immutable.
    public static func open(path: String) throws -> (queue: DatabaseQueue, immutable: Bool) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        do {
            return (try DatabaseQueue(path: path, configuration: configuration), false)
        } catch let error as DatabaseError where [.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode.primaryResultCode) {
            guard FileManager.default.isReadableFile(atPath: path) else { throw error }
            return (try DatabaseQueue(path: immutableURI(path), configuration: configuration), true)
        }
    }

    /// `file:` URI of `path` with `immutable=1`; `%`, `?` and `#` are escaped so that they stay part of the name.
    static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return "file:\(escaped)?immutable=1"
    }

    /// The line `status` and `report` print when the warehouse was opened as immutable.
    public static func immutableNote(_ path: String) -> String {
        "\(path): read as an unchanging file (the folder cannot be written, so SQLite cannot share it with a writer); a run writing to it now is not seen"
    }
}
