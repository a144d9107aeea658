import CMECore
import CMEMatching
import Fluent
import Foundation

/// What the duplicate check found: the known child and how they were recognised, or the known children a person
/// should compare with a new one.
struct KnownChildCheck {
    var match: ChildModel?
    var evidence: String?
    var possible: [(UUID, PossibleDuplicate)] = []
}

/// The duplicate check and the child's record: finding a known child, writing a new one, adding what a referral
/// says that the record lacks.
extension CaseService {
    /// Exact UPN first, then the tracing engine's judgement over the children intake reads (`IntakeDecision`);
    /// never a known sibling. `queued` are the children of this batch not yet written, who come after every child in
    /// the database; `read`, `near` and `register`, when given, were read before (by the batch for every check at
    /// once, or before the batch), and otherwise this check reads its own.
    func findKnownChild(
        _ child: Child,
        queued: [(ChildModel, aliases: [String])] = [],
        read: KnownChildren? = nil,
        near: [(UUID, IntakeDecision.Candidate)]? = nil,
        register: KnownRegister? = nil,
        at now: Date,
        on db: any Database
    ) async throws -> KnownChildCheck {
        let stored = if let read { read } else { try await KnownChildren.read(for: [child], on: db) }
        let dob = child.dateOfBirth
        let dates = Self.datesRead(for: dob)
        // The candidates: those with the UPN, stored then queued, then those born on the day (or its day/month swap),
        // stored then queued, then the namesakes born near the day. A UPN decides by order; the engine by weight.
        var found: [(IntakeDecision.Candidate, () async throws -> ChildModel?)] = []
        var ids: [UUID?] = []
        func person(_ candidate: ChildCandidate) -> PersonKey {
            PersonKey(
                forename: candidate.forename,
                surname: candidate.surname,
                aliases: candidate.aliases,
                dateOfBirth: (try? Day(iso: candidate.dateOfBirth)) ?? dob,
                middleNames: candidate.middleNames,
                postcodes: candidate.postcodes
            )
        }
        func add(_ candidate: ChildCandidate) {
            found.append(
                (IntakeDecision.Candidate(person: person(candidate), upn: candidate.upn), { try candidate.record() })
            )
            ids.append(candidate.id)
        }
        func add(_ queued: (ChildModel, aliases: [String])) {
            add(ChildCandidate(queued.0, aliases: queued.aliases))
        }
        if child.upn != nil {
            stored.withUPN.forEach(add)
            queued.filter { $0.0.upn != nil }.forEach(add)
        }
        stored.bornOn.filter { dates.contains($0.dateOfBirth) }.forEach(add)
        queued.filter { dates.contains($0.0.dateOfBirth) }.forEach(add)
        // And the children sharing a surname and born near the day (a digit or a field of the date out).
        let near = if let near { near } else { try await self.nearChildren(child, on: db) }
        for (id, candidate) in near where !ids.contains(id) {
            found.append((candidate, { try await Self.child(id, on: db) }))
            ids.append(id)
        }
        let key = PersonKey(
            forename: child.forename,
            surname: child.surname,
            aliases: child.aliases,
            dateOfBirth: dob,
            middleNames: child.middleNames,
            postcodes: Self.postcodes(of: child)
        )
        let register = if let register { register } else { try await self.knownRegister(child, on: db, at: now) }
        if let decided = IntakeDecision.knownChild(
            key,
            upn: child.upn?.value,
            among: found.map(\.0),
            register: register
        ), let match = try await found[decided.index].1() {
            return KnownChildCheck(match: match, evidence: decided.evidence)
        }
        // Nobody recognised with confidence: the engine says which a person should see beside the new record.
        return KnownChildCheck(possible: Self.possibleDuplicates(of: child, among: found.map(\.0), ids: ids))
    }

    /// A known child's whole record, read once intake has decided the referral is about them: the record kept, if a
    /// merge joined this one into another since it was read before the batch; nil if it is gone (disposed of).
    static func child(_ id: UUID, on db: any Database) async throws -> ChildModel? {
        var child = try await ChildModel.find(id, on: db)
        var hops = 0
        while let merged = child?.mergedInto, hops < 8 {
            child = try await ChildModel.find(merged, on: db)
            hops += 1
        }
        return child?.mergedInto == nil ? child : nil
    }

