import Foundation
import RongtongConfig
import RongtongStaging

/// The rows of one household in a census written one row per person (`rows: person`), as `PersonRowGrouping` gathers
/// them, in file order.
public struct HouseholdRows {
    public var rows: [StagedRecord]
}

/// Gathers the rows of a census written one row per person (户号, 姓名, 与户主关系 …: grid workers' 人口登记表) into
/// households, as the rows are read: in file order, or gathered by household key when the file interleaves its
/// households (see `HouseholdOrder`).
///
/// A household starts at a row whose household key (the source's `record_key`, such as 户号) is written and differs
/// from the key of the household above, or at a head row (`relationship` 户主, 本人, 户主(本人) …: the spellings
/// `MemberList.isHeadRelationship` knows) when the household above already has its head. Every other row continues
/// the household above: a row whose key cell is empty (the spreadsheet merged the cell over the household's rows)
/// belongs to the household of the rows above it. Without a `record_key`, each head row starts a household, and
/// rows before the first head row are a household without a head.
public final class PersonRowGrouping {
    private let plan: FieldPlan
    private var rows: [StagedRecord] = []
    private var key: String?
    private var hasHead = false

    public init(plan: FieldPlan) {
        self.plan = plan
    }

    /// Adds the next row; returns the household it closes (the rows above it), if it starts another.
    public func add(_ row: StagedRecord) -> HouseholdRows? {
        let rowKey = PersonRowGrouping.householdKey(of: row, plan: plan)
        let isHead = PersonRowGrouping.isHead(row, plan: plan)
        var closed: HouseholdRows?
        if !rows.isEmpty, (rowKey != nil && rowKey != key) || (isHead && (hasHead || plan.recordKeySlots.isEmpty)) {
            closed = finish()
        }
        rows.append(row)
        if key == nil, let rowKey {
            key = rowKey
        }
        if isHead { hasHead = true }
        return closed
    }

    /// The last household, once every row was added.
    public func finish() -> HouseholdRows? {
        guard !rows.isEmpty else { return nil }
        let household = HouseholdRows(rows: rows)
        rows = []
        key = nil
        hasHead = false
        return household
    }

    /// The row's household key, nil when its key cell is empty (or the source declares no `record_key`).
    public static func householdKey(of row: StagedRecord, plan: FieldPlan) -> String? {
        guard !plan.recordKeySlots.isEmpty else { return nil }
        let key = plan.recordKey(in: row.values, number: row.number)
        return key.hasPrefix("#") ? nil : key
    }

    /// Whether the row's `relationship` says it is the head (户主, 本人, 户主(本人) …).
    static func isHead(_ row: StagedRecord, plan: FieldPlan) -> Bool {
        plan.value("relationship", in: row.values).map { MemberList.isHeadRelationship($0.text) } ?? false
    }
}

/// What the `relationship` column of a household source that reads one household per record says about its rows:
/// a census written one row per person (与户主关系 配偶, 子女, 父亲 … on many rows) read without `rows: person` makes
/// every member a household of its own, so the file is warned about once. Only when its rows read as grouped: the
/// rows naming someone other than the head continue the row above, by the household key (`record_key`: empty, as a
/// merged cell, or the row above's), or without a key by the place (address, compound, building, unit and room:
/// empty, 同上, or the row above's). A list of one row per person in which every row names its own household (残联's
/// list: each disabled person's row with its 户主姓名, 户主身份证号 and address, under its own 证号) is one household
/// per row already, however many rows say 配偶 or 之子.
public final class PersonRowEvidence {
    private let plan: FieldPlan
    private var rowsWithRelationship = 0
    private var rowsNotTheHead = 0
    /// Rows naming someone other than the head whose household key (or place, without a key) is empty or the row
    /// above's.
    private var rowsContinuing = 0
    private var previousKey: String?
    private var previousPlace: String?
    private var words: [String] = []

    /// Nil when nothing feeds `relationship` (no column headed 与户主关系, 关系 …, and no mapping).
    public init?(plan: FieldPlan) {
        guard plan.isMapped("relationship") else { return nil }
        self.plan = plan
    }

    public func observe(_ row: StagedRecord) {
        let key = PersonRowGrouping.householdKey(of: row, plan: plan)
        let place = ["address", "compound", "building", "unit", "room"]
            .compactMap { plan.value($0, in: row.values)?.text }
            .filter { !PlaceholderWords.isDitto($0) && !PlaceholderWords.isAbsent($0) }.joined(separator: "|")
        defer { previousKey = key; previousPlace = place }
        guard let (_, written) = plan.value("relationship", in: row.values) else { return }
        rowsWithRelationship += 1
        let word = MemberSelector.comparable(written)
        guard !MemberList.isHeadRelationship(word), PersonRowEvidence.isKinship(word) else { return }
        rowsNotTheHead += 1
        if plan.recordKeySlots.isEmpty {
            if place.isEmpty || place == previousPlace { rowsContinuing += 1 }
        } else if key == nil || key == previousKey {
            rowsContinuing += 1
        }
        if words.count < 6, !words.contains(word) { words.append(word) }
    }

