// MARK: - 贵州电网 and telecom operators: facility inventory, one JSON array, GCJ-02

/// Facilities in Guiyang compounds (one per 50 households, at least 40), one JSON object per line inside a
/// top-level array; ~1% reported twice by another operator (a type synonym, ~10 m away), ~2% broken.
struct FacilitiesJSON {
    let context: GeneratorContext

    struct Kind {
        let owner: String
        let prefix: String
        let types: [String]
        let capacities: [String?]
    }

    static let kinds = [
        Kind(owner: "贵州电网", prefix: "GD", types: ["配电房", "箱式变电站", "变压器", "充电桩", "电动汽车充电桩", "路灯"],
             capacities: ["630kVA", "2×630kVA", "120kW", "120 kW", "60千瓦", "7kW", nil]),
        Kind(owner: "中国移动", prefix: "YD", types: ["5G基站", "通信基站"], capacities: ["3扇区", nil]),
        Kind(owner: "中国电信", prefix: "DX", types: ["光交箱", "通信基站"], capacities: ["288芯", "144芯", nil]),
        Kind(owner: "中国铁塔", prefix: "TT", types: ["通信铁塔", "5G宏站"], capacities: [nil]),
    ]
    static let spots = ["南门", "北门", "东侧", "西侧", "1栋旁", "2栋楼顶", "3栋旁", "停车场", "配电间旁", "广场"]
    static let synonyms = ["充电桩": "电动汽车充电桩", "电动汽车充电桩": "充电桩", "5G基站": "5G宏站", "5G宏站": "5G基站",
                           "通信基站": "通信铁塔", "通信铁塔": "通信基站", "配电房": "配电室", "箱式变电站": "箱变"]

    var count: Int { max(40, context.households / 50) }

    func write(to writer: FeedWriter) throws -> FeedCount {
        var result = FeedCount()
        writer.write("[\n")
        let geography = context.geography
        for index in 0..<count {
            var draw = Draw(seed: context.seed, stream: Stream.facility, index: UInt64(index))
            let townIndex = geography.townshipIndex(guiyang: true, draw: &draw)
            let town = geography.guiyang[townIndex]
            let k = draw.int(geography.compoundsPerTownship)
            let compound = geography.compoundName(township: townIndex, guiyang: true, k: k)
            let centre = geography.compoundPosition(township: townIndex, guiyang: true, k: k)
            let kind = draw.pick(FacilitiesJSON.kinds)
            let type = draw.pick(kind.types)
            let spot = draw.pick(FacilitiesJSON.spots)
            var lon = centre.lon + (draw.unit() - 0.5) * 0.006
            var lat = centre.lat + (draw.unit() - 0.5) * 0.006
            var coord = "gcj02"
            var coordinatesAsText = false
            switch draw.int(100) {
            case 0: coord = "GCJ-02"
            case 1: coord = "bd09"; lon += 0.0065; lat += 0.006
            case 2: coordinatesAsText = true
            default: break
            }
            let statusRoll = draw.int(100)
            var status = statusRoll < 80 ? "在用" : statusRoll < 90 ? "在建" : statusRoll < 95 ? "规划" : "停用"
            var position = coordinatesAsText ? "\"lng\": \"\(fixed(lon))\", \"lat\": \"\(fixed(lat))\""
                : "\"lng\": \(fixed(lon)), \"lat\": \(fixed(lat))"
            let bad = draw.chance(0.02)
            if bad {
                switch draw.int(3) {
                case 0: position = "\"lng\": \(fixed(lat)), \"lat\": \(fixed(lon))"
                case 1: position = "\"lng\": null, \"lat\": null"
                default: status = "正常"
                }
                result.bad += 1
            }
            let capacity = draw.pick(kind.capacities).map(Spelling.json) ?? "null"
            let id = "\(kind.prefix)-\(String(padded: index + 1, width: 7))"
            writer.write(result.records == 0 ? "  " : ",\n  ")
            writer.write("{\"id\": \"\(id)\", \"type\": \(Spelling.json(type)), \"name\": \(Spelling.json(compound + spot + type)), \"address\": \(Spelling.json(town.countyName + town.name + compound + spot)), \(position), \"coord\": \"\(coord)\", \"capacity\": \(capacity), \"status\": \"\(status)\", \"owner\": \"\(kind.owner)\"}")
            result.records += 1
            if !bad, draw.chance(0.01) {
                // The same site reported again by another owner under a synonym of its type, ~10 m away.
                let otherType = FacilitiesJSON.synonyms[type] ?? type
                let owner = kind.prefix == "GD" ? FacilitiesJSON.kinds[0] : FacilitiesJSON.kinds[3]
                writer.write(",\n  ")
                writer.write("{\"id\": \"\(owner.prefix)-D\(String(padded: index + 1, width: 7))\", \"type\": \(Spelling.json(otherType)), \"name\": \(Spelling.json(compound + spot + otherType)), \"address\": \(Spelling.json(town.countyName + town.name + compound + spot)), \"lng\": \(fixed(lon + 0.00008)), \"lat\": \(fixed(lat + 0.00005)), \"coord\": \"\(coord)\", \"capacity\": null, \"status\": \"在用\", \"owner\": \"\(owner.owner)\"}")
                result.records += 1
            }
            try writer.recordDone()
        }
        writer.write("\n]\n")
        return result
    }

