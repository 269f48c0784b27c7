import Foundation
import RongtongConfig
import RongtongStaging

/// Turns one row of the housing department's compound list or renovation project library into a
/// `CompoundCandidate`: name and phase, region, area type, built year, progress, investment, dates, status.
///
/// A row without a compound name cannot load (`no_compound_name`, error); unparseable values are warnings.
/// A project row covering several compounds (`<小区列表><小区><名称>水口寺小区</名称>…</小区><小区>…</小区></小区列表>`,
/// `name` mapped to `小区列表/小区/名称` or to the group `小区列表/小区`) is read once per compound: the first is the
/// candidate's own, the others are its `alsoCovers`, each placed by the fields mapped inside its own element.
public final class CompoundNormalizer {
    public let plan: FieldPlan
    private let source: SourceConfig
    private let locations: LocationResolver
    private let areaWords: [String: String]
    /// The project number the record before gave (or continued), with that record's number: a row right below it
    /// with the number's cell empty and no project facts of its own is most often a merged cell's continuation.
    private var previousProject: (number: Int, id: String)?
    /// The units a spreadsheet's units row writes under the file's columns (`总投资` over `(万元)` → `万元`): a column's
    /// unit there is read as one in its name would be, for its bare amounts.
    private let columnUnits: [String: String]

    /// `columnUnits`: the units row's units by column name (`HeaderDiagnosis.unitsRowUnits`), empty for none.
    public init(source: SourceConfig, plan: FieldPlan, directory: RegionDirectory, addresses: AddressParser,
                columnUnits: [String: String] = [:]) {
        self.source = source
        self.columnUnits = columnUnits
        self.plan = plan
        locations = LocationResolver(source: source, plan: plan, directory: directory, addresses: addresses)
        areaWords = source.vocabularies["area_type"] ?? [:]
    }

    public func normalize(_ record: StagedRecord, batchID: String) -> (CompoundCandidate?, [NormalizationIssue]) {
        var (candidate, issues) = normalizeCompounds(record, batchID: batchID)
        // A row under a project's row that leaves the project number empty and says nothing of a project
        // (`11,,,七星关区,洪山街道,天河小区,老旧小区,1985,,,,`: the number's cell merged over both rows in Excel) loads
        // its compound without the project: said, naming the number the row above gave.
        if plan.isMapped("project_id"), let candidate {
            if let id = candidate.projectID {
                previousProject = (record.number, id)
            } else if !candidate.hasProject, let previous = previousProject, previous.number == record.number - 1 {
                let field = plan.sourceField(for: "project_id")
                issues.append(NormalizationIssue(field: field, rule: "project_id_missing", severity: .warning, value: nil,
                    message: "\(field ?? "project_id") is empty on this row, right below a row of project \(previous.id) (a merged cell?), and the row gives no project facts of its own: \(candidate.name) is loaded without a project; write the number in every row, or declare fill_down: [\(field ?? "project_id")] on the source if the empty cell means the row above's"))
                previousProject = (record.number, previous.id)
            } else {
                previousProject = nil
            }
        }
        return (candidate, issues)
    }

    private func normalizeCompounds(_ record: StagedRecord, batchID: String) -> (CompoundCandidate?, [NormalizationIssue]) {
        var listIssues: [NormalizationIssue] = []
        guard let members = plan.compoundMembers(in: record.values) ?? listedCompounds(in: record.values, issues: &listIssues) else {
            var (candidate, issues) = normalize(record.values, number: record.number, batchID: batchID, firstCompound: true)
            issues += listIssues
            return (candidate, issues)
        }
        var (first, issues) = normalize(members[0], number: record.number, batchID: batchID, firstCompound: true)
        for values in members.dropFirst() {
            let (other, otherIssues) = normalize(values, number: record.number, batchID: batchID, firstCompound: false)
            // The row's project facts are said once; what differs per compound (its name, its place) is said too.
            issues += otherIssues.filter { issue in
                !issues.contains { $0.rule == issue.rule && $0.field == issue.field && $0.value == issue.value }
            }
            guard let other else { continue }
            if first == nil {
                first = other
            } else if other.name != first?.name, !(first?.alsoCovers.contains { $0.name == other.name } ?? false) {
                // A built year written inside each compound's element is that compound's; one written for the row is
                // its first compound's.
                first?.alsoCovers.append(CoveredCompound(name: other.name, regionCode: other.regionCode, address: other.address,
                    builtYear: plan.isMappedPerCompound("built_year") ? other.builtYear : nil, formerNames: other.formerNames))
            }
        }
        return (first, issues)
    }

