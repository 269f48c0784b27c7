import Foundation
import RongtongConfig
import RongtongStaging

/// Turns one row of the housing department's compound list or renovation project library into a
/// `CompoundCandidate`: name and phase, region, area type, built year, progress, investment, dates, status.
///
/// A row without a compound name cannot load (`no_compound_name`, error); unparseable values are warnings.
public final class CompoundNormalizer {
    public let plan: FieldPlan
    private let source: SourceConfig
    private let locations: LocationResolver
    private let areaWords: [String: String]

    public init(source: SourceConfig, plan: FieldPlan, directory: RegionDirectory, addresses: AddressParser) {
        self.source = source
        self.plan = plan
        locations = LocationResolver(source: source, plan: plan, directory: directory, addresses: addresses)
        areaWords = source.vocabularies["area_type"] ?? [:]
    }

    public func normalize(_ record: StagedRecord, batchID: String) -> (CompoundCandidate?, [NormalizationIssue]) {
        let values = record.values
        var issues: [NormalizationIssue] = []
        func text(_ canonical: String) -> String? { plan.value(canonical, in: values).map { TextCleaning.clean($0.text) } }
        let recordKey = plan.recordKey(in: values, number: record.number)
        let location = locations.resolve(values, issues: &issues)
        guard let written = text("name") ?? location.compound else {
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
        let (name, phase) = CompoundPhase.split(written)
        var c = CompoundCandidate(batchID: batchID, recordNumber: record.number, sourceID: source.name,
                                  recordKey: recordKey, name: name)
        c.phase = phase
        c.regionCode = location.regionCode
        c.address = location.address.map { $0.replacingOccurrences(of: TextCleaning.clean(written), with: name) }
        c.scope = text("scope")
        c.content = text("content")
        c.projectID = text("project_id")
        func parse<T>(_ canonical: String, rule: String, what: String, _ parser: (String) -> T?) -> T? {
            guard let (field, written) = plan.value(canonical, in: values) else { return nil }
            if let value = parser(written) { return value }
            issues.append(NormalizationIssue(field: field, rule: rule, severity: .warning, value: written,
                                             message: "\"\(written)\" is not \(what)"))
            return nil
        }
        c.areaType = parse("area_type", rule: "unknown_area_type", what: "a known area type (老旧小区, 棚户区, 城乡结合部 …)") {
            AreaType.parse($0, extra: areaWords)?.rawValue
        }
        c.builtYear = parse("built_year", rule: "invalid_year", what: "a plausible year", BuiltYear.parse)
        c.progress = parse("progress", rule: "invalid_progress", what: "a progress (45%, 0.45, 已完工)", Progress.parse)
        // Bare numbers are in the record's own unit field (`总投资/@单位`), else in the unit the source declares
        // (`units: {investment: 万元}`), else in the one its column's name gives (`总投资(万元)`), else in yuan.
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
                return Money.parse(written, column: investmentColumn)
            }
        }
        c.plannedStart = parse("planned_start", rule: "invalid_date", what: "a recognised date") { CalendarDate.parse($0)?.text }
        c.plannedEnd = parse("planned_end", rule: "invalid_date", what: "a recognised date") { CalendarDate.parse($0)?.text }
        c.projectStatus = parse("status", rule: "unknown_status", what: "a known project status (未开工, 在建, 已完工 …)") {
            ProjectStatus.parse($0)?.rawValue
        } ?? c.progress.map { ProjectStatus.from(progress: $0).rawValue }
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
}
