import Foundation
import RongtongConfig
import XCTest
@testable import RongtongNormalize

final class FacilityValueTests: XCTestCase {
    // MARK: Facility types

    func testEverySynonymGroupMapsToItsContractCode() {
        let expected: [FacilityType: [String]] = [
            .ev_charger: ["充电桩", "电动汽车充电桩", "新能源充电设施", "充电站"],
            .surveillance: ["监控探头", "摄像头", "平安黔哨", "雪亮工程", "视频监控"],
            .base_station_5g: ["5G基站", "基站", "通信基站"],
            .power: ["变压器", "配电房", "箱变", "供电"],
            .street_light: ["路灯", "照明"],
            .fire_safety: ["消防栓", "消火栓", "灭火器", "消防通道", "微型消防站"],
            .water_supply: ["供水", "水表", "二次供水", "水箱"],
            .drainage: ["排水", "雨污管网", "化粪池", "下水道"],
            .sanitation: ["垃圾站", "垃圾桶", "公厕", "环卫"],
            .parking: ["停车场", "停车位", "车棚"],
            .gas: ["燃气", "天然气管道"],
            .elevator: ["电梯", "加装电梯"],
            .green_space: ["绿地", "绿化", "公园"],
            .fitness: ["健身器材", "健身路径", "体育"],
            .culture: ["文化室", "图书室", "文化活动中心"],
            .elderly_care: ["养老", "日间照料中心", "老年食堂"],
            .childcare: ["托育", "托儿所", "幼儿园"],
            .health: ["卫生室", "卫生服务站", "诊所"],
            .community_service: ["社区服务中心", "便民服务", "协商议事室"],
            .heating: ["供暖", "暖气"],
            .telecom: ["宽带", "光纤", "通信", "电信"],
            .other: ["其他"],
        ]
        XCTAssertEqual(Set(expected.keys), Set(FacilityType.allCases), "a type without synonyms under test")
        for (type, labels) in expected {
            for label in labels {
                XCTAssertEqual(FacilityType.parse(label), type, label)
            }
        }
    }

    func testCodesThemselvesParseInAnyCase() {
        for type in FacilityType.allCases {
            XCTAssertEqual(FacilityType.parse(type.rawValue), type)
            XCTAssertEqual(FacilityType.parse(" " + type.rawValue.uppercased() + " "), type)
        }
    }

    func testCommonSurveyWordsForBasicTypesAreKnown() {
        let cases: [(String, FacilityType)] = [
            ("公共卫生间", .sanitation), ("3号楼旁卫生间", .sanitation), ("旱厕", .sanitation),
            ("变电箱", .power), ("环网柜", .power), ("开闭所", .power),
            ("托老所", .elderly_care), ("农村幸福院", .elderly_care),
            ("宏站", .base_station_5g), ("移动5G宏站", .base_station_5g), ("微站", .base_station_5g),
            ("水泵接合器", .fire_safety), ("消防水泵接合器", .fire_safety), ("应急照明", .fire_safety),
            ("疏散指示标志", .fire_safety), ("高杆灯", .street_light), ("燃气调压箱", .gas), ("村卫生所", .health),
        ]
        for (label, type) in cases {
            XCTAssertEqual(FacilityType.parse(label), type, label)
        }
    }

    func testOverlappingWordsGoToTheSpecificType() {
        let cases: [(String, FacilityType)] = [
            ("充电桩", .ev_charger), ("电动自行车充电桩", .ev_charger), ("停车场充电桩", .ev_charger),
            ("充电车棚", .ev_charger), ("供电线路", .power), ("加装电梯", .elevator), ("电信光缆", .telecom),
            ("电信基站", .base_station_5g), ("消防水箱", .fire_safety), ("消防供水", .fire_safety),
            ("二次供水泵房", .water_supply), ("社区卫生服务中心", .health), ("养老服务中心", .elderly_care),
            ("党群服务中心", .community_service), ("环境卫生", .sanitation), ("烟感探头", .fire_safety),
            ("老年活动中心", .elderly_care), ("体育公园", .fitness), ("太阳能路灯", .street_light),
            ("天然气管道", .gas), ("雨污分流管网", .drainage), ("消防水泵房", .fire_safety),
            ("消防供水管网", .fire_safety), ("消防给水管网", .fire_safety), ("消防蓄水池", .fire_safety),
            ("1号楼消防水泵", .fire_safety), ("生活水泵房", .water_supply), ("供水管网", .water_supply),
        ]
        for (label, type) in cases {
            XCTAssertEqual(FacilityType.parse(label), type, label)
        }
    }

