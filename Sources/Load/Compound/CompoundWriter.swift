import GRDB
import RongtongStaging

/// Writes the housing department's compounds (confirmed, with area type and built year) and their renovation
/// projects. A compound's second-phase row (`（二期）`) is a second project of the same compound.
final class CompoundWriter {
    private let db: Database
    private let compounds: CompoundRegistry

    init(db: Database, compounds: CompoundRegistry) {
        self.db = db
        self.compounds = compounds
    }

    /// Returns the compound id the row was written to.
    @discardableResult
    func load(_ c: CompoundCandidate) throws -> String {
        let compound = try compounds.compoundID(name: c.name, regionCode: c.regionCode)
        try db.execute(sql: """
            UPDATE dim_compound SET confirmed_by_housing = 1,
                name = ?, region_code = COALESCE(?, region_code), area_type = COALESCE(?, area_type),
                built_year = COALESCE(?, built_year), address = COALESCE(?, address)
            WHERE compound_id = ?
            """, arguments: [c.name, CompoundWriter.finer(c.regionCode, compound.region), c.areaType, c.builtYear,
                             c.address, compound.id])
        if c.hasProject {
            let projectID = c.projectID ?? "\(compound.id)-p\(c.phase ?? 1)"
            let projectType = ["old_compound", "shantytown", "urban_fringe"].contains(c.areaType ?? "") ? c.areaType : nil
            let status = c.projectStatus ?? c.progress.map { $0 <= 0 ? "not_started" : ($0 >= 1 ? "completed" : "in_progress") } ?? "unknown"
            try db.execute(sql: """
                INSERT INTO dwd_renovation_project (project_id, compound_id, project_type, scope, content, progress,
                    investment_yuan, planned_start, planned_end, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(project_id) DO UPDATE SET compound_id = excluded.compound_id,
                    project_type = COALESCE(excluded.project_type, project_type), scope = COALESCE(excluded.scope, scope),
                    content = COALESCE(excluded.content, content), progress = COALESCE(excluded.progress, progress),
                    investment_yuan = COALESCE(excluded.investment_yuan, investment_yuan),
                    planned_start = COALESCE(excluded.planned_start, planned_start),
                    planned_end = COALESCE(excluded.planned_end, planned_end), status = excluded.status
                """, arguments: [projectID, compound.id, projectType, c.scope, c.content, c.progress, c.investmentYuan,
                                 c.plannedStart, c.plannedEnd, status])
        }
        return compound.id
    }

    /// The finer of two region codes when one contains the other.
    static func finer(_ a: String?, _ b: String?) -> String? {
        guard let a else { return b }
        guard let b else { return a }
        let pa = CompoundRegistry.significantPrefix(a), pb = CompoundRegistry.significantPrefix(b)
        return pa.count >= pb.count ? a : b
    }
}
