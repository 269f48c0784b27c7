import ArgumentParser
import Foundation
import RongtongNormalize

/// `rongtong-bench generate`: N synthetic households across the six feeds of the sample nightly pipeline, plus a
/// pipeline file over them. Deterministic by seed; streamed, so memory does not grow with N.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write N synthetic households as the feeds of pipelines/sample-nightly.yaml, and a pipeline over them.",
        discussion: """
            Writes into DIR: guiyang/grid-households.csv (GB18030, CRLF), anshun/household-registry.xml,
            civil-affairs/assistance.ndjson, grid-app/ten-household.json, utilities/facilities.json,
            housing/compounds.csv (UTF-8 with BOM), bench-pii.key, pipeline.yaml (warehouse and staging under
            DIR/warehouse/) and feeds.tsv (records and bytes per feed). The same seed gives the same bytes.
            """)

    @Option(name: .long, help: "Number of households in the synthetic population.")
    var households: Int = 1_000_000

    @Option(name: .long, help: "Random seed; the same seed writes the same files.")
    var seed: UInt64 = 20_231_031

    @Option(name: .long, help: "Output folder (created if missing; its feed files are overwritten).")
    var out: String

    @Flag(name: .shortAndLong, help: "Print nothing on success.")
    var quiet = false

    func validate() throws {
        guard households >= 1 else { throw ValidationError("--households must be at least 1") }
    }

    func run() throws {
        let started = Date()
        let directory = try RegionDirectory.bundled()
        let geography = try Geography(directory: directory, households: households, seed: seed)
        let context = try GeneratorContext(seed: seed, households: households, geography: geography)
        let root = URL(fileURLWithPath: out)
        let fileManager = FileManager.default
        for folder in ["guiyang", "anshun", "civil-affairs", "grid-app", "utilities", "housing", "warehouse"] {
            try fileManager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }

        var rows: [(source: String, file: String, count: FeedCount, bytes: Int)] = []
        func feed(_ source: String, _ file: String, gb18030: Bool = false,
                  _ body: (FeedWriter) throws -> FeedCount) throws {
            let writer = try FeedWriter(path: root.appendingPathComponent(file).path, gb18030: gb18030)
            let count = try body(writer)
            try writer.finish()
            rows.append((source, file, count, writer.bytesWritten))
            if !quiet {
                log("\(source): \(count.records) records (\(count.bad) broken on purpose), \(writer.bytesWritten) bytes → \(file)")
            }
        }
        try feed("guiyang-grid", "guiyang/grid-households.csv", gb18030: true) { try GridCensusCSV(context: context).write(to: $0) }
        try feed("anshun-registry", "anshun/household-registry.xml") { try RegistryXML(context: context).write(to: $0) }
        try feed("civil-affairs", "civil-affairs/assistance.ndjson") { try AssistanceNDJSON(context: context).write(to: $0) }
        try feed("grid-app", "grid-app/ten-household.json") { try GridAppJSON(context: context).write(to: $0) }
        try feed("utilities-facilities", "utilities/facilities.json") { try FacilitiesJSON(context: context).write(to: $0) }
        try feed("housing-compounds", "housing/compounds.csv") { try CompoundsCSV(context: context).write(to: $0) }

        // The key: 32 hex digits from the seed (synthetic data, but never the sample's key).
        var keyDraw = Draw(seed: seed, stream: 99, index: 0)
        let key = (0..<2).map { _ in String(keyDraw.next(), radix: 16).leftPadded(16) }.joined()
        try write(key + "\n", to: root.appendingPathComponent("bench-pii.key").path, mode: 0o600)
        try write(PipelineFile.text(households: households, seed: seed),
                  to: root.appendingPathComponent("pipeline.yaml").path, mode: 0o644)
        var table = "source\tfile\trecords\tbad\tbytes\n"
        for row in rows { table += "\(row.source)\t\(row.file)\t\(row.count.records)\t\(row.count.bad)\t\(row.bytes)\n" }
        try write(table, to: root.appendingPathComponent("feeds.tsv").path, mode: 0o644)
        if !quiet {
            let seconds = Date().timeIntervalSince(started)
            log("\(households) households, \(rows.reduce(0) { $0 + $1.count.records }) records, \(rows.reduce(0) { $0 + $1.bytes }) bytes in \(String(format: "%.1f", seconds)) s → \(root.appendingPathComponent("pipeline.yaml").path)")
        }
    }

    private func write(_ text: String, to path: String, mode: Int) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        _ = chmod(path, mode_t(mode))
    }
}

