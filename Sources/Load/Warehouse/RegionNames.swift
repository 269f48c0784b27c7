import GRDB

/// The official names of `dim_region`, to give an address the levels its compound pinned.
///
/// Normalize writes an address as the names of the levels it resolved, then the compound and the dwelling
/// (`贵州省贵阳市金苑小区1栋2单元203室`). When the load learns a finer region from the compound, `rebase` puts the
/// names of the finer levels in place of the coarser ones (`贵州省贵阳市白云区大山洞街道金苑小区…`), so that the
/// same dwelling is written the same way whichever feed described it.
final class RegionNames {
    private let db: Database
    private var names: [String: (name: String, parent: String?)]?
    /// Full names already built, by code (a load asks for the same few hundred over and over).
    private var fullNames: [String: String] = [:]

    /// The names of the divisions a normalized address spells otherwise than `dim_region` (a community by its
    /// canonical name, `北门社区` for `北门社区居委会`), by code; see `spell`.
    private var spellings: [String: String] = [:]

    init(db: Database) {
        self.db = db
    }

    /// Sets how a normalized address writes these divisions (code, name), where not as `dim_region` names them, so
    /// that the names this class gives an address are those the address parser gives it.
    func spell(_ names: [(code: String, name: String)]) {
        for (code, name) in names { spellings[code] = name }
        fullNames = [:]
    }

    /// The names from the province down to `code`, joined, as a normalized address writes them (see `spell`); nil
    /// for a code `dim_region` does not have.
    func fullName(_ code: String) throws -> String? {
        if let known = fullNames[code] { return known }
        if names == nil {
            var all: [String: (name: String, parent: String?)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT code, name, parent_code FROM dim_region") {
                all[row["code"]] = (row["name"], row["parent_code"])
            }
            names = all
        }
        var parts: [String] = []
        var next: String? = code
        while let current = next, let entry = names?[current], parts.count < 6 {
            parts.append(spellings[current] ?? entry.name)
            next = entry.parent
        }
        guard !parts.isEmpty else { return nil }
        let full = parts.reversed().joined()
        fullNames[code] = full
        return full
    }

    /// `address` with the names of region `from` at its start replaced by those of the finer region `to`;
    /// unchanged when it does not start with them. A finer level's name the address already writes after `from`'s
    /// (an ambiguous `贵州省遵义市三合镇测新苑…`, kept at 遵义市 with the 三合镇 it wrote) is written once, in its place:
    /// `贵州省遵义市播州区三合镇测新苑…`, not `…播州区三合镇三合镇测新苑…`.
    func rebase(_ address: String?, from: String, to: String) throws -> String? {
        guard let address, let coarse = try fullName(from), let fine = try fullName(to),
              address.hasPrefix(coarse), fine.hasPrefix(coarse), fine != coarse else { return address }
        var rest = address.dropFirst(coarse.count)
        var finer: [String] = []
        var next: String? = to
        while let current = next, current != from, let entry = names?[current], finer.count < 6 {
            finer.append(spellings[current] ?? entry.name)
            next = entry.parent
        }
        for name in finer.reversed() where rest.hasPrefix(name) { rest = rest.dropFirst(name.count) }
        return fine + rest
    }
}
