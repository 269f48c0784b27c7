import Foundation
import RongtongConfig
import RongtongStaging

/// Turns the raw fields of one household record into a `HouseholdCandidate`: cleaned, validated, region
/// resolved, personal data hashed and masked, and the rules it broke.
///
/// Build one per batch (the `FieldPlan` depends on the file's columns); `normalize` is then called per record.
/// A record is loadable when it has a valid resident ID, or a head name and an address; otherwise its
/// problems are `error`s and no candidate is returned. An organisation written as the head's name (`六盘水供电局`,
/// see `OrganisationName`) is no head name: the candidate keeps it as `holderOrganisation`, and loads with an address.
public final class HouseholdNormalizer {
    public let plan: FieldPlan
    let source: SourceConfig
    private let key: PersonalDataKey
    let locations: LocationResolver
    let vocabulary: Vocabulary
    let today: Date
    /// For a census of one row per person (`rows: person`), how each slot of a household's rows is taken (see
    /// `normalize(household:batchID:)`): the slots read from the head row only (the head's name, ID, gender, birth
    /// date and relationship), the flag slots with the flag each feeds, and the tag slots.
    let personSlots: Set<Int>
    let flagSlots: [Int: String]
    let tagSlots: Set<Int>
    /// What the file's head IDs sent as JSON numbers say of the sender's number type (`JSONNumberID.judgeFile`),
    /// set before the batch's records are normalized.
    public var idsSentAsNumbers = JSONNumberID.FileVerdict.undecided

    public init(source: SourceConfig, plan: FieldPlan, key: PersonalDataKey, directory: RegionDirectory,
                addresses: AddressParser, today: Date = Date()) {
        self.source = source
        self.plan = plan
        self.key = key
        var locations = LocationResolver(source: source, plan: plan, directory: directory, addresses: addresses)
        locations.warnsOfDwellingWithoutPlace = true
        self.locations = locations
        self.vocabulary = Vocabulary(source: source)
        self.today = today
        personSlots = Set(["head_name", "head_id", "head_gender", "head_birth_date", "relationship"].flatMap(plan.fieldSlots(for:)))
        var flagSlots: [Int: String] = [:]
        for flag in HouseholdNormalizer.flagFields {
            for slot in plan.fieldSlots(for: flag) where flagSlots[slot] == nil { flagSlots[slot] = flag }
        }
        self.flagSlots = flagSlots
        tagSlots = Set(plan.fieldSlots(for: "tags"))
    }

    static let flagFields = ["is_low_income", "is_extreme_poverty", "has_disabled_member", "has_elderly_alone",
                             "has_left_behind_child"]
    static let tagWords: [(word: String, flag: String)] = [
        ("低保", "is_low_income"), ("特困", "is_extreme_poverty"), ("残疾", "has_disabled_member"),
        ("独居", "has_elderly_alone"), ("空巢", "has_elderly_alone"), ("留守", "has_left_behind_child"),
    ]

    /// Words that turn a tag into a "no" (`非低保`, `无残疾`, `未纳入低保`, `低保边缘户`: a household near the line,
    /// not on it), besides the words saying the programme ended (`endedWords`: `已退出低保`, `城市低保（已退保）`,
    /// `低保（停保）`), and words that leave it unsaid (`申请低保`, `低保待审核`: not decided yet).
    static let negatingWords = ["非", "不是", "无", "未", "否", "边缘"]
    static let pendingWords = ["申请", "待审", "审核中", "拟"]
    /// `negatingWords` as a `WordSearch` (asked of every tag item).
    private static let negatingSearch = WordSearch(negatingWords)

    /// What a tag item says of the flags it names: true, false when negated or ended (unless it says the programme
    /// resumed: `恢复低保`), nil while pending.
    static func tagStatement(_ item: String) -> Bool? {
        if pendingSearch.isFound(in: item) { return nil }
        return !negatingSearch.isFound(in: item) && !saysEnded(item)
    }

    /// The candidate for `record` (nil when it cannot load) and every rule it broke.
    public func normalize(_ record: StagedRecord, batchID: String) -> (HouseholdCandidate?, [NormalizationIssue]) {
        normalize(record, batchID: batchID, rowsInHousehold: nil)
    }

