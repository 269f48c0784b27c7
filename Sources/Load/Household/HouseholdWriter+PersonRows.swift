import GRDB
import RongtongStaging

/// The person a linked record of the batch being loaded names as its head (or guardian, or applicant), and where:
/// what tells a row written again about the same person in a list of one row per person (per child, per disabled
/// member, per old person) from a household its file lists apart. Compact (a name, a few hashes), as a load keeps
/// one per row of the file (see `HouseholdWriter.fileRowPersonsKept`).
struct FileRowPerson {
    /// The name the record gives for the head (the guardian's in a list of one row per child); never nil.
    var name: String
    /// The hash (in this process) of its phone hash and its dwelling: a compound with its building, unit and room,
    /// else the whole normalized address (see `placeAndPhone`).
    var placeAndPhone: Int
    /// The head's resident ID hash (hashed again, in this process), birth date and gender, when the record gives them.
    var idHash: Int?
    var birthDate: String?
    var gender: String?

    /// The hash `placeAndPhone` holds for a record with phone hash `phone` at its dwelling.
    static func placeAndPhone(_ phone: String, compoundID: String?, _ c: HouseholdCandidate) -> Int {
        var hasher = Hasher()
        hasher.combine(phone)
        hasher.combine(compoundID)
        if compoundID != nil {
            hasher.combine(c.building); hasher.combine(c.unit); hasher.combine(c.room)
        } else {
            hasher.combine(c.address)
        }
        return hasher.finalize()
    }
}

// A list of one row per person (留守儿童 per child with the guardian's name and phone, 残联 per disabled member,
// 高龄补贴 per old person) writes one household on several rows: the rows name the same person (the head, or a
// guardian who is not the registered head) at the same dwelling with the same phone. Such a row is no household the
// file lists apart: it ends in the household the first such row joined or made.
extension HouseholdWriter {
    /// Notes what a record of the batch being loaded named once it is linked (`personRepeatedInFile` reads it). A
    /// record without a name or phone, or naming an account holder (set aside, `settingAsideHolder`), is not noted.
    /// Bounded: a file of more rows (a province's census) starts over from there, so that the load's memory does not
    /// grow with the file; the rows of one family in a list of one row per person lie within it in any list of a
    /// county's size.
    func notePersonOfRow(_ c: HouseholdCandidate, compoundID: String?) {
        if fileRowPersons.batchID != c.batchID { fileRowPersons = (c.batchID, [:]) }
        guard let name = c.headName, let phone = c.phoneHash else { return }
        if fileRowPersons.byKey.count >= HouseholdWriter.fileRowPersonsKept {
            fileRowPersons.byKey.removeAll(keepingCapacity: true)
        }
        fileRowPersons.byKey[c.recordKey.hashValue] = FileRowPerson(
            name: name, placeAndPhone: FileRowPerson.placeAndPhone(phone, compoundID: compoundID, c),
            idHash: c.headIDHash?.hashValue, birthDate: c.headBirthDate, gender: c.headGender)
    }

    /// How many rows of a file `fileRowPersons` keeps at most (about 3 MB; a county's list of one row per child is a few
    /// thousand rows).
    static let fileRowPersonsKept = 16_384

    /// Whether household `id`, which another record of the candidate's own file made or joined (`fileListsApart`),
    /// holds a row of that file about the candidate's own person: one name (`HeadName.sameName`: equal, in either
    /// script; a name one character away is another person, 宋志明 and his brother 宋志华), the same phone (not a shared
    /// one), the same dwelling (compound, building, unit and room; without a compound, the same normalized address),
    /// and no other resident ID, birth date or gender. Such a row is the same household written again (a second
    /// left-behind child under the same grandmother), not one the file lists apart. The compound must be the one the
    /// candidate's is resolved to (`compoundOfRecord`, set by `load`).
    func personRepeatedInFile(_ id: String, _ c: HouseholdCandidate) throws -> Bool {
        guard fileRowPersons.batchID == c.batchID, !fileRowPersons.byKey.isEmpty,
              let name = c.headName, let phone = c.phoneHash, !sharedPhones.contains(phone) else { return false }
        let compoundID = compoundOfRecord
        guard compoundID != nil ? c.room != nil : c.address != nil else { return false }
        let keys = try String.fetchAll(db.cachedStatement(sql: """
            SELECT record_key FROM household_source WHERE household_id = ? AND source_id = ? AND batch_id = ? AND record_key <> ?
            """), arguments: [id, c.sourceID, c.batchID, c.recordKey])
        let placeAndPhone = FileRowPerson.placeAndPhone(phone, compoundID: compoundID, c)
        return keys.contains { key in
            guard let p = fileRowPersons.byKey[key.hashValue] else { return false }
            func differ<T: Equatable>(_ a: T?, _ b: T?) -> Bool { a != nil && b != nil && a != b }
            return p.placeAndPhone == placeAndPhone && HeadName.sameName(p.name, name)
                && !differ(p.idHash, c.headIDHash?.hashValue) && !differ(p.birthDate, c.headBirthDate)
                && !differ(p.gender, c.headGender)
        }
    }
}
