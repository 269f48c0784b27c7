import GRDB
import RongtongStaging

/// Writes the housing department's compounds (confirmed, with area type and built year) and their renovation
/// projects. A compound's second-phase row (`（二期）`) is a second project of the same compound. A project covering
/// several compounds (one row listing them, or one row per compound under one project number) is linked to each in
/// `dwd_renovation_project_compound`; `dwd_renovation_project.compound_id` is the first the last row named. Such a
/// project's `project_type` is the type of the first of its rows in the batch that gives one: the later rows' types
/// (棚户区, then 老旧小区, 老旧小区) are their compounds' area types, not the programme's, and row order after the first
/// decides nothing.
final class CompoundWriter {
    private let db: Database
    private let compounds: CompoundRegistry
    private let regions: RegionNames
    /// Projects whose type a row of the batch already gave, as `batch|project`.
    private var typedInBatch = Set<String>()

    init(db: Database, compounds: CompoundRegistry, regions: RegionNames) {
        self.db = db
        self.compounds = compounds
        self.regions = regions
    }

    /// Returns the compound id the row was written to.
    @discardableResult
    func load(_ c: CompoundCandidate) throws -> String {
        let compoundID = try confirm(name: c.name, formerNames: c.formerNames, regionCode: c.regionCode, address: c.address,
                                     areaType: c.areaType, builtYear: c.builtYear)
        let compound = (id: compoundID, region: c.regionCode)
        // A project covering several compounds: each is confirmed with the row's area type and its own built year
        // when its element writes one (a year written for the row is its first compound's), and linked to the
        // project below.
        var covered: [String] = []
        for other in c.alsoCovers {
            let id = try confirm(name: other.name, formerNames: other.formerNames, regionCode: other.regionCode,
                                 address: other.address, areaType: c.areaType, builtYear: other.builtYear)
            if id != compoundID, !covered.contains(id) { covered.append(id) }
        }
        if c.hasProject {
            let derivedID = "\(compound.id)-p\(c.phase ?? 1)"
            var projectID = c.projectID ?? derivedID
            // A row sent without its number (项目编号 left empty one night): the one project of its compound and
            // phase, numbered or not, not a second project beside it.
            if c.projectID == nil {
                let known = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT project_id, status FROM dwd_renovation_project WHERE compound_id = ? AND COALESCE(phase, 1) = ?
                    """), arguments: [compound.id, c.phase ?? 1])
                // Of several (an older programme completed, a new one under way), the one not completed.
                let open = known.filter { ($0["status"] as String?) != "completed" }
                if known.count == 1 {
                    projectID = known[0]["project_id"]
                } else if open.count == 1 {
                    projectID = open[0]["project_id"]
                }
            }
            // A project first listed without a number, now numbered: the same project under its real key, not a
            // second one left unfinished for ever.
            if projectID != derivedID {
                try db.execute(sql: """
                    UPDATE OR IGNORE dwd_renovation_project SET project_id = ? WHERE project_id = ?
                    """, arguments: [projectID, derivedID])
                try db.execute(sql: "DELETE FROM dwd_renovation_project WHERE project_id = ?", arguments: [derivedID])
                try db.execute(sql: """
                    UPDATE OR IGNORE dwd_renovation_project_compound SET project_id = ? WHERE project_id = ?
                    """, arguments: [projectID, derivedID])
                try db.execute(sql: "DELETE FROM dwd_renovation_project_compound WHERE project_id = ?", arguments: [derivedID])
                try db.execute(sql: """
                    UPDATE OR IGNORE dwd_renovation_project_history SET project_id = ? WHERE project_id = ?
                    """, arguments: [projectID, derivedID])
                try db.execute(sql: "DELETE FROM dwd_renovation_project_history WHERE project_id = ?", arguments: [derivedID])
            }
            var projectType = ["old_compound", "shantytown", "urban_fringe"].contains(c.areaType ?? "") ? c.areaType : nil
            if projectType != nil, !typedInBatch.insert("\(c.batchID)|\(projectID)").inserted { projectType = nil }
            // Without a status word, the status follows the progress, the stored one when the row gives none; a row
            // with neither keeps the stored status.
            let statusFromProgress = c.progress.map(CompoundWriter.status(progress:))
            try db.execute(sql: """
                INSERT INTO dwd_renovation_project (project_id, compound_id, project_type, scope, content, progress,
                    investment_yuan, planned_start, planned_end, status, phase)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, ?, 'unknown'), ?)
                ON CONFLICT(project_id) DO UPDATE SET compound_id = excluded.compound_id,
                    phase = COALESCE(excluded.phase, phase),
                    project_type = COALESCE(excluded.project_type, project_type), scope = COALESCE(excluded.scope, scope),
                    content = COALESCE(excluded.content, content),
                    progress = CASE WHEN ? AND progress >= excluded.progress AND progress < 1 THEN progress
                                    ELSE COALESCE(excluded.progress, progress) END,
                    investment_yuan = COALESCE(excluded.investment_yuan, investment_yuan),
                    planned_start = COALESCE(excluded.planned_start, planned_start),
                    planned_end = COALESCE(excluded.planned_end, planned_end),
                    status = COALESCE(?, ?, CASE WHEN progress IS NULL THEN status
                                                 WHEN progress <= 0 THEN 'not_started'
                                                 WHEN progress >= 1 THEN 'completed' ELSE 'in_progress' END)
                """, arguments: [projectID, compound.id, projectType, c.scope, c.content, c.progress, c.investmentYuan,
                                 c.plannedStart, c.plannedEnd, c.projectStatus, statusFromProgress, c.phase,
                                 c.progressIsApproximate, c.projectStatus, statusFromProgress])
            try writeHistory(projectID)
            // Every compound of the project, including those other rows (one per compound of the project) named.
            for id in [compoundID] + covered {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO dwd_renovation_project_compound (project_id, compound_id) VALUES (?, ?)
                    """, arguments: [projectID, id])
            }
        }
        return compoundID
    }

    /// Confirms the compound a housing row names (creating it if new) with what the row says of it; its id. A
    /// compound named with its former names (`金叶苑（原烟草局宿舍）`, a 曾用名 column) is the former name's compound,
    /// renamed (`CompoundRegistry.rename`).
    private func confirm(name: String, formerNames: [String], regionCode: String?, address rowAddress: String?,
                         areaType: String?, builtYear: Int?) throws -> String {
        let compound = formerNames.isEmpty
            ? try compounds.compoundID(name: name, regionCode: regionCode, listedByHousing: true)
            : try compounds.rename(formerNames: formerNames, to: name, regionCode: regionCode)
        compounds.noteSighting(compound.id)
        // What is stored, not what the registry remembers of the compound when it created it: a row of the list may
        // have placed it in its community since.
        let stored = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT region_code, address FROM dim_compound WHERE compound_id = ?
            """), arguments: [compound.id])
        let storedRegion: String? = stored?["region_code"] ?? compound.region
        let storedAddress: String? = stored?["address"]
        let region = CompoundWriter.finer(regionCode, storedRegion)
        // A row without the township of a compound the households placed in one: its address gains the township.
        var address = rowAddress
        if let own = regionCode, let region, region != own { address = try regions.rebase(address, from: own, to: region) }
        // A row placing the compound coarser than it is stored (a project row with a 街道 column, for a compound the
        // list placed in its 社区) says nothing finer of where it is: the stored address stays, and the row's only fills
        // an empty one.
        if storedAddress != nil, let own = regionCode, let storedRegion, own != storedRegion,
           CompoundWriter.finer(own, storedRegion) == storedRegion {
            address = nil
        }
        // The housing department's spelling, unless one of its rows named the compound already and this one only
        // adds a kind word or a street to it (`CompoundRegistry.name(_:as:)`).
        try compounds.name(compound.id, as: name)
        try db.execute(sql: """
            UPDATE dim_compound SET confirmed_by_housing = 1,
                region_code = COALESCE(?, region_code), area_type = COALESCE(?, area_type),
                built_year = COALESCE(?, built_year), address = COALESCE(?, address)
            WHERE compound_id = ?
            """, arguments: [region, areaType, builtYear, address, compound.id])
        // A row naming the township of a compound the households placed only at its county: they take it too. The
        // registry remembers the new region, so that the households this load links after it take it as well.
        if let region, region != storedRegion {
            try compounds.noteRegion(region, of: compound.id)
            try compounds.regionRefined?(compound.id, region)
        }
        return compound.id
    }

    /// The columns of `dwd_renovation_project` a version of `dwd_renovation_project_history` keeps.
    static let trackedProjectColumns = ["compound_id", "project_type", "scope", "content", "progress", "investment_yuan",
                                        "planned_start", "planned_end", "status", "phase"]

    /// Writes a version of the project when the run changed it: the version this run wrote before is replaced, the
    /// one before closed (or kept current when the run ends where it began: rows of several feeds applied in turn).
    private func writeHistory(_ projectID: String) throws {
        if try Bool.fetchOne(db.cachedStatement(sql: CompoundWriter.unchangedSQL), arguments: [projectID]) ?? false { return }
        try db.cachedStatement(sql: "DELETE FROM dwd_renovation_project_history WHERE project_id = ? AND valid_from_run = ?")
            .execute(arguments: [projectID, compounds.runID])
        try db.cachedStatement(sql: """
            UPDATE dwd_renovation_project_history SET valid_to_run = ? WHERE project_id = ? AND valid_to_run IS NULL
            """).execute(arguments: [compounds.runID, projectID])
        try db.cachedStatement(sql: CompoundWriter.reopenSQL).execute(arguments: [projectID, compounds.runID])
        if db.changesCount > 0 { return }
        try db.cachedStatement(sql: CompoundWriter.versionSQL).execute(arguments: [compounds.runID, projectID])
    }

    private static let sameAsStored = trackedProjectColumns.map { "h.\($0) IS p.\($0)" }.joined(separator: " AND ")

    private static let unchangedSQL = """
        SELECT 1 FROM dwd_renovation_project p JOIN dwd_renovation_project_history h
          ON h.project_id = p.project_id AND h.valid_to_run IS NULL
        WHERE p.project_id = ? AND \(sameAsStored)
        """

    private static let reopenSQL = """
        UPDATE dwd_renovation_project_history SET valid_to_run = NULL
        WHERE project_id = ?1 AND valid_to_run = ?2 AND EXISTS (
            SELECT 1 FROM dwd_renovation_project p JOIN dwd_renovation_project_history h
              ON h.project_id = p.project_id AND h.valid_to_run = ?2
            WHERE p.project_id = ?1 AND \(sameAsStored))
        """

    private static let versionSQL = """
        INSERT INTO dwd_renovation_project_history (project_id, valid_from_run, valid_to_run, \(trackedProjectColumns.joined(separator: ", ")))
        SELECT project_id, ?, NULL, \(trackedProjectColumns.joined(separator: ", ")) FROM dwd_renovation_project WHERE project_id = ?
        """

    /// A project's status from its progress alone (0 to 1).
    static func status(progress: Double) -> String {
        progress <= 0 ? "not_started" : (progress >= 1 ? "completed" : "in_progress")
    }

    /// The finer of two region codes; of two at the same level, `a` (the row's: a list correcting a compound's
    /// community). A row never moves a compound to a coarser division.
    static func finer(_ a: String?, _ b: String?) -> String? {
        guard let a else { return b }
        guard let b else { return a }
        let pa = CompoundRegistry.significantPrefix(a), pb = CompoundRegistry.significantPrefix(b)
        return pa.count >= pb.count ? a : b
    }
}
