/// Maps a key hash to its shard. Uses the hash's high bits, leaving the low bits to the shard's
/// own open-addressing table so that the two choices are independent.
package enum ShardRouting {
    @inline(__always)
    package static func shard(of hash: UInt64, count: Int) -> Int {
        Int(truncatingIfNeeded: hash.multipliedFullWidth(by: UInt64(count)).high)
    }
}
