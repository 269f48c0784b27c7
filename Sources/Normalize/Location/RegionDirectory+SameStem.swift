extension RegionDirectory {
    /// The neighbourhoods (社区) under `code` whose stem is the stem of `written`, a village name (`割麻村`) that fitted
    /// no village there: what the writer may have meant (割麻社区 of 董公寺街道 in 汇川区), at most `limit` of them, by
    /// code. Empty when `written` does not end in 村 or no such 社区 lies under `code` (the whole province for nil).
    ///
    /// A 村 is read as a 社区 of its stem only inside the township the address or context names; a caller uses this
    /// to say which township would do it, never to place the record.
    func neighbourhoodsSharingStem(of written: String, under code: String?,
                                   limit: Int = 3) -> [(community: String, township: String, county: String)] {
        guard let stem = RegionNameForms.strip(written, suffix: "村"), stem.count >= 2 else { return [] }
        let scope = code.flatMap { index(ofCode: $0) }
        if code != nil, scope == nil { return [] }
        let found = communityTrie.entries(exactly: AddressText.scalars(of: stem)).compactMap { entry -> Int32? in
            guard entry.form == .stem, communityKinds[Int(entry.region)] != .village,
                  scope.map({ isDescendant(entry.region, ofOrSelf: $0) }) ?? true else { return nil }
            return entry.region
        }
        return Set(found).sorted().prefix(limit).map { node in
            let township = ancestor(of: node, atDepth: RegionLevel.township.depth)
            let county = ancestor(of: node, atDepth: RegionLevel.county.depth)
            return (canonicalCommunityName(node), nodes[Int(township)].name, nodes[Int(county)].name)
        }
    }
}
