import CMECore
import CMEStorage
import Foundation

/// A subject access export as a page a person reads (UK GDPR Art. 15): the child's record, referrals as sent,
/// cases with their timelines, and who has seen and changed the record. The same page is the file `cme sar` writes.
public enum SubjectAccessView {
    static func page(_ record: SubjectAccessRecord, time: LocalTime) -> Page {
        let child = record.child
        var sections: [Markup] = [
            H.tag("span", [("class", "caption")], text: "Subject access export"),
            H.tag("h1", [("class", "heading-l")], text: "\(child.forename) \(child.surname)"),
            H.p(
                "Everything \(record.localAuthority) holds about this child in CME Tracker, taken \(Words.dateTime(record.generatedAt, time: time)). Check it for other people's information (third parties, restricted addresses) before it is released."
            ),
            UI.summaryList(
                [
                    ("Record id", H.text(record.childID.uuidString.lowercased())),
                    (
                        "Records merged into this one",
                        H.text(
                            record.mergedRecordIDs.isEmpty
                                ? "None"
                                : record.mergedRecordIDs.map { $0.uuidString.lowercased() }.joined(separator: ", ")
                        )
                    ),
                    (
                        "Name",
                        H.text(
                            [child.forename, child.middleNames, child.surname].compactMap { $0 }.joined(separator: " ")
                        )
                    ),
                    (
                        "Other names",
                        H.text(child.otherNames.isEmpty ? "None" : child.otherNames.joined(separator: ", "))
                    ),
                    ("Date of birth", H.text(Words.day(iso: child.dateOfBirth))),
                    ("Gender", H.text(Gender(rawValue: child.gender)?.label ?? child.gender)),
                    ("UPN", H.text(child.upn ?? "None recorded")),
                    ("Special educational needs", H.text(SENStatus(rawValue: child.sen)?.label ?? child.sen)),
                    ("Looked after", H.text(child.inCare ? "Yes" : "No")),
                    ("Child protection plan", H.text(child.childProtectionPlan ? "Yes" : "No")),
                    (
                        "Processing restricted",
                        H.text(
                            child.restrictedSince.map {
                                "Since \(Words.dateTime($0, time: time)): \(child.restrictionReason ?? "")"
                            } ?? "No"
                        )
                    ),
                ]
            ),
        ]
        sections.append(
            UI.table(
                caption: "Addresses",
                head: ["Address", "Kind", "Restricted"],
                rows: child.addresses.map { address in
                    [
                        H.text(
                            (address.lines + [address.town, address.postcode].compactMap { $0 }).joined(separator: ", ")
                        ),
                        H.text(address.kind.replacingOccurrences(of: "_", with: " ")),
                        H.text(address.restricted ? "Yes: review before release" : "No"),
                    ]
                }
            )
        )
        sections.append(
            UI.table(
                caption: "Parents, carers and contacts",
                head: ["Name", "Relationship", "Telephone", "Email"],
                rows: child.contacts.map {
                    [
                        H.text($0.name), H.text($0.relationship ?? ""), H.text($0.telephone ?? ""),
                        H.text($0.email ?? ""),
                    ]
                }
            )
        )
        sections.append(
            UI.table(
                caption: "Referrals and notices",
                head: ["Reference", "Kind", "Received", "From", "What was said"],
                rows: record.referrals.map { referral in
                    [
                        H.text(referral.reference), H.text(referral.kind),
                        H.text(Words.dateTime(referral.receivedAt, time: time)),
                        H.text(referral.organisation ?? "A member of the public or the LA"),
                        H.text(Self.said(referral.asSent)),
                    ]
                }
            )
        )
        for entry in record.cases {
            sections.append(H.tag("h2", [("class", "heading-m")], text: "Case \(entry.reference)"))
            sections.append(
                UI.summaryList([
                    ("Where it stands", H.text(entry.state)),
                    ("Category", H.text(entry.category)),
                    ("Episode", H.text(String(entry.episode))),
                    ("Opened", H.text(Words.dateTime(entry.openedAt, time: time))),
                    ("Closed", H.text(entry.closedAt.map { Words.dateTime($0, time: time) } ?? "Open")),
                ])
            )
            sections.append(
                UI.table(
                    caption: "Timeline of case \(entry.reference)",
                    head: ["When", "What", "By", "Details"],
                    rows: entry.timeline.map { event in
                        [
                            H.text(Words.dateTime(event.at, time: time)), H.text(event.what), H.text(event.by ?? ""),
                            H.text(
                                event.details.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(
                                    separator: "; "
                                )
                            ),
                        ]
                    }
                )
            )
            sections.append(
                UI.table(
                    caption: "Deadlines of case \(entry.reference)",
                    head: ["Deadline", "Due", "State"],
                    rows: entry.clocks.map {
                        [H.text($0.rule), H.text(Self.due($0.due)), H.text(Words.clockState($0.state).0)]
                    }
                )
            )
        }
        sections.append(
            UI.table(
                caption: "Who has seen and changed this record",
                head: ["When", "Who", "Role", "Did", "What", "Detail"],
                rows: record.accesses.map { access in
                    [
                        H.text(Words.dateTime(access.at, time: time)), H.text(access.who), H.text(access.role),
                        H.text(Self.did(access.action)), H.text(access.record.replacingOccurrences(of: "_", with: " ")),
                        H.text(
                            [
                                access.detail,
                                access.mergedRecordID.map { _ in "(on a record since merged into this one)" },
                            ]
                            .compactMap { $0 }.joined(separator: " ")
                        ),
                    ]
                }
            )
        )
        return Page("Subject access export", sections)
    }

    /// An audit action in words.
    static func did(_ action: String) -> String {
        switch action {
        case "read": "Read"
        case "create": "Created"
        case "update": "Changed"
        case "search": "Found in a search"
        case "delete": "Deleted"
        default: action
        }
    }

    /// A clock's due date or time as people read it.
    static func due(_ stored: String) -> String {
        guard let day = try? Day(iso: String(stored.prefix(10))) else { return stored }
        return Words.day(day) + (stored.count > 10 ? " at \(stored.dropFirst(11))" : "")
    }

    /// What a referrer wrote, in one line.
    static func said(_ referral: Referral?) -> String {
        guard let referral else { return "" }
        return [
            referral.assessment.worriedAbout, referral.assessment.workingWell, referral.assessment.whatNext,
            referral.additionalInformation,
        ].compactMap { $0 }.joined(separator: " / ")
    }
}

extension SubjectAccessView {
    /// The export as a file of its own, for `cme sar`: the stylesheet inside it.
    public static func html(_ record: SubjectAccessRecord, time: LocalTime) -> String {
        self.page(record, time: time).standalone(authority: record.localAuthority)
    }
}
