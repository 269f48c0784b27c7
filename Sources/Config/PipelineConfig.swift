import RongtongExtract

/// A pipeline file, decoded and checked: where the warehouse lives, and how to read and map each source.
///
/// Load one with `PipelineConfig.load(path:)`; every path in it is already resolved against the pipeline
/// file's folder. Unknown keys, unknown formats, mistyped options and unknown canonical fields are errors.
public struct PipelineConfig: Sendable {
    /// The pipeline file as given on the command line.
    public var file: String
    /// The folder relative paths in the file are resolved against.
    public var folder: String
    public var name: String
    public var warehouse: String
    public var staging: String
    /// Environment variable holding the PII hashing key (default `RONGTONG_PII_KEY`); `<NAME>_FILE` may name a key file.
    public var piiKeyEnv: String
    /// A key file named in the pipeline itself: for samples and tests only; real pipelines use the environment.
    public var piiKeyFile: String?
    public var defaults: SourceLimits
    public var sources: [SourceConfig]
    /// Warehouse column → ranks of sources, highest first, each rank one source or several of equal rank: a value
    /// from a source of a higher rank is never overwritten by one of a lower rank (or not listed); among sources of
    /// one rank the most recent value wins. Columns without a list take the most recent value.
    public var survivorship: [String: [[String]]]
    /// How facilities are linked across sources.
    public var linking: LinkingRules
    /// Whether readers may query the warehouse while the load stage writes it.
    public var loadMode: LoadMode = .shared

    public func source(named name: String) -> SourceConfig? { sources.first { $0.name == name } }
}

/// How the load stage holds the warehouse while its one transaction runs.
///
/// `shared` (the default) keeps the warehouse in WAL mode: readers see the last committed state throughout. Its
/// cost grows faster than the load: every page the load reads back from disk is looked up in a write-ahead log
/// that grows with the load (measured in docs/performance.md).
/// `exclusive` loads through a rollback journal: readers wait (or get `database is locked`) until the load
/// commits, and the warehouse returns to WAL mode afterwards. When a reader is connected as the load starts, the
/// load stays `shared` for that run and says so.
public enum LoadMode: String, CaseIterable, Sendable {
    case shared
    case exclusive
}

/// Thresholds of the linking rules.
public struct LinkingRules: Sendable, Equatable {
    /// Facilities of the same type closer than this (metres, WGS-84) with similar names are one facility.
    public var facilityDistanceMeters: Double = 50

    public init(facilityDistanceMeters: Double = 50) {
        self.facilityDistanceMeters = facilityDistanceMeters
    }
}

/// How many rejects a source may produce before its batch is held back from the warehouse.
public struct SourceLimits: Sendable, Equatable {
    /// Largest share of records (0–1) rejected with severity `error`; default 0.1.
    public var maxRejectRatio: Double?
    /// Largest number of records rejected with severity `error`; unlimited by default.
    public var maxRejects: Int?
    /// Smallest share (0–1) of the records of the previous delivery of the same file (path) that a new delivery
    /// may hold before it is warned about as far smaller (`delivery_shrank`: a file cut off, a partial export);
    /// default 0.75, 0 turns the warning off. A warning only: the file loads.
    public var minDeliveryRatio: Double?

    public init(maxRejectRatio: Double? = nil, maxRejects: Int? = nil, minDeliveryRatio: Double? = nil) {
        self.maxRejectRatio = maxRejectRatio
        self.maxRejects = maxRejects
        self.minDeliveryRatio = minDeliveryRatio
    }
}

/// Organisations that send feeds: a prefecture-level city or a provincial department.
public enum FeederKind: String, CaseIterable, Sendable {
    case city
    case department
}

/// Coordinate reference systems facility feeds use; GCJ-02 and BD-09 are converted to WGS-84.
public enum CoordinateSystem: String, CaseIterable, Sendable {
    case wgs84
    case gcj02
    case bd09

