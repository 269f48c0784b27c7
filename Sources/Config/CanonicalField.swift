/// The kinds of entity a source can feed.
public enum EntityKind: String, CaseIterable, Sendable {
    case household
    case facility
    case compound
}

/// A field of Rongtong's canonical schema that a source's columns can be mapped onto.
///
/// The catalogue is the vocabulary of the `fields:` section of a pipeline file; the normalizer reads exactly these.
public struct CanonicalField: Sendable, Equatable {
    public enum ValueKind: String, Sendable {
        case text, residentID = "resident_id", phone, date, integer, number, flag, gender, tenure, address
        case regionCode = "region_code", jsonList = "list", facilityType = "facility_type", status, coordinate
        case areaType = "area_type", year, ratio, money, datum, caseStatus = "case_status"

        /// What a `vocabularies:` entry of a field of this kind may map a word to (compared ignoring case and
        /// surrounding spaces), with how to name it in a message; nil for kinds no vocabulary applies to.
        /// The normalizers' code enums are the source of truth; a test keeps these lists equal to them.
        public var vocabularyCodes: (codes: [String], what: String)? {
            switch self {
            case .flag: return (["true", "false", "yes", "no", "1", "0"], "yes/no value")
            case .gender: return (["male", "female"], "gender code")
            case .tenure: return (["owned", "rented", "public", "other", "unknown"], "tenure code")
            case .facilityType:
                return (["water_supply", "drainage", "heating", "power", "telecom", "sanitation", "parking",
                         "base_station_5g", "ev_charger", "gas", "elevator", "fire_safety", "green_space",
                         "surveillance", "street_light", "fitness", "culture", "elderly_care", "childcare", "health",
                         "community_service", "other"], "facility type code")
            // `absent`: the record says the facility does not exist (无, 缺失, 未配建), and makes none.
            case .status: return (["in_service", "under_construction", "planned", "out_of_service", "unknown", "absent"],
                                  "facility status code")
            case .datum: return (["wgs84", "gcj02", "bd09"], "coordinate system code")
            case .areaType: return (["old_compound", "shantytown", "urban_fringe", "other"], "area type code")
            // `ended`: the status says the case ended (its flags 0); `active`: it goes on, whatever the word holds.
            case .caseStatus: return (["ended", "active"], "case status code")
            default: return nil
            }
        }
    }

    public var name: String
    public var kind: ValueKind
    public var doc: String
    /// Column headers that map to this field when the source does not map it explicitly, compared as `HeaderKey`
    /// compares them (whitespace, full-width forms and bracket shapes do not count; a trailing note or unit is
    /// dropped, a 户主 qualifier moves before the header). In order of precedence: a head's own column (`户主身份证号`)
    /// comes before the unqualified one (`身份证号`), which may be another person's.
    public var usualHeaders: [String]

    public init(_ name: String, _ kind: ValueKind, _ doc: String, usualHeaders: [String] = []) {
        self.name = name
        self.kind = kind
        self.doc = doc
        self.usualHeaders = usualHeaders
    }
}

extension EntityKind {
    /// The canonical fields a source of this entity may map.
    public var fields: [CanonicalField] {
        switch self {
        case .household: return CanonicalField.household
        case .facility: return CanonicalField.facility
        case .compound: return CanonicalField.compound
        }
    }
}

extension EntityKind {
    /// The keys of `vocabularies:` a source of this entity reads: its fields whose words a vocabulary maps onto codes
    /// (a household's flags, `head_gender`, `tenure`, `case_status`; a facility's `facility_type`, `status`,
    /// `coordinate_system`; a compound's `area_type`), and the kinds naming several of them (`flag`, `gender`).
    /// A compound feed's project `status` reads the built-in words only. Any other key would change nothing: the
    /// pipeline reader rejects it.
    public var vocabularyKeys: [String] {
        switch self {
        case .household:
            return ["flag", "gender"] + fields.filter { [.flag, .gender, .tenure, .caseStatus].contains($0.kind) }.map(\.name)
        case .facility: return ["facility_type", "status", "coordinate_system"]
        case .compound: return ["area_type"]
        }
    }
}

