import CMEMatching
import Testing

@Suite("Name variants")
struct NameVariantsTests {
    @Test(arguments: [
        ("Mohammed", "Muhammad"), ("Mohamed", "Mohammad"), ("Aisha", "Ayesha"), ("Oliwia", "Olivia"),
        ("Zofia", "Zophia"), ("Sofia", "Sophia"), ("Fatima", "Fatimah"), ("Hussain", "Hussein"),
        ("Abdirahman", "Abdulrahman"), ("Chaudhry", "Chowdhury"), ("McDonagh", "McDonough"), ("Xasan", "Hassan"),
    ])
    func spellingsAcrossCommunities(a: String, b: String) {
        #expect(NameVariants.relation(a, b) == .spelling)
    }

    @Test(arguments: [
        ("Chukwuemeka", "Emeka"), ("Oluwaseun", "Seun"), ("William", "Bill"), ("Elizabeth", "Libby"),
        ("Alexander", "Alfie"), ("Margaret", "Peggy"), ("Wojciech", "Wojtek"), ("Bridget", "Bridie"),
    ])
    func nicknamesAndShortForms(a: String, b: String) {
        #expect(NameVariants.relation(a, b) == .nickname)
    }

    @Test func unrelatedAndIdenticalNamesAreNotVariants() {
        #expect(NameVariants.relation("Olivia", "Amelia") == nil)
        #expect(NameVariants.relation("Muhammad", "muhammad") == nil)
        #expect(NameVariants.relation("Zoë", "Zoey") == .spelling)
    }

    @Test func theTableHasHundredsOfGroupsAndListsVariants() {
        #expect(NameVariants.groupCount > 300)
        #expect(Set(NameVariants.variants(of: "Mohammed")).isSuperset(of: ["muhammad", "mohamed", "mohammad", "mo"]))
        #expect(NameVariants.variants(of: "Jackson", kind: .spelling).isEmpty)
        #expect(NameVariants.variants(of: "Jackson", kind: .nickname) == ["jack", "jax"])
    }
}
