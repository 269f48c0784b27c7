/// The sections about run records: tonight's run, its rejects, and the trend over the last runs.
extension ReportPage {
    func tonightSection() -> String {
        let id = "tonight", chinese = "今晚运行", english = "Tonight's run"
        guard let run = data.latestRun else { return section(id: id, chinese: chinese, english: english, empty(Self.noRunsYet)) }
        let duration = run.duration.map(Format.duration) ?? (run.finishedAt == nil && run.status == "running" ? "进行中 still running" : "–")
        var body = """
            <p class="runline"><span class="badge \(HTML.escape(run.status))">\(HTML.escape(Labels.runStatus(run.status)))</span>
            第 \(run.runID) 次运行 run #\(run.runID) · 开始 started \(HTML.escape(run.startedAt)) · 用时 duration \(HTML.escape(duration))
            · 阶段 stages \(HTML.escape(run.stages.replacingOccurrences(of: ",", with: ", ")))</p>
            <div class="figures">
            <div><b>\(Format.count(run.rowsRead))</b><span>读取 records read</span></div>
            <div><b>\(Format.count(run.rowsLoaded))</b><span>入库 loaded</span></div>
            <div><b>\(Format.count(run.rowsRejected))</b><span>拒收 rejected (errors)</span></div>
            <div><b>\(Format.count(data.latestSources.count))</b><span>数据源 feeds with a batch in this run (new or reloaded)</span></div>
            </div>
            """
        if let message = run.message, !message.isEmpty {
            // One line per failed source (`etl_run.message` holds one each).
            body += "<p class=\"message\">\(message.split(separator: "\n").map { HTML.escape(String($0)) }.joined(separator: "<br>"))</p>"
        }
        body += "<h3>各数据源 <span class=\"en\">Per source</span></h3>"
        if data.latestSources.isEmpty {
            body += empty("本次运行没有装载批次（文件未变更时会被跳过） — no batch in this run (unchanged files are skipped)")
        } else {
            let series = [ChartSeries(name: "读取 read", color: ChartPalette.read),
                          ChartSeries(name: "入库 loaded", color: ChartPalette.loaded),
                          ChartSeries(name: "拒收 rejected", color: ChartPalette.rejected)]
            let chart = BarChart(caption: "Run #\(run.runID): records read, loaded and rejected per source",
                                 series: series,
                                 rows: data.latestSources.map { .init(label: $0.sourceID, values: [$0.rowsRead, $0.rowsLoaded, $0.rowsRejected]) },
                                 layout: .grouped)
            body += figure(legend: series, chart.svg())
            body += table(["数据源 Source", "提供方 Owner", "读取 Read", "入库 Loaded", "拒收 Rejected", "状态 Status"],
                          numeric: [2, 3, 4],
                          rows: data.latestSources.map { source in
                              [HTML.escape(source.sourceID), HTML.escape(source.owner ?? "–"), Format.count(source.rowsRead),
                               Format.count(source.rowsLoaded), Format.count(source.rowsRejected),
                               source.status.split(separator: ",").map { HTML.escape(Labels.batchStatus(String($0))) }
                                   .joined(separator: ", ")]
                          })
        }
        if !data.sourcesWithoutBatch.isEmpty {
            body += "<p class=\"note\">本次没有新文件 No new file in this run: "
                + data.sourcesWithoutBatch.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: " ") + "</p>"
        }
        return section(id: id, chinese: chinese, english: english, body)
    }

    func rejectSection() -> String {
        let id = "rejects", chinese = "拒收与警告", english = "Rejects and warnings by rule and source"
        guard let run = data.latestRun else { return section(id: id, chinese: chinese, english: english, empty(Self.noRunsYet)) }
        var body = """
            <p class="note">第 \(run.runID) 次运行。错误：记录未入库；警告：记录已入库，但不含该值。示例中的值与仓库中存储的一致（已脱敏）。<br>
            Run #\(run.runID). Error: the record was not loaded. Warning: the record was loaded without the value.
            Example values are exactly as stored in <code>etl_reject</code> (masked).</p>
            """
        guard !data.latestRejects.isEmpty else {
            return section(id: id, chinese: chinese, english: english,
                           body + empty("本次运行没有拒收或警告 — no rejects or warnings in run #\(run.runID)"))
        }
        let series = [ChartSeries(name: "错误 error", color: ChartPalette.error),
                      ChartSeries(name: "警告 warning", color: ChartPalette.warning)]
        let shown = data.latestRejects.prefix(30)
        let chart = BarChart(caption: "Run #\(run.runID): rejects by rule and source", series: series,
                             rows: shown.map { group in
                                 .init(label: group.rule, detail: group.sourceID,
                                       values: [group.severity == "error" ? group.count : 0,
                                                group.severity == "error" ? 0 : group.count])
                             })
        body += figure(legend: series, chart.svg())
        if data.latestRejects.count > shown.count {
            body += "<p class=\"note\">图中显示前 \(shown.count) 项 The chart shows the first \(shown.count) of \(data.latestRejects.count); the table lists all.</p>"
        }
        body += table(["规则 Rule", "级别 Severity", "数据源 Source", "条数 Count", "示例 Examples"], numeric: [3],
                      rows: data.latestRejects.map { group in
                          ["<code>\(HTML.escape(group.rule))</code>",
                           "<span class=\"sev-\(HTML.escape(group.severity))\">\(HTML.escape(Labels.severity(group.severity)))</span>",
                           HTML.escape(group.sourceID), Format.count(group.count), examples(group.examples)]
                      })
        return section(id: id, chinese: chinese, english: english, body)
    }

    private func examples(_ examples: [ReportData.RejectExample]) -> String {
        let items = examples.map { example -> String in
            var parts: [String] = []
            // The file's name (its folder is the source's): two files' rejects are told apart.
            if let file = example.file {
                parts.append("<span class=\"muted\">\(HTML.escape(String(file.split(separator: "/").last ?? Substring(file))))</span>")
            }
            if let line = example.line { parts.append("<span class=\"muted\">行 line \(line)</span>") }
            else if let record = example.recordNumber { parts.append("<span class=\"muted\">记录 record \(record)</span>") }
            if let field = example.field, !field.isEmpty { parts.append(HTML.escape(field)) }
            if let value = example.value, !value.isEmpty { parts.append("<code>\(HTML.escape(value))</code>") }
            parts.append("<span class=\"muted\">\(HTML.escape(example.message))</span>")
            return "<li>\(parts.joined(separator: " "))</li>"
        }
        return "<ul class=\"examples\">\(items.joined())</ul>"
    }

    func trendSection() -> String {
        let id = "trend", shown = data.recentRuns.count
        let chinese = shown > 0 ? "最近 \(shown) 次运行" : "最近的运行"
        let english = shown == 1 ? "The last run" : shown > 1 ? "The last \(shown) runs" : "The last runs"
        guard !data.recentRuns.isEmpty else { return section(id: id, chinese: chinese, english: english, empty(Self.noRunsYet)) }
        var body = """
            <p class="note">每个数据源每次运行的入库记录数。未变更的文件会被跳过，记为 0；用 --force 重新装载的批次只计入最近一次运行。<br>
            Records loaded per source in each run. Unchanged files are skipped and count 0; a batch reloaded with
            --force counts in its latest run only.</p>
            """
        let labels = data.recentRuns.map { "#\($0.runID)" }
        if data.trend.isEmpty {
            body += empty("这些运行没有装载批次 — no batch was loaded in these runs")
        } else {
            var lines = data.trend.enumerated().map {
                LineChart.Line(series: ChartSeries(name: $0.element.sourceID, color: ChartPalette.categorical($0.offset)),
                               values: $0.element.loadedPerRun)
            }
            if data.trend.count > 1 {
                lines.append(LineChart.Line(series: ChartSeries(name: "合计 total", color: ChartPalette.total),
                                            values: data.recentRuns.map(\.rowsLoaded), dashed: true))
            }
            let chart = LineChart(caption: "Records loaded per source, runs \(labels.first ?? "") to \(labels.last ?? "")",
                                  xLabels: labels, lines: lines)
            body += figure(legend: lines.map(\.series), chart.svg())
            if labels.count == 1 {
                body += "<p class=\"note\">目前只有一次运行，趋势线从第二次运行开始出现。Only one run so far: the lines appear from the second run on.</p>"
            }
        }
        if !data.runsWithSupersededBatches.isEmpty {
            let runs = data.runsWithSupersededBatches.sorted().map { "#\($0)" }.joined(separator: ", ")
            body += "<p class=\"note\">\(runs)：部分批次后来被重新装载，这些运行中缺少的数据源按未知处理（线条中断），合计仍来自 etl_run。<br>"
                + "\(runs): some batches were reloaded later, so sources missing from these runs are unknown there (the line breaks); the total still comes from etl_run.</p>"
        }
        body += table(["运行 Run", "状态 Status", "开始 Started (UTC)", "用时 Duration", "读取 Read", "入库 Loaded", "拒收 Rejected"],
                      numeric: [3, 4, 5, 6],
                      rows: data.recentRuns.reversed().map { run in
                          ["#\(run.runID)",
                           HTML.escape(Labels.runStatus(run.status))
                               + (run.message.map { $0.isEmpty ? "" : "<br><span class=\"muted small\">\($0.split(separator: "\n").map { HTML.escape(String($0)) }.joined(separator: "<br>"))</span>" } ?? ""),
                           HTML.escape(run.startedAt),
                           HTML.escape(run.duration.map(Format.duration) ?? "–"), Format.count(run.rowsRead),
                           Format.count(run.rowsLoaded), Format.count(run.rowsRejected)]
                      })
        return section(id: id, chinese: chinese, english: english, body)
    }
}
