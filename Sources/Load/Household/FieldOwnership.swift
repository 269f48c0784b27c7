/// A set of `dwd_household` value columns, by their position in `HouseholdWriter.insertColumns`, which is also
/// their bit in the warehouse's `household_column` table and in `household_field_owner.column_bits`.
struct ColumnSet: Equatable {
    /// Bit `n` set: the column at position `n` is in the set.
    private(set) var bits: Int

    init(bits: Int = 0) { self.bits = bits }

    init(_ positions: [Int]) {
        bits = positions.reduce(0) { $0 | (1 << $1) }
    }

    var isEmpty: Bool { bits == 0 }

    func contains(_ position: Int) -> Bool { bits & (1 << position) != 0 }

    mutating func insert(_ position: Int) { bits |= 1 << position }

    func union(_ other: ColumnSet) -> ColumnSet { ColumnSet(bits: bits | other.bits) }

    func subtracting(_ other: ColumnSet) -> ColumnSet { ColumnSet(bits: bits & ~other.bits) }
}

/// One `household_field_owner` row: the columns of a household whose current values `source` set in run `run`.
struct FieldOwnership {
    var source: String
    var run: Int
    var columns: ColumnSet
}
