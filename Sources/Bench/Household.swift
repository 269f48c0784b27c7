/// Which feeds a synthetic household appears in, from a few cheap draws (no strings): enough to count a feed's
/// records before writing it.
///
/// Population: 75% live in 贵阳市, 25% in 安顺市. The Guiyang grid census (CSV) covers 80% of Guiyang households
/// (60% of all); the grid app (JSON) 13.3% of them (10% of all, three quarters of those also in the CSV); the Anshun
/// registry (XML) every household registered (户籍) in Anshun: its residents and 6.7% of Guiyang's (30% of all);
/// the civil-affairs list (NDJSON) every 低保 or 特困 household (15% of all).
struct Membership {
    let inGuiyang: Bool
    let hukouInAnshun: Bool
    let lowIncome: Bool
    let extremePoverty: Bool
    let inCSV: Bool
    let inApp: Bool

    var inXML: Bool { hukouInAnshun }
    var inNDJSON: Bool { lowIncome || extremePoverty }

    init(seed: UInt64, index: Int) {
        var draw = Draw(seed: seed, stream: 1, index: UInt64(index))
        inGuiyang = draw.unit() < 0.75
        let u = draw.unit()
        let welfare = draw.unit()
        lowIncome = welfare < 0.12
        extremePoverty = welfare >= 0.12 && welfare < 0.15
        hukouInAnshun = !inGuiyang || draw.unit() < 0.0667
        inCSV = inGuiyang && u < 0.80
        inApp = inGuiyang && u >= 0.70 && u < 0.8333
    }
}

/// A calendar date, enough for birth and registration dates.
struct Day: Comparable {
    var year: Int, month: Int, day: Int

    /// Days since 1970-01-01 → civil date (Howard Hinnant's algorithm).
    init(daysSinceEpoch z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    /// `YYYYMMDD`
    var compact: String { "\(year)\(Day.two(month))\(Day.two(day))" }
    /// `YYYY-MM-DD`
    var iso: String { "\(year)-\(Day.two(month))-\(Day.two(day))" }
}

/// Resident identity numbers (GB 11643): region, birth date, sequence, ISO 7064 MOD 11-2 check character.
enum ResidentNumber {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432".utf8)

    /// The check character of the first 17 digits of `body` (ASCII digits).
    static func checkCharacter(_ body: [UInt8]) -> UInt8 {
        var sum = 0
        for index in 0..<17 { sum += Int(body[index] - 48) * weights[index] }
        return checkCharacters[sum % 11]
    }

    /// The full 18-character number for region, birth date and 3-digit sequence (odd = male).
    static func make(region: String, birth: Day, sequence: Int) -> String {
        var body = Array(region.utf8)
        body += Array(birth.compact.utf8)
        let seq = String(sequence)
        body += Array((String(repeating: "0", count: 3 - seq.count) + seq).utf8)
        body.append(checkCharacter(body))
        return String(decoding: body, as: UTF8.self)
    }

