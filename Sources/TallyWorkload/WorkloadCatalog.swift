/// The fixed vocabulary of the workload: models with list prices and context windows, tools with the
/// shape of their calls, which models each tool uses, RFC 3339 offsets and outcome statuses.
/// Built once per run; tiny.
struct WorkloadCatalog {
    struct Model {
        /// List prices in nano-dollars per token, which is dollars per million tokens times 1000.
        var inputNanoUSD: UInt64
        var outputNanoUSD: UInt64
        var cacheReadNanoUSD: UInt64
        var cacheWriteNanoUSD: UInt64
        var contextTokens: UInt64
        /// Anthropic bills prompt-cache writes; the others cache implicitly and report none.
        var reportsCacheWrites: Bool
    }

    struct Tool {
        var inputMedianTokens: UInt64
        var outputMedianTokens: UInt64
        /// Chat and raw API calls reuse less context than agents: their cache reads are divided by this.
        var cacheReadDivisor: UInt64
        /// Out of 16: calls with no cache hit at all.
        var uncachedOutOf16: UInt64
        var hasSession: Bool
        var hasTask: Bool
        /// Out of 256: calls made by a small sub-agent model instead of the session's model.
        var subagentOutOf256: UInt64
        /// A different producer, which writes `id` first: parsers must not depend on field order.
        var writesIdFirst: Bool
    }

    static let claudeCode = 0
    static let haiku = 2

    /// In the order of `modelNames`: claude-opus-4, claude-sonnet-4-5, claude-haiku-4-5, gpt-5,
    /// gpt-5-mini, gpt-4.1-mini, gemini-2.5-pro, gemini-2.5-flash. (No `String` inside, so reading
    /// one per event costs no reference counting.)
    let models: [Model] = [
        Model(inputNanoUSD: 15_000, outputNanoUSD: 75_000, cacheReadNanoUSD: 1_500,
              cacheWriteNanoUSD: 18_750, contextTokens: 200_000, reportsCacheWrites: true),
        Model(inputNanoUSD: 3_000, outputNanoUSD: 15_000, cacheReadNanoUSD: 300,
              cacheWriteNanoUSD: 3_750, contextTokens: 200_000, reportsCacheWrites: true),
        Model(inputNanoUSD: 1_000, outputNanoUSD: 5_000, cacheReadNanoUSD: 100,
              cacheWriteNanoUSD: 1_250, contextTokens: 200_000, reportsCacheWrites: true),
        Model(inputNanoUSD: 1_250, outputNanoUSD: 10_000, cacheReadNanoUSD: 125,
              cacheWriteNanoUSD: 0, contextTokens: 400_000, reportsCacheWrites: false),
        Model(inputNanoUSD: 250, outputNanoUSD: 2_000, cacheReadNanoUSD: 25,
              cacheWriteNanoUSD: 0, contextTokens: 400_000, reportsCacheWrites: false),
        Model(inputNanoUSD: 400, outputNanoUSD: 1_600, cacheReadNanoUSD: 100,
              cacheWriteNanoUSD: 0, contextTokens: 1_047_576, reportsCacheWrites: false),
        Model(inputNanoUSD: 1_250, outputNanoUSD: 10_000, cacheReadNanoUSD: 310,
              cacheWriteNanoUSD: 0, contextTokens: 1_048_576, reportsCacheWrites: false),
        Model(inputNanoUSD: 300, outputNanoUSD: 2_500, cacheReadNanoUSD: 75,
              cacheWriteNanoUSD: 0, contextTokens: 1_048_576, reportsCacheWrites: false),
    ]

    /// In the order of `toolNames`: claude-code, cursor, copilot, chat, api.
    let tools: [Tool] = [
        Tool(inputMedianTokens: 1_500, outputMedianTokens: 350, cacheReadDivisor: 1,
             uncachedOutOf16: 0, hasSession: true, hasTask: true, subagentOutOf256: 31, writesIdFirst: false),
        Tool(inputMedianTokens: 2_000, outputMedianTokens: 400, cacheReadDivisor: 1,
             uncachedOutOf16: 1, hasSession: true, hasTask: true, subagentOutOf256: 0, writesIdFirst: false),
        Tool(inputMedianTokens: 1_200, outputMedianTokens: 150, cacheReadDivisor: 1,
             uncachedOutOf16: 2, hasSession: true, hasTask: true, subagentOutOf256: 0, writesIdFirst: false),
        Tool(inputMedianTokens: 600, outputMedianTokens: 600, cacheReadDivisor: 4,
             uncachedOutOf16: 8, hasSession: true, hasTask: false, subagentOutOf256: 0, writesIdFirst: false),
        Tool(inputMedianTokens: 2_500, outputMedianTokens: 500, cacheReadDivisor: 2,
             uncachedOutOf16: 5, hasSession: false, hasTask: false, subagentOutOf256: 0, writesIdFirst: true),
    ]

    /// For each tool, 16 equally likely session models (indexes into `models`): the tool's mix.
    let sessionModels: [UInt8] = [
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 2, 2,  // claude-code: mostly Sonnet, some Opus
        1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 6, 6, 0, 5, 7, 2,  // cursor: mixed
        5, 5, 5, 5, 5, 3, 3, 3, 3, 1, 1, 1, 1, 6, 6, 4,  // copilot: OpenAI first
        3, 3, 3, 3, 3, 1, 1, 1, 1, 6, 6, 4, 4, 0, 7, 7,  // chat
        2, 2, 2, 4, 4, 4, 7, 7, 7, 5, 5, 5, 1, 1, 3, 3,  // api: cheap models for batch jobs
    ]

    /// 20 equally likely primary tools of a user (indexes into `tools`): 35% claude-code, 25% cursor,
    /// 20% copilot, 15% chat, 5% api.
    let primaryTools: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4]

    /// 32 equally likely RFC 3339 zone suffixes: half `Z`, the rest offsets of both signs, half and
    /// three-quarter hours, the extreme +14:00 and the UTC spelling +00:00.
    let offsetMinutes: [Int64] = [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        60, 120, 180, -240, -300, -330, 330, 345, -420, -480, 480, 540, 630, -210, 840, 0,
    ]
    let offsetTexts: [StaticString] = [
        "Z", "Z", "Z", "Z", "Z", "Z", "Z", "Z", "Z", "Z", "Z", "Z", "Z", "Z", "Z", "Z",
        "+01:00", "+02:00", "+03:00", "-04:00", "-05:00", "-05:30", "+05:30", "+05:45",
        "-07:00", "-08:00", "+08:00", "+09:00", "+10:30", "-03:30", "+14:00", "+00:00",
    ]

    static let opened = 0, inProgress = 1, shipped = 2, merged = 3, abandoned = 4
    let statuses: [StaticString] = ["opened", "in_progress", "shipped", "merged", "abandoned"]

    let modelNames: WorkloadNameTable
    let toolNames: WorkloadNameTable

    init() {
        modelNames = WorkloadNameTable(names: [
            "claude-opus-4", "claude-sonnet-4-5", "claude-haiku-4-5", "gpt-5", "gpt-5-mini", "gpt-4.1-mini",
            "gemini-2.5-pro", "gemini-2.5-flash",
        ])
        toolNames = WorkloadNameTable(names: ["claude-code", "cursor", "copilot", "chat", "api"])
        assert(modelNames.count == models.count && toolNames.count == tools.count)
        assert(sessionModels.count == 16 * tools.count && offsetTexts.count == offsetMinutes.count)
    }
}
