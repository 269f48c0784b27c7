import Foundation
import RongtongExtract
import Yams

extension PipelineConfig {
    static let topLevelKeys = ["pipeline", "warehouse", "staging", "pii_key_env", "pii_key_file", "defaults", "sources",
                               "survivorship", "linking", "root", "load_mode"]
    static let sourceKeys = ["name", "owner", "kind", "entity", "format", "path", "encoding", "options", "record_key",
                             "fields", "vocabularies", "context", "coordinates", "max_reject_ratio", "max_rejects",
                             "description"]

    /// Reads and checks the pipeline file at `path`. Throws `ConfigError` with file, line and key path.
    public static func load(path: String) throws -> PipelineConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, line: nil, keyPath: "", message: "cannot read the pipeline file")
        }
        return try parse(yaml: text, file: path)
    }

    /// Decodes pipeline YAML `text` as if read from `file` (relative paths resolve against its folder).
    public static func parse(yaml text: String, file: String) throws -> PipelineConfig {
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
        var defaults = SourceLimits(maxRejectRatio: 0.1)
        var sources: [SourceConfig] = []
        var survivorshipNode: ConfigNode?
        var rootNode: ConfigNode?
        var linking = LinkingRules()
        var loadMode = LoadMode.shared
        for (key, value) in try root.mapping(allowed: topLevelKeys) {
            switch key {
            case "pipeline": name = try value.nonEmptyString()
            case "warehouse": warehouse = resolve(try value.nonEmptyString(), in: folder)
            case "staging": staging = resolve(try value.nonEmptyString(), in: folder)
            case "pii_key_env": piiKeyEnv = try value.nonEmptyString()
            case "pii_key_file": piiKeyFile = resolve(try value.nonEmptyString(), in: folder)
            case "defaults": defaults = try limits(value, fallback: defaults, allowed: ["max_reject_ratio", "max_rejects"])
            case "survivorship": survivorshipNode = value
            case "root": rootNode = value
            case "load_mode": loadMode = LoadMode(rawValue: try value.choice(LoadMode.allCases.map(\.rawValue))) ?? .shared
            case "linking":
                for (rule, setting) in try value.mapping(allowed: ["facility_distance_m"]) where rule == "facility_distance_m" {
                    linking.facilityDistanceMeters = try setting.double(in: 1...10_000)
                }
            case "sources":
                for element in try value.sequence() {
                    sources.append(try source(element, folder: folder, defaults: defaults))
                }
            default: break
            }
        }
        guard let name else { throw root.error("missing key `pipeline` (the pipeline's name)") }
        guard let warehouse else { throw root.error("missing key `warehouse` (path of the SQLite warehouse)") }
        guard !sources.isEmpty else { throw root.error("missing key `sources` (at least one source)") }
        // Limits given in `defaults` after the sources still apply to sources that set none.
        sources = sources.map { source in
            var source = source
            if source.limits.maxRejectRatio == nil { source.limits.maxRejectRatio = defaults.maxRejectRatio }
            if source.limits.maxRejects == nil { source.limits.maxRejects = defaults.maxRejects }
            return source
        }
        // Source paths stay inside the pipeline's root (its own folder unless `root:` widens it), so a pipeline
        // file cannot be made to read /etc or another team's feeds by a crafted path.
        let sourceRoot = try rootNode.map { resolve(try $0.nonEmptyString(), in: folder) } ?? folder
        for (index, source) in sources.enumerated() {
            let fixed = source.path.prefix { !"*?[".contains($0) }
            let resolved = URL(fileURLWithPath: String(fixed)).standardized.resolvingSymlinksInPath().path
            let rootPath = URL(fileURLWithPath: sourceRoot).standardized.resolvingSymlinksInPath().path
            if resolved != rootPath, !resolved.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/") {
                throw ConfigError(file: file, line: nil, keyPath: "sources[\(index)].path",
                                  message: "\(source.path) is outside the pipeline's root \(rootPath); set `root:` to a folder that holds the feeds to allow it")
            }
        }
        var seen = Set<String>()
        for (index, source) in sources.enumerated() where !seen.insert(source.name).inserted {
            throw ConfigError(file: file, line: nil, keyPath: "sources[\(index)].name",
                              message: "source name \"\(source.name)\" is used twice")
        }
        var survivorship: [String: [String]] = [:]
        if let survivorshipNode {
            let columns = Set((CanonicalField.household + CanonicalField.facility).map(\.name))
                .subtracting(["address", "prefecture", "county", "township", "community", "tags", "members", "record_date"])
                .union(["address"]).sorted()
            for (column, list) in try survivorshipNode.mapping(allowed: columns) {
                let names = try list.stringOrList()
                for name in names where !sources.contains(where: { $0.name == name }) {
                    let hint = closestName(to: name, among: sources.map(\.name)).map { " (did you mean \($0)?)" } ?? ""
                    throw list.error("no source named \"\(name)\"\(hint)")
                }
                let warehouseColumn = ["head_id": "head_id_hash", "phone": "phone_hash", "compound": "compound_id"][column] ?? column
                survivorship[warehouseColumn] = names
            }
        }
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
            default: break
            }
        }
        return limits
    }

    static func source(_ node: ConfigNode, folder: String, defaults: SourceLimits) throws -> SourceConfig {
        var values: [String: ConfigNode] = [:]
        for (key, value) in try node.mapping(allowed: sourceKeys) { values[key] = value }
        func required(_ key: String) throws -> ConfigNode {
            guard let value = values[key] else { throw node.error("missing key `\(key)`") }
            return value
        }
        let name = try required("name").nonEmptyString()
        guard name.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" || $0 == "-" }) else {
            throw try required("name").error("\"\(name)\": use lowercase ASCII letters, digits, _ and - (it becomes source_id)")
        }
        let entityText = try required("entity").choice(EntityKind.allCases.map(\.rawValue))
        let entity = EntityKind(rawValue: entityText) ?? .household
        let formatNode = try required("format")
        let format = try formatNode.choice(FormatRegistry.all.map(\.name))

        var options: [String: String] = [:]
        if let optionsNode = values["options"] {
            for (key, value) in try optionsNode.mapping() { options[key] = try value.string() }
        }
        if let encoding = values["encoding"] {
            options["encoding"] = try encoding.choice(TextEncoding.allCases.map(\.rawValue))
        }
        do {
            _ = try FormatRegistry.validate(format: format, options: options)
        } catch let error as OptionError {
            let at = error.key.flatMap { key in values["options"].map { "\($0.path).\(key)" } } ?? formatNode.path
            let line = values["options"]?.line ?? formatNode.line
            throw ConfigError(file: node.file, line: line, keyPath: at, message: error.message)
        }

        let catalogue = entity.fields
        var fields: [String: [String]] = [:]
        if let fieldsNode = values["fields"] {
            for (canonical, sourceNames) in try fieldsNode.mapping(allowed: catalogue.map(\.name)) {
                fields[canonical] = try sourceNames.stringOrList()
            }
        }
        var vocabularies: [String: [String: String]] = [:]
        if let vocabNode = values["vocabularies"] {
            let allowed = catalogue.map(\.name) + ["flag", "gender", "tenure", "status", "facility_type", "area_type"]
            for (vocabulary, entries) in try vocabNode.mapping(allowed: allowed) {
                var map: [String: String] = [:]
                for (from, to) in try entries.stringMap() { map[from] = to }
                vocabularies[vocabulary] = map
            }
        }
        var context = RegionHint()
        if let contextNode = values["context"] {
            for (key, value) in try contextNode.mapping(allowed: ["prefecture", "county", "township"]) {
                let text = try value.nonEmptyString()
                switch key {
                case "prefecture": context.prefecture = text
                case "county": context.county = text
                default: context.township = text
                }
            }
        }
        var limits = SourceLimits()
        if let ratio = values["max_reject_ratio"] { limits.maxRejectRatio = try ratio.double(in: 0...1) }
        if let count = values["max_rejects"] { limits.maxRejects = try count.integer(atLeast: 0) }
        let coordinates = try values["coordinates"].map {
            CoordinateSystem(rawValue: try $0.choice(CoordinateSystem.allCases.map(\.rawValue))) ?? .wgs84
        } ?? .wgs84

        return SourceConfig(
            name: name,
            owner: try required("owner").nonEmptyString(),
            kind: FeederKind(rawValue: try required("kind").choice(FeederKind.allCases.map(\.rawValue))) ?? .city,
            entity: entity,
            format: format,
            path: resolve(try required("path").nonEmptyString(), in: folder),
            options: options,
            recordKey: try values["record_key"].map { try $0.nonEmptyString() },
            fields: fields,
            vocabularies: vocabularies,
            context: context,
            coordinates: coordinates,
            limits: limits)
    }
}
