import RongtongConfig
import RongtongStaging

/// How a resolved location is written: a street writing its door, shortened names, divisions taken out of a name; its address written from the parsed parts, a code's divisions read within the context, a former code's message.
extension LocationResolver {
    /// Whether a villager's door as the address parser writes it (`3组17号`, `2组6号附2号`) has `number` as its door
    /// number: `N号` not part of a longer number, nor an annex's (附2号) or a group's (3组).
    static func street(_ street: String, writesDoor number: String) -> Bool {
        var rest = Substring(street)
        while let found = rest.range(of: number + "号") {
            let before = street[..<found.lowerBound].last
            if !(before?.isNumber ?? false), before != "附", before != "之", before != "-" { return true }
            rest = street[found.upperBound...]
        }
        return false
    }

    /// Whether `short` is the compound `full` written shorter, as a compound column or an address shortens it:
    /// - its beginning, without the word that makes it a compound's name (都拉 for 都拉营安置小区, 和平 for 和平小区,
    ///   长征 for 长征二村);
    /// - or the same name with characters left out, the rest in order, from the same first character to the same
    ///   ending word (烟草宿舍 for 烟草公司宿舍, 市政宿舍 for 市政公司宿舍, 电力宿舍 for 电力局宿舍, 电力家属院 for
    ///   电力局家属院), with at least two characters before that word.
    /// A name with a character of its own names another compound: 东风小区 is not 东方小区, 水钢一村 not 水钢二村.
    static func shortens(_ short: String, _ full: String) -> Bool {
        guard short != full, short.count < full.count, DwellingNumber.endsLikeCompoundName(full) else { return false }
        if full.hasPrefix(short) { return !DwellingNumber.endsLikeCompoundName(short) }
        guard let ending = DwellingNumber.compoundEndings.filter({ full.hasSuffix($0) }).max(by: { $0.count < $1.count }),
              short.hasSuffix(ending), short.count - ending.count >= 2, short.first == full.first else { return false }
        // The characters before the ending, in order, each found further along the full name's.
        var rest = full.dropLast(ending.count)[...]
        for character in short.dropLast(ending.count) {
            guard let found = rest.firstIndex(of: character) else { return false }
            rest = rest[rest.index(after: found)...]
        }
        return true
    }

    /// The words a township's or a community's name ends with, as names write them before a compound's.
    static let divisionEndings = ["街道办事处", "办事处", "街道", "镇", "乡", "社区居委会", "居委会", "居民委员会", "社区",
                                  "村委会", "村民委员会", "村"]

    /// `divisionEndings`, looked for in every record's compound name (`holdsDivisionWord`).
    static let divisionWords = WordSearch(divisionEndings)

    /// A compound's name written with its township or community in front (`松桃路社区金竹花园`, `松桃路社区居委会金竹花园`,
    /// `老城街道丹桂小区`, `龙井村幸福小区`), read as an address reads it: the compound's own name (`金竹花园`), as
    /// written after those words (a phase or a former name in brackets kept), and the division they name. What is
    /// in front must name divisions alone, ending as a township or community does, and the division must lie in the
    /// record's region or contain it; the finer of the two is the region. Nil when the name writes no such division
    /// in front: a county's name in front (`西秀区棉纺厂宿舍`), a name the parser keeps whole (`阳光社区安置点`,
    /// `XX社区棚户区`, `乌当区乌当小区`), a road (`中华路纺织厂宿舍`), or a community the region does not have.
    func withoutDivisions(_ written: String, placedAt region: String?,
                          context: AddressContext) -> (compound: String, regionCode: String)? {
        let cleaned = TextCleaning.clean(written)
        let core = CompoundPhase.split(CompoundRename.split(cleaned).name).name
        guard Self.holdsDivisionWord(core) else { return nil }
        var own = context
        own.community = nil
        own.compound = nil
        let parsed = addresses.parse(core, context: own)
        guard let compound = parsed.compound, compound.count < core.count, core.hasSuffix(compound),
              parsed.street == nil, parsed.building == nil, parsed.unit == nil, parsed.room == nil,
              parsed.outsideProvince == nil, parsed.unresolvedDivision == nil, parsed.misspeltPrefecture == nil,
              !parsed.isAmbiguous, (parsed.regionLevel ?? .province) >= .township, let named = parsed.regionCode else {
            return nil
        }
        let prefix = String(core.dropLast(compound.count))
        guard Self.divisionEndings.contains(where: { prefix.hasSuffix($0) }), cleaned.hasPrefix(prefix) else { return nil }
        let regionCode: String
        if let region {
            if isWithin(named, region) {
                regionCode = named
            } else if isWithin(region, named) {
                regionCode = region
            } else {
                return nil
            }
        } else {
            regionCode = named
        }
        return (String(cleaned.dropFirst(prefix.count)), regionCode)
    }

