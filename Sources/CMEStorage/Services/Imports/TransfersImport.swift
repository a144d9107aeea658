import CMECore
import CMEInterop
import CMEMatching
import Fluent
import Foundation
import SQLKit

extension CaseService {
    /// Takes in an admissions transfer list: last year's Nursery, Year 4, 6 and 8 cohorts (Suffolk 8.1), kept for
    /// the failure-to-transfer search against this September's rolls. `academicYear` is the year the list
    /// describes (its first calendar year). A pupil already held for that year and school is not taken twice.
    public func importTransfers(
        _ pupils: [TransferPupil],
        academicYear: Int,
        file: ImportedFile,
        school: String?,
        by actor: Actor,
        on db: any Database,
        at now: Date
    ) async throws -> ImportReceipt {
        let (receipt, _) = try await self.runImport(
            .transfers,
            school: school,
            file: file,
            rows: pupils.count,
            by: actor,
            on: db,
            at: now
        ) { tx, importID -> (String, Bool) in
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            var ids = RowIDs()
            try await BulkInsert.run(
                try pupils.map {
                    [
                        .uuid(ids.next()), .int(academicYear), .text($0.record.schoolURN ?? ""), .text($0.key),
                        .text($0.ncYear), .data([UInt8](try encoder.encode($0.record.columns))), .uuid(importID),
                    ]
                },
                into: "transfer_pupils",
                columns: ["id", "academic_year", "school_urn", "pupil_key", "nc_year", "record", "import_id"],
                tail: "ON CONFLICT DO NOTHING",
                on: tx
            )
            var byYear: [String: Int] = [:]
            for pupil in pupils { byYear[pupil.ncYear, default: 0] += 1 }
            let groups = ["N1", "N2", "4", "6", "8"].compactMap { year in
                byYear[year].map { "\($0) in \(year.hasPrefix("N") ? "nursery \(year)" : "Year \(year)")" }
            }
            let label = AcademicYear(startYear: academicYear).description
            return ("\(pupils.count) pupils of \(label)'s transfer cohorts: " + groups.joined(separator: ", "), true)
        }
        return receipt
    }

    /// The transfer cohorts held for `academicYear`, as records for the failure-to-transfer search.
    public func storedTransferCohort(academicYear: Int, on db: any Database) async throws -> [PupilRecord] {
        guard let sql = db as? any SQLDatabase else { throw StorageFault.notSQL }
        let rows = try await sql.select().column("record").from("transfer_pupils")
            .where("academic_year", .equal, academicYear).all()
        let decoder = JSONDecoder()
        return try rows.compactMap { row in
            let columns = try decoder.decode([String: String].self, from: row.decode(column: "record", as: Data.self))
            return PupilRecord(columns: columns)
        }
    }
}
