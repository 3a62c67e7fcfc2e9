import OpsDeckCore

/// A pane's data: sections of tables, built from the snapshot. Pure; rebuilt when the data,
/// the clock's minute or the language change, not on every frame.
public struct PaneContent: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var title: String
        public var width: Int
        public var right: Bool
        public init(_ title: String, _ width: Int, right: Bool = false) { self.title = title; self.width = width; self.right = right }
    }
    public struct Row: Sendable, Equatable {
        public var cells: [String]
        public var role: Role
        /// What the row is sorted by, per column (numbers sort as numbers).
        public var keys: [Double?]
        public init(_ cells: [String], role: Role = .text, keys: [Double?] = []) { self.cells = cells; self.role = role; self.keys = keys }
    }
    public struct Section: Sendable, Equatable {
        public var title: String
        public var columns: [Column]
        public var rows: [Row]
        public var empty: String
        public init(_ title: String, _ columns: [Column], _ rows: [Row], empty: String = "—") {
            self.title = title; self.columns = columns; self.rows = rows; self.empty = empty
        }
    }
    public var notes: [(String, Role)] = []
    public var sections: [Section] = []
    public init() {}

    public static func == (a: PaneContent, b: PaneContent) -> Bool {
        a.sections == b.sections && a.notes.map(\.0) == b.notes.map(\.0)
    }
}

/// Formatting shared by tiles and tables.
public enum Fmt {
    public static func count(_ v: Int64?) -> String { v.map(Number.grouped) ?? "—" }
    public static func money(_ v: Int64?) -> String { v.map { Money.format($0) } ?? "—" }
    public static func percent(_ v: Double?, places: Int = 1) -> String {
        guard let v, v.isFinite else { return "—" }
        return fixed(v * 100, places) + "%"
    }
    public static func fixed(_ v: Double, _ places: Int) -> String { Number.fixed(v, places) }
    public static func ratio(_ v: Double?) -> String { v.map { fixed($0, 2) } ?? "—" }
    public static func clock(_ t: LocalTime?) -> String { t?.clockString ?? "—" }
    public static func dayTime(_ t: LocalTime?, today: LocalDate) -> String {
        guard let t else { return "—" }
        if t.date == today { return t.clockString }
        let c = t.date.components
        return "\(c.month)/\(c.day) \(t.clockString)"
    }
    /// "in 3h20m", "2d ago".
    public static func until(_ t: LocalTime?, from now: LocalTime, _ l: Lang) -> String {
        guard let t else { return "—" }
        let s = t.seconds - now.seconds
        let a = abs(s)
        let text = a >= 86_400 ? "\(a / 86_400)\(l("d", "天"))\(a % 86_400 / 3600)\(l("h", "时"))"
            : a >= 3600 ? "\(a / 3600)\(l("h", "时"))\(a % 3600 / 60)\(l("m", "分"))" : "\(a / 60)\(l("m", "分"))"
        return s >= 0 ? l("in ", "") + text + l("", "后") : text + l(" ago", "前")
    }
    public static func yesNo(_ b: Bool?, _ l: Lang) -> String { b.map { $0 ? "✓" : "✗" } ?? "?" }
}
