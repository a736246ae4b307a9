import Testing
@testable import TallyCore
@testable import TallyEvents

/// The cache must answer exactly what `PseudonymKey.pseudonym` answers (itself checked against
/// independent values in GovernancePseudonymKeyTests), whatever the table does underneath.
@Suite struct GovernancePseudonymCacheTests {
    private let key = PseudonymKey(keyBytes: Array("0123456789abcdef0123456789abcdef".utf8))

    private func lookUp(_ cache: PseudonymCache, _ id: String) -> String {
        var id = id
        return id.withUTF8 { String(decoding: cache.pseudonym(of: UnsafeRawBufferPointer($0)), as: UTF8.self) }
    }

    private func ids(_ n: Int) -> [String] {
        (0..<n).map { i in
            switch i % 4 {
            case 0: "user\(i)@example.com"
            case 1: "u\(i)"
            case 2: String(repeating: "x", count: i % 41) + "\(i)"  // 1 to 44 bytes
            default: "Zoë-\(i)"
            }
        }
    }

    @Test func answersLikeTheKeyOnFirstAndRepeatedLookups() {
        let cache = PseudonymCache(key: key)
        let all = ids(5_000) + [""]
        for id in all { #expect(lookUp(cache, id) == key.pseudonym(of: id)) }
        #expect(cache.misses == all.count)
        #expect(cache.count == all.count)
        for id in all.reversed() { #expect(lookUp(cache, id) == key.pseudonym(of: id)) }
        #expect(cache.hits == all.count)
        #expect(cache.misses == all.count)
        #expect(cache.clears == 0)
        #expect(lookUp(cache, "p-841240d2a5b6654b3ae21fc4499db7b7") != "p-841240d2a5b6654b3ae21fc4499db7b7")
        #expect(lookUp(cache, "alice@example.com") == "p-841240d2a5b6654b3ae21fc4499db7b7")  // from Python
    }

    @Test func idsThatShareTheLowHashBitsStayApart() {
        // Group ids by the bits that pick their first slot in a 1024-slot table.
        var groups: [UInt64: [String]] = [:]
        for i in 0..<20_000 {
            var id = "id-\(i)"
            let hash = id.withUTF8 { KeyHash.hash(UnsafeRawBufferPointer($0), dimension: 0) }
            groups[hash & 1023, default: []].append(id)
        }
        let colliding = groups.values.sorted { $0.count > $1.count }.prefix(3).flatMap { $0 }
        #expect(colliding.count >= 3 * 20)
        let cache = PseudonymCache(key: key, entriesMax: 400)  // 1024 slots, never grown
        #expect(cache.slotCount == 1024)
        for id in colliding + colliding {
            #expect(lookUp(cache, id) == key.pseudonym(of: id))
        }
        #expect(cache.hits == colliding.count)
    }

    @Test func idsWithTheSameWholeHashAreToldApartByTheirBytes() {
        // A mask of 0 gives every id the same hash: only the byte comparison separates them.
        let cache = PseudonymCache(key: key, entriesMax: 1_000, hashMask: 0)
        let all = ["a", "b", "ab", "ba", "", "abcdefgh", "abcdefgi", "abcdefghabcdefgh", "abcdefghabcdefgH"] + ids(200)
        for id in all + all {
            #expect(lookUp(cache, id) == key.pseudonym(of: id))
        }
        #expect(cache.count == all.count)
        #expect(cache.hits == all.count)
        let none = cache.pseudonym(of: UnsafeRawBufferPointer(start: nil, count: 0))  // the same id as ""
        #expect(String(decoding: none, as: UTF8.self) == key.pseudonym(of: ""))
        #expect(cache.hits == all.count + 1)
    }

    @Test func theTableGrowsAndStaysAtMostHalfFull() {
        let cache = PseudonymCache(key: key, entriesMax: 5_000)
        for id in ids(5_000) {
            _ = lookUp(cache, id)
            #expect(cache.slotCount >= 2 * cache.count)
        }
        #expect(cache.slotCount == 16_384)  // the next power of two at or above 2 * entriesMax
        #expect(cache.clears == 0)
    }

    @Test func theEntryBoundIsRespectedByClearingAndRefilling() {
        let cache = PseudonymCache(key: key, entriesMax: 100)
        let all = ids(1_000)
        for id in all {
            #expect(lookUp(cache, id) == key.pseudonym(of: id))
            #expect(cache.count <= 100)
        }
        // The 101st, 201st, ... new id finds the cache full: 9 clears, 100 entries left.
        #expect(cache.clears == 9)
        #expect(cache.count == 100)
        #expect(cache.slotCount == 256)
        // The last 100 are remembered, earlier ones are computed again, correctly.
        for id in all.suffix(100) { #expect(lookUp(cache, id) == key.pseudonym(of: id)) }
        #expect(cache.hits == 100)
        #expect(lookUp(cache, all[0]) == key.pseudonym(of: all[0]))
        #expect(cache.clears == 10)
        #expect(cache.count == 1)
    }

    @Test func theRawByteBudgetIsRespected() {
        // 4 entries allow 4 * 64 = 256 raw bytes.
        let cache = PseudonymCache(key: key, entriesMax: 4)
        let long = (0..<3).map { String(repeating: Character(UnicodeScalar(UInt8(97 + $0))), count: 100) }
        #expect(lookUp(cache, long[0]) == key.pseudonym(of: long[0]))
        #expect(lookUp(cache, long[1]) == key.pseudonym(of: long[1]))
        #expect(cache.count == 2)
        #expect(lookUp(cache, long[2]) == key.pseudonym(of: long[2]))  // 300 > 256: cleared first
        #expect(cache.clears == 1)
        #expect(cache.count == 1)
        let tooLong = String(repeating: "z", count: 300)  // longer than the whole budget: never kept
        #expect(lookUp(cache, tooLong) == key.pseudonym(of: tooLong))
        #expect(lookUp(cache, tooLong) == key.pseudonym(of: tooLong))
        #expect(cache.count == 1)
        #expect(cache.hits == 0)
        #expect(lookUp(cache, long[2]) == key.pseudonym(of: long[2]))
        #expect(cache.hits == 1)
    }

    @Test func removeAllForgetsEverything() {
        let cache = PseudonymCache(key: key, entriesMax: 1_000)
        let all = ids(300)
        for id in all { _ = lookUp(cache, id) }
        cache.removeAll()
        #expect(cache.count == 0)
        for id in all { #expect(lookUp(cache, id) == key.pseudonym(of: id)) }
        #expect(cache.hits == 0)
        #expect(cache.misses == 2 * all.count)
        #expect(cache.count == all.count)
    }
}
