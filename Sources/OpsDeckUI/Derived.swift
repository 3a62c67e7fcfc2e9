import OpsDeckCore

/// Everything the screen shows that is computed from the snapshot and the clock: the KPIs,
/// the goals, the diagnosis, the tiles and every pane's tables. With a million orders this
/// takes a good part of a second, so the loop computes it on a worker thread
/// (`Effect.derive`, `Effect.reload`) and the result comes back as a message; the loop
/// keeps drawing the last one meanwhile.
public struct Derived: Sendable {
    /// The snapshot it was computed for (`AppState.dataVersion`).
    public var version: Int
    public var at: LocalTime
    public var lang: Lang
    public var kpi: KPISnapshot
    public var goals: [GoalProgress]
    public var diagnosis: Diagnosis?
    public var tiles: [Tile]
    public var panes: [Pane: PaneContent]
}

/// What is running off the loop's thread, so a second request waits for the first instead
/// of piling up: a data change during a reload becomes one more reload after it.
public struct BackgroundWork: Equatable, Sendable {
    /// A reload is running.
    public var reloading = false
    /// Files that changed while it ran: one more reload when it is done.
    public var pendingFiles: [String] = []
    /// A recomputation is running.
    public var deriving = false
    /// The clock or the language moved while it ran: one more when it is done.
    public var deriveAgain = false
    /// An inbox import is running.
    public var importing = false
    public init() {}
    public var busy: Bool { reloading || deriving || importing }
}

extension AppState {
    /// Computes everything derived, for `data` (default: the current snapshot) as of `now`.
    /// Pure: the worker thread runs it on a copy of the state.
    public func derive(data: StoreData? = nil, version: Int? = nil, dataChanged: Bool = false) -> Derived {
        var c = self
        if let data { c.data = data }
        c.kpi = KPIEngine.snapshot(c.data, at: now)
        c.goals = Goals.progress(c.data.profile.goals, data: c.data, now: now)
        if dataChanged || data != nil || c.diagnosis?.day != now.date.adding(days: -1) { c.diagnosis = Diagnose.run(c.data, at: now) }
        var panes: [Pane: PaneContent] = [:]
        for p in Pane.allCases { panes[p] = Panes.build(p, c) }
        return Derived(version: version ?? dataVersion, at: now, lang: lang, kpi: c.kpi, goals: c.goals,
                       diagnosis: c.diagnosis, tiles: Tiles.build(c), panes: panes)
    }

    /// Puts a computed result on screen. One made in another language (`:lang` while it
    /// ran) keeps its numbers and has its words rebuilt here.
    public mutating func install(_ d: Derived) {
        kpi = d.kpi; goals = d.goals; diagnosis = d.diagnosis
        if d.lang == lang {
            tiles = d.tiles
            paneCache = d.panes
            showPane()
        } else {
            refresh()
        }
        if let rv = review { review = ReviewState(rv.data, schedule: data.schedule, now: now, scroll: rv.scroll) }
    }

    /// Asks for a recomputation, unless one is running (then one more follows it).
    public mutating func requestDerive() -> [Effect] {
        if work.reloading || work.deriving { work.deriveAgain = true; return [] }
        work.deriving = true
        return [.derive]
    }
}