    /// `rowsInHousehold`: for a household read from one row per person, its number of rows, which is its
    /// member count when no row gives one.
    func normalize(_ record: StagedRecord, batchID: String, rowsInHousehold: Int?) -> (HouseholdCandidate?, [NormalizationIssue]) {
        let values = record.values
        var issues: [NormalizationIssue] = []
        let recordKey = plan.recordKey(in: values, number: record.number)
        var c = HouseholdCandidate(batchID: batchID, recordNumber: record.number, sourceID: source.name,
                                   recordKey: recordKey)
        func text(_ canonical: String) -> String? {
            plan.value(canonical, in: values).map { TextCleaning.clean($0.text) }
        }

        // A field repeated in the record (two 姓名 elements, in two namespaces): its first value, said once per field;
        // for the ID, the first valid one.
        for canonical in ["head_name", "head_id", "phone", "address", "head_gender", "head_birth_date"] {
            if let (field, count) = plan.repeatedValueCount(canonical, in: values) {
                let taken = canonical == "head_id" ? "the first valid resident ID is taken (else the first)" : "the first is taken"
                issues.append(NormalizationIssue(field: field, rule: "several_values",
                    severity: .warning, value: nil,
                    message: "the record holds \(count) different values for \(canonical) (a repeated element, or one name in two namespaces); \(taken)"))
            }
        }
        // One element written twice (`<户主>` by a vendor's old and new module), its copies agreeing: read as one.
        for (element, copies, differing) in plan.elementsWrittenTwice(in: values) {
            let how = differing.isEmpty ? "the copies giving no field two different values"
                : "the copies naming one person and differing in \(differing.prefix(6).joined(separator: ", ")) (the first copy's is taken)"
            issues.append(NormalizationIssue(field: element, rule: "several_values", severity: .warning, value: nil,
                message: "\(element) is written \(copies) times in the record, \(how): read as one \(element)"))
        }
        if let count = plan.repeatedKeyValueCount(in: values) {
            issues.append(NormalizationIssue(field: source.recordKey, rule: "several_values", severity: .warning, value: nil,
                message: "the record holds \(count) different values for its record_key (a repeated element, or one attribute in namespaces only: the one in the element's own namespace, else the first namespace URI, comes first); the first is taken"))
        }

        // Head of household and identity.
        c.headName = text("head_name").map(HouseholdNormalizer.headName)
        // A placeholder (无, 不详, /) names no one, as an empty cell; a phone, an ID or a number typed into the name
        // field is no name either, and is never stored as one (see `NotAPersonName`).
        if let name = c.headName, name.isEmpty || PlaceholderWords.isAbsent(name) {
            c.headName = nil
        } else if let name = c.headName, let kind = NotAPersonName.kind(of: name) {
            issues.append(NormalizationIssue(field: plan.sourceField(for: "head_name"), rule: "name_invalid",
                severity: .warning, value: NotAPersonName.masked(name, kind: kind),
                message: "the head's name is \(kind.description), not a person's name; left empty, the record loads on its other evidence and replaces no name a household holds"))
            c.headName = nil
        }
        if let name = c.headName, HeadName.lostCharacterCount(name) > 0 {
            issues.append(NormalizationIssue(field: plan.sourceField(for: "head_name"), rule: "name_character_lost",
                severity: .warning, value: HeadName.lostCharacterPattern(name),
                message: "the head's name has a character the sender could not write (?, ■, □, 〓 or � in its place, or its pinyin); loaded as written, it matches the full name at that position and does not replace it"))
        }
        // An organisation holding the account (六盘水供电局) is no person: no head name, no name evidence.
        if let name = c.headName, OrganisationName.isOrganisation(name) {
            c.holderOrganisation = name
            c.headName = nil
        }
        var idIssue: NormalizationIssue?
        // The head's ID as written, when `idIssue` reports it: the member list that holds the head too (成员 with
        // 与户主关系 户主) reports it once, as the head's.
        var reportedHeadID: String?
        let isValidID = { [today] (written: String) -> Bool in
            if case .success = ResidentID.parse(written, today: today) { return true }
            return false
        }
        // A placeholder (无, 不详, 暂无, /, —) says no ID was given, as an empty cell does: no id_length warning.
        if let (field, written) = plan.value("head_id", in: values, preferring: isValidID),
           !PlaceholderWords.isAbsent(written) {
            var parsed = ResidentID.parse(written, today: today)
            // Sent as a JSON number: a double may have rounded it (see `JSONNumberID`).
            if record.numberFields.contains(field) {
                parsed = JSONNumberID.judge(written, parsed: parsed, file: idsSentAsNumbers)
            }
            // Two IDs in one cell (the head's and the spouse's, a slip of the export): the first, as written first,
            // with a warning naming the others.
            if case .failure(let problem) = parsed, problem.rule == "id_length",
               let several = ResidentID.several(in: written, today: today), let first = several.first {
                parsed = .success(first)
                issues.append(NormalizationIssue(field: field, rule: "several_values", severity: .warning,
                    value: several.map(\.masked).joined(separator: " "),
                    message: "the cell holds \(several.count) valid resident IDs; the first (\(first.masked)) is taken as the head's"))
            }
            switch parsed {
            case .success(let id):
                c.headIDHash = key.hash(id.value, kind: "id")
                c.headIDMasked = id.masked
                c.headBirthDate = id.birthDate
                c.headGender = id.gender
            case .failure(let problem):
                if problem.rule == "id_format", let masked = ResidentID.maskedForm(written) {
                    // Sent masked on purpose (522701********5055): no problem to report per record, and no identity;
                    // kept without a hash to tell another head at the household's place (see `headIDMasked`).
                    c.headIDMasked = masked
                } else {
                    idIssue = NormalizationIssue(field: field, rule: problem.rule, severity: .warning,
                                                 value: ResidentID.mask(written), message: problem.message)
                    reportedHeadID = HouseholdNormalizer.writtenIDForm(written)
                }
            }
        }
        if let (field, written) = plan.value("head_gender", in: values) {
            switch vocabulary.gender(written, field: "head_gender") {
            case .success(let gender?):
                if let fromID = c.headGender, fromID != gender {
                    issues.append(NormalizationIssue(field: field, rule: "gender_conflicts_with_id", severity: .warning,
                        value: written, message: "says \(gender) but the ID number says \(fromID); the ID wins"))
                } else {
                    c.headGender = gender
                }
            case .success(nil): break
            case .failure:
                issues.append(NormalizationIssue(field: field, rule: "unknown_gender", severity: .warning,
                                                 value: written, message: "\"\(written)\" is not a known gender word"))
            }
        }
        if c.headBirthDate == nil, let (field, written) = plan.value("head_birth_date", in: values) {
            // A timestamp is a birth date only up to today (a 10-digit one past today is milliseconds of 1970).
            if let date = CalendarDate.parse(written, epochRange: CalendarDate.epochRange.lowerBound...CalendarDate.today(today),
                                             order: source.dateOrder) {
                c.headBirthDate = date.text
            } else {
                issues.append(NormalizationIssue(field: field, rule: "invalid_date", severity: .warning, value: "****",
                    message: "birth date is not a recognised date: \(CalendarDate.problem(with: written, order: source.dateOrder))"))
            }
        }
        // A placeholder (无, 暂无, /) says the household gave no phone, as an empty cell does. Several phone columns
        // (联系电话 twice, 联系电话 and 手机号码): a mobile number before a landline.
        if let (field, written) = plan.value("phone", in: values, preferring: { PhoneNumber.parse($0)?.isMobile ?? false }),
           !PlaceholderWords.isAbsent(written) {
            if let phone = PhoneNumber.parse(written) {
                c.phoneHash = key.hash(phone.digits, kind: "phone")
                c.phoneMasked = phone.masked
            } else {
                let message = PhoneNumber.isScientificNotation(written)
                    ? "written in scientific notation by a spreadsheet; the digits are lost"
                    : PhoneNumber.isAbroad(written)
                    ? "a number abroad (a country code other than +86): only Chinese mobile and landline numbers are read"
                    : "not an 11-digit mobile number or a landline with area code"
                issues.append(NormalizationIssue(field: field, rule: "phone_invalid", severity: .warning,
                    value: PhoneNumber.mask(written), message: message))
            }
        }

        // Where the household lives.
        let location = locations.resolve(values, issues: &issues)
        c.regionCode = location.regionCode
        // A phase (幸福小区（二期）) is part of its compound, as in the housing department's compound rows; the
        // dwelling keeps it (3栋 of 二期 is building 2期3), since 一期 and 二期 each have a 3栋2单元501.
        let phased = location.compound.map { CompoundPhase.split($0) }
        c.compoundName = phased?.name
        c.building = CompoundPhase.building(location.building, phase: phased?.phase)
        c.unit = location.unit
        c.room = location.room
        c.address = location.address

        // Household facts.
        // The members the record lists (a registry's <成员> elements as a JSON list), read once.
        let memberList = plan.value("members", in: values).map { MemberList($0.1) }
        if let repeats = memberList?.repeats, repeats > 0 {
            // One person written twice (the same resident ID; or, without IDs, the same name and every other value
            // written identically) is one member: counted and kept once.
            issues.append(NormalizationIssue(field: plan.sourceField(for: "members"), rule: "several_values",
                severity: .warning, value: nil,
                message: "the members list repeats \(repeats) member\(repeats == 1 ? "" : "s") listed before (the same resident ID, or without one the same name with everything else written identically); each person is counted once"))
        }
        if let (field, written) = plan.value("member_count", in: values) {
            if let count = HouseholdNormalizer.memberCount(written) {
                c.memberCount = count
            } else {
                issues.append(NormalizationIssue(field: field, rule: "invalid_member_count", severity: .warning,
                    value: written, message: "\"\(written)\" is not a member count from 1 to 99"))
            }
        } else if let rowsInHousehold {
            // One row per person: every row is a member, the head's included.
            c.memberCount = min(rowsInHousehold, 99)
        } else if let list = memberList {
            // The head counts once: added unless the list names the head already (as 户主/本人, or by name).
            c.memberCount = list.count + (plan.isMapped("head_name") && !list.namesHead(named: c.headName) ? 1 : 0)
        } else if plan.isMapped("members"), plan.isMapped("head_name"), c.headName != nil {
            // No member listed (an empty <成员列表/>, no <成员> element): the head alone, as an empty JSON list gives.
            c.memberCount = 1
        }
        // The members the record lists, hashed: a later record naming one of them as head is the same household
        // with a new head (`member_id`, `member_name` in the load).
        if let people = memberList?.people {
            let ids = people.flatMap(\.ids)
            addMembers(names: people.compactMap(\.name), ids: ids, to: &c)
            issues += memberIDIssues(ids.filter { HouseholdNormalizer.writtenIDForm($0) != reportedHeadID },
                                     field: plan.sourceField(for: "members"))
        }
        if let name = c.headName { c.headNameHash = HouseholdNormalizer.memberNameHash(name, key: key) }
        c.gridID = text("grid_id")
        c.tenHouseholdGroup = text("ten_household_group")
        if let (field, written) = plan.value("tenure", in: values) {
            switch vocabulary.tenure(written, field: "tenure") {
            case .success(let tenure): c.tenure = tenure
            case .failure:
                c.tenure = "unknown"
                issues.append(NormalizationIssue(field: field, rule: "unknown_tenure", severity: .warning,
                    value: written, message: "\"\(written)\" is not a known tenure word; stored as unknown"))
            }
        }
        var flags: [String: Bool] = [:]
        // What says the record's case ended: an ended word alone in its tags (`已退保`), then its status or end date.
        var endOfCase: String?
        // Per flag, the tag saying its programme ended (`城市低保（已退保）`, `城市低保 已退保`).
        var endedByTag: [String: String] = [:]
        // What a whole list's tags say of the `absent_means` flags they leave out: applied after the flag columns,
        // so that a column saying the flag wins and an empty one (the web system fills only the column of the
        // case's programme) leaves the flag to the tags.
        var leftOutByTags: [String: Bool] = [:]
        if let (tagField, tags) = plan.value("tags", in: values) {
            var named = Set<String>()
            // The flags the item before named yes: an ended word written apart (`城市低保 已退保`) ends them.
            var before: (item: String, flags: [String]) = ("", [])
            for item in HouseholdNormalizer.listItems(tags) {
                let stated = HouseholdNormalizer.tagStatement(item)
                let itemFlags = HouseholdNormalizer.tagWords.filter { item.contains($0.word) }.map(\.flag)
                if itemFlags.isEmpty {
                    // An ended word of its own: the programme the item before named ended; alone (`已退保`, `停保`),
                    // the record's case did.
                    if HouseholdNormalizer.saysEnded(item) {
                        if before.flags.isEmpty {
                            if endOfCase == nil { endOfCase = "\(tagField) \"\(item)\" says the case ended" }
                        } else {
                            for flag in before.flags {
                                flags[flag] = false
                                endedByTag[flag] = endedByTag[flag] ?? "\(before.item) \(item)"
                            }
                        }
                    }
                    before = ("", [])
                    continue
                }
                for flag in itemFlags {
                    // A pending entry (`拟纳入特困`, `申请低保`) says nothing of what the case is now, so it leaves
                    // the flags it does not name alone too; a pending end (`城市低保（拟停保）`) says the case is
                    // still on that programme.
                    if stated != nil || HouseholdNormalizer.endedSearch.isFound(in: item) { named.insert(flag) }
                    // A tag saying yes outweighs one saying no (`低保` beside `已退出特困` sets only 低保 to 1).
                    if let stated, flags[flag] != true { flags[flag] = stated }
                    if stated == false, HouseholdNormalizer.saysEnded(item) { endedByTag[flag] = endedByTag[flag] ?? item }
                }
                before = (item, stated == true ? itemFlags : [])
            }
            // A whole list (`absent_means:`) says what each listed case is now: a record whose tags name one of the
            // flags (救助类型 城市低保) is not what they leave out (特困, once 特困供养), for the flags `absent_means`
            // names, unless the record's own column for the flag says it (`sftk` 1). Tags naming no flag at all
            // (肢体, 其他), or naming one only as pending, say nothing.
            if !named.isEmpty {
                for (flag, absent) in source.absentMeans where !named.contains(flag) { leftOutByTags[flag] = absent }
            }
            // A tag saying the programme ended counts only where no other tag says yes to it.
            endedByTag = endedByTag.filter { flags[$0.key] == false }.mapValues { "\(tagField) \"\($0)\" says the programme ended" }
        }
        // The flag columns saying yes: a column wins over the tags, but not over a statement that the programme or
        // the case ended.
        var saidYes: [String: (field: String, written: String)] = [:]
        for flag in HouseholdNormalizer.flagFields {
            guard let (field, written) = plan.value(flag, in: values) else { continue }
            switch vocabulary.flag(written, field: flag) {
            case .success(let value?):
                flags[flag] = value
                if value { saidYes[flag] = (field, TextCleaning.clean(written)) }
            case .success(nil): break
            case .failure where HouseholdNormalizer.saysEnded(TextCleaning.clean(written)):
                // The programme ended (`已退保`, `停保`, `低保（已终止）`, `TERMINATED`): no.
                flags[flag] = false
            case .failure:
                issues.append(NormalizationIssue(field: field, rule: "unknown_flag_value", severity: .warning,
                    value: written, message: "\"\(written)\" is not a yes/no word (add it under vocabularies)"))
            }
        }
        // The flags a whole list's tags leave out and no column of the record says (an empty or unreadable `sftk`).
        for (flag, absent) in leftOutByTags where flags[flag] == nil { flags[flag] = absent }
        // Being on the list says the flag (`listed_means:`, the 残联's list), unless the record says otherwise.
        for (flag, value) in source.listedMeans where flags[flag] == nil { flags[flag] = value }
        // An empty cell of a flag column the source's vocabulary gives a meaning (`flag: {"": false}`: a checklist
        // ticked √ or left empty), where nothing else said the flag.
        for flag in HouseholdNormalizer.flagFields where flags[flag] == nil && plan.isMapped(flag) {
            if let empty = vocabulary.emptyFlag(field: flag) { flags[flag] = empty }
        }
        // The record's case ended (its status, an end date before today, an ended word alone in its tags): what it
        // says yes to is no, and a whole list's flags take their absent values. A programme a tag says ended is no
        // too. An end is the more specific statement: a flag column saying yes beside it (a stale 是否低保 是) is
        // a warning naming both.
        if let end = caseEnd(values, issues: &issues), endOfCase == nil { endOfCase = end }
        for flag in HouseholdNormalizer.flagFields where flags[flag] == true {
            guard let end = endedByTag[flag] ?? endOfCase else { continue }
            flags[flag] = false
            if let (field, written) = saidYes[flag] {
                issues.append(NormalizationIssue(field: field, rule: "flag_conflicts_with_status", severity: .warning,
                    value: written, message: "\"\(written)\" says yes, but \(end); the end wins: \(flag) is 0"))
            }
        }
        if endOfCase != nil {
            for (flag, absent) in source.absentMeans where flags[flag] == nil { flags[flag] = absent }
        }
        c.isLowIncome = flags["is_low_income"]
        c.isExtremePoverty = flags["is_extreme_poverty"]
        c.hasDisabledMember = flags["has_disabled_member"]
        c.hasElderlyAlone = flags["has_elderly_alone"]
        c.hasLeftBehindChild = flags["has_left_behind_child"]
        if let (field, written) = plan.value("record_date", in: values) {
            if let date = CalendarDate.parse(written, order: source.dateOrder) {
                c.recordDate = date.text
            } else {
                issues.append(NormalizationIssue(field: field, rule: "invalid_date", severity: .warning, value: written,
                    message: "\"\(written)\" is not a recognised date: \(CalendarDate.problem(with: written, order: source.dateOrder))"))
            }
        }

        // Can the record load at all?
        // A place only the source's `context:` supplies identifies no one: every record of the source has it.
        let hasLocation = location.isPlacedByRecord
            && (c.address != nil || c.regionCode != nil || (c.compoundName != nil && c.room != nil))
        // An organisation's account names no one, but its place is a dwelling the load links it to.
        let loadable = c.headIDHash != nil || ((c.headName != nil || c.holderOrganisation != nil) && hasLocation)
        if var idIssue {
            idIssue.severity = loadable ? .warning : .error
            // Said on the line itself: the same ID problem is a warning where a name and an address still identify
            // the household.
            if !loadable {
                idIssue.message += c.headName == nil && c.holderOrganisation == nil
                    ? "; without an ID or a head name the household cannot be identified, so the record is not loaded"
                    : "; without an ID or an address the household cannot be identified\(locations.emptyPlaces(values).map { " (\($0))" } ?? ""), so the record is not loaded"
            }
            issues.insert(idIssue, at: 0)
        } else if !loadable {
            // A head chosen among the members (`成员[与户主关系=户主|本人]/姓名`) that no member is: say which
            // relationships the record holds, so that a spelling the selector lacks shows. With a head name, what is
            // missing is a place of the record's own; say what the record gave.
            let unmatched = c.headName == nil && c.holderOrganisation == nil && c.headIDHash == nil
                ? ["head_name", "head_id"].lazy.compactMap { self.plan.unmatchedMemberSelector($0, in: values) }.first
                : nil
            // The head's element written twice with differing copies (two <户主> of other names): no one's.
            var differingSentence = "", differingElement: [String] = []
            if c.headName == nil, c.headIDHash == nil,
               let differing = ["head_name", "head_id"].lazy.compactMap({ self.plan.differingCopies($0, in: values) }).first {
                let fields = differing.fields.prefix(6).joined(separator: ", ")
                differingSentence = ". \(differing.element) is written \(differing.copies) times in this record, and the copies differ in \(fields): which is the head's no one can tell, so \(differing.element)'s fields are read from none of them; ask the sender which is current"
                differingElement = [differing.element]
            }
            let hasContext = source.context.prefecture != nil || source.context.county != nil || source.context.township != nil
            let message = unmatched.map { selector in
                var seen: [String] = []
                for value in selector.seen where !seen.contains(value) { seen.append(value) }
                return "no member matched \(selector.condition); relationships seen: \(seen.isEmpty ? "none" : seen.prefix(8).joined(separator: ", ")). Without a head there is neither a valid resident ID nor a head name: the household cannot be identified"
            } ?? (c.headName == nil && c.holderOrganisation == nil
                ? "neither a valid resident ID nor a head name with an address: the household cannot be identified"
                : (c.headName == nil ? "an organisation's name (\(c.holderOrganisation ?? "")), which is no head name," : "a head name,") + " but no valid resident ID and no place of the record's own: "
                    + (c.address.map { "its location (\($0)) says no more than the source's context, which every record of the source has" }
                        ?? (hasContext ? "no address, compound or division finer than the source's context"
                                       : "no address, compound or division"))
                    + (locations.emptyPlaces(values).map { " (\($0))" } ?? "")
                    + "; the household cannot be identified")
                // A head mapped into the repeated group without a selector (`成员列表/成员/姓名`): the selector to write.
                + (unmatched == nil && c.headName == nil && c.headIDHash == nil
                    ? plan.repeatedGroupHint.map { ". \($0)" } ?? "" : "")
                + differingSentence
                // The columns that may hold what is missing, but that no field reads (身份证号(配偶), 户籍地址).
                + (plan.unreadColumnsHint(id: true, name: c.headName == nil, place: !hasLocation,
                                          except: differingElement).map { ". The file has \($0)" } ?? "")
            issues.append(NormalizationIssue(field: nil, rule: "no_identity", severity: .error, value: nil,
                                             message: message))
        }
        if loadable, let missing = plan.missingRecordKey(recordKey, source: source) { issues.append(missing) }
        return (loadable ? c : nil, issues)
    }

