/// An area of houses, each with a door of its own, rather than a compound of buildings: a shantytown or area
/// (`丁字口棚户区`, `杨柳巷片区`, `文化街棚改区`: named after its lane, road or village) or an urban village
/// (`五里冲城中村`). A 小区 column naming one beside an address that writes the house's own door (`新华村六组21号`,
/// `老城街道水井巷59号`) keeps that door after the area's name (`…丁字口棚户区新华村6组21号`), and the load links the
/// house by that door to the records that write it without the area (`…舟水桥街道新华村6组21号`).
public enum AreaOfHouses {
    /// The words an area's name ends in (棚户区, 棚改区, 片区, 地块 alone name no place).
    public static let endings = ["棚户区", "棚改区", "棚户", "棚改", "片区", "地块", "城中村"]

    /// Whether `name` is an area's name: one of `endings` after a name of its own.
    public static func names(_ name: String) -> Bool {
        endings.contains { name.count > $0.count && name.hasSuffix($0) }
    }
}
