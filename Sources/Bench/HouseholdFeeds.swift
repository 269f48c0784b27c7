/// What every feed writer shares: the seed, the geography and the bijections behind unique IDs and phones.
struct GeneratorContext {
    let seed: UInt64
    let households: Int
    let geography: Geography
    let idPermutation: AffinePermutation
    let phonePermutation: AffinePermutation

    init(seed: UInt64, households: Int, geography: Geography) throws {
        self.seed = seed
        self.households = households
        self.geography = geography
        let idSpace = UInt64(geography.idCounties.count) * UInt64(Household.birthDays) * 1000
        let phoneSpace = UInt64(Household.phonePrefixes.count) * 100_000_000
        guard UInt64(households) <= idSpace / 2, UInt64(households) <= phoneSpace / 2 else {
            throw BenchError("\(households) households is more than the generator can give distinct IDs")
        }
        idPermutation = AffinePermutation(size: idSpace, seed: seed, stream: 90)
        phonePermutation = AffinePermutation(size: phoneSpace, seed: seed, stream: 91)
    }
}

/// Counts of one written feed file.
struct FeedCount {
    var records = 0
    /// Records written broken on purpose (the share the pipeline should reject or warn about).
    var bad = 0
}

/// Draw streams, one per purpose, so that changing one feed never shifts the draws of another.
enum Stream {
    static let csv: UInt64 = 10, csvDuplicate: UInt64 = 11, xml: UInt64 = 20, xmlMembers: UInt64 = 21
    static let ndjson: UInt64 = 30, app: UInt64 = 40, facility: UInt64 = 50, compound: UInt64 = 60
}

// MARK: - 贵阳市 grid census: GB18030, CRLF, Excel-style CSV

/// The grid census: one row per Guiyang household in it, the header of `samples/guiyang/grid-households.csv`,
/// the messes of real Excel exports, ~2% broken rows and ~0.5% households listed twice.
struct GridCensusCSV {
    static let header = "序号,网格编号,十联户组,户主姓名,性别,身份证号,联系电话,家庭住址,所属小区,楼栋,单元,房号,家庭人口,住房性质,是否低保,是否特困,有无残疾人,是否独居老人,是否留守儿童,登记日期,备注"
    /// A household listed twice comes back this many households later.
    static let duplicateDistance = 997

    let context: GeneratorContext

    func write(to writer: FeedWriter) throws -> FeedCount {
        var count = FeedCount()
        writer.write(GridCensusCSV.header)
        writer.write("\r\n")
        var number = 0
        for index in 0..<context.households {
            let membership = Membership(seed: context.seed, index: index)
            if membership.inCSV {
                let household = Household(context, index: index)
                var draw = Draw(seed: context.seed, stream: Stream.csv, index: UInt64(index))
                number += 1
                if row(household, number: number, draw: &draw, to: writer) { count.bad += 1 }
                count.records += 1
                try writer.recordDone()
            }
            let earlier = index - GridCensusCSV.duplicateDistance
            if earlier >= 0, Membership(seed: context.seed, index: earlier).inCSV {
                var duplicate = Draw(seed: context.seed, stream: Stream.csvDuplicate, index: UInt64(earlier))
                if duplicate.chance(0.005) {
                    number += 1
                    _ = row(Household(context, index: earlier), number: number, draw: &duplicate, to: writer,
                            duplicate: true)
                    count.records += 1
                    try writer.recordDone()
                }
            }
        }
        return count
    }

