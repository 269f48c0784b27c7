import Foundation
import GRDB
import RongtongLoad

/// The self-contained HTML report of a warehouse (`rongtong report`): tonight's run, rejects, the trend of the
/// last runs, unification, special-difficulty households and facility gaps, with inline SVG charts.
///
/// The file needs nothing else: no script, no font, no network. It reads the warehouse only (never writes) and
/// shows counts and masked values, never a resident ID, phone number or name.
public enum RunReport {
    /// How many runs the trend shows when not told otherwise.
    public static let defaultRuns = 14

    /// The report of the warehouse at `path`, opened read-only. `displayPath` is how the page names the file.
    public static func html(warehouseAt path: String, displayPath: String? = nil, runs: Int = defaultRuns,
                            generatedAt: Date = Date()) throws -> String {
        let queue = try WarehouseReader.open(path: path).queue
        return try html(reading: queue, displayPath: displayPath ?? path, runs: runs, generatedAt: generatedAt)
    }

    /// The report of an open warehouse, read in one transaction so that a run committing meanwhile is not half seen.
    public static func html(reading reader: some DatabaseReader, displayPath: String, runs: Int = defaultRuns,
                            generatedAt: Date = Date()) throws -> String {
        let data = try reader.read { db in try ReportData(reading: db, runs: max(1, runs)) }
        return ReportPage(data: data, warehouse: displayPath, runsRequested: max(1, runs), generatedAt: generatedAt).html()
    }
}