    /// The warning for `file` of `source`, or nil when its rows read as households: at least two rows, and a fifth
    /// of those with a relationship, name someone other than the head, and at least two of those, and half of
    /// them, continue the row above (see the type).
    public func warning(source: SourceConfig, file: String) -> String? {
        guard rowsNotTheHead >= 2, rowsNotTheHead * 5 >= rowsWithRelationship,
              rowsContinuing >= 2, rowsContinuing * 2 >= rowsNotTheHead,
              let column = plan.sourceField(for: "relationship") else { return nil }
        let key = source.recordKey.map { key in "; \(rowsContinuing) of them leave \(key) empty or repeat the row above's" }
            ?? "; \(rowsContinuing) of them leave the address empty or repeat the row above's"
        return "sources.\(source.name): \(file) looks like one row per person: \(column) names someone other than the head on \(rowsNotTheHead) of its \(rowsWithRelationship) rows (\(words.joined(separator: ", ")) …\(key)). Each such row loads as a household of its own. If the rows of a household follow one another, set `rows: person` on the source: they then load as one household, whose head is the row saying 户主 or 本人 (see rows: in docs/pipeline-format.md)"
    }

    /// Whether a relationship word names a relative or another member (配偶, 长子, 孙女, 儿媳, 其他亲属 …), not some
    /// other text a column headed 关系 might hold.
    static func isKinship(_ word: String) -> Bool {
        guard !word.isEmpty, word.count <= 10 else { return false }
        return kinshipMarks.contains(where: word.contains)
    }

    private static let kinshipMarks = ["配偶", "妻", "夫", "子", "女", "儿", "父", "母", "爸", "妈", "孙", "兄", "弟", "姐",
                                       "妹", "媳", "婿", "祖", "侄", "甥", "岳", "婆", "公公", "亲", "姑", "叔", "伯", "舅",
                                       "姨", "嫂", "同住", "非亲属", "其他", "其它"]
}

extension HouseholdNormalizer {
    /// The household that one row per person describes: the head row's values, each left empty there (a merged or
    /// blank cell) taken from the first of the household's rows that has it; the head's own name, ID, gender and
    /// birth date only from the head row; a flag that any row says yes to (a member row's 残疾人 是) is yes; tags of
    /// every row. `member_count` is the number of rows when no row gives one. A rule a value taken from a member row
    /// breaks is said on that row. A household none of whose rows is the head is not loaded: a `no_head_row` error
    /// on each of its rows, naming the relationships they hold.
    public func normalize(household: HouseholdRows, batchID: String) -> (HouseholdCandidate?, [NormalizationIssue]) {
        let rows = household.rows
        guard let head = rows.firstIndex(where: { PersonRowGrouping.isHead($0, plan: plan) }) else {
            return (nil, headlessIssues(household))
        }
        var values = rows[head].values
        var takenFrom = Array(repeating: head, count: values.count)
        if rows.count > 1 {
            let others = Array(rows.indices).filter { $0 != head }
            for slot in values.indices where !personSlots.contains(slot) {
                if let flag = flagSlots[slot] {
                    // A yes on any row; else the head's word, else the first row's that has one.
                    let yes = ([head] + others).first { index in
                        guard let written = rows[index].values[slot],
                              case .success(true?) = vocabulary.flag(written, field: flag) else { return false }
                        return true
                    }
                    if let yes {
                        values[slot] = rows[yes].values[slot]
                        takenFrom[slot] = yes
                        continue
                    }
                    if HouseholdNormalizer.hasValue(values[slot]) { continue }
                    if let index = others.first(where: { HouseholdNormalizer.hasValue(rows[$0].values[slot]) }) {
                        values[slot] = rows[index].values[slot]
                        takenFrom[slot] = index
                    }
                } else if tagSlots.contains(slot) {
                    let written = ([head] + others).compactMap { rows[$0].values[slot] }.filter(HouseholdNormalizer.hasValue)
                    guard written.count > 1 else {
                        if let first = written.first { values[slot] = first }
                        continue
                    }
                    var items: [String] = []
                    for text in written {
                        for item in HouseholdNormalizer.listItems(text) where !items.contains(item) { items.append(item) }
                    }
                    if let data = try? JSONSerialization.data(withJSONObject: items) {
                        values[slot] = String(decoding: data, as: UTF8.self)
                    }
                } else if !HouseholdNormalizer.isMeaningful(values[slot]) {
                    // A cell the spreadsheet merged over the household's rows is written on one of them only.
                    if let index = others.first(where: { HouseholdNormalizer.isMeaningful(rows[$0].values[slot]) }) {
                        values[slot] = rows[index].values[slot]
                        takenFrom[slot] = index
                    }
                }
            }
        }
        var record = rows[head]
        record.values = values
        // A person's row written twice (the same resident ID as a row above, or without one the same values) is one
        // member, counted once, with a `several_values` warning on the repeat.
        let repeated = HouseholdNormalizer.repeatedPersonRows(rows, head: head, plan: plan)
        var (candidate, issues) = normalize(record, batchID: batchID, rowsInHousehold: rows.count - repeated.count)
        for index in repeated {
            issues.append(NormalizationIssue(field: plan.sourceField(for: "head_id") ?? plan.sourceField(for: "head_name"),
                rule: "several_values", severity: .warning, value: nil,
                message: "this row repeats a person of the household listed on a row above (the same resident ID, or without one the same values); the person is counted once",
                recordNumber: rows[index].number, line: rows[index].line))
        }
        // Each other row is a member: its name and ID (hashed) are the household's members.
        if candidate != nil, rows.count > 1 {
            let others = rows.indices.filter { $0 != head }
            addMembers(names: others.compactMap { plan.value("head_name", in: rows[$0].values)?.text },
                       ids: others.compactMap { plan.value("head_id", in: rows[$0].values)?.text }, to: &candidate!)
            for index in others {
                guard let (field, written) = plan.value("head_id", in: rows[index].values) else { continue }
                issues += memberIDIssues([written], field: field, recordNumber: rows[index].number, line: rows[index].line)
            }
        }
        issues += placeConflicts(rows, head: head, household: values, takenFrom: takenFrom)
        for index in issues.indices where issues[index].recordNumber == nil {
            let slot = issues[index].field.flatMap { plan.sourceFields.firstIndex(of: $0) }
            let row = rows[slot.map { takenFrom[$0] } ?? head]
            issues[index].recordNumber = row.number
            issues[index].line = row.line
        }
        return (candidate, issues)
    }

