/// The report's bilingual wording for the warehouse's codes (status, area type, facility type, flag, severity).
///
/// Codes the report does not know are shown as they are, so a new code never hides a row.
enum Labels {
    static func runStatus(_ code: String) -> String {
        switch code {
        case "succeeded": return "成功 succeeded"
        case "failed": return "失败 failed"
        case "partial": return "部分完成 partial"
        case "running": return "运行中 running"
        case "interrupted": return "已中断 interrupted"
        default: return code
        }
    }

    static func batchStatus(_ code: String) -> String {
        switch code {
        case "loaded": return "已入库 loaded"
        case "held": return "已暂扣 held"
        default: return code
        }
    }

    static func severity(_ code: String) -> String {
        switch code {
        case "error": return "错误 error"
        case "warning": return "警告 warning"
        default: return code
        }
    }

    static func areaType(_ code: String?) -> String {
        switch code {
        case "old_compound": return "老旧小区 old compound"
        case "shantytown": return "棚户区 shantytown"
        case "urban_fringe": return "城乡结合部 urban fringe"
        case "other": return "其他 other"
        case nil, "": return "未分类 unclassified"
        case let code?: return code
        }
    }

    static func facilityType(_ code: String) -> String {
        let names: [String: String] = [
            "water_supply": "供水", "drainage": "排水", "heating": "供暖", "power": "供电", "telecom": "通信",
            "sanitation": "环卫", "parking": "停车", "base_station_5g": "5G基站", "ev_charger": "充电桩",
            "gas": "燃气", "elevator": "电梯", "fire_safety": "消防", "green_space": "绿地", "surveillance": "监控",
            "street_light": "路灯", "fitness": "健身", "culture": "文化", "elderly_care": "养老", "childcare": "托育",
            "health": "卫生", "community_service": "社区服务", "other": "其他",
        ]
        guard let chinese = names[code] else { return code }
        return "\(chinese) \(code.replacingOccurrences(of: "_", with: " "))"
    }

    /// The basic facility types of `dws_compound_summary.missing_basic_types` (docs/warehouse.md).
    static let basicFacilityTypes = ["water_supply", "drainage", "power", "fire_safety", "sanitation", "street_light"]

    /// The five special-difficulty flags, in the order of `ads_special_difficulty_by_compound`.
    static let specialFlags = [
        "低保 low income", "特困 extreme poverty", "残疾 disabled member", "独居老人 elderly alone",
        "留守儿童 left-behind child",
    ]
}
