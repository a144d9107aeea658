import ArgumentParser
import CMECore
import CMEMatching
import Foundation

/// `cme synth-feeds --pupils N --day DATE --out DIR`: a school roll and a day of attendance marks for the import
/// benchmarks, from the synthetic population of `cme synth`.
struct SynthFeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth-feeds",
        abstract: "Write a seeded synthetic school roll (school-roll.csv) and one day's attendance (attendance.csv).",
        shouldDisplay: false
    )

    @ArgumentParser.Option(help: "Pupils on the roll.")
    var pupils: Int = 200_000

    @ArgumentParser.Option(help: "Pupils with a day of attendance marks (AM and PM each).")
    var marked: Int = 100_000

    @ArgumentParser.Option(help: "The day marked, and the day the roll is taken (YYYY-MM-DD).")
    var day: String

    @ArgumentParser.Option(help: "Seed: the same seed gives the same files.")
    var seed: UInt64 = 1

    @ArgumentParser.Option(help: "Directory to write into.")
    var out: String

    func validate() throws {
        guard (1...5_000_000).contains(self.pupils), (0...self.pupils).contains(self.marked) else {
            throw ValidationError("--pupils must be 1 to 5,000,000 and --marked 0 to --pupils")
        }
    }

    func run() throws {
        let day = try parseDay(self.day, option: "--day")
        let population = SyntheticPopulation.generate(rollSize: self.pupils, lostSize: 1, seed: self.seed)
        var roll = [
            "record_id,upn,forename,middle_names,surname,dob,gender,ethnicity,postcode,school_urn,nc_year,entry_date,leaving_date"
        ]
        var marks = ["upn,school_urn,date,session,code"]
        roll.reserveCapacity(population.roll.count + 1)
        // Codes in a plausible proportion: mostly present, some authorised, a few unexplained.
        let codes =
            Array(repeating: "/", count: 90) + ["\\"] + Array(repeating: "I", count: 4) + [
                "M", "C", "N", "O", "G", "L",
            ]
        var random = SeededGenerator(seed: self.seed)
        var serial = 0
        // A school's census holds each UPN once; the population shares some (twins given one by mistake).
        var used = Set<String>()
        for (index, record) in population.roll.enumerated() {
            guard let dob = record.dateOfBirth else { continue }
            let age = SchoolAge(dateOfBirth: dob)
            let year = min(max(age.ncYear(on: day), 0), 14)
            // A UPN for every pupil: the record's if it is valid and not taken, else one minted (LA 935).
            var upn = record.upn ?? ""
            if (try? UPN(upn)) == nil || !used.insert(upn).inserted {
                serial += 1
                let body = Array(
                    String(format: "935%04d%02d%03d", serial / 1000 % 10000, day.year % 100, serial % 1000)
                )
                upn = String(UPN.checkLetter(for: body)) + String(body)
            }
            let urn = record.schoolURN.flatMap { $0.count == 6 ? $0 : nil } ?? "124500"
            let entry = AcademicYear(startYear: AcademicYear(containing: day).startYear - max(year - 1, 0)).firstDay
            let fields = [
                record.recordID, upn, record.forename ?? "", record.middleNames ?? "", record.surname ?? "",
                dob.description, record.gender ?? "", record.ethnicity ?? "", record.postcode ?? "", urn,
                year == 0 ? "R" : String(year), max(entry, dob.adding(days: 365 * 2)).description, "",
            ]
            roll.append(CSVWriter.row(fields))
            if index < self.marked {
                for session in ["AM", "PM"] {
                    marks.append("\(upn),\(urn),\(day),\(session),\(codes[Int(random.next() % UInt64(codes.count))])")
                }
            }
        }
        let directory = URL(fileURLWithPath: self.out)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try (roll.joined(separator: "\n") + "\n").write(
                to: directory.appendingPathComponent("school-roll.csv"),
                atomically: true,
                encoding: .utf8
            )
            try (marks.joined(separator: "\n") + "\n").write(
                to: directory.appendingPathComponent("attendance.csv"),
                atomically: true,
                encoding: .utf8
            )
        } catch {
            throw Failure("--out: cannot write into \(self.out)")
        }
        print("wrote \(roll.count - 1) pupils and \(marks.count - 1) marks to \(self.out)")
    }
}
