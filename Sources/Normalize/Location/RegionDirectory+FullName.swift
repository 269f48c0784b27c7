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
}