    /// What an `unknown_region_code` warning says of a code under a Guizhou prefecture that lists no such division
    /// today (`520321`): that it is most likely a former county's code, the counties of that prefecture renamed since
    /// whose former names the parser knows (遵义县, now 播州区), and where the record was placed.
    func formerCodeMessage(_ written: String, _ padded: String, under prefecture: Region,
                                   _ parsed: ParsedAddress) -> String {
        let level = padded.hasSuffix("000000") ? "county" : padded.hasSuffix("000") ? "township" : "community"
        let renamed = RegionNameForms.formerCountyNames.filter { $0.code.hasPrefix(prefecture.code.prefix(4)) }
            .compactMap { former in directory.region(code: former.code).map { "\(former.name) (now \($0.name), \($0.code))" } }
        let known = renamed.isEmpty || level != "county" ? ""
            : "; \(prefecture.name)'s former counties the parser knows by name: \(renamed.joined(separator: ", "))"
        let placed = parsed.regionCode.map { "the record is placed by its address at \(directory.fullName(code: $0)) (\($0))" }
            ?? "the record is placed by its address"
        return "\"\(written)\" is not a Guizhou division code today: \(prefecture.name) (\(prefecture.code)) has no \(level) of that code."
            + " It is most likely a former code, of a division renamed or merged since (撤县设区, 撤县设市, 乡镇撤并);"
            + " the reference lists today's codes only, so it is not read as its successor\(known). Write the current code;"
            + " \(placed)"
    }

    /// The record's place read again inside the county (or prefecture) of `coded`, the division its region_code
    /// column names: what decides a name the text left ambiguous. Nil when that reading is ambiguous still.
    func readWithin(_ coded: Region, _ rowContext: AddressContext,
                            _ locate: (AddressContext) -> ParsedAddress) -> ParsedAddress? {
        guard coded.level >= .prefecture else { return nil }
        var within = rowContext
        within.prefecture = String(coded.code.prefix(4)) + String(repeating: "0", count: 8)
        if coded.level >= .county { within.county = String(coded.code.prefix(6)) + String(repeating: "0", count: 6) }
        let decided = locate(within)
        return decided.isAmbiguous ? nil : decided
    }

    /// Whether `code` is `ancestor` or lies under it.
    func isWithin(_ code: String, _ ancestor: String) -> Bool {
        if code == ancestor { return true }
        // Two codes of the directory as it writes them (12 digits): their nodes' lineage answers.
        if code.utf8.count == 12, ancestor.utf8.count == 12, let node = directory.index(ofCode: code),
           let above = directory.index(ofCode: ancestor) {
            return directory.isDescendant(node, ofOrSelf: above)
        }
        var next: String? = code
        while let current = next {
            if current == ancestor { return true }
            next = directory.region(code: current)?.parentCode
        }
        return false
    }

    /// `address` with the full name of `old` (the divisions it began with, if any) replaced by `name`, the names of
    /// `new`'s divisions.
    func rebased(_ address: String, from old: String?, to new: String, name: String) -> String {
        if address.hasPrefix(name) { return address }
        var rest = Substring(address)
        // The text's divisions as the address spells them (镇山村, not its official 镇山村委会), else as officially named.
        for prefix in [old.map { directory.addressName(code: $0) }, old.map { directory.fullName(code: $0) }, "贵州省"]
            .compactMap({ $0 }) where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        return name + rest
    }

