import CLibCrypto

/// The secret that turns person ids into pseudonyms: `"p-"` and the first 128 bits of
/// HMAC-SHA256(key, id) in lowercase hex, 34 ASCII bytes.
///
/// Why a keyed HMAC and not a plain hash: ids are e-mail addresses and employee numbers, a small and
/// guessable set. Anyone holding a snapshot could hash a company directory with SHA-256 and match the
/// results, reversing every pseudonym. Without the key that guess is worthless, so the key, not the
/// hash, is what protects people; it must be stored apart from the snapshots. The same key always gives
/// the same pseudonym (usage stays comparable across runs and snapshots); a new key gives new ones.
///
/// 128 bits keep accidental collisions out of reach (about 2^-89 for a million people) at half the length.
///
/// Session and task ids get pseudonyms of their own kind (``Kind``): `"s-"` or `"t-"` and the first
/// 128 bits of HMAC-SHA256 under a key derived from this one (HMAC-SHA256(key, a label naming the
/// kind)). So the same text as a person, a session and a task gives three unrelated pseudonyms, and
/// people's pseudonyms stay what they always were (snapshots written before still match).
///
/// The key is the key file's bytes as written (hex text is not decoded); it needs at least
/// ``bytesMin`` bytes. Invariant: `keyBytes.count >= bytesMin`.
public struct PseudonymKey: Sendable {
    /// What an id names; each kind is pseudonymised under its own derived key and prefix.
    public enum Kind: String, Sendable, CaseIterable {
        case person, session, task

        var prefix: UInt8 {
            switch self {
            case .person: UInt8(ascii: "p")
            case .session: UInt8(ascii: "s")
            case .task: UInt8(ascii: "t")
            }
        }
    }

    /// The shortest key accepted, in bytes.
    public static let bytesMin = 16
    /// Pseudonyms are this many ASCII bytes: `"p-"` (`"s-"`, `"t-"`) and 32 hex digits.
    public static let pseudonymBytes = 34
    /// A key file larger than this is the wrong file, not a key.
    static let fileBytesMax = 64 << 10

    private let keyBytes: [UInt8]
    /// The first byte of every pseudonym: `p`, `s` or `t` (``Kind``).
    private let prefix: UInt8

    /// The first 8 bytes of HMAC-SHA256(key, "tokentally key fingerprint v1"), in hex (16 digits).
    ///
    /// A snapshot records it so that a reader can check it was given the key the snapshot was
    /// written with; it reveals nothing usable about the key.
    public let fingerprint: String

    /// Reads a key file. One final `"\n"` or `"\r\n"` is not part of the key, so
    /// `openssl rand -hex 32 > FILE` makes a good key file (64 bytes of hex text).
    /// - Throws: ``GovernanceError`` naming the file when it is missing, unreadable, a directory,
    ///   empty, or shorter than ``bytesMin`` bytes.
    public init(contentsOfFile path: String) throws(GovernanceError) {
        var bytes = try GovernanceFile.readAll(path, subject: .pseudonymKey, bytesMax: Self.fileBytesMax)
        if bytes.last == UInt8(ascii: "\n") {
            bytes.removeLast()
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        }
        guard !bytes.isEmpty else { throw GovernanceError(.keyEmpty, path: path) }
        guard bytes.count >= Self.bytesMin else { throw GovernanceError(.keyTooShort(bytes: bytes.count), path: path) }
        self.init(keyBytes: bytes)
    }

    /// A key from its bytes, for tests. Requires at least ``bytesMin`` bytes.
    package init(keyBytes: [UInt8]) {
        self.init(keyBytes: keyBytes, prefix: Kind.person.prefix)
    }

    private init(keyBytes: [UInt8], prefix: UInt8) {
        precondition(keyBytes.count >= Self.bytesMin, "a pseudonym key needs at least \(Self.bytesMin) bytes")
        self.keyBytes = keyBytes
        self.prefix = prefix
        let mac = Self.hmacSHA256(key: keyBytes, message: Array("tokentally key fingerprint v1".utf8))
        fingerprint = String(decoding: Self.hex(mac[0..<8]), as: UTF8.self)
    }

    /// The key that pseudonymises ids of `kind`: this key for people; for sessions and tasks, a key
    /// derived from it under a label naming the kind (domain separation).
    public func key(for kind: Kind) -> PseudonymKey {
        guard kind != .person else { return self }
        let derived = Self.hmacSHA256(key: keyBytes, message: Array("tokentally \(kind.rawValue) pseudonyms v1".utf8))
        return PseudonymKey(keyBytes: derived, prefix: kind.prefix)
    }

    /// The pseudonym of `id`'s bytes: 34 ASCII bytes, `"p-"` (`"s-"`, `"t-"`) and 32 lowercase hex digits.
    /// - Complexity: O(id.count): one HMAC-SHA256 and a few small allocations. The per-event path
    ///   goes through ``PseudonymCache`` instead.
    public func pseudonym(of id: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.pseudonymBytes) { buffer, count in
            write(pseudonymOf: id, to: UnsafeMutableRawPointer(buffer.baseAddress!))
            count = Self.pseudonymBytes
        }
    }

    /// The pseudonym of `id`'s UTF-8 bytes, e.g. `p-` followed by 32 hex digits.
    /// - Complexity: O(id.utf8.count), one HMAC-SHA256.
    public func pseudonym(of id: String) -> String {
        var id = id
        let bytes = id.withUTF8 { pseudonym(of: UnsafeRawBufferPointer($0)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the pseudonym of `id`, ``pseudonymBytes`` bytes, to `destination`.
    func write(pseudonymOf id: UnsafeRawBufferPointer, to destination: UnsafeMutableRawPointer) {
        let digest = keyBytes.withUnsafeBytes { Self.hmacSHA256(key: $0, message: id) }
        destination.storeBytes(of: prefix, as: UInt8.self)
        destination.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 1, as: UInt8.self)
        for i in 0..<16 {
            let byte = digest[i]
            destination.storeBytes(of: Self.hexDigits[Int(byte >> 4)], toByteOffset: 2 + 2 * i, as: UInt8.self)
            destination.storeBytes(of: Self.hexDigits[Int(byte & 0xF)], toByteOffset: 3 + 2 * i, as: UInt8.self)
        }
    }

    /// HMAC-SHA256 of `message` under `key` (RFC 2104), all 32 bytes.
    package static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        key.withUnsafeBytes { k in message.withUnsafeBytes { hmacSHA256(key: k, message: $0) } }
    }

    /// libcrypto's one-shot HMAC. It cannot fail for SHA-256 with these arguments short of memory
    /// exhaustion, which is a precondition failure here as anywhere else.
    static func hmacSHA256(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let done = digest.withUnsafeMutableBufferPointer { out in
            HMAC(EVP_sha256(), key.baseAddress, Int32(key.count),
                 message.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(out.baseAddress!), message.count,
                 out.baseAddress, &length)
        }
        precondition(done != nil && length == 32, "HMAC-SHA256 failed")
        return digest
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func hex(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            result.append(hexDigits[Int(byte >> 4)])
            result.append(hexDigits[Int(byte & 0xF)])
        }
        return result
    }
}