    /// How common `child`'s names are on the register, and how many children it holds (`KnownRegister`).
    func knownRegister(_ child: Child, on db: any Database, at now: Date) async throws -> KnownRegister {
        try await self.registerCounts.register(for: child, on: db, at: now)
    }

    /// The known children who share a surname (a word or its sound) with `child` and were born near the day
    /// (`IntakeDecision.bornNear`), for the possible-duplicates check.
    func nearChildren(_ child: Child, on db: any Database) async throws -> [(UUID, IntakeDecision.Candidate)] {
        let near = try await CaseRows.children(
            nearBirth: SearchKeys.nearBirthLookups(surnames: [child.surname] + child.aliases, born: child.dateOfBirth),
            bornNear: child.dateOfBirth,
            on: db
        )
        return try await CaseRows.withPostcodes(near, on: db).compactMap { candidate in
            guard let id = candidate.id, let born = try? Day(iso: candidate.dateOfBirth) else { return nil }
            let person = PersonKey(
                forename: candidate.forename,
                surname: candidate.surname,
                aliases: candidate.aliases,
                dateOfBirth: born,
                middleNames: candidate.middleNames,
                postcodes: candidate.postcodes
            )
            return (id, IntakeDecision.Candidate(person: person, upn: candidate.upn))
        }
    }

    /// The candidates a person should compare with a child intake did not recognise with confidence (the core's
    /// `PossibleDuplicate`), each known child once.
    static func possibleDuplicates(
        of child: Child,
        among candidates: [IntakeDecision.Candidate],
        ids: [UUID?]
    ) -> [(UUID, PossibleDuplicate)] {
        var seen = Set<UUID>()
        var known: [SearchCandidate] = []
        var knownIDs: [UUID] = []
        for (candidate, id) in zip(candidates, ids) {
            guard let id, seen.insert(id).inserted else { continue }
            known.append(candidate.person.searchCandidate(id: id.uuidString, upn: candidate.upn))
            knownIDs.append(id)
        }
        guard !known.isEmpty else { return [] }
        let referred = SearchCandidate(
            id: "referred",
            forename: child.forename,
            middleNames: child.middleNames,
            surname: child.surname,
            otherNames: child.aliases,
            dateOfBirth: child.dateOfBirth,
            upns: child.upn.map { [$0.value] } ?? [],
            postcodes: Self.postcodes(of: child)
        )
        return PossibleDuplicate.candidates(for: referred, among: known).map { (knownIDs[$0.index], $0.duplicate) }
    }

    /// The dates of birth the duplicate check reads for a child born on `dob`: that day, and the day with day and
    /// month swapped (a common typo).
    static func datesRead(for dob: Day) -> [String] {
        var dates = [dob.description]
        if let swapped = dob.dayMonthSwapped { dates.append(swapped.description) }
        return dates
    }

    /// Writes a child not known before, with their details, now or with a batch's `queue`.
    func createChild(
        _ child: Child,
        queue: RowQueue,
        on db: any Database
    ) async throws -> (ChildModel, AddedDetails) {
        let model = ChildModel()
        model.forename = child.forename
        model.middleNames = child.middleNames
        model.surname = child.surname
        model.dateOfBirth = child.dateOfBirth.description
        model.gender = child.gender.rawValue
        model.ethnicity = child.ethnicity
        model.upn = child.upn?.value
        model.sen = child.sen.rawValue
        model.disability = child.disability
        model.inCare = child.inCare
        model.childProtectionPlan = child.childProtectionPlan
        model.privatelyFostered = child.privatelyFostered
        model.vulnerableGroups = child.vulnerableGroups.map(\.rawValue).sorted()
        model.searchForename = Normalise.name(child.forename)
        model.searchSurname = Normalise.name(child.surname)
        try await model.insert(on: db, queue: queue)
        queue.holds(model, aliases: child.aliases)
        return (model, try await self.mergeDetails(child, into: model, on: db, newRows: queue))
    }

