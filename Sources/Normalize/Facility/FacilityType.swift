/// Facility type codes of the contract (`dwd_facility.facility_type`), parsed from the Chinese labels feeds use.
///
/// `parse` accepts a code itself or a label/synonym (`充电桩` → `.ev_charger`, `平安黔哨` → `.surveillance`,
/// `协商议事室` → `.community_service`), and nil means the caller rejects the value:
/// ```swift
/// FacilityType.parse("小区电动汽车充电桩")                 // .ev_charger (not .power)
/// FacilityType.parse("换电柜", extra: ["换电柜": "ev_charger"]) // .ev_charger
/// ```
public enum FacilityType: String, CaseIterable, Sendable {
    case water_supply, drainage, heating, power, telecom, sanitation, parking, base_station_5g, ev_charger, gas,
         elevator, fire_safety, green_space, surveillance, street_light, fitness, culture, elderly_care, childcare,
         health, community_service, other

    /// The type named by `label`, or nil when nothing fits.
    ///
    /// Matching ignores full-width forms, surrounding spaces and case. In order: a label of `extra` (the
    /// pipeline's own `label → code` words; entries with an unknown code are ignored) equal to the whole label;
    /// a built-in word or code equal to the whole label; then the longest word, of `extra` or built in, contained
    /// in the label (`东升小区3号充电桩` → `.ev_charger`). Between built-in words of equal length the more
    /// specific type wins (`充电车位`: `充电` beats `车位`, so `.ev_charger`), except between words of three
    /// characters or more, which name installations: the one named last is the head noun and decides, what comes
    /// before it says what it serves (`充电桩配套变压器` is the 变压器, `.power`; `停车场充电桩` is `.ev_charger`).
    /// A remark in brackets does not decide
    /// over the words outside them: `配电箱（充电桩专用）` is the 配电箱, `.power`; the brackets decide only when the
    /// words outside name no type, or only `.other` (`设施（充电桩）`, `其他（充电桩）` are `.ev_charger`).
    public static func parse(_ label: String, extra: [String: String] = [:]) -> FacilityType? {
        let outside = withoutRemarks(label)
        if outside != label, !outside.isEmpty, !VocabularyParsing.isWholeWord(label, extra: extra, builtIn: matcher),
           let head = VocabularyParsing.parse(outside, extra: extra, builtIn: matcher), head != .other {
            return head
        }
        return VocabularyParsing.parse(label, extra: extra, builtIn: matcher)
    }

