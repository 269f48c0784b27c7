import RongtongStaging

/// A flat written in its own house-number columns (楼栋, 单元, 房号/门牌号) where one cell holds more than its own level,
/// as grid workers type them: the whole flat in the 门牌号 column (`水韵小区5栋1单元302室`), the unit with the building
/// (`3栋2单元`), building, unit and room in the room column (`3-2-502`, `3栋2单元501室`).
///
/// Such a cell is read as the address parser reads the same text after a division (`DwellingNumber.parse`), so that the
/// flat is the one `rongtong address` gives and another feed's address of it names: its levels complete those the
/// other columns leave empty. When another column contradicts it (楼栋 `4` beside 房号 `3栋2单元503室`), the cell's
/// reading, the fuller one, is kept whole, and the column it overrules gets a `house_number_conflict` warning.
/// A cell of one level (`3栋`, `501室`, `A座`, `1-1`, `5-501`, `一楼`) is read as `HouseNumber` reads it, as before.
extension LocationResolver {
    /// The compound, building, unit and room the record's own house-number columns give, each cell read as one level
    /// or as several (see above). `compound` is the compound a cell wrote, to be read as the compound column is; nil
    /// when none did, or when the compound column names it already (as written, or spelled out: 松桃路社区金竹花园).
    struct DwellingColumns {
        var compound: String?
        var building: String?
        var unit: String?
        var room: String?
    }

    /// One house-number cell that writes more than one level of the flat, as the address parser reads it.
    struct DwellingCell {
        /// The canonical field of its column: `building`, `unit` or `room`.
        var canonical: String
        /// The cell as written (cleaned).
        var written: String
        var compound: String?
        var building: String?
        var unit: String?
        var room: String?

        /// How many levels it writes.
        var levelCount: Int { [compound, building, unit, room].compactMap { $0 }.count }

        /// The value it gives `level` (`compound`, `building`, `unit`, `room`).
        func value(_ level: String) -> String? {
            switch level {
            case "compound": return compound
            case "building": return building
            case "unit": return unit
            default: return room
            }
        }

        /// The levels it writes, as an address writes them: `building 3, unit 2 and room 503`.
        var levelsSaid: String {
            let said = [compound.map { "compound \($0)" }, building.map { "building \($0)" },
                        unit.map { "unit \($0)" }, room.map { "room \($0)" }].compactMap { $0 }
            return said.count == 1 ? said[0] : said.dropLast().joined(separator: ", ") + " and " + said[said.count - 1]
        }
    }

    /// The record's house-number columns, a cell holding several levels read as the address parser reads it (see the
    /// extension's comment); the columns a fuller cell contradicts are said in `issues`. `compoundColumn` is the
    /// record's compound column (or name), and `addressCompound` the compound its address text writes (with the
    /// address's field), to tell whether the compound a cell writes contradicts them.
    func dwellingColumns(compoundColumn: String?, addressCompound: (field: String, name: String)?,
                         _ text: (String) -> String?, issues: inout [NormalizationIssue]) -> DwellingColumns {
        var columns = DwellingColumns(building: text("building").flatMap(HouseNumber.clean),
                                      unit: text("unit").flatMap(HouseNumber.clean),
                                      room: text("room").flatMap(HouseNumber.cleanRoom))
        // Most records write one level a column (`3`, `501室`): nothing more is read.
        let cells = ["room", "unit", "building"].compactMap { canonical in
            text(canonical).flatMap { Self.dwellingCell(canonical, $0) }
        }
        guard !cells.isEmpty else { return columns }
        // The fullest cell (the finer column's of two alike: `max` keeps the first of equals) is the flat; the other
        // columns complete it.
        guard let fullest = cells.max(by: { $0.levelCount < $1.levelCount }) else { return columns }
        /// What the column of `canonical` says of `level`: its own cell's reading, or its value of its own level.
        func said(by canonical: String, of level: String) -> String? {
            if let cell = cells.first(where: { $0.canonical == canonical }) { return cell.value(level) }
            guard canonical == level else { return nil }
            switch level {
            case "building": return columns.building
            case "unit": return columns.unit
            default: return columns.room
            }
        }
        var overruled: [(canonical: String, levels: [String])] = []
        for canonical in ["building", "unit", "room"] where canonical != fullest.canonical && text(canonical) != nil {
            let contradicted = ["building", "unit", "room"].filter { level in
                guard let mine = fullest.value(level), let theirs = said(by: canonical, of: level) else { return false }
                return mine != theirs
            }
            if !contradicted.isEmpty { overruled.append((canonical, contradicted)) }
        }
        var resolved = DwellingColumns()
        for level in ["building", "unit", "room"] {
            let value = fullest.value(level) ?? said(by: level, of: level)
                ?? cells.lazy.compactMap { $0.value(level) }.first
            switch level {
            case "building": resolved.building = value
            case "unit": resolved.unit = value
            default: resolved.room = value
            }
        }
        // The compound the fullest cell writes, else another cell's (楼栋 `金井小区3栋` beside 房号 `2单元501`).
        if let writer = fullest.compound != nil ? fullest : cells.first(where: { $0.compound != nil }),
           let compound = writer.compound {
            resolved.compound = compound
            if let column = compoundColumn.map(TextCleaning.clean), Self.sameCompound(column, compound) {
                // The column names it: as written, unless the cell spells out what it shortens (金井 for 金井小区) or adds
                // its phase (苹果山小区二期 for 苹果山小区).
                if column.count >= compound.count { resolved.compound = nil }
            } else if let column = compoundColumn.map(TextCleaning.clean) {
                let field = plan.sourceField(for: "compound") ?? "compound"
                issues.append(NormalizationIssue(field: field, rule: "house_number_conflict", severity: .warning,
                    value: column, message: conflictMessage("\"\(column)\" in \(field)", "\(field)'s value", writer,
                                                            ["compound"])))
            } else if let (field, name) = addressCompound, !Self.sameCompound(name, compound) {
                // The address text names another compound than the cell: the cell, which writes the flat with its
                // compound, wins as a house-number column does over the address, and the address is said to be at odds.
                issues.append(NormalizationIssue(field: field, rule: "house_number_conflict", severity: .warning,
                    value: name, message: conflictMessage("the compound \(name) of \(field)", "the address's compound",
                                                          writer, ["compound"])))
            }
        }
        for (canonical, levels) in overruled {
            guard let written = text(canonical) else { continue }
            let field = plan.sourceField(for: canonical) ?? canonical
            issues.append(NormalizationIssue(field: field, rule: "house_number_conflict", severity: .warning,
                value: written, message: conflictMessage("\"\(written)\" in \(field)", "\(field)'s value", fullest, levels)))
        }
        columns = resolved
        return columns
    }

