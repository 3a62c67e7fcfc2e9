import ArgumentParser
import Foundation
import OpsDeckCore
import OpsDeckData
import OpsDeckTerminal
import OpsDeckUI

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The cockpit: the day's schedule, checks, KPIs and a pane per block (the default).")

    @OptionGroup var location: DataOptions
    @Option(help: "Who is at the keyboard (default: $OPSDECK_OPERATOR, else the login name).")
    var `operator`: String?
    @Option(help: "Theme: dark, light, high-contrast, mono, or a file in themes/.")
    var theme: String = "dark"
    @Option(help: "Language of the labels: en or zh (default from LANG).")
    var lang: String?
    @Option(help: ArgumentHelp("Freeze the clock at this local time (demos and tests).", valueName: "YYYY-MM-DD HH:MM"))
    var at: String?
    @Flag(help: .hidden) var dump = false
    /// For the start-up benchmark: draw the first frame, then leave.
    @Flag(name: .customLong("exit-after-first-frame"), help: .hidden) var exitAfterFirstFrame = false
    @Option(help: .hidden) var size: String = "120x40"
    /// For the start-up benchmark: where the time before the first frame goes (to stderr,
    /// after the terminal is given back).
    @Flag(help: .hidden) var timings = false

    func run() throws {
        try launch(readOnly: false, reviewDay: nil)
    }

    /// The cockpit, or (read-only, on the review screen) the shift lead's review.
    func launch(readOnly: Bool, reviewDay: String?) throws {
        var phases = Phases()
        defer { if timings { FileHandle.standardError.write(Data(phases.report.utf8)) } }
        let (dir, data) = try location.load()
        phases.mark("read the data directory")
        let frozen = try at.map { try parseAt($0, profile: data.profile) }
        let clock = { frozen ?? StoreClock.now(timeZone: data.profile.timeZone) }
        let store = try StateStore(dataDirectory: dir.url)
        let now = clock()
        let events = try store.checklistEvents(day: now.date)
        phases.mark("open the state store")
        let env = ProcessInfo.processInfo.environment
        var state = AppState(data: data, now: now, events: events,
                             operatorName: OperatorIdentity.resolve(self.operator), lang: Lang.from(flag: lang, environment: env), themeName: theme,
                             readOnly: readOnly, bidJournal: try store.bidEvents())
        if readOnly {
            let day = try reviewDay.map { d -> LocalDate in
                guard let t = LocalTime(parsing: d) else { throw ValidationError("--date expects YYYY-MM-DD, got \"\(d)\"") }
                return t.date
            } ?? now.date
            let (from, to) = ReviewData.range(day)
            _ = App.update(&state, .reviewLoaded(ReviewData(day: day, events: try store.checklistEvents(from: from, to: to),
                                                            firstEventDay: try store.firstChecklistDay())))
        }
        phases.mark("KPIs, tiles and panes")
        let watcher = DataWatcher(dir)
        state.dataModified = watcher.newest.map { StoreClock.now(timeZone: data.profile.timeZone, date: $0) }
        if dump {
            // One frame as text, without a terminal (for checking a data directory by eye).
            let parts = size.split(separator: "x").compactMap { Int($0) }
            _ = App.update(&state, .resized(width: parts.first ?? 120, height: parts.last ?? 40))
            print(View.render(state).text())
            return
        }
        let themeValue = Cockpit.theme(named: theme, message: &state.message)
        let term = CursesTerminal(theme: themeValue, noColor: env["NO_COLOR"].map { !$0.isEmpty } ?? false)
        do { try term.start() } catch {
            FileHandle.standardError.write(Data("opsdeck: \(error)\n".utf8))
            throw Exit(code: 2)
        }
        defer { term.stop() }
        phases.mark("start the terminal")
        log.info("cockpit started", metadata: ["dir": "\(dir.url.path)", "operator": "\(state.operatorName)"])
        if exitAfterFirstFrame { state.quit = true }
        try Cockpit(term: term, store: store, watcher: watcher, clock: clock, dataDirectory: dir.url).loop(&state, firstFrame: { phases.mark("first frame"); phases.markLaunch() })
    }
}

/// Wall-clock time of each start-up phase.
struct Phases {
    private var last = DispatchTime.now().uptimeNanoseconds
    private var lines: [String] = []
    mutating func mark(_ what: String) {
        let t = DispatchTime.now().uptimeNanoseconds
        lines.append(String(format: "%7.1f ms  %@", Double(t - last) / 1e6, what))
        last = t
    }
    /// With `OPSDECK_LAUNCHED_NS` (the wall clock in ns, set just before exec), the time
    /// from launch, loading the libraries included.
    func sinceLaunch() -> String? {
        guard let v = ProcessInfo.processInfo.environment["OPSDECK_LAUNCHED_NS"], let launched = Double(v) else { return nil }
        return String(format: "%7.1f ms  from launch", (Date().timeIntervalSince1970 * 1e9 - launched) / 1e6)
    }
    mutating func markLaunch() { if let l = sinceLaunch() { lines.append(l) } }
    var report: String { lines.map { $0 + "\n" }.joined() }
}