    /// The row once per compound its name cell lists (`测云杉小区、测白桦花园`, `CompoundList`): the values with the
    /// cell holding one compound each, in the cell's order; nil when the cell names one compound. A cell whose list
    /// separator parts no compound names (`幸福小区1栋、2栋`) is kept whole, with a `compound_list_kept_whole` warning.
    private func listedCompounds(in values: [String?], issues: inout [NormalizationIssue]) -> [[String?]]? {
        guard let slot = (plan.fieldSlots(for: "name") + plan.fieldSlots(for: "compound")).first(where: { values[$0].map { !TextCleaning.clean($0).isEmpty } ?? false }),
              let written = values[slot].map(TextCleaning.clean), !written.hasPrefix("[") else { return nil }
        switch CompoundList.split(written) {
        case .one:
            return nil
        case .several(let names):
            return names.map { name in
                var member = values
                member[slot] = name
                return member
            }
        case .keptWhole(let separator):
            issues.append(NormalizationIssue(field: plan.sourceFields[slot], rule: "compound_list_kept_whole", severity: .warning,
                value: written, message: "\"\(written)\" holds \"\(separator)\" but its parts are not each a compound's name (a phase or a building alone?): it is read as one compound's name; write one compound per cell, or the compounds' full names apart by 、"))
            return nil
        }
    }

