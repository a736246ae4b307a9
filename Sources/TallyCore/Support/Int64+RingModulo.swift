infix operator %% : MultiplicationPrecedence

extension Int64 {
    /// Modulo that is never negative, for ring positions of buckets before 1970.
    @inlinable
    package static func %% (lhs: Int64, rhs: Int64) -> Int64 {
        let r = lhs % rhs
        return r < 0 ? r + rhs : r
    }
}
