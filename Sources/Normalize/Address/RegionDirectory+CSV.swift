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

    /// Our own reference tables: no quoting, no embedded commas, so a plain split is exact. Split as UTF-8 bytes:
    /// every command that names a place builds the directory first, and splitting 20,000 rows by Characters
    /// (grapheme breaking on every one) was half of a small run's startup.
    static func regions(fromCSV text: String, file: String) throws -> [Region] {
        let newline = UInt8(ascii: "\n"), comma = UInt8(ascii: ","), carriageReturn = UInt8(ascii: "\r")
        var regions: [Region] = []
        var lineNumber = 0
        for line in text.utf8.split(separator: newline, omittingEmptySubsequences: true) {
            lineNumber += 1
            if lineNumber == 1 && line.starts(with: "code,".utf8) { continue }
            let trimmed = line.last == carriageReturn ? line.dropLast() : line
            let fields = trimmed.split(separator: comma, omittingEmptySubsequences: false)
            guard fields.count == 4, fields[0].count == 12,
                  let level = RegionLevel(rawValue: String(decoding: fields[2], as: UTF8.self)) else {
                throw RegionDirectoryError.malformedRow(file: file, line: lineNumber)
            }
            regions.append(Region(code: String(decoding: fields[0], as: UTF8.self),
                                  name: String(decoding: fields[1], as: UTF8.self), level: level,
                                  parentCode: fields[3].isEmpty ? nil : String(decoding: fields[3], as: UTF8.self)))
        }
        return regions
    }
}
