import GRDB
import RongtongStaging

/// The evidence the warehouse's households may hold (household ids, ID hashes, phone hashes, rooms), the records
/// it holds (source and record key), the members those records listed by resident ID, and the ids merged away
/// (`household_alias`), kept as Bloom filters so that the linker skips a lookup whose answer is certainly "none".
///
/// A "no" is certain and a "maybe" is asked of SQLite, so the filters change how fast a load is, never what it
/// writes, on one condition: every household value, record key, listed member and alias the load writes must be
/// added (`add(_:)`, `addRecord`, `addMember`, `addAlias`) before the next candidate is linked. Built from the
/// warehouse (inside the load transaction) when a load is large against it; a load that outgrows the capacity it
/// was built for drops the filters (`isOverfull`) and builds them again.
final class KnownEvidence {
    private var ids, idHashes, phones, rooms: BloomFilter
    /// `source_id` and `record_key` of `household_source` rows, `member_hash` of `household_member` rows of kind
    /// `id`, and `alias_id` of `household_alias` rows. A first night's record has no earlier record, no household
    /// listing its head, and mints no merged-away id: each of these lookups, once per record, finds nothing.
    private var records, memberIDs, aliases: BloomFilter
    /// The number of households the filters were sized for, and how many have been added.
    let capacity: Int
    private(set) var added = 0

    /// Filters sized for `capacity` households, holding every household of the warehouse.
    init(db: Database, capacity: Int) throws {
        self.capacity = capacity
        ids = BloomFilter(capacity: capacity)
        idHashes = BloomFilter(capacity: capacity)
        phones = BloomFilter(capacity: capacity)
        rooms = BloomFilter(capacity: capacity)
        // A household has a record or more, and its records may list several members: room for twice as many.
        records = BloomFilter(capacity: 2 * capacity)
        memberIDs = BloomFilter(capacity: 2 * capacity)
        aliases = BloomFilter(capacity: capacity / 8)
        // Only the evidence columns: the scan reads every household of the warehouse.
        let stored = try RowQuery(db, sql: """
            SELECT household_id, head_id_hash, phone_hash, compound_id, building, unit, room FROM dwd_household
            """)
        try stored.forEach { row in
            add(id: row.text(0) ?? "", idHash: row.text(1), phone: row.text(2),
                room: row.text(3).flatMap { compound in
                    row.text(6).map { KnownEvidence.roomKey(compoundID: compound, building: row.text(4), unit: row.text(5), room: $0) }
                })
        }
        try RowQuery(db, sql: "SELECT source_id, record_key FROM household_source").forEach { row in
            addRecord(sourceID: row.text(0) ?? "", key: row.text(1) ?? "")
        }
        try RowQuery(db, sql: "SELECT member_hash FROM household_member WHERE kind = 'id'").forEach { row in
            addMember(idHash: row.text(0) ?? "")
        }
        try RowQuery(db, sql: "SELECT alias_id FROM household_alias").forEach { row in
            addAlias(row.text(0) ?? "")
        }
    }

    var isOverfull: Bool { added > capacity }

    /// Records a household's id and evidence as it now stands in the warehouse.
    func add(_ household: StoredHousehold) {
        add(id: household.id, values: household.values)
    }

    /// Records a household's id and evidence from its values in `HouseholdWriter.insertColumns` order.
    func add(id: String, values: [DatabaseValue]) {
        add(id: id, idHash: String.fromDatabaseValue(values[KnownEvidence.idHash]),
            phone: String.fromDatabaseValue(values[KnownEvidence.phone]), room: KnownEvidence.roomKey(values))
    }

    private func add(id: String, idHash: String?, phone: String?, room: String?) {
        added += 1
        ids.insert(id)
        if let idHash { idHashes.insert(idHash) }
        if let phone { phones.insert(phone) }
        if let room { rooms.insert(room) }
    }

    /// Records a `household_source` row's source and record key as written.
    func addRecord(sourceID: String, key: String) { records.insert(KnownEvidence.recordKey(sourceID, key)) }

    /// Records a member's resident ID hash a record listed (`household_member`, kind `id`) as written.
    func addMember(idHash: String) { memberIDs.insert(idHash) }

    /// Records a household id merged away (`household_alias.alias_id`) as written.
    func addAlias(_ id: String) { aliases.insert(id) }