    /// A `member_place_conflict` warning on each row that joined the household only by following its rows (its key
    /// cell empty, or the source keyless) while its own place names another flat: its address, compound, building,
    /// unit or room written and differing from the household's (the address's compound, building, unit and room as
    /// parsed, where both give one). Such a row is most often a member written above its own head row, the key on the
    /// head row only: it joins the household above (the documented grouping), and the warning says so.
    func placeConflicts(_ rows: [StagedRecord], head: Int, household values: [String?], takenFrom: [Int]) -> [NormalizationIssue] {
        guard rows.count > 1 else { return [] }
        let slots = ["address", "compound", "building", "unit", "room"].flatMap { canonical in
            plan.fieldSlots(for: canonical).map { (canonical, $0) }
        }
        guard !slots.isEmpty else { return [] }
        let key = rows.lazy.compactMap { PersonRowGrouping.householdKey(of: $0, plan: self.plan) }.first
        let relationship = plan.sourceField(for: "relationship")
        var issues: [NormalizationIssue] = []
        for index in rows.indices where index != head && PersonRowGrouping.householdKey(of: rows[index], plan: plan) == nil {
            for (canonical, slot) in slots where takenFrom[slot] != index {
                guard let own = rows[index].values[slot], HouseholdNormalizer.isMeaningful(own),
                      let theirs = values[slot], HouseholdNormalizer.isMeaningful(theirs),
                      let differs = placeDifference(canonical, own: TextCleaning.clean(own), household: TextCleaning.clean(theirs))
                else { continue }
                let field = plan.sourceFields[slot]
                let joined = key.map { "household \($0)" } ?? "the household of the rows above it"
                let why = plan.recordKeySlots.isEmpty ? "it follows that household's rows"
                    : "its \(source.recordKey ?? "key") cell is empty, so it continues the rows above it"
                let said = relationship.flatMap { column in
                    plan.value("relationship", in: rows[index].values).map { " (\(column) \(TextCleaning.clean($0.text)))" }
                } ?? ""
                issues.append(NormalizationIssue(field: field, rule: "member_place_conflict", severity: .warning,
                    value: TextCleaning.clean(own),
                    message: "this row\(said) is read into \(joined) because \(why), but its own \(field) names another place than the household's (\(differs)); it is kept as that household's member: write the household key on the row, or move the row below its own head row",
                    recordNumber: rows[index].number, line: rows[index].line))
                break
            }
        }
        return issues
    }