    /// One compound of the row: the row's own, or (`firstCompound` false) another its project covers, whose former
    /// names come from its brackets, and from `former_names` only when that is mapped inside its own element.
    private func normalize(_ values: [String?], number: Int, batchID: String,
                           firstCompound: Bool) -> (CompoundCandidate?, [NormalizationIssue]) {
        let record = (values: values, number: number)
        var issues: [NormalizationIssue] = []
        func text(_ canonical: String) -> String? { plan.value(canonical, in: values).map { TextCleaning.clean($0.text) } }
        let recordKey = plan.recordKey(in: values, number: record.number)
        // The row's name is its compound: its address names it, and a township or community written in front of it
        // (松桃路社区金竹花园) places the row there and is not part of the name (`LocationResolver.withoutDivisions`).
        let location = locations.resolve(values, compoundName: text("name"), issues: &issues)
        guard let written = location.compound else {
            issues.append(NormalizationIssue(field: plan.sourceField(for: "name") ?? plan.sourceField(for: "compound"),
                rule: "no_compound_name", severity: .error, value: nil, message: "the row names no compound"))
            return (nil, issues)
        }
        if CompoundPhase.isPhaseOnly(written) {
            issues.append(NormalizationIssue(field: plan.sourceField(for: "name") ?? plan.sourceField(for: "compound"),
                rule: "no_compound_name", severity: .error, value: written,
                message: "\"\(written)\" is a phase alone; the row names no compound"))
            return (nil, issues)
        }
        // A renamed compound written with its other name in brackets (`金叶苑（原烟草局宿舍）`): its present name, and
        // the former one kept as its alias.
        let renamed = CompoundRename.split(written)
        let (name, phase) = CompoundPhase.split(renamed.name)
        var c = CompoundCandidate(batchID: batchID, recordNumber: record.number, sourceID: source.name,
                                  recordKey: recordKey, name: name)
        // Its former names: the bracket's, and those a column of their own lists (曾用名: `纺织厂宿舍、棉纺厂宿舍`), which
        // a row's other compounds share only when it is mapped inside their own elements.
        let column = firstCompound || plan.isMappedPerCompound("former_names") ? plan.values("former_names", in: values)?.texts : nil
        c.formerNames = CompoundRename.formerNames(in: (renamed.formerName.map { [$0] } ?? []) + (column ?? []), present: name)
        c.phase = phase
        c.regionCode = location.regionCode
        c.address = location.address.map { $0.replacingOccurrences(of: TextCleaning.clean(written), with: name) }
        c.scope = text("scope")
        // A list of works (`<改造内容><项>路灯改造</项><项>消防设施</项></改造内容>`) keeps every item, joined with 、
        // as the office sheets write them (路灯改造、消防设施).
        if let items = plan.values("content", in: values)?.texts {
            var kept: [String] = []
            for item in items.map(TextCleaning.clean) where !item.isEmpty && !kept.contains(item) { kept.append(item) }
            c.content = kept.isEmpty ? nil : kept.joined(separator: "、")
        }
        c.projectID = text("project_id")
        // A project fact written more than once in the record (two <进度> elements): the first is taken, and said.
        for canonical in ["project_id", "scope", "progress", "investment", "planned_start", "planned_end", "status"] {
            if let (field, count) = plan.repeatedValueCount(canonical, in: values) {
                issues.append(NormalizationIssue(field: field, rule: "several_values",
                    severity: .warning, value: nil,
                    message: "the record holds \(count) different values for \(canonical) (a repeated element); the first is taken"))
            }
        }
        func parse<T>(_ canonical: String, rule: String, what: String, _ parser: (String) -> T?) -> T? {
            guard let (field, written) = plan.value(canonical, in: values) else { return nil }
            if let value = parser(written) { return value }
            issues.append(NormalizationIssue(field: field, rule: rule, severity: .warning, value: written,
                                             message: "\"\(written)\" is not \(what)"))
            return nil
        }
        c.areaType = areaType(values, issues: &issues)
        c.builtYear = parse("built_year", rule: "invalid_year", what: "a plausible year", BuiltYear.parse)
        // A progress field holding a status phrase (计划2025年实施, 在建, 已完工): the status, and the progress it
        // implies (0 not started, 1 completed), as the status field would give them.
        var statusInProgress: ProjectStatus?
        // A column that says its numbers are percentages (`完成进度（%）`, or `(%)` in a units row under it): a bare `1`
        // there is 1%, not a finished project.
        let inPercent = plan.value("progress", in: values).map { written in
            Progress.declaresPercent(written.field) || columnUnits[written.field].map(Progress.declaresPercent) ?? false
        } ?? false
        if let (_, written) = plan.value("progress", in: values), Progress.parse(written, inPercent: inPercent) == nil,
           let status = ProjectStatus.parse(written), status != .unknown {
            statusInProgress = status
            c.progress = status == .not_started ? 0 : (status == .completed ? 1 : nil)
        } else {
            c.progress = parse("progress", rule: "invalid_progress", what: "a progress (45%, 0.45, 四成, 已完工)") {
                Progress.parse($0, inPercent: inPercent)
            }
            c.progressIsApproximate = c.progress != nil && plan.value("progress", in: values).map { Progress.isApproximate($0.text) } ?? false
            // `0.45` under `完成进度（%）` is 0.45%, as the column says, but most likely Excel's fraction for 45%: kept
            // as read, and said, so that an analyst can ask which it is.
            if inPercent, c.progress != nil, let (field, written) = plan.value("progress", in: values),
               Progress.looksLikeFraction(written) {
                let shown = TextCleaning.clean(written)
                let asFraction = Progress.parse(written).map { String(format: "%g", ($0 * 1000).rounded() / 10) } ?? shown
                issues.append(NormalizationIssue(field: field, rule: "progress_fraction_in_percent_column", severity: .warning,
                    value: written,
                    message: "\"\(shown)\" is read as \(shown)%, as the column says its numbers are percentages; if it is a fraction as Excel writes one, it is \(asFraction)%: ask which it is"))
            }
        }
        // Bare numbers are in the record's own unit field (`总投资/@单位`), else in the unit the source declares
        // (`units: {investment: 万元}`), else in the one its column's name gives (`总投资(万元)`), else in the one a
        // units row writes under its column (`,,,(万元)`), else in yuan.
        // The column the amount came from (the first of `investment: [投资额（亿元）, 总投资（万元）]` that has one).
        let investmentColumn = plan.value("investment", in: values)?.field ?? plan.sourceField(for: "investment")
        let recordUnit = plan.value("investment_unit", in: values)
        if let (unitField, unit) = recordUnit, !Money.isUnit(unit) {
            if let (_, written) = plan.value("investment", in: values) {
                issues.append(NormalizationIssue(field: unitField, rule: "invalid_money", severity: .warning, value: unit,
                    message: "\"\(unit)\" is not a money unit (\(MoneyUnit.usual.joined(separator: ", "))); the amount \"\(written)\" is left empty"))
            }
        } else {
            let declaredUnit = recordUnit?.text ?? source.units["investment"]
            c.investmentYuan = parse("investment", rule: "invalid_money", what: "an amount (123.4万, 1.2亿, 560.00)") { written in
                if let declaredUnit { return Money.parse(written, unit: declaredUnit) }
                if let investmentColumn, !Money.namesItsUnit(investmentColumn),
                   let unit = columnUnits[investmentColumn], Money.isUnit(unit) {
                    return Money.parse(written, unit: unit)
                }
                return Money.parse(written, column: investmentColumn)
            }
        }
        // A day, a month (its first day for a start, its last for an end) or a period in one cell (2023.03-2024.06).
        let start = plan.value("planned_start", in: values), end = plan.value("planned_end", in: values)
        c.plannedStart = start.flatMap { ProjectPeriod.date($0.text, end: .start) }
        c.plannedEnd = end.flatMap { ProjectPeriod.date($0.text, end: .finish) }
        issues += unreadDates([("planned_start", start, c.plannedStart), ("planned_end", end, c.plannedEnd)])
        c.projectStatus = parse("status", rule: "unknown_status", what: "a known project status (未开工, 在建, 已完工 …)") {
            ProjectStatus.parse($0)?.rawValue
        } ?? statusInProgress?.rawValue ?? c.progress.map { ProjectStatus.from(progress: $0).rawValue }
        // 在建 at 100%, or 已完工 at 30%: the status word is kept, and the disagreement is said.
        if let status = c.projectStatus.flatMap(ProjectStatus.init(rawValue:)), let progress = c.progress,
           let (field, written) = plan.value("status", in: values) {
            let implied = ProjectStatus.from(progress: progress)
            if status != .unknown, implied != .unknown, (status == .completed) != (implied == .completed) {
                issues.append(NormalizationIssue(field: field, rule: "status_conflicts_with_progress", severity: .warning,
                    value: written, message: "says \(status.rawValue) but the progress is \(Int((progress * 100).rounded()))%; the status is kept"))
            }
        }
        return (c, issues)
    }

