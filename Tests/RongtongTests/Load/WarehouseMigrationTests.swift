import Foundation
import GRDB
@testable import RongtongLoad
import XCTest

/// A warehouse written by an older Rongtong keeps its provenance through every later schema step.
final class WarehouseMigrationTests: XCTestCase {
    func testFirstSchemaWarehouseKeepsItsProvenanceAfterUpgrading() throws {
        let path = try TestPaths.temporaryFolder().appendingPathComponent("old.sqlite").path
        let old = try DatabaseQueue(path: path)
        try WarehouseSchema.migrator.migrate(old, upTo: "v1-contract-tables")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO dim_source (source_id, owner, kind, format, entity) VALUES ('grid', '贵阳市', 'city', 'csv', 'household');
                INSERT INTO dwd_household (household_id, head_name, first_seen_run, last_seen_run) VALUES ('h1', '张三', 1, 1);
                INSERT INTO household_source VALUES ('h1', 'grid', '7', 'b1', 'new', 1.0);
                INSERT INTO facility_source VALUES ('f1', 'grid', '8', 'b1', 'new', 1.0);
                INSERT INTO dwd_household_field_source VALUES ('h1', 'head_name', 'grid', 1), ('h1', 'address', 'civil', 2);
                INSERT INTO dwd_household_conflict VALUES ('h1', 'head_name', 'grid', 'civil', 'civil|grid', 2);
                """)
        }
        try old.close()

        let warehouse = try Warehouse(path: path)
        try warehouse.queue.read { db in
            let owners = try Row.fetchAll(db, sql: """
                SELECT column_name, source_id, run_id FROM dwd_household_field_source WHERE household_id = 'h1' ORDER BY column_name
                """).map { "\($0[0] as String)=\($0[1] as String)@\($0[2] as Int)" }
            XCTAssertEqual(owners, ["address=civil@2", "head_name=grid@1"])
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT household_id || ':' || match_rule FROM household_source"), ["h1:new"])
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT facility_id FROM facility_source"), ["f1"])
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dwd_household_conflict"), 1)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT household_records FROM ads_source_coverage WHERE source_id = 'grid'"), 1)
        }
    }

    /// A warehouse whose forced rerun (run 4) relabelled a batch run 2 loaded gets back run 2 as the batch's
    /// `run_id` (from `etl_run_batch`), and run 4 as its `last_run_id`; a batch no later run reloaded keeps its run.
    /// Coverage still counts the rejects of the source's latest load.
    func testBatchesGetBackTheRunThatFirstLoadedThem() throws {
        let path = try TestPaths.temporaryFolder().appendingPathComponent("v24.sqlite").path
        let old = try DatabaseQueue(path: path)
        try WarehouseSchema.migrator.migrate(old, upTo: "v24-reject-record-key")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO dim_source (source_id, owner, kind, format, entity) VALUES ('grid', '遵义市', 'city', 'csv', 'household');
                INSERT INTO etl_batch (batch_id, run_id, source_id, file, sha256, bytes, rows_read, rows_rejected, status)
                VALUES ('b0', 1, 'grid', '/f/n1.csv', 'a', 1, 1, 0, 'loaded'), ('b1', 4, 'grid', '/f/n2.csv', 'b', 1, 2, 1, 'loaded');
                INSERT INTO etl_run_batch VALUES (1, 'b0', 'grid', '/f/n1.csv', 1, 1, 0, 'loaded'),
                    (2, 'b1', 'grid', '/f/n2.csv', 2, 1, 1, 'loaded'), (4, 'b1', 'grid', '/f/n2.csv', 2, 1, 1, 'loaded');
                INSERT INTO etl_reject (run_id, batch_id, source_id, record_number, rule, severity, message)
                VALUES (4, 'b1', 'grid', 2, 'no_identity', 'error', 'no head name, ID or address');
                """)
        }
        try old.close()

        let warehouse = try Warehouse(path: path)
        try warehouse.queue.read { db in
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT batch_id || ':' || run_id || ':' || last_run_id FROM etl_batch ORDER BY batch_id"),
                           ["b0:1:1", "b1:2:4"])
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT rejected_records FROM ads_source_coverage WHERE source_id = 'grid'"), 1)
        }
    }

    /// A warehouse whose match names kept their Chinese numerals (水钢一村) gets them in Arabic digits, so that the
    /// next 水钢1村 finds the stored compound; its id is kept.
    func testStoredMatchNamesGetTheirNumbersInDigits() throws {
        let path = try TestPaths.temporaryFolder().appendingPathComponent("v12.sqlite").path
        let old = try DatabaseQueue(path: path)
        try WarehouseSchema.migrator.migrate(old, upTo: "v12-match-names-strip-every-suffix")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO dim_compound (compound_id, name, match_name, region_code, confirmed_by_housing, first_seen_run, last_seen_run)
                VALUES ('c1', '水钢一村', '水钢一村', '520201011000', 1, 1, 1), ('c2', '金桂花园小区', '金桂', '520201014000', 0, 1, 1);
                """)
        }
        try old.close()

        let warehouse = try Warehouse(path: path)
        try warehouse.queue.read { db in
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT compound_id || ':' || match_name FROM dim_compound ORDER BY 1"),
                           ["c1:水钢1村", "c2:金桂"])
        }
    }

    /// A warehouse that stored 丰乐社区集中安置点 with 集中 in its match name gets the site's match name, so that the
    /// next 丰乐社区安置点 finds the stored compound; its id is kept.
    func testStoredMatchNamesDropTheWordsBeforeASitesSettlement() throws {
        let path = try TestPaths.temporaryFolder().appendingPathComponent("v16.sqlite").path
        let old = try DatabaseQueue(path: path)
        try WarehouseSchema.migrator.migrate(old, upTo: "v16-facility-gaps-unclassified-last")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO dim_compound (compound_id, name, match_name, region_code, confirmed_by_housing, first_seen_run, last_seen_run)
                VALUES ('c1', '丰乐社区集中安置点', '丰乐社区集中', '522632001000', 1, 1, 1);
                """)
        }
        try old.close()

        let warehouse = try Warehouse(path: path)
        try warehouse.queue.read { db in
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT compound_id || ':' || match_name FROM dim_compound"),
                           ["c1:" + CompoundRegistry.matchName("丰乐社区安置点")])
        }
    }

    /// Match names write an ordinal's number plainly: 廿/卅 as tens, without 第 or leading zeros; a warehouse that
    /// stored them otherwise gets them recomputed, its ids kept.
    func testStoredMatchNamesGetOrdinalsAsPlainNumbers() throws {
        XCTAssertEqual(["水钢廿一村", "水钢二十一村", "水钢21村", "水钢第二十一村", "水钢021村"].map(CompoundRegistry.matchName),
                       Array(repeating: "水钢21村", count: 5))
        XCTAssertEqual(["水钢〇三村", "水钢○三村", "水钢03村", "水钢第三村", "水钢3村"].map(CompoundRegistry.matchName),
                       Array(repeating: "水钢3村", count: 5))
        XCTAssertEqual(CompoundRegistry.matchName("水钢卅村"), "水钢30村")
        XCTAssertEqual(CompoundRegistry.matchName("二〇〇三小区"), "2003")
        XCTAssertEqual(CompoundRegistry.matchName("第一院"), CompoundRegistry.matchName("一院"))
        let path = try TestPaths.temporaryFolder().appendingPathComponent("v17.sqlite").path
        let old = try DatabaseQueue(path: path)
        try WarehouseSchema.migrator.migrate(old, upTo: "v17-match-names-fold-resettlement-words")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO dim_compound (compound_id, name, match_name, region_code, confirmed_by_housing, first_seen_run, last_seen_run)
                VALUES ('c1', '水钢廿一村', '水钢廿1村', '520201011000', 1, 1, 1), ('c2', '水钢第二村', '水钢第2村', '520201011000', 0, 1, 1);
                """)
        }
        try old.close()

        let warehouse = try Warehouse(path: path)
        try warehouse.queue.read { db in
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT compound_id || ':' || match_name FROM dim_compound ORDER BY 1"),
                           ["c1:水钢21村", "c2:水钢2村"])
        }
    }

    /// Trial 17e: compound names now keep `&`, `+` and middle dots as written; `+` counts for nothing in a match name,
    /// as `&` and `·` already did, so a warehouse that stored `A+B公寓` keyed with its `+` (and an alias so) gets the
    /// key without it, and the next `A+B公寓` or `AB公寓` finds the stored compound; its id is kept.
    func testStoredMatchNamesDropAPlus() throws {
        XCTAssertEqual(["龙&凤苑", "龙凤苑", "龙·凤苑", "龙+凤苑", "龙＋凤苑", "龙 凤苑"].map(CompoundRegistry.matchName),
                       Array(repeating: CompoundRegistry.matchName("龙凤苑"), count: 6))
        let path = try TestPaths.temporaryFolder().appendingPathComponent("v28.sqlite").path
        let old = try DatabaseQueue(path: path)
        try WarehouseSchema.migrator.migrate(old, upTo: "v28-project-history")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO dim_compound (compound_id, name, match_name, region_code, confirmed_by_housing, first_seen_run, last_seen_run)
                VALUES ('c1', 'A+B公寓', 'A+B', '520102001000', 1, 1, 1), ('c2', '东升小区', '东升', '520113006000', 0, 1, 1);
                INSERT INTO compound_alias (match_name, compound_id, name, renamed_run) VALUES ('C+D', 'c1', 'C+D公寓', 1);
                """)
        }
        try old.close()

        let warehouse = try Warehouse(path: path)
        try warehouse.queue.read { db in
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT compound_id || ':' || match_name FROM dim_compound ORDER BY 1"),
                           ["c1:AB", "c2:东升"])
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT compound_id || ':' || match_name FROM compound_alias"), ["c1:CD"])
        }
    }

    /// The writer stores a column's provenance as the bit at its position: the warehouse must name the same bits.
    func testHouseholdColumnBitsAreTheWritersColumnPositions() throws {
        let path = try TestPaths.temporaryFolder().appendingPathComponent("bits.sqlite").path
        let warehouse = try Warehouse(path: path)
        let names = try warehouse.queue.read { db in
            try String.fetchAll(db, sql: "SELECT column_name FROM household_column ORDER BY bit")
        }
        XCTAssertEqual(names, HouseholdWriter.insertColumns)
        XCTAssertEqual(try warehouse.queue.read { try Int.fetchOne($0, sql: "SELECT MAX(bit) FROM household_column") },
                       HouseholdWriter.insertColumns.count - 1)
    }
}
