import ArgumentParser
import CMECore
import CMEInterop
import CMEStorage
import CMEWeb
import Foundation

/// What every feed import takes: the file, and the one school it is for if it is one school's.
struct FeedFileOptions: ParsableArguments {
    @ArgumentParser.Argument(help: "The file (CSV with a header row; columns by name).")
    var file: String

    @ArgumentParser.Option(help: "The one school (URN) the file is for; then its school_urn column may be left out.")
    var school: String?

    func validate() throws {
        if let school = self.school, school.count != 6 || !school.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw ValidationError("--school: '\(school)' is not a 6-digit URN")
        }
    }

    /// The file's bytes, or a one-line reason.
    func bytes() throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: self.file)))
        } catch {
            throw Failure("\(self.file): cannot be read")
        }
    }

    func imported(_ bytes: [UInt8]) -> ImportedFile {
        ImportedFile(name: URL(fileURLWithPath: self.file).lastPathComponent, bytes: bytes)
    }

    /// Reads the file with `reader`; a refused file prints every bad row and stops with one line.
    func read<T>(_ reader: ([UInt8]) throws(ImportFileError) -> T) throws -> (T, ImportedFile) {
        let bytes = try self.bytes()
        do {
            return (try reader(bytes), self.imported(bytes))
        } catch {
            let rows = error.rowErrors
            guard !rows.isEmpty else { throw Failure("\(self.file): \(error.description)") }
            for row in rows { FileHandle.standardError.write(Data("\(self.file): \(row)\n".utf8)) }
            throw Failure("\(self.file): \(rows.count) bad row\(rows.count == 1 ? "" : "s"), nothing imported")
        }
    }
}

/// The last tenth of an import printed: the service may report progress from any thread.
final class PrintedTenths: @unchecked Sendable {
    private let lock = NSLock()
    private var last = 0

    /// Whether `tenth` is past the last one printed (and now the last).
    func passes(_ tenth: Int) -> Bool {
        self.lock.withLock {
            guard tenth > self.last else { return false }
            self.last = tenth
            return true
        }
    }
}

/// Prints the rows written at each tenth of a long import, on standard error (once per tenth, whatever the size of
/// the batches the service writes).
func progressLine(_ label: String) -> ImportProgress {
    let printed = PrintedTenths()
    return { written, total in
        guard total >= 10_000, printed.passes(written * 10 / total) else { return }
        FileHandle.standardError.write(Data("\(label): \(written) of \(total) rows written\n".utf8))
    }
}

extension ImportCommand {
    /// `cme import roll FILE [--school URN]`.
    struct Roll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roll",
            abstract:
                "Import school rolls: each school in the file gets them as its roll; joiners and leavers owe returns.",
            discussion: """
                Columns by name: upn, forename, surname, dob, nc_year, entry_date, leaving_date and school_urn (or \
                --school), and any of the other pupil columns of cme match. All or nothing: any bad row stops the \
                import and every bad row is listed with its line. The same file again changes nothing.
                """
        )

        @ArgumentParser.OptionGroup var options: ServerOptions
        @ArgumentParser.OptionGroup var feed: FeedFileOptions

        func run() async throws {
            let (pupils, file) = try self.feed.read { bytes throws(ImportFileError) in
                try RollCSV.read(bytes: bytes, school: self.feed.school)
            }
            let receipt = try await withApplication(self.options) { app in
                try await app.cme.service.importRoll(
                    pupils,
                    file: file,
                    school: self.feed.school,
                    by: .system,
                    on: app.db,
                    at: Date(),
                    progress: progressLine(self.feed.file)
                )
            }
            print("\(self.feed.file): \(receipt.summary)")
        }
    }

    /// `cme import returns FILE [--school URN]`.
    struct Returns: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "returns",
            abstract: "Import schools' leaver (CML) and joiner (CMJ) returns (Derbyshire 5.3, 5.4; Suffolk 9.6).",
            discussion: """
                Columns by name: return_type (CML or CMJ), upn, forename, surname, dob, date (left or joined), \
                school_urn (or --school), and destination if given. Each return is tied to the roll change it \
                answers; see cme report returns for the schools still owing.
                """
        )

        @ArgumentParser.OptionGroup var options: ServerOptions
        @ArgumentParser.OptionGroup var feed: FeedFileOptions

        func run() async throws {
            let (returns, file) = try self.feed.read { bytes throws(ImportFileError) in
                try ReturnsCSV.read(bytes: bytes, school: self.feed.school)
            }
            let receipt = try await withApplication(self.options) { app in
                try await app.cme.service.importReturns(
                    returns,
                    file: file,
                    school: self.feed.school,
                    by: .system,
                    on: app.db,
                    at: Date()
                )
            }
            print("\(self.feed.file): \(receipt.summary)")
        }
    }

    /// `cme import transfers FILE [--school URN] [--academic-year YYYY]`.
    struct Transfers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transfers",
            abstract:
                "Import last year's Nursery, Year 4, 6 and 8 cohorts for the failure-to-transfer search (Suffolk 8.1).",
            discussion: """
                Columns by name: upn, forename, surname, dob, nc_year (N1, N2, 4, 6 or 8) and school_urn (or \
                --school), and any of the other pupil columns of cme match. cme trace ftt searches them against \
                the rolls held when no --cohort file is given.
                """
        )

        @ArgumentParser.OptionGroup var options: ServerOptions
        @ArgumentParser.OptionGroup var feed: FeedFileOptions

        @ArgumentParser.Option(
            help: "The school year the cohorts are of, by its first calendar year (default: last school year)."
        )
        var academicYear: Int?

        func run() async throws {
            let (pupils, file) = try self.feed.read { bytes throws(ImportFileError) in
                try TransfersCSV.read(bytes: bytes, school: self.feed.school)
            }
            let year = self.academicYear ?? (AcademicYear(containing: todayInEngland()).startYear - 1)
            let receipt = try await withApplication(self.options) { app in
                try await app.cme.service.importTransfers(
                    pupils,
                    academicYear: year,
                    file: file,
                    school: self.feed.school,
                    by: .system,
                    on: app.db,
                    at: Date()
                )
            }
            print("\(self.feed.file): \(receipt.summary)")
        }
    }

    /// `cme import list`: the files taken in.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "The files imported, newest first, and the pupils on each school's roll."
        )

        @ArgumentParser.OptionGroup var options: ServerOptions

        func run() async throws {
            let (imports, rolls) = try await withApplication(self.options) { app in
                (try await app.cme.service.imports(on: app.db), try await app.cme.service.rollCounts(on: app.db))
            }
            let format = ISO8601DateFormatter()
            for model in imports {
                print(
                    [
                        format.string(from: model.importedAt), model.kind,
                        model.schoolURN.isEmpty ? "-" : model.schoolURN,
                        model.fileName, String(model.rows), model.summary,
                    ].joined(separator: "\t")
                )
            }
            let total = rolls.map(\.pupils).reduce(0, +)
            print("rolls: \(total) pupils at \(rolls.count) schools")
        }
    }
}
