import FluentSQLiteDriver
import Foundation
import SQLKit
import Testing

@testable import CMEStorage
@testable import CMEWeb

/// The server's SQLite settings (ADR 0003, ADR 0009), on every pooled connection the requests use.
@Suite("SQLite settings")
struct SQLiteTuningTests {
    @Test(
        "Write-ahead logging, a busy timeout and a checkpoint every 20,000 pages on each event loop's connection and the writer's"
    )
    func everyConnection() async throws {
        try await withTestApp(.sqlite) { app, _ in
            var connections = 0
            let readers = app.eventLoopGroup.makeIterator().map {
                app.databases.database(.sqlite, logger: app.logger, on: $0)
            }
            let writer = try #require(app.cme.service.gate.writer)
            for connection in readers + [writer] {
                let db = try #require(connection as? any SQLDatabase)
                func value(_ pragma: String) async throws -> String? {
                    let row = try await db.raw("PRAGMA \(unsafeRaw: pragma)").first()
                    let column = try #require(row?.allColumns.first)
                    return (try? row?.decode(column: column, as: String.self))
                        ?? (try? row?.decode(column: column, as: Int.self)).map(String.init)
                }
                #expect(try await value("journal_mode") == "wal")
                #expect(try await value("busy_timeout") == "10000")
                #expect(try await value("wal_autocheckpoint") == String(SQLiteTuning.checkpointPages))
                connections += 1
            }
            #expect(connections > 1)
        }
    }

    @Test("A request's read goes on while a write transaction is open, on every event loop (ADR 0011)")
    func readsDuringAWrite() async throws {
        try await withTestApp(.sqlite) { app, _ in
            let gate = app.cme.service.gate
            let (opened, open) = AsyncStream.makeStream(of: Void.self)
            let (released, release) = AsyncStream.makeStream(of: Void.self)
            // A gated transaction that has written, and so holds SQLite's one write lock, until released.
            let writing = Task {
                // A transaction that fails before it is open ends the wait below; the failure is thrown at the end.
                defer { open.finish() }
                try await gate.transaction(app.db) { tx in
                    _ = try await CaseService.nextValue("readers-test", on: tx)
                    open.yield()
                    for await _ in released { break }
                }
            }
            for await _ in opened { break }
            // Each loop's connection reads while the write is open, and sees only what was committed. A read that
            // waited for the writer's connection would come after the five-second timeout (nil) instead.
            let loops = Array(app.eventLoopGroup.makeIterator())
            let answers = try await withThrowingTaskGroup(of: Int?.self) { group -> [Int?] in
                for loop in loops {
                    let db = try #require(
                        app.databases.database(.sqlite, logger: app.logger, on: loop) as? any SQLDatabase
                    )
                    group.addTask {
                        try await db.raw("SELECT COUNT(*) AS n FROM counters WHERE name = 'readers-test'").first()?
                            .decode(column: "n", as: Int.self)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(5))
                    return nil
                }
                var answers: [Int?] = []
                for try await answer in group {
                    answers.append(answer)
                    if answers.count == loops.count { break }
                }
                // Ends the write, so that a read stuck behind it finishes too.
                release.yield()
                group.cancelAll()
                return answers
            }
            try await writing.value
            #expect(answers == loops.map { _ in 0 }, "a read waited for the open write")
            #expect(try await CaseService.nextValue("readers-test", on: app.db) == 2)
        }
    }
}