    /// The installation decides, not what it burns, carries or serves: a boiler house is heating whatever its fuel,
    /// 弱电 lines are telecom though 电线 sits inside 弱电线路, and a remark in brackets does not outrank the head noun
    /// before it (the 配电箱 reserved for chargers is power). Brackets decide when nothing outside them names a type.
    func testTheInstallationDecidesOverItsFuelItsCablesAndARemark() {
        let cases: [(String, FacilityType)] = [
            ("燃气锅炉房", .heating), ("燃气锅炉", .heating), ("天然气锅炉房", .heating), ("天然气锅炉", .heating),
            ("燃煤锅炉房", .heating), ("燃气管道", .gas), ("燃气调压箱", .gas),
            ("弱电线路", .telecom), ("弱电线缆", .telecom), ("弱电井", .telecom), ("弱电", .telecom),
            ("电线", .power), ("电力线路", .power),
            ("配电箱（充电桩专用）", .power), ("配电箱(充电桩专用)", .power), ("配电箱【充电桩】", .power),
            ("供配电设施（配电房）", .power), ("5G基站（楼顶）", .base_station_5g),
            ("设施（充电桩）", .ev_charger), ("其他（充电桩）", .ev_charger), ("（充电桩）", .ev_charger),
        ]
        for (label, type) in cases {
            XCTAssertEqual(FacilityType.parse(label), type, label)
        }
        // The pipeline's own word for the whole label still decides.
        XCTAssertEqual(FacilityType.parse("配电箱（充电桩专用）", extra: ["配电箱（充电桩专用）": "ev_charger"]), .ev_charger)
    }

    /// Survey words for mini fire stations, booster pump stations, heat exchange stations, canteens for the elderly,
    /// bicycle sheds and flower beds name their types.
    func testSurveyWordsForStationsCanteensShedsAndFlowerBedsAreKnown() {
        let cases: [(String, FacilityType)] = [
            ("微消站", .fire_safety), ("微型消防站", .fire_safety), ("社区消防站点", .fire_safety),
            ("二次加压泵站", .water_supply), ("加压泵房", .water_supply), ("消防加压泵房", .fire_safety),
            ("换热站", .heating), ("热力站", .heating), ("供热站", .heating), ("热力管网", .heating),
            ("幸福食堂", .elderly_care), ("老年食堂", .elderly_care), ("长者食堂", .elderly_care), ("社区助餐点", .elderly_care),
            ("非机动车停放棚", .parking), ("自行车棚", .parking), ("电动车棚", .parking), ("停车棚", .parking),
            ("小区花坛", .green_space), ("花池", .green_space), ("绿化带", .green_space), ("草坪", .green_space),
            ("草坪灯", .street_light),
        ]
        for (label, type) in cases {
            XCTAssertEqual(FacilityType.parse(label), type, label)
        }
    }

    /// Of two installation words of equal length (three characters or more), the one named last is the head noun:
    /// a transformer serving chargers is power, as the 配电箱 reserved for chargers is, and a charger at a car park
    /// is a charger. Two-character words still tie by specificity (a 充电车位 is for charging, a 体育公园 for sport).
    func testTheInstallationNamedLastDecides() {
        let cases: [(String, FacilityType)] = [
            ("充电桩配套变压器", .power), ("西侧充电桩配套变压器", .power), ("充电桩配套变压器1号", .power),
            ("充电桩专用配电箱", .power), ("变压器旁充电桩", .ev_charger), ("停车场充电桩", .ev_charger),
            ("充电车位", .ev_charger), ("体育公园", .fitness), ("燃气锅炉", .heating), ("电信基站", .base_station_5g),
            ("消防供水泵房", .fire_safety),
        ]
        for (label, type) in cases {
            XCTAssertEqual(FacilityType.parse(label), type, label)
        }
    }

    func testLongerLabelsAreMatchedByTheWordTheyContain() {
        XCTAssertEqual(FacilityType.parse("东升小区3号充电桩"), .ev_charger)
        XCTAssertEqual(FacilityType.parse("小区出入口摄像头(高清)"), .surveillance)
        XCTAssertEqual(FacilityType.parse("中国移动5G基站"), .base_station_5g)
    }

