extension InsightColumns {
    /// One block's fields as the encoder gathers them, record by record: each name column (key
    /// hashes) and each number column, `blockRecords` long, in one allocation made once per
    /// section. Gathering a field is one store, without the uniqueness and capacity checks an
    /// array of arrays makes on every append (a fifth of the encoder's thread, measured).
    final class BlockFields {
        /// Name column `c`'s value for record `r` is at `c * blockRecords + r`.
        let hashes: UnsafeMutablePointer<UInt64>
        /// Number column `c`'s value for record `r` is at `c * blockRecords + r`.
        let numbers: UnsafeMutablePointer<Int64>
        static let nameColumnsMax = Kind.allCases.map(\.nameColumns).max()!
        static let numberColumnsMax = Kind.allCases.map { $0.numberColumns(version: Encoder.version) }.max()!

        init() {
            hashes = .allocate(capacity: Self.nameColumnsMax * blockRecords)
            numbers = .allocate(capacity: Self.numberColumnsMax * blockRecords)
        }

        deinit {
            hashes.deallocate()
            numbers.deallocate()
        }

        /// Name column `c`'s first `count` values.
        func hashColumn(_ c: Int, count: Int) -> UnsafeMutableBufferPointer<UInt64> {
            precondition(c < Self.nameColumnsMax && count <= blockRecords)
            return UnsafeMutableBufferPointer(start: hashes + c * blockRecords, count: count)
        }

        /// Number column `c`'s first `count` values.
        func numberColumn(_ c: Int, count: Int) -> UnsafeMutableBufferPointer<Int64> {
            precondition(c < Self.numberColumnsMax && count <= blockRecords)
            return UnsafeMutableBufferPointer(start: numbers + c * blockRecords, count: count)
        }
    }
}