    /// An `invalid_date` warning per cell that a planned date was not read from, naming the fields left empty: one
    /// construction-period cell feeding both ends (`planned_start: 建设周期`, `planned_end: 建设周期`) that reads as
    /// neither (`2023年上半年`) is one warning for both, not the same line twice.
    private func unreadDates(_ dates: [(canonical: String, written: (field: String, text: String)?, read: String?)]) -> [NormalizationIssue] {
        var cells: [(field: String, text: String, fields: [String])] = []
        for date in dates where date.read == nil {
            guard let written = date.written else { continue }
            if let same = cells.firstIndex(where: { $0.field == written.field && $0.text == written.text }) {
                cells[same].fields.append(date.canonical)
            } else {
                cells.append((written.field, written.text, [date.canonical]))
            }
        }
        return cells.map { cell in
            NormalizationIssue(field: cell.field, rule: "invalid_date", severity: .warning, value: cell.text,
                message: "\"\(cell.text)\" is not a recognised date, month or period; \(cell.fields.joined(separator: " and ")) \(cell.fields.count == 1 ? "is" : "are") left empty")
        }
    }

    /// The row's area type, from the columns feeding `area_type` in mapping order: a column of words (`类型`:
    /// `老旧小区`) gives the type its word names; a column whose own name names a type and whose cell is a yes/no word
    /// (`是否棚户区`: `是`, `√`, `1`; `否`, `×`, `0`) gives that type for yes and says nothing for no. The first column
    /// that says something decides, as for any field: a word naming no type is `unknown_area_type` (warning) and
    /// leaves the type empty. Later columns giving another type (two yes columns) are a `several_values` warning.
    private func areaType(_ values: [String?], issues: inout [NormalizationIssue]) -> String? {
        var said: [(field: String, text: String, type: AreaType?)] = []
        for slot in plan.fieldSlots(for: "area_type") {
            guard var written = values[slot].map(TextCleaning.clean), !written.isEmpty else { continue }
            if FieldPlan.isEmptyContainer(written) { continue }
            // A repeated element (two <类型>): its first value, as for any field holding one value.
            if written.hasPrefix("["), let first = FieldPlan.repeatedValues(written)?.first { written = TextCleaning.clean(first) }
            let field = plan.sourceFields[slot]
            // A whole word of the source's vocabulary (`是: old_compound`) is read as a word, whatever the column.
            if !VocabularyParsing.isWholeWord(written, extra: areaWords, builtIn: AreaType.matcher),
               let named = AreaType.named(byColumn: field, extra: areaWords), let yes = Vocabulary.builtInFlag(written) {
                if yes { said.append((field, written, named)) }
            } else if !written.isEmpty {
                said.append((field, written, AreaType.parse(written, extra: areaWords)))
            }
        }
        guard let first = said.first else { return nil }
        guard let type = first.type else {
            issues.append(NormalizationIssue(field: first.field, rule: "unknown_area_type", severity: .warning,
                value: first.text, message: "\"\(first.text)\" is not a known area type (老旧小区, 棚户区, 城乡结合部 …)"))
            return nil
        }
        var differing: [(field: String, type: AreaType)] = [(first.field, type)]
        for other in said.dropFirst() {
            if let otherType = other.type, !differing.contains(where: { $0.type == otherType }) { differing.append((other.field, otherType)) }
        }
        if differing.count > 1 {
            issues.append(NormalizationIssue(field: first.field, rule: "several_values", severity: .warning,
                value: differing.map(\.field).joined(separator: ", "),
                message: "the record holds \(differing.count) different values for area_type (\(differing.map { "\($0.field): \($0.type.rawValue)" }.joined(separator: ", "))); the first is taken, \(type.rawValue): list the column that should win first under fields: area_type"))
        }
        return type.rawValue
    }
}
