import CMECore
import CMEMatching
import Fluent
import Foundation
import SQLKit

/// The record saved monthly (Leicestershire 8.3): a finished month's report, written once and kept. Showing the
/// month again reads it back; a corrected count is a new revision beside it, never an overwrite (issue 17).
public struct KeptMonthlyRecord: Sendable, Equatable {
    public var month: String
    public var revision: Int
    public var takenAt: Date
    /// The report as it was kept: its figures, read back from the record's CSV.
    public var report: ManagementReport
    public var csv: String
}

extension ManagementReport {
    /// The latest record kept for the monthly report's month, if any.
    public func kept(on db: any Database) async throws -> KeptMonthlyRecord? {
        guard self.period.kind == .monthly else { return nil }
        return try await Self.kept(self.period, on: db)
    }

    static func kept(_ period: Period, on db: any Database) async throws -> KeptMonthlyRecord? {
        guard
            let model = try await KeptMonthlyRecordModel.query(on: db).filter(\.$month == period.label)
                .sort(\.$revision, .descending).first()
        else { return nil }
        let csv = String(decoding: model.figures, as: UTF8.self)
        return KeptMonthlyRecord(
            month: model.month,
            revision: model.revision,
            takenAt: model.takenAt,
            report: ManagementReport(period: period, figures: Self.figures(fromCSV: csv), open: []),
            csv: csv
        )
    }

    /// Keeps this month's report as a new revision of the month's record (the first, or a correction), and returns
    /// it. Two keepers at once: the second finds the revision taken and the unique key refuses it.
    @discardableResult
    public func keep(on db: any Database, at now: Date) async throws -> KeptMonthlyRecord? {
        guard self.period.kind == .monthly else { return nil }
        let previous = try await Self.kept(self.period, on: db)
        let model = KeptMonthlyRecordModel()
        model.id = UUID()
        model.month = self.period.label
        model.revision = (previous?.revision ?? 0) + 1
        model.takenAt = now
        model.figures = Data(self.csv.utf8)
        do {
            try await model.create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another keeper (the sweep, another instance) took this revision a moment ago: theirs is the record.
        }
        return try await Self.kept(self.period, on: db)
    }

    /// Takes last month's record if nobody has yet: the clock sweep calls this, so the record is saved monthly
    /// (Leicestershire 8.3) without anyone asking for it. Whether it took one.
    @discardableResult
    public static func keepLastMonth(on db: any Database, time: LocalTime, at now: Date) async throws -> Bool {
        guard let period = Period.named(.monthly, nil, today: time.day(now)),
            try await Self.kept(period, on: db) == nil
        else { return false }
        let (rows, clocks) = try await Self.gather(on: db, time: time)
        try await Self.compute(rows, clocks: clocks, period: period).keep(on: db, at: now)
        return true
    }

    /// The figures of a report's CSV (`section,value,count,cases`), as `csv` wrote them.
    static func figures(fromCSV text: String) -> [Figure] {
        var reader = CSVReader(bytes: Array(text.utf8))
        _ = reader.next()  // the header
        var figures: [Figure] = []
        while let row = reader.next() {
            guard case .fields(_, let fields) = row, fields.count == 4 else { continue }
            figures.append(
                Figure(group: fields[0], value: fields[1], cases: fields[3].split(separator: " ").map(String.init))
            )
        }
        return figures
    }
}

/// One kept revision of a month's record: the month's report as CSV.
public final class KeptMonthlyRecordModel: Model, @unchecked Sendable {
    public static let schema = "kept_monthly_records"

    @ID(key: .id) public var id: UUID?
    @Field(key: "month") public var month: String
    @Field(key: "revision") public var revision: Int
    @Field(key: "taken_at") public var takenAt: Date
    @Field(key: "figures") public var figures: Data

    public init() {}
}