    /// The words naming one installation are words of the vocabulary, all of one type, each in one group: 摄像头 and
    /// 雪亮工程 name the installation 监控; 门禁 and 换电站 name installations of their own.
    func testWordsOfOneInstallationAreVocabularyWordsOfOneType() {
        var seen: Set<String> = []
        for group in FacilityType.oneInstallation {
            let types = Set(group.map { FacilityType.words[$0] })
            XCTAssertEqual(types.count, 1, "\(group)")
            XCTAssertFalse(types.contains(nil), "\(group): a word the vocabulary does not know")
            for word in group { XCTAssertTrue(seen.insert(word).inserted, "\(word) in two groups") }
        }
        let names = FacilityType.installationNames()
        XCTAssertEqual(names["雪亮工程"], "监控")
        XCTAssertEqual(names["摄像头"], names["视频监控"])
        XCTAssertEqual(names["新能源充电设施"], "充电桩")
        XCTAssertNil(names["门禁"])
        XCTAssertNil(names["垃圾站"])
        // A 箱变 is a transformer; a 配电房 (the room) and a 变电站 (a substation) are installations of their own.
        XCTAssertEqual(names["箱变"], "变压器")
        XCTAssertEqual(names["变电箱"], "变压器")
        XCTAssertNil(names["配电房"])
        XCTAssertNotEqual(names["变电站"], "变压器")
        XCTAssertEqual(names["变电所"], names["变电站"], "变电所 and 变电站 are one substation")
        XCTAssertEqual(names["市政消火栓"], names["室外消火栓"])
        XCTAssertEqual(names["消防栓"], "消火栓")
        XCTAssertNil(names["室内消火栓"], "an indoor hydrant is an installation of its own")
        XCTAssertEqual(FacilityType.parse("市政消火栓"), .fire_safety)
        // A field (消防, 供电, 照明) is no installation; an installation's word (消火栓, 路灯) is no field, though
        // 室内消火栓 and 太阳能路灯 hold it.
        let fields = FacilityType.fieldWords()
        XCTAssertTrue(fields.isSuperset(of: ["消防", "供电", "照明", "垃圾", "供水"]))
        XCTAssertTrue(fields.isDisjoint(with: ["消火栓", "消防栓", "路灯", "箱变", "变压器", "充电桩", "充电", "基站", "公厕"]))
    }

    func testFullWidthFormsAreFoldedBeforeMatching() {
        XCTAssertEqual(FacilityType.parse("　５Ｇ基站　"), .base_station_5g)
        XCTAssertEqual(FacilityType.parse("ＥＶ_ＣＨＡＲＧＥＲ"), .ev_charger)
    }

    func testUnknownOrEmptyLabelsGiveNil() {
        XCTAssertNil(FacilityType.parse(""))
        XCTAssertNil(FacilityType.parse("   "))
        XCTAssertNil(FacilityType.parse("电"))
        XCTAssertNil(FacilityType.parse("水"))
        XCTAssertNil(FacilityType.parse("卫生"))
        XCTAssertNil(FacilityType.parse("某某设备"))
    }

    func testPipelineVocabularyIsConsultedFirst() {
        XCTAssertEqual(FacilityType.parse("换电柜", extra: ["换电柜": "ev_charger"]), .ev_charger)
        // The pipeline may redefine a built-in word.
        XCTAssertEqual(FacilityType.parse("照明", extra: ["照明": "power"]), .power)
        // Its words are folded like the built-in ones and also found inside longer labels.
        XCTAssertEqual(FacilityType.parse("1号楼ＡＥＤ设备", extra: ["aed": "health"]), .health)
        // A longer built-in word still beats a shorter pipeline word.
        XCTAssertEqual(FacilityType.parse("充电桩", extra: ["桩": "other"]), .ev_charger)
        // An entry naming no contract code is ignored.
        XCTAssertNil(FacilityType.parse("换电柜", extra: ["换电柜": "battery_swap"]))
    }

    // MARK: Statuses