    /// The head's name as a household stores it, from a cleaned value: inner spaces removed from a name with
    /// Chinese characters (`熊 志` → `熊志`), the dot of a minority name written as the standard `·` whatever form
    /// it came in (`热合曼．阿不力孜`, `帕提古丽•司马义`, `艾尔肯 . 吐尔逊` → `热合曼·阿不力孜`, `帕提古丽·司马义`,
    /// `艾尔肯·吐尔逊`, see `HeadName.withStandardDots`; a name without a dot stays without one), a leading label (`户主：张三`, `姓名:张三`) and a trailing mark of the
    /// head removed: `(户主)`, `（本人）`, `【户主】`, `户主`, `-户主`, `户` (`杨生文(户主)`, `顾成生户主`, `顾义户` → 杨生文,
    /// 顾成生, 顾义). A mark goes only when at least two characters of name remain: `张户` stays as written.
    static func headName(_ cleaned: String) -> String {
        var name = cleaned
        // Quotes in a Chinese name are a cell's stray quote (`"测田"光鹏`, read as written, trial 19e): no name holds one.
        if name.unicodeScalars.contains(where: { HouseholdNormalizer.nameQuotes.contains($0) }),
           name.unicodeScalars.contains(where: { $0.value >= 0x3400 }) {
            name = String(String.UnicodeScalarView(name.unicodeScalars.filter { !HouseholdNormalizer.nameQuotes.contains($0) }))
        }
        if name.utf8.contains(UInt8(ascii: " ")), name.unicodeScalars.contains(where: { $0.value >= 0x3400 }) {
            name = name.replacingOccurrences(of: " ", with: "")
        }
        name = HeadName.withStandardDots(name)
        // Every label and mark holds 户 or 本, or a label's colon.
        guard name.unicodeScalars.contains(where: { $0 == "户" || $0 == "本" || $0 == ":" || $0 == "：" }) else { return name }
        for label in headNameLabels where name.hasPrefix(label) {
            let rest = name.dropFirst(label.count)
            if let colon = rest.first, colon == ":" || colon == "：", rest.count > 1 {
                name = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces)
                break
            }
        }
        for mark in headMarks where name.hasSuffix(mark) {
            var rest = name.dropLast(mark.count)
            // `张三-户主`, `张三/户主`: the separator goes with the mark.
            if !mark.hasPrefix("("), let last = rest.last, "-—/、,;:".contains(last) { rest = rest.dropLast() }
            if rest.count >= 2 { name = String(rest) }
            break
        }
        return name
    }

    /// Quote marks, ASCII and Chinese, that a Chinese name never holds.
    static let nameQuotes: Set<Unicode.Scalar> = ["\"", "'", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{300C}", "\u{300D}"]

    /// Labels a head's name is sometimes written after, with a colon (`户主：张三`).
    static let headNameLabels = ["户主姓名", "户主", "姓名"]
    /// Marks of the head written after the name, longest first (full-width brackets are folded to ASCII by
    /// `TextCleaning`; 【】 and 〔〕 are not).
    static let headMarks = ["(户主)", "(本人)", "【户主】", "【本人】", "[户主]", "[本人]", "〔户主〕", "户主", "户"]

    /// `3`, `３`, `3.0`, `3人`, `三`, `三口人` → 3; nil outside 1…99.
    static func memberCount(_ text: String) -> Int? {
        var value = TextCleaning.clean(text)
        if value.utf8.contains(UInt8(ascii: " ")) { value = String(decoding: value.utf8.filter { $0 != 0x20 }, as: UTF8.self) }
        for suffix in ["口人", "人", "口"] where value.hasSuffix(suffix) { value.removeLast(suffix.count) }
        // A whole number written as a decimal (`3.0`: a spreadsheet or pandas export) is that number.
        if let dot = value.firstIndex(of: "."), value[value.index(after: dot)...].allSatisfy({ $0 == "0" }) {
            value = String(value[..<dot])
        }
        let number = Int(value) ?? TextCleaning.chineseNumber(value)
        guard let number, (1...99).contains(number) else { return nil }
        return number
    }

    /// Items of a JSON array text or of text separated by `,，、;；|/` or spaces.
    static func listItems(_ text: String) -> [String] {
        let trimmed = TextCleaning.clean(text)
        if trimmed.hasPrefix("["), let data = trimmed.data(using: .utf8),
           let array = try? JSONSerialization.jsonObject(with: data) as? [Any] {
            return array.map { "\($0)" }
        }
        return trimmed.split(whereSeparator: { ",，、;；|/ ".contains($0) }).map(String.init)
    }
}

