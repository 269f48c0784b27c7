/// A line chart in inline SVG: one line per series over evenly spaced points (runs), a dot and tooltip per point.
/// A nil value is unknown: the line breaks there instead of dropping to zero.
struct LineChart {
    struct Line {
        var series: ChartSeries
        var values: [Int?]
        var dashed = false
    }

    var caption: String
    var xLabels: [String]
    var lines: [Line]
    var width: Double = 900
    var height: Double = 260

    func svg() -> String {
        func c(_ value: Double) -> String { Format.coordinate(value) }
        let maxValue = lines.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let scale = NiceScale(maxValue: maxValue)
        let left = max(28, (scale.ticks.map { SVGText.width(Format.count($0), fontSize: 10) }.max() ?? 0) + 12)
        let right = 18.0, top = 10.0, bottom = 30.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let count = xLabels.count
        func x(_ index: Int) -> Double {
            count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(count - 1)
        }
        func y(_ value: Int) -> Double { top + plotHeight * (1 - Double(value) / Double(scale.top)) }

        var out = "<svg class=\"chart\" viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" "
            + "role=\"img\" aria-label=\"\(HTML.escape(caption))\" font-size=\"10\">"
        out += "<title>\(HTML.escape(caption))</title>"
        for tick in scale.ticks {
            let ty = c(y(tick))
            out += "<line x1=\"\(c(left))\" y1=\"\(ty)\" x2=\"\(c(width - right))\" y2=\"\(ty)\" stroke=\"#e2e8f0\"/>"
            out += "<text x=\"\(c(left - 6))\" y=\"\(ty)\" dy=\"0.35em\" text-anchor=\"end\" fill=\"#718096\">\(Format.count(tick))</text>"
        }
        let labelStep = max(1, (count + 11) / 12)
        for (index, label) in xLabels.enumerated() where index % labelStep == 0 || index == count - 1 {
            out += "<text x=\"\(c(x(index)))\" y=\"\(c(height - bottom + 16))\" text-anchor=\"middle\" fill=\"#4a5568\">\(HTML.escape(label))</text>"
        }
        out += "<line x1=\"\(c(left))\" y1=\"\(c(top + plotHeight))\" x2=\"\(c(width - right))\" y2=\"\(c(top + plotHeight))\" stroke=\"#a0aec0\"/>"
        for line in lines {
            let color = HTML.escape(line.series.color)
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            // Consecutive known points form one segment; an unknown value ends it.
            var segment: [String] = []
            func flush() {
                if segment.count > 1 {
                    out += "<polyline points=\"\(segment.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" "
                        + "stroke-width=\"2\" stroke-linejoin=\"round\"\(dash)/>"
                }
                segment = []
            }
            for (index, value) in line.values.prefix(count).enumerated() {
                guard let value else { flush(); continue }
                segment.append("\(c(x(index))),\(c(y(value)))")
            }
            flush()
            for (index, value) in line.values.prefix(count).enumerated() {
                guard let value else { continue }
                out += "<circle cx=\"\(c(x(index)))\" cy=\"\(c(y(value)))\" r=\"\(line.dashed ? "2.5" : "3.5")\" fill=\"\(color)\">"
                    + "<title>\(HTML.escape("\(line.series.name) · \(xLabels[index]): \(Format.count(value))"))</title></circle>"
            }
        }
        return out + "</svg>"
    }
}