    func testStatusWordsMapToTheirCodes() {
        let expected: [FacilityStatus: [String]] = [
            .in_service: ["在用", "正常", "运行", "使用中", "已建成", "正常使用", "投入使用", "投运", "已投运", "畅通", "in_service"],
            .under_construction: ["在建", "建设中", "施工中", "under_construction"],
            .planned: ["规划", "拟建", "计划", "planned"],
            .out_of_service: ["停用", "报废", "故障", "损坏", "废弃", "已损坏", "未投运", "不畅通", "堵塞", "out_of_service"],
            .unknown: ["不详", "未知", "unknown"],
        ]
        for (status, words) in expected {
            for word in words {
                XCTAssertEqual(FacilityStatus.parse(word), status, word)
            }
        }
    }

    func testNegatedStatusWordsAreNotReadAsTheirPositive() {
        XCTAssertEqual(FacilityStatus.parse("未运行"), .out_of_service)
        XCTAssertEqual(FacilityStatus.parse("不正常"), .out_of_service)
        XCTAssertEqual(FacilityStatus.parse("停止使用"), .out_of_service)
        XCTAssertEqual(FacilityStatus.parse("运行异常"), .out_of_service)
    }

    func testANegationBeforeAServingWordIsNotServing() {
        for text in ["不在用", "未启用", "已停止运行", "无法正常使用", "不能正常使用", "未投入运行", "暂停运营", "没有运行",
                     "不可用", "尚未正式投入使用"] {
            XCTAssertEqual(FacilityStatus.parse(text), .out_of_service, text)
        }
        XCTAssertEqual(FacilityStatus.parse("尚未竣工"), .under_construction)
        // The negation belongs to its own clause; whole-text words stay as they are.
        XCTAssertEqual(FacilityStatus.parse("无,在用"), .in_service)
        XCTAssertEqual(FacilityStatus.parse("已启用"), .in_service)
        XCTAssertEqual(FacilityStatus.parse("正常运行"), .in_service)
        // A negation further back negates something else.
        for text in ["24小时不间断运行", "无人值守正常运行", "停电后已恢复运行", "不影响正常使用", "不影响运行", "停车场在用",
                     "未改造在用"] {
            XCTAssertEqual(FacilityStatus.parse(text), .in_service, text)
        }
        // A fault word negated right before it says nothing is wrong.
        for text in ["无故障", "正常（无故障）", "运行正常，无故障", "未发现故障", "未停运", "无异常", "正常运行（无停用）", "无损坏",
                     "故障已排除", "故障已修复", "非停用"] {
            XCTAssertEqual(FacilityStatus.parse(text), .in_service, text)
        }
        XCTAssertEqual(FacilityStatus.parse("未停用但已损坏"), .out_of_service)
        // 未见 negates a fault as 未发现 does; a partial fault beside a serving word leaves the facility in service.
        for text in ["未见异常", "未见损坏", "正常使用，个别损坏", "在用（部分损坏）", "正常运行，局部破损"] {
            XCTAssertEqual(FacilityStatus.parse(text), .in_service, text)
        }
        XCTAssertEqual(FacilityStatus.parse("部分损坏"), .out_of_service, "no serving word: the damage is all it says")
        XCTAssertEqual(FacilityStatus.parse("不正常"), .out_of_service)
        // The pipeline's serving words are negated alike, unless the whole text is its word.
        XCTAssertEqual(FacilityStatus.parse("未开通", extra: ["开通": "in_service"]), .out_of_service)
        XCTAssertEqual(FacilityStatus.parse("不停机", extra: ["不停机": "in_service"]), .in_service)
    }

