#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import TallyEvents

/// HMAC-SHA256 against RFC 4231, pseudonyms and fingerprints against values computed independently
/// (Python's `hmac` module), and every way a key file can be wrong.
@Suite struct GovernancePseudonymKeyTests {
    private static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    /// A 32-byte key written as text, the way `openssl rand -hex 16` would make one.
    static let keyText = "0123456789abcdef0123456789abcdef"
    static let key = PseudonymKey(keyBytes: Array(keyText.utf8))

    // MARK: HMAC-SHA256, RFC 4231 section 4 (case 5 tests truncated output and is not used here).

    @Test func rfc4231Case1() {
        let mac = PseudonymKey.hmacSHA256(key: [UInt8](repeating: 0x0B, count: 20), message: Array("Hi There".utf8))
        #expect(mac == Self.bytes("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"))
    }

    @Test func rfc4231Case2KeyShorterThanTheOutput() {
        let mac = PseudonymKey.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(mac == Self.bytes("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"))
    }

    @Test func rfc4231Case3() {
        let mac = PseudonymKey.hmacSHA256(
            key: [UInt8](repeating: 0xAA, count: 20), message: [UInt8](repeating: 0xDD, count: 50)
        )
        #expect(mac == Self.bytes("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"))
    }

    @Test func rfc4231Case4() {
        let mac = PseudonymKey.hmacSHA256(key: Array(1...25), message: [UInt8](repeating: 0xCD, count: 50))
        #expect(mac == Self.bytes("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"))
    }

    @Test func rfc4231Case6KeyLargerThanABlock() {
        let mac = PseudonymKey.hmacSHA256(
            key: [UInt8](repeating: 0xAA, count: 131),
            message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        )
        #expect(mac == Self.bytes("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"))
    }

    @Test func rfc4231Case7KeyAndDataLargerThanABlock() {
        let message = "This is a test using a larger than block-size key and a larger than block-size data. "
            + "The key needs to be hashed before being used by the HMAC algorithm."
        let mac = PseudonymKey.hmacSHA256(key: [UInt8](repeating: 0xAA, count: 131), message: Array(message.utf8))
        #expect(mac == Self.bytes("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"))
    }

    // MARK: Pseudonyms and fingerprints

