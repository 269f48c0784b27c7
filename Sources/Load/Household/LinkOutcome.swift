/// How a candidate joined the warehouse: which household or facility, by which rule, how sure.
public struct LinkOutcome: Sendable, Equatable {
    public var entityID: String
    /// `id_hash`, `address+name`, `address+phone`, `address+holder`, `phone+name`, or `new` for a household first seen now.
    public var rule: String
    public var score: Double
    /// Whether the household's tracked attributes changed (a new history version was written).
    public var changed: Bool
}
