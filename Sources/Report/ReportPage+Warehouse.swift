/// The sections about what the warehouse holds: unification, special-difficulty households, facility gaps.
extension ReportPage {
    /// How many gap rows the table lists before it says how many more there are.
    static let facilityGapRows = 200

    func unificationSection() -> String {
        let id = "unification", chinese = "融合程度", english = "Households by number of contributing feeds"
        let households = data.feedBuckets.reduce(0) { $0 + $1.households }
        guard households > 0 else { return section(id: id, chinese: chinese, english: english, empty(Self.noDataYet)) }
        let unified = data.feedBuckets.filter { $0.feeds > 1 }.reduce(0) { $0 + $1.households }
        let share = Format.share(unified, of: households)
        var body = """
            <p class="lead">共 <b>\(Format.count(households))</b> 户，其中 <b>\(Format.count(unified))</b> 户（\(share)）由 2 个及以上数据源的记录合并而成。<br>
            \(Format.count(households)) households; \(Format.count(unified)) (\(share)) unify the records of 2 or more feeds.</p>
            """
        let series = [ChartSeries(name: "户数 households", color: ChartPalette.neutral)]
        let chart = BarChart(caption: "Households by number of contributing feeds", series: series,
                             rows: data.feedBuckets.map { bucket in
                                 .init(label: "\(bucket.feeds) 个数据源 \(bucket.feeds) feed\(bucket.feeds == 1 ? "" : "s")",
                                       detail: Format.share(bucket.households, of: households), values: [bucket.households])
                             })
        body += figure(chart.svg())
        body += "<p class=\"note\">按 <code>household_source</code> 中每户的不同数据源数统计 Counted as distinct sources per household in <code>household_source</code>.</p>"
        return section(id: id, chinese: chinese, english: english, body)
    }

    func specialDifficultySection() -> String {
        let id = "special", chinese = "特殊困难群体", english = "Special-difficulty households per compound (top 20)"
        guard !data.specialDifficulty.isEmpty else {
            return section(id: id, chinese: chinese, english: english, empty(Self.noDataYet))
        }
        let series = Labels.specialFlags.enumerated().map { ChartSeries(name: $0.element, color: ChartPalette.flags[$0.offset]) }
        let chart = BarChart(caption: "Special-difficulty households per compound, top \(data.specialDifficulty.count)",
                             series: series,
                             rows: data.specialDifficulty.map { .init(label: $0.name, detail: $0.place, values: $0.flags) })
        let body = """
            <p class="note">按标志计数：一户有两个标志计两次。Counted per flag: a household with two flags counts twice.</p>
            \(figure(legend: series, chart.svg()))
            """
        return section(id: id, chinese: chinese, english: english, body)
    }

    func facilityGapSection() -> String {
        let id = "facilities", chinese = "基础设施缺口", english = "Compounds lacking basic facility types"
        guard !data.facilityGaps.isEmpty else {
            let text = data.compoundsInSummary > 0
                ? "每个小区都有全部基础设施类型 — every compound has every basic facility type" : Self.noDataYet
            return section(id: id, chinese: chinese, english: english, empty(text))
        }
        let lacking = data.facilityGaps.count
        var body = """
            <p class="lead">\(Format.count(data.compoundsInSummary)) 个小区中有 <b>\(Format.count(lacking))</b> 个缺少至少一类基础设施。<br>
            \(Format.count(lacking)) of \(Format.count(data.compoundsInSummary)) compounds lack at least one basic facility type.</p>
            <p class="note">基础设施类型 Basic types: \(Labels.basicFacilityTypes.map { HTML.escape(Labels.facilityType($0)) }.joined(separator: "、"))</p>
            """
        let series = [ChartSeries(name: "缺少该类型的小区 compounds lacking the type", color: ChartPalette.warning)]
        let chart = BarChart(caption: "Compounds lacking each basic facility type", series: series,
                             rows: data.missingByType.map { .init(label: Labels.facilityType($0.type), values: [$0.compounds]) })
        body += figure(chart.svg())

        var rows: [String] = []
        var currentArea: String?? = .none
        let areaCounts = Dictionary(grouping: data.facilityGaps, by: \.areaType).mapValues(\.count)
        for gap in data.facilityGaps.prefix(Self.facilityGapRows) {
            if currentArea != .some(gap.areaType) {
                currentArea = .some(gap.areaType)
                let inArea = areaCounts[gap.areaType] ?? 0
                rows.append("<tr class=\"group\"><th colspan=\"4\">\(HTML.escape(Labels.areaType(gap.areaType))) · \(Format.count(inArea))</th></tr>")
            }
            let missing = Set(gap.missingTypes) == Set(Labels.basicFacilityTypes)
                ? "全部 \(gap.missingTypes.count) 类 all \(gap.missingTypes.count) basic types"
                : gap.missingTypes.map { HTML.escape(Labels.facilityType($0)) }.joined(separator: "、")
            rows.append("<tr><td>\(HTML.escape(gap.name))</td><td>\(HTML.escape(gap.place ?? "–"))</td>"
                        + "<td class=\"num\">\(gap.gapCount)</td><td>\(missing)</td></tr>")
        }
        body += """
            <table><thead><tr><th>小区 Compound</th><th>地区 Place</th><th class="num">缺口 Gaps</th><th>缺少的基础设施 Missing basic types</th></tr></thead>
            <tbody>\(rows.joined(separator: "\n"))</tbody></table>
            """
        if lacking > Self.facilityGapRows {
            body += "<p class=\"note\">另有 \(Format.count(lacking - Self.facilityGapRows)) 个小区未列出 \(Format.count(lacking - Self.facilityGapRows)) more compounds not listed; see <code>ads_compound_facility_gaps</code>.</p>"
        }
        body += "<p class=\"note\">按小区类型、缺口数排序（未分类在后）。Sorted by area type (unclassified last), then gap count.</p>"
        return section(id: id, chinese: chinese, english: english, body)
    }
}
