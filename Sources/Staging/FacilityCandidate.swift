/// A facility as one source record describes it, after normalization (coordinates already WGS-84).
public struct FacilityCandidate: Sendable, Equatable {
    public var batchID: String
    public var recordNumber: Int
    public var sourceID: String
    public var recordKey: String
    public var facilityType: String
    public var name: String?
    /// The type as the record wrote it (垃圾站, 箱变, 供配电设施（配电房）): the name a record without one is
    /// matched and shown by.
    public var typeLabel: String?
    public var compoundName: String?
    public var regionCode: String?
    public var address: String?
    public var lat: Double?
    public var lon: Double?
    public var capacity: Double?
    public var capacityUnit: String?
    public var status: String?
    public var owner: String?
    public var builtYear: Int?
    public var recordDate: String?
    /// The record says the facility does not exist (a checklist's `无`, `缺失`, `未配建`): it makes no facility, and
    /// the facility it described before (or names by its evidence) is out of service from now on.
    public var isAbsent = false
    /// The source field that placed the record in no division, when the record names a compound: the compound
    /// may still place it at load, which warns `unresolved_region` on this field only when it does not. Nil when the
    /// record was placed, or its warning was given when it was normalized.
    public var unplacedField: String?

    public init(batchID: String, recordNumber: Int, sourceID: String, recordKey: String, facilityType: String) {
        self.batchID = batchID
        self.recordNumber = recordNumber
        self.sourceID = sourceID
        self.recordKey = recordKey
        self.facilityType = facilityType
    }
}

/// One more compound a renovation project covers, placed as its own element of the record places it.
public struct CoveredCompound: Sendable, Equatable, Codable {
    public var name: String
    public var regionCode: String?
    public var address: String?
    /// The compound's own built year, when the row writes one inside each compound's element; nil otherwise (the
    /// row's year is its first compound's).
    public var builtYear: Int?
    /// The compound's former names, when its element writes them in brackets (`金叶苑（原烟草局宿舍）`) or in a field
    /// of its own (`<曾用名>`).
    public var formerNames: [String]

    public init(name: String, regionCode: String?, address: String?, builtYear: Int? = nil, formerNames: [String] = []) {
        self.name = name
        self.regionCode = regionCode
        self.address = address
        self.builtYear = builtYear
        self.formerNames = formerNames
    }

    private enum CodingKeys: String, CodingKey { case name, regionCode, address, builtYear, formerNames, formerName }

    /// Reads what `encode` writes, and what staging databases written before several former names were kept hold
    /// (one `formerName`).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        regionCode = try container.decodeIfPresent(String.self, forKey: .regionCode)
        address = try container.decodeIfPresent(String.self, forKey: .address)
        builtYear = try container.decodeIfPresent(Int.self, forKey: .builtYear)
        formerNames = try container.decodeIfPresent([String].self, forKey: .formerNames)
            ?? (container.decodeIfPresent(String.self, forKey: .formerName).map { [$0] } ?? [])
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(regionCode, forKey: .regionCode)
        try container.encodeIfPresent(address, forKey: .address)
        try container.encodeIfPresent(builtYear, forKey: .builtYear)
        if !formerNames.isEmpty { try container.encode(formerNames, forKey: .formerNames) }
    }
}

/// A compound (小区/院落) as a housing-department record describes it, with its renovation project if the row has one.
public struct CompoundCandidate: Sendable, Equatable {
    public var batchID: String
    public var recordNumber: Int
    public var sourceID: String
    public var recordKey: String
    /// Name without a phase suffix (`幸福小区（二期）` → `幸福小区`), and without the other name a renamed compound
    /// carries in brackets (`金叶苑（原烟草局宿舍）` → `金叶苑`).
    public var name: String
    /// The names a renamed compound went by before (`烟草局宿舍` of `金叶苑（原烟草局宿舍）`, or of a 曾用名 column
    /// holding `烟草局宿舍、烟草公司宿舍`): the same compound, which takes `name` and keeps these as its aliases.
    public var formerNames: [String] = []
    public var regionCode: String?
    public var address: String?
    public var areaType: String?
    public var builtYear: Int?
    public var projectID: String?
    public var phase: Int?
    public var scope: String?
    public var content: String?
    public var progress: Double?
    /// Whether `progress` comes from an approximate word (过半 0.5, 基本完工 0.9): a stored exact progress at or above
    /// it, below 1, is kept.
    public var progressIsApproximate = false
    public var investmentYuan: Double?
    public var plannedStart: String?
    public var plannedEnd: String?
    public var projectStatus: String?
    /// The other compounds of a project covering several (`<小区列表>` of two `<小区>`): each also gets the project.
    public var alsoCovers: [CoveredCompound] = []

    public init(batchID: String, recordNumber: Int, sourceID: String, recordKey: String, name: String) {
        self.batchID = batchID
        self.recordNumber = recordNumber
        self.sourceID = sourceID
        self.recordKey = recordKey
        self.name = name
    }

    /// Whether the row carries renovation-project facts (then it also feeds dwd_renovation_project).
    public var hasProject: Bool {
        projectID != nil || phase != nil || scope != nil || content != nil || progress != nil || investmentYuan != nil
            || plannedStart != nil || plannedEnd != nil || projectStatus != nil
    }
}
