import RongtongConfig

extension RegionDirectory {
    /// Why a source's `context:` cannot be used (a name or code that fits no Guizhou division, or several),
    /// as `context.county: …`, or nil when every level it gives resolves to exactly one division.
    public func problem(with hint: RegionHint) -> String? {
        contextProblem(with: hint).map { "context.\($0.key): \($0.message)" }
    }

    /// `problem(with:)` with the offending key apart, so that the pipeline file's check can point at its line.
    public func contextProblem(with hint: RegionHint) -> RegionHint.Problem? {
        var parent: String?
        for (key, value, level) in [("prefecture", hint.prefecture, RegionLevel.prefecture),
                                    ("county", hint.county, .county), ("township", hint.township, .township)] {
            guard let value else { continue }
            let digits = TextCleaning.digits(value)
            if digits.count == value.count, [6, 9, 12].contains(digits.count) {
                let code = digits + String(repeating: "0", count: 12 - digits.count)
                guard let region = region(code: code) else { return RegionHint.Problem(key: key, message: "\(value) is not a Guizhou division code") }
                // A code of another level (`prefecture: 520113`, 白云区's) would place every record wrongly.
                guard region.level == level else {
                    return RegionHint.Problem(key: key, message: "\(value) is \(region.name), a \(region.level.rawValue), not a \(level.rawValue); give it as context.\(region.level.rawValue)")
                }
                if let parent, let above = index(ofCode: parent), let here = index(ofCode: code),
                   !isDescendant(here, ofOrSelf: above) {
                    return RegionHint.Problem(key: key, message: "\(value) (\(region.name)) does not lie in \(self.region(code: parent)?.name ?? parent) (\(parent))")
                }
                parent = region.code
                continue
            }
            let matches = regions(named: value, level: level, under: parent)
            if matches.isEmpty {
                guard let parent, let above = region(code: parent) else {
                    return RegionHint.Problem(key: key, message: "\"\(value)\" names no Guizhou \(level.rawValue)")
                }
                // Name the parent, and where a division of that name does lie (碧江区 is in 铜仁市, not 黔南州).
                let elsewhere = regions(named: value, level: level, under: nil).compactMap { found in
                    found.parentCode.flatMap { region(code: $0) }.map { "\(found.name) is in \($0.name) (\(found.code))" }
                }
                return RegionHint.Problem(key: key, message: "\"\(value)\" names no Guizhou \(level.rawValue) under \(above.name) (\(parent))"
                    + (elsewhere.isEmpty ? "" : "; " + elsewhere.joined(separator: ", ")))
            }
            if matches.count > 1 {
                return RegionHint.Problem(key: key, message: "\"\(value)\" fits several divisions (\(matches.map(\.code).joined(separator: ", "))); give the code or the level above")
            }
            parent = matches[0].code
        }
        return nil
    }
}
