extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body with a typed error, which the standard one erases to `any Error`.
    package func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withUnsafeBytes { bytes in Result { () throws(E) in try body(bytes) } }.get()
    }
}
