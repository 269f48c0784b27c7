/// How a candidate joined the warehouse: which household or facility, by which rule, how sure.
public struct LinkOutcome: Sendable, Equatable {
    public var entityID: String
    /// `id_hash`, `address+name`, `address+phone`, `address+holder`, `phone+name` (with `:tie_broken_by_phone` … when
    /// the record's other evidence chose among households the rule fitted equally), `new` for a household first seen
    /// now, `ambiguous` for one made because nothing chose among them, or another record rule (`same_evidence`,
    /// `alias`, a kept rule).
    public var rule: String
    public var score: Double
    /// Whether the household's tracked attributes changed (a new history version was written).
    public var changed: Bool
}
