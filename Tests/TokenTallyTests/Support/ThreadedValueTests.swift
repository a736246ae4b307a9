#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Testing
@testable import TallyCore

/// `ThreadedValue` computes on a thread of its own, beside the starting thread.
@Suite struct ThreadedValueTests {
    @Test func theValueIsComputedOnAnotherThreadWhileThisOneWorks() {
        let here = pthread_self()
        let computed = ThreadedValue(name: "tt-test-value") { (thread: pthread_self(), sum: (1...1_000).reduce(0, +)) }
        let mine = (1...10).reduce(0, +)
        let value = computed.value()
        #expect(value.sum == 500_500 && mine == 55)
        #expect(pthread_equal(value.thread, here) == 0)
    }

    /// A value never taken is dropped once its thread ends, which is then reaped.
    @Test func aValueNeverTakenIsDroppedSafely() {
        for _ in 0..<50 { _ = ThreadedValue(name: "tt-test-drop") { [Int](repeating: 1, count: 1_000) } }
    }
}
