import CMEAPI
import CMECore
import CMEStorage
import Fluent
import Foundation

/// Fluent models and service results to wire types: models never leave as they are.
enum CaseMapping {
    static func summary(_ model: CaseModel, childName: String) -> Components.Schemas.CaseSummary {
        .init(
            id: model.id?.uuidString ?? "",
            reference: model.reference,
            state: model.state,
            category: model.category,
            episode: model.episode,
            version: model.version,
            reason: model.reason,
            source: model.source,
            childId: model.$child.id.uuidString,
            childName: childName,
            dateOfBirth: model.dateOfBirth,
            schoolUrn: model.schoolURN,
            ownerId: model.$assignee.id?.uuidString,
            openedAt: model.openedAt,
            overdueClocks: model.overdueClocks,
            joinedInto: model.joinedInto?.uuidString
        )
    }

    static func detail(_ data: CaseDetailData, time: LocalTime, now: Date) -> Components.Schemas.CaseDetail {
        let child = data.child
        let age = (try? Day(iso: child.dateOfBirth)).map(SchoolAge.init(dateOfBirth:))
        let today = time.day(now)
        let addresses = data.addresses.map { address -> Components.Schemas.AddressView in
            // Cromford 8.0: a restricted address shows that it exists, never its content, to anyone not named.
            let hidden = address.restricted && !data.mayReadRestricted
            return .init(
                kind: address.kind,
                restricted: address.restricted,
                lines: hidden ? nil : address.lines,
                town: hidden ? nil : address.town,
                postcode: hidden ? nil : address.postcode
            )
        }
        var summary = self.summary(data.model, childName: "\(child.forename) \(child.surname)")
        // The category on the day of reading, not as the last command or sweep left it.
        summary.category = data.category?.category.rawValue ?? summary.category
        return .init(
            _case: summary,
            child: .init(
                id: child.id?.uuidString ?? "",
                forename: child.forename,
                middleNames: child.middleNames,
                surname: child.surname,
                aliases: data.aliases,
                dateOfBirth: child.dateOfBirth,
                gender: child.gender,
                upn: child.upn,
                ncYear: age.flatMap { SchoolAge.ncYearLabel($0.ncYear(on: today)) },
                compulsorySchoolAgeStarts: age?.starts.description,
                schoolLeavingDate: age?.schoolLeavingDate.description,
                addresses: addresses,
                episodes: data.episodes
            ),
            joinedInto: data.joinedInto.map { .init(id: $0.id.uuidString, reference: $0.reference) },
            timeline: data.timeline.map { event in
                var entry = self.entry(event)
                // An event of a case joined into this one counts with this case's current episode (issue 18).
                if let from = data.joinedFrom(event) {
                    entry.joinedFrom = from
                    entry.episode = data.model.episode
                }
                return entry
            },
            clocks: data.clocks.map {
                .init(
                    id: $0.rule.id,
                    title: $0.rule.title,
                    section: $0.rule.section,
                    due: $0.due.description,
                    state: $0.state.rawValue,
                    owner: $0.rule.owner.rawValue,
                    whenOverdue: $0.rule.whenOverdue,
                    settledBy: $0.settledBy?.rawValue,
                    settledAt: $0.settledAt.map(time.date)
                )
            },
            recommendations: data.recommendations.map { settled in
                let recommendation = settled.recommendation
                return .init(
                    target: recommendation.target.rawValue,
                    urgency: recommendation.urgency.rawValue,
                    action: recommendation.action,
                    section: recommendation.section,
                    because: recommendation.because.map(\.rawValue),
                    status: .init(rawValue: settled.status.rawValue) ?? .outstanding,
                    settledBy: settled.settledBy?.kind.rawValue,
                    settledAt: settled.settledBy.map { time.date($0.at) }
                )
            },
            allowedEvents: data.allowedEvents.map(\.rawValue),
            prompts: data.prompts.map {
                .init(id: $0.id, message: $0.message, section: $0.section, day: $0.day?.description)
            },
            categoryHistory: data.categoryHistory.map {
                .init(
                    episode: $0.episode,
                    day: $0.change.day.description,
                    category: $0.change.category.rawValue,
                    label: $0.change.category.label,
                    reason: $0.change.reason,
                    section: $0.change.section,
                    cause: $0.change.cause?.rawValue
                )
            }
        )
    }

    static func entry(_ event: CaseEventModel) -> Components.Schemas.TimelineEntry {
        .init(
            id: event.id?.uuidString ?? "",
            kind: event.kind,
            at: event.at,
            recordedAt: event.recordedLater,
            episode: event.episode,
            by: event.$actor.id?.uuidString,
            reason: event.reason,
            source: event.source,
            outcome: event.outcome,
            destination: event.destination,
            assignee: event.$assignee.id?.uuidString,
            target: event.target,
            reference: event.reference,
            action: event.action,
            note: event.note
        )
    }

    static func timeline(
        ids: [UUID],
        on db: any Database,
        time: LocalTime
    ) async throws -> [Components.Schemas.TimelineEntry] {
        guard !ids.isEmpty else { return [] }
        return try await CaseEventModel.query(on: db).filter(\.$id ~~ ids).sort(\.$seq).all().map(self.entry)
    }
}

extension CaseEventModel {
    /// When it was recorded, if that was later than it happened (by more than the minute a timeline shows).
    var recordedLater: Date? {
        guard let recorded = self.createdAt, recorded.timeIntervalSince(self.at) >= 60 else { return nil }
        return recorded
    }
}
