import Foundation
import Logging
import RongtongConfig
import RongtongNormalize
import RongtongStaging

/// What the normalize stage checks of a source's mapping against its files: mapped names that never occur, columns that look like the mapped ones, fields auto-mapping lost.
extension NormalizeStage {
    /// Whether a household candidate's only ID is one its feed sent masked (`522701********5055`): read, but not
    /// used as identity (the source's summary line counts them).
    static func holdsMaskedID(_ c: HouseholdCandidate) -> Bool { c.headIDHash == nil && c.headIDMasked != nil }

    /// A canonical field the source's previous delivery fed by auto-mapping that no column of this file feeds.
    struct LostField: Equatable {
        var field: String
        /// The previous delivery's column that fed it.
        var column: String
        var message: String
    }

    /// The canonical fields that the source's previous delivery (the newest of `earlier`, the one of the same path
    /// when there is one) fed by their header alone, no `fields:` entry naming them, and that no column of this
    /// file (`columns`, read by `plan`) feeds: a new template renamed the column, and auto-mapping does not know
    /// the new name. Each message names the file's new columns no field reads that may hold it, the one at the
    /// old column's place first (经度 → X坐标), and the `fields:` entry that reads it.
    static func autoMappedFieldsLost(source: SourceConfig, plan: FieldPlan, file: String, columns: [String],
                                     unread: [String], earlier: [StagedBatch]) -> [LostField] {
        let withColumns = earlier.filter { !$0.columns.isEmpty }
        let sameFile = withColumns.filter { $0.file == file }
        guard let previous = (sameFile.isEmpty ? withColumns : sameFile).max(by: { ($0.extractedRun, $0.file) < ($1.extractedRun, $1.file) }),
              // A column mapped since (the fix for one field) that the earlier file lacks must not hide the others.
              let previousPlan = (try? FieldPlan(source: source, columns: previous.columns,
                                                 headerIsComplete: source.format == "csv"))
                ?? (try? FieldPlan(source: source, columns: previous.columns, headerIsComplete: false)) else { return [] }
        let fedNow = Set(plan.mapping.map(\.field))
        let known = Set(previous.columns.map(HeaderKey.fold))
        // Columns of this file that the previous delivery did not have and that no field reads.
        let newColumns = unread.filter { !known.contains(HeaderKey.fold($0)) && !ColumnMapping.rowNumberHeaders.contains($0.lowercased()) }
        var lost: [LostField] = []
        var seen: Set<String> = []
        for (field, column) in previousPlan.mapping where source.fields[field] == nil && !fedNow.contains(field) {
            guard seen.insert(field).inserted else { continue }
            // The new column at the old one's place, when the template kept the order.
            var candidates = newColumns
            if let place = previous.columns.firstIndex(of: column), place < columns.count,
               let at = candidates.firstIndex(of: columns[place]) {
                candidates.insert(candidates.remove(at: at), at: 0)
            }
            var message = "\(column) fed \(field) by its header in the source's previous delivery (extracted by run \(previous.extractedRun)), and no column of this file feeds it: its records are read without \(field)"
            if let first = candidates.first {
                let others = candidates.dropFirst().prefix(2)
                message += "; the file has \(candidates.count == 1 ? "a new column" : "new columns") \(([first] + others).joined(separator: ", "))\(candidates.count > 3 ? ", …" : ""), which no field reads: if \(first) replaced \(column), map it under fields: (\(field): \(first))"
            } else {
                message += "; map the column that now holds it under fields: (\(field): <column>)"
            }
            lost.append(LostField(field: field, column: column, message: message))
        }
        return lost
    }

