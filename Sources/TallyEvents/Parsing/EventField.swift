import TallyCore

/// The fields of schema v1 that the parser recognises. The raw value is a bit position in the
/// per-line "seen" mask used to reject repeated fields.
enum EventField: Int {
    case ts, kind, user, team, org, model, tool, session, task
    case inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens
    case costUSD, status, artifact, id
    /// tokentally's extension: the 1-hour part of `cache_write_tokens` (docs/event-format.md).
    case cacheWrite1hTokens

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

    /// Where the parser stores the field's reference among an event's `EventBatch.refsPerEvent`:
    /// `dimension!.rawValue` for the five key fields, then `EventRef`'s slots. By arithmetic for the
    /// fields declared in order, user to task (checked by EventFieldTests). For the parser's loop,
    /// where even a trivial getter was left as a call.
    @inline(always)
    var refIndex: Int { self == .status ? EventRef.status : rawValue &- EventField.user.rawValue }

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
        case 21: return eq("cache_write_1h_tokens") ? .cacheWrite1hTokens : nil
        default: return nil
        }
    }

    /// Fast path for the usual form of a member name: matches `name":` at `p` (just after the
    /// opening quote) as whole words, and returns the field and the bytes to skip, or nil. Nil does
    /// not mean unknown: names with escapes, whitespace before the colon, or fewer than 8 bytes left
    /// in the line go to `match` after a full string scan. The constants are the names' bytes,
    /// little-endian, with the closing quote and colon (checked by EventFieldTests).
    /// Reads only inside `[p, end)`.
    @inline(always)  // one call site, on every member; `__always` was not honoured there
    static func matchQuoted(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> (field: EventField, length: Int)? {
        let available = end - p
        guard available >= 8 else { return nil }
        let raw = UnsafeRawPointer(p)
        @inline(__always) func at(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        let w = at(0)
        let w4 = w & 0xFFFF_FFFF, w5 = w & 0xFF_FFFF_FFFF, w6 = w & 0xFFFF_FFFF_FFFF, w7 = w & 0xFF_FFFF_FFFF_FFFF
        switch UInt8(truncatingIfNeeded: w) {
        case 0x74:  // t
            if w4 == 0x3A22_7374 { return (.ts, 4) }                      // ts":
            if w6 == 0x3A22_6D61_6574 { return (.team, 6) }              // team":
            if w6 == 0x3A22_6C6F_6F74 { return (.tool, 6) }              // tool":
            if w6 == 0x3A22_6B73_6174 { return (.task, 6) }              // task":
        case 0x75:  // u
            if w6 == 0x3A22_7265_7375 { return (.user, 6) }              // user":
        case 0x6F:  // o
            if w5 == 0x3A_2267_726F { return (.org, 5) }                 // org":
            if available >= 15, w == 0x745F_7475_7074_756F, at(7) == 0x3A22_736E_656B_6F74 {
                return (.outputTokens, 15)                                 // output_tokens":
            }
        case 0x6D:  // m
            if w7 == 0x3A_226C_6564_6F6D { return (.model, 7) }          // model":
        case 0x69:  // i
            if w4 == 0x3A22_6469 { return (.id, 4) }                      // id":
            if available >= 14, w == 0x6F74_5F74_7570_6E69, at(6) == 0x3A22_736E_656B_6F74 {
                return (.inputTokens, 14)                                  // input_tokens":
            }
        case 0x63:  // c
            if available >= 19, w == 0x6572_5F65_6863_6163, at(8) == 0x6E65_6B6F_745F_6461,
               at(11) == 0x3A22_736E_656B_6F74 {
                return (.cacheReadTokens, 19)                              // cache_read_tokens":
            }
            if available >= 20, w == 0x7277_5F65_6863_6163, at(8) == 0x656B_6F74_5F65_7469,
               at(12) == 0x3A22_736E_656B_6F74 {
                return (.cacheWriteTokens, 20)                             // cache_write_tokens":
            }
            if available >= 10, w == 0x6473_755F_7473_6F63, at(2) == 0x3A22_6473_755F_7473 {
                return (.costUSD, 10)                                      // cost_usd":
            }
        case 0x6B:  // k
            if w6 == 0x3A22_646E_696B { return (.kind, 6) }              // kind":
        case 0x73:  // s
            if w == 0x3A22_7375_7461_7473 { return (.status, 8) }        // status":
            if available >= 9, w == 0x226E_6F69_7373_6573, at(1) == 0x3A22_6E6F_6973_7365 {
                return (.session, 9)                                       // session":
            }
        case 0x61:  // a
            if available >= 10, w == 0x7463_6166_6974_7261, at(2) == 0x3A22_7463_6166_6974 {
                return (.artifact, 10)                                     // artifact":
            }
        default: break
        }
        return nil
    }
}
