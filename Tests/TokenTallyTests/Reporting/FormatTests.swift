import Testing
@testable import TallyCore

/// Dollar amounts for people at the limits of nano-dollars (2^63 - 1 = 9,223,372,036.854775807 USD).
@Suite struct FormatTests {
    @Test func dollarsRoundToCentsHalfUp() {
        #expect(Format.dollars(0) == "0.00")
        #expect(Format.dollars(4_999_999) == "0.00")
        #expect(Format.dollars(5_000_000) == "0.01")
        #expect(Format.dollars(1_234_567_890_000_000) == "1,234,567.89")
    }

    @Test func theLargestAmountPrintsInsteadOfTrapping() {
        #expect(Format.dollars(.max) == "9,223,372,036.85")
        #expect(Format.dollars(.max - 4_775_807) == "9,223,372,036.85")
    }

    /// Negative amounts (only from hostile input) keep one sign in front.
    @Test func negativeAmountsHaveOneSign() {
        #expect(Format.dollars(-84_139_332_670_000_000) == "-84,139,332.67")
        #expect(Format.dollars(-5_000_000) == "-0.01")
        #expect(Format.dollars(.min) == "-9,223,372,036.85")
    }
}
