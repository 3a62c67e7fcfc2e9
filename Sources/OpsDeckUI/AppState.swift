import OpsDeckCore

public enum Key: Equatable, Sendable {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, resize
    case function(Int)
    case unknown
}

/// The panes, one per block of the day; keys 1–8 and Tab reach them.
public enum Pane: String, CaseIterable, Sendable {
    case art, diagnosis, basics, promotion, activities, content, service, listings

    public func title(_ l: Lang) -> String {
        switch self {
        case .art: l("Art", "美工")
        case .diagnosis: l("Diagnosis", "诊断")
        case .basics: l("Basics", "基础")
        case .promotion: l("Promotion", "推广")
        case .activities: l("Activities", "活动")
        case .content: l("Content", "内容")
        case .service: l("Service", "客服")
        case .listings: l("Listings", "宝贝")
        }
    }

    /// The schedule blocks whose checks this pane shows.
    public func blocks(_ s: Schedule) -> [Schedule.Block] {
        s.blocks.filter { b in
            b.pane == rawValue || (self == .promotion && b.pane == "promotion") || (self == .content && b.pane == "report")
        }
    }
}

/// What the operator is doing at the keyboard.
public enum Mode: Equatable, Sendable {
    case normal
    case prompt(PromptKind, String)     // typing a skip reason or a note
    case command(String)                // the `:` command line
    case filter(String)                 // `/` filter being typed
    case help
    case detail                         // Enter on a row
    case deskInput(DeskPrompt, String)  // the bid desk: an exact bid, a budget, a note, a filter
    case confirm(Confirmation)          // y to go ahead, anything else cancels
    case imports                        // `:import`: the last imports and their lines
    case approvals(Int)                 // the review's approvals, the selected one
    case approvalReason(Int, String)    // typing the reason for a rejection
    case schedule(ScheduleEdit)         // the desk's time-of-day discount strip
}

/// One import the cockpit ran from the inbox: when, and what it said file by file.
public struct ImportSummary: Sendable, Equatable {
    public var at: LocalTime
    public var imported: Int
    public var rejected: Int
    public var skippedRows: Int
    public var batch: String?
    public var lines: [String]
    public init(at: LocalTime, imported: Int, rejected: Int, skippedRows: Int, batch: String?, lines: [String]) {
        self.at = at; self.imported = imported; self.rejected = rejected; self.skippedRows = skippedRows; self.batch = batch; self.lines = lines
    }
}

public enum DeskPrompt: Equatable, Sendable { case exactBid, budget, note, filter }

/// A question before something weighty (a large change, a post): what will happen, and the
/// effects that run on `y`.
public struct Confirmation: Equatable, Sendable {
    public var title: String
    public var lines: [String]
    public var onYes: [Effect]
}

public enum PromptKind: Equatable, Sendable { case skipReason, note }

/// The whole state of the cockpit: a value, changed only by `update`.
public struct AppState: Sendable {
    public var data: StoreData
    public var kpi: KPISnapshot
    public var now: LocalTime
    public var events: [ChecklistEvent]           // the day's checklist journal, as saved
    public var operatorName: String
    public var lang: Lang
    public var themeName: String
    public var readOnly: Bool
    public var pane: Pane = .art
    /// Each pane's list: selection, filter and sort (kept while moving between panes).
    public var lists: [Pane: ListState] = [:]
    public var mode: Mode = .normal
    /// The status line (words in both languages, drawn in the current one).
    public var status: Status?
    public var width = 120
    public var height = 40
    public var quit = false
    /// This session's own checklist actions, newest last: `u` takes them back one by one.
    public var undoable: [Int] = []           // positions in `events`
    /// Where the journals are kept and whether that place answers (the header says so).
    public var stateConnection: StateConnection = .local
    /// Back online with actions still to send: the status says so again once they are sent.
    public var sendingAfterOffline = false
    /// The `[digest]` times already handed to the runner this session ("YYYY-MM-DD HH:MM").
    public var digestSlots: Set<String> = []
    /// A digest that could not be sent (the robot or the shared database did not answer) is
    /// tried again from this time on.
    public var digestRetry: [String: LocalTime] = [:]
    /// Derived from the data, rebuilt by `refresh()` (not on every frame).
    public var content = PaneContent()
    public var tiles: [Tile] = []
    /// The rows of `content` after filter and sort: (section, row).
    public var visibleRows: [(section: Int, row: Int)] = []
    /// When the data directory last changed on disk (newest file), for the freshness mark.
    public var dataModified: LocalTime?
    /// The whole bid journal, as saved (pending changes may be days old).
    public var bidJournal: [BidEvent] = []
    /// The store's goals and how they stand (recomputed with the KPIs, not per frame).
    public var goals: [GoalProgress] = []
    /// The last whole day's anomalies (the diagnosis pane, the tiles' flags).
    public var diagnosis: Diagnosis?
    /// The review screen, when the shift lead has it open.
    public var review: ReviewState?
    /// The bid desk, when it is open.
    public var desk: BidDeskState?
    /// A plan's time-of-day pattern copied in the schedule strip (`y`), to paste on another.
    public var scheduleClipboard: [Int?]?
    /// Counts the snapshots installed: a result computed for an older one is dropped.
    public var dataVersion = 0
    /// Every pane's tables for the current snapshot, minute and language, built off the
    /// loop's thread: switching panes only looks them up.
    public var paneCache: [Pane: PaneContent] = [:]
    /// The snapshot's bad rows and unreadable files (counted once per snapshot, not per frame).
    public var problems = 0
    /// What is running in the background (the header's "refreshing…").
    public var work = BackgroundWork()
    /// The inbox's imports this session, newest first (`:import` shows them).
    public var imports: [ImportSummary] = []

