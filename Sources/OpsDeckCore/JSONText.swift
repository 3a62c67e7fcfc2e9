/// A JSON string literal, with every control character escaped (C0, DEL and C1 too, so no
/// output of ours can carry a terminal escape sequence) and the bidirectional formatting
/// characters escaped as `\uXXXX` (the value is kept, but cannot reverse what a terminal shows).
public enum JSONText {
    public static func quote(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80..<0xA0).contains(u.value) || Sanitize.isBidiFormatting(u.value) {
                    let hex = String(u.value, radix: 16)
                    r += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else { r.unicodeScalars.append(u) }
            }
        }
        return r + "\""
    }
}
