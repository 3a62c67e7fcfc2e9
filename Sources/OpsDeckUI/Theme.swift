/// Themes: colours by semantic role, from small TOML files in `themes/` (read by the data
/// module into a plain dictionary). Missing roles fall back to the default theme; unknown keys
/// are ignored; `NO_COLOR` and colourless terminals get attributes only.

public enum Lang: String, Sendable, CaseIterable {
    case en, zh
    /// `--lang`, else from `LANG`/`LC_ALL` (zh_* → Chinese).
    public static func from(flag: String?, environment: [String: String]) -> Lang {
        if let flag, let l = Lang(rawValue: flag.lowercased()) { return l }
        let locale = environment["LC_ALL"] ?? environment["LC_MESSAGES"] ?? environment["LANG"] ?? ""
        return locale.lowercased().hasPrefix("zh") ? .zh : .en
    }
    /// Picks the label for this language: every label is written in both.
    public func callAsFunction(_ en: String, _ zh: String) -> String { self == .zh ? zh : en }
}

/// A colour as a theme file writes it: `default`, a name (`red`, `bright-blue`), an index
/// (`0`–`255`) or `#rrggbb`.
public enum ColorSpec: Equatable, Sendable {
    case terminalDefault
    case index(Int)
    case rgb(Int, Int, Int)

    public init?(_ text: String) {
        let t = String(text.lowercased().drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        if t == "default" || t == "none" || t.isEmpty { self = .terminalDefault; return }
        let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
        if let i = names.firstIndex(of: t) { self = .index(i); return }
        if t.hasPrefix("bright-"), let i = names.firstIndex(of: String(t.dropFirst(7))) { self = .index(i + 8); return }
        if let n = Int(t), (0...255).contains(n) { self = .index(n); return }
        if t.hasPrefix("#"), t.count == 7, let v = Int(t.dropFirst(), radix: 16) {
            self = .rgb(v >> 16 & 0xFF, v >> 8 & 0xFF, v & 0xFF); return
        }
        return nil
    }

    /// The nearest colour a terminal with `colors` colours has (-1 = its own default).
    public func terminalColor(colors: Int) -> Int {
        switch self {
        case .terminalDefault: return -1
        case .index(let i):
            if i < colors { return i }
            let (r, g, b) = ColorSpec.rgbOfIndex(i)
            return ColorSpec.nearest(r, g, b, among: min(colors, 16))
        case .rgb(let r, let g, let b):
            if colors >= 256 { return ColorSpec.cube(r, g, b) }
            return ColorSpec.nearest(r, g, b, among: min(colors, 16))
        }
    }

    static let basic: [(Int, Int, Int)] = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
                                           (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]

    static func rgbOfIndex(_ i: Int) -> (Int, Int, Int) {
        if i < 16 { return basic[i] }
        if i >= 232 { let v = 8 + (i - 232) * 10; return (v, v, v) }
        let c = i - 16, steps = [0, 95, 135, 175, 215, 255]
        return (steps[c / 36], steps[c / 6 % 6], steps[c % 6])
    }

    static func cube(_ r: Int, _ g: Int, _ b: Int) -> Int {
        func level(_ v: Int) -> Int { v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40 }
        let ci = 16 + 36 * level(r) + 6 * level(g) + level(b)
        let gray = min(23, max(0, (r + g + b) / 3 - 8) / 10), gi = 232 + gray
        func dist(_ i: Int) -> Int { let (x, y, z) = rgbOfIndex(i); return (x - r) * (x - r) + (y - g) * (y - g) + (z - b) * (z - b) }
        return dist(gi) < dist(ci) ? gi : ci
    }

    static func nearest(_ r: Int, _ g: Int, _ b: Int, among n: Int) -> Int {
        guard n > 0 else { return -1 }
        var best = 0, bestD = Int.max
        for i in 0..<n {
            let (x, y, z) = basic[i]
            let d = (x - r) * (x - r) + (y - g) * (y - g) + (z - b) * (z - b)
            if d < bestD { bestD = d; best = i }
        }
        return best
    }
}

public struct Theme: Equatable, Sendable {
    public struct Colors: Equatable, Sendable {
        public var fg: ColorSpec
        public var bg: ColorSpec
    }
    public var name: String
    public var background: ColorSpec
    public var roles: [Role: Colors]
    /// Roles drawn bold or reversed (also what a colourless terminal relies on).
    public static let boldRoles: Set<Role> = [.title, .header, .tabActive, .bad]