    func mayHave(id: String) -> Bool { ids.mayContain(id) }
    /// Whether the source may have loaded a record under this key (`household_source`), in any batch.
    func mayHave(sourceID: String, recordKey: String) -> Bool { records.mayContain(KnownEvidence.recordKey(sourceID, recordKey)) }
    /// Whether a record may have listed a member of this resident ID hash (`household_member`, kind `id`).
    func mayHave(memberIDHash: String) -> Bool { memberIDs.mayContain(memberIDHash) }
    /// Whether a household of this id may have been merged into another (`household_alias`).
    func mayHave(aliasID: String) -> Bool { aliases.mayContain(aliasID) }
    func mayHave(idHash: String) -> Bool { idHashes.mayContain(idHash) }
    func mayHave(phoneHash: String) -> Bool { phones.mayContain(phoneHash) }

    /// Whether a household may sit in this room (compound, building, unit, room; an absent building or unit is
    /// part of the key, as the SQL lookup matches it with `IS`).
    func mayHave(compoundID: String, building: String?, unit: String?, room: String) -> Bool {
        rooms.mayContain(KnownEvidence.roomKey(compoundID: compoundID, building: building, unit: unit, room: room))
    }

    private static let idHash = StoredHousehold.position["head_id_hash"] ?? 0
    private static let phone = StoredHousehold.position["phone_hash"] ?? 0
    private static let compound = StoredHousehold.position["compound_id"] ?? 0
    private static let building = StoredHousehold.position["building"] ?? 0
    private static let unit = StoredHousehold.position["unit"] ?? 0
    private static let room = StoredHousehold.position["room"] ?? 0

    private static func recordKey(_ sourceID: String, _ key: String) -> String {
        "\(sourceID)\u{1F}\(key)"
    }

    private static func roomKey(_ values: [DatabaseValue]) -> String? {
        guard let compoundID = String.fromDatabaseValue(values[compound]),
              let room = String.fromDatabaseValue(values[room]) else { return nil }
        return roomKey(compoundID: compoundID, building: String.fromDatabaseValue(values[building]),
                       unit: String.fromDatabaseValue(values[unit]), room: room)
    }

    private static func roomKey(compoundID: String, building: String?, unit: String?, room: String) -> String {
        // U+0000 stands for an absent part, U+001F separates the parts: neither occurs in cleaned text.
        "\(compoundID)\u{1F}\(building ?? "\u{0}")\u{1F}\(unit ?? "\u{0}")\u{1F}\(room)"
    }
}

/// A Bloom filter over strings: `mayContain` is false only for a string never inserted.
///
/// About 8 bits per expected element and 4 probes (roughly 2–3% false positives at capacity). The filter is
/// blocked: a key's 4 bits lie in one 512-bit block (one 64-byte cache line), chosen by one seeded `Hasher` of the
/// key, so a probe costs one cache miss and one hash instead of four misses and two hashes (the nineteenth session:
/// the probes of a first night's load were 4.3% of its samples, mostly cache misses). The hashes are the process's
/// seeded `Hasher`, so a filter is meaningful only within the process that built it.
struct BloomFilter {
    private var words: [UInt64]
    /// The number of 512-bit blocks (8 words each).
    private let blockCount: UInt64

    init(capacity: Int) {
        let blocks = max(1, (max(capacity, 1024) * 8 + 511) / 512)
        self.words = [UInt64](repeating: 0, count: blocks * 8)
        blockCount = UInt64(blocks)
    }

    mutating func insert(_ key: String) {
        let hash = BloomFilter.hash(key)
        let base = block(hash)
        var bits = hash
        for _ in 0..<4 {
            let bit = Int(truncatingIfNeeded: bits & 511)
            words[base + (bit >> 6)] |= 1 << UInt64(bit & 63)
            bits >>= 9
        }
    }

    func mayContain(_ key: String) -> Bool {
        let hash = BloomFilter.hash(key)
        let base = block(hash)
        var bits = hash
        for _ in 0..<4 {
            let bit = Int(truncatingIfNeeded: bits & 511)
            if words[base + (bit >> 6)] & (1 << UInt64(bit & 63)) == 0 { return false }
            bits >>= 9
        }
        return true
    }

    /// The first word of the key's block: its hash's high bits mapped onto the blocks without a division
    /// (Lemire's multiply-shift); the 36 low bits choose the 4 bits inside it.
    private func block(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash.multipliedFullWidth(by: blockCount).high) * 8
    }

    private static func hash(_ key: String) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(key)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}