    /// Inspectors' phrasings of a site visit: what was not seen running, a fault not seen, a facility not found,
    /// a partial fault in either word order.
    func testInspectorPhrasingsOfASiteVisit() {
        let expected: [FacilityStatus: [String]] = [
            // Not seen serving, unused, not found on site (serves no one: out_of_service, not unknown).
            .out_of_service: ["未见运行", "未见启用", "未见使用", "未见投入使用", "未见正常运行", "未见使用痕迹", "未使用",
                              "长期未使用", "无人使用", "长期无人使用", "不宜使用", "无法继续使用", "禁止使用", "未开通",
                              "现场未见", "现场未见设施", "未见该设施", "现场未见路灯", "经现场核查，未找到该设施", "现场找不到",
                              "现场无此设施", "已不存在", "未见",
                              // A partial fault alone is all the text says, whichever word comes first.
                              "部分损坏", "损坏部分", "部分故障", "故障部分", "损坏（部分）", "局部破损", "破损局部",
                              "个别损坏", "轻微损坏", "损坏轻微", "部分路灯不亮", "部分损坏，不能使用", "损坏部分，无法使用",
                              "部分损坏已停用", "损坏严重", "损坏严重，无法使用", "破损", "无异常，未见使用",
                              // Built, not yet in service.
                              "待投用", "待投入使用", "待启用", "待开通", "未通电", "待通电", "无法启动", "尚未投用",
                              "已建成待投用", "建成未投用"],
            // A negated fault is no fault; a partial fault beside a serving word leaves the facility serving.
            .in_service: ["未见明显损坏", "未见异常", "未见故障", "未见破损", "未见明显破损", "未见明显的损坏", "无明显损坏",
                          "未发现明显异常", "暂无异常", "无较大损坏", "不存在故障", "现场未见异常", "外观完好，未见锈蚀",
                          "运行良好无异常", "未见异常，正常使用",
                          "局部损坏可使用", "可使用局部损坏", "局部损坏，可使用", "可使用，损坏局部", "在用（部分损坏）",
                          "在用（损坏部分）", "正常，部分故障", "正常，故障部分", "部分损坏，正常使用", "损坏部分，正常使用",
                          "轻微破损可正常使用", "破损轻微，可正常使用", "部分路灯不亮，其余正常", "部分可用部分损坏",
                          "使用", "使用正常", "正在使用", "不影响使用", "已开通"],
        ]
        for (status, texts) in expected {
            for text in texts { XCTAssertEqual(FacilityStatus.parse(text), status, text) }
        }
        // Something not seen that is no facility and no known fault (rust) is no status word.
        XCTAssertNil(FacilityStatus.parse("未见锈蚀"))
        // The pipeline's own word for the whole text wins.
        XCTAssertEqual(FacilityStatus.parse("现场未见", extra: ["现场未见": "unknown"]), .unknown)
    }

    /// A night-2 inspection reports what was put right (已修复, 整改完毕) and what was withdrawn (退网, 已退服): each
    /// is a status, while a repair still to be done stays out of service and a rectification not needed is none.
    func testRepairAndWithdrawalWordsAreStatuses() {
        let expected: [FacilityStatus: [String]] = [
            .in_service: ["已修复", "修复完成", "修复完毕", "已修好", "已整改", "整改完毕", "整改完成", "整改到位", "已维修",
                          "维修完成", "维修完毕", "已更换", "已恢复使用", "恢复正常", "已改造", "改造完成",
                          "故障已修复", "损坏已修复", "已整改，正常使用", "无需整改", "无需维修", "不需更换"],
            .out_of_service: ["退网", "已退网", "退服", "已退服", "退运", "已退役", "已拆除", "已撤除", "已移除", "已报废", "停用",
                              "已注销", "已关停", "已下线", "停机",
                              "待修复", "需修复", "未修复", "尚未修复", "修复中", "正在修复", "无法修复", "需维修", "已报修",
                              "待整改", "需整改", "未整改", "整改中", "待更换", "需更换", "未恢复", "损坏未修复"],
            .under_construction: ["改造中", "正在改造"],
        ]
        for (status, words) in expected {
            for word in words { XCTAssertEqual(FacilityStatus.parse(word), status, word) }
        }
    }

    /// A checklist item saying the facility is not there (无, 缺失, 未配建, 无此设施) is an absence, not a status of an
    /// existing facility; a fault negated (无故障), a word with more after it (未建成) or a whole word of the
    /// pipeline's that names a status is none.
    func testWordsSayingTheFacilityIsAbsent() {
        for text in ["无", "没有", "缺失", "缺少", "缺", "暂无", "暂缺", "尚无", "未配建", "尚未配建", "未建", "未建设", "未配置",
                     "未配备", "未设置", "未安装", "（无）", "无此设施", "没有该设施", "没有路灯", "未配建二次供水", "缺公厕",
                     "现场未见", "现场无此设施", "已不存在"] {
            XCTAssertTrue(FacilityStatus.saysAbsent(text), text)
            XCTAssertEqual(FacilityStatus.parse(text), .out_of_service, "\(text): serves no one")
        }
        for text in ["无故障", "无异常", "暂无异常", "无法使用", "没有运行", "未建成", "尚未建成", "未安装完成", "无水", "无,在用",
                     "在用", "故障", "已拆除", "未见锈蚀", ""] {
            XCTAssertFalse(FacilityStatus.saysAbsent(text), text)
        }
        XCTAssertEqual(FacilityStatus.parse("未建成"), .under_construction)
        // The pipeline's own words: `absent` for a word of its own, another status for a built-in absence word.
        XCTAssertTrue(FacilityStatus.saysAbsent("不具备", extra: ["不具备": "absent"]))
        XCTAssertFalse(FacilityStatus.saysAbsent("无", extra: ["无": "unknown"]))
        XCTAssertEqual(FacilityStatus.parse("无", extra: ["无": "unknown"]), .unknown)
        // out_of_service, all a pipeline could map 缺失 to before, still reads it as absent.
        XCTAssertTrue(FacilityStatus.saysAbsent("缺失", extra: ["缺失": "out_of_service"]))
        XCTAssertNil(FacilityStatus.parse("不具备", extra: ["不具备": "absent"]), "absent is no status of a facility")
    }