extension HouseholdNormalizer {
    /// Adds the hashes of the members' valid resident IDs (not the head's own) and of their names (none the
    /// sender masked or lost a character of, `韦某某`, `杨?祥`: such a name stands for no one) to the candidate.
    func addMembers(names: [String], ids: [String], to c: inout HouseholdCandidate) {
        for written in ids {
            guard case .success(let id) = ResidentID.parse(written, today: today) else { continue }
            let hash = key.hash(id.value, kind: "id")
            if hash != c.headIDHash, !c.memberIDHashes.contains(hash) { c.memberIDHashes.append(hash) }
        }
        for written in names {
            let name = HouseholdNormalizer.headName(TextCleaning.clean(written))
            guard name != c.headName, let hash = HouseholdNormalizer.memberNameHash(name, key: key),
                  !c.memberNameHashes.contains(hash) else { continue }
            c.memberNameHashes.append(hash)
        }
    }

    /// A resident ID as written, compared with another written one: cleaned, without spaces, `x` as `X`.
    static func writtenIDForm(_ written: String) -> String {
        TextCleaning.clean(written).uppercased().filter { !$0.isWhitespace }
    }

    /// One warning for each member's resident ID that is written but not valid (`id_truncated`, `id_checksum` …,
    /// the head's rules), naming the member's field: the member is kept by name only, and a later record naming
    /// them as head does not find the household by that ID. A masked ID (`522701********5055`) or a placeholder
    /// (无, 不详) gives none, as for the head.
    func memberIDIssues(_ ids: [String], field: String?, recordNumber: Int? = nil, line: Int? = nil) -> [NormalizationIssue] {
        ids.compactMap { written in
            guard !PlaceholderWords.isAbsent(written), case .failure(let problem) = ResidentID.parse(written, today: today),
                  !(problem.rule == "id_format" && ResidentID.maskedForm(written) != nil) else { return nil }
            return NormalizationIssue(field: field, rule: problem.rule, severity: .warning, value: ResidentID.mask(written),
                message: "a member's resident ID is not valid (\(problem.message)); the member is kept by name only",
                recordNumber: recordNumber, line: line)
        }
    }

    /// A member's or head's name hashed for `household_member`: without middle dots and simplified (`HeadName.comparable`:
    /// 張國華 is 张国华, 买买提•艾力 and 买买提艾力 are 买买提·艾力), and only a name of two to five characters with
    /// nothing lost or masked in it (`韦某某`, `杨?祥`, `龙yan`), which could be many people.
    public static func memberNameHash(_ name: String, key: PersonalDataKey) -> String? {
        let simplified = HeadName.comparable(name)
        // Scalars first (a Chinese name's characters are single scalars): an ASCII letter, digit, `?` or `*`, or 某,
        // turns the name away before any character is counted.
        guard !simplified.unicodeScalars.contains(where: { $0.isASCII || $0 == "某" }),
              (2...5).contains(simplified.count), HeadName.lostCharacterCount(simplified) == 0,
              !OrganisationName.isOrganisation(name) else { return nil }
        return key.hash(simplified, kind: "name")
    }
}
