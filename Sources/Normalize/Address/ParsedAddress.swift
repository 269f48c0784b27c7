/// What a source declares about where all its records are, to fill what its addresses leave out: a city's grid
/// workers write `东升小区3栋…` and mean their own city.
///
/// Each field is a name in any written form (`贵阳`, `白云区`) or a code (6-, 9- or 12-digit). Text in an address
/// that names another division wins over the context; the context only fills and disambiguates.
public struct AddressContext: Sendable, Equatable {
    public var prefecture: String?
    public var county: String?
    public var township: String?
    /// The record's village or community (a 村（社区） column), for an address that writes only what lies below it
    /// (`5组37号之2`, `村委会旁`): the address is read as if it began with it. An address that names a community or
    /// village of its own keeps it. Never a source's context (it says nothing of where its records are).
    public var community: String?
    /// The record's compound (a 小区 column), for an address that writes only the numbers after it: where the
    /// compound is a shantytown or an area of old houses (`太慈桥棚户区`, `东门路片区`), a door number written alone
    /// (`38号`) is its house's door, the room whatever its size, as in `太慈桥棚户区38号` written in one text. An
    /// address that names a compound, road or door of its own keeps it. Never a source's context.
    public var compound: String?

    public init(prefecture: String? = nil, county: String? = nil, township: String? = nil, community: String? = nil,
                compound: String? = nil) {
        self.prefecture = prefecture
        self.county = county
        self.township = township
        self.community = community
        self.compound = compound
    }

    var isEmpty: Bool { prefecture == nil && county == nil && township == nil }
}

/// One address split into division codes and dwelling parts, with a normalized spelling.
///
/// ```swift
/// let parsed = parser.parse("白云区大山洞街道东升小区三栋2-501")
/// parsed.townshipCode   // "520113006000"
/// parsed.building       // "3"
/// parsed.normalized     // "贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室"
/// ```
public struct ParsedAddress: Sendable, Equatable {
    /// The finest division resolved (12-digit); the deepest common ancestor of the candidates when ambiguous;
    /// nil when nothing in the text or context names a division.
    public var regionCode: String?
    public var regionLevel: RegionLevel?
    public var prefectureCode: String?
    public var countyCode: String?
    public var townshipCode: String?
    public var communityCode: String?
    /// The compound's name as written (cleaned), e.g. `东升小区`; the `&`, `+` and middle dots inside it are kept
    /// (`龙&凤苑`, `万科·金域华府`), other punctuation and spaces are not.
    public var compound: String?
    /// Arabic digits (or letters for 座/栋 like `A`): 3栋, 3幢, 3号楼, 3座, 三栋 and the 3 of 3-2-501 all give "3".
    public var building: String?
    public var unit: String?
    public var room: String?
    /// What the text wrote after the building, unit and room, without punctuation: `东户` of `301室（东户）`, `北侧` of
    /// `301 北侧`. Not part of `normalized` (which is one spelling for every way of writing the flat); nil when
    /// nothing followed.
    public var remark: String?
    /// The street-level locator, in Arabic digits: a road with its door number (`中华南路123号`, `XX路5号附8号`), a
    /// road written before the compound (`东风路`), or a villager group with its door number (`3组15号`). Not a
    /// compound: an address with only a street has `compound` nil and keeps the street in `normalized`.
    public var street: String?
    /// A township or community name the text wrote that fits no division in the resolved scope (`城关镇` under a
    /// county without one, `不存在镇`, an unknown `XX村` before its group, a `XX村` whose stem only an urban 社区 of
    /// another township has). The address resolves only down to `regionCode`; the name is kept as written in
    /// `normalized` and never taken for a compound. An unknown village written without 村 before its group
    /// (`大寨3组5号`) is spelled with it (`大寨村`), as a listed one is.
    public var unresolvedDivision: String?
    /// The community column's value given to `AddressParser.resolve` when it is the `unresolvedDivision`'s village
    /// (`新寨村` of `某某镇新寨村`, whose 某某镇 a township column wrote): the village's own part of it, as spelled there.
    public var unresolvedCommunityColumn: String?
    /// The levels of the division columns given to `AddressParser.resolve` (prefecture, county, township) whose
    /// value named no division under the others (`西江苗寨` or `乌龙镇` in a 乡镇 column under 雷山县): the value is
    /// left out of the record's place, also when a finer column placed it (麻料村 in the 村 column).
    public var unresolvedColumnLevels: [RegionLevel] = []
    /// Text between the divisions read and a county of theirs that names no division (`布州` of
    /// `黔南布州三都水族自治县…`, `洲` of `黔南洲三都县…`): a misspelt prefecture, which the county after it confirms.
    /// The address is read from the county on; the text is left out of `normalized` and never becomes part of a
    /// compound's name.
    public var misspeltPrefecture: String?
    /// An ethnic division written with a nationality its official name does not list (`威宁布依族自治县` for
    /// 威宁彝族回族苗族自治县): read as that division by its place stem and ending, the address read on after it
    /// (township, village, door) and stored with the official name. Any subset or order of its own nationalities
    /// (`威宁彝族自治县`) is one of its names and sets nothing here.
    public var inexactDivisionName: InexactDivisionName?
    /// The province the address lies in when it is not Guizhou (`四川省` for `四川省成都市…`). Such an address resolves
    /// to no division (the source's context is not applied to it) and gives no compound or dwelling parts:
    /// `normalized` is the text as written, cleaned.
    public var outsideProvince: String?
    /// The county a bare name opening the address would name (`凯里` in `凯里金井小区`) when the source's context
    /// says the record lies elsewhere (`黔南州`): the name was read as part of the compound's, and the record placed
    /// by the context. Reported as an `outside_context` warning: one of the two is wrong.
    public var bareCountyOutsideContext: String?
    /// The whole address in one spelling: official names of the resolved levels (filled in from the context when
    /// the text left them out), canonical community (`东升社区`), compound, then `3栋2单元501室`.
    public var normalized: String
    /// Codes of the divisions a name could mean when nothing in the text or context decided between them;
    /// `regionCode` is then their deepest common ancestor. Also filled when two names written in the text contradict
    /// each other (`贵阳市钟山区`: both readings, `regionCode` their common ancestor; `南明区三合镇` with 三合镇 only in
    /// other counties: the 三合镇 codes, `regionCode` stays 南明区). Empty when the address resolved without doubt.
    public var ambiguousCandidates: [String]

    public init(regionCode: String? = nil, regionLevel: RegionLevel? = nil, prefectureCode: String? = nil,
                countyCode: String? = nil, townshipCode: String? = nil, communityCode: String? = nil,
                compound: String? = nil, building: String? = nil, unit: String? = nil, room: String? = nil,
                normalized: String = "", ambiguousCandidates: [String] = [], street: String? = nil,
                unresolvedDivision: String? = nil) {
        self.regionCode = regionCode
        self.regionLevel = regionLevel
        self.prefectureCode = prefectureCode
        self.countyCode = countyCode
        self.townshipCode = townshipCode
        self.communityCode = communityCode
        self.compound = compound
        self.building = building
        self.unit = unit
        self.room = room
        self.normalized = normalized
        self.ambiguousCandidates = ambiguousCandidates
        self.street = street
        self.unresolvedDivision = unresolvedDivision
    }

    /// True when a name fitted several divisions and the record could only be placed at their common ancestor.
    public var isAmbiguous: Bool { !ambiguousCandidates.isEmpty }
}
