/// Orders names by their bytes, given their hashes: the names store, or a view of it that costs no
/// retains to pass around.
protocol NameOrder {
    /// Whether the name of `a` sorts before the name of `b`. O(name).
    func precedes(_ a: UInt64, _ b: UInt64) -> Bool
}