    /// What a `house_number_conflict` warning says: what contradicts the fuller cell (`"4" in 楼栋`), the levels it
    /// contradicts, the cell whose reading is kept, and what is dropped (`楼栋's value`).
    private func conflictMessage(_ contradicting: String, _ dropped: String, _ fullest: DwellingCell,
                                 _ levels: [String]) -> String {
        let cellColumn = plan.sourceField(for: fullest.canonical) ?? fullest.canonical
        let theirs = levels.map { "\($0) \(fullest.value($0) ?? "")" }.joined(separator: ", ")
        return "\(contradicting) contradicts \(cellColumn) \"\(fullest.written)\", which writes \(fullest.levelsSaid) together, as an address does: the flat is read from \(cellColumn) (\(theirs)), and \(dropped) is dropped"
    }

    /// Whether a compound column and the compound a house-number cell writes name one compound: alike, one ending the
    /// other (a column writing its community in front, 松桃路社区金竹花园), or one shortening the other (金井 for 金井小区),
    /// a phase after either name aside (苹果山小区 and 苹果山小区二期).
    static func sameCompound(_ column: String, _ written: String) -> Bool {
        let column = CompoundPhase.split(column).name, written = CompoundPhase.split(written).name
        return column == written || column.hasSuffix(written) || written.hasSuffix(column)
            || shortens(column, written) || shortens(written, column)
    }

    /// A house-number cell that writes more than one level of the flat (`3栋2单元`, `3-2-502`, `水韵小区5栋1单元302室`),
    /// read as the address parser reads the same text after a division; nil for a cell of one level, and for one the
    /// parser reads as something else than a flat: a road or a villager's door (`40号301室`, `3组12号`, whose door is
    /// `placeDoor`'s), a division, a compound's phase in front of a building (`二期3栋`, `CompoundPhase`). Dashes alone
    /// say several levels with three numbers or more (`3-2-502`); `1-1` and `5-501` stay one room's number, as the
    /// house-number columns have always kept them.
    static func dwellingCell(_ canonical: String, _ written: String) -> DwellingCell? {
        let cleaned = TextCleaning.clean(written)
        let utf8 = cleaned.utf8
        // `3`, `501`, `A`: one level, the common case, decided on the bytes.
        if utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }) { return nil }
        if utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D }),
           utf8.filter({ $0 == 0x2D }).count < 2 {
            return nil
        }
        // One level with its word (`3栋`, `501室`, `第三栋`, `3号楼`, `A座`), a floor or a named room (`一楼`, `阁楼`),
        // a phase in front of a building, a door before a room: read as before.
        if let one = HouseNumber.clean(cleaned), one.utf8.allSatisfy({ $0 < 0x80 }),
           one.utf8.filter({ $0 == 0x2D }).count < 2 {
            return nil
        }
        if canonical == "room", HouseNumber.doorAndRoom(cleaned) != nil { return nil }
        let scalars = AddressText.scalars(of: cleaned)
        if DwellingNumber.roomDescription(scalars[...]) != nil { return nil }
        if canonical == "building", let inFront = CompoundPhase.inFront(ofBuilding: cleaned) {
            // 二期3栋2单元: the phase stays in front of the building (`二期3`, which the compound's phase is read from
            // as for `二期3栋`), and what follows it is read as a cell of its own; `二期3栋` alone is one level.
            let after = String(String.UnicodeScalarView(cleaned.unicodeScalars.dropFirst(inFront.written.unicodeScalars.count)))
            guard var cell = dwellingCell(canonical, after), cell.compound == nil, let building = cell.building else { return nil }
            cell.written = cleaned
            cell.building = inFront.written + building
            return cell
        }
        let read = DwellingNumber.parse(AddressText.scalars(of: HeadName.addressFolded(cleaned)), from: 0)
        guard read.street == nil, read.unresolvedDivision == nil else { return nil }
        // A compound the cell writes before the flat, named as compounds are (水韵小区), not a word left over.
        // A phase after it (苹果山小区二期) is the compound's, as in an address.
        if let compound = read.compound, case let name = CompoundPhase.split(compound).name,
           !DwellingNumber.endsLikeCompoundName(name) || holdsDivisionWord(name) {
            return nil
        }
        let cell = DwellingCell(canonical: canonical, written: cleaned, compound: read.compound, building: read.building,
                                unit: read.unit, room: read.room)
        return cell.levelCount >= 2 ? cell : nil
    }
}
