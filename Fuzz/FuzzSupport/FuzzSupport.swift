import Foundation

/// What the libFuzzer targets share: the entry into libFuzzer's driver, and the replay tool that a
/// build without libFuzzer makes of each target.
public enum FuzzSupport {
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    #if FUZZING
    /// Runs libFuzzer on `test`. SwiftPM links an executable's entry point as `<Module>_main`, which
    /// each target defines to call this, instead of libFuzzer's own `main`.
    public static func runDriver(
        _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: TestOneInput
    ) -> Int32 {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, test)
    }
    #endif

    /// Without libFuzzer: runs each file named on the command line (a crash reproducer or corpus
    /// files) through `check`. Foundation reads the files: this is the reproducer, not fuzzed code.
    public static func replay(_ check: (UnsafeRawBufferPointer) -> Void) throws {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
            data.withUnsafeBytes(check)
        }
    }
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: FuzzSupport.TestOneInput
) -> Int32
#endif