    /// Six decimals, as GPS exports give them.
    private func fixed(_ value: Double) -> String {
        let micro = Int((value * 1_000_000).rounded())
        return "\(micro / 1_000_000).\(String(abs(micro % 1_000_000)).leftPadded(6))"
    }
}

// MARK: - 住建 compound list and renovation projects: UTF-8 CSV with BOM

/// About 70% of Guiyang's compounds, with a renovation project for 60% of them and a second phase for 5%.
struct CompoundsCSV {
    let context: GeneratorContext
    static let header = "小区名称,区县,街道,类型,建成年代,项目编号,改造内容,改造范围,进度,总投资,计划开工,计划完工,项目状态"
    static let works = ["雨污分流", "屋面防水", "加装电梯", "外墙保温", "管网改造", "消防通道", "路灯", "监控", "停车场", "充电桩",
                        "适老化改造", "道路硬化", "供水管网", "绿化"]
    static let statuses = ["在建", "未开工", "已完工", "施工中", "拟开工", "竣工", ""]

    func write(to writer: FeedWriter) throws -> FeedCount {
        var result = FeedCount()
        writer.write(bytes: [0xEF, 0xBB, 0xBF])
        writer.write(CompoundsCSV.header)
        writer.write("\r\n")
        let geography = context.geography
        var project = 0
        for (townIndex, town) in geography.guiyang.enumerated() {
            for k in 0..<geography.compoundsPerTownship {
                var draw = Draw(seed: context.seed, stream: Stream.compound, index: UInt64(townIndex * 1000 + k))
                guard draw.chance(0.7) else { continue }
                let name = geography.compoundName(township: townIndex, guiyang: true, k: k)
                let phases = draw.chance(0.05) ? 2 : 1
                for phase in 1...phases {
                    var fields: [String] = []
                    var written = phase == 1 ? name : "\(name)（二期）"
                    let areaRoll = draw.int(10)
                    let area = areaRoll < 7 ? "老旧小区" : areaRoll < 9 ? "棚户区" : "城乡结合部"
                    let year = 1970 + draw.int(40)
                    let built: String
                    switch draw.int(6) {
                    case 0, 1: built = "\(year)年"
                    case 2: built = String(year)
                    case 3: built = "\(year / 10 % 10)0年代\(year % 10 < 5 ? "初" : "末")"
                    case 4: built = "\(year / 10 * 10)s"
                    default: built = "上世纪\(year / 10 % 10)0年代"
                    }
                    var investment = draw.chance(0.5) ? "\(100 + draw.int(2000)).\(draw.int(10))万" : "\(100 + draw.int(900))万元"
                    let bad = draw.chance(0.02)
                    if bad {
                        if draw.chance(0.5) { written = "" } else { investment = "abc" }
                        result.bad += 1
                    }
                    fields += [written, town.countyName, town.name, area, built]
                    if draw.chance(0.6) || phase == 2 {
                        project += 1
                        let start = Day(year: 2022 + draw.int(3), month: 1 + draw.int(12), day: 1)
                        let end = Day(year: start.year + 1 + draw.int(2), month: start.month, day: 28)
                        let progressRoll = draw.int(5)
                        let progress = progressRoll == 0 ? "\(draw.int(101))%" : progressRoll == 1 ? "0.\(draw.int(10))"
                            : progressRoll == 2 ? "已完工" : progressRoll == 3 ? "0" : ""
                        var picked: [String] = []
                        for _ in 0..<(1 + draw.int(3)) {
                            let work = draw.pick(CompoundsCSV.works)
                            if !picked.contains(work) { picked.append(work) }
                        }
                        fields += ["GY\(town.countyTag)-\(start.year)-\(String(padded: project, width: 5))", picked.joined(separator: "、"),
                                   "\(4 + draw.int(20))栋 \(100 + draw.int(800))户", progress, investment,
                                   Spelling.date(start, draw: &draw), Spelling.date(end, draw: &draw), draw.pick(CompoundsCSV.statuses)]
                    } else {
                        fields += ["", "", "", "", "", "", "", ""]
                    }
                    writer.write(fields.map(Spelling.csvField).joined(separator: ","))
                    writer.write("\r\n")
                    result.records += 1
                }
                try writer.recordDone()
            }
        }
        return result
    }
}