    /// Writes one row; true when it was broken on purpose.
    private func row(_ h: Household, number: Int, draw: inout Draw, to writer: FeedWriter, duplicate: Bool = false) -> Bool {
        let town = h.township
        var name = h.headName
        var id = Spelling.residentID(h.headID, birth: h.birth, draw: &draw)
        var phone = h.phone.map { Spelling.phone($0, draw: &draw) } ?? ""
        var members = draw.chance(0.9) ? String(h.memberCount) : (draw.chance(0.5) ? "\(h.memberCount)人" : Spelling.fullWidth(String(h.memberCount)))
        var date = Spelling.date(h.recordDate, draw: &draw)
        var ragged = false
        let bad = !duplicate && draw.chance(0.02)
        if bad {
            switch draw.int(8) {
            case 0: id = ResidentNumber.withWrongCheck(h.headID)
            case 1: phone = "12" + String(draw.int(1_000_000_000)).leftPadded(9)
            case 2: members = "abc"
            case 3: date = "2023-02-30"
            case 4: name = ""; id = ""
            case 5: ragged = true
            case 6: id = "5.20402E+17"
            default: id = String(h.headID.dropLast(2)) + String(h.headID.suffix(1))
            }
        }
        if draw.chance(0.005) { name = String(name.prefix(1)) + " " + String(name.dropFirst()) }

        // 家庭住址 in the many ways grid workers write it.
        let b = h.building, u = h.unit, r = h.room
        let c = h.compound
        let address: String
        switch draw.int(20) {
        case 0..<7: address = "贵州省贵阳市\(town.countyName)\(town.name)\(c)\(b)栋\(u)单元\(r)室"
        case 7..<11: address = "贵阳市\(town.countyName)\(town.name)\(c)\(b)栋\(u)单元\(r)室"
        case 11..<14: address = "\(town.countyName)\(town.name)\(c)\(b)栋\(u)单元\(r)室"
        case 14: address = "贵阳市\(town.countyName)\(c)\(b)栋\(u)单元\(r)室"
        case 15: address = "\(town.countyName)\(town.name)\(c)\(Spelling.chinese(b))栋\(Spelling.chinese(u))单元\(r)室"
        case 16: address = "\(town.countyName)\(town.name)\(c)\(b)-\(u)-\(r)"
        case 17: address = "\(town.countyName)\(town.name)\(c)\(b)号楼\(u)-\(r)"
        case 18: address = "\(town.name)，\(c)（\(b)栋）\(u)单元-\(r)#"
        default: address = "\(town.countyName) \(town.name) \(c) \(b)栋 \(u)单元 \(r)室"
        }
        let compound = draw.chance(0.05) ? "" : c
        let building: String
        switch draw.int(10) {
        case 0..<5: building = String(b)
        case 5, 6: building = "\(b)栋"
        case 7: building = Spelling.fullWidth(String(b))
        case 8: building = b <= 10 ? Spelling.chinese(b) : "\(b)号楼"
        default: building = draw.chance(0.5) ? "\(b)号楼" : ""
        }
        let unit: String
        switch draw.int(10) {
        case 0..<6: unit = String(u)
        case 6, 7: unit = "\(u)单元"
        case 8: unit = Spelling.fullWidth(String(u))
        default: unit = draw.chance(0.5) ? Spelling.chinese(u) : ""
        }
        let room: String
        switch draw.int(10) {
        case 0..<7: room = String(r)
        case 7, 8: room = "\(r)室"
        default: room = draw.chance(0.5) ? Spelling.fullWidth(String(r)) : ""
        }
        var tenure = draw.chance(0.05) ? "" : h.tenure
        if tenure == "自有" && draw.chance(0.3) { tenure = "自住" }
        if tenure == "租赁" && draw.chance(0.3) { tenure = "租住" }

        // Flags: one style per row; a false flag may be blank.
        let style = draw.int(5)
        func flag(_ value: Bool) -> String {
            switch style {
            case 0: return value ? "是" : "否"
            case 1: return value ? "Y" : "N"
            case 2: return value ? "1" : "0"
            case 3: return value ? "√" : ""
            default: return value ? "是" : ""
            }
        }
        let remark: String
        switch draw.int(1000) {
        case 0..<970: remark = ""
        case 970..<985: remark = "已走访,情况属实"
        case 985..<993: remark = "户主称\"暂住\"，待核实"
        case 993..<997: remark = "第一次走访未遇\r\n第二次已核实"
        default: remark = "租户已搬离\n房东另有住址"
        }

        writer.write(int: number)
        for field in [h.gridID, "十联户-\(String(h.tenHouseholdGroup).leftPadded(2))", name,
                      draw.chance(0.05) ? "" : (h.male ? "男" : "女"), id, phone, address, compound, building, unit, room,
                      members, tenure, flag(h.membership.lowIncome), flag(h.membership.extremePoverty),
                      flag(h.disabledMember), flag(h.elderlyAlone), flag(h.leftBehindChild), date, remark] {
            writer.write(byte: 0x2C)
            writer.write(Spelling.csvField(field))
        }
        if ragged { writer.write(",待复核") }
        writer.write("\r\n")
        return bad
    }
}

