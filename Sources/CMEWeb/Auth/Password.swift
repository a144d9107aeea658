import Vapor

/// Password rules and hashing (bcrypt; DESIGN.md "Data protection").
enum Password {
    static let minimumLength = 12
    static let maximumLength = 128

    /// Why `password` is not acceptable for `email`, or nil.
    static func problem(_ password: String, email: String) -> String? {
        if password.count < self.minimumLength {
            return "Password must be \(self.minimumLength) characters or more"
        }
        if password.count > self.maximumLength {
            return "Password must be \(self.maximumLength) characters or fewer"
        }
        if password.lowercased() == email.lowercased() {
            return "Password must not be your email address"
        }
        return nil
    }

    static func hash(_ password: String, cost: Int) throws -> String {
        try Bcrypt.hash(password, cost: cost)
    }

    /// Whether `password` matches `hash`. Sign-in checks an unknown email against a decoy hash of its own cost, so
    /// that timing does not reveal which emails exist (`SignInController.decoy`).
    static func verify(_ password: String, hash: String) -> Bool {
        (try? Bcrypt.verify(password, created: hash)) ?? false
    }
}
