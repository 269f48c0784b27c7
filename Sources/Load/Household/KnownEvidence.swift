import GRDB
import RongtongStaging

/// The evidence the warehouse's households may hold (household ids, ID hashes, phone hashes, rooms), kept as Bloom
/// filters so that the linker skips a lookup whose answer is certainly "no household".
///
/// A "no" is certain and a "maybe" is asked of SQLite, so the filters change how fast a load is, never what it
/// writes, on one condition: every household value the load writes must be added (`add(_:)`) before the next
/// candidate is linked. Built from the warehouse (inside the load transaction) when a load is large against it;
/// a load that outgrows the capacity it was built for drops the filters (`isOverfull`) and builds them again.
final class KnownEvidence {
    private var ids, idHashes, phones, rooms: BloomFilter
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

    func mayHave(id: String) -> Bool { ids.mayContain(id) }
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
/// About 8 bits per expected element and 4 probes (roughly 2% false positives at capacity); the hashes are the
/// process's seeded `Hasher`, so a filter is meaningful only within the process that built it.
struct BloomFilter {
    private var words: [UInt64]
    private let bitCount: UInt64

    init(capacity: Int) {
        let words = max(1, (max(capacity, 1024) * 8 + 63) / 64)
        self.words = [UInt64](repeating: 0, count: words)
        bitCount = UInt64(words * 64)
    }

    mutating func insert(_ key: String) {
        var (a, b) = BloomFilter.hashes(key)
        for _ in 0..<4 {
            let bit = position(a)
            words[Int(bit >> 6)] |= 1 << (bit & 63)
            a = a &+ b
        }
    }

    func mayContain(_ key: String) -> Bool {
        var (a, b) = BloomFilter.hashes(key)
        for _ in 0..<4 {
            let bit = position(a)
            if words[Int(bit >> 6)] & (1 << (bit & 63)) == 0 { return false }
            a = a &+ b
        }
        return true
    }

    /// `hash` mapped onto the bits without a division (Lemire's multiply-shift).
    private func position(_ hash: UInt64) -> UInt64 {
        hash.multipliedFullWidth(by: bitCount).high
    }

    /// Two independent hashes for double hashing; the second is odd so that the probes differ.
    private static func hashes(_ key: String) -> (UInt64, UInt64) {
        var first = Hasher()
        first.combine(key)
        var second = Hasher()
        second.combine(0x9E37_79B9)
        second.combine(key)
        return (UInt64(bitPattern: Int64(first.finalize())), UInt64(bitPattern: Int64(second.finalize())) | 1)
    }
}
