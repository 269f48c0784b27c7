import RongtongConfig
import RongtongStaging

/// Where a record is: region code, compound, building, unit, room and one normalized address, from an address
/// text and/or separate columns (省/市/区县/街道/社区, 小区, 楼栋 …), for every entity.
///
/// Explicit columns win over what the address text implies; a source's `context:` fills the levels its addresses
/// leave out. An address fitting several divisions gives their common ancestor and an `ambiguous_region` warning.
///
/// A placeholder in a location field (`不详`, `待核实`, `/`) is an absent value, with a `placeholder_value` warning.
/// A ditto mark (`同上`, `〃`) in a CSV file is the same field's value in the record above, with a `ditto_filled`
/// warning: one resolver serves one file, and its records are resolved one after the other in file order.
struct LocationResolver {
    let plan: FieldPlan
    let context: AddressContext
    let directory: RegionDirectory
    let addresses: AddressParser
    /// The division the source's `context:` alone names (nil without a context): a record placed there and no
    /// further has said nothing of where it is.
    let contextRegionCode: String?
    /// The location fields, by slot: the ones a placeholder or a ditto mark may hold.
    let locationSlots: [(canonical: String, slot: Int)]
    /// Whether the records are rows of a table (CSV), so that a ditto mark names the row above.
    let recordsAreRows: Bool
    /// Whether a compound written with its former name in brackets is read as its present name alone (every entity
    /// but the housing department's compound rows, which keep both to rename the compound).
    let readsPresentNameOnly: Bool
    let rowAbove = RowAbove()
    /// Whether a record that names its compound but no division leaves its region to that compound: it gets no
    /// `unresolved_region` here, and `Location.unplacedField` says where it would have been, for the load to warn
    /// only when the compound is not known with a region either (facilities).
    var leavesRegionToCompound = false
    /// Whether a record that gives a building, unit or room but nothing to find them in (no compound, road, door,
    /// village or community: a water account's `2栋1单元102`) gets an `address_incomplete` warning: a household's
    /// flat that every compound of its region has.
    var warnsOfDwellingWithoutPlace = false

    /// The location fields: where a placeholder is no value, and a ditto mark the row above's.
    static let locationFields = ["address", "prefecture", "county", "township", "community", "compound",
                                 "villager_group", "building", "unit", "room", "region_code"]

    /// The location values of the record resolved last, as they were taken (a ditto already filled).
    final class RowAbove {
        var values: [Int: String] = [:]
    }

    init(source: SourceConfig, plan: FieldPlan, directory: RegionDirectory, addresses: AddressParser) {
        self.plan = plan
        self.directory = directory
        self.addresses = addresses
        context = AddressContext(prefecture: source.context.prefecture, county: source.context.county,
                                 township: source.context.township)
        contextRegionCode = context.isEmpty ? nil
            : addresses.resolve(prefecture: context.prefecture, county: context.county, township: context.township,
                                community: nil, context: context).regionCode
        var seen = Set<Int>()
        locationSlots = Self.locationFields.flatMap { canonical in
            plan.fieldSlots(for: canonical).filter { seen.insert($0).inserted }.map { (canonical, $0) }
        }
        recordsAreRows = source.format == "csv"
        readsPresentNameOnly = source.entity != .compound
    }