/// The loop: the only place keys become messages and effects reach the outside world.
struct Cockpit {
    let term: CursesTerminal
    let store: StateStore
    let watcher: DataWatcher
    let clock: () -> LocalTime
    let dataDirectory: URL

    func loop(_ s: inout AppState, firstFrame: () -> Void = {}) throws {
        var first = true
        var lastPoll = Date()
        var seen = (try? store.latestIDs()) ?? (0, 0)
        var (w, h) = term.size
        _ = App.update(&s, .resized(width: w, height: h))
        var buffer = ScreenBuffer(width: w, height: h)
        repeat {
            buffer = ScreenBuffer(width: s.width, height: s.height)
            View.render(s, into: &buffer)
            term.draw(buffer)
            if first { first = false; firstFrame() }
            if s.quit { break }
            let key = term.readKey(timeoutMS: 500)
            if TerminalSignals.take() != nil { break }
            // Resize arrives as a key, but can be missed: compare the size every turn.
            let size = term.size
            if size.width != w || size.height != h { (w, h) = size; _ = App.update(&s, .resized(width: w, height: h)) }
            if let key { run(App.update(&s, .key(key)), &s) }
            run(App.update(&s, .clock(clock())), &s)
            if Date().timeIntervalSince(lastPoll) >= 0.5 {
                lastPoll = Date()
                // Read-only review follows the operator's cockpit: another process's saves
                // show within a second.
                if s.readOnly, let latest = try? store.latestIDs(), latest != seen {
                    seen = latest
                    run([.loadDay(s.day)] + (s.review.map { [.loadReview($0.data.day)] } ?? []), &s)
                    if let journal = try? store.bidEvents() { _ = App.update(&s, .bidJournal(journal, note: nil)) }
                }
                let changed = watcher.changes()
                if !changed.isEmpty {
                    let data = watcher.reload(s.data, changed: changed)
                    s.dataModified = watcher.newest.map { StoreClock.now(timeZone: data.profile.timeZone, date: $0) }
                    run(App.update(&s, .dataChanged(data, changed: changed)), &s)
                    log.info("data changed", metadata: ["files": "\(changed.joined(separator: ","))"])
                }
            }
        } while !s.quit
    }

    /// Runs effects: every checklist action is on disk before the next frame is drawn.
    func run(_ effects: [Effect], _ s: inout AppState) {
        for e in effects {
            switch e {
            case .save(let event):
                do {
                    let id = try store.append(event)
                    _ = App.update(&s, .saved(event, id: id))
                } catch {
                    log.error("save failed", metadata: ["error": "\(error)"])
                    _ = App.update(&s, .saveFailed("\(error)"))
                }
            case .saveBids(let events):
                do {
                    _ = try store.append(events)
                    _ = App.update(&s, .bidJournal(try store.bidEvents(), note: nil))
                } catch {
                    log.error("bid save failed", metadata: ["error": "\(error)"])
                    _ = App.update(&s, .bidSaveFailed("\(error)"))
                }
            case .post(let batch):
                // The files first: a change is marked posted only once its file is on disk.
                do {
                    let (name, files) = try OutboxFiles.write(batch, dataDirectory: dataDirectory)
                    let posts = batch.items.flatMap { item in item.changeIDs.map {
                        BidEvent(day: s.day, at: s.now, operatorName: s.operatorName, kind: .post, changeID: $0, batch: name)
                    } }
                    _ = try store.append(posts)
                    log.info("posted", metadata: ["batch": "\(name)", "changes": "\(batch.items.count)"])
                    _ = App.update(&s, .bidJournal(try store.bidEvents(),
                                                   note: s.lang("posted \(batch.items.count) changes: ", "已提交 \(batch.items.count) 项：")
                                                       + files.map { "outbox/" + $0.lastPathComponent }.joined(separator: ", ")))
                } catch {
                    log.error("post failed", metadata: ["error": "\(error)"])
                    _ = App.update(&s, .bidSaveFailed("post: \(error)"))
                }
            case .quit:
                s.quit = true
            case .loadTheme(let name):
                term.setTheme(Cockpit.theme(named: name, message: &s.message))
            case .loadDay(let day):
                _ = App.update(&s, .dayEvents((try? store.checklistEvents(day: day)) ?? []))
            case .loadReview(let day):
                do {
                    let (from, to) = ReviewData.range(day)
                    let data = ReviewData(day: day, events: try store.checklistEvents(from: from, to: to), firstEventDay: try store.firstChecklistDay())
                    _ = App.update(&s, .reviewLoaded(data))
                } catch {
                    s.message = "review: \(error)"
                }
            case .writeReport(let format):
                s.message = ReportFiles.writeFromCockpit(s, format: format, store: store, dataDirectory: dataDirectory)
            }
        }
    }

    /// A theme by name: its file over the built-in one of that name (or the default).
    static func theme(named name: String, message: inout String?) -> Theme {
        let base = Theme.builtIn[name] ?? .dark
        switch ThemeFiles.settings(named: name) {
        case .success(let settings)?: return Theme.from(name: name, settings: settings, base: name == "dark" ? .dark : base)
        case .failure(let e)?: message = "theme: \(e.message)"; return base
        case nil:
            if Theme.builtIn[name] == nil { message = "theme \(name): no themes/\(name).toml; using dark" }
            return base
        }
    }
}