    /// The same number with a wrong (but well-formed) check character.
    static func withWrongCheck(_ id: String) -> String {
        var bytes = Array(id.utf8)
        let right = bytes[17]
        let index = checkCharacters.firstIndex(of: right) ?? 0
        bytes[17] = checkCharacters[(index + 1 + Int(bytes[16] % 9)) % 11]
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One synthetic household: who heads it, where it lives (and is registered), and its facts. A pure function
/// of (seed, index), rebuilt by each feed writer that needs it.
struct Household {
    let index: Int
    let membership: Membership
    let townshipIndex: Int
    let township: Township
    let compoundIndex: Int
    let compound: String
    let building: Int
    let unit: Int
    let room: Int
    let headName: String
    let headID: String
    let male: Bool
    let birth: Day
    let phone: String?
    let memberCount: Int
    let tenure: String
    let disabledMember: Bool
    let elderlyAlone: Bool
    let leftBehindChild: Bool
    let gridNumber: Int
    let tenHouseholdGroup: Int
    let recordDate: Day
    /// The 户籍 (registered) address for households in the Anshun registry: their residence when they live in
    /// Anshun, else an Anshun compound or village.
    let hukouAddress: String?
    let hukouCompound: String?

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛龚邵万严覃武戴莫孔向汤杨吴罗龙王陈张李刘").map(String.init)
    static let givenMale = Array("伟强军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林洋勋永兴国建文德志成祥荣贵富海江").map(String.init)
    static let givenFemale = Array("芳娜敏静丽艳娟霞秀英华慧巧美娅玲萍红琴云莲梅兰凤洁琳雪倩颖婷菊珍翠燕蓉").map(String.init)
    static let phonePrefixes = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
                                "152", "153", "155", "156", "157", "158", "159", "180", "181", "182", "183", "184",
                                "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"]
    static let tenures = [("自有", 50.0), ("租赁", 25.0), ("公租房", 10.0), ("廉租房", 5.0), ("其他", 10.0)]
    static let tenureWeights: [Double] = { var t = 0.0; return tenures.map { t += $0.1; return t } }()

    /// First and last birth day of heads (days since 1970-01-01): 1935-01-01 … 2005-12-31.
    static let firstBirth = Day(year: 1935, month: 1, day: 1).daysSinceEpoch
    static let birthDays = Day(year: 2005, month: 12, day: 31).daysSinceEpoch - firstBirth + 1

    static func name(male: Bool, draw: inout Draw) -> String {
        var name = draw.pick(surnames)
        let given = male ? givenMale : givenFemale
        name += draw.pick(given)
        if draw.chance(0.7) { name += draw.pick(given) }
        // A rare character outside the BMP's common range (4 bytes in GB18030), as in real registers.
        if draw.chance(0.001) { name = String(name.dropLast()) + "㯊" }
        return name
    }

    init(_ context: GeneratorContext, index: Int) {
        let seed = context.seed
        let geography = context.geography
        self.index = index
        membership = Membership(seed: seed, index: index)
        var draw = Draw(seed: seed, stream: 2, index: UInt64(index))

        // Residence.
        townshipIndex = geography.townshipIndex(guiyang: membership.inGuiyang, draw: &draw)
        let town = (membership.inGuiyang ? geography.guiyang : geography.anshun)[townshipIndex]
        township = town
        compoundIndex = draw.int(geography.compoundsPerTownship)
        compound = geography.compoundName(township: townshipIndex, guiyang: membership.inGuiyang, k: compoundIndex)
        building = draw.int(1...(4 + compoundIndex % 20))
        unit = draw.int(1...(1 + compoundIndex % 5))
        room = draw.int(1...(6 + compoundIndex % 12)) * 100 + draw.int(1...4)

        // Identity: distinct households get distinct resident IDs and phones (bijections of the index).
        let idValue = context.idPermutation(UInt64(index))
        let counties = UInt64(geography.idCounties.count)
        let region = geography.idCounties[Int(idValue % counties)]
        let dayIndex = Int((idValue / counties) % UInt64(Household.birthDays))
        let sequence = Int(idValue / (counties * UInt64(Household.birthDays)))
        birth = Day(daysSinceEpoch: Household.firstBirth + dayIndex)
        male = sequence % 2 == 1
        headID = ResidentNumber.make(region: region, birth: birth, sequence: sequence)
        headName = Household.name(male: male, draw: &draw)
        if draw.chance(0.95) {
            let phoneValue = context.phonePermutation(UInt64(index))
            let prefix = Household.phonePrefixes[Int(phoneValue % UInt64(Household.phonePrefixes.count))]
            let rest = String(phoneValue / UInt64(Household.phonePrefixes.count))
            phone = prefix + String(repeating: "0", count: 8 - rest.count) + rest
        } else {
            phone = nil
        }

        // Facts.
        let age = 2023 - birth.year
        memberCount = age > 75 && draw.chance(0.5) ? 1 : age < 28 ? draw.int(1...2) : draw.int(1...6)
        tenure = Household.tenures[draw.pick(cumulative: Household.tenureWeights)].0
        disabledMember = draw.chance(0.05)
        elderlyAlone = memberCount == 1 && age >= 65 ? draw.chance(0.6) : false
        leftBehindChild = memberCount >= 2 && draw.chance(0.03)
        gridNumber = 100 + (compoundIndex * 3 + building / 8) % 900
        tenHouseholdGroup = 1 + (building * 7 + unit) % 20
        recordDate = Day(daysSinceEpoch: Day(year: 2023, month: 1, day: 1).daysSinceEpoch + draw.int(303))

        // Registered address (Anshun registry only).
        if membership.hukouInAnshun {
            if !membership.inGuiyang {
                hukouAddress = "\(town.countyName)\(town.name)\(compound)\(building)栋\(unit)单元\(room)室"
                hukouCompound = compound
            } else {
                var h = Draw(seed: seed, stream: 3, index: UInt64(index))
                let hIndex = geography.townshipIndex(guiyang: false, draw: &h)
                let hTown = geography.anshun[hIndex]
                if !hTown.villages.isEmpty && h.chance(0.4) {
                    hukouAddress = "\(hTown.countyName)\(hTown.name)\(h.pick(hTown.villages))\(h.int(1...12))组\(h.int(1...80))号"
                    hukouCompound = nil
                } else {
                    let k = h.int(geography.compoundsPerTownship)
                    let name = geography.compoundName(township: hIndex, guiyang: false, k: k)
                    hukouAddress = "\(hTown.countyName)\(hTown.name)\(name)\(h.int(1...12))栋\(h.int(1...4))单元\(h.int(1...7) * 100 + h.int(1...4))室"
                    hukouCompound = name
                }
            }
        } else {
            hukouAddress = nil
            hukouCompound = nil
        }
    }

    /// `贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室`
    var fullAddress: String {
        "贵州省\(township.prefectureName)\(township.countyName)\(township.name)\(compound)\(building)栋\(unit)单元\(room)室"
    }

    var gridID: String { "GY-\(township.countyTag)-\(String(format4: gridNumber))" }
}

extension String {
    /// Zero-padded to four digits.
    init(format4 value: Int) {
        let digits = String(value)
        self = String(repeating: "0", count: Swift.max(0, 4 - digits.count)) + digits
    }

    init(padded value: Int, width: Int) {
        let digits = String(value)
        self = String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}
