import Foundation

/// How much work the slowest end-to-end tests do. Under a sanitizer (TOKENTALLY_SANITIZER, set for
/// scripts/test and by scripts/sanitize) the binary runs 5 to 10 times slower, so those tests shrink
/// their streams by 5: a run still lasts long enough for what they check, and CI stays within its time.
enum TestScale {
    static let sanitized = !(ProcessInfo.processInfo.environment["TOKENTALLY_SANITIZER"] ?? "").isEmpty

    /// `count`, or a fifth of it under a sanitizer.
    static func events(_ count: Int) -> Int { sanitized ? count / 5 : count }
}
