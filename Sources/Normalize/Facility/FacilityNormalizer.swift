import Foundation
import RongtongConfig
import RongtongStaging

/// Turns the raw fields of one facility record into a `FacilityCandidate`: type mapped onto the contract's codes,
/// status and capacity parsed, coordinates converted to WGS-84, location resolved.
///
/// A record without a recognisable facility type cannot load (`unknown_facility_type`, error); bad coordinates,
/// statuses or capacities are warnings and the record loads without them. A status saying the facility does not
/// exist (`无`, `缺失`, `未配建`) makes an absent candidate, which the load turns into no facility
/// (`facility_absent`, warning). The datum is the record's `coordinate_system` (the pipeline's words, then the
/// usual names: `百度`, `CGCS2000`), else the source's.
public final class FacilityNormalizer {
    public let plan: FieldPlan
    private let source: SourceConfig
    private let locations: LocationResolver
    private let typeWords: [String: String]
    private let statusWords: [String: String]
    /// The pipeline's datum names (`vocabularies: coordinate_system:`), folded, consulted before the built-in ones.
    private let datumWords: [String: CoordinateSystem]

    public init(source: SourceConfig, plan: FieldPlan, directory: RegionDirectory, addresses: AddressParser) {
        self.source = source
        self.plan = plan
        var locations = LocationResolver(source: source, plan: plan, directory: directory, addresses: addresses)
        // 电业局宿舍东侧 from a feed without a context: the compound, once known with its township, places the facility.
        locations.leavesRegionToCompound = true
        self.locations = locations
        typeWords = source.vocabularies["facility_type"] ?? [:]
        statusWords = source.vocabularies["status"] ?? [:]
        datumWords = (source.vocabularies["coordinate_system"] ?? [:]).reduce(into: [:]) { words, entry in
            if let datum = CoordinateSystem(rawValue: entry.value.trimmingCharacters(in: .whitespaces).lowercased()) {
                words[TextCleaning.clean(entry.key).lowercased()] = datum
            }
        }
    }

    /// The datum the pipeline's vocabulary gives the whole of `written`, if any.
    private func datumWord(_ written: String) -> CoordinateSystem? {
        datumWords.isEmpty ? nil : datumWords[TextCleaning.clean(written).lowercased()]
    }

    public func normalize(_ record: StagedRecord, batchID: String) -> (FacilityCandidate?, [NormalizationIssue]) {
        let values = record.values
        var issues: [NormalizationIssue] = []
        func text(_ canonical: String) -> String? { plan.value(canonical, in: values).map { TextCleaning.clean($0.text) } }
        let recordKey = plan.recordKey(in: values, number: record.number)
        guard let (typeField, typeText) = plan.value("facility_type", in: values),
              let type = FacilityType.parse(typeText, extra: typeWords) else {
            let written = plan.value("facility_type", in: values)
            // The row is still the row above the next one: its location values are what a 同上 below refers to.
            var ignored: [NormalizationIssue] = []
            _ = locations.takeLocationValues(values, issues: &ignored)
            issues.append(NormalizationIssue(field: written?.field ?? plan.sourceField(for: "facility_type"),
                rule: "unknown_facility_type", severity: .error, value: written?.text,
                message: written.map { written in
                    ExcelErrorValue.contains(written.text)
                        ? "\"\(written.text)\" is an Excel error value, not a facility type: the formula of this cell failed in the workbook the feed was exported from"
                        : "\"\(written.text)\" is not a known facility type (add it under vocabularies.facility_type)"
                } ?? "no facility type given"))
            return (nil, issues)
        }
        _ = typeField
        var c = FacilityCandidate(batchID: batchID, recordNumber: record.number, sourceID: source.name,
                                  recordKey: recordKey, facilityType: type.rawValue)
        c.name = text("name")
        c.typeLabel = TextCleaning.clean(typeText)
        let location = locations.resolve(values, issues: &issues)
        c.regionCode = location.regionCode
        // A phase (幸福小区（二期）) is part of its compound, as in the housing department's compound rows.
        c.compoundName = location.compound.map { CompoundPhase.split($0).name }
        c.address = location.address
        c.unplacedField = location.unplacedField
        c.owner = text("owner")
        if let (field, written) = plan.value("status", in: values) {
            if FacilityStatus.saysAbsent(written, extra: statusWords) {
                // A checklist's 公厕：无: the compound lacks the facility. No facility is made; one this record described
                // before (its key) is out of service from now on.
                c.isAbsent = true
                c.status = FacilityStatus.out_of_service.rawValue
                let place = c.compoundName ?? c.address
                issues.append(NormalizationIssue(field: field, rule: "facility_absent", severity: .warning, value: written,
                    message: "says there is no \(type.rawValue) facility (\(TextCleaning.clean(typeText)))\(place.map { " in \($0)" } ?? ""): no facility is loaded (one this record loaded before becomes out_of_service)"))
            } else if let status = FacilityStatus.parse(written, extra: statusWords) {
                c.status = status.rawValue
            } else {
                // Not read, so not taken: the facility keeps the status another feed gave (or has none yet).
                issues.append(NormalizationIssue(field: field, rule: "unknown_status", severity: .warning, value: written,
                    message: "\"\(written)\" is not a known status word; loaded without a status (add it under vocabularies.status)"))
            }
        }
        if let capacity = capacity(values, issues: &issues) {
            c.capacity = capacity.value
            c.capacityUnit = capacity.unit
        }
        if let (field, written) = plan.value("built_year", in: values) {
            if let year = BuiltYear.parse(written) {
                c.builtYear = year
            } else {
                issues.append(NormalizationIssue(field: field, rule: "invalid_year", severity: .warning, value: written,
                                                 message: "\"\(written)\" is not a plausible year"))
            }
        }
        coordinates(values, into: &c, issues: &issues)
        if let (_, written) = plan.value("record_date", in: values) { c.recordDate = CalendarDate.parse(written, order: source.dateOrder)?.text }
        if let missing = plan.missingRecordKey(recordKey, source: source) { issues.append(missing) }
        return (c, issues)
    }

