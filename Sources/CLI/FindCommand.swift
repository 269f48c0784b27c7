import ArgumentParser
import Foundation
import GRDB
import RongtongConfig
import RongtongLoad
import RongtongNormalize

/// `rongtong find PIPELINE VALUE…`: the households a resident ID or phone number belongs to.
///
/// The warehouse holds IDs and phones only as keyed hashes, which SQL alone cannot compute: this command reads each
/// value as the normalize stage does (full-width digits, a 15-digit ID, `+86`), hashes it under the pipeline's
/// personal-data key, checks that key is the warehouse's own, and prints the hash and every household holding it, as
/// head (`head_id_hash`), as member (`household_member`) or by phone (`phone_hash`). Values are never printed in
/// clear: only masked. Exit 2 for a value that is no valid ID or phone, a missing key or a key the warehouse was not
/// built with.
struct FindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Find the households of a resident ID or phone number (hashed under the pipeline's key).",
        discussion: """
            Reads values from the arguments, or one per line on standard input when there are none (so that IDs \
            stay out of the shell's history). Prints one JSON object per value: its kind (id or phone), its masked \
            form, its keyed hash (the value of head_id_hash, member_hash or phone_hash in the warehouse) and the \
            households holding it.

            Example:
              echo 520102197001010019 | rongtong find pipelines/sample-nightly.yaml
            """
    )

    @Argument(help: "The pipeline file (YAML): its warehouse and its personal-data key.")
    var pipeline: String

    @Argument(help: "Resident IDs or phone numbers (default: one per line from standard input).")
    var values: [String] = []

    @Option(help: "Read this warehouse instead of the pipeline's.")
    var warehouse: String?

    func run() throws {
        let config: PipelineConfig
        do {
            config = try PipelineConfig.load(path: pipeline)
        } catch let error as ConfigError {
            StandardError.line(error.description)
            throw ExitCode(2)
        }
        let key: PersonalDataKey
        do {
            key = try PersonalDataKey.load(variable: config.piiKeyEnv, file: config.piiKeyFile)
        } catch let error as PersonalDataKeyError {
            StandardError.line("\(config.file): \(error)")
            throw ExitCode(2)
        }
        let path = warehouse ?? config.warehouse
        guard FileManager.default.fileExists(atPath: path), !Warehouse.isEmptyFile(at: path) else {
            StandardError.line("\(path): no warehouse here (run the pipeline first, or pass --warehouse)")
            throw ExitCode(2)
        }
        let (queue, immutable) = try WarehouseReader.open(path: path)
        if immutable { StandardError.line(WarehouseReader.immutableNote(path)) }
        let stored = try queue.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM etl_meta WHERE key = 'pii_key_fingerprint'")
        }
        if let stored, stored != key.fingerprint {
            StandardError.line("\(path) was built with a different personal-data key (fingerprint \(stored)); hashes under this key would find nothing in it")
            throw ExitCode(2)
        }
        var unreadable = 0, position = 0
        func emit(_ written: String) throws {
            position += 1
            guard let value = PersonalValue(written) else {
                unreadable += 1
                StandardError.line("value \(position) (\(ResidentID.mask(written))): neither a valid resident ID nor a phone number")
                return
            }
            let hash = key.hash(value.normalized, kind: value.kind)
            let households = try queue.read { db in try FindCommand.households(holding: hash, kind: value.kind, db) }
            let object: [String: Any] = ["kind": value.kind, "masked": value.masked, "hash": hash,
                                         "households": households]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
        if values.isEmpty {
            while let line = readLine() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { try emit(trimmed) }
            }
        } else {
            for value in values { try emit(value) }
        }
        if unreadable > 0 { throw ExitCode(2) }
    }

    /// The households holding `hash`: as head and as member for an ID, by phone for a phone; each once per way, in
    /// household id order.
    static func households(holding hash: String, kind: String, _ db: Database) throws -> [[String: Any]] {
        let sql = kind == "id"
            ? """
              SELECT household_id, 'head' AS held_as, address FROM dwd_household WHERE head_id_hash = ?1
              UNION
              SELECT m.household_id, 'member', h.address FROM household_member m
              JOIN dwd_household h ON h.household_id = m.household_id
              WHERE m.kind = 'id' AND m.member_hash = ?1
              ORDER BY 1, 2
              """
            : "SELECT household_id, 'phone' AS held_as, address FROM dwd_household WHERE phone_hash = ?1 ORDER BY 1"
        return try Row.fetchAll(db, sql: sql, arguments: [hash]).map { row in
            var household: [String: Any] = ["household_id": row[0] as String, "held_as": row[1] as String]
            if let address = row[2] as String? { household["address"] = address }
            return household
        }
    }
}

/// A resident ID or phone number as the normalize stage reads it: what is hashed (`normalized`, under `kind`)
/// and the masked form shown instead of it.
struct PersonalValue {
    var kind: String
    var normalized: String
    var masked: String

    /// Nil when `written` is neither a valid resident ID (18 or legacy 15 characters) nor a phone number.
    init?(_ written: String) {
        if case .success(let id) = ResidentID.parse(written) {
            (kind, normalized, masked) = ("id", id.value, id.masked)
        } else if let phone = PhoneNumber.parse(written) {
            (kind, normalized, masked) = ("phone", phone.digits, phone.masked)
        } else {
            return nil
        }
    }
}
