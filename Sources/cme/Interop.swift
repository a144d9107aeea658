import ArgumentParser
import CMECore
import CMEInterop
import CMEMatching
import CMEStorage
import CMEWeb
import Fluent
import Foundation
import Vapor

/// `cme import roll|attendance|transfers|returns|ctf FILE [--school URN]`: the LA's data feeds, each all or nothing.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import data files.",
        subcommands: [Roll.self, Attendance.self, Transfers.self, Returns.self, CTF.self, List.self]
    )

    struct CTF: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ctf",
            abstract:
                "Import a CTF: a lost-pupil file is searched against the rolls and open cases into the review queue; a file for one of our schools (--school URN) adds its pupils to that school's roll."
        )

        @ArgumentParser.OptionGroup var options: ServerOptions

        @ArgumentParser.Argument(help: "The CTF (XML).")
        var file: String

        @ArgumentParser.Option(
            help: "The LA's pupil roll (CSV); repeat for every school (default: the rolls imported)."
        )
        var roll: [String] = []

        @ArgumentParser.Option(
            help: "For a CTF sent to one of our schools: that school's URN, whose roll its pupils join."
        )
        var school: String?

        /// A CTF for pupils joining one of our schools: they join its roll, and a CMJ return is owed for each.
        func joiners(_ ctf: CommonTransferFile, data: Data) async throws {
            let destination = "\(ctf.destinationLEA ?? "")\(ctf.destinationEstab ?? "")"
            guard destination != "MMMMMMM" else {
                throw Failure(
                    "\(self.file): destination MMMMMMM (independent school or abroad) has no roll of ours to join"
                )
            }
            guard let school = self.school else {
                throw Failure(
                    "\(self.file): a CTF for school \(destination): give --school URN, the school the pupils join"
                )
            }
            guard school.count == 6, school.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw Failure("--school: '\(school)' is not a 6-digit URN")
            }
            let pupils: [RollPupil]
            do {
                pupils = try ctf.joiners(school: school, fallback: todayInEngland())
            } catch {
                for row in error.rowErrors {
                    FileHandle.standardError.write(Data("\(self.file): \(row.reason)\n".utf8))
                }
                throw Failure("\(self.file): \(error.rowErrors.count) bad pupil(s), nothing imported")
            }
            let file = ImportedFile(name: URL(fileURLWithPath: self.file).lastPathComponent, bytes: [UInt8](data))
            let receipt = try await withApplication(self.options) { app in
                try await app.cme.service.importJoiners(
                    pupils,
                    file: file,
                    school: school,
                    by: .system,
                    on: app.db,
                    at: Date()
                )
            }
            print("\(self.file): \(receipt.summary)")
        }

        func run() async throws {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: self.file))
            } catch {
                throw Failure("\(self.file): cannot be read")
            }
            let ctf: CommonTransferFile
            do {
                ctf = try CommonTransferFile.read(data)
            } catch {
                throw Failure("\(self.file): \(error.description)")
            }
            guard ctf.isLostPupilFile else { return try await self.joiners(ctf, data: data) }
            let lost = ctf.pupils.enumerated().map { index, pupil in
                PupilRecord(ctf: pupil, id: "\(URL(fileURLWithPath: self.file).lastPathComponent)#\(index + 1)")
            }
            let files = try self.roll.flatMap { try MatchCommand.read($0, option: "--roll").records }
            let result = try await withApplication(self.options) { app in
                let service = app.cme.service
                let roll = files.isEmpty ? try await service.storedRoll(on: app.db, onRollOn: todayInEngland()) : files
                return try await service.lostPupilSearch(lost: lost, roll: roll, by: .system, on: app.db, at: Date())
            }
            print(
                "\(lost.count) lost pupils from \(ctf.sourceLEA ?? "?")\(ctf.sourceEstab ?? "") searched against \(result.searched) of ours: "
                    + "\(result.queued) new pairs queued, \(result.alreadyQueued) already waiting, \(result.alreadyDecided) already decided"
            )
        }
    }
}

