/// The reference of formats and options, generated from the declarations (docs/formats.md is this text).
public enum FormatCatalogue {
    public static func markdown() -> String {
        var text = "# Input formats\n\n"
        text += "Generated from the extractors' own declarations (`rongtong formats`); a test fails when this file is stale.\n"
        text += "Options go under a source's `options:` (`encoding` may also be given beside `format`).\n\n"
        text += "## Options every format accepts\n\n" + table(FormatRegistry.commonOptions)
        for spec in FormatRegistry.all {
            text += "\n## `\(spec.name)`\n\n\(spec.summary)\n\n"
            text += spec.options.isEmpty ? "No options of its own.\n" : table(spec.options)
        }
        return text
    }

    static func table(_ options: [OptionSpec]) -> String {
        var text = "| option | type | default | meaning |\n|---|---|---|---|\n"
        for option in options {
            let value = option.defaultValue.map { $0.isEmpty ? "(empty)" : "`\($0)`" } ?? "(none)"
            let shown = value.replacingOccurrences(of: "|", with: "\\|")
            text += "| `\(option.name)` | \(option.typeName.replacingOccurrences(of: "|", with: " \\| ")) | \(shown) | \(option.doc) |\n"
        }
        return text
    }
}
