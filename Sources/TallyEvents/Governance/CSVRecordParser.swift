/// Splits CSV text (RFC 4180) into records, with the line each record starts on.
///
/// Quoted fields may hold commas, line breaks and `""` for a quote. Records end with LF, CRLF or a
/// lone CR; empty lines are skipped. Stricter than some readers on purpose: a quote inside an unquoted
/// field, text after a closing quote, an unclosed quote and invalid UTF-8 are errors with a line
/// number, because guessing would put the wrong people under a manager.
struct CSVRecordParser {
    struct Field {
        var text: String
        var quoted: Bool
        /// An unquoted field that starts or ends with a space or tab.
        var hasOuterBlank: Bool
    }

    struct Record {
        /// 1-based line the record starts on.
        var line: Int
        var fields: [Field]
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// The next non-empty record, or nil at the end. O(record length).
    mutating func next() throws(GovernanceError) -> Record? {
        while position < bytes.count, bytes[position] == Self.lf || bytes[position] == Self.cr {
            skipLineEnd()
        }
        guard position < bytes.count else { return nil }
        let startLine = line
        var fields: [Field] = []
        while true {
            if bytes[position...].first == Self.quote {
                fields.append(try quotedField(recordLine: startLine))
            } else {
                fields.append(try unquotedField(recordLine: startLine))
            }
            guard position < bytes.count else { break }
            if bytes[position] == Self.comma {
                position += 1
                continue
            }
            skipLineEnd()
            break
        }
        return Record(line: startLine, fields: fields)
    }

    /// Consumes one LF, CRLF or lone CR.
    private mutating func skipLineEnd() {
        if bytes[position] == Self.cr, position + 1 < bytes.count, bytes[position + 1] == Self.lf { position += 1 }
        position += 1
        line += 1
    }

    private mutating func unquotedField(recordLine: Int) throws(GovernanceError) -> Field {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.comma || byte == Self.cr || byte == Self.lf { break }
            if byte == Self.quote {
                throw Self.error(line, "a quote inside an unquoted field; quote the whole field and write the quote twice (\"\")")
            }
            position += 1
        }
        let slice = bytes[start..<position]
        let isBlank: (UInt8?) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        return Field(
            text: try Self.decode(slice, line: recordLine),
            quoted: false,
            hasOuterBlank: isBlank(slice.first) || isBlank(slice.last)
        )
    }

    private mutating func quotedField(recordLine: Int) throws(GovernanceError) -> Field {
        let openingLine = line
        position += 1
        var value: [UInt8] = []
        while true {
            guard position < bytes.count else {
                throw Self.error(openingLine, "a quoted field is never closed; a quote inside a quoted field is written twice (\"\")")
            }
            let byte = bytes[position]
            position += 1
            if byte == Self.quote {
                guard position < bytes.count, bytes[position] == Self.quote else { break }
                position += 1
            } else if byte == Self.lf || (byte == Self.cr && bytes[position...].first != Self.lf) {
                line += 1
            }
            value.append(byte)
        }
        if position < bytes.count, bytes[position] != Self.comma, bytes[position] != Self.cr, bytes[position] != Self.lf {
            throw Self.error(line, "text after the closing quote of a field; a quote inside a quoted field is written twice (\"\")")
        }
        return Field(text: try Self.decode(value[...], line: recordLine), quoted: true, hasOuterBlank: false)
    }

    private static func decode(_ bytes: ArraySlice<UInt8>, line: Int) throws(GovernanceError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw error(line, "not valid UTF-8; save the file as UTF-8")
        }
        return text
    }

    private static func error(_ line: Int, _ problem: String) -> GovernanceError {
        GovernanceError(.orgChartSyntax(line: line, problem: problem))
    }
}
