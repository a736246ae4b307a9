/// The fields of schema v1 that the parser recognises. The raw value is a bit position in the
/// per-line "seen" mask used to reject repeated fields.
enum EventField: Int {
    case ts, kind, user, team, org, model, tool, session, task
    case inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens
    case costUSD, status, artifact, id

    var dimension: KeyDimension? {
        switch self {
        case .user: .user
        case .team: .team
        case .org: .org
        case .model: .model
        case .tool: .tool
        default: nil
        }
    }

    /// Matches an (unescaped) field name. Dispatches on length first, so an unknown field costs a
    /// switch and at most two short comparisons.
    @inline(__always)
    static func match(_ p: UnsafePointer<UInt8>, count n: Int) -> EventField? {
        @inline(__always) func eq(_ name: StaticString) -> Bool {
            ShortBytes.equal(p, name.utf8Start, n)
        }
        switch n {
        case 2: return eq("ts") ? .ts : eq("id") ? .id : nil
        case 3: return eq("org") ? .org : nil
        case 4:
            switch p[1] {
            case 0x69: return eq("kind") ? .kind : nil  // i
            case 0x73: return eq("user") ? .user : nil  // s
            case 0x65: return eq("team") ? .team : nil  // e
            case 0x6F: return eq("tool") ? .tool : nil  // o
            case 0x61: return eq("task") ? .task : nil  // a
            default: return nil
            }
        case 5: return eq("model") ? .model : nil
        case 6: return eq("status") ? .status : nil
        case 7: return eq("session") ? .session : nil
        case 8: return eq("cost_usd") ? .costUSD : eq("artifact") ? .artifact : nil
        case 12: return eq("input_tokens") ? .inputTokens : nil
        case 13: return eq("output_tokens") ? .outputTokens : nil
        case 17: return eq("cache_read_tokens") ? .cacheReadTokens : nil
        case 18: return eq("cache_write_tokens") ? .cacheWriteTokens : nil
        default: return nil
        }
    }
}
