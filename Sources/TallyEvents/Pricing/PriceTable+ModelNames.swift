/// Resolving the model names that events carry to models of the table.
///
/// The name is looked up as given (ignoring ASCII case), then after each of these steps in turn,
/// stopping at the first hit. Each step only removes text that names the same model at the same
/// list price somewhere else (a router, a cloud, a dated snapshot), so a hit is never a guess:
///
/// 1. provider prefixes, repeatedly: `anthropic/`, `openai/`, `gemini/`, `google/`, `deepseek/`,
///    `openrouter/` (OpenRouter, LiteLLM, gateways), `bedrock/`, `vertex_ai/` (LiteLLM), and
///    Bedrock's `anthropic.` with an optional inference-profile region before it (`us.`, `eu.`,
///    `apac.`, `global.`, ...);
/// 2. a deployment suffix: Bedrock's `-v1:0` (`-v<digits>:<digits>`, or `-v<digits>` after
///    `anthropic.`) or Vertex's `@20250929` (`@` and letters or digits);
/// 3. a trailing snapshot date: `-20250929` or `-2024-08-06` (a real month and day).
///
/// There is deliberately no prefix matching: `claude-opus-4-6` is not `claude-opus-4` (a third
/// of the price), `o3-mini` is not `o3` and `gpt-5-pro` is not `gpt-5`. A model the table does
/// not name, `<synthetic>` and the empty name resolve to nil: the caller counts those events as
/// unpriced. Other spellings (`claude-sonnet-4.5`) are explicit aliases in the table.
extension PriceTable {
    /// Longer names resolve to nil: no model name is that long, and the bound keeps the folded
    /// copy on the stack.
    package static let modelNameBytesMax = 256

    /// The model number for an event's model name, or nil if the table has no such model.
    /// Call once per distinct name and cache the result: it is cheap but not per-event cheap.
    /// - Complexity: O(n) in the name's length: a folded copy in a stack buffer (no heap
    ///   allocation) and at most four hash lookups.
    package func modelIndex(name: UnsafeRawBufferPointer) -> Int? {
        resolution(name: name)?.model
    }

    package func modelIndex(name: String) -> Int? {
        var copy = name
        return copy.withUTF8 { modelIndex(name: UnsafeRawBufferPointer($0)) }
    }

    /// How a name matched: the model, and the byte range of the name that matched a table name or
    /// alias once prefixes and suffixes were removed (`tokentally prices --resolve` explains it).
    package struct NameResolution: Equatable {
        package var model: Int
        /// `matched.lowerBound` > 0: provider prefixes were removed.
        package var matched: Range<Int>
        /// Where a deployment suffix (`-v1:0`, `@20250929`) was cut, if it was.
        package var deploymentSuffixAt: Int?
        /// Where a snapshot date (`-20250929`) was cut, if it was.
        package var dateSuffixAt: Int?
    }

    /// The resolution of `name`, or nil; `modelIndex(name:)` is its model.
    /// - Complexity: as `modelIndex(name:)`; no heap allocation.
    package func resolution(name: UnsafeRawBufferPointer) -> NameResolution? {
        let n = name.count
        guard n > 0, n <= Self.modelNameBytesMax else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { buffer -> NameResolution? in
            for i in 0..<n {
                let c = name[i]
                buffer[i] = c &- 0x41 < 26 ? c | 0x20 : c
            }
            return resolve(UnsafeBufferPointer(buffer))
        }
    }

    package func resolution(name: String) -> NameResolution? {
        var copy = name
        return copy.withUTF8 { resolution(name: UnsafeRawBufferPointer($0)) }
    }

    private func resolve(_ b: UnsafeBufferPointer<UInt8>) -> NameResolution? {
        var start = 0
        var end = b.count
        if let hit = lookup(b, start, end) { return NameResolution(model: hit, matched: start ..< end) }
        var stripped = false
        var bedrockVendor = false
        while let prefix = Self.providerPrefix(b, start, end) {
            start += prefix.length
            stripped = true
            bedrockVendor = bedrockVendor || prefix.isBedrockVendor
        }
        if stripped, let hit = lookup(b, start, end) { return NameResolution(model: hit, matched: start ..< end) }
        var deploymentCut: Int?
        if let cut = Self.deploymentSuffixStart(b, start, end, bedrockVendor: bedrockVendor) {
            end = cut
            deploymentCut = cut
            if let hit = lookup(b, start, end) {
                return NameResolution(model: hit, matched: start ..< end, deploymentSuffixAt: cut)
            }
        }
        if let cut = Self.dateSuffixStart(b, start, end) {
            end = cut
            if let hit = lookup(b, start, end) {
                return NameResolution(model: hit, matched: start ..< end, deploymentSuffixAt: deploymentCut, dateSuffixAt: cut)
            }
        }
        return nil
    }