    /// Adds what a referral says that the record does not have yet: aliases, addresses, contacts, schools. A child
    /// new in this batch (`newRows`, where their rows are queued) has none, so nothing is read first. Returns the
    /// other names and addresses added.
    @discardableResult
    func mergeDetails(
        _ child: Child,
        into model: ChildModel,
        on db: any Database,
        newRows queue: RowQueue? = nil
    ) async throws -> AddedDetails {
        var added = AddedDetails()
        let new = queue != nil
        let id = try model.requireID()
        let aliases = new ? [] : try await ChildAliasModel.query(on: db).filter(\.$child.$id == id).all().map(\.name)
        var names = child.aliases
        if Normalise.name(child.surname) != model.searchSurname { names.append(child.surname) }
        for name in Set(names) where !aliases.contains(name) {
            try await ChildAliasModel(childID: id, name: name, searchName: Normalise.name(name)).insert(
                on: db,
                queue: queue
            )
            added.aliases.append(name)
        }
        let addresses = new ? [] : try await ChildAddressModel.query(on: db).filter(\.$child.$id == id).all()
        for record in child.addresses {
            let postcode = record.address.postcode.map(Normalise.postcode)
            if addresses.contains(where: {
                $0.lines == record.address.lines && $0.postcode.map(Normalise.postcode) == postcode
            }) {
                continue
            }
            let address = ChildAddressModel()
            address.kind = record.kind.rawValue
            address.lines = record.address.lines
            address.town = record.address.town
            address.postcode = record.address.postcode
            address.restricted = record.address.restricted
            address.fromDate = record.from?.description
            address.toDate = record.to?.description
            address.$child.id = id
            try await address.insert(on: db, queue: queue)
            added.addresses.append(address)
        }
        let contacts = new ? [] : try await ChildContactModel.query(on: db).filter(\.$child.$id == id).all()
        for contact in child.contacts
        where !contacts.contains(where: { Normalise.name($0.name) == Normalise.name(contact.name) }) {
            let row = ChildContactModel()
            row.name = contact.name
            row.relationship = contact.relationship
            row.parentalResponsibility = contact.parentalResponsibility
            row.telephone = contact.telephone
            row.email = contact.email
            row.$child.id = id
            try await row.insert(on: db, queue: queue)
        }
        let schools = new ? [] : try await ChildSchoolModel.query(on: db).filter(\.$child.$id == id).all()
        for school in child.schools where !schools.contains(where: { $0.urn == school.urn && $0.name == school.name }) {
            let row = ChildSchoolModel()
            row.urn = school.urn
            row.name = school.name
            row.entryDate = school.entryDate?.description
            row.leavingDate = school.leavingDate?.description
            row.dateLastAttended = school.dateLastAttended?.description
            row.$child.id = id
            try await row.insert(on: db, queue: queue)
        }
        // What the child can now be found by (issue 18): the new names and postcodes, a UPN other than the
        // record's (a former or temporary one), and the new surnames with the date of birth (near-birth keys).
        var keys = SearchKeys.child(
            names: (new ? [model.forename, model.middleNames ?? "", model.surname] : []) + added.aliases,
            upns: [model.upn] + (child.upn?.value == model.upn ? [] : [child.upn?.value]),
            postcodes: added.addresses.map(\.postcode),
            nearSurnames: (new ? [model.surname] : []) + added.aliases,
            born: try? Day(iso: model.dateOfBirth)
        )
        if !new {
            // The record's own names and UPN were keyed when it was created.
            let own = Set(SearchKeys.child(names: [model.forename, model.middleNames ?? "", model.surname]))
            let upn = SearchKeys.upn(model.upn)
            keys.removeAll { own.contains($0) || $0 == upn }
        }
        try await RowInsert.add(
            "child_search_keys",
            columns: ["key", "child_id"],
            queue: queue,
            on: db,
            rows: keys.map { key in { [key, id] } }
        )
        if child.childProtectionPlan && !model.childProtectionPlan || child.inCare && !model.inCare {
            model.childProtectionPlan = model.childProtectionPlan || child.childProtectionPlan
            model.inCare = model.inCare || child.inCare
            try await model.save(on: db)
        }
        return added
    }

    /// The postcodes a referral gives for the child, as intake compares them: those of addresses not marked
    /// restricted, the current or last known first and a previous one last (the engine compares the first).
    static func postcodes(of child: Child) -> [String] {
        let order: [AddressRecord.Kind] = [.current, .lastKnown, .additional, .previous]
        return child.addresses.filter { !$0.address.restricted }
            .sorted { order.firstIndex(of: $0.kind) ?? order.count < order.firstIndex(of: $1.kind) ?? order.count }
            .compactMap(\.address.postcode)
    }
}