    public init(data: StoreData, now: LocalTime, events: [ChecklistEvent], operatorName: String, lang: Lang,
                themeName: String = "dark", readOnly: Bool = false, bidJournal: [BidEvent] = []) {
        self.data = data; self.now = now; self.events = events; self.operatorName = operatorName; self.bidJournal = bidJournal
        self.lang = lang; self.themeName = themeName; self.readOnly = readOnly
        problems = data.issues.filter { $0.severity == .error }.count
        kpi = KPIEngine.snapshot(data, at: now)
        goals = Goals.progress(data.profile.goals, data: data, now: now)
        diagnosis = Diagnose.run(data, at: now)
        defer { refresh() }
        if let current = data.schedule.block(at: now.secondOfDay / 60),
           let p = Pane.allCases.first(where: { $0.blocks(data.schedule).contains { $0.id == current.id } }) {
            pane = p
        }
    }

    public var day: LocalDate { now.date }

    /// Rebuilds what is derived from the snapshot for this minute and language: the KPI
    /// tiles and the pane's tables (the others are built when first shown). The loop keeps
    /// this off its thread (`derive`); the start and a language change do it here.
    public mutating func refresh() {
        paneCache = [:]
        tiles = Tiles.build(self)
        showPane()
    }

    /// The current pane's tables: from the cache, built only when missing.
    public mutating func showPane() {
        if let cached = paneCache[pane] { content = cached } else {
            content = Panes.build(pane, self)
            paneCache[pane] = content
        }
        refreshRows()
    }

    public mutating func refreshRows() {
        let f = list.filter.lowercased()
        var rows: [(Int, Int)] = []
        for (si, sec) in content.sections.enumerated() {
            var idx = Array(sec.rows.indices)
            if !f.isEmpty { idx = idx.filter { sec.rows[$0].cells.contains { $0.lowercased().contains(f) } } }
            if let so = list.sort, so.section == si, so.column < sec.columns.count {
                idx.sort { a, b in
                    let ka = sec.rows[a].keys.count > so.column ? sec.rows[a].keys[so.column] : nil
                    let kb = sec.rows[b].keys.count > so.column ? sec.rows[b].keys[so.column] : nil
                    let less: Bool
                    if let ka, let kb { less = ka < kb } else if ka != nil || kb != nil { less = ka != nil }
                    else { less = sec.rows[a].cells[so.column] < sec.rows[b].cells[so.column] }
                    return so.descending ? !less && (ka != kb || sec.rows[a].cells[so.column] != sec.rows[b].cells[so.column]) : less
                }
            }
            rows += idx.map { (si, $0) }
        }
        visibleRows = rows
        let maxCursor = max(0, paneChecks.count + visibleRows.count - 1)
        if list.cursor > maxCursor { list.cursor = maxCursor }
    }

