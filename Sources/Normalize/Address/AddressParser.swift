import RongtongStaging

/// Turns a free-text Chinese address (or an address given in separate 省/市/区县/街道/社区 columns) into division codes,
/// compound and building/unit/room, filling what the text leaves out from the source's declared context.
///
/// An ambiguous name is never guessed: when `龙场镇` fits five townships and nothing else in the text or context
/// decides, the result carries their deepest common ancestor and lists the five in `ambiguousCandidates`.
///
/// ```swift
/// let parser = AddressParser(directory: try RegionDirectory.bundled())
/// let parsed = parser.parse("东升小区3-2-501", context: AddressContext(county: "白云区"))
/// parsed.countyCode   // "520113000000"
/// ```
///
/// The parser holds no mutable state and makes no per-call directory scans; share one across threads.
public struct AddressParser: Sendable {
    /// The divisions and communities addresses are resolved against.
    public let directory: RegionDirectory

    public init(directory: RegionDirectory) {
        self.directory = directory
    }

    /// Parses one address. `context` fills the levels the text leaves out and decides between same-named divisions.
    ///
    /// A text in traditional script (`貴州省貴陽市白雲區…`, a registry's or a Hong Kong or Taiwan input method's) is
    /// read in simplified characters, as the reference writes division names: its divisions resolve, and its compound
    /// and dwelling are spelled as the simplified feeds spell them.
    public func parse(_ text: String, context: AddressContext = AddressContext()) -> ParsedAddress {
        // 马岩村4组（原3组）6号, 6号(原5号): a former address in brackets is a remark, read apart from the address.
        let (text, formerAddress) = Self.formerAddressesTakenOut(HeadName.addressFolded(text))
        let scalars = AddressText.scalars(of: text)
        let declared = contextCandidates(context)
        var start = 0
        for prefix in Self.countryPrefixes where AddressText.hasPrefix(prefix, in: scalars, at: 0) {
            start = prefix.count
            break
        }
        if let province = OtherProvince.named(in: scalars, at: start) {
            var outside = ParsedAddress(normalized: AddressText.string(scalars[start...]))
            outside.outsideProvince = province.name
            return outside
        }
        var reading = readDivisions(scalars, from: start, scope: [], context: declared)
        reading.candidates = merge(text: reading.candidates, context: declared)
        var placedCommunity = false
        if let community = readCommunity(scalars, at: reading.end, scope: reading.candidates, wholeText: false) {
            placedCommunity = true
            reading.candidates = community.candidates
            // 坪地1组 written for 坪地村1组: the village is spelled with its 村 when it stays ambiguous.
            let written = community.villageWordLeftOut
                ? (Array(scalars[reading.end..<community.end]) + [Scalars.cun])[...] : scalars[reading.end..<community.end]
            reading.written.append(WrittenRegion(text: written, depth: RegionLevel.community.depth))
            reading.end = community.end
        }
        var dwelling = DwellingNumber.parse(scalars, from: reading.end, afterCommunity: placedCommunity)
        // 5组37号之2 with a 村（社区） column 田沟村: the column names the village the text leaves out. So it does for a
        // compound's flat (金滩小区5栋2单元204室 with a 所属社区 column 北门社区): whatever the text writes below the
        // village, a compound too, is read as if the address began with the column's community.
        if !placedCommunity, dwelling.unresolvedDivision == nil, let column = context.community,
           case let village = AddressText.scalars(of: HeadName.addressFolded(column)), !village.isEmpty {
            if let community = readCommunity(village, at: 0, scope: reading.candidates, wholeText: true) {
                reading.candidates = community.candidates
                reading.written.append(WrittenRegion(text: village[...], depth: RegionLevel.community.depth))
                placedCommunity = true
            } else if !reading.candidates.isEmpty {
                // A village the table does not list (新寨村): the record stays at the level that resolved, the name
                // kept in the address, as for the same text written in it.
                reading.unplaced.append(village[...])
            }
            dwelling = DwellingNumber.parse(scalars, from: reading.end, afterCommunity: placedCommunity)
        }
        // 38号 with a 小区 column 太慈桥棚户区: the door of a house in the shantytown, as in 太慈桥棚户区38号.
        if let area = context.compound, dwelling.compound == nil, dwelling.street == nil,
           dwelling.unresolvedDivision == nil,
           let door = DwellingNumber.areaDoor(of: area, writtenIn: scalars, from: reading.end) {
            dwelling.building = nil
            dwelling.unit = nil
            dwelling.room = door.room
            dwelling.remark = door.remark
        }
        var result = makeResult(reading.candidates, written: reading.written, dwelling: dwelling,
                                conflict: reading.conflict, unplaced: reading.unplaced, writtenIn: text)
        if let formerAddress { result.remark = [result.remark, formerAddress].compactMap { $0 }.joined(separator: " ") }
        result.misspeltPrefecture = reading.misspelt.map(AddressText.string)
        result.inexactDivisionName = reading.inexact
        if reading.end == start, !declared.isEmpty {
            result.bareCountyOutsideContext = bareCountyOutsideContext(scalars, at: start, context: declared)
                .map { directory.nodes[Int($0)].code }
        }
        return result
    }

