import Foundation

// MARK: - Code lists

extension WarehouseCatalog {
    static let areaTypes: [WarehouseCode] = [
        WarehouseCode("old_compound", "老旧小区"), WarehouseCode("shantytown", "棚户区"),
        WarehouseCode("urban_fringe", "城乡结合部"), WarehouseCode("other", "其他; also a resettlement compound: 安置小区, 安置房, 回迁房"),
    ]
    static let facilityTypes: [WarehouseCode] = [
        "water_supply", "drainage", "heating", "power", "telecom", "sanitation", "parking", "base_station_5g",
        "ev_charger", "gas", "elevator", "fire_safety", "green_space", "surveillance", "street_light", "fitness",
        "culture", "elderly_care", "childcare", "health", "community_service", "other",
    ]
    /// The facility types every compound should have (`dws_compound_summary.missing_basic_types`).
    static let basicFacilityTypes: [WarehouseCode] = [
        "water_supply", "drainage", "power", "fire_safety", "sanitation", "street_light",
    ]
    static let facilityStatuses: [WarehouseCode] = [
        "in_service", "under_construction", "planned", "out_of_service", "unknown",
    ]
    static let projectStatuses: [WarehouseCode] = ["not_started", "in_progress", "completed", "unknown"]
    static let householdRules: [WarehouseCode] = [
        WarehouseCode("id_hash", "the same head resident ID, score 1.0"),
        WarehouseCode("address+name", "the same compound, building, unit and room, and a head name equal, score 0.95, or one character apart, 0.85"),
        WarehouseCode("address+phone", "the same compound, building, unit and room (or the same villager's door), and the same phone hash, which no household elsewhere holds, whatever the names (a spouse's account), 0.9"),
        WarehouseCode("address+holder", "the dwelling alone: a record naming an account holder (`record_names: account_holder`, or an organisation) joins the household living at its dwelling, or a record joins the household only account holders' records made there, 0.8"),
        WarehouseCode("phone+name", "the same phone hash and a head name equal or one character apart, 0.8"),
        WarehouseCode("member_id", "a new head whose resident ID a record of the household listed as a member (the head died or moved out), under the record's own key, or at the household's dwelling or door, 0.95"),
        WarehouseCode("member_name", "a new head whose name a record of the household listed as a member (a member list without IDs), under the record's own key and at the household's dwelling or door, 0.9"),
        WarehouseCode("member_is_head", "the record lists the household's head (by resident ID) as a member, at the household's dwelling or door, and its own valid ID is no household's head's (the spouse named as 户主 by another source), 0.9"),
        WarehouseCode("key+place", "a new head named by the household's only record, under its own key, at the household's dwelling or door, the record listing no members (a grid census's 户编号 naming the widow) or naming the same head (a corrected ID), 0.9"),
        WarehouseCode("new", "nothing matched and a new household was created, 1.0"),
    ]
    /// Rules a household record can be linked by besides the evidence rules (`household_source.match_rule` only).
    static let householdRecordRules: [WarehouseCode] = [
        WarehouseCode("same_evidence", "the record's own evidence (ID, else place, name and phone) mints the id of an existing household: the same row again, 0.9"),
        WarehouseCode("alias", "its evidence mints the id of a household merged away: linked to the household that absorbed it, 1.0"),
        WarehouseCode("ambiguous", "a rule's evidence fitted several households equally and nothing else the record carries told them apart: linked to none of them, a household of its own, 0.5, with an `ambiguous_household` warning"),
    ]
    /// How a rule's name says that the record's other evidence broke a tie between households.
    static let householdTieNote = "A rule whose evidence fitted several households equally, of which the record's other evidence agreed with one, ends in `:tie_broken_by_` and that evidence (`id`, `phone`, `birth_date`, `member_count` or `gender`), e.g. `address+name:tie_broken_by_phone`."
    /// How its score says so.
    static let householdTieScoreNote = "Its score is then 0.05 lower for the phone or birth date, 0.15 for the member count or gender, unchanged for an ID."
    static let facilityRules: [WarehouseCode] = [
        WarehouseCode("type+distance+name", "the same type within `linking.facility_distance_m` and a similar name, score 0.5–1 by distance"),
        WarehouseCode("type+compound+name", "no coordinates: the same type and compound and a similar name, 0.8"),
        WarehouseCode("ambiguous", "no coordinates, and several facilities fitted the type, compound and name alike: linked to none of them, a facility of its own, 0.5, with an `ambiguous_facility` warning"),
        WarehouseCode("new", "nothing matched and a new facility was created, 1.0"),
    ]
}