    /// The label without its bracketed remarks (`配电箱（充电桩专用）` → `配电箱`), full-width or not.
    static func withoutRemarks(_ label: String) -> String {
        // ( and [, and the lead bytes of （ 【 〔 (EF, E3): most labels have none.
        guard label.utf8.contains(where: { $0 == 0x28 || $0 == 0x5B || $0 == 0xEF || $0 == 0xE3 }) else { return label }
        var result = "", depth = 0
        for character in label {
            if "(（[【〔".contains(character) {
                depth += 1
            } else if ")）]】〕".contains(character) {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                result.append(character)
            }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }

    /// The words that name a kind of installation (垃圾站, 公厕, 箱变, 消防车通道 …): the built-in ones and the
    /// pipeline's own (`extra`, label → code), folded as labels are, longest first. What tells a record named only by
    /// its type from a facility of another kind.
    public static func kindWords(adding extra: [String: String] = [:]) -> [String] {
        let own = extra.filter { FacilityType(rawValue: KeywordMatcher<FacilityType>.fold($0.value)).map { $0 != .other } ?? false }.keys
        let folded = Set((Array(words.filter { $0.value != .other }.keys) + own).map(KeywordMatcher<FacilityType>.fold))
        return folded.filter { !$0.isEmpty }.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// Type code → the words that name that type (`kindWords`, built in and the pipeline's own `extra`, label →
    /// code), folded as labels are, longest first: 照明灯, 路灯, 太阳能路灯 … all name `street_light`. What a facility's
    /// name says beyond its type is what is left without them.
    public static func typeWords(adding extra: [String: String] = [:]) -> [String: [String]] {
        var byType: [String: Set<String>] = [:]
        for (word, type) in words where type != .other { byType[type.rawValue, default: []].insert(KeywordMatcher<FacilityType>.fold(word)) }
        for (word, code) in extra {
            guard let type = FacilityType(rawValue: KeywordMatcher<FacilityType>.fold(code)), type != .other else { continue }
            byType[type.rawValue, default: []].insert(KeywordMatcher<FacilityType>.fold(word))
        }
        return byType.mapValues { words in
            words.filter { !$0.isEmpty }.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        }
    }

    /// The words of the vocabulary that name one installation, each reporter's own (the survey's 摄像头 or 监控, the
    /// police's 雪亮工程点位 or 视频监控, the power company's 新能源充电设施): a name using one of a group and a name using
    /// another may be the same installation. Words of one type in no group, or in two groups, name installations of
    /// their own (垃圾站 / 公厕, 门禁 / 摄像头, 换电站 / 充电桩, 配电房 / 变压器, 变电站 / 变压器, 室内消火栓 / 室外消火栓),
    /// and two names of two kinds are never one facility; a word with more in front of another (太阳能路灯 of 路灯) is
    /// a particular kind of it, unless that word's group has particular words of its own (室外消火栓, 市政消火栓: a
    /// 消火栓 is the hydrant outside, no 室内消火栓). See `fieldWords` for the words that name no installation. A
    /// group holds the plain word and the reporters' particular words for the same installation: the power company's
    /// 箱变 (箱式变压器, 箱式变电站) is the transformer a survey calls 变压器, and the fire brigade's 市政消火栓 the
    /// survey's 室外消火栓 or 消火栓.
    static let oneInstallation: [[String]] = [
        ["监控", "监控探头", "摄像头", "探头", "视频监控", "雪亮工程", "天网", "天网工程", "电子眼", "平安黔哨"],
        ["充电桩", "电动汽车充电桩", "充电站", "新能源充电设施", "充电设施", "充电", "充电柜", "电动车充电"],
        ["电梯", "加装电梯", "升降梯", "直梯"],
        ["变压器", "箱变", "变电箱"],
        ["消火栓", "消防栓", "室外消火栓", "市政消火栓"],
        // The survey's 基站 or 通信基站 is the tower company's 宏站 and the operator's 移动基站 (the operator's name
        // tells two operators' stations apart, not the word); the tower they stand on is a 铁塔.
        ["基站", "5g基站", "通信基站", "移动基站", "宏站", "宏基站", "微站", "微基站"],
        ["铁塔", "通信铁塔"],
        ["变电站", "变电所"],
        ["微型消防站", "微消站", "消防站"],
        ["消防通道", "消防车通道", "生命通道"],
        ["公厕", "公共厕所", "公共卫生间", "厕所", "卫生间"],
        // Booster pumping for the upper floors: the 二次供水 pump station.
        ["二次供水", "二次加压", "加压泵站", "加压泵房"],
        ["泵房", "水泵房"],
        ["车棚", "非机动车棚", "自行车棚", "电动车棚", "停车棚", "停放棚"],
        ["老年食堂", "幸福食堂", "老人食堂", "长者食堂"],
        ["议事室", "协商议事室", "议事厅"],
        ["换热站", "热力站", "供热站"],
    ]

    /// Words of the vocabulary that name a field installations serve, not an installation: a word in no
    /// `oneInstallation` group that another built-in word begins with (消防 of 消防栓 and 消防车通道, 供电 of 供电线路,
    /// 照明 of 照明灯, 垃圾 of 垃圾站), folded as labels are. A name saying only the field is no other kind than the
    /// installation that begins with it; a word that names an installation (消火栓, 路灯) is no field, though a longer
    /// word holds it (室内消火栓, 太阳能路灯: installations of their own).
    public static func fieldWords() -> Set<String> {
        let grouped = Set(oneInstallation.joined().map(KeywordMatcher<FacilityType>.fold))
        let vocabulary = Set(words.filter { $0.value != .other }.keys.map(KeywordMatcher<FacilityType>.fold))
        return vocabulary.filter { word in
            !word.isEmpty && !grouped.contains(word) && vocabulary.contains { $0.count > word.count && $0.hasPrefix(word) }
        }
    }

    /// Word of the vocabulary → the installation it names, folded as labels are: the first word of its
    /// `oneInstallation` group (雪亮工程, 摄像头 and 视频监控 name 监控; 新能源充电设施 names 充电桩). Words in no group
    /// are not listed: each names an installation of its own.
    public static func installationNames() -> [String: String] {
        var names: [String: String] = [:]
        for group in oneInstallation {
            guard let first = group.first.map(KeywordMatcher<FacilityType>.fold) else { continue }
            for word in group { names[KeywordMatcher<FacilityType>.fold(word)] = first }
        }
        return names
    }

    /// Tie order for contained words of equal length, shorter than `headLength`: specific equipment before the
    /// broad utility it draws on, and heating before the fuel it burns (`燃气锅炉` is a boiler: `.heating`).
    static let specificity: [FacilityType] = [
        .ev_charger, .base_station_5g, .surveillance, .fire_safety, .elevator, .street_light, .elderly_care,
        .childcare, .health, .culture, .fitness, .community_service, .heating, .gas, .drainage, .water_supply,
        .sanitation, .parking, .green_space, .power, .telecom, .other,
    ]

    static let matcher: KeywordMatcher<FacilityType> = {
        var words = FacilityType.words
        for type in FacilityType.allCases { words[type.rawValue] = type }
        let ranks = Dictionary(uniqueKeysWithValues: specificity.enumerated().map { ($1, $0) })
        return KeywordMatcher(words, headLength: headLength) { ranks[$0] ?? specificity.count }
    }()

    /// Contained words this long or longer name an installation (充电桩, 变压器, 停车场), and of two such words of
    /// equal length the one named last decides; a two-character word as often names what an installation serves
    /// or does (充电车位, 体育公园, 消防电梯) as the installation, and its ties go by `specificity`.
    static let headLength = 3

    /// Built-in labels. Bare characters shared by several types (电, 水, 卫生, 服务) are deliberately absent:
    /// only words that name one type appear, and longer words override the shorter ones they contain.
    static let words: [String: FacilityType] = {
        let groups: [(FacilityType, [String])] = [
            (.ev_charger, ["充电桩", "电动汽车充电桩", "新能源充电设施", "充电站", "充电设施", "充电", "充电柜",
                           "换电站", "充电车棚", "电动车充电"]),
            (.surveillance, ["监控探头", "摄像头", "平安黔哨", "雪亮工程", "视频监控", "监控", "探头", "天网",
                             "天网工程", "安防", "门禁", "人脸识别", "电子眼"]),
            (.base_station_5g, ["5g基站", "基站", "通信基站", "5g", "通信铁塔", "铁塔", "移动基站", "微基站", "宏站", "宏基站", "微站", "室分"]),
            (.power, ["变压器", "配电房", "箱变", "供电", "电力", "配电", "变电站", "变电所", "电表", "电网",
                      "供配电", "配电箱", "电力线路", "电线", "供电线路", "高压线", "变电箱", "变电柜", "开闭所", "环网柜", "电力电缆"]),
            (.street_light, ["路灯", "照明", "庭院灯", "太阳能路灯", "照明灯", "楼道灯", "高杆灯", "景观灯", "草坪灯"]),
            (.fire_safety, ["消防", "消防栓", "消火栓", "室外消火栓", "市政消火栓",
                            // An indoor hydrant (the cabinet on a stairwell) is an installation of its own.
                            "室内消火栓", "灭火器", "消防通道", "微型消防站", "消防设施", "消防水箱",
                            "消防水池", "消防泵房", "生命通道", "消防车通道", "烟感", "烟感探头", "喷淋",
                            // The fire water system is fire safety, though its parts carry water words
                            // (水泵房, 供水管网, 蓄水池) that are longer than 消防.
                            "消防水泵", "消防水泵房", "消防泵", "消防供水", "消防供水管网", "消防给水", "消防给水管网",
                            "消防管网", "消防管道", "消防蓄水池", "消防水源", "水泵接合器", "应急照明", "疏散指示", "安全出口",
                            "防火门", "火灾报警", "消防加压泵",
                            // A mini fire station and its short forms.
                            "微消站", "消防站"]),
            (.water_supply, ["供水", "水表", "二次供水", "水箱", "自来水", "给水", "供水管网", "水泵房", "泵房",
                             "蓄水池", "水塔", "饮水",
                             // Booster pumping for the upper floors (二次加压泵站 is the 二次供水 pump station).
                             "二次加压", "加压泵站", "加压泵房"]),
            (.drainage, ["排水", "雨污管网", "雨污", "雨污分流", "化粪池", "下水道", "污水", "雨水", "排污",
                         "窨井", "排水沟", "污水管网"]),
            (.sanitation, ["垃圾站", "垃圾桶", "公厕", "环卫", "垃圾", "垃圾房", "垃圾中转站", "垃圾分类", "公共厕所",
                           "厕所", "环境卫生", "果皮箱", "卫生间", "公共卫生间", "旱厕"]),
            (.parking, ["停车场", "停车位", "车棚", "停车", "车位", "车库", "非机动车棚", "停放棚", "非机动车停放",
                       "自行车棚", "电动车棚", "停车棚"]),
            (.gas, ["燃气", "天然气管道", "天然气", "煤气", "燃气管道", "管道燃气", "调压箱"]),
            (.elevator, ["电梯", "加装电梯", "升降梯", "直梯"]),
            (.green_space, ["绿地", "绿化", "公园", "口袋公园", "游园", "绿道", "花坛", "花池", "绿化带", "草坪"]),
            (.fitness, ["健身器材", "健身路径", "体育", "健身", "运动场", "篮球场", "球场", "全民健身", "体育设施"]),
            (.culture, ["文化室", "图书室", "文化活动中心", "文化", "图书馆", "书屋", "农家书屋", "阅览室", "文体",
                        "文明实践", "新时代文明实践站", "文化服务"]),
            (.elderly_care, ["养老", "日间照料中心", "老年食堂", "日间照料", "敬老院", "养老院", "老年", "助餐",
                             "养老服务", "养老服务中心", "居家养老", "长者食堂", "托老所", "托老", "幸福院",
                             "敬老", "助老",
                             // Canteens for the elderly: 幸福食堂 is Guizhou's name for the 老年食堂.
                             "幸福食堂", "老人食堂", "助餐点"]),
            (.childcare, ["托育", "托儿所", "幼儿园", "托幼", "早教", "婴幼儿照护", "儿童之家"]),
            (.health, ["卫生室", "卫生服务站", "诊所", "卫生站", "卫生院", "卫生服务", "卫生服务中心", "医院", "医务室",
                       "医疗", "卫生所"]),
            (.community_service, ["社区服务中心", "便民服务", "协商议事室", "议事", "议事室", "议事厅", "服务中心",
                                  "党群服务", "社区服务", "便民服务中心", "便民服务站"]),
            // A boiler house is heating whatever it burns (燃气锅炉房, 天然气锅炉房).
            (.heating, ["供暖", "暖气", "供热", "采暖", "集中供暖", "锅炉", "锅炉房", "天然气锅炉",
                       // Heat exchange and district-heating substations.
                       "换热站", "热力站", "供热站", "换热", "热力"]),
            // 弱电 (low-voltage: data, telephone, cable TV) is telecom; 弱电线 keeps the 电线 inside 弱电线路 from
            // reading it as a power line.
            (.telecom, ["宽带", "光纤", "通信", "电信", "通讯", "光缆", "网络", "有线电视", "通信管线", "弱电", "弱电线",
                        "弱电线路"]),
            (.other, ["其他", "其它"]),
        ]
        var words: [String: FacilityType] = [:]
        for (type, labels) in groups {
            for label in labels {
                precondition(words[label] == nil, "facility word \(label) listed twice")
                words[label] = type
            }
        }
        return words
    }()
}
