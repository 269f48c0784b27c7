/// The five tiers of the NBS 统计用区划代码 scheme that Guizhou's feeds talk about, shallowest first.
///
/// The raw value is what the warehouse stores in `dim_region.level`.
public enum RegionLevel: String, Sendable, CaseIterable, Comparable {
    case province
    case prefecture
    case county
    case township
    case community

    /// 0 for the province, 4 for a community: the position in a code's lineage.
    public var depth: Int {
        switch self {
        case .province: return 0
        case .prefecture: return 1
        case .county: return 2
        case .township: return 3
        case .community: return 4
        }
    }

    /// How many leading digits of a 12-digit code identify a division at this level (2, 4, 6, 9 or 12).
    public var codePrefixLength: Int {
        switch self {
        case .province: return 2
        case .prefecture: return 4
        case .county: return 6
        case .township: return 9
        case .community: return 12
        }
    }

    init?(depth: Int) {
        switch depth {
        case 0: self = .province
        case 1: self = .prefecture
        case 2: self = .county
        case 3: self = .township
        case 4: self = .community
        default: return nil
        }
    }

    public static func < (lhs: RegionLevel, rhs: RegionLevel) -> Bool { lhs.depth < rhs.depth }
}

/// One administrative division or village-level community from the bundled reference tables.
///
/// ```swift
/// let baiyun = try RegionDirectory.bundled().region(code: "520113000000")
/// // Region(code: "520113000000", name: "白云区", level: .county, parentCode: "520100000000")
/// ```
public struct Region: Sendable, Hashable {
    /// The 12-digit statistical code, e.g. `520113006000`.
    public let code: String
    /// The official name exactly as NBS publishes it, e.g. `都拉布依族乡`, `大山洞居委会`.
    public let name: String
    public let level: RegionLevel
    /// The code of the division directly above; nil for the province.
    public let parentCode: String?

    public init(code: String, name: String, level: RegionLevel, parentCode: String?) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
    }
}