    /// The list of the pane on screen.
    public var list: ListState {
        get { lists[pane] ?? ListState() }
        set { lists[pane] = newValue }
    }
    public var selection: Int { list.cursor }
    /// The check under the cursor, if the cursor is on a check.
    public var selectedCheck: (block: Schedule.Block, task: Schedule.Task)? {
        let checks = paneChecks
        return selection < checks.count ? checks[selection] : nil
    }
    /// The table row under the cursor, if any.
    public var selectedRow: (section: Int, row: Int)? {
        let i = selection - paneChecks.count
        return i >= 0 && i < visibleRows.count ? visibleRows[i] : nil
    }
    public var checklist: [TaskKey: TaskState] { Checklist.fold(events) }
    public var currentBlock: Schedule.Block? { data.schedule.block(at: now.secondOfDay / 60) }

    /// Done / total for the day.
    public var progress: (done: Int, total: Int) {
        let states = checklist
        var done = 0
        for b in data.schedule.blocks {
            for t in b.tasks where states[TaskKey(block: b.id, task: t.id)]?.status != .open && states[TaskKey(block: b.id, task: t.id)] != nil { done += 1 }
        }
        return (done, data.schedule.taskCount)
    }

    /// The checks of the current pane, in order.
    public var paneChecks: [(block: Schedule.Block, task: Schedule.Task)] {
        pane.blocks(data.schedule).flatMap { b in b.tasks.map { (b, $0) } }
    }
}

/// What the loop must do after an update: the only way the state reaches the outside.
/// Each one's result, failure included, comes back as a `Message`.
public enum Effect: Equatable, Sendable {
    case save(ChecklistEvent)
    /// Bid journal events of one step, saved in one transaction.
    case saveBids([BidEvent])
    /// Write the outbox files for these changes, then journal them as posted.
    case post(OutboxBatch)
    case quit
    case loadTheme(String)
    case loadDay(LocalDate)
    /// Read a day's checklist (and the 13 days before it) for the review screen.
    case loadReview(LocalDate)
    /// Read the bid journal again (another process saved to it).
    case loadBidJournal
    /// Write the day's operation report (`:report`) in a format.
    case writeReport(format: String)
    /// Off the loop's thread: re-read these files of the data directory (reading only what
    /// was appended where it can), then compute everything derived; `.dataLoaded` follows.
    case reload(changed: [String])
    /// Off the loop's thread: import these files from the inbox; `.imported` follows.
    case importInbox([String])
    /// Off the loop's thread: recompute everything derived for the current snapshot and
    /// minute; `.derived` follows.
    case derive
    /// Off the loop's thread: send the day's digest for this `[digest]` time (once; the runner
    /// keeps the record); `.digestSent` follows.
    case sendDigest(slot: String)
}

public enum Message: Sendable {
    case key(Key)
    /// Leave (a signal, or the start-up benchmark after its first frame).
    case quit
    case resized(width: Int, height: Int)
    case clock(LocalTime)
    /// The watcher saw these files change (and when the newest of them was written).
    case filesChanged([String], modified: LocalTime?)
    /// A reload is done: the new snapshot and what is derived from it (nil: compute here).
    case dataLoaded(StoreData, derived: Derived?, changed: [String], modified: LocalTime?)
    /// A recomputation is done.
    case derived(Derived)
    /// Files are waiting in the inbox.
    case inboxReady([String])
    /// The inbox's files were imported (or refused).
    case imported(ImportSummary)
    /// Another process saved to the state store (the review follows the operator).
    case stateStoreChanged
    /// The shared database went away or came back, or the count of waiting actions changed.
    case stateConnection(StateConnection)
    /// A scheduled digest went out (or did not, and why); nil when it had been sent before.
    case digestSent(slot: String, host: String, failure: String?, repeated: Bool)
    case dayEvents([ChecklistEvent])
    case saved(ChecklistEvent, id: Int64)
    case saveFailed(String)
    /// The journal after a save or a post (with ids), or why it failed.
    case bidJournal([BidEvent], note: Status?)
    case bidSaveFailed(String)
    /// The review screen's day, read from the state store.
    case reviewLoaded(ReviewData)
    /// A theme was loaded; the problem with its file, if any.
    case themeLoaded(problem: String?)
    /// `:report` wrote this file, or failed.
    case reportWritten(path: String)
    /// An effect could not be carried out: which one, and why.
    case effectFailed(Status.Topic, String)
}