    /// Resolves an address given as separate columns (names in any written form, or codes), e.g. a feed with
    /// 市州 / 区县 / 乡镇街道 / 社区 columns. A name in traditional script (白雲區) is read in simplified characters. A column whose value fits nothing, or contradicts the columns above it,
    /// is left out of the resolution (and kept as written in `normalized`), and its level is in `unresolvedColumnLevels`.
    ///
    /// A community or village column the community table does not list under the resolved divisions (新寨村, merged
    /// or renamed since 2021) is an `unresolvedDivision`, as the same village written in an address text is: the
    /// record resolves down to the township, and the village's name stays in `normalized` after it (with a township
    /// column that fitted nothing too, both names, as the text `某某镇新寨村` gives). With `beforeVillagerGroup` (the
    /// record has a 组 column), a name written without 村 or another community word (新寨) is a village and spelled
    /// 新寨村, as `新寨1组` written in an address is.
    public func resolve(prefecture: String?, county: String?, township: String?, community: String?,
                        context: AddressContext, beforeVillagerGroup: Bool = false) -> ParsedAddress {
        let declared = contextCandidates(context)
        var scope: [Int32] = []
        var unresolved: [WrittenRegion] = []
        var unresolvedColumnLevels: [RegionLevel] = []
        for (value, level) in [(prefecture, RegionLevel.prefecture), (county, .county), (township, .township)] {
            guard let value else { continue }
            let scalars = AddressText.scalars(of: HeadName.addressFolded(value))
            guard !scalars.isEmpty else { continue }
            if let found = columnCandidates(scalars, level: level, scope: scope, context: declared) {
                scope = found
            } else {
                unresolved.append(WrittenRegion(text: scalars[...], depth: level.depth))
                unresolvedColumnLevels.append(level)
            }
        }
        scope = merge(text: scope, context: declared)
        var communityUnlisted = false
        if let community {
            var scalars = AddressText.scalars(of: HeadName.addressFolded(community))
            if !scalars.isEmpty {
                if let found = readCommunity(scalars, at: 0, scope: scope, wholeText: true) {
                    scope = found.candidates
                } else if !scope.isEmpty {
                    communityUnlisted = true
                    if beforeVillagerGroup, !DwellingNumber.endsLikeCommunity(scalars[...]),
                       DwellingNumber.namesVillageBeforeGroup(scalars[...]) {
                        scalars.append(Scalars.cun)
                    }
                }
                // Shown as written unless it resolved to one community (which is then spelled canonically).
                unresolved.append(WrittenRegion(text: scalars[...], depth: RegionLevel.community.depth))
            }
        }
        var result = makeResult(scope, written: unresolved, dwelling: DwellingNumber())
        result.unresolvedColumnLevels = unresolvedColumnLevels
        if communityUnlisted, !result.isAmbiguous {
            // The names below the level that resolved, as `normalized` ends with them.
            let depth = result.regionLevel?.depth ?? -1
            result.unresolvedDivision = unresolved.filter { $0.depth > depth }.map { AddressText.string($0.text) }.joined()
            result.unresolvedCommunityColumn = unresolved.last.map { AddressText.string($0.text) }
        }
        return result
    }

    private static let countryPrefixes: [[UInt32]] = ["中华人民共和国", "中国"].map(AddressText.scalars(ofLiteral:))
}