// MARK: - 安顺市 household registry: XML with a default namespace, attributes, CDATA and members

struct RegistryXML {
    let context: GeneratorContext

    static let relationsChild = ["子", "女"]

    func write(to writer: FeedWriter) throws -> FeedCount {
        var count = FeedCount()
        writer.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- 安顺市公安局户籍信息导出(基准测试数据,全部为虚构) -->
            <户籍信息 xmlns="http://gaj.guizhou.gov.cn/hj/1.0" 导出时间="2023-10-31T08:00:00">

            """)
        for index in 0..<context.households where Membership(seed: context.seed, index: index).inXML {
            let h = Household(context, index: index)
            var draw = Draw(seed: context.seed, stream: Stream.xml, index: UInt64(index))
            if record(h, draw: &draw, to: writer) { count.bad += 1 }
            count.records += 1
            try writer.recordDone()
        }
        writer.write("</户籍信息>\n")
        return count
    }

    private func record(_ h: Household, draw: inout Draw, to writer: FeedWriter) -> Bool {
        var name = Spelling.xml(h.headName)
        if h.headName.contains("㯊") && draw.chance(0.5) {
            name = h.headName.replacingOccurrences(of: "㯊", with: "&#x3BCA;")
        }
        var id = h.headID.hasSuffix("X") && draw.chance(0.3) ? String(h.headID.dropLast()) + "x" : h.headID
        var phone = h.phone
        let registered = Day(daysSinceEpoch: Day(year: 1990, month: 1, day: 1).daysSinceEpoch + draw.int(12_000))
        let bad = draw.chance(0.02)
        var anonymous = false
        if bad {
            switch draw.int(10) {
            case 0..<5: id = ResidentNumber.withWrongCheck(h.headID)
            case 5, 6: anonymous = true
            case 7, 8: id = String(h.headID.dropFirst())
            default: phone = "1" + String(draw.int(100_000_000)).leftPadded(8)
            }
        }
        let genderAsAttribute = draw.chance(0.02)
        let gender = h.male ? "男" : "女"
        writer.write("  <户 户号=\"AS-\(String(padded: h.index + 1, width: 8))\" 登记日期=\"\(registered.iso)\">\n")
        writer.write(genderAsAttribute ? "    <户主 性别=\"\(gender)\">\n" : "    <户主>\n")
        if !anonymous {
            writer.write("      <姓名>\(name)</姓名>\n")
            writer.write("      <身份证号>\(id)</身份证号>\n")
        }
        if !genderAsAttribute { writer.write("      <性别>\(gender)</性别>\n") }
        if let phone, draw.chance(0.95) { writer.write("      <联系电话>\(phone)</联系电话>\n") }
        writer.write("    </户主>\n")
        let address = h.hukouAddress ?? ""
        writer.write("    <住址><![CDATA[\(draw.chance(0.15) ? "" : "贵州省")安顺市\(address)]]></住址>\n")
        if let compound = h.hukouCompound {
            writer.write("    <小区>\(Spelling.xml(compound))</小区>\n")
        } else {
            writer.write("    <小区/>\n")
        }
        writer.write(draw.chance(0.03) ? "    <人口> \(h.memberCount) </人口>\n" : "    <人口>\(h.memberCount)</人口>\n")
        if h.memberCount <= 1 {
            writer.write("    <成员列表/>\n")
        } else {
            writer.write("    <成员列表>\n")
            var m = Draw(seed: context.seed, stream: Stream.xmlMembers, index: UInt64(h.index))
            let region = String(h.headID.prefix(6))
            let surname = String(h.headName.prefix(1))
            for member in 1..<h.memberCount {
                let relation: String
                let birthYear: Int
                let male: Bool
                if member == 1 && h.memberCount >= 2 && m.chance(0.8) {
                    relation = "配偶"
                    male = !h.male
                    birthYear = h.birth.year + m.int(-5...5)
                } else if member <= 3 || h.birth.year > 1975 {
                    male = m.chance(0.5)
                    relation = male ? "子" : "女"
                    birthYear = h.birth.year + m.int(20...34)
                } else {
                    male = m.chance(0.5)
                    relation = male ? "孙子" : "孙女"
                    birthYear = h.birth.year + m.int(45...60)
                }
                let year = min(2022, birthYear)
                let day = Day(daysSinceEpoch: Day(year: year, month: 1, day: 1).daysSinceEpoch + m.int(365))
                let sequence = m.int(0...499) * 2 + (male ? 1 : 0)
                let memberID = ResidentNumber.make(region: region, birth: day, sequence: sequence)
                var memberName = Household.name(male: male, draw: &m)
                if relation != "配偶" { memberName = surname + String(memberName.dropFirst()) }
                writer.write("      <成员 关系=\"\(relation)\">\n")
                writer.write("        <姓名>\(Spelling.xml(memberName))</姓名>\n")
                writer.write("        <身份证号>\(memberID)</身份证号>\n")
                writer.write("      </成员>\n")
            }
            writer.write("    </成员列表>\n")
        }
        writer.write("  </户>\n")
        return bad
    }
}

// MARK: - 省民政厅 assistance list: NDJSON

struct AssistanceNDJSON {
    let context: GeneratorContext

    func write(to writer: FeedWriter) throws -> FeedCount {
        var count = FeedCount()
        for index in 0..<context.households where Membership(seed: context.seed, index: index).inNDJSON {
            let h = Household(context, index: index)
            var draw = Draw(seed: context.seed, stream: Stream.ndjson, index: UInt64(index))
            if draw.chance(0.002) { writer.write("\n") }   // a blank line: not a record
            if line(h, draw: &draw, to: writer) { count.bad += 1 }
            count.records += 1
            try writer.recordDone()
        }
        return count
    }

    private func line(_ h: Household, draw: inout Draw, to writer: FeedWriter) -> Bool {
        var id = h.headID.hasSuffix("X") && draw.chance(0.3) ? String(h.headID.dropLast()) + "x" : h.headID
        var phone: String = h.phone.map { Spelling.json(draw.chance(0.1) ? Spelling.phone($0, draw: &draw) : $0) } ?? "null"
        let town = h.township
        let tail = "\(town.countyName)\(town.name)\(h.compound)\(h.building)栋\(h.unit)单元\(h.room)室"
        let address: String
        switch draw.int(10) {
        case 0..<6: address = "贵州省\(town.prefectureName)\(tail)"
        case 6..<9: address = "\(town.prefectureName)\(tail)"
        default: address = "\(town.prefectureName.dropLast())\(tail)"
        }
        let low = h.membership.lowIncome, extreme = h.membership.extremePoverty
        let booleans = draw.chance(0.1)
        func yesNo(_ value: Bool) -> String { booleans ? (value ? "true" : "false") : (value ? "\"是\"" : "\"否\"") }
        let members = draw.chance(0.5) ? String(h.memberCount) : "\"\(h.memberCount)\""
        let approved = Day(daysSinceEpoch: Day(year: 2021, month: 1, day: 1).daysSinceEpoch + draw.int(1000))
        var date: String
        if draw.chance(0.03) {
            // Epoch milliseconds of Beijing midnight.
            date = String((approved.daysSinceEpoch * 86_400 - 8 * 3_600) * 1_000)
        } else {
            date = Spelling.json(Spelling.date(approved, draw: &draw))
        }
        let cents = (300 + draw.int(3000)) * 10 * h.memberCount
        let amount: String
        switch draw.int(3) {
        case 0: amount = "\"\(cents / 100).\(String(cents % 100).leftPadded(2))\""
        case 1: amount = String(cents / 100)
        default: amount = "\(cents / 100).\(cents % 100 / 10)"
        }
        let bad = draw.chance(0.02)
        var truncate = false
        if bad {
            switch draw.int(10) {
            case 0..<5: id = ResidentNumber.withWrongCheck(h.headID)
            case 5, 6: truncate = true
            case 7, 8: phone = "\"1\(String(draw.int(100_000_000)).leftPadded(8))\""
            default: date = "\"2023-13-01\""
            }
        }
        let text = "{\"case_no\":\"MZ-\(String(padded: h.index + 1, width: 8))\",\"户主\":{\"姓名\":\(Spelling.json(h.headName)),\"身份证号\":\"\(id)\"},\"phone\":\(phone),\"address\":\(Spelling.json(address)),\"低保\":\(yesNo(low)),\"特困\":\(yesNo(extreme)),\"人口数\":\(members),\"核定日期\":\(date),\"金额\":\(amount)}"
        if truncate {
            // Cut in the middle of the address, as a broken export does: no closing quote or braces.
            let characters = Array(text)
            writer.write(String(characters[0..<(characters.count * 2 / 3)]))
        } else {
            writer.write(text)
        }
        writer.write("\n")
        return bad
    }
}

// MARK: - 贵阳市 grid-worker app: one JSON document, records under data.records

struct GridAppJSON {
    let context: GeneratorContext
    static let noiseTags = ["党员", "退役军人", "志愿者", "出租户"]

    func write(to writer: FeedWriter) throws -> FeedCount {
        var total = 0
        for index in 0..<context.households where Membership(seed: context.seed, index: index).inApp { total += 1 }
        var count = FeedCount()
        writer.write("{\n  \"code\": 0,\n  \"msg\": \"ok\",\n  \"data\": {\n    \"total\": \(total),\n    \"records\": [")
        for index in 0..<context.households where Membership(seed: context.seed, index: index).inApp {
            let h = Household(context, index: index)
            var draw = Draw(seed: context.seed, stream: Stream.app, index: UInt64(index))
            writer.write(count.records == 0 ? "\n      " : ",\n      ")
            if record(h, draw: &draw, to: writer) { count.bad += 1 }
            count.records += 1
            try writer.recordDone()
        }
        writer.write("\n    ]\n  }\n}\n")
        return count
    }

    private func record(_ h: Household, draw: inout Draw, to writer: FeedWriter) -> Bool {
        var name = h.headName
        if draw.chance(0.01) {
            // A homophone misspelling of the last character.
            name = String(name.dropLast()) + draw.pick(h.male ? Household.givenMale : Household.givenFemale)
        }
        var id = h.headID.hasSuffix("X") && draw.chance(0.3) ? String(h.headID.dropLast()) + "x" : h.headID
        var phone = h.phone.map { Spelling.phone($0, draw: &draw) }
        var anonymous = false
        let bad = draw.chance(0.02)
        if bad {
            switch draw.int(10) {
            case 0..<5: id = ResidentNumber.withWrongCheck(h.headID)
            case 5, 6: anonymous = true
            default: phone = "1" + String(draw.int(1_000_000)).leftPadded(6)
            }
        }
        var tags: [String] = []
        if h.membership.lowIncome { tags.append("低保") }
        if h.membership.extremePoverty { tags.append("特困") }
        if h.disabledMember { tags.append("残疾") }
        if h.elderlyAlone { tags.append("独居") }
        if h.leftBehindChild { tags.append("留守儿童") }
        if draw.chance(0.2) { tags.append(draw.pick(GridAppJSON.noiseTags)) }
        var fields: [String] = []
        if !anonymous {
            fields.append("\"hzxm\":\(Spelling.json(name))")
            fields.append("\"sfzh\":\"\(id)\"")
        }
        fields.append("\"lxdh\":\(phone.map(Spelling.json) ?? "null")")
        fields.append("\"xqmc\":\(Spelling.json(h.compound))")
        fields.append(draw.chance(0.5) ? "\"ld\":\(h.building)" : "\"ld\":\"\(h.building)\"")
        fields.append("\"dy\":\"\(h.unit)\"")
        fields.append(draw.chance(0.2) ? "\"fh\":\"\(h.room)室\"" : "\"fh\":\"\(h.room)\"")
        fields.append("\"wgbh\":\"\(h.gridID)\"")
        fields.append("\"slhz\":\"十联户-\(String(h.tenHouseholdGroup).leftPadded(2))\"")
        fields.append(draw.chance(0.5) ? "\"jtrk\":\(h.memberCount)" : "\"jtrk\":\"\(h.memberCount)\"")
        fields.append("\"sfdb\":\"\(h.membership.lowIncome ? "Y" : "N")\"")
        fields.append("\"sfdjlr\":\"\(h.elderlyAlone ? "Y" : "N")\"")
        fields.append("\"tags\":[\(tags.map(Spelling.json).joined(separator: ","))]")
        writer.write("{")
        writer.write(fields.joined(separator: ","))
        writer.write("}")
        return bad
    }
}
