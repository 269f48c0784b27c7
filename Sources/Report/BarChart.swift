/// A horizontal bar chart in inline SVG: one row per item, its series side by side (grouped) or end to end
/// (stacked), a value at the end of each bar and a light value axis below.
struct BarChart {
    struct Row {
        var label: String
        /// Shown after the label in grey, e.g. the place of a compound; dropped first when space runs out.
        var detail: String? = nil
        /// One value per series.
        var values: [Int]
    }

    enum Layout { case grouped, stacked }

    var caption: String
    var series: [ChartSeries]
    var rows: [Row]
    var layout: Layout = .stacked
    var width: Double = 900

    private let fontSize = 12.0

    func svg() -> String {
        let labelTexts = rows.map { row in row.detail.map { "\(row.label) \($0)" } ?? row.label }
        let labelWidth = min(280, max(60, (labelTexts.map { SVGText.width($0) }.max() ?? 0) + 14))
        let valueWidth = 58.0
        let plotX = labelWidth
        let plotWidth = width - labelWidth - valueWidth
        let barHeight = layout == .grouped ? 11.0 : 18.0
        let rowGap = layout == .grouped ? 10.0 : 6.0
        let band = layout == .grouped ? Double(series.count) * barHeight : barHeight
        let rowHeight = band + rowGap
        let top = 4.0
        let plotBottom = top + Double(rows.count) * rowHeight
        let height = plotBottom + 22
        let totals = rows.map { layout == .grouped ? ($0.values.max() ?? 0) : $0.values.reduce(0, +) }
        let scale = NiceScale(maxValue: totals.max() ?? 0)
        func x(_ value: Int) -> Double { plotX + plotWidth * Double(value) / Double(scale.top) }
        func c(_ value: Double) -> String { Format.coordinate(value) }

        var out = "<svg class=\"chart\" viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" "
            + "role=\"img\" aria-label=\"\(HTML.escape(caption))\" font-size=\"\(c(fontSize))\">"
        out += "<title>\(HTML.escape(caption))</title>"
        for tick in scale.ticks {
            let tx = c(x(tick))
            out += "<line x1=\"\(tx)\" y1=\"\(c(top))\" x2=\"\(tx)\" y2=\"\(c(plotBottom))\" stroke=\"#e2e8f0\"/>"
            out += "<text x=\"\(tx)\" y=\"\(c(plotBottom + 15))\" text-anchor=\"middle\" fill=\"#718096\" font-size=\"10\">\(Format.count(tick))</text>"
        }
        out += "<line x1=\"\(c(plotX))\" y1=\"\(c(top))\" x2=\"\(c(plotX))\" y2=\"\(c(plotBottom))\" stroke=\"#a0aec0\"/>"

        for (index, row) in rows.enumerated() {
            let y0 = top + Double(index) * rowHeight + rowGap / 2
            out += label(row, x: labelWidth - 8, y: y0 + band / 2, maxWidth: labelWidth - 12)
            switch layout {
            case .grouped:
                for (position, item) in series.enumerated() {
                    let value = position < row.values.count ? row.values[position] : 0
                    let y = y0 + Double(position) * barHeight
                    out += bar(x: plotX, y: y, width: barWidth(value, x), height: barHeight - 1.5, color: item.color,
                               tooltip: "\(row.label) · \(item.name): \(Format.count(value))")
                    out += valueText(value, x: x(value) + 4, y: y + (barHeight - 1.5) / 2, size: 10)
                }
            case .stacked:
                var sum = 0
                for (position, item) in series.enumerated() {
                    let value = position < row.values.count ? row.values[position] : 0
                    guard value > 0 else { continue }
                    out += bar(x: x(sum), y: y0, width: barWidth(value, x), height: barHeight, color: item.color,
                               tooltip: "\(row.label) · \(item.name): \(Format.count(value))")
                    sum += value
                }
                out += valueText(sum, x: x(sum) + 4, y: y0 + barHeight / 2, size: 11)
            }
        }
        return out + "</svg>"
    }

    /// At least one pixel for any value above zero, so a small count stays visible next to a large one.
    private func barWidth(_ value: Int, _ x: (Int) -> Double) -> Double {
        value > 0 ? max(1.5, x(value) - x(0)) : 0
    }

    private func bar(x: Double, y: Double, width: Double, height: Double, color: String, tooltip: String) -> String {
        guard width > 0 else { return "" }
        return "<rect x=\"\(Format.coordinate(x))\" y=\"\(Format.coordinate(y))\" width=\"\(Format.coordinate(width))\" "
            + "height=\"\(Format.coordinate(height))\" fill=\"\(HTML.escape(color))\"><title>\(HTML.escape(tooltip))</title></rect>"
    }

    private func valueText(_ value: Int, x: Double, y: Double, size: Double) -> String {
        "<text x=\"\(Format.coordinate(x))\" y=\"\(Format.coordinate(y))\" dy=\"0.35em\" font-size=\"\(Format.coordinate(size))\" "
            + "fill=\"#2d3748\">\(Format.count(value))</text>"
    }

    private func label(_ row: Row, x: Double, y: Double, maxWidth: Double) -> String {
        let main = SVGText.fit(row.label, maxWidth: maxWidth, fontSize: fontSize)
        var text = HTML.escape(main)
        if let detail = row.detail, main == row.label {
            let room = maxWidth - SVGText.width(main + " ", fontSize: fontSize)
            let fitted = SVGText.fit(detail, maxWidth: room, fontSize: 11)
            if !fitted.isEmpty { text += "<tspan fill=\"#718096\" font-size=\"11\"> \(HTML.escape(fitted))</tspan>" }
        }
        let full = row.detail.map { "\(row.label) \($0)" } ?? row.label
        return "<text x=\"\(Format.coordinate(x))\" y=\"\(Format.coordinate(y))\" dy=\"0.35em\" text-anchor=\"end\" "
            + "fill=\"#1a202c\"><title>\(HTML.escape(full))</title>\(text)</text>"
    }
}
