import CMEMatching
import Foundation
import Vapor

extension Optional where Wrapped == String {
    /// What a person typed into a field: trimmed, and nil when nothing is left.
    var submitted: String? {
        guard let text = self?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}

/// An uploaded CSV of pupil records, read or named as the form's error.
enum UploadedCSV {
    /// The file's records and skipped rows; nil (with the field's error added) when it is missing and `required`,
    /// or cannot be read.
    static func read(_ file: File?, field: String, missing: String?, errors: inout FormErrors) -> PupilCSV.ReadResult? {
        guard let file, file.data.readableBytes > 0 else {
            if let missing { errors.add(field, missing) }
            return nil
        }
        do {
            return try PupilCSV.read(bytes: Array(file.data.readableBytesView))
        } catch {
            errors.add(field, "\(file.filename): \(error.description)")
            return nil
        }
    }
}
