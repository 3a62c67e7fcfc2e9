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
    @OptionGroup var shared: StateOptions
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
        // An import cut short (a crash, `q` during an inbox import) is finished first, so the
        // snapshot read next has all of it. The read-only review writes nothing.
        if !readOnly, let d = try? location.resolve(), (try? d.validate()) != nil, let store = try? StateStore(dataDirectory: d.url),
           let importer = try? Importer(directory: d.url, store: store, operatorName: "opsdeck", now: StoreClock.now()) {
            try? importer.recover()
        }
        let (dir, data) = try location.load()
        phases.mark("read the data directory")
        let frozen = try at.map { try parseAt($0, profile: data.profile) }
        let clock = { frozen ?? StoreClock.now(timeZone: data.profile.timeZone) }
        let localStore = try StateStore(dataDirectory: dir.url)
        let store = try shared.open(dir.url, profile: data.profile, readOnly: readOnly, local: localStore)
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
        _ = App.update(&state, .stateConnection(store.connection))
        phases.mark("KPIs, tiles and panes")
        let watcher = DataWatcher(dir)
        _ = App.update(&state, .filesChanged([], modified: watcher.newest.map { StoreClock.now(timeZone: data.profile.timeZone, date: $0) }))
        if dump {
            // One frame as text, without a terminal (for checking a data directory by eye).
            let parts = size.split(separator: "x").compactMap { Int($0) }
            _ = App.update(&state, .resized(width: parts.first ?? 120, height: parts.last ?? 40))
            _ = App.update(&state, .derived(state.derive()))
            print(View.render(state).text())
            return
        }
        let (themeValue, themeProblem) = Cockpit.theme(named: theme)
        _ = App.update(&state, .themeLoaded(problem: themeProblem))
        let term = CursesTerminal(theme: themeValue, noColor: env["NO_COLOR"].map { !$0.isEmpty } ?? false)
        do { try term.start() } catch {
            FileHandle.standardError.write(Data("opsdeck: \(error)\n".utf8))
            throw Exit(code: 2)
        }
        defer { term.stop() }
        phases.mark("start the terminal")
        log.info("cockpit started", metadata: ["dir": "\(dir.url.path)", "operator": "\(state.operatorName)"])
        if exitAfterFirstFrame { _ = App.update(&state, .quit) }
        let runner = EffectRunner(setTheme: { term.setTheme($0) }, store: store, localStore: localStore, watcher: watcher, dataDirectory: dir.url)
        try Cockpit(term: term, runner: runner, clock: clock).loop(&state, firstFrame: { phases.mark("first frame"); phases.markLaunch() })
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