    /// `values` with the placeholders of the location fields taken out and their ditto marks filled from the row
    /// above, each said in `issues`; the values taken are remembered for the next row. Call once per record, in
    /// file order (`resolve` does), also for a record rejected before its location is read.
    func takeLocationValues(_ values: [String?], issues: inout [NormalizationIssue]) -> [String?] {
        var taken = values
        var above: [Int: String] = [:]
        for (canonical, slot) in locationSlots {
            guard let written = values[slot], !TextCleaning.clean(written).isEmpty else { continue }
            let field = plan.sourceFields[slot]
            if let first = written.utf8.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
               FieldPlan.isEmptyContainer(written) {
                // An empty nested object or list (`"address":{}`, `[""]`) is no value, as "" and null are: nothing to say.
                taken[slot] = nil
            } else if PlaceholderWords.isDitto(written) {
                let shown = TextCleaning.clean(written)
                if recordsAreRows, let value = rowAbove.values[slot] {
                    taken[slot] = value
                    above[slot] = value
                    issues.append(NormalizationIssue(field: field, rule: "ditto_filled", severity: .warning,
                        value: value, message: "\"\(shown)\" (same as above): \(canonical) is taken from the record above in the file"))
                } else {
                    taken[slot] = nil
                    issues.append(NormalizationIssue(field: field, rule: "placeholder_value", severity: .warning,
                        value: shown, message: recordsAreRows
                            ? "\"\(shown)\" (same as above), but the record above has no \(canonical); the field is taken as empty"
                            : "\"\(shown)\" (same as above) names no value in a feed whose records are not rows of a table; the field is taken as empty"))
                }
            } else if PlaceholderWords.isAbsent(written) {
                taken[slot] = nil
                issues.append(NormalizationIssue(field: field, rule: "placeholder_value", severity: .warning,
                    value: TextCleaning.clean(written),
                    message: "\"\(TextCleaning.clean(written))\" stands for no value, not a place; \(canonical) is taken as empty"))
            } else {
                above[slot] = written
            }
        }
        rowAbove.values = above
        return taken
    }

    /// Why a record names no place of its own, when its file's place columns are there but empty in it: `its 小区名称
    /// cell is empty`, `its 村（社区） and 组 cells are empty` (the blanks a merged cell leaves, see `fill_down:`); nil
    /// when no mapped place column is empty. A placeholder (`不详`) is not empty: it has a warning of its own.
    func emptyPlaces(_ written: [String?]) -> String? {
        var columns: [String] = []
        for canonical in ["address", "county", "township", "community", "villager_group", "compound", "building", "unit"] {
            let slots = plan.fieldSlots(for: canonical)
            guard !slots.isEmpty, slots.allSatisfy({ written[$0].map { TextCleaning.clean($0).isEmpty } ?? true }) else { continue }
            for slot in slots where !columns.contains(plan.sourceFields[slot]) { columns.append(plan.sourceFields[slot]) }
        }
        guard !columns.isEmpty else { return nil }
        let what = recordsAreRows ? (columns.count == 1 ? "cell is" : "cells are") : (columns.count == 1 ? "field is" : "fields are")
        let named = columns.count == 1 ? columns[0] : columns.dropLast().joined(separator: ", ") + " and " + columns[columns.count - 1]
        return "its \(named) \(what) empty"
    }

    /// Whether the record's `canonical` columns are mapped and all empty (nothing but spaces) as written.
    func isEmptyColumn(_ canonical: String, in written: [String?]) -> Bool {
        let slots = plan.fieldSlots(for: canonical)
        return !slots.isEmpty && slots.allSatisfy { written[$0].map { TextCleaning.clean($0).isEmpty } ?? true }
    }

    struct Location {
        var regionCode: String?
        var compound: String?
        var building: String?
        var unit: String?
        var room: String?
        /// A villager's door from its own columns (`组` and `门牌号`: `1组12号`), composed into the address.
        var door: String?
        var address: String?
        /// Whether the record itself says where it is (an address text, a compound, a community column, or a
        /// division finer than its source's context), rather than only inheriting the context.
        var isPlacedByRecord = false
        /// Whether the record's place fitted several divisions (`ambiguous_region`).
        var isAmbiguous = false
        /// The location field of a record that named no division but its compound, when the resolver
        /// `leavesRegionToCompound`: its `unresolved_region` warning is the load's to give.
        var unplacedField: String?
    }

