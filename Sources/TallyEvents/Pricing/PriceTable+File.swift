#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PriceTable {
    static let fileBytesMax = 16 << 20

    /// Reads a table from `--prices FILE`; errors name the file.
    package init(contentsOfFile path: String) throws(PricingError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PricingError(.unreadable(errno: errno), path: path) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PricingError(.unreadable(errno: errno), path: path)
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
            guard bytes.count <= Self.fileBytesMax else { throw PricingError(.tooLarge(bytesMax: Self.fileBytesMax), path: path) }
        }
        let parsed = bytes.withUnsafeBytes { raw -> Result<PriceTable, PricingError> in
            do throws(PricingError) { return .success(try PriceTable(json: raw)) } catch { return .failure(error) }
        }
        switch parsed {
        case .success(let table): self = table
        case .failure(let error): throw error.naming(path)
        }
    }
}
