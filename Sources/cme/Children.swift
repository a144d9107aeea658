import ArgumentParser
import CMEStorage
import CMEWeb
import Foundation

/// `cme children reindex`.
struct ChildrenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "children",
        abstract: "Children's records.",
        subcommands: [Reindex.self]
    )

    struct Reindex: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Rebuild the keys every child is found by (names, their sounds, UPNs, postcodes), after children were loaded other than by intake."
        )

        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await withApplication(self.options) { app in
                let clock = ContinuousClock()
                var counts = (children: 0, keys: 0)
                let took = try await clock.measure { counts = try await SearchKeyIndex.rebuild(on: app.db) }
                print("indexed \(counts.children) children: \(counts.keys) search keys in \(took)")
            }
        }
    }
}
