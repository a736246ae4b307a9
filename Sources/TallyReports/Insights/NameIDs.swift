import TallyCore

/// Small integer ids for the names of a snapshot's insights rows, so that the figures count pairs of
/// integers instead of hashing the same names into sets again and again. Ids count from 0 in the
/// order names are first seen. Names are told apart by their bytes (`ExactName`), as the engine does.
struct NameIDs {
    private var ids: [ExactName: Int32] = [:]
    private(set) var names: [String] = []

    /// Room for `count` names without growing.
    init(capacity count: Int = 0) {
        ids.reserveCapacity(count)
        names.reserveCapacity(count)
    }

    /// The id of `name`, given it one if it has none. O(1) expected.
    mutating func id(_ name: String) -> Int32 {
        if let id = ids[ExactName(name)] { return id }
        let id = Int32(names.count)
        ids[ExactName(name)] = id
        names.append(name)
        return id
    }

    /// The id of `name` when it is the name of `last` (a column's previous row, which sorted rows
    /// often repeat: one comparison of bytes instead of a hash), else `id(name)`; `last` becomes it.
    mutating func id(_ name: String, repeating last: inout (name: String, id: Int32)?) -> Int32 {
        if let last, last.name.isBytewiseEqual(to: name) { return last.id }
        let id = id(name)
        last = (name, id)
        return id
    }
}