    @Test func pseudonymsMatchIndependentlyComputedValues() {
        #expect(Self.key.pseudonym(of: "alice@example.com") == "p-841240d2a5b6654b3ae21fc4499db7b7")
        #expect(Self.key.pseudonym(of: "bob") == "p-643cdfc83364b72c5248ec2d45e7cd58")
        #expect(Self.key.pseudonym(of: "") == "p-796cd3078af14636753d26b3b5555422")
        let none = Self.key.pseudonym(of: UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(String(decoding: none, as: UTF8.self) == "p-796cd3078af14636753d26b3b5555422")
        #expect(Self.key.pseudonym(of: "José Núñez") == "p-642630aa46e7e1574a3bba2087730539")  // UTF-8 bytes
        let other = PseudonymKey(keyBytes: Array("fedcba9876543210fedcba9876543210".utf8))
        #expect(other.pseudonym(of: "alice@example.com") == "p-367d73bff8d25d0cdb79c7f2af6ab765")
    }

    @Test func byteAndStringFormsAgreeAndHaveTheDocumentedShape() {
        for id in ["alice@example.com", "", "x", String(repeating: "long-id-", count: 40)] {
            var copy = id
            let bytes = copy.withUTF8 { Self.key.pseudonym(of: UnsafeRawBufferPointer($0)) }
            #expect(bytes.count == 34)
            #expect(Array(bytes.prefix(2)) == Array("p-".utf8))
            #expect(bytes.dropFirst(2).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            #expect(String(decoding: bytes, as: UTF8.self) == Self.key.pseudonym(of: id))
        }
    }

    @Test func theSameKeyGivesTheSamePseudonymEachTime() {
        let again = PseudonymKey(keyBytes: Array(Self.keyText.utf8))
        #expect(again.pseudonym(of: "alice@example.com") == Self.key.pseudonym(of: "alice@example.com"))
        #expect(Self.key.pseudonym(of: "alice@example.com") == Self.key.pseudonym(of: "alice@example.com"))
        #expect(Self.key.pseudonym(of: "alice@example.com") != Self.key.pseudonym(of: "alice@example.co"))
    }

    @Test func fingerprintsMatchIndependentValuesAndDifferBetweenKeys() {
        #expect(Self.key.fingerprint == "dc8a2d6802e0c86e")
        let other = PseudonymKey(keyBytes: Array("fedcba9876543210fedcba9876543210".utf8))
        #expect(other.fingerprint == "f88b5a2bb9579409")
        #expect(other.fingerprint != Self.key.fingerprint)
    }

    // MARK: Key files

    @Test func aKeyFileLosesOneFinalNewlineOnly() throws {
        let workspace = TestWorkspace()
        // The expected values are HMAC-SHA256("0123456789abcdef" [+ "\n"], "alice"), from Python.
        let lf = workspace.write("lf.key", Array("0123456789abcdef\n".utf8))
        #expect(try PseudonymKey(contentsOfFile: lf).pseudonym(of: "alice") == "p-fdbf8b1cacd3d578e062d0e41104357d")
        let crlf = workspace.write("crlf.key", Array("0123456789abcdef\r\n".utf8))
        #expect(try PseudonymKey(contentsOfFile: crlf).pseudonym(of: "alice") == "p-fdbf8b1cacd3d578e062d0e41104357d")
        let bare = workspace.write("bare.key", Array("0123456789abcdef".utf8))
        #expect(try PseudonymKey(contentsOfFile: bare).pseudonym(of: "alice") == "p-fdbf8b1cacd3d578e062d0e41104357d")
        let two = workspace.write("two.key", Array("0123456789abcdef\n\n".utf8))
        #expect(try PseudonymKey(contentsOfFile: two).pseudonym(of: "alice") == "p-3991cd044c28954851b41f07d9f37fe0")
        let long = workspace.write("long.key", Array((Self.keyText + "\n").utf8))
        #expect(try PseudonymKey(contentsOfFile: long).fingerprint == "dc8a2d6802e0c86e")
    }

    private func keyError(_ path: String) -> GovernanceError? {
        do {
            _ = try PseudonymKey(contentsOfFile: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func aMissingKeyFileIsNamed() {
        let workspace = TestWorkspace()
        let path = workspace.path + "/no-such.key"
        let error = keyError(path)
        #expect(error?.kind == .fileNotFound(.pseudonymKey))
        #expect(error?.path == path)
        #expect(error?.description.hasPrefix(path + ": pseudonym key file not found") == true)
        #expect(keyError(workspace.path + "/no-such-dir/x.key")?.kind == .fileNotFound(.pseudonymKey))
    }

    @Test func aDirectoryIsNotAKeyFile() {
        let workspace = TestWorkspace()
        let error = keyError(workspace.path)
        #expect(error?.kind == .fileIsDirectory(.pseudonymKey))
        #expect(error?.description == "\(workspace.path): is a directory; pass the pseudonym key file itself")
    }

    /// Through the binary: as root (CI) it runs as `nobody` (setpriv), for whom permissions hold.
    @Test func anUnreadableKeyFileIsNamed() throws {
        let workspace = TestWorkspace()
        let path = workspace.write("secret.key", Array((Self.keyText + "\n").utf8))
        chmod(path, 0)
        let arguments = ["ingest", "--pseudonymize-key", path, "--snapshot-dir", workspace.snapshotDirectory, "/dev/null"]
        let command = BinaryRunner.unprivileged(arguments)
        let result = try BinaryRunner.run(command.arguments, in: workspace, executable: command.executable)
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.contains(path))
        #expect(result.stderr.contains("read permission"))
    }

    @Test func anEmptyKeyFileIsRefused() {
        let workspace = TestWorkspace()
        for (name, content) in [("empty.key", ""), ("newline.key", "\n"), ("crlf.key", "\r\n")] {
            let path = workspace.write(name, Array(content.utf8))
            let error = keyError(path)
            #expect(error?.kind == .keyEmpty, "\(name)")
            #expect(error?.description.contains(path) == true)
            #expect(error?.description.contains("openssl rand -hex 32 > \(path)") == true)
        }
    }

    @Test func aShortKeyIsRefusedWithItsLength() {
        let workspace = TestWorkspace()
        let path = workspace.write("short.key", Array("abc\n".utf8))
        let error = keyError(path)
        #expect(error?.kind == .keyTooShort(bytes: 3))
        #expect(error?.description == "\(path): the pseudonym key is 3 bytes (not counting a final newline); "
            + "a key needs at least 16 bytes; create one with `openssl rand -hex 32 > \(path)`")
        let fifteen = workspace.write("fifteen.key", Array("0123456789abcde\r\n".utf8))
        #expect(keyError(fifteen)?.kind == .keyTooShort(bytes: 15))
    }

    @Test func aHugeFileIsNotAKey() {
        let workspace = TestWorkspace()
        let path = workspace.write("huge.key", [UInt8](repeating: 0x41, count: 70_000))
        #expect(keyError(path)?.kind == .fileTooLarge(.pseudonymKey, bytesMax: 65_536))
    }

    // MARK: Kinds: values from Python, HMAC-SHA256(HMAC-SHA256(key, "tokentally <kind> pseudonyms v1"), id)[:16].

    @Test func sessionAndTaskPseudonymsUseDerivedKeysAndTheirOwnPrefix() {
        #expect(Self.key.key(for: .person).pseudonym(of: "alice") == "p-433deb45467e4e53dbaba594c88bc3a2")
        #expect(Self.key.pseudonym(of: "alice") == "p-433deb45467e4e53dbaba594c88bc3a2")  // people's are unchanged
        #expect(Self.key.key(for: .session).pseudonym(of: "alice") == "s-8942d730c74d17a1ded2abba8226f67f")
        #expect(Self.key.key(for: .session).pseudonym(of: "loop-1") == "s-1e77ac470aad73904983f55d318e7cf0")
        #expect(Self.key.key(for: .task).pseudonym(of: "T3") == "t-ef7f300b4ca9054ba24426eeb26657af")
    }
}
