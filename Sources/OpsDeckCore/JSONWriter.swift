/// A small JSON writer that keeps keys in the order given: the `kpi --json` and report shapes
/// are part of the interface, and scripts diff them.
public indirect enum JSON: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func of(_ v: Int64?) -> JSON { v.map { .int($0) } ?? .null }
    public static func of(_ v: Int?) -> JSON { v.map { .int(Int64($0)) } ?? .null }
    public static func of(_ v: Double?) -> JSON { v.map { $0.isFinite ? .double($0) : .null } ?? .null }
    public static func of(_ v: String?) -> JSON { v.map { .string($0) } ?? .null }

    public func render(indent: Int = 0, pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: indent, pretty: pretty)
        return out
    }

    private func write(into out: inout String, indent: Int, pretty: Bool) {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let close = pretty ? String(repeating: "  ", count: indent) : ""
        let nl = pretty ? "\n" : ""
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            // Whole doubles print as `2.0`; shortest round-trip form otherwise.
            out += d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d)
        case .string(let s): out += JSON.quote(s)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "[" + nl
            for (i, v) in a.enumerated() {
                out += pad; v.write(into: &out, indent: indent + 1, pretty: pretty)
                out += (i < a.count - 1 ? "," : "") + nl
            }
            out += close + "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{" + nl
            for (i, (k, v)) in o.enumerated() {
                out += pad + JSON.quote(k) + (pretty ? ": " : ":")
                v.write(into: &out, indent: indent + 1, pretty: pretty)
                out += (i < o.count - 1 ? "," : "") + nl
            }
            out += close + "}"
        }
    }

    public static func quote(_ s: String) -> String { JSONText.quote(s) }
}
