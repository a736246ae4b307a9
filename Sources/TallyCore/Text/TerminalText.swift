/// Text from input (names, file paths, values in messages) made safe to print on a terminal, and
/// its width there. Names are whatever the events said: without this, an ESC sequence, OSC 8 link,
/// carriage return or bidi override in a name would act on the reader's terminal, and a line feed
/// would start a fake table row.
public enum TerminalText {
    /// `text` with every C0 control (U+0000–U+001F), DEL, C1 control (U+0080–U+009F), line or
    /// paragraph separator and bidi control replaced by a visible escape: `\t`, `\n`, `\r`, `\xHH`
    /// for the others up to U+00FF, `\u{HHHH}` above. Scalars in `kept` pass through (line feeds in
    /// multi-line messages; tab, CR and LF in quoted CSV fields). Returns `text` itself, without
    /// copying, when nothing needs escaping.
    /// - Complexity: O(n) in the text's scalars.
    public static func escaped(_ text: String, keeping kept: [Unicode.Scalar] = []) -> String {
        func escapes(_ s: Unicode.Scalar) -> Bool { isControl(s) && !kept.contains(s) }
        guard text.unicodeScalars.contains(where: escapes) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if escapes(s) { out.append(contentsOf: escape(s).unicodeScalars) } else { out.append(s) }
        }
        return String(out)
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: true  // bidi marks, LS, PS, embeddings, isolates
        default: false
        }
    }

    private static func escape(_ s: Unicode.Scalar) -> String {
        switch s {
        case "\t": return "\\t"
        case "\n": return "\\n"
        case "\r": return "\\r"
        default:
            let hex = String(s.value, radix: 16)
            return s.value <= 0xFF ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u{" + hex.uppercased() + "}"
        }
    }

    /// Terminal columns of one character: 2 for East Asian wide and fullwidth characters and
    /// emoji, 1 otherwise. An approximation of `wcwidth` by block, good enough to align tables.
    static func columns(_ c: Character) -> Int {
        switch c.unicodeScalars.first!.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            2
        default:
            1
        }
    }

    /// `text` cut to at most `columnsMax` terminal columns, ending in "…" when cut, and its width.
    /// Reads no further than the cut, so a cell costs O(columnsMax) whatever the text's length.
    static func fitted(_ text: String, columnsMax: Int) -> (text: String, columns: Int) {
        precondition(columnsMax >= 1)
        var width = 0
        var fitEnd = text.startIndex, fitWidth = 0  // the longest prefix that leaves room for "…"
        var index = text.startIndex
        while index < text.endIndex {
            let w = columns(text[index])
            if width + w > columnsMax { return (String(text[..<fitEnd]) + "…", fitWidth + 1) }
            width += w
            index = text.index(after: index)
            if width < columnsMax { fitEnd = index; fitWidth = width }
        }
        return (text, width)
    }
}
