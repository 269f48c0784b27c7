extension RegionDirectory {
    /// The names of a division and all its ancestors, province first: `贵州省贵阳市白云区大山洞街道`.
    func fullName(code: String) -> String {
        var names: [String] = []
        var next: String? = code
        while let current = next, let region = region(code: current) {
            names.append(region.name)
            next = region.parentCode
        }
        return names.reversed().joined()
    }

    /// `fullName`, spelled as the address parser spells a normalized address: a community by its canonical name
    /// (`团结村` for `团结村委会`, `东升社区` for `东升社区居委会`), so that an address composed from division columns
    /// equals the one parsed from text.
    func addressName(code: String) -> String {
        var names: [String] = []
        var next: String? = code
        while let current = next, let region = region(code: current) {
            if region.level == .community, let node = indexByCode[current] {
                names.append(canonicalCommunityName(node))
            } else {
                names.append(region.name)
            }
            next = region.parentCode
        }
        return names.reversed().joined()
    }

    /// The name of division `code` alone as a normalized address writes it: a community by its canonical name
    /// (`北门社区` for `北门社区居委会`), any other level by its official name. Nil for a code the directory lacks.
    /// The load spells the levels it adds to a stored address so (see `RegionRow.addressName`).
    public func addressSpelling(code: String) -> String? {
        guard let region = region(code: code) else { return nil }
        if region.level == .community, let node = indexByCode[code] { return canonicalCommunityName(node) }
        return region.name
    }
}