extension CanonicalField {
    /// Location fields shared by every entity.
    static let location: [CanonicalField] = [
        CanonicalField("address", .address, "Free-text address; parsed into region, compound, building, unit, room.",
                       usualHeaders: ["地址", "住址", "家庭住址", "详细地址", "居住地址", "现住址", "address", "家庭地址", "现居住地址",
                                      "现居地址", "现住地址", "实际居住地址", "居住地", "现居住地", "详细住址"]),
        CanonicalField("region_code", .regionCode, "Administrative division code (6, 9 or 12 digits).",
                       usualHeaders: ["区划代码", "行政区划代码", "region_code"]),
        CanonicalField("prefecture", .text, "Prefecture (市州) name, when given in its own column.",
                       usualHeaders: ["市州", "市", "所属市州", "市(州)", "市/州", "所在市州"]),
        CanonicalField("county", .text, "County-level (县/区/市) name, when given in its own column.",
                       usualHeaders: ["区县", "县区", "县(区)", "所属区县", "区(县)", "县/区", "区/县", "县(市、区)", "县(市区)", "所在区县", "县", "县(市)", "县市区", "区县名称"]),
        CanonicalField("township", .text, "Township (街道/乡/镇) name, when given in its own column.",
                       usualHeaders: ["街道", "乡镇", "乡镇(街道)", "所属街道", "街道(乡镇)", "街道/乡镇", "乡镇/街道", "所在街道",
                                      "所属乡镇", "所在乡镇", "乡镇街道", "镇", "乡", "乡(镇)", "镇(乡)", "乡镇名称", "街道名称"]),
        CanonicalField("community", .text, "Community or village (社区/村) name, when given in its own column.",
                       usualHeaders: ["社区", "村(社区)", "社区(村)", "所属社区", "村/社区", "社区/村", "所在社区", "村(居)", "村居",
                                      "所属村(社区)", "所在村(社区)", "村", "行政村", "所属村", "所在村", "村名", "村委会",
                                      "村(居)委会", "居委会", "社区居委会", "村(社区)名称", "社区名称"]),
        CanonicalField("compound", .text, "Residential compound (小区/院落) name.",
                       usualHeaders: ["小区", "所属小区", "小区名称", "院落", "小区(院落)", "所在小区", "院落名称", "小区/院落",
                                      "小区院落", "小区名", "所属院落", "所在院落"]),
    ]