    public static let roleKeys: [Role: String] = [
        .text: "text", .muted: "muted", .accent: "accent", .good: "good", .warn: "warn", .bad: "bad",
        .selection: "selection", .border: "border", .title: "title", .header: "header",
        .tabActive: "tab_active", .tabInactive: "tab_inactive", .input: "input",
    ]

    /// Builds a theme from `key = "colour"` pairs: `background`, each role as its foreground,
    /// `ROLE_bg` as its background. What is missing comes from `base`; unknown keys are ignored.
    public static func from(name: String, settings: [String: String], base: Theme = .dark) -> Theme {
        var t = base
        t.name = name
        if let bg = settings["background"].flatMap(ColorSpec.init) { t.background = bg }
        for (role, key) in roleKeys {
            var c = base.roles[role] ?? Colors(fg: .terminalDefault, bg: .terminalDefault)
            if settings["background"] != nil && settings["\(key)_bg"] == nil && c.bg == base.background { c.bg = t.background }
            if let fg = settings[key].flatMap(ColorSpec.init) { c.fg = fg }
            if let bg = settings["\(key)_bg"].flatMap(ColorSpec.init) { c.bg = bg }
            t.roles[role] = c
        }
        return t
    }

    static func make(_ name: String, bg: String, _ pairs: [Role: (String, String?)]) -> Theme {
        let background = ColorSpec(bg)!
        var roles: [Role: Colors] = [:]
        for r in Role.allCases {
            let p = pairs[r] ?? ("default", nil)
            roles[r] = Colors(fg: ColorSpec(p.0)!, bg: p.1.flatMap(ColorSpec.init) ?? background)
        }
        return Theme(name: name, background: background, roles: roles)
    }

    public static let dark = make("dark", bg: "default", [
        .text: ("default", nil), .muted: ("244", nil), .accent: ("#5fafff", nil), .good: ("#5fd75f", nil),
        .warn: ("#ffaf00", nil), .bad: ("#ff5f5f", nil), .selection: ("#ffffff", "#005f87"), .border: ("240", nil),
        .title: ("#87d7ff", nil), .header: ("#ffffff", "#303030"), .tabActive: ("#000000", "#5fafff"),
        .tabInactive: ("250", "#303030"), .input: ("#ffffff", "#303030"),
    ])
    public static let light = make("light", bg: "#ffffff", [
        .text: ("#1c1c1c", nil), .muted: ("#767676", nil), .accent: ("#005fd7", nil), .good: ("#008700", nil),
        .warn: ("#af5f00", nil), .bad: ("#d70000", nil), .selection: ("#000000", "#afd7ff"), .border: ("#a8a8a8", nil),
        .title: ("#005f87", nil), .header: ("#000000", "#e4e4e4"), .tabActive: ("#ffffff", "#005fd7"),
        .tabInactive: ("#3a3a3a", "#e4e4e4"), .input: ("#000000", "#eeeeee"),
    ])
    public static let highContrast = make("high-contrast", bg: "black", [
        .text: ("bright-white", nil), .muted: ("white", nil), .accent: ("bright-cyan", nil), .good: ("bright-green", nil),
        .warn: ("bright-yellow", nil), .bad: ("bright-red", nil), .selection: ("black", "bright-yellow"), .border: ("bright-white", nil),
        .title: ("bright-cyan", nil), .header: ("black", "bright-white"), .tabActive: ("black", "bright-cyan"),
        .tabInactive: ("bright-white", "black"), .input: ("black", "bright-white"),
    ])
    public static let mono = make("mono", bg: "default", [:])

    public static let builtIn: [String: Theme] = ["dark": dark, "light": light, "high-contrast": highContrast, "mono": mono]
    public var isMono: Bool { roles.values.allSatisfy { $0.fg == .terminalDefault && $0.bg == .terminalDefault } }
}