/// One line on stderr (fd 2: `stderr` itself is not concurrency-safe in Swift 6).
func log(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
}

/// The generated pipeline: the sources of pipelines/sample-nightly.yaml over the generated files.
enum PipelineFile {
    static func text(households: Int, seed: UInt64) -> String {
        """
        # Generated by `rongtong-bench generate --households \(households) --seed \(seed)`: the sources of
        # pipelines/sample-nightly.yaml over synthetic feeds. Paths are relative to this file.
        pipeline: bench-nightly
        warehouse: warehouse/guizhou.sqlite
        staging: warehouse/guizhou.staging.sqlite

        # A key for this synthetic data only.
        pii_key_env: RONGTONG_BENCH_PII_KEY
        pii_key_file: bench-pii.key

        defaults:
          max_reject_ratio: 0.10

        sources:
          - name: guiyang-grid
            owner: 贵阳市
            kind: city
            entity: household
            format: csv
            path: guiyang/grid-households.csv
            encoding: gb18030
            record_key: 序号
            context:
              prefecture: 贵阳市
            fields:
              head_name: 户主姓名
              head_id: 身份证号
              head_gender: 性别
              phone: 联系电话
              address: 家庭住址
              compound: 所属小区
              building: 楼栋
              unit: 单元
              room: 房号
              member_count: 家庭人口
              grid_id: 网格编号
              ten_household_group: 十联户组
              tenure: 住房性质
              is_low_income: 是否低保
              is_extreme_poverty: 是否特困
              has_disabled_member: 有无残疾人
              has_elderly_alone: 是否独居老人
              has_left_behind_child: 是否留守儿童
              record_date: 登记日期

          - name: anshun-registry
            owner: 安顺市公安局
            kind: department
            entity: household
            format: xml
            path: anshun/household-registry.xml
            options:
              record_path: /户籍信息/户
              repeated: 成员列表/成员
            record_key: "@户号"
            context:
              prefecture: 安顺市
            fields:
              head_name: 户主/姓名
              head_id: 户主/身份证号
              head_gender: [户主/性别, 户主/@性别]
              phone: 户主/联系电话
              address: 住址
              compound: 小区
              member_count: 人口
              members: 成员列表/成员
              record_date: "@登记日期"

          - name: civil-affairs
            owner: 省民政厅
            kind: department
            entity: household
            format: ndjson
            path: civil-affairs/assistance.ndjson
            record_key: case_no
            fields:
              head_name: 户主.姓名
              head_id: 户主.身份证号
              phone: phone
              address: address
              member_count: 人口数
              is_low_income: 低保
              is_extreme_poverty: 特困
              record_date: 核定日期

          - name: grid-app
            owner: 贵阳市
            kind: city
            entity: household
            format: json
            path: grid-app/ten-household.json
            options:
              record_path: data.records[*]
            context:
              prefecture: 贵阳市
            fields:
              head_name: hzxm
              head_id: sfzh
              phone: lxdh
              compound: xqmc
              building: ld
              unit: dy
              room: fh
              grid_id: wgbh
              ten_household_group: slhz
              member_count: jtrk
              is_low_income: sfdb
              has_elderly_alone: sfdjlr
              tags: tags

          - name: utilities-facilities
            owner: 贵州电网
            kind: department
            entity: facility
            format: json
            path: utilities/facilities.json
            record_key: id
            coordinates: gcj02
            context:
              prefecture: 贵阳市
            fields:
              facility_type: type
              name: name
              address: address
              lat: lat
              lon: lng
              coordinate_system: coord
              capacity: capacity
              status: status
              owner: owner
            vocabularies:
              facility_type:
                光交箱: telecom

          - name: housing-compounds
            owner: 省住房和城乡建设厅
            kind: department
            entity: compound
            format: csv
            path: housing/compounds.csv
            fields:
              name: 小区名称
              county: 区县
              township: 街道
              area_type: 类型
              built_year: 建成年代
              project_id: 项目编号
              content: 改造内容
              scope: 改造范围
              progress: 进度
              investment: 总投资
              planned_start: 计划开工
              planned_end: 计划完工
              status: 项目状态
            context:
              prefecture: 贵阳市

        """
    }
}
