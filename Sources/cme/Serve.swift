import ArgumentParser
import CMEWeb
import Foundation
import Vapor

/// `cme serve`: creates and migrates the database on first run, then serves the web application and API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the web application and the JSON API.")

    @ArgumentParser.OptionGroup var options: ServerOptions

    @ArgumentParser.Option(help: "Address to listen on.")
    var hostname: String = "127.0.0.1"

    @ArgumentParser.Option(help: "Port to listen on.")
    var port: Int = 8080

    @ArgumentParser.Flag(help: "Load a demo LA on the chosen policy: schools, one user per role, about 200 cases.")
    var demo = false

    @ArgumentParser.Option(help: "Seconds between clock sweeps.")
    var sweepEvery: Int = 300

    @ArgumentParser.Flag(help: .hidden)
    var benchmarkRoutes = false

    func run() async throws {
        var settings = try self.options.settings(sweepInterval: .seconds(self.sweepEvery))
        settings.benchmarkRoutes = self.benchmarkRoutes
        let app = try await Application.make(
            .init(
                name: environmentName(),
                arguments: ["cme", "serve", "--hostname", self.hostname, "--port", String(self.port)]
            )
        )
        do {
            try await configure(app, settings)
            if self.demo {
                let report = try await DemoData.load(into: app, at: Date())
                print(report.text(baseURL: "http://\(self.hostname):\(self.port)"))
            }
            print(
                "CME Tracker on http://\(self.hostname):\(self.port) (\(settings.database), policy \(settings.policyID))"
            )
            // Flush now: into a pipe or file stdout is block-buffered, and the server blocks from here on.
            fflush(nil)
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            throw Failure(describe(error))
        }
    }
}

/// `cme demo --cases N`: loads the demo LA without serving (for trying things out and for benchmarks).
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the demo LA into the database without serving.")

    @ArgumentParser.OptionGroup var options: ServerOptions

    @ArgumentParser.Option(help: "How many cases to create.")
    var cases: Int = 200

    func validate() throws {
        guard (1...1_000_000).contains(self.cases) else { throw ValidationError("--cases must be from 1 to 1,000,000") }
    }

    func run() async throws {
        try await withApplication(self.options) { app in
            let report = try await DemoData.load(into: app, at: Date(), cases: self.cases)
            print(report.text(baseURL: "http://127.0.0.1:8080"))
        }
    }
}

/// `cme migrate`: brings the database schema up to date (or reverts it).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")

    @ArgumentParser.OptionGroup var options: ServerOptions

    @ArgumentParser.Flag(help: "Revert every migration (drops all tables: the data is lost).")
    var revert = false

    func run() async throws {
        try await withApplication(self.options) { app in
            if self.revert {
                try await app.autoRevert()
                print("reverted every migration")
            } else {
                print("database is up to date (\(app.cme.settings.database))")
            }
        }
    }
}