    public static let household: [CanonicalField] = location + [
        CanonicalField("building", .text, "Building number (栋/幢/号楼).", usualHeaders: ["楼栋", "栋", "楼号", "幢", "楼栋号", "栋号", "幢号", "楼幢", "楼幢号"]),
        CanonicalField("unit", .text, "Unit / stairwell (单元).", usualHeaders: ["单元", "单元号"]),
        CanonicalField("room", .text, "Room (室/号). In a village without compound or building, the door number: with `villager_group` it makes the address's `1组12号`.",
                       usualHeaders: ["房号", "室", "门牌号", "房间号", "房间", "室号", "门牌"]),
        CanonicalField("villager_group", .text, "Villager group (组) in its own column: `1`, `一组`, `大寨组`; composed into the address with the door number (`水各村1组12号`).",
                       usualHeaders: ["组", "村民组", "村民小组", "小组", "所在组"]),
        CanonicalField("head_name", .text, "Name of the head of household (户主).",
                       usualHeaders: ["户主姓名", "户主", "户主名称", "户主名", "户主名字", "姓名"]),
        CanonicalField("head_id", .residentID, "Resident identity number of the head (18 or legacy 15 digits); hashed, never stored in clear.",
                       usualHeaders: ["户主身份证号", "户主身份证号码", "户主身份证", "户主公民身份号码", "户主公民身份证号",
                                      "户主公民身份证号码", "户主证件号码", "户主证件号", "身份证号", "身份证号码", "公民身份号码",
                                      "证件号码", "身份证", "证件号", "公民身份证号", "公民身份证号码", "居民身份证号",
                                      "居民身份证号码", "身份证件号码", "身份证件号"]),
        CanonicalField("head_gender", .gender, "Gender of the head (男/女); derived from the ID when absent.",
                       usualHeaders: ["户主性别", "性别"]),
        CanonicalField("head_birth_date", .date, "Birth date of the head; derived from the ID when absent.",
                       usualHeaders: ["户主出生日期", "户主出生年月", "出生日期", "出生年月"]),
        CanonicalField("phone", .phone, "Contact phone; hashed and masked.",
                       usualHeaders: ["户主电话", "户主联系电话", "户主手机", "户主手机号", "户主手机号码", "户主联系方式", "联系电话",
                                      "手机号", "手机号码", "电话", "联系方式", "手机", "电话号码", "联系手机", "移动电话",
                                      "联系号码", "固定电话", "固话", "座机"]),
        CanonicalField("member_count", .integer, "Number of household members.",
                       usualHeaders: ["家庭人口", "人口数", "家庭人数", "户内人数", "人数", "家庭人口数", "户人口数", "户口人数",
                                      "户内人口", "共居人数", "同住人数", "家庭成员数", "家庭成员人数", "家庭总人口", "人口"]),
        CanonicalField("members", .jsonList, "Members as a JSON list (e.g. repeated XML elements); its length fills member_count when absent."),
        CanonicalField("relationship", .text, "The row's relationship to the head (户主, 本人, 配偶, 子女 …), in a census of one row per person (`rows: person`): the row saying 户主 or 本人 is the household's head.",
                       usualHeaders: ["与户主关系", "与户主的关系", "家庭关系", "成员关系", "关系"]),
        CanonicalField("grid_id", .text, "Governance grid cell (网格) identifier.", usualHeaders: ["网格编号", "网格", "所属网格", "所在网格", "网格号"]),
        CanonicalField("ten_household_group", .text, "Ten-household group (十联户).", usualHeaders: ["十联户组", "十联户", "联户组"]),
        CanonicalField("tenure", .tenure, "Housing tenure: owned, rented, public, other.", usualHeaders: ["住房性质", "房屋性质", "产权性质"]),
        CanonicalField("is_low_income", .flag, "Receives minimum living allowance (低保).", usualHeaders: ["是否低保", "低保", "低保户", "是否低保户"]),
        CanonicalField("is_extreme_poverty", .flag, "Receives extreme-poverty support (特困).", usualHeaders: ["是否特困", "特困", "特困户", "是否特困户", "是否特困供养"]),
        CanonicalField("has_disabled_member", .flag, "Has a member with a disability.", usualHeaders: ["有无残疾人", "是否有残疾人", "残疾人", "是否残疾", "是否残疾户", "残疾户", "有无残疾"]),
        CanonicalField("has_elderly_alone", .flag, "Elderly person living alone (独居/空巢老人).", usualHeaders: ["是否独居老人", "独居老人", "是否空巢独居老人", "是否空巢老人", "空巢老人"]),
        CanonicalField("has_left_behind_child", .flag, "Has a left-behind child (留守儿童).", usualHeaders: ["是否留守儿童", "留守儿童", "有无留守儿童"]),
        CanonicalField("tags", .jsonList, "Labels (JSON list or text separated by , 、 ; |) that set flags: 低保, 特困, 残疾, 独居/空巢, 留守.",
                       usualHeaders: ["标签", "tags"]),
        CanonicalField("record_date", .date, "Date the source recorded or last updated the record.",
                       usualHeaders: ["登记日期", "更新日期", "采集日期", "核定日期"]),
        CanonicalField("case_status", .caseStatus, "The status of the record's case (民政's 状态: 在保, 已退保, 停保, 已终止; TERMINATED, CLOSED): a status saying the programme ended makes the record's flags 0.",
                       usualHeaders: ["保障状态", "救助状态", "享受状态", "在保状态", "低保状态", "特困状态", "供养状态", "案件状态", "状态"]),
        CanonicalField("end_date", .date, "The day the record's case ended (终止日期): before the day of the run, the record's flags are 0.",
                       usualHeaders: ["终止日期", "保障终止日期", "救助终止日期", "停保日期", "退保日期", "停发日期", "退出日期", "注销日期", "终止时间", "结束日期"]),
    ]

