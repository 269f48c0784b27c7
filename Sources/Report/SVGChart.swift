import Foundation

/// What charts share: series and colours, the value axis, label measuring and the legend.
///
/// Charts are plain inline SVG written here by hand: no script, no font, no external file.
struct ChartSeries {
    var name: String
    var color: String
}

enum ChartPalette {
    /// Colours for series without a meaning of their own (one per source), distinct in colour and in print.
    static let categorical = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948",
                              "#9c755f", "#ff9da7", "#bab0ac"]
    static let read = "#9fb3c8"
    static let loaded = "#2f855a"
    static let rejected = "#c53030"
    static let error = "#c53030"
    static let warning = "#dd9b2b"
    static let neutral = "#4e79a7"
    static let total = "#2d3748"
    /// The five special-difficulty flags.
    static let flags = ["#4e79a7", "#e15759", "#f28e2b", "#76b7b2", "#b07aa1"]

    static func categorical(_ index: Int) -> String { categorical[index % categorical.count] }
}

/// A value axis from 0 to a round top with 1-2-5 steps, about five ticks.
struct NiceScale {
    let step: Int
    let top: Int

    init(maxValue: Int, ticks: Int = 5) {
        guard maxValue > 0 else { step = 1; top = 1; return }
        let raw = Double(maxValue) / Double(ticks)
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        step = max(1, Int(nice * magnitude))
        top = Int((Double(maxValue) / Double(step)).rounded(.up)) * step
    }

    var ticks: [Int] { Array(stride(from: 0, through: top, by: step)) }
}

/// Text measuring without a font: CJK characters take about 1 em, Latin letters and digits about 0.6 em.
enum SVGText {
    static func width(_ text: String, fontSize: Double = 12) -> Double {
        text.unicodeScalars.reduce(0) { sum, scalar in
            sum + fontSize * (scalar.value >= 0x2E80 ? 1.0 : scalar.properties.isUppercase ? 0.68 : 0.58)
        }
    }

    /// The text, cut and ended with "…" so that it fits `maxWidth`.
    static func fit(_ text: String, maxWidth: Double, fontSize: Double = 12) -> String {
        guard width(text, fontSize: fontSize) > maxWidth else { return text }
        var characters = Array(text)
        while !characters.isEmpty && width(String(characters) + "…", fontSize: fontSize) > maxWidth {
            characters.removeLast()
        }
        return characters.isEmpty ? "" : String(characters) + "…"
    }
}

enum ChartLegend {
    /// An HTML legend: a small square of each series' colour (SVG, so that it prints) and its name.
    static func html(_ series: [ChartSeries]) -> String {
        let items = series.map { item in
            "<li><svg width=\"11\" height=\"11\" aria-hidden=\"true\"><rect width=\"11\" height=\"11\" rx=\"2\" fill=\"\(HTML.escape(item.color))\"/></svg>\(HTML.escape(item.name))</li>"
        }
        return "<ul class=\"legend\">\(items.joined())</ul>"
    }
}
