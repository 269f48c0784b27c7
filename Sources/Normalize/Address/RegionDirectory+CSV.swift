/// Why the reference division tables could not be loaded.
public enum RegionDirectoryError: Error, Equatable, CustomStringConvertible {
    /// The resource is not in the module bundle (a packaging mistake, not a data problem).
    case missingResource(String)
    /// A row of a reference table does not have the `code,name,level,parent_code` shape.
    case malformedRow(file: String, line: Int)

    public var description: String {
        switch self {
        case .missingResource(let name): return "reference table \(name) is not bundled with RongtongNormalize"
        case .malformedRow(let file, let line): return "\(file):\(line): not a code,name,level,parent_code row"
        }
    }
}

extension RegionDirectory {
    /// Builds a directory from the text of the two reference tables (header `code,name,level,parent_code`).
    public convenience init(divisionsCSV: String, communitiesCSV: String) throws {
        var regions = try Self.regions(fromCSV: divisionsCSV, file: "guizhou_divisions.csv")
        regions += try Self.regions(fromCSV: communitiesCSV, file: "guizhou_communities.csv")
        self.init(regions: regions)
    }

    /// Our own reference tables: no quoting, no embedded commas, so a plain split is exact.
    static func regions(fromCSV text: String, file: String) throws -> [Region] {
        var regions: [Region] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            lineNumber += 1
            if lineNumber == 1 && line.hasPrefix("code,") { continue }
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 4, fields[0].count == 12,
                  let level = RegionLevel(rawValue: String(fields[2])) else {
                throw RegionDirectoryError.malformedRow(file: file, line: lineNumber)
            }
            regions.append(Region(code: String(fields[0]), name: String(fields[1]), level: level,
                                  parentCode: fields[3].isEmpty ? nil : String(fields[3])))
        }
        return regions
    }
}