    public static let facility: [CanonicalField] = location + [
        CanonicalField("facility_type", .facilityType, "Facility type label (Chinese or code), mapped onto the facility type codes.",
                       usualHeaders: ["设施类型", "类型", "设施类别", "type"]),
        CanonicalField("name", .text, "Facility name.", usualHeaders: ["设施名称", "名称", "name"]),
        CanonicalField("lat", .coordinate, "Latitude in the source's coordinate system.", usualHeaders: ["纬度", "lat", "latitude"]),
        CanonicalField("lon", .coordinate, "Longitude in the source's coordinate system.", usualHeaders: ["经度", "lng", "lon", "longitude"]),
        CanonicalField("coordinate_system", .datum, "Datum of this record's coordinates (wgs84, gcj02, bd09, or a usual name: WGS-84, CGCS2000, 高德, 百度 …) when it varies per record; otherwise the source's `coordinates:` applies.",
                       usualHeaders: ["坐标系", "coord", "crs"]),
        CanonicalField("capacity", .text, "Capacity with unit (120kW, 20个, 2台).", usualHeaders: ["容量", "规模", "capacity"]),
        CanonicalField("capacity_unit", .text, "Unit of a bare capacity, for feeds that give it in a field of its own (rl/@dw, 容量单位); a unit in the capacity wins.",
                       usualHeaders: ["容量单位", "capacity_unit"]),
        CanonicalField("status", .status, "Operating status (在用, 在建, 规划, 停用 …).", usualHeaders: ["状态", "运行状态", "status"]),
        CanonicalField("owner", .text, "Owning or operating organisation.", usualHeaders: ["权属单位", "产权单位", "运营单位", "owner"]),
        CanonicalField("built_year", .year, "Year built (1995年, 90年代初, 1990s).", usualHeaders: ["建成年份", "建设年代", "建成时间"]),
        CanonicalField("record_date", .date, "Date the source recorded the facility.", usualHeaders: ["登记日期", "更新日期", "采集日期"]),
    ]

    public static let compound: [CanonicalField] = location + [
        CanonicalField("name", .text, "Compound name (when not in `compound`).", usualHeaders: ["小区名称", "名称"]),
        CanonicalField("former_names", .jsonList, "Names the compound went by before (曾用名), several apart by 、 , ; or /: each becomes its alias, so records writing it find the compound.",
                       usualHeaders: ["曾用名", "曾用名称", "原名", "原名称", "原小区名称", "原小区名", "旧名", "别名", "又名"]),
        CanonicalField("area_type", .areaType, "old_compound|shantytown|urban_fringe|other (老旧小区, 棚户区, 城乡结合部); also yes/no columns whose name says the type (是否老旧小区: 是).",
                       usualHeaders: ["类型", "区域类型", "改造类型", "是否老旧小区", "是否棚户区", "是否城乡结合部", "是否城乡接合部", "是否城中村"]),
        CanonicalField("built_year", .year, "Year built (1995年, 90年代初, 1990s).", usualHeaders: ["建成年份", "建成年代", "建设年代"]),
        CanonicalField("project_id", .text, "Renovation project number (项目编号); a row with one also feeds dwd_renovation_project.",
                       usualHeaders: ["项目编号", "项目代码"]),
        CanonicalField("scope", .text, "Renovation scope (改造范围).", usualHeaders: ["改造范围"]),
        CanonicalField("content", .text, "Renovation content (改造内容).", usualHeaders: ["改造内容"]),
        CanonicalField("progress", .ratio, "Progress: 45%, 0.45 or 已完工.", usualHeaders: ["进度", "改造进度", "完成进度"]),
        CanonicalField("investment", .money, "Investment in yuan (123.4万 = 1,234,000).", usualHeaders: ["投资", "总投资", "投资额", "投资金额", "项目总投资", "总投资金额", "计划投资", "计划总投资", "概算投资", "估算总投资"]),
        CanonicalField("investment_unit", .text, "Unit of a bare investment, for feeds that give it in a field of its own (总投资/@单位, 金额单位); a unit in the amount wins.",
                       usualHeaders: ["金额单位", "investment_unit"]),
        CanonicalField("planned_start", .date, "Planned start date.", usualHeaders: ["计划开工", "开工日期", "计划开工时间"]),
        CanonicalField("planned_end", .date, "Planned end date.", usualHeaders: ["计划完工", "竣工日期", "计划完工时间"]),
        CanonicalField("status", .status, "Project status (未开工, 在建, 已完工 …).", usualHeaders: ["项目状态", "状态"]),
    ]
}