    /// `compoundName`: the compound as another field of the record names it, before its `compound` column (a housing
    /// row's `name`).
    func resolve(_ written: [String?], compoundName: String? = nil, issues: inout [NormalizationIssue]) -> Location {
        let values = takeLocationValues(written, issues: &issues)
        func text(_ canonical: String) -> String? { plan.value(canonical, in: values).map { TextCleaning.clean($0.text) } }
        var rowContext = context
        if let prefecture = text("prefecture") { rowContext.prefecture = prefecture }
        if let county = text("county") { rowContext.county = county }
        if let township = text("township") { rowContext.township = township }
        let addressField = plan.value("address", in: values)
        // An address that writes only what lies below the village (5组37号之2) is read in the 村（社区） column's.
        if addressField != nil { rowContext.community = text("community") }
        // An address that writes only the door of a house in the 小区 column's shantytown (38号 beside 太慈桥棚户区) is
        // read after its name.
        if addressField != nil { rowContext.compound = text("compound") }
        func locate(_ context: AddressContext) -> ParsedAddress {
            if let (_, written) = addressField { return addresses.parse(written, context: context) }
            return addresses.resolve(prefecture: context.prefecture, county: context.county,
                                     township: context.township, community: text("community"), context: context,
                                     beforeVillagerGroup: text("villager_group") != nil)
        }
        var parsed = locate(rowContext)
        // The record's own columns outrank the source's context: when they name a county or township the context
        // contradicts (a provincial feed under a city context), resolve them without it. Also when a finer column
        // placed the record under the context all the same, its county or township column dropped (区县 三都县, 乡镇
        // 中和镇, 村 中和村 under `prefecture: 黔东南州`: 天柱县's 中和村, in another county than the record's own
        // columns say): the reading without the context is kept when every one of the record's columns fits it. (When
        // one of them fits nowhere, the context and the columns that do fit it decide, as below.)
        let rowNamesLowerLevel = text("county") != nil || text("township") != nil
        let droppedOwnColumn = parsed.unresolvedColumnLevels.contains { $0 == .county || $0 == .township }
        if rowNamesLowerLevel, (parsed.regionLevel ?? .province) < .county || droppedOwnColumn, !context.isEmpty {
            var own = AddressContext()
            own.prefecture = text("prefecture")
            own.county = text("county")
            own.township = text("township")
            own.community = rowContext.community
            own.compound = rowContext.compound
            let retried = locate(own)
            let retriedLevel = retried.regionLevel ?? .province
            if retriedLevel > (parsed.regionLevel ?? .province)
                || (droppedOwnColumn && retriedLevel >= .county && !retried.isAmbiguous
                    && retried.unresolvedColumnLevels.isEmpty && retried.unresolvedDivision == nil) {
                parsed = retried
            }
        }
        // A 县 column the record's finer columns overrule (县 丹寨县 beside 乡镇 西江镇 and 村 麻料村 of 雷山县): the record
        // is placed at the village they name, and the county column is the one said to be at fault.
        let countyReading = addressField == nil ? readingWithoutCountyColumn(parsed, rowContext, locate, text) : nil
        let overruledCounty = countyReading?.corroborated == true ? parsed : nil
        if let countyReading, countyReading.corroborated { parsed = countyReading.parsed }
        // The region the address text (or division columns) resolved to, before a region_code column overrides it.
        var textRegion = parsed.regionCode
        // A region_code column that contradicts the address text: the record's own village columns, which the code
        // does not contradict, then write its door (see below).
        var codeContradictsText = false
        // A region_code above the village the record names (its township's, or its county's) that contradicts it:
        // the record's village, which the code does not name, is kept after the code's divisions.
        var villageKept: String?
        // The record places itself outside the source's context (a 都匀 feed under `county: 福泉市`): the record wins,
        // but a context that many records contradict is most likely wrong, and records that name only their compound
        // would be placed by it.
        if let declared = contextRegionCode, let placed = textRegion, !isWithin(placed, declared), !isWithin(declared, placed) {
            // The record's own division column when it has one (its 区县 or 街道 placed it; not a 乡镇 column that names
            // nothing beside the 区县 that did), else its address.
            let placedName = directory.fullName(code: placed)
            let column = ["township", "county", "prefecture"].lazy.compactMap { canonical in
                plan.value(canonical, in: values).map { (field: $0.field, text: TextCleaning.clean($0.text)) }
            }.first { placedName.contains($0.text) }
            let field = column?.field ?? addressField?.field
            issues.append(NormalizationIssue(field: field, rule: "outside_context", severity: .warning,
                value: column?.text ?? addressField.map { TextCleaning.clean($0.text) },
                message: "names \(directory.fullName(code: placed)), outside the source's context \(directory.fullName(code: declared)); the record's own place is kept. Is the context right?"))
        }
        // A bare county name opening the address outside the context (凯里金井小区 in a 黔南州 feed): read as the
        // compound's name, as the context says; one of the two is wrong, so say so.
        if let county = parsed.bareCountyOutsideContext, let declared = contextRegionCode {
            issues.append(NormalizationIssue(field: addressField?.field, rule: "outside_context", severity: .warning,
                value: addressField.map { TextCleaning.clean($0.text) },
                message: "begins with the name of \(directory.fullName(code: county)) (\(county)), outside the source's context \(directory.fullName(code: declared)); it was read as part of the compound's name \(parsed.compound ?? "") and the record placed by the context. If the record lies in \(directory.fullName(code: county)), write the county in full (\(directory.region(code: county)?.name ?? ""))"))
        }
        if let (field, written) = plan.value("region_code", in: values) {
            let digits = TextCleaning.digits(written)
            let padded = digits.count < 12 ? digits + String(repeating: "0", count: 12 - digits.count) : digits
            if [6, 9, 12].contains(digits.count), let coded = directory.region(code: padded) {
                // A name the text left ambiguous (三合镇 of 播州区 or of 仁怀市) that the code decides (520304, or
                // 520382109000): the text is read again inside the code's county, so that its township is the one
                // there, with no ambiguity and nothing dropped.
                if parsed.isAmbiguous,
                   parsed.ambiguousCandidates.contains(where: { isWithin($0, padded) || isWithin(padded, $0) }),
                   let decided = readWithin(coded, rowContext, locate), let decidedCode = decided.regionCode,
                   isWithin(decidedCode, padded) || isWithin(padded, decidedCode) {
                    parsed = decided
                    textRegion = decidedCode
                }
                if let textRegion, !isWithin(padded, textRegion), !isWithin(textRegion, padded) {
                    codeContradictsText = true
                    villageKept = coded.level < .community ? village(of: parsed, text) : nil
                    let kept = villageKept.map { ", keeping the record's village \($0) after the code's divisions" } ?? ""
                    issues.append(NormalizationIssue(field: field, rule: "region_code_conflict", severity: .warning,
                        value: written,
                        message: "\(directory.fullName(code: padded)) contradicts the address's \(directory.fullName(code: textRegion)); the code is kept and the address rebuilt on it\(kept)"))
                }
                // A code above what the address resolved to agrees with it; the finer address stands.
                if textRegion.map({ !isWithin($0, padded) }) ?? true {
                    parsed.regionCode = padded
                    parsed.regionLevel = coded.level
                    parsed.ambiguousCandidates = []
                }
            } else if [6, 9, 12].contains(digits.count), padded.hasPrefix("52"),
                      let prefecture = directory.region(code: String(padded.prefix(4)) + String(repeating: "0", count: 8)),
                      prefecture.level == .prefecture {
                // A code of a Guizhou prefecture's county that is none today (520321, 遵义县's before it became 播州区):
                // most often a county renamed since (撤县设区, 撤县设市), whose code changed with its name. The reference
                // lists today's codes only, so the code is not read as its successor; its prefecture is known, and
                // decides what the text left open (no place, or a name of two prefectures).
                if parsed.regionCode == nil || (parsed.isAmbiguous
                    && parsed.ambiguousCandidates.contains(where: { isWithin($0, prefecture.code) })) {
                    if let decided = readWithin(prefecture, rowContext, locate), let decidedCode = decided.regionCode,
                       isWithin(decidedCode, prefecture.code) {
                        parsed = decided
                    } else if parsed.regionCode == nil {
                        parsed.regionCode = prefecture.code
                        parsed.regionLevel = .prefecture
                        parsed.prefectureCode = prefecture.code
                    }
                }
                issues.append(NormalizationIssue(field: field, rule: "unknown_region_code", severity: .warning,
                    value: written, message: formerCodeMessage(written, padded, under: prefecture, parsed)))
            } else {
                issues.append(NormalizationIssue(field: field, rule: "unknown_region_code", severity: .warning,
                    value: written, message: "\"\(written)\" is not a Guizhou division code"))
            }
        }
        var location = Location()
        location.regionCode = parsed.regionCode
        // The house-number columns, a cell holding several levels (房号 `3-2-502`, 门牌号 `水韵小区5栋1单元302室`) read
        // as the address parser reads it: see `LocationResolver+DwellingCells`. A compound such a cell writes is the
        // record's compound column, where the record has none (or has one the cell contradicts).
        let dwelling = dwellingColumns(compoundColumn: compoundName ?? text("compound"),
                                       addressCompound: addressField.flatMap { field in parsed.compound.map { (field.field, $0) } },
                                       text, issues: &issues)
        let compoundColumn = dwelling.compound ?? compoundName ?? text("compound")
        location.compound = compoundColumn ?? parsed.compound
        // A compound column (or a housing row's name) that writes the compound's township or community in front
        // (松桃路社区金竹花园, 老城街道丹桂小区), as an address does: the compound's own name, in that division.
        var placedByCompoundName = false
        if let column = compoundColumn,
           let named = withoutDivisions(column, placedAt: parsed.regionCode, context: rowContext) {
            location.compound = named.compound
            placedByCompoundName = named.regionCode != location.regionCode
            location.regionCode = named.regionCode
        }
        // A renamed compound written with its former name in brackets (`金叶苑（原烟草局宿舍）`) is the compound of its
        // present name; a housing row keeps both (`CompoundNormalizer`), to rename the compound.
        if readsPresentNameOnly, let written = location.compound { location.compound = CompoundRename.split(written).name }
        // A compound column that shortens what the address spells out (都拉 for 都拉营安置小区, 和平 for 和平小区,
        // 烟草宿舍 for 烟草公司宿舍): the address's full name is the compound. The other way round (the column
        // spells out 烟草公司宿舍, the address writes 烟草宿舍) the column already is.
        if let column = location.compound, let written = parsed.compound, Self.shortens(column, written) {
            location.compound = written
        }
        location.building = dwelling.building ?? parsed.building
        // A phase written in front of the building in its own column (`二期2栋`, `第二期3栋`, `（二期）5栋`) is the
        // compound's phase, as an address writes it after the compound (`丹桂小区二期2栋`): building 2 of 丹桂小区二期,
        // so that both spellings of one flat are one dwelling (`2期2`, `HouseholdNormalizer`). A compound that writes
        // its own phase keeps it.
        if text("building") != nil, let compound = location.compound, let building = location.building,
           let inFront = CompoundPhase.inFront(ofBuilding: building) {
            if CompoundPhase.split(compound).phase == nil { location.compound = compound + inFront.written }
            location.building = inFront.building
        }
        location.unit = dwelling.unit ?? parsed.unit
        location.room = dwelling.room ?? parsed.room
        // A villager's door from the village's own 组 and 门牌号 columns, and a door written in the room column
        // before the room (`40号301室`): see `LocationResolver+DoorColumns`.
        let doorFromColumns = placeDoor(of: &location, parsed: parsed, hasAddressText: addressField != nil,
                                        codeContradictsText: codeContradictsText, text)
        // The record's field that writes its place: one left null or empty (教育's `"jtzz":null,"qx":null`) writes
        // none, and gives no warning that its place could not be recognised.
        let locationField = addressField?.field
            ?? ["community", "township", "county"].lazy.compactMap { plan.value($0, in: values)?.field }.first
        var warned = parsed.isAmbiguous || (parsed.regionCode == nil && locationField != nil)
        if let overruled = overruledCounty, let written = text("county"), let region = parsed.regionCode,
           let county = parsed.countyCode {
            issues.append(NormalizationIssue(field: plan.sourceField(for: "county"), rule: "unresolved_division",
                severity: .warning, value: written,
                message: overruledCountyMessage(written, overruled, parsed, region: region, county: county, text)))
        }
        // A county or township column that names no division under what is known is dropped; say so, also when a
        // finer column placed the record all the same (乡镇 西江苗寨 or 乌龙镇 beside 村 麻料村 of 雷山县西江镇), and
        // when the 村 column names no village there either (乡镇 乌龙镇 and 村 麻料村 under 县 丹寨县): each column is
        // said apart, the village below.
        var columnWarned = warned
        // Whether a division column above the village was said apart, so that the village's warning names it alone.
        var villageSaidAlone = false
        for (canonical, level) in [("county", RegionLevel.county), ("township", .township)] where !columnWarned {
            guard let written = text(canonical) else { continue }
            let placedFiner = (parsed.regionLevel ?? .province) >= level
            guard !placedFiner || parsed.unresolvedColumnLevels.contains(level) else { continue }
            // Beside a village the reference does not list there, every column that itself named nothing is said.
            guard parsed.unresolvedDivision == nil || parsed.unresolvedColumnLevels.contains(level) else { continue }
            warned = true
            columnWarned = parsed.unresolvedDivision == nil
            villageSaidAlone = parsed.unresolvedDivision != nil
            let message: String
            if placedFiner, let region = parsed.regionCode {
                let above = (level == .township ? parsed.countyCode : parsed.prefectureCode)
                    .map { "\(directory.fullName(code: $0)) (\($0))" } ?? "Guizhou"
                message = "\"\(written)\" is not a \(level.rawValue)-level division under \(above); the value is dropped, and the record is placed at \(directory.addressName(code: region)) (\(region)) by \(placer(finerThan: level, parsed, text))"
            } else {
                message = "\"\(written)\" is not a \(level.rawValue)-level division under \(parsed.regionCode.map { "\(directory.fullName(code: $0)) (\($0))" } ?? "Guizhou"); \(placement(parsed))"
            }
            issues.append(NormalizationIssue(field: plan.sourceField(for: canonical), rule: "unresolved_division",
                severity: .warning, value: written, message: message))
        }
        warned = warned || parsed.unresolvedDivision != nil || overruledCounty != nil
        if let province = parsed.outsideProvince {
            issues.append(NormalizationIssue(field: locationField, rule: "outside_province", severity: .warning,
                value: parsed.normalized,
                message: "the address lies in \(province), outside Guizhou; the record is kept without a region, and its address gives no compound or dwelling"))
        } else if parsed.isAmbiguous {
            issues.append(NormalizationIssue(field: locationField, rule: "ambiguous_region", severity: .warning,
                value: parsed.normalized, message: ambiguityMessage(parsed)))
        } else if let written = parsed.unresolvedDivision {
            let division = villageSaidAlone ? parsed.unresolvedCommunityColumn ?? written : written
            let under = parsed.regionCode.map { "\(directory.fullName(code: $0)) (\($0))" } ?? "Guizhou"
            issues.append(NormalizationIssue(field: locationField, rule: "unresolved_division", severity: .warning,
                value: division, message: addressField == nil
                    ? "\"\(division)\" is not a community or village the reference table lists under \(under); \(placement(parsed)), and the name is kept in its address\(namesakeHint(countyReading, text))"
                    : "\"\(division)\" looks like a division but is not one under \(under)\(sameStemHint(division, parsed)); \(placement(parsed))"))
        } else if parsed.regionCode == nil, let locationField, leavesRegionToCompound, location.compound != nil {
            location.unplacedField = locationField
        } else if parsed.regionCode == nil, locationField != nil {
            issues.append(NormalizationIssue(field: locationField, rule: "unresolved_region", severity: .warning,
                value: addressField.map { TextCleaning.clean($0.text) }, message: "no Guizhou division could be recognised"))
        }
        // 黔南布州三都水族自治县…: the misspelt prefecture is left out of the address; say what was left out.
        if let misspelt = parsed.misspeltPrefecture {
            let county = parsed.countyCode.flatMap { directory.region(code: $0)?.name } ?? "the county"
            let prefecture = parsed.prefectureCode.map { directory.fullName(code: $0) } ?? "its prefecture"
            issues.append(NormalizationIssue(field: addressField?.field, rule: "unresolved_division", severity: .warning,
                value: misspelt,
                message: "\"\(misspelt)\" before \(county) names no division: read as a misspelling in the name of \(prefecture), which \(county) lies in; it is left out of the address and of the compound's name, and the address is read from \(county) on"))
        }
        // 威宁布依族自治县…: a nationality that is not the county's; say what named it and what was dropped.
        if let inexact = parsed.inexactDivisionName, inexact.endingOfAnotherLevel {
            issues.append(NormalizationIssue(field: addressField?.field, rule: "unresolved_division", severity: .warning,
                value: inexact.written,
                message: "\"\(inexact.written)\" is not the exact name of \(inexact.official) (\(inexact.code)): its place name \(inexact.matched) names that county, written with \(inexact.ending), a prefecture's ending; read as \(inexact.official), and the address is read on from there"))
        } else if let inexact = parsed.inexactDivisionName {
            let dropped = inexact.dropped.joined(separator: "、")
            issues.append(NormalizationIssue(field: addressField?.field, rule: "unresolved_division", severity: .warning,
                value: inexact.written,
                message: "\"\(inexact.written)\" is not the exact name of \(inexact.official) (\(inexact.code)): its place name \(inexact.matched) and its ending \(inexact.ending) name it, but \(dropped) is not among its nationalities (\(inexact.nationalities.joined(separator: "、"))); read as \(inexact.official), with \(dropped) left out of the address, and the address is read on from there"))
        }
        // 2栋1单元102 and nothing else: the flat is in one of the region's compounds, which one is unknown.
        if warnsOfDwellingWithoutPlace, !warned, parsed.outsideProvince == nil, let region = parsed.regionCode,
           location.compound == nil, location.door == nil, parsed.street == nil, parsed.communityCode == nil,
           let dwelling = [location.building.map { "\($0)栋" }, location.unit.map { "\($0)单元" }, location.room.map { "\($0)室" }]
               .compactMap({ $0 }).nonEmptyJoined {
            // The compound column left empty (a merged cell's blank) is why, when the file has one: it is named.
            let emptyCompound = addressField == nil && isEmptyColumn("compound", in: written)
            let field = (emptyCompound ? plan.sourceField(for: "compound") : nil) ?? addressField?.field
                ?? plan.sourceField(for: "room") ?? plan.sourceField(for: "building") ?? plan.sourceField(for: "unit")
            let level = (parsed.regionLevel ?? .province) >= .township ? "a compound, road or village" : "a compound, road, village or township"
            let why = addressField == nil ? emptyPlaces(written).map { " (\($0))" } ?? "" : ""
            issues.append(NormalizationIssue(field: field, rule: "address_incomplete", severity: .warning,
                value: addressField.map { TextCleaning.clean($0.text) } ?? dwelling,
                message: "gives the flat \(dwelling) but not \(level) to find it in\(why): the record is placed at \(directory.fullName(code: region)) (\(region)) only, where many compounds have such a flat; it joins a household by its ID or phone, not by its address"))
        } else if warnsOfDwellingWithoutPlace, !warned, addressField == nil, let door = location.door, let region = parsed.regionCode,
                  parsed.communityCode == nil, let villageColumn = doorsMissingPlaceColumn(parsed, written) {
            // 24号 (or 2组18号) in a file with a 村 column left empty (a merged cell's blank): a door at the township,
            // or at the county when the 乡镇 cell is empty too.
            let why = emptyPlaces(written).map { " (\($0))" } ?? ""
            let within = (parsed.regionLevel ?? .province) >= .township ? "the village" : "the township or village"
            issues.append(NormalizationIssue(field: villageColumn, rule: "address_incomplete", severity: .warning,
                value: door,
                message: "gives the door \(door) but not \(within) to find it in\(why): the record is placed at \(directory.fullName(code: region)) (\(region)) only, where each village has such doors; it joins a household by its ID or phone, not by its address"))
        }
        if addressField != nil || location.compound != nil || location.regionCode != nil {
            location.address = compose(parsed: parsed, hasAddressText: addressField != nil, location)
            // A region_code column that placed the record elsewhere, or finer, than its address text: the address
            // names the code's divisions (official names), then what followed the text's own.
            // A community the compound column wrote in front of the name is spelled as an address writes it
            // (大兴路社区, not 大兴路社区居委会), so that the address is the one the community written in the text gives.
            if addressField != nil, let code = location.regionCode, code != textRegion, let address = location.address {
                location.address = rebased(address, from: textRegion, to: code, name: directory.addressName(code: code))
            }
            if let door = doorFromColumns, let code = location.regionCode {
                location.address = directory.addressName(code: code) + door
                    + (location.room.map(DwellingNumber.roomSpelling) ?? "")
            }
            // 石板镇's code for a record of 龙井村 (in 青岩镇): …石板镇龙井村3组27号, not …石板镇3组27号.
            if let village = villageKept, let code = location.regionCode, let address = location.address {
                let divisions = directory.addressName(code: code)
                if address.hasPrefix(divisions), !address.dropFirst(divisions.count).hasPrefix(village) {
                    location.address = divisions + village + address.dropFirst(divisions.count)
                }
            }
        }
        // A community column, or a county or township column that fits several divisions, is the record's own
        // place even where it resolves no finer than the context: `{"cun":"坪地村","zu":"2组"}` says as much as
        // the address 坪地村2组.
        location.isPlacedByRecord = addressField != nil || location.compound != nil
            || (location.regionCode != nil && location.regionCode != contextRegionCode)
            || text("community") != nil
            || (parsed.isAmbiguous && (text("township") != nil || text("county") != nil))
        location.isAmbiguous = parsed.isAmbiguous
        return location
    }

    /// The village or community the record names, as addresses spell it (`龙井村`): the one its address text or
    /// columns placed, else its 村 column's name the table does not list (`新寨村`). Nil when it names none.
    func village(of parsed: ParsedAddress, _ text: (String) -> String?) -> String? {
        if let community = parsed.communityCode { return directory.addressSpelling(code: community) }
        guard text("community") != nil, let unlisted = parsed.unresolvedDivision,
              DwellingNumber.endsLikeCommunity(AddressText.scalars(of: unlisted)[...]) else { return nil }
        return unlisted
    }

    /// Whether `name` holds one of `divisionEndings` anywhere, as Foundation's `name.contains(ending)` answers for
    /// each; searched as bytes for nearly every name (see `WordSearch`): Foundation's search of every record's
    /// compound name was 7% of a household source's normalizing thread.
    static func holdsDivisionWord(_ name: String) -> Bool { divisionWords.isFound(in: name) }

}

private extension Array where Element == String {
    /// The parts joined, or nil when there are none.
    var nonEmptyJoined: String? { isEmpty ? nil : joined() }
}