    /// The datum a feed's name for it means (`coordinates:`, a record's `coordinate_system`): the code, or the
    /// usual spellings of the datum, its agency or the maps that use it, ignoring case, spaces, `-`, `_`, full-width
    /// letters and a trailing 坐标系/坐标/地图; also two such names of one datum, one in brackets (`百度坐标系(BD-09)`).
    /// - `wgs84`: `WGS-84`, `WGS1984`, `GPS`, `EPSG:4326`, `地球坐标`; and the national datum CGCS2000 (`CGCS2000`,
    ///   `2000国家大地坐标系`, `国家2000`, `EPSG:4490`, `北斗`, `天地图`), which lies within centimetres of WGS-84.
    /// - `gcj02`: `GCJ-02`, `国测局`, `火星坐标`, `高德`, `腾讯`, `amap`, `tencent`.
    /// - `bd09`: `BD-09`, `bd09ll`, `百度`, `百度坐标`, `baidu`.
    ///
    /// Nil for anything else, a projected system among them (`bd09mc`, 北京54, 西安80): their values are metres, not
    /// degrees.
    /// ```swift
    /// CoordinateSystem.named("百度")      // .bd09
    /// CoordinateSystem.named("CGCS2000")  // .wgs84
    /// ```
    public static func named(_ text: String) -> CoordinateSystem? {
        if let datum = namedAlone(text) { return datum }
        // 百度坐标系(BD-09), GCJ-02（高德）: a name with another name of the same datum in brackets. Every part must name
        // one, and the same one (高德坐标（已转WGS84）says two things: nil).
        let parts = text.split(whereSeparator: { "()（）[]【】".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard parts.count > 1 else { return nil }
        let datums = parts.map(namedAlone)
        guard let first = datums.first ?? nil, datums.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// `named` for one name, its brackets dropped as characters.
    private static func namedAlone(_ text: String) -> CoordinateSystem? {
        var key = String(String.UnicodeScalarView(text.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
            // Full-width ASCII (ＧＣＪ－０２) as ASCII.
            let value = (0xFF01...0xFF5E).contains(scalar.value) ? scalar.value - 0xFEE0 : scalar.value
            guard let folded = Unicode.Scalar(value) else { return nil }
            return " -_.:/()（）　·".unicodeScalars.contains(folded) ? nil : folded
        })).lowercased()
        // 百度地图坐标 → 百度地图 → 百度; 天地图 is a name of its own.
        while spellings[key] == nil,
              let suffix = ["坐标系统", "坐标系", "坐标", "地图", "经纬度"].first(where: { key.hasSuffix($0) && key.count > $0.count }) {
            key.removeLast(suffix.count)
        }
        return spellings[key]
    }

    /// `named`'s spellings, folded as it folds them.
    private static let spellings: [String: CoordinateSystem] = {
        var words: [String: CoordinateSystem] = [:]
        for word in ["wgs84", "wgs1984", "wgs", "gps", "epsg4326", "4326", "地球", "国际", "cgcs2000", "cgcs", "cgcs2000国家大地",
                     "2000国家大地", "国家2000", "国家2000大地", "2000", "epsg4490", "4490", "北斗", "bds", "天地图"] {
            words[word] = .wgs84
        }
        for word in ["gcj02", "gcj", "gcj2", "国测局", "火星", "高德", "腾讯", "amap", "autonavi", "gaode", "tencent", "qq",
                     "soso"] {
            words[word] = .gcj02
        }
        for word in ["bd09", "bd09ll", "百度", "baidu", "bmap"] {
            words[word] = .bd09
        }
        return words
    }()
}

/// One feed of a pipeline: its files, how to read them, and how their fields map onto the canonical schema.
public struct SourceConfig: Sendable {
    /// The source's id (`dim_source.source_id`): lowercase letters, digits, `_` and `-`.
    public var name: String
    public var owner: String
    public var kind: FeederKind
    public var entity: EntityKind
    public var format: String
    /// File or glob pattern, resolved against the pipeline's folder.
    public var path: String
    /// Format options as written (validated against the format's declared options), including `encoding`.
    public var options: [String: String]
    /// The source fields holding the source's own record key, if it has one (`record_key:`): a record's key is the
    /// first of them that it holds non-empty (`["@户号", 户号]`: the attribute, else the child element). Empty when
    /// the source declares no key.
    public var recordKeys: [String] = []
    /// `record_key:` as written, for messages and the `field` of key warnings: `编号`, or `@户号, 户号`; nil
    /// without one.
    public var recordKey: String? { recordKeys.isEmpty ? nil : recordKeys.joined(separator: ", ") }
    /// Canonical field → source field names (first non-empty wins), explicit mappings only. An empty list is a
    /// field left unmapped on purpose (`head_gender: null`): no column feeds it, not even one of its usual headers.
    public var fields: [String: [String]]
    /// Vocabulary (canonical field name or value kind) → source value → canonical value.
    public var vocabularies: [String: [String: String]]
    /// Canonical field (`investment`, `capacity`) → the unit of its bare numbers (`万元`, `kW`), as written under
    /// `units:`; already checked to be a unit of that field.
    public var units: [String: String] = [:]
    /// Division names or codes that fill what this source's addresses leave out.
    public var context: RegionHint
    public var coordinates: CoordinateSystem
    public var limits: SourceLimits
    /// `absent_means:`: the flag values a household gets when this source, whose every file is its whole list (民政's
    /// current 低保 cases), listed it before and no longer lists it. Empty for other sources.
    public var absentMeans: [String: Bool] = [:]
    /// `absent_means: {status: …}` of a facility source whose every file is its whole inventory (the power company's
    /// assets): the status a facility it listed before and no longer lists takes. Nil for other sources.
    public var absentStatus: String?
    /// `listed_means:`: the flag values every record of this household source gives, being on its list (the 残联's
    /// list of certificate holders: `has_disabled_member: true`, whatever its 残疾类别 column says). A record's own
    /// non-empty statement of the flag (a column, a tag) wins. Empty for other sources.
    public var listedMeans: [String: Bool] = [:]
    /// `rows:`: what one record of a household source's files is. `household` (the default): one household per
    /// record. `person`: one member per row, as grid workers' 人口登记表 are exported; the rows of one household
    /// (following one another, or each naming its `record_key` in any order) are read as one household, its head the
    /// row whose `relationship` is 户主 or 本人.
    public var rows: RecordRows = .household
    /// `record_names:`: whom a household source's `head_name` (and `head_id`) name. `head` (the default): the head of
    /// household. `account_holder`: the holder of a utility account (户名), who is often not the head (a spouse, a
    /// parent, a former owner, a 单位): the record's dwelling decides its household, and its name and ID are never the
    /// head's.
    public var recordNames: RecordNames = .head
    /// `when_missing:`: what a run does when the source's `path` matches no file. `fail` (the default): the run fails
    /// (exit 1) and loads nothing of any source. `skip`: a feed that may be missing some nights (a department's
    /// weekly export); the source is skipped with a warning, every other source loads, and the run records it in
    /// `etl_run.sources_skipped`.
    public var whenMissing: WhenMissing = .fail
    /// `absent_when:`: a field of a household source whose values say the record's household no longer lives where
    /// it says (the police 流动人口 register's 状态 注销: the tenant left). Such a record counts as absent from its
    /// delivery, as if the file no longer listed it. Nil for other sources.
    public var absentWhen: AbsentWhen?
    /// `fill_down:`: the columns of a CSV source whose blank cells mean "the same as the row above", as Excel exports
    /// a merged cell (小区名称 merged over the rows of its compound: the value on the first row, blanks below). Each
    /// entry is a canonical field (`compound`: every column feeding it) or a column as the header names it (`小区名称`).
    /// Empty when the source declares none. See `FillDown`.
    public var fillDown: [String] = []
    /// `date_order:`: how the source writes a date whose year comes last and whose day and month are both 12 or less
    /// (`10/5/2023`): month first (`mdy`) or day first (`dmy`). Nil: such a date is not read (one whose day is over 12,
    /// `10/22/2023`, is read either way).
    public var dateOrder: DateOrder?
    /// Whether the source says `fill_down:` at all, even as an empty list (`fill_down: []`: the blanks of this
    /// source are blanks). The source has looked at its merged cells: no `merged_cells` warning guesses at them.
    public var fillDownDeclared = false

    /// The facility statuses `absent_means: {status: …}` may name (`dwd_facility.status`).
    public static let facilityStatuses = ["in_service", "under_construction", "planned", "out_of_service", "unknown"]

    /// The fields that are one person's own (a household's head, a member's row): `fill_down:` never names them, since
    /// a blank there says the record has none.
    public static let ownFieldsOfAPerson = ["head_name", "head_id", "head_gender", "head_birth_date", "phone",
                                            "relationship", "members"]

    /// The flags `absent_means:` and `listed_means:` may name.
    public static let withdrawableFlags = ["is_low_income", "is_extreme_poverty", "has_disabled_member",
                                           "has_elderly_alone", "has_left_behind_child"]
}

/// `absent_when:` of a household source: the record field, and its values that mean "no longer lives here".
public struct AbsentWhen: Sendable, Equatable {
    /// The source field (as `record_key:` names one: `@状态` for an XML attribute, `zt` for a JSON key).
    public var field: String
    /// The values (after text cleaning) meaning the household left.
    public var values: Set<String>

    /// The values a status field says a registration was cancelled or the person left with, when `values:` is not
    /// given.
    public static let usualValues: Set<String> = ["注销", "已注销", "迁出", "已迁出", "搬离", "已搬离", "搬走", "已搬走",
                                                  "离开", "已离开", "迁走", "已迁走"]

    public init(field: String, values: Set<String>) {
        self.field = field
        self.values = values
    }

    /// Whether a status (already cleaned as `values` are) is one of `words`, also when the sender wrote a remark or a
    /// date beside it: `已注销（2024-05-01）`, `注销(迁往外省)`, `迁出 2024.05`, `2024-05-01注销`. The remark is cut at the
    /// first bracket after the status; dates are cut at either end. A status that only contains a word elsewhere
    /// (`未注销`, `拟迁出`) is not one.
    public static func says(_ status: String, oneOf words: Set<String>) -> Bool {
        if words.contains(status) { return true }
        var core = Substring(status)
        if let open = core.firstIndex(where: { AbsentWhen.remarkOpeners.contains($0) }), open != core.startIndex {
            core = core[..<open]
        }
        while let last = core.last, AbsentWhen.dateCharacters.contains(last) { core = core.dropLast() }
        while let first = core.first, AbsentWhen.dateCharacters.contains(first) { core = core.dropFirst() }
        return !core.isEmpty && core.count < status.count && words.contains(String(core))
    }

    static let remarkOpeners: Set<Character> = ["（", "(", "【", "[", "〔", "：", ":", "，", ",", "；", ";"]
    static let dateCharacters: Set<Character> = Set("0123456789０１２３４５６７８９-/.年月日 　:：")
}

/// The order of day and month in a date whose year comes last (`date_order:` in the pipeline file).
public enum DateOrder: String, CaseIterable, Sendable {
    /// Month, day, year: `10/5/2023` is 5 October 2023, as Excel writes a date under an English locale.
    case mdy
    /// Day, month, year: `5/10/2023` is 5 October 2023.
    case dmy
}

/// What a run does when a source's `path` matches no file (`when_missing:` in the pipeline file).
public enum WhenMissing: String, CaseIterable, Sendable {
    /// The run fails with exit 1, loading nothing of any source.
    case fail
    /// The source is skipped with a warning; the other sources load.
    case skip
}

/// What one record of a household source's files describes (`rows:` in the pipeline file).
public enum RecordRows: String, CaseIterable, Sendable {
    /// One household per record (row, element, object).
    case household
    /// One person per record: consecutive records of one household key (`record_key`), or following the head's
    /// record, are one household.
    case person
}

/// Whom the name (and ID) of a household source's records name (`record_names:` in the pipeline file).
public enum RecordNames: String, CaseIterable, Sendable {
    /// The head of household (户主).
    case head
    /// The holder of a utility account (户名 of a water, power or gas account): a spouse, a parent, a former owner or
    /// a 单位 as often as the head. The account belongs to its dwelling.
    case accountHolder = "account_holder"
}

/// The region a source covers, as names or codes, used when its addresses leave the upper levels out.
extension SourceConfig {
    /// What normalizing this source's records depends on (entity, record key, `rows:`, `fill_down:`, `date_order:`,
    /// field mappings, units, vocabularies, context, coordinate system), as stable text: a batch normalized under another fingerprint (the mapping was
    /// edited since) is normalized, and then loaded, again.
    public var normalizationFingerprint: String {
        var parts = ["entity=\(entity.rawValue)", "record_key=\(recordKeys.joined(separator: "\u{1F}"))", "coordinates=\(coordinates.rawValue)",
                     "context=\(context.prefecture ?? "")|\(context.county ?? "")|\(context.township ?? "")"]
        // Only when set: the batches of every other source keep the fingerprint they were normalized under.
        if rows != .household { parts.append("rows=\(rows.rawValue)") }
        if !fillDown.isEmpty { parts.append("fill_down=\(fillDown.joined(separator: "\u{1F}"))") }
        if let dateOrder { parts.append("date_order=\(dateOrder.rawValue)") }
        for (field, names) in fields.sorted(by: { $0.key < $1.key }) {
            parts.append("fields.\(field)=\(names.joined(separator: "\u{1F}"))")
        }
        for (field, unit) in units.sorted(by: { $0.key < $1.key }) {
            parts.append("units.\(field)=\(unit)")
        }
        for (vocabulary, words) in vocabularies.sorted(by: { $0.key < $1.key }) {
            for (word, meaning) in words.sorted(by: { $0.key < $1.key }) {
                parts.append("vocabularies.\(vocabulary).\(word)=\(meaning)")
            }
        }
        return parts.joined(separator: "\n")
    }
}

extension SourceConfig {
    /// What reading this source's files depends on (format, encoding and the format's options, defaults filled in),
    /// as stable text: a file staged under another fingerprint (a fixed delimiter, encoding or record_path) is read
    /// again, then normalized and loaded again, without --force.
    public var extractionFingerprint: String {
        let values = (try? FormatRegistry.validate(format: format, options: options))?.values ?? options
        return (["format=\(format)"] + values.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)" })
            .joined(separator: "\n")
    }
}

public struct RegionHint: Sendable, Equatable {
    public var prefecture: String?
    public var county: String?
    public var township: String?

    public init(prefecture: String? = nil, county: String? = nil, township: String? = nil) {
        self.prefecture = prefecture
        self.county = county
        self.township = township
    }
}

extension RegionHint {
    /// What is wrong with one level of a `context:` (`key` is `prefecture`, `county` or `township`), as the
    /// division table finds it.
    public struct Problem: Sendable, Equatable {
        public var key: String
        public var message: String

        public init(key: String, message: String) {
            self.key = key
            self.message = message
        }
    }

    /// Checks a source's `context:` against the division table, which this module does not hold: given to
    /// `PipelineConfig.load(path:checkContext:)` so that a context naming no division is found with the file's
    /// other problems, before any feed is read.
    public typealias Check = (RegionHint) -> Problem?
}
