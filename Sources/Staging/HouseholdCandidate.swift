/// A household as one source record describes it, after normalization: the shape normalize writes and load reads.
///
/// Personal values are already hashed and masked here; only staging's raw records hold them in clear.
public struct HouseholdCandidate: Sendable, Equatable {
    public var batchID: String
    public var recordNumber: Int
    public var sourceID: String
    /// The source's own key for the record, else the record number as text.
    public var recordKey: String
    public var regionCode: String?
    public var compoundName: String?
    public var building: String?
    public var unit: String?
    public var room: String?
    public var address: String?
    public var headName: String?
    public var headIDHash: String?
    /// With `headIDHash`, its ID masked (`520102********123X`). Without, an ID the feed sent masked, each hidden
    /// character written `*` (`522701********5055`, `5227011980****5055`): never stored in the household, only
    /// compared with households' masked IDs, where a visible digit that differs says another head.
    public var headIDMasked: String?
    public var headGender: String?
    public var headBirthDate: String?
    public var phoneHash: String?
    public var phoneMasked: String?
    public var memberCount: Int?
    public var gridID: String?
    public var tenHouseholdGroup: String?
    public var tenure: String?
    public var isLowIncome: Bool?
    public var isExtremePoverty: Bool?
    public var hasDisabledMember: Bool?
    public var hasElderlyAlone: Bool?
    public var hasLeftBehindChild: Bool?
    public var recordDate: String?
    /// The organisation the record names where a person's name belongs (`六盘水供电局` holding a flat's water account):
    /// no person, so `headName` is nil; the load links the record by its dwelling, as an account holder's record.
    public var holderOrganisation: String?
    /// The head's name hashed (`kind: name`), simplified, when the record names a head: compared with the member
    /// names a household's records listed (`household_member`), never stored in clear beside them.
    public var headNameHash: String?
    /// The resident IDs, hashed as `headIDHash`, of the other members the record lists (a registry's `成员列表`, the
    /// member rows of `rows: person`): evidence that a later record naming one of them as head is the same
    /// household with a new head (the head died or moved out).
    public var memberIDHashes: [String] = []
    /// The names, hashed as `headNameHash`, of the other members the record lists (a member list without IDs).
    public var memberNameHashes: [String] = []

    public init(batchID: String, recordNumber: Int, sourceID: String, recordKey: String) {
        self.batchID = batchID
        self.recordNumber = recordNumber
        self.sourceID = sourceID
        self.recordKey = recordKey
    }
}
