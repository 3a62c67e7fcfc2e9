import OpsDeckCore

/// Builds each pane's tables from the snapshot: the data needed to do the block's checks.
public enum Panes {
    public static func build(_ pane: Pane, _ s: AppState) -> PaneContent {
        switch pane {
        case .art: art(s)
        case .diagnosis: diagnosis(s)
        case .basics: basics(s)
        case .promotion: promotion(s)
        case .activities: activities(s)
        case .content: content(s)
        case .service: service(s)
        case .listings: listings(s)
        }
    }

    typealias Col = PaneContent.Column
    typealias Row = PaneContent.Row

    static func missing(_ s: AppState, _ file: DataFile, into c: inout PaneContent) -> Bool {
        let l = s.lang
        switch s.data.files[file.fileName]?.state {
        case .loaded?: return false
        case .unreadable(let why)?: c.notes.append((l("\(file.fileName) could not be read: ", "\(file.fileName) 无法读取：") + why, .bad))
        default: c.notes.append((l("no data yet — drop \(file.fileName) here", "暂无数据 — 请放入 \(file.fileName)"), .muted))
        }
        return true
    }

    static func change(_ a: Double?, _ b: Double?) -> Double? { OpsDeckCore.change(a, b) }
    static func ratio(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b, b != 0 else { return nil }
        return a / b
    }
}

/// Whole-day store rows by date, for tiles and comparisons.
public struct Series {
    var byDate: [LocalDate: StoreDay] = [:]
    public init(_ data: StoreData, through: LocalDate) {
        for r in data.storeDays where r.hour == nil && r.date <= through { byDate[r.date] = r }
    }
    public func day(_ d: LocalDate) -> StoreDay? { byDate[d] }
    public func average(_ f: (StoreDay) -> Double?, days: [LocalDate]) -> Double? {
        let v = days.compactMap { byDate[$0].flatMap(f) }
        return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
    }
}
