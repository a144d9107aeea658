/// Something the case asks of the CME officer now, derived from the case, the child and the day, never stored
/// (issue 17).
public struct CasePrompt: Hashable, Sendable {
    public var id: String
    public var message: String
    public var section: String
    /// The day the prompt is about (the school leaving date).
    public var day: Day?

    public init(id: String, message: String, section: String, day: Day? = nil) {
        self.id = id
        self.message = message
        self.section = section
        self.day = day
    }

    /// The prompts for an open case of a child born on `dateOfBirth`, on `today`: past the school leaving date the
    /// child is no longer of compulsory school age, and the case is closed with outcome NCA (Suffolk 16.1 keeps a
    /// case open "until school leaving age"; App. 4: NCA, not compulsory school age).
    public static func prompts(dateOfBirth: Day, state: CaseState, on today: Day) -> [CasePrompt] {
        guard state.isOpen else { return [] }
        let leaving = SchoolAge(dateOfBirth: dateOfBirth).schoolLeavingDate
        guard today > leaving else { return [] }
        return [
            CasePrompt(
                id: "close-nca",
                message:
                    "The child has passed the school leaving date and is no longer of compulsory school age: close the case with outcome NCA.",
                section: "Suffolk 16.1, Appendix 4",
                day: leaving
            )
        ]
    }
}