    /// The capacity with its unit: the value's own, else the record's unit field (`rl/@dw`), else the unit the
    /// source declares (`units: {capacity: kW}`). Nil, with a warning, for an unreadable value or unit field.
    private func capacity(_ values: [String?], issues: inout [NormalizationIssue]) -> Capacity? {
        guard let (field, written) = plan.value("capacity", in: values) else { return nil }
        guard let capacity = Capacity.parse(written) else {
            issues.append(NormalizationIssue(field: field, rule: "invalid_capacity", severity: .warning, value: written,
                                             message: "\"\(written)\" is not a number with an optional unit"))
            return nil
        }
        if let (unitField, unit) = plan.value("capacity_unit", in: values) {
            guard let inUnit = capacity.inUnit(unit) else {
                issues.append(NormalizationIssue(field: unitField, rule: "invalid_capacity", severity: .warning, value: unit,
                    message: "\"\(unit)\" is not a unit word (kW, kVA, m³, 个, 台 …); the capacity \"\(written)\" is left empty"))
                return nil
            }
            return inUnit
        }
        return source.units["capacity"].flatMap(capacity.inUnit) ?? capacity
    }

    /// Latitude and longitude in the source's datum, converted to WGS-84; swapped pairs are put right. Each in
    /// decimal degrees or degrees-minutes-seconds (`106°42′54.1″`); both in one cell (`lat` and `lon` mapped to one
    /// column, or one of the two columns empty and the other holding `106.708820,26.582477`) are split, which is
    /// which told by range (see `CoordinateText.pair`); so is a GeoJSON position (`[106.708820,26.582477]`, a JSON
    /// list of two numbers) and a WKT point (`POINT(106.708820 26.582477)`).
    private func coordinates(_ values: [String?], into c: inout FacilityCandidate, issues: inout [NormalizationIssue]) {
        let latField = plan.value("lat", in: values), lonField = plan.value("lon", in: values)
        guard latField != nil || lonField != nil else { return }
        let field = latField?.field ?? lonField?.field
        var latText = latField?.text ?? "", lonText = lonField?.text ?? ""
        var read: (lat: Double, lon: Double)?
        let sameField = latField != nil && latField?.field == lonField?.field
        let oneCell = latField == nil || lonField == nil || sameField
        // The one cell as the record wrote it (a GeoJSON position `[106.603527,26.676343]`, a list of two values, not
        // its first value twice): what is split, and what a message quotes.
        let written = oneCell ? plan.writtenText(latField != nil ? "lat" : "lon", in: values)?.text : nil
        var pairText = latField?.text ?? lonField?.text ?? ""
        if sameField, let (listField, items) = plan.values("lat", in: values), listField == field, items.count == 2 {
            pairText = items.joined(separator: ",")
        } else if let written, CoordinateText.unwrapped(written) != written {
            pairText = written
        }
        if oneCell || latText == lonText, let both = CoordinateText.pair(pairText) {
            read = both
            (latText, lonText) = (String(both.lat), String(both.lon))
        } else if !oneCell, let lat = CoordinateText.degrees(latText), let lon = CoordinateText.degrees(lonText) {
            read = (lat, lon)
        }
        guard var (lat, lon) = read, lat.isFinite, lon.isFinite else {
            issues.append(NormalizationIssue(field: field, rule: "invalid_coordinates", severity: .warning,
                value: sameField ? written ?? pairText : "\(latField?.text ?? "")/\(lonField?.text ?? "")",
                message: [latField?.text, lonField?.text].compactMap { $0 }.first(where: ExcelErrorValue.contains).map {
                    "\"\($0)\" is an Excel error value, not a coordinate: the formula of this cell failed in the workbook the feed was exported from"
                } ?? (oneCell ? "\"\(written ?? pairText)\" is no latitude and longitude: both must be given, in two columns or in one cell as two numbers (26.58,106.71, [106.71,26.58] or POINT(106.71 26.58))"
                    : "latitude and longitude must both be decimal degrees or degrees-minutes-seconds")))
            return
        }
        if lat == 0 && lon == 0 {
            issues.append(NormalizationIssue(field: field, rule: "invalid_coordinates", severity: .warning,
                value: "\(latText)/\(lonText)", message: "0/0 stands for no position; left empty"))
            return
        }
        // One half 0 (0/106.71, 26.58/0): the half the sender did not have, as 0/0 is both; no place near Guizhou lies
        // on the equator or the prime meridian, and kept, the point would be stored at latitude 0.
        if lat == 0 || lon == 0 {
            issues.append(NormalizationIssue(field: field, rule: "invalid_coordinates", severity: .warning,
                value: "\(latText)/\(lonText)",
                message: "a \(lat == 0 ? "latitude" : "longitude") of 0 stands for one missing, as 0/0 for no position; the position is left empty"))
            return
        }
        if !CoordinateTransform.isPlausibleGuizhou(lat: lat, lon: lon), CoordinateTransform.isPlausibleGuizhou(lat: lon, lon: lat) {
            swap(&lat, &lon)
            issues.append(NormalizationIssue(field: field, rule: "coordinates_swapped", severity: .warning,
                value: "\(latText)/\(lonText)",
                message: "latitude and longitude were swapped: the latitude written is \(latText) and the longitude \(lonText); corrected to latitude \(lonText), longitude \(latText)"))
        }
        guard (-90...90).contains(lat), (-180...180).contains(lon) else {
            issues.append(NormalizationIssue(field: field, rule: "invalid_coordinates", severity: .warning,
                value: "\(latText)/\(lonText)", message: "outside the valid range of latitude and longitude"))
            return
        }
        if !CoordinateTransform.isPlausibleGuizhou(lat: lat, lon: lon) {
            issues.append(NormalizationIssue(field: field, rule: "coordinates_outside_province", severity: .warning,
                value: "\(latText)/\(lonText)", message: "lies outside Guizhou (latitude 24.3–29.3, longitude 103.5–109.7); kept as written"))
        }
        var datum = source.coordinates
        if let (datumField, written) = plan.value("coordinate_system", in: values) {
            if let named = datumWord(written) ?? CoordinateSystem.named(written) {
                datum = named
            } else {
                issues.append(NormalizationIssue(field: datumField, rule: "unknown_coordinate_system", severity: .warning,
                    value: written, message: "\"\(written)\" is no datum name (wgs84, gcj02, bd09, or WGS-84, CGCS2000, 高德, 百度 …; add it under vocabularies.coordinate_system); the source's \(source.coordinates.rawValue) was assumed"))
            }
        }
        let wgs: (lat: Double, lon: Double)
        switch datum {
        case .wgs84: wgs = (lat, lon)
        case .gcj02: wgs = CoordinateTransform.gcj02ToWGS84(lat: lat, lon: lon)
        case .bd09: wgs = CoordinateTransform.bd09ToWGS84(lat: lat, lon: lon)
        }
        c.lat = (wgs.lat * 1e7).rounded() / 1e7
        c.lon = (wgs.lon * 1e7).rounded() / 1e7
    }
}