    func compose(parsed: ParsedAddress, hasAddressText: Bool, _ l: Location) -> String? {
        // The compound column names the compound the address text writes with a section (和平里小区 for
        // 和平里小区东区): the address keeps the section, which tells the two 1栋1单元101室 apart.
        let sameCompound = l.compound == parsed.compound
            || (l.compound.map { column in parsed.compound.map { $0.hasPrefix(column) } ?? false } ?? false)
        // The address as parsed, with the door its columns complete (王宽村1组 and 12 → 王宽村1组12号) and the room
        // they give (王宽村1组44号 and 301 → 王宽村1组44号301室), also where the address's divisions stayed ambiguous;
        // with the unit a door column writes after the door (龙井村3组 and 40号2单元301室 → 龙井村3组40号2单元301室).
        let unitAfterDoor = l.door != nil && l.unit != nil && parsed.unit == nil && parsed.building == nil
        if hasAddressText, sameCompound, l.building == parsed.building, l.unit == parsed.unit || unitAfterDoor,
           !parsed.normalized.isEmpty {
            var place = parsed.normalized
            if let room = parsed.room, place.hasSuffix(DwellingNumber.roomSpelling(room)) {
                place.removeLast(DwellingNumber.roomSpelling(room).count)
            }
            return place + (l.door ?? "") + (unitAfterDoor ? l.unit.map { "\($0)单元" } ?? "" : "")
                + (l.room.map(DwellingNumber.roomSpelling) ?? "")
        }
        // The column names a shantytown, area or urban village (丁字口棚户区, 杨柳巷片区) and the address writes the
        // house's own door (新华村六组21号, 老城街道水井巷59号): the door is the only dwelling such a house has, and follows
        // the area's name (…舟水桥街道丁字口棚户区新华村6组21号, …老城街道杨柳巷片区水井巷59号), so that the house links
        // by it to the records that write the door without the area.
        if hasAddressText, let area = l.compound, AreaOfHouses.names(area), parsed.compound == nil,
           let street = parsed.street, street.contains(where: \.isNumber),
           l.building == nil, l.unit == nil, parsed.building == nil, parsed.unit == nil {
            let divisions = l.regionCode.map { directory.addressName(code: $0) } ?? ""
            var place = Substring(parsed.normalized)
            if let room = parsed.room, place.hasSuffix(DwellingNumber.roomSpelling(room)) {
                place = place.dropLast(DwellingNumber.roomSpelling(room).count)
            }
            if place.hasPrefix(divisions), !place.dropFirst(divisions.count).hasPrefix(area) {
                return divisions + area + place.dropFirst(divisions.count) + (l.room.map(DwellingNumber.roomSpelling) ?? "")
            }
        }
        // The address text shortens the name the column spells out (烟草宿舍 for 烟草公司宿舍): the address keeps
        // what it says around the name (a road and door number), with the full name in it.
        if hasAddressText, let full = l.compound, let short = parsed.compound, Self.shortens(short, full),
           l.building == parsed.building, l.unit == parsed.unit, l.room == parsed.room,
           let range = parsed.normalized.range(of: short, options: .backwards) {
            return parsed.normalized.replacingCharacters(in: range, with: full) + (l.door ?? "")
        }
        // Columns that stayed ambiguous (a 村 column naming two villages), or a village the community table does not
        // list: their names as written follow the divisions that did resolve, as in the address parsed from text
        // (贵州省六盘水市坪地村2组9号, …三都水族自治县中和镇新寨村1组46号), so that two unlisted villages of one township
        // keep their doors apart.
        var address = l.regionCode.map { directory.addressName(code: $0) } ?? ""
        if !hasAddressText, parsed.isAmbiguous || parsed.unresolvedDivision != nil, l.regionCode == parsed.regionCode,
           parsed.normalized.hasPrefix(address) {
            address = parsed.normalized
        }
        if let door = l.door { address += door }
        if let compound = l.compound { address = Self.namingOnce(address, before: compound) + compound }
        if let building = l.building { address += "\(building)栋" }
        if let unit = l.unit { address += "\(unit)单元" }
        if let room = l.room { address += DwellingNumber.roomSpelling(room) }
        return address.isEmpty ? (hasAddressText ? parsed.normalized : nil) : address
    }

    /// `address` without the division at its end that `compound`'s name begins with: a site named after its
    /// community (松桃路社区安置点 in 松桃路社区) names it once, as the address text `…延安路街道松桃路社区安置点` does,
    /// not `…松桃路社区松桃路社区安置点`. Only a division name (ending as `divisionEndings` say) that the name goes on
    /// after is taken off.
    static func namingOnce(_ address: String, before compound: String) -> String {
        // Most names hold no division word (东升小区): nothing to look for, and nothing allocated per record.
        guard Self.holdsDivisionWord(compound) else { return address }
        let tail = Array(address), name = Array(compound)
        for length in stride(from: min(tail.count, name.count - 1), through: 2, by: -1) {
            let end = tail[(tail.count - length)...]
            guard name.starts(with: end) else { continue }
            let text = String(end)
            if Self.divisionEndings.contains(where: text.hasSuffix) {
                return String(tail[..<(tail.count - length)])
            }
        }
        return address
    }

    /// A villager group as the address parser writes it: `1组` for `1`, `一组`, `第1组` or `01组`; a named group
    /// (`大寨组`) as written.
    static func groupName(_ written: String) -> String {
        var stem = Substring(written)
        if stem.hasPrefix("第") { stem = stem.dropFirst() }
        for suffix in ["村民小组", "村民组", "小组", "组"] where stem.hasSuffix(suffix) {
            stem = stem.dropLast(suffix.count)
            break
        }
        if let number = Int(stem) ?? TextCleaning.chineseNumber(String(stem)) { return "\(number)组" }
        return written.hasSuffix("组") ? written : written + "组"
    }
}