    private func lookup(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        names.find(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: b[start ..< end])))
    }

    /// Routers and gateways that pass a model's own name after theirs, at the provider's list price.
    static let routerPrefixes: [[UInt8]] = [
        "anthropic/", "openai/", "bedrock/", "vertex_ai/", "gemini/", "google/", "deepseek/", "openrouter/",
    ].map { Array($0.utf8) }
    private static let bedrockVendor = Array("anthropic.".utf8)
    /// Bedrock region prefixes are short: `us`, `eu`, `apac`, `global`, `us-gov`, `jp`, `au`.
    private static let regionBytesMax = 8

    /// The provider prefix at `start`, if any: its length, and whether it is Bedrock's `anthropic.`
    /// vendor prefix (with or without a region before it).
    private static func providerPrefix(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int
    ) -> (length: Int, isBedrockVendor: Bool)? {
        func hasPrefix(_ prefix: [UInt8], at i: Int) -> Bool {
            end - i > prefix.count && b[i ..< i + prefix.count].elementsEqual(prefix)
        }
        for prefix in routerPrefixes where hasPrefix(prefix, at: start) { return (prefix.count, false) }
        if hasPrefix(bedrockVendor, at: start) { return (bedrockVendor.count, true) }
        // A Bedrock inference profile: `<region>.anthropic.`, the region being lowercase letters and '-'.
        var i = start
        while i < end, i - start < regionBytesMax, b[i] &- 0x61 < 26 || b[i] == 0x2D { i += 1 }
        if i > start, i < end, b[i] == 0x2E, hasPrefix(bedrockVendor, at: i + 1) {
            return (i + 1 - start + bedrockVendor.count, true)
        }
        return nil
    }

    /// Where a Bedrock `-v<digits>:<digits>` or Vertex `@<letters or digits>` suffix starts, or nil.
    /// After Bedrock's `anthropic.` prefix a bare `-v<digits>` (`anthropic.claude-opus-4-6-v1`) is
    /// one too; elsewhere it is left alone, since `-v3` can be part of a model's own name.
    private static func deploymentSuffixStart(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, bedrockVendor: Bool
    ) -> Int? {
        func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
        // Vertex: the last '@', followed by at least one letter or digit and nothing else.
        var i = end
        while i > start, isDigit(b[i - 1]) || b[i - 1] &- 0x61 < 26 { i -= 1 }
        if i < end, i - 1 > start, b[i - 1] == 0x40 { return i - 1 }
        // Bedrock: "-v", digits, then ':' and digits (or nothing, after the vendor prefix).
        i = end
        while i > start, isDigit(b[i - 1]) { i -= 1 }
        guard i < end, i > start else { return nil }
        if b[i - 1] == 0x3A {
            i -= 1
            let colon = i
            while i > start, isDigit(b[i - 1]) { i -= 1 }
            guard i < colon else { return nil }
        } else if !bedrockVendor {
            return nil
        }
        guard i - 2 > start, b[i - 1] == 0x76, b[i - 2] == 0x2D else { return nil }
        return i - 2
    }

    /// Where a trailing `-YYYYMMDD` or `-YYYY-MM-DD` starts, or nil. The month and day must be in
    /// range so that a version number such as `-12345678` is left alone.
    private static func dateSuffixStart(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        func digits(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for k in from ..< from + count {
                let d = b[k] &- 0x30
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        func plausible(_ month: Int, _ day: Int) -> Bool { (1...12).contains(month) && (1...31).contains(day) }
        if end - start > 11, b[end - 11] == 0x2D, b[end - 6] == 0x2D, b[end - 3] == 0x2D,
           digits(end - 10, 4) != nil, let month = digits(end - 5, 2), let day = digits(end - 2, 2), plausible(month, day)
        {
            return end - 11
        }
        if end - start > 9, b[end - 9] == 0x2D, digits(end - 8, 4) != nil,
           let month = digits(end - 4, 2), let day = digits(end - 2, 2), plausible(month, day)
        {
            return end - 9
        }
        return nil
    }
}
