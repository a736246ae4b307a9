import TallyCore

/// A fuzz and test hook (`Fuzz/SourceFuzz`): what one source line becomes in every translated
/// format, with the translators' invariants checked by precondition.
package enum SourceTranslationCheck {
    /// The mapping the fuzzer reads custom records with: nested paths, an array index, an escaped dot.
    static let fuzzMap: FieldMap = {
        var map = FieldMap()
        for argument in ["user=actor.email", "ts=event.time", "input_tokens=usage.0.in", "model=attrs.gen_ai\\.model"] {
            try! map.add(argument)
        }
        return map
    }()

    /// Detects `line`'s format and translates it as each translated format, checking that:
    /// - every record is written as one line of valid JSON that the schema v1 parser reads without a
    ///   JSON or UTF-8 error (translators write what they parsed, so that would be their bug);
    /// - a Claude Code response's `totalTokens` is not negative;
    /// - translating the same line twice, each time from a fresh context, gives the same
    ///   records (no state kept between lines but the context passed in).
    /// Returns the number of records written.
    package static func check(_ line: UnsafeRawBufferPointer, parser: inout LineParser, batch: EventBatch) -> Int {
        _ = SourceFormat.detect(line)
        var settings = SourceSettings()
        settings.user = "fuzz"
        settings.fieldMap = fuzzMap
        settings.timestampUnit = .seconds
        var written = 0
        for format in SourceFormat.allCases where format.isTranslated {
            let translator = SourceTranslator(format: format, settings: settings)
            var context = SourceContext(), again = SourceContext()
            let first = lines(translator.translate(line, &context))
            precondition(first == lines(translator.translate(line, &again)), "\(format): the same line translated twice differs")
            for record in first {
                precondition(JSONValue.parse(record) != nil, "\(format) wrote invalid JSON: \(record)")
                // An allocation of exactly the record's size (newline left out): AddressSanitizer
                // sees any read past its end.
                let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: record.utf8.count - 1, alignment: 1)
                defer { bytes.deallocate() }
                bytes.copyBytes(from: record.utf8.dropLast())
                let outcome = parser.parse(UnsafeRawBufferPointer(bytes), into: batch)
                precondition(outcome != .rejected(.malformedJSON) && outcome != .rejected(.invalidUTF8),
                             "\(format) wrote a record the parser cannot read (\(outcome)): \(record)")
                written += 1
            }
            if batch.events.count > 4096 { batch.reset() }
        }
        return written
    }

    /// The records of `outcome` as written lines (newline included); faults and skips write none.
    private static func lines(_ outcome: LineOutcome) -> [String] {
        var records: [V1Record] = []
        switch outcome {
        case .records(let results):
            for case .success(let record) in results { records.append(record) }
        case .response(let response):
            precondition(response.totalTokens >= 0, "a Claude Code response with negative tokens")
            records.append(response.record)
        case .skipped, .rejected: break
        }
        return records.map { record in
            var out = JSONOutput(capacity: 256)
            record.write(into: &out)
            return out.text
        }
    }
}