/// `cme export ctf --case ID`: the CTF for a child posted to s2s (XXXXXXX) or gone to an independent school or
/// abroad (MMMMMMM), named LLLEEEE_CTF_LLLEEEE_nnn.xml.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export data files.",
        subcommands: [CTF.self]
    )

    struct CTF: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ctf",
            abstract: "Write the CTF for a case's child into --out (a lost-pupil CTF once the case is posted to s2s)."
        )

        @ArgumentParser.OptionGroup var options: ServerOptions

        @ArgumentParser.Option(name: .customLong("case"), help: "The case: its id or its reference (CME-2026-000123).")
        var caseID: String

        @ArgumentParser.Option(help: "Directory to write the file into.")
        var out: String = "."

        func run() async throws {
            let path = try await withApplication(self.options) { app -> String in
                var found: CaseModel?
                if let id = UUID(uuidString: self.caseID) { found = try await CaseModel.find(id, on: app.db) }
                if found == nil {
                    found = try await CaseModel.query(on: app.db).filter(\.$reference == self.caseID.uppercased())
                        .first()
                }
                guard let model = found,
                    let child = try await ChildModel.find(model.$child.id, on: app.db)
                else { throw Failure("--case: no case \(self.caseID)") }
                let policy = app.cme.service.policy
                let destination: CTFBuilder.Destination
                if let outcome = model.outcome, ["IND", "EMI"].contains(outcome) {
                    destination = .independentOrAbroad
                } else if model.postedToS2SAt != nil {
                    destination = .lostPupil
                } else {
                    throw Failure("--case: the case has not been posted to s2s, and its outcome is not IND or EMI")
                }
                guard let laNumber = policy.laNumber else {
                    throw Failure("policy \(policy.id) has no laNumber: a CTF needs the LA's three-digit number")
                }
                let addresses = try await ChildAddressModel.query(on: app.db).filter(\.$child.$id == model.$child.id)
                    .sort(\.$createdAt).all()
                let now = Date()
                let local = app.cme.service.time.local(now)
                let file = CTFBuilder.file(
                    for: child.coreChild(addresses: addresses),
                    laNumber: laNumber,
                    authority: policy.localAuthority,
                    destination: destination,
                    academicYear: AcademicYear(containing: local.day).startYear,
                    at: "\(local.day)T\(Words24.time(local.minute)):00"
                )
                let sequence = try await app.db.transaction { tx in
                    try await CaseService.nextValue("ctf-\(laNumber)", on: tx)
                }
                let url = URL(fileURLWithPath: self.out).appendingPathComponent(file.fileName(sequence: sequence))
                do {
                    try file.xml.write(to: url, atomically: true, encoding: .utf8)
                } catch {
                    throw Failure("--out: cannot write \(url.path)")
                }
                return url.path
            }
            print(path)
        }
    }
}

/// HH:MM from minutes since midnight.
enum Words24 {
    static func time(_ minute: Int) -> String {
        let hour = minute / 60
        let minutes = minute % 60
        return "\(hour < 10 ? "0" : "")\(hour):\(minutes < 10 ? "0" : "")\(minutes)"
    }
}

extension PupilRecord {
    /// A CTF pupil as a record for the tracing search.
    init(ctf pupil: CTFPupil, id: String) {
        let address = pupil.addressLines.joined(separator: ", ")
        self.init(
            recordID: id,
            upn: pupil.upn,
            forename: pupil.forename,
            middleNames: pupil.middleNames,
            surname: pupil.surname,
            preferredSurname: pupil.preferredSurname,
            formerSurname: pupil.formerSurname,
            dateOfBirth: pupil.dateOfBirth,
            gender: pupil.sex,
            ethnicity: pupil.ethnicity,
            postcode: pupil.postcode,
            address: address.isEmpty ? nil : address
        )
    }
}

extension ChildModel {
    /// The stored child as the core's `Child`, with its addresses (restricted ones marked so).
    func coreChild(addresses: [ChildAddressModel]) -> Child {
        var child = Child(
            forename: self.forename,
            middleNames: self.middleNames,
            surname: self.surname,
            dateOfBirth: (try? Day(iso: self.dateOfBirth)) ?? Day(year: 2000, month: 1, day: 1)!,
            gender: Gender(rawValue: self.gender) ?? .notKnown,
            ethnicity: self.ethnicity,
            upn: self.upn.flatMap { try? UPN($0) },
            inCare: self.inCare
        )
        child.addresses = addresses.map {
            AddressRecord(
                address: Address(lines: $0.lines, town: $0.town, postcode: $0.postcode, restricted: $0.restricted),
                kind: AddressRecord.Kind(rawValue: $0.kind) ?? .lastKnown
            )
        }
        return child
    }
}
