/// A house's door written in a record's own columns rather than in its address text: a villager's door from the
/// village's 组 and 门牌号 columns (a rural census), and a door written in the room column before the room
/// (`40号301室`, `40号2单元301室`) of any record.
extension LocationResolver {
    /// Sets `location`'s door, unit and room from the record's 组 and room (门牌号, 房号) columns, and returns the door
    /// the columns write in the region_code's village when the address text's door lies in another village (nil
    /// otherwise): see below. `location` holds what the columns and the address text gave before.
    func placeDoor(of location: inout Location, parsed: ParsedAddress, hasAddressText: Bool,
                   codeContradictsText: Bool, _ text: (String) -> String?) -> String? {
        // A door with the dwelling the household lives in (40号301室, 40号2单元301室, 3号1楼), as the address parser
        // reads it after a villager group.
        let doorAndRoom = text("room").flatMap(HouseNumber.doorAndRoom)
        // Whether the room column's door and room were read into the location (a villager's door) already.
        var doorAndRoomTaken = false
        // A village's own 组 and 门牌号 columns, without compound or building (a rural census): a villager's door
        // (水各村1组12号), as the address parser reads one, not a flat's room.
        // With an address column that writes the village (团结村, 团结村6组), the columns complete its door; an
        // address that writes the door itself (团结村3组17号, 王宽村1组60号附1, 王宽村6组村委会旁) keeps it, and a
        // room column is then the room of that house (王宽村1组44号 with 房号 301: room 301), as a floor or named
        // room (一楼, 阁楼) always is.
        // A village column whose name fits several villages (坪地村 twice in 六盘水市), or that the community table
        // does not list (新寨村), still names the village the door is in, as the same text written as one address
        // (坪地村2组10号, 新寨村1组46号) does.
        var doorFromColumns: String?
        let namesVillageOfItsOwn = !hasAddressText && text("community") != nil
            && (parsed.isAmbiguous || parsed.unresolvedDivision != nil)
        // A file with a 组 column is a villagers' census: a record whose 乡镇 and 村 cells are empty (a merged cell's
        // blanks) still writes a villager's door (3组40号, 38号), not a flat (40室), and keeps its group, so that two
        // doors of one number in two groups stay two addresses.
        let isVillagersCensus = !hasAddressText && !plan.fieldSlots(for: "villager_group").isEmpty
        if location.compound == nil, location.building == nil, location.unit == nil,
           (parsed.regionLevel ?? .province) >= .township || namesVillageOfItsOwn || isVillagersCensus {
            let group = text("villager_group").map(Self.groupName)
            // A number in the room column is the door; a floor or named room (1楼, 阁楼) is a room, and so is a room
            // the address text itself writes (王宽村1组302室). A door with the unit, floor or room the household lives
            // in (40号2单元301室, 3号1楼, 3号阁楼) is both: the door, and that unit and room.
            // An annex door (附1号: a house built beside door 1) is a door too, as `郑家营村2组附1号` reads.
            let columnDoor = doorAndRoom?.door ?? text("room").flatMap(HouseNumber.cleanRoom).flatMap { room in
                let number = room.hasPrefix("附") ? room.dropFirst() : Substring(room)
                return !number.isEmpty && number.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) ? room : nil
            }
            let doorNumber = parsed.room == nil ? columnDoor : nil
            /// The unit and room the room column writes after its door, read into the location.
            func takeDwellingAfterDoor(orRoom room: String? = nil) {
                location.room = doorAndRoom?.room ?? room
                if let unit = doorAndRoom?.unit { location.unit = unit }
                doorAndRoomTaken = true
            }
            if !hasAddressText {
                if group != nil || doorNumber != nil {
                    location.door = (group ?? "") + (doorNumber.map { "\($0)号" } ?? "")
                    if doorNumber != nil { takeDwellingAfterDoor() }
                }
            } else if let street = parsed.street, !street.hasSuffix("组") {
                // The address writes the door (3组17号, 60号附1号, 村委会旁): the room column is a room of it, unless
                // it repeats the door's number (团结村3组17号 with 门牌号 17, 歪脚村2组6号附2号 with 6号): the room is
                // then the one the address writes after its door (龙井村3组15号301室 with 15号: room 301), if any.
                if let columnDoor, Self.street(street, writesDoor: columnDoor) {
                    takeDwellingAfterDoor(orRoom: parsed.room)
                }
                // The address's door lies in another village than the region_code's (石板镇镇山村5组27号 with 龙井村's
                // code): the record's own 组 and 门牌 columns, written in the code's village, are its door there.
                if codeContradictsText, parsed.communityCode != nil, group != nil || columnDoor != nil {
                    doorFromColumns = (group ?? "") + (columnDoor.map { "\($0)号" } ?? "")
                    takeDwellingAfterDoor()
                }
            } else {
                var door = ""
                if let group, !(parsed.street ?? "").hasSuffix("组") { door += group }
                if let doorNumber { door += "\(doorNumber)号" }
                if !door.isEmpty {
                    location.door = door
                    if doorNumber != nil { takeDwellingAfterDoor() }
                }
            }
        }
        // An annex door alone (5号附1号) says no dwelling after the door: the room column's value stays the room.
        if let doorAndRoom, !doorAndRoomTaken, doorAndRoom.room != nil || doorAndRoom.unit != nil {
            placeDoorBeforeRoom(doorAndRoom, of: &location, parsed: parsed, hasAddressText: hasAddressText)
        }
        return doorFromColumns
    }

    /// A flat's room column that writes the door (or building number) before the room (`40号301室`, `40号2单元301室`),
    /// in a record that is no villager's door: the room is the room (301), never `40号301`; the unit is the one written
    /// after the door when the record gives none. The door goes where the address parser puts a door before a room:
    /// - in a compound with no building, it is the building, as `东升小区40号301室` reads (building 40, room 301);
    /// - outside a compound, after a road written without its door (`中华北路` and `40号301室`: `中华北路40号301室`), or
    ///   with no street at all, it is the door, written before the room in the address;
    /// - where the record already writes its door or building (`中华北路40号`, `3栋`), it is left out: the address
    ///   keeps its own.
    func placeDoorBeforeRoom(_ written: HouseNumber.DoorAndRoom, of location: inout Location, parsed: ParsedAddress,
                             hasAddressText: Bool) {
        location.room = written.room
        if location.unit == nil { location.unit = written.unit }
        let plainNumber = written.door.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        if location.compound != nil {
            if location.building == nil, plainNumber { location.building = written.door }
        } else if location.building == nil, location.door == nil {
            // A road or a villager group without its door, or no street at all; not after a door or a landmark.
            let street = hasAddressText ? parsed.street.map { AddressText.scalars(of: $0) } : nil
            if street?.last.map({ $0 == Scalars.zu || Scalars.roadEnds.contains($0) }) ?? true {
                location.door = "\(written.door)号"
            }
        }
    }
}
