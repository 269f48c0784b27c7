import RongtongNormalize

/// A real township (街道, 镇, 乡) of Guiyang or Anshun with its county, from the bundled NBS reference.
struct Township {
    let code: String
    let name: String
    let countyCode: String
    let countyName: String
    let prefectureName: String
    /// Two letters for grid and project numbers, from the county's position (stable for one reference table).
    let countyTag: String
    /// Urban subdistrict (街道) rather than a town or township.
    let isStreet: Bool
    /// Village committees (村) below it, written the way addresses name them (`干河村`).
    let villages: [String]
}

/// The synthetic geography a run draws from: real prefectures, counties and townships, invented compounds.
///
/// Compounds are numbered per township (`k` in 0..<compoundsPerTownship); a compound's name, kind and position
/// are functions of (seed, township, k), so nothing is kept per compound.
struct Geography {
    let guiyang: [Township]
    let anshun: [Township]
    private let guiyangWeights: [Double]
    private let anshunWeights: [Double]
    /// Every county of Guizhou (6-digit codes), for the region digits of resident IDs.
    let idCounties: [String]
    let compoundsPerTownship: Int
    let seed: UInt64

    init(directory: RegionDirectory, households: Int, seed: UInt64) throws {
        self.seed = seed
        let regions = directory.allRegions
        var byCode: [String: Region] = [:]
        for region in regions where region.level != .community { byCode[region.code] = region }
        var villagesByTownship: [String: [String]] = [:]
        for region in regions where region.level == .community && region.name.hasSuffix("村委会") {
            guard let parent = region.parentCode, parent.hasPrefix("5201") || parent.hasPrefix("5204") else { continue }
            villagesByTownship[parent, default: []].append(String(region.name.dropLast(2)))
        }
        let counties = regions.filter { $0.level == .county }
        let tags = Geography.countyTags(counties.map(\.code))
        func townships(prefecture: String) -> [Township] {
            regions.filter { $0.level == .township && $0.code.hasPrefix(prefecture) }.compactMap { town in
                guard let countyCode = town.parentCode, let county = byCode[countyCode],
                      let prefectureCode = county.parentCode, let prefectureRegion = byCode[prefectureCode] else { return nil }
                return Township(code: town.code, name: town.name, countyCode: countyCode, countyName: county.name,
                                prefectureName: prefectureRegion.name, countyTag: tags[countyCode] ?? "XX",
                                isStreet: town.name.hasSuffix("街道"), villages: villagesByTownship[town.code] ?? [])
            }
        }
        guiyang = townships(prefecture: "5201")
        anshun = townships(prefecture: "5204")
        guard !guiyang.isEmpty, !anshun.isEmpty else {
            throw BenchError("the bundled region reference has no townships of 贵阳市 (5201) or 安顺市 (5204)")
        }
        // Old neighbourhoods (老旧小区) are mostly in subdistricts: weight them 4:1 against towns.
        func cumulative(_ towns: [Township]) -> [Double] {
            var total = 0.0
            return towns.map { total += $0.isStreet ? 4 : 1; return total }
        }
        guiyangWeights = cumulative(guiyang)
        anshunWeights = cumulative(anshun)
        idCounties = counties.map { String($0.code.prefix(6)) }
        // About 150 households per compound, at least 3 compounds per township.
        let townshipCount = guiyang.count + anshun.count
        compoundsPerTownship = min(Geography.compoundNameSpace, max(3, households / (150 * townshipCount) + 1))
    }

    /// `GY`-style tags are what real grid numbers use; here: letters from the county's rank, unique per county.
    static func countyTags(_ codes: [String]) -> [String: String] {
        let letters = Array("ABCDEFGHJKLMNPQRSTWXYZ")
        var tags: [String: String] = [:]
        for (index, code) in codes.sorted().enumerated() {
            tags[code] = String([letters[(index / letters.count) % letters.count], letters[index % letters.count]])
        }
        return tags
    }

    /// A township index (into `guiyang` or `anshun`), subdistricts weighted up.
    func townshipIndex(guiyang inGuiyang: Bool, draw: inout Draw) -> Int {
        draw.pick(cumulative: inGuiyang ? guiyangWeights : anshunWeights)
    }

    // MARK: - Compounds

    static let namePrefixes = [
        "东升", "幸福", "和平", "友谊", "向阳", "光明", "建设", "红旗", "胜利", "团结", "新华", "朝阳", "阳光",
        "金桥", "花果", "铁路", "纺织厂", "机械厂", "水泥厂", "电厂", "铝厂", "粮食局", "印刷厂", "农机厂", "建材厂",
        "邮电", "卫校", "师范", "烟厂", "木材厂", "化肥厂", "钢厂", "矿务局", "供电局", "自来水", "轮胎厂", "棉纺厂",
        "汽修厂", "酒厂", "茶场", "林场", "农垦", "物资局", "商业局", "税务", "交通", "航运", "民航", "地质队",
        "勘探队", "医院", "一中", "二中", "三中", "科技", "金鼎", "翠微", "碧水", "滨河", "锦绣",
    ]
    static let nameMiddles = ["", "新", "东", "西", "南", "北", "中", "老", "家属", "职工", "安居", "联建"]
    static let nameSuffixes = ["小区", "小区", "小区", "新村", "花园", "宿舍", "宿舍", "家园", "大院", "苑", "公寓"]
    static let compoundNameSpace = namePrefixes.count * nameMiddles.count

    /// The compound name of compound `k` of a township: prefix and middle differ between the compounds of one
    /// township (the warehouse compares names without their kind suffix), the suffix is free.
    func compoundName(township: Int, guiyang inGuiyang: Bool, k: Int) -> String {
        let space = Geography.compoundNameSpace
        let salt = Int(Draw.mix(seed ^ UInt64(township &* 7919 + (inGuiyang ? 0 : 1_000_003))) % UInt64(space))
        let slot = (k &* 7 + salt) % space   // 7 is coprime to the space (60 × 12 = 720)
        let prefix = Geography.namePrefixes[slot % Geography.namePrefixes.count]
        let middle = Geography.nameMiddles[slot / Geography.namePrefixes.count]
        var draw = Draw(seed: seed, stream: 31, index: UInt64(township * 1000 + k) &* 2 &+ (inGuiyang ? 0 : 1))
        let suffix = draw.pick(Geography.nameSuffixes)
        return prefix + middle + suffix
    }

    /// A compound's centre: GCJ-02 degrees inside the prefecture's built-up area.
    func compoundPosition(township: Int, guiyang inGuiyang: Bool, k: Int) -> (lon: Double, lat: Double) {
        var draw = Draw(seed: seed, stream: 37, index: UInt64(township * 1000 + k) &* 2 &+ (inGuiyang ? 0 : 1))
        if inGuiyang {
            return (106.55 + draw.unit() * 0.30, 26.45 + draw.unit() * 0.30)
        }
        return (105.88 + draw.unit() * 0.12, 26.20 + draw.unit() * 0.10)
    }
}
