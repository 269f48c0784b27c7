import Foundation
import RongtongExtract
import Yams

extension PipelineConfig {
    static let topLevelKeys = ["pipeline", "warehouse", "staging", "pii_key_env", "pii_key_file", "defaults", "sources",
                               "survivorship", "linking", "root", "load_mode"]
    static let sourceKeys = ["name", "owner", "kind", "entity", "format", "path", "encoding", "options", "record_key",
                             "fields", "units", "vocabularies", "context", "coordinates", "max_reject_ratio", "max_rejects",
                             "min_delivery_ratio",
                             "description", "absent_means", "listed_means", "absent_when", "rows", "record_names", "when_missing",
                             "fill_down", "date_order"]

    /// Reads and checks the pipeline file at `path`. Throws `ConfigError` with file, line and key path.
    /// `checkContext`, when given, checks each source's `context:` as one more problem of the file.
    public static func load(path: String, checkContext: RegionHint.Check? = nil) throws -> PipelineConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let manager = FileManager.default
            var isFolder: ObjCBool = false
            let why: String
            if !manager.fileExists(atPath: path, isDirectory: &isFolder) {
                why = "no such file (from \(manager.currentDirectoryPath))"
            } else if isFolder.boolValue {
                why = "it is a folder"
            } else if !manager.isReadableFile(atPath: path) {
                why = "permission denied"
            } else {
                why = "it is not UTF-8 text"
            }
            throw ConfigError(file: path, line: nil, keyPath: "", message: "cannot read the pipeline file: \(why)")
        }
        return try parse(yaml: text, file: path, checkContext: checkContext)
    }

    /// The ranks of one `survivorship:` column, highest first: a source name, or a list whose items are source names
    /// or lists of names of one rank (`[police, [gy-grid, zy-grid], civil]`: two city grids rank equal), each name
    /// with its node for errors.
    static func sourceRanks(_ list: ConfigNode) throws -> [[(name: String, node: ConfigNode)]] {
        guard case .sequence = list.node else { return [[(try list.nonEmptyString(), list)]] }
        return try list.sequence().map { item in
            guard case .sequence = item.node else { return [(try item.nonEmptyString(), item)] }
            let names = try item.sequence().map { name -> (name: String, node: ConfigNode) in
                if case .sequence = name.node { throw name.error("a rank lists source names, not further lists") }
                return (try name.nonEmptyString(), name)
            }
            if names.isEmpty { throw item.error("an empty rank: list one or more source names") }
            return names
        }
    }

    /// Decodes pipeline YAML `text` as if read from `file` (relative paths resolve against its folder).
    public static func parse(yaml text: String, file: String, checkContext: RegionHint.Check? = nil) throws -> PipelineConfig {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let problem = YAMLSyntaxProblem(error, yaml: text)
            throw ConfigError(file: file, line: problem.line, keyPath: "", message: problem.message)
        }
        guard let node else { throw ConfigError(file: file, line: nil, keyPath: "", message: "the file is empty") }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let root = ConfigNode(node: node, path: "", file: file)
        var name: String?
        var warehouse: String?
        var staging: String?
        var piiKeyEnv = "RONGTONG_PII_KEY"
        var piiKeyFile: String?
        var defaults = SourceLimits(maxRejectRatio: 0.1, minDeliveryRatio: 0.75)
        var sources: [SourceConfig] = []
        var survivorshipNode: ConfigNode?
        var rootNode: ConfigNode?
        var linking = LinkingRules()
        var loadMode = LoadMode.shared
        let problems = ConfigProblems()
        var sourceLines: [Int?] = []
        // Sources with problems of their own are left out of `sources`, but they exist: `survivorship:` may name them.
        var namesOfFailedSources = Set<String>()
        for (key, value) in try root.mapping(allowed: topLevelKeys, problems: problems) {
            problems.attempt {
                switch key {
                case "pipeline": name = try value.nonEmptyString()
                case "warehouse": warehouse = resolve(try value.nonEmptyString(), in: folder)
                case "staging": staging = resolve(try value.nonEmptyString(), in: folder)
                case "pii_key_env": piiKeyEnv = try value.nonEmptyString()
                case "pii_key_file": piiKeyFile = resolve(try value.nonEmptyString(), in: folder)
                case "defaults": defaults = try limits(value, fallback: defaults, allowed: ["max_reject_ratio", "max_rejects", "min_delivery_ratio"])
                case "survivorship": survivorshipNode = value
                case "root": rootNode = value
                case "load_mode": loadMode = LoadMode(rawValue: try value.choice(LoadMode.allCases.map(\.rawValue))) ?? .shared
                case "linking":
                    for (rule, setting) in try value.mapping(allowed: ["facility_distance_m"]) where rule == "facility_distance_m" {
                        linking.facilityDistanceMeters = try setting.double(in: 1...10_000)
                    }
                case "sources":
                    for element in try value.sequence() {
                        if let source = problems.attempt({ try source(element, folder: folder, defaults: defaults, checkContext: checkContext) }) {
                            sources.append(source)
                            sourceLines.append(element.line)
                        } else if let name = try? element.mapping().first(where: { $0.key == "name" })?.value.string() {
                            namesOfFailedSources.insert(name)
                        }
                    }
                default: break
                }
            }
        }
        if name == nil { problems.record(root.error("missing key `pipeline` (the pipeline's name)")) }
        if warehouse == nil { problems.record(root.error("missing key `warehouse` (path of the SQLite warehouse)")) }
        if sources.isEmpty && problems.found.isEmpty { problems.record(root.error("missing key `sources` (at least one source)")) }
        // Limits given in `defaults` after the sources still apply to sources that set none.
        sources = sources.map { source in
            var source = source
            if source.limits.maxRejectRatio == nil { source.limits.maxRejectRatio = defaults.maxRejectRatio }
            if source.limits.maxRejects == nil { source.limits.maxRejects = defaults.maxRejects }
            if source.limits.minDeliveryRatio == nil { source.limits.minDeliveryRatio = defaults.minDeliveryRatio }
            return source
        }
        // Source paths stay inside the pipeline's root (its own folder unless `root:` widens it), so a pipeline
        // file cannot be made to read /etc or another team's feeds by a crafted path.
        let sourceRoot = problems.attempt { try rootNode.map { resolve(try $0.nonEmptyString(), in: folder) } ?? folder } ?? folder
        for (index, source) in sources.enumerated() {
            let fixed = source.path.prefix { !"*?[".contains($0) }
            let resolved = URL(fileURLWithPath: String(fixed)).standardized.resolvingSymlinksInPath().path
            let rootPath = URL(fileURLWithPath: sourceRoot).standardized.resolvingSymlinksInPath().path
            if resolved != rootPath, !resolved.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/") {
                problems.record(ConfigError(file: file, line: sourceLines[index], keyPath: "sources[\(index)].path",
                                            message: "\(source.path) is outside the pipeline's root \(rootPath); set `root:` to a folder that holds the feeds to allow it"))
            }
        }
        var seen = Set<String>()
        for (index, source) in sources.enumerated() where !seen.insert(source.name).inserted {
            problems.record(ConfigError(file: file, line: sourceLines[index], keyPath: "sources[\(index)].name",
                                        message: "source name \"\(source.name)\" is used twice"))
        }
        var survivorship: [String: [[String]]] = [:]
        if let survivorshipNode {
            let columns = Set((CanonicalField.household + CanonicalField.facility).map(\.name))
                .subtracting(["address", "prefecture", "county", "township", "community", "tags", "members", "relationship", "record_date"])
                .union(["address"]).sorted()
            let entries = problems.attempt { try survivorshipNode.mapping(allowed: columns, problems: problems) } ?? []
            let known = sources.map(\.name) + namesOfFailedSources.sorted()
            for (column, list) in entries {
                guard let ranks = problems.attempt({ try sourceRanks(list) }) else { continue }
                var named = Set<String>()
                for name in ranks.joined().map(\.name) {
                    if !known.contains(name) {
                        let hint = closestName(to: name, among: known).map { " (did you mean \($0)?)" } ?? ""
                        problems.record(list.error("no source named \"\(name)\"\(hint)"))
                    } else if !named.insert(name).inserted {
                        problems.record(list.error("source \"\(name)\" is ranked twice; give each source one rank (sources of one rank are written as a list inside the list: [police, [gy-grid, zy-grid], civil])"))
                    }
                }
                let warehouseColumn = ["head_id": "head_id_hash", "phone": "phone_hash", "compound": "compound_id"][column] ?? column
                survivorship[warehouseColumn] = ranks.map { $0.map(\.name) }
            }
        }
        try problems.throwIfAny()
        guard let name, let warehouse else { throw root.error("missing key `pipeline` or `warehouse`") }
        return PipelineConfig(file: file, folder: folder, name: name, warehouse: warehouse,
                              staging: staging ?? defaultStaging(for: warehouse),
                              piiKeyEnv: piiKeyEnv, piiKeyFile: piiKeyFile, defaults: defaults, sources: sources,
                              survivorship: survivorship, linking: linking, loadMode: loadMode)
    }

    static func defaultStaging(for warehouse: String) -> String {
        let url = URL(fileURLWithPath: warehouse)
        let base = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent("\(base).staging.sqlite").path
    }

    static func resolve(_ path: String, in folder: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: folder).appendingPathComponent(path).standardized.path
    }

    static func limits(_ node: ConfigNode, fallback: SourceLimits, allowed: [String]) throws -> SourceLimits {
        var limits = fallback
        for (key, value) in try node.mapping(allowed: allowed) {
            switch key {
            case "max_reject_ratio": limits.maxRejectRatio = try value.double(in: 0...1)
            case "max_rejects": limits.maxRejects = try value.integer(atLeast: 0)
            case "min_delivery_ratio": limits.minDeliveryRatio = try value.double(in: 0...1)
            default: break
            }
        }
        return limits
    }

    /// One source, with every problem in it found (not only the first).
    static func source(_ node: ConfigNode, folder: String, defaults: SourceLimits,
                       checkContext: RegionHint.Check? = nil) throws -> SourceConfig {
        let problems = ConfigProblems()
        var values: [String: ConfigNode] = [:]
        for (key, value) in try node.mapping(allowed: sourceKeys, problems: problems) { values[key] = value }
        func required(_ key: String) throws -> ConfigNode {
            guard let value = values[key] else { throw node.error("missing key `\(key)`") }
            return value
        }
        let name = problems.attempt { () -> String in
            let name = try required("name").nonEmptyString()
            guard name.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" || $0 == "-" }) else {
                throw try required("name").error("\"\(name)\": use lowercase ASCII letters, digits, _ and - (it becomes source_id)")
            }
            return name
        }
        let entity = problems.attempt { try required("entity").choice(EntityKind.allCases.map(\.rawValue)) }
            .flatMap(EntityKind.init(rawValue:))
        let formatNode = problems.attempt { try required("format") }
        let format = formatNode.flatMap { node in problems.attempt { try node.choice(FormatRegistry.all.map(\.name)) } }

        var options: [String: String] = [:]
        if let optionsNode = values["options"] {
            problems.attempt {
                // A list (`record_path: ["data.list[*]", "result.records[*]"]`) is held one value per line; the
                // format says whether the option takes one.
                for (key, value) in try optionsNode.mapping() {
                    if case .sequence = value.node {
                        options[key] = try value.sequence().map { try $0.nonEmptyString() }.joined(separator: "\n")
                    } else {
                        options[key] = try value.string()
                    }
                }
            }
        }
        if let encoding = values["encoding"] {
            problems.attempt { options["encoding"] = try encoding.choice(TextEncoding.allCases.map(\.rawValue)) }
        }
        if let format, let formatNode {
            do {
                _ = try FormatRegistry.validate(format: format, options: options)
            } catch let error as OptionError {
                let at = error.key.flatMap { key in values["options"].map { "\($0.path).\(key)" } } ?? formatNode.path
                let line = values["options"]?.line ?? formatNode.line
                problems.record(ConfigError(file: node.file, line: line, keyPath: at, message: error.message))
            }
        }

        var fields: [String: [String]] = [:]
        if let fieldsNode = values["fields"], let entity {
            let entries = problems.attempt { try fieldsNode.mapping(allowed: entity.fields.map(\.name), problems: problems) } ?? []
            for (canonical, sourceNames) in entries {
                // `head_gender: null` (or `~`, nothing, `[]`): the field is left unmapped, not even by its usual headers.
                fields[canonical] = sourceNames.isNull ? [] : problems.attempt { try sourceNames.stringOrList() }
            }
        }
        var units: [String: String] = [:]
        if let unitsNode = values["units"], let entity {
            // `investment` under a facility source is a field of another entity, not a typo to correct.
            let otherEntity = Dictionary(EntityKind.allCases.filter { $0 != entity }
                .flatMap { other in other.unitFields.map { ($0, other) } }) { first, _ in first }
            let entries = problems.attempt {
                try unitsNode.mapping(allowed: entity.unitFields, problems: problems) { key in
                    otherEntity[key].map { "\(key) is a field of \($0.rawValue) sources; this source's entity is \(entity.rawValue)" }
                }
            } ?? []
            for (field, unitNode) in entries {
                guard let unit = problems.attempt({ try unitNode.nonEmptyString() }) else { continue }
                switch field {
                case "investment" where MoneyUnit.powerOfTen(unit) == nil:
                    problems.record(unitNode.error("\"\(unit)\" is not a money unit; use one of \(MoneyUnit.usual.joined(separator: ", "))"))
                case "capacity" where CapacityUnit.declared(unit) == nil:
                    problems.record(unitNode.error("\"\(unit)\" is not a capacity unit; use one of \(CapacityUnit.usual.joined(separator: ", ")) (or a spelling such as 千瓦, kva, 立方米), or a Chinese measure word such as 个, 台, 盏, optionally after 万 or 亿"))
                default: units[field] = unit
                }
            }
        }
        var vocabularies: [String: [String: String]] = [:]
        if let vocabNode = values["vocabularies"], let entity {
            let kinds: [String: CanonicalField.ValueKind] = ["flag": .flag, "gender": .gender, "tenure": .tenure,
                "status": .status, "facility_type": .facilityType, "area_type": .areaType]
                .merging(entity.fields.map { ($0.name, $0.kind) }) { kind, _ in kind }
            // Only the keys the entity's normalizer reads: any other (`head_name`, a facility's `status` under a
            // household source) would be accepted and change nothing.
            let allowed = entity.vocabularyKeys
            let listed = "the vocabularies of a \(entity.rawValue) source are \(allowed.joined(separator: ", "))"
            let otherEntity = EntityKind.allCases.filter { $0 != entity }
            // A vocabulary keyed by the feed's column (`低保对象:`) is meant for the field that column feeds.
            let fieldByColumn = Dictionary(fields.flatMap { field, columns in columns.map { ($0, field) } }) { a, _ in a }
            let entries = problems.attempt {
                try vocabNode.mapping(allowed: allowed, problems: problems) { key in
                    if let field = fieldByColumn[key], allowed.contains(field) {
                        return "did you mean \(field)? the column \(key) is mapped to it under fields:"
                    }
                    if entity.fields.contains(where: { $0.name == key }) {
                        return "\(key) takes no vocabulary: its words are read as written or by the built-in words alone; \(listed)"
                    }
                    if let other = otherEntity.first(where: { $0.vocabularyKeys.contains(key) }) {
                        return "\(key) is a vocabulary of \(other.rawValue) sources; \(listed)"
                    }
                    // A misspelt key: the closest one (`did you mean is_low_income?`), else the list.
                    return closestName(to: key, among: allowed) == nil ? listed : nil
                }
            } ?? []
            for (vocabulary, entries) in entries {
                problems.attempt {
                    var map: [String: String] = [:]
                    for (from, to) in try entries.mapping() {
                        let code = try to.string()
                        // `"": false` says what an empty flag cell means (a checklist ticked √ or left empty); an
                        // empty gender or tenure cell stays unknown, and such an entry would change nothing.
                        if from.trimmingCharacters(in: .whitespaces).isEmpty, kinds[vocabulary] != .flag {
                            problems.record(to.error("an empty word applies to flags only (flag: {\"\": false}: an empty checklist cell means no); an empty \(vocabulary) cell stays unknown"))
                            continue
                        }
                        if let (codes, what) = kinds[vocabulary]?.vocabularyCodes,
                           !codes.contains(code.trimmingCharacters(in: .whitespaces).lowercased()) {
                            // `是` is nothing like `1`: a hint only for a code spelt in ASCII.
                            let hint = code.allSatisfy(\.isASCII)
                                ? closestName(to: code, among: codes).map { " (did you mean \($0)?)" } ?? "" : ""
                            problems.record(to.error("\"\(code)\" is not \(what.first.map { "aeiou".contains($0) } == true ? "an" : "a") \(what); use one of \(codes.joined(separator: ", "))\(hint)"))
                            continue
                        }
                        map[from] = code
                    }
                    vocabularies[vocabulary] = map
                }
            }
        }
        var context = RegionHint()
        if let contextNode = values["context"] {
            let entries = problems.attempt { try contextNode.mapping(allowed: ["prefecture", "county", "township"], problems: problems) } ?? []
            var valid = true
            for (key, value) in entries {
                guard let text = problems.attempt({ try value.nonEmptyString() }) else { valid = false; continue }
                switch key {
                case "prefecture": context.prefecture = text
                case "county": context.county = text
                default: context.township = text
                }
            }
            if valid, let checkContext, let problem = checkContext(context) {
                let at = entries.first { $0.key == problem.key }?.value ?? contextNode
                problems.record(at.error(problem.message))
            }
        }
        var limits = SourceLimits()
        if let ratio = values["max_reject_ratio"] { limits.maxRejectRatio = problems.attempt { try ratio.double(in: 0...1) } }
        if let count = values["max_rejects"] { limits.maxRejects = problems.attempt { try count.integer(atLeast: 0) } }
        if let ratio = values["min_delivery_ratio"] { limits.minDeliveryRatio = problems.attempt { try ratio.double(in: 0...1) } }
        // The code or a usual name of the datum (百度, GCJ-02, CGCS2000).
        let coordinates = values["coordinates"].flatMap { node in
            problems.attempt { () throws -> CoordinateSystem in
                let text = try node.string()
                if let named = CoordinateSystem.named(text) { return named }
                return CoordinateSystem(rawValue: try node.choice(CoordinateSystem.allCases.map(\.rawValue))) ?? .wgs84
            }
        } ?? .wgs84
        let owner = problems.attempt { try required("owner").nonEmptyString() }
        let kind = problems.attempt { FeederKind(rawValue: try required("kind").choice(FeederKind.allCases.map(\.rawValue))) ?? .city }
        let path = problems.attempt { resolve(try required("path").nonEmptyString(), in: folder) }
        let recordKeys = values["record_key"].flatMap { node in problems.attempt { try node.stringOrList() } } ?? []
        var fillDown: [String] = []
        if let fillNode = values["fill_down"] {
            problems.attempt {
                guard format == nil || format == "csv" else {
                    throw fillNode.error("fill_down applies to csv sources: a blank cell means the row above's only in the rows of a table, and \(format ?? "") records are no rows")
                }
                for entry in try fillNode.stringOrList() {
                    if entry.trimmingCharacters(in: .whitespaces).isEmpty {
                        problems.record(fillNode.error("an empty entry: list the columns (as the header names them) or the fields whose blank cells mean the row above's"))
                    } else if let field = SourceConfig.ownFieldsOfAPerson.first(where: { $0 == entry || fields[$0]?.contains(entry) == true }) {
                        problems.record(fillNode.error("\(entry)\(field == entry ? "" : " (\(field))") is a person's own: a blank there says the record has none, never the row above's; leave it out of fill_down"))
                    } else if recordKeys.contains(entry) {
                        problems.record(fillNode.error("\(entry) is the record_key, which names each record apart; a record without one is keyed by its number: leave it out of fill_down"))
                    } else if !fillDown.contains(entry) {
                        fillDown.append(entry)
                    }
                }
            }
        }
        var dateOrder: DateOrder?
        if let orderNode = values["date_order"] {
            problems.attempt { dateOrder = DateOrder(rawValue: try orderNode.choice(DateOrder.allCases.map(\.rawValue))) }
        }
        var absentMeans: [String: Bool] = [:]
        var absentStatus: String?
        if let absentNode = values["absent_means"] {
            problems.attempt {
                guard entity == .household || entity == .facility else {
                    throw absentNode.error("absent_means applies to household and facility sources only")
                }
                guard !recordKeys.isEmpty else {
                    throw absentNode.error("absent_means needs record_key: a whole list's records are told apart by their key")
                }
                if entity == .facility {
                    for (_, value) in try absentNode.mapping(allowed: ["status"], problems: problems) {
                        absentStatus = problems.attempt { try value.choice(SourceConfig.facilityStatuses) }
                    }
                    return
                }
                for (field, value) in try absentNode.mapping(allowed: SourceConfig.withdrawableFlags, problems: problems) {
                    if let flag = problems.attempt({ try value.boolean() }) { absentMeans[field] = flag }
                }
            }
        }
        var listedMeans: [String: Bool] = [:]
        if let listedNode = values["listed_means"] {
            problems.attempt {
                guard entity == .household else {
                    throw listedNode.error("listed_means applies to household sources only")
                }
                for (field, value) in try listedNode.mapping(allowed: SourceConfig.withdrawableFlags, problems: problems) {
                    if let flag = problems.attempt({ try value.boolean() }) { listedMeans[field] = flag }
                }
            }
        }
        var rows = RecordRows.household
        if let rowsNode = values["rows"] {
            problems.attempt {
                rows = RecordRows(rawValue: try rowsNode.choice(RecordRows.allCases.map(\.rawValue))) ?? .household
                guard rows == .person else { return }
                guard entity == .household else {
                    throw rowsNode.error("rows: person applies to household sources only")
                }
                // The rows are the members: a list of them in a column would count them twice.
                if fields["members"]?.isEmpty == false, let fieldsNode = values["fields"] {
                    let at = (try? fieldsNode.mapping())?.first { $0.key == "members" }?.value ?? fieldsNode
                    throw at.error("with rows: person a household's members are its rows, one per row; remove this mapping")
                }
            }
        }
        var recordNames = RecordNames.head
        if let namesNode = values["record_names"] {
            problems.attempt {
                recordNames = RecordNames(rawValue: try namesNode.choice(RecordNames.allCases.map(\.rawValue))) ?? .head
                guard recordNames == .accountHolder, entity != .household else { return }
                throw namesNode.error("record_names: account_holder applies to household sources only")
            }
        }
        var whenMissing = WhenMissing.fail
        if let missingNode = values["when_missing"] {
            problems.attempt {
                whenMissing = WhenMissing(rawValue: try missingNode.choice(WhenMissing.allCases.map(\.rawValue))) ?? .fail
            }
        }
        var absentWhen: AbsentWhen?
        if let whenNode = values["absent_when"] {
            problems.attempt {
                guard entity == .household else {
                    throw whenNode.error("absent_when applies to household sources only (a facility's status says it is gone: see absent facilities)")
                }
                guard rows == .household else {
                    throw whenNode.error("absent_when applies to sources of one row per household, not rows: person")
                }
                var field: String?
                var words = AbsentWhen.usualValues
                for (key, value) in try whenNode.mapping(allowed: ["field", "values"], problems: problems) {
                    if key == "field" { field = problems.attempt { try value.nonEmptyString() } }
                    if key == "values", let list = problems.attempt({ try value.stringOrList() }) { words = Set(list) }
                }
                guard let field else { throw whenNode.error("absent_when needs field: the source field holding the status (状态, @状态, zt)") }
                absentWhen = AbsentWhen(field: field, values: words)
            }
        }
        try problems.throwIfAny()
        guard let name, let entity, let format, let owner, let kind, let path else { throw node.error("incomplete source") }
        return SourceConfig(
            name: name,
            owner: owner,
            kind: kind,
            entity: entity,
            format: format,
            path: path,
            options: options,
            recordKeys: recordKeys,
            fields: fields,
            vocabularies: vocabularies,
            units: units,
            context: context,
            coordinates: coordinates,
            limits: limits,
            absentMeans: absentMeans,
            absentStatus: absentStatus,
            listedMeans: listedMeans,
            rows: rows,
            recordNames: recordNames,
            whenMissing: whenMissing,
            absentWhen: absentWhen,
            fillDown: fillDown,
            dateOrder: dateOrder,
            fillDownDeclared: values["fill_down"] != nil)
    }
}
