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
        regions += Self.withoutPathPrefixes(try Self.regions(fromCSV: communitiesCSV, file: "guizhou_communities.csv"),
                                            parents: regions)
        self.init(regions: regions)
    }

    /// Communities whose published name spells out the path above them (册亨县's 156 rows:
    /// `贵州省册亨县者楼街道者楼村民委员会`), named as every other community is (`者楼村民委员会`): the text after
    /// their township's name. Otherwise no address could ever name them.
    static func withoutPathPrefixes(_ communities: [Region], parents: [Region]) -> [Region] {
        let names = Dictionary(parents.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        return communities.map { community in
            guard community.name.hasPrefix("贵州省"), let parent = community.parentCode, let township = names[parent],
                  let range = community.name.range(of: township), range.upperBound < community.name.endIndex else {
                return community
            }
            return Region(code: community.code, name: String(community.name[range.upperBound...]), level: community.level,
                          parentCode: community.parentCode)
        }
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
