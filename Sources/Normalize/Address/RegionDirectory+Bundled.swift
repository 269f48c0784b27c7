import Foundation

extension RegionDirectory {
    /// The directory built from the reference tables shipped in this module, loaded on first use and then shared.
    ///
    /// ```swift
    /// let parser = AddressParser(directory: try RegionDirectory.bundled())
    /// ```
    public static func bundled() throws -> RegionDirectory {
        try bundledDirectory.get()
    }

    private static let bundledDirectory: Result<RegionDirectory, Error> = Result {
        let divisions = try bundledTable("guizhou_divisions")
        let communities = try bundledTable("guizhou_communities")
        return try RegionDirectory(divisionsCSV: divisions, communitiesCSV: communities)
    }

    private static func bundledTable(_ name: String) throws -> String {
        let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Reference")
            ?? Bundle.module.url(forResource: "Reference/\(name)", withExtension: "csv")
        guard let url else { throw RegionDirectoryError.missingResource("Reference/\(name).csv") }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