    /// The datum a feed names: the codes, their usual spellings, the maps and agencies behind them; CGCS2000 is
    /// WGS-84 for a facility's position. A projected system (its values are metres) is none.
    func testDatumNames() {
        let expected: [CoordinateSystem: [String]] = [
            .wgs84: ["wgs84", "WGS84", "WGS-84", "WGS 84", "wgs1984", "GPS", "gps坐标", "EPSG:4326", "地球坐标", "WGS84坐标系",
                     "CGCS2000", "cgcs-2000", "2000国家大地坐标系", "CGCS2000国家大地坐标系", "国家2000坐标系", "2000坐标系",
                     "天地图", "北斗", "ＷＧＳ－８４", "CGCS2000(国家2000)"],
            .gcj02: ["gcj02", "GCJ-02", "GCJ02坐标系", "国测局", "国测局坐标", "火星坐标", "火星坐标系", "高德", "高德地图",
                     "高德坐标", "腾讯", "腾讯地图", "amap", "Tencent", "GCJ-02（高德）", "高德【火星坐标】", "(高德)"],
            .bd09: ["bd09", "BD-09", "BD09LL", "百度", "百度坐标", "百度坐标系", "百度地图", "百度地图坐标", "百度经纬度", "baidu",
                    "百度坐标系(BD-09)", "百度 (bd09ll)"],
        ]
        for (datum, names) in expected {
            for name in names { XCTAssertEqual(CoordinateSystem.named(name), datum, name) }
        }
        // Trial fire F1: a name with its code in brackets is the datum when both agree; two datums, or a remark, are none.
        for name in ["bd09mc", "北京54", "西安80", "坐标系", "", "未知", "高德坐标（已转WGS84）", "WGS84（已纠偏）", "百度(bd09mc)"] { XCTAssertNil(CoordinateSystem.named(name), name) }
    }

    func testUnrecognisedStatusGivesNilAndExtraVocabularyApplies() {
        XCTAssertNil(FacilityStatus.parse("看情况"))
        XCTAssertNil(FacilityStatus.parse(""))
        XCTAssertEqual(FacilityStatus.parse("看情况", extra: ["看情况": "unknown"]), .unknown)
    }

    // MARK: Capacities

    func testCapacitiesKeepTheirUnits() {
        XCTAssertEqual(Capacity.parse("0.8MVA")?.unit, "MVA")
        XCTAssertEqual(CapacityUnit.declared("兆伏安")?.unit, "MVA")
        XCTAssertEqual(Capacity.parse("120kW"), Capacity(value: 120, unit: "kW"))
        XCTAssertEqual(Capacity.parse("20个"), Capacity(value: 20, unit: "个"))
        XCTAssertEqual(Capacity.parse("2台"), Capacity(value: 2, unit: "台"))
        XCTAssertEqual(Capacity.parse("500"), Capacity(value: 500, unit: nil))
        XCTAssertEqual(Capacity.parse("7.5 kW"), Capacity(value: 7.5, unit: "kW"))
    }

    func testCapacityScalesByWanAndYi() {
        XCTAssertEqual(Capacity.parse("1.5 万吨"), Capacity(value: 15000, unit: "吨"))
        XCTAssertEqual(Capacity.parse("2亿立方米"), Capacity(value: 200_000_000, unit: "m³"))
        XCTAssertEqual(Capacity.parse("3万"), Capacity(value: 30000, unit: nil))
    }