    /// The columns among `columns` (their values in `values`, one array per record) that hold coordinates in China:
    /// at least 9 in 10 of their values (and at least 3) decimal degrees with 3 or more decimals, all longitudes
    /// (73 to 136) or all latitudes (3 to 54), a column holding a count or a year has no decimals; or at least 9 in
    /// 10 of them a latitude and a longitude in one cell (`106.600123,26.630456`, `[106.6,26.6]`, `POINT(106.6 26.6)`,
    /// see `CoordinateText.pair`), each with 3 or more decimals and in those ranges: such a column feeds both
    /// (`field` `lat, lon`). At most one column per field, the first.
    static func coordinateColumns(_ columns: [String], values: [[String?]]) -> [(field: String, column: String, example: String)] {
        var found: [(field: String, column: String, example: String)] = []
        let taken = { (field: String) in found.contains { $0.field.contains(field) } }
        for (index, column) in columns.enumerated() {
            let given = values.compactMap { $0[index]?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard given.count >= 3 else { continue }
            let degrees = given.compactMap(NormalizeStage.decimalDegrees)
            if degrees.count * 10 >= given.count * 9 {
                let field: String
                if degrees.allSatisfy({ (73...136).contains($0) }) { field = "lon" }
                else if degrees.allSatisfy({ (3...54).contains($0) }) { field = "lat" }
                else { continue }
                guard !taken(field) else { continue }
                found.append((field, column, given[0]))
                continue
            }
            // Both in one cell, as a map picker exports a point: each half a decimal degree of its range.
            let pairs = given.filter { text in
                guard let pair = CoordinateText.pair(text), (3...54).contains(pair.lat), (73...136).contains(pair.lon) else {
                    return false
                }
                let halves = CoordinateText.unwrapped(TextCleaning.clean(text))
                    .split(whereSeparator: { ",，;；、/| ".contains($0) }).map(String.init)
                return halves.count == 2 && halves.allSatisfy { NormalizeStage.decimalDegrees($0) != nil }
            }
            guard pairs.count * 10 >= given.count * 9, !taken("lat"), !taken("lon") else { continue }
            found.append(("lat, lon", column, given[0]))
        }
        return found
    }

    /// A decimal degree as a coordinate column holds it: a number with 3 or more decimals (`106.696168`), not a
    /// count or a year.
    static func decimalDegrees(_ text: String) -> Double? {
        guard let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 3 else { return nil }
        return Double(text)
    }

    /// The sentence naming the file's unread fields that look like a mapped name that never occurs in it: the same
    /// last step (`户主/@身份证号` for `户主/身份证号`: the element became an attribute), or a usual header of the
    /// field (`户主.公民身份号码` for `户主.身份证号`: a renamed key); "" when there is none.
    static func lookalikes(of names: [String], field: CanonicalField?, among unread: [String]) -> String {
        // The name's last step, an attribute's without its `@`: `户主/@身份证号` → `身份证号`.
        func lastStep(_ name: String) -> String {
            let step = name.split(whereSeparator: { $0 == "/" || $0 == "." }).last.map(String.init) ?? name
            return HeaderKey.fold(step.hasPrefix("@") ? String(step.dropFirst()) : step)
        }
        let steps = Set(names.map(lastStep))
        let usual = Set((field?.usualHeaders ?? []).map(HeaderKey.fold))
        let found = unread.filter { column in
            let step = lastStep(column)
            return steps.contains(step) || usual.contains(step)
        }
        guard !found.isEmpty else { return "" }
        let shown = found.prefix(3).joined(separator: ", ") + (found.count > 3 ? ", …" : "")
        return "; the file has \(shown), which no field reads: did the field move there?"
    }

    /// Whether the mapped name `name` occurs in the batch whose field names are `columns`. A member selector
    /// (`成员列表/成员[与户主关系=户主|本人]/身份证号`) occurs when its group does and some member of the whole file
    /// holds its leaf (as an element or an attribute): a head missing from some records is no mapping error, but a leaf no member holds (`身份证号`
    /// where the members hold `公民身份号码`) is a typo like a misspelt column. For a name that does not occur,
    /// `explained[name]` says what the members hold: their fields, or, for a name into the repeated group itself
    /// (`成员列表/成员/姓名`, no selector), the selector that picks the head, with the relationships seen.
    ///
    /// A name into the group a compound row reads its compounds from (`小区列表/小区/建成年代` beside
    /// `name: 小区列表/小区/名称`, `compoundGroups`) is read once per compound: it occurs when some compound of the file
    /// holds its leaf, and for one no compound holds, `explained[name]` says what they hold.
    func mappedNameOccurs(_ name: String, in batch: StagedBatch, columns: Set<String>, entity: EntityKind,
                                  compoundGroups: Set<String>, explained: inout [String: String]) throws -> Bool {
        if columns.contains(name) { return true }
        // An element holding only a (repeated) child, read through it (`改造内容` → `改造内容/项`).
        if FieldPlan.onlyFieldBelow(name, among: batch.columns) != nil { return true }
        if let selector = FieldPlan.memberSelector(name) {
            guard FieldPlan.occurs(name, among: columns) else { return false }
            if !columns.contains(selector.group) || selector.singleMemberLeaves.contains(where: columns.contains) { return true }
            for spelling in selector.leafSpellings {
                if try staging.someMemberHolds(batchID: batch.batchID, group: selector.group, leaf: spelling) { return true }
            }
            let fields = try staging.memberFields(batchID: batch.batchID, group: selector.group)
            // Members holding no fields at all (empty elements) say nothing either way.
            guard !fields.isEmpty else { return true }
            explained[name] = "no member (\(selector.group)) holds \(selector.leaf) anywhere in the file; its members hold "
                + fields.prefix(10).joined(separator: ", ") + (fields.count > 10 ? ", …" : "")
            return false
        }
        // `group/leaf` (`group.leaf` in JSON) where `group` is a repeated group whose members hold `leaf`.
        guard let cut = name.lastIndex(where: { $0 == "/" || $0 == "." }) else { return false }
        let group = String(name[..<cut]), leaf = String(name[name.index(after: cut)...])
        guard !leaf.isEmpty, columns.contains(group) else { return false }
        if entity == .compound, compoundGroups.contains(group) {
            let bare = leaf.hasPrefix("@") ? String(leaf.dropFirst()) : leaf
            for spelling in [bare, "@" + bare] {
                if try staging.someMemberHolds(batchID: batch.batchID, group: group, leaf: spelling) { return true }
            }
            let fields = try staging.memberFields(batchID: batch.batchID, group: group)
            guard !fields.isEmpty else { return true }
            explained[name] = "no compound (\(group)) holds \(leaf) anywhere in the file; its compounds hold "
                + fields.prefix(10).joined(separator: ", ") + (fields.count > 10 ? ", …" : "")
            return false
        }
        guard try staging.someMemberHolds(batchID: batch.batchID, group: group, leaf: leaf) else { return false }
        // A compound or facility row has no head to pick; a compound row reads a group per member once name does.
        if entity != .household {
            if entity == .compound {
                explained[name] = "\(group) is a repeated group, one element per compound, so \(name) names no one compound: map name into it too (name: \(group)/名称), so that the row is read once per compound, each with its own \(leaf)"
            }
            return false
        }
        let fields = try staging.memberFields(batchID: batch.batchID, group: group).filter { $0 != leaf }
        // The member field that says each member's relationship: the one holding the head's word (户主, 本人), else
        // one named like a relationship (关系, relation).
        var relation: (field: String, values: [String])?
        for field in fields.prefix(16) {
            let values = try staging.memberValues(batchID: batch.batchID, group: group, field: field, limit: 8)
            if values.contains(where: FieldPlan.isHeadRelationship) { relation = (field, values); break }
        }
        if relation == nil, let field = fields.first(where: { $0.contains("关系") || $0.lowercased().contains("relation") }) {
            relation = (field, try staging.memberValues(batchID: batch.batchID, group: group, field: field, limit: 8))
        }
        var hint = "\(group) is a repeated group, one element per member, so \(name) names no one member: pick the head with a member selector, "
        if let relation {
            let key = relation.field.hasPrefix("@") ? String(relation.field.dropFirst()) : relation.field
            let word = relation.values.first(where: FieldPlan.isHeadRelationship) ?? "户主"
            hint += "\(group)[\(key)=\(word)]/\(leaf) (\(key) holds \(relation.values.joined(separator: ", "))\(relation.values.count == 8 ? ", …" : ""))"
        } else {
            hint += "\(group)[relationship field=户主]/\(leaf)"
        }
        explained[name] = hint
        return false
    }

    /// Whether the list field's mapped name `name` (`members`, `tags`) occurs in the batch: as a field, a lone
    /// object's fields, or a leaf of a repeated group that some member of the file holds (`成员列表/成员/标签`, read of
    /// every member; `标签` and `@标签` are one leaf). For a leaf no member holds, `explained[name]` says what the
    /// members hold.
    func listOccurs(_ name: String, in batch: StagedBatch, columns: Set<String>,
                            explained: inout [String: String]) throws -> Bool {
        if FieldPlan.occurs(list: name, among: columns) { return true }
        guard let (group, leaf) = FieldPlan.repeatedGroupLeaf(name, among: columns) else { return false }
        let bare = leaf.hasPrefix("@") ? String(leaf.dropFirst()) : leaf
        for spelling in [bare, "@" + bare] {
            if try staging.someMemberHolds(batchID: batch.batchID, group: group, leaf: spelling) { return true }
        }
        let fields = try staging.memberFields(batchID: batch.batchID, group: group)
        guard !fields.isEmpty else { return true }
        explained[name] = "no member (\(group)) holds \(leaf) anywhere in the file; its members hold "
            + fields.prefix(10).joined(separator: ", ") + (fields.count > 10 ? ", …" : "")
        return false
    }

    /// Records per chunk handed to the normalizing thread.
    static let chunkSize = 256
}

extension NormalizeStage {
    /// What the batch's head IDs sent as JSON numbers say of the sender's number type (`JSONNumberID.judgeFile`):
    /// judged over the file before its records are normalized. Undecided for a file that sent no ID as a number.
    /// Only JSON and NDJSON files write number tokens: a CSV or XML batch is not scanned.
    func idsSentAsNumbers(_ batch: StagedBatch, source: SourceConfig, plan: FieldPlan) throws -> JSONNumberID.FileVerdict {
        guard source.format == "json" || source.format == "ndjson",
              let field = plan.sourceField(for: "head_id") else { return .undecided }
        return JSONNumberID.judgeFile(try staging.numberValues(batchID: batch.batchID, field: field))
    }
}
