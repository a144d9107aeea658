import CMEStorage
import Foundation

/// What the command line needs of the sign-in rules: setting a password, and the current TOTP code of a user.
public enum UserAccounts {
    /// Why `password` cannot be used, or nil.
    public static func passwordProblem(_ password: String, email: String) -> String? {
        Password.problem(password, email: email)
    }

    public static func setPassword(_ password: String, on user: UserModel, cost: Int, at now: Date) throws {
        user.passwordHash = try Password.hash(password, cost: cost)
        user.passwordChangedAt = now
    }

    /// The code a user's authenticator would show now, or nil if they have no second factor set up.
    public static func currentCode(for user: UserModel, at now: Date) -> String? {
        user.totpSecret.flatMap { TOTP.code(secret: $0, step: TOTP.step(at: now)) }
    }
}