    func testCapacityUnitSpellingsAreMadeOne() {
        XCTAssertEqual(Capacity.parse("120KW")?.unit, "kW")
        XCTAssertEqual(Capacity.parse("120千瓦")?.unit, "kW")
        XCTAssertEqual(Capacity.parse("630kva")?.unit, "kVA")
        XCTAssertEqual(Capacity.parse("50m3")?.unit, "m³")
        XCTAssertEqual(Capacity.parse("200㎡")?.unit, "m²")
    }

    func testCapacityReadsFullWidthDigitsChineseNumeralsAndThousands() {
        XCTAssertEqual(Capacity.parse("１２０ｋＷ"), Capacity(value: 120, unit: "kW"))
        XCTAssertEqual(Capacity.parse("两台"), Capacity(value: 2, unit: "台"))
        XCTAssertEqual(Capacity.parse("二十个"), Capacity(value: 20, unit: "个"))
        XCTAssertEqual(Capacity.parse("1,200个"), Capacity(value: 1200, unit: "个"))
        XCTAssertEqual(Capacity.parse("约30盏"), Capacity(value: 30, unit: "盏"))
        XCTAssertEqual(Capacity.parse("60kW（快充）"), Capacity(value: 60, unit: "kW"))
    }

    func testCapacityWithoutOneClearNumberIsRejected() {
        XCTAssertNil(Capacity.parse(""))
        XCTAssertNil(Capacity.parse("若干"))
        XCTAssertNil(Capacity.parse("kW"))
        XCTAssertNil(Capacity.parse("-5台"))
        XCTAssertNil(Capacity.parse("2台120kW"))
        XCTAssertNil(Capacity.parse("10-20个"))
        XCTAssertNil(Capacity.parse(String(repeating: "九", count: 40) + "台"), "no overflow on long runs")
        XCTAssertEqual(Capacity.parse(String(repeating: "9", count: 40) + "台")?.value, 1e40)
    }

    // MARK: Coordinates

    private func metres(_ a: (lat: Double, lon: Double), _ b: (lat: Double, lon: Double)) -> Double {
        let radius = 6_371_008.8
        let dLat = (b.lat - a.lat) * .pi / 180
        let dLon = (b.lon - a.lon) * .pi / 180
        let h = sin(dLat / 2) * sin(dLat / 2)
            + cos(a.lat * .pi / 180) * cos(b.lat * .pi / 180) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * radius * asin(min(1, h.squareRoot()))
    }

    private let guizhouPoints: [(lat: Double, lon: Double)] = [
        (26.6470, 106.6302), // 贵阳 Guiyang
        (27.7254, 106.9272), // 遵义 Zunyi
        (26.2456, 105.9322), // 安顺 Anshun
        (24.9, 104.9), (29.2, 109.5),
    ]

    func testGCJ02PointConvertsBackToWithinFiveMetresOfItsWGS84Origin() {
        for origin in guizhouPoints {
            let gcj = CoordinateTransform.wgs84ToGCJ02(lat: origin.lat, lon: origin.lon)
            XCTAssertGreaterThan(metres(origin, gcj), 100, "GCJ-02 offset should be hundreds of metres")
            let back = CoordinateTransform.gcj02ToWGS84(lat: gcj.lat, lon: gcj.lon)
            XCTAssertLessThan(metres(origin, back), 5)
            XCTAssertLessThan(metres(origin, back), 0.5, "the iterated inverse is sub-metre")
        }
    }

    func testBD09PointConvertsBackToWithinFiveMetresOfItsWGS84Origin() {
        for origin in guizhouPoints {
            let bd = CoordinateTransform.wgs84ToBD09(lat: origin.lat, lon: origin.lon)
            XCTAssertGreaterThan(metres(origin, bd), 300)
            let back = CoordinateTransform.bd09ToWGS84(lat: bd.lat, lon: bd.lon)
            XCTAssertLessThan(metres(origin, back), 5)
        }
    }

    func testGCJ02ForwardMatchesThePublishedAlgorithm() {
        // The example the widely used coordtransform library (wandergis/coordtransform) documents.
        let gcj = CoordinateTransform.wgs84ToGCJ02(lat: 39.915, lon: 116.404)
        XCTAssertEqual(gcj.lat, 39.91640428150164, accuracy: 1e-9)
        XCTAssertEqual(gcj.lon, 116.41024449916938, accuracy: 1e-9)
    }