    /// How a member row's place differs from its household's (`room 202, not 101`), or nil when it does not: an
    /// address by its parsed compound, building, unit and room (where both give one: a text written another way,
    /// with or without its city, names the same flat); a compound, building, unit or room column by its value, the
    /// kind word after a number (栋, 单元, 室 …) left aside.
    func placeDifference(_ canonical: String, own: String, household: String) -> String? {
        guard own != household else { return nil }
        if canonical == "address" {
            let mine = locations.addresses.parse(own, context: locations.context)
            let theirs = locations.addresses.parse(household, context: locations.context)
            let parts: [(String, String?, String?)] = [("building", mine.building, theirs.building),
                                                      ("unit", mine.unit, theirs.unit), ("room", mine.room, theirs.room)]
            var differing = parts.compactMap { name, a, b -> String? in
                guard let a, let b, a != b else { return nil }
                return "\(name) \(a), not \(b)"
            }
            if let a = mine.compound, let b = theirs.compound, !a.contains(b), !b.contains(a) {
                differing.insert("compound \(a), not \(b)", at: 0)
            }
            return differing.isEmpty ? nil : differing.joined(separator: ", ")
        }
        let kindWords = ["号楼", "单元", "栋", "幢", "楼", "室", "号", "户"]
        func bare(_ text: String) -> String {
            var text = text
            for word in kindWords where text.hasSuffix(word) && text.count > word.count {
                text.removeLast(word.count)
                break
            }
            return text
        }
        return bare(own) == bare(household) ? nil : "\(own), not \(household)"
    }

    /// The rows of a household (one row per person) that repeat a person of a row before them, the head's first:
    /// a row whose resident ID (the `head_id` column, each row's own) is an earlier row's, or, where neither row
    /// holds one, a row naming someone whose values are all an earlier row's. Never the head row.
    static func repeatedPersonRows(_ rows: [StagedRecord], head: Int, plan: FieldPlan) -> [Int] {
        var seenIDs = Set<String>(), seenRows: [[String?]] = []
        var repeated: [Int] = []
        for index in [head] + rows.indices.filter({ $0 != head }) {
            let id = plan.value("head_id", in: rows[index].values).map { TextCleaning.clean($0.text).uppercased() } ?? ""
            let hasID = (15...18).contains(id.utf8.count) && !PlaceholderWords.isAbsent(id)
            let named = plan.value("head_name", in: rows[index].values).map { hasValue($0.text) } ?? false
            if index != head {
                if hasID ? seenIDs.contains(id) : named && seenRows.contains(rows[index].values) {
                    repeated.append(index)
                    continue
                }
            }
            if hasID { seenIDs.insert(id) } else { seenRows.append(rows[index].values) }
        }
        return repeated.sorted()
    }

    /// One `no_head_row` error on each row of a household none of whose rows is its head.
    private func headlessIssues(_ household: HouseholdRows) -> [NormalizationIssue] {
        let rows = household.rows
        // Its location values still count as the row above the next household's (a ditto mark there).
        var ignored: [NormalizationIssue] = []
        if let last = rows.last { _ = locations.takeLocationValues(last.values, issues: &ignored) }
        let column = plan.sourceField(for: "relationship") ?? "relationship"
        let written = rows.map { plan.value("relationship", in: $0.values).map { TextCleaning.clean($0.text) } }
        var seen: [String] = []
        for word in written.map({ $0 ?? "(empty)" }) where !seen.contains(word) { seen.append(word) }
        // Records of one household gathered from an interleaved file are named one by one.
        let numbers = rows.map(\.number)
        let (first, last) = (numbers[0], numbers[numbers.count - 1])
        let listed = last - first == numbers.count - 1 ? "\(first)–\(last)"
            : numbers.prefix(8).map(String.init).joined(separator: ", ") + (numbers.count > 8 ? " …" : "")
        let span = rows.count == 1 ? "its row (record \(rows[0].number))" : "its \(rows.count) rows (records \(listed))"
        let named = household.rows.lazy.compactMap { PersonRowGrouping.householdKey(of: $0, plan: self.plan) }.first
            .map { "household \($0)" } ?? "this household"
        let message = "\(named) has no head row: \(column) on \(span) is \(seen.prefix(8).joined(separator: ", ")), never 户主 or 本人, so the household cannot be identified and none of its rows is loaded; add the head's row, or correct \(column)"
        return rows.indices.map { index in
            NormalizationIssue(field: column, rule: "no_head_row", severity: .error, value: written[index],
                               message: message, recordNumber: rows[index].number, line: rows[index].line)
        }
    }

    static func hasValue(_ text: String?) -> Bool {
        text.map { !TextCleaning.clean($0).isEmpty } ?? false
    }

    /// A value that says something: neither empty nor a placeholder (`不详`, `/`) nor a ditto mark (`同上`, which on a
    /// member row means the head row's).
    static func isMeaningful(_ text: String?) -> Bool {
        guard let text, hasValue(text) else { return false }
        return !PlaceholderWords.isAbsent(text) && !PlaceholderWords.isDitto(text)
    }
}