    func testPointsOutsideChinaAreLeftUnchanged() {
        let paris = (lat: 48.85, lon: 2.35)
        for transform in [CoordinateTransform.gcj02ToWGS84, CoordinateTransform.wgs84ToGCJ02,
                          CoordinateTransform.bd09ToWGS84, CoordinateTransform.wgs84ToBD09] {
            let result = transform(paris.lat, paris.lon)
            XCTAssertEqual(result.lat, paris.lat)
            XCTAssertEqual(result.lon, paris.lon)
        }
    }

    func testSwappedLatitudeAndLongitudeAreNotPlausibleInGuizhou() {
        XCTAssertTrue(CoordinateTransform.isPlausibleGuizhou(lat: 26.6470, lon: 106.6302))
        XCTAssertFalse(CoordinateTransform.isPlausibleGuizhou(lat: 106.6302, lon: 26.6470))
        XCTAssertFalse(CoordinateTransform.isPlausibleGuizhou(lat: 39.9, lon: 116.4)) // Beijing
    }
    /// Degrees-minutes-seconds in its common spellings, and both values in one cell in either order.
    func testCoordinatesInDegreesMinutesSecondsAndInOneCell() throws {
        XCTAssertEqual(try XCTUnwrap(CoordinateText.degrees("106°42′54.1″")), 106 + 42.0 / 60 + 54.1 / 3600, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(CoordinateText.degrees("26°35'26.6\"")), 26 + 35.0 / 60 + 26.6 / 3600, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(CoordinateText.degrees("26°35'26.6''")), 26 + 35.0 / 60 + 26.6 / 3600, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(CoordinateText.degrees("东经106度42分54.1秒")), 106 + 42.0 / 60 + 54.1 / 3600, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(CoordinateText.degrees("N26°35.5′")), 26 + 35.5 / 60, accuracy: 1e-9)
        XCTAssertEqual(CoordinateText.degrees("26.582477"), 26.582477)
        for bad in ["106°72′1″", "#VALUE!", "26.5.1", "106′42°", "", "约26度左右"] {
            XCTAssertNil(CoordinateText.degrees(bad), bad)
        }
        for written in ["106.708820,26.582477", "26.582477,106.708820", "26.582477，106.708820", "106.708820 26.582477",
                        "26°34′56.9″,106°42′31.8″"] {
            let pair = try XCTUnwrap(CoordinateText.pair(written), written)
            XCTAssertEqual(pair.lat, 26.5825, accuracy: 0.001, written)
            XCTAssertEqual(pair.lon, 106.7088, accuracy: 0.001, written)
        }
        // A GeoJSON position, a bracketed pair and a WKT point (longitude first), read by the same range rule.
        for written in ["[106.708820,26.582477]", "[106.708820, 26.582477]", "(26.582477,106.708820)",
                        "POINT(106.708820 26.582477)", "point (106.708820 26.582477)", "SRID=4326;POINT(106.708820 26.582477)",
                        "（106.708820，26.582477）"] {
            let pair = try XCTUnwrap(CoordinateText.pair(written), written)
            XCTAssertEqual(pair.lat, 26.5825, accuracy: 0.001, written)
            XCTAssertEqual(pair.lon, 106.7088, accuracy: 0.001, written)
        }
        XCTAssertNil(CoordinateText.pair("26.582477"))
        XCTAssertNil(CoordinateText.pair("26.5,106.7,3"))
        // A position with its altitude: GeoJSON's third value, WKT's Z (and M); a bare list of three stays unread.
        for written in ["[106.7,26.5,1070]", "POINT Z (106.7 26.5 1070)", "POINTZ(106.7 26.5 1070)",
                        "POINT ZM (106.7 26.5 1070 0)", "SRID=4326;POINT(106.7 26.5 1070)"] {
            let pair = try XCTUnwrap(CoordinateText.pair(written), written)
            XCTAssertEqual(pair.lat, 26.5, accuracy: 0.0001, written)
            XCTAssertEqual(pair.lon, 106.7, accuracy: 0.0001, written)
        }
        XCTAssertNil(CoordinateText.pair("[106.7,26.5,1070,3,4]"))
    }
}
