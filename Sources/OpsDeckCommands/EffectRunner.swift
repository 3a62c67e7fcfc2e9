import Foundation
import OpsDeckCore
import OpsDeckData
import OpsDeckUI

/// Carries out the effects `App.update` returns and turns each outcome into a message.
/// Saves run at once, on the loop's thread, so an action is on disk before the next frame
/// says it is saved; reading the data directory and recomputing run on one worker thread,
/// and their results wait in `finished()` for the loop to pick up.
final class EffectRunner: @unchecked Sendable {
    /// Gives the terminal a theme (the only effect that reaches the screen itself).
    let setTheme: (Theme) -> Void
    let store: any StateJournal
    /// The data directory's own SQLite file: the import journal is always kept here.
    let localStore: StateStore
    let watcher: DataWatcher
    let dataDirectory: URL
    private let worker = DispatchQueue(label: "opsdeck.worker", qos: .userInitiated)
    private let lock = NSLock()
    private var results: [Message] = []
    private var inFlight = 0
    private var seenMark: [Int64]
    private var seenConnection: StateConnection
    private var lastInboxLook = Date.distantPast

    /// Test hook: each reload waits this long first (`OPSDECK_TEST_RELOAD_DELAY_MS`), so a
    /// test can show the screen answering keys while a slow reload runs.
    let reloadDelay: useconds_t

    init(setTheme: @escaping (Theme) -> Void, store: any StateJournal, localStore: StateStore, watcher: DataWatcher, dataDirectory: URL,
         environment: [String: String] = ProcessInfo.processInfo.environment) {
        reloadDelay = useconds_t(environment["OPSDECK_TEST_RELOAD_DELAY_MS"].flatMap { Int($0) } ?? 0) * 1000
        self.setTheme = setTheme; self.store = store; self.localStore = localStore; self.watcher = watcher; self.dataDirectory = dataDirectory
        seenMark = store.changeMark()
        seenConnection = store.connection
    }

    /// The shared database's state, when it has changed since the header last heard it (an
    /// action saved while offline adds to the count at once, not at the next poll).
    private func connectionNews() -> [Message] {
        let c = store.connection
        guard c != seenConnection else { return [] }
        seenConnection = c
        return [.stateConnection(c)]
    }

    /// Work is running off the thread.
    var busy: Bool { lock.withLock { inFlight > 0 } }

    /// The messages of background work that has finished, oldest first.
    func finished() -> [Message] {
        lock.withLock { defer { results = [] }; return results }
    }

    /// The outside world, looked at ten times a second: files in the data directory, and
    /// saves by another process.
    func poll(readOnly: Bool, timeZone: String) -> [Message] {
        var out: [Message] = []
        let changed = watcher.changes()
        if !changed.isEmpty {
            out.append(.filesChanged(changed, modified: watcher.newest.map { StoreClock.now(timeZone: timeZone, date: $0) }))
        }
        // The inbox once a second (a download still being written waits until it settles).
        if !readOnly, Date().timeIntervalSince(lastInboxLook) >= 1 {
            lastInboxLook = Date()
            let waiting = Inbox.ready(dataDirectory)
            if !waiting.isEmpty { out.append(.inboxReady(waiting)) }
        }
        // Saves by another process or machine (a colleague's tick, the lead's approval, the
        // operator's own save seen by the review); and the shared database coming or going.
        store.drainWakeups()
        let mark = store.changeMark()
        if mark != seenMark {
            seenMark = mark
            out.append(.stateStoreChanged)
        }
        out += connectionNews()
        return out
    }

    /// Runs one effect; returns the messages that report how it went (none for background
    /// work, whose message arrives through `finished()`).
    func run(_ e: Effect, _ s: AppState) -> [Message] {
        switch e {
        case .save(let event):
            do { return [.saved(event, id: try store.append(event))] + connectionNews() } catch {
                log.error("save failed", metadata: ["error": "\(error)"])
                return [.saveFailed("\(error)")]
            }
        case .saveBids(let events):
            do {
                _ = try store.append(events)
                return [.bidJournal(try store.bidEvents(), note: nil)] + connectionNews()
            } catch {
                log.error("bid save failed", metadata: ["error": "\(error)"])
                return [.bidSaveFailed("\(error)")]
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
                let list = files.map { "outbox/" + $0.lastPathComponent }.joined(separator: ", ")
                return [.bidJournal(try store.bidEvents(), note: Status(.info, .bids, "posted \(batch.items.count) changes: " + list,
                                                                        "已提交 \(batch.items.count) 项：" + list))]
            } catch {
                log.error("post failed", metadata: ["error": "\(error)"])
                return [.bidSaveFailed("post: \(error)")]
            }
        case .quit:
            return []
        case .loadTheme(let name):
            let (theme, problem) = Cockpit.theme(named: name)
            setTheme(theme)
            return [.themeLoaded(problem: problem)]
        case .loadDay(let day):
            do { return [.dayEvents(try store.checklistEvents(day: day))] } catch { return [.effectFailed(.checklist, "\(error)")] }
        case .loadReview(let day):
            do {
                let (from, to) = ReviewData.range(day)
                return [.reviewLoaded(ReviewData(day: day, events: try store.checklistEvents(from: from, to: to), firstEventDay: try store.firstChecklistDay()))]
            } catch {
                return [.effectFailed(.review, "\(error)")]
            }
        case .loadBidJournal:
            do { return [.bidJournal(try store.bidEvents(), note: nil)] } catch { return [.effectFailed(.bids, "\(error)")] }
        case .writeReport(let format):
            do { return [.reportWritten(path: try ReportFiles.writeFromCockpit(s, format: format, store: store, dataDirectory: dataDirectory))] } catch {
                log.error("report failed", metadata: ["error": "\(error)"])
                return [.effectFailed(.report, "\(error)")]
            }
        case .reload(let changed):
            let current = s.data, directory = watcher.directory
            let snapshot = s, delay = reloadDelay
            background {
                if delay > 0 { usleep(delay) }
                let data = directory.reload(current, changed: changed)
                let derived = snapshot.derive(data: data, version: snapshot.dataVersion + 1, dataChanged: true)
                log.info("data changed", metadata: ["files": "\(changed.joined(separator: ","))"])
                return .dataLoaded(data, derived: derived, changed: changed, modified: nil)
            }
            return []
        case .importInbox(let files):
            let dir = dataDirectory, store = localStore, who = s.operatorName, now = s.now
            background {
                do {
                    let importer = try Importer(directory: dir, store: store, operatorName: who, now: now)
                    let r = try Inbox.run(importer, files: files)
                    log.info("inbox imported", metadata: ["files": "\(files.count)", "batch": "\(r.batch ?? "-")"])
                    return .imported(ImportSummary(at: now, imported: r.files.filter(\.recognised).count, rejected: r.files.filter { !$0.recognised }.count,
                                                   skippedRows: r.files.reduce(0) { $0 + $1.skipped }, batch: r.batch, lines: ImportReport.lines(r)))
                } catch {
                    log.error("inbox import failed", metadata: ["error": "\(error)"])
                    Inbox.reject(dir, files: files, why: "\(error)")
                    return .imported(ImportSummary(at: now, imported: 0, rejected: files.count, skippedRows: 0, batch: nil,
                                                   lines: files.map { "\(($0 as NSString).lastPathComponent): not imported: \(error)" }))
                }
            }
            return []
        case .sendDigest(let slot):
            let data = s.data, day = s.day, now = s.now, store = store, dir = dataDirectory
            guard let post = data.profile.digest.post else { return [] }
            let robot = data.profile.digest.robot.flatMap(Digest.Robot.init(rawValue:)) ?? Digest.robot(for: post)
            let host = URL(string: post)?.host ?? post
            background {
                guard let robot else {
                    return .digestSent(slot: slot, host: host, failure: "cannot tell the robot from the address: set robot = \"dingtalk\" or \"feishu\" in [digest]", repeated: false)
                }
                do {
                    switch try DigestSender.send(data, day: day, now: now, journal: store, dataDirectory: dir, post: post, robot: robot, slot: slot) {
                    case .sent:
                        log.info("digest sent", metadata: ["slot": "\(slot)", "host": "\(host)"])
                        return .digestSent(slot: slot, host: host, failure: nil, repeated: false)
                    case .alreadySent: return .digestSent(slot: slot, host: host, failure: nil, repeated: true)
                    case .notSent(let why):
                        log.error("digest not sent", metadata: ["slot": "\(slot)", "why": "\(why)"])
                        return .digestSent(slot: slot, host: host, failure: why, repeated: false)
                    }
                } catch {
                    return .digestSent(slot: slot, host: host, failure: "\(error)", repeated: false)
                }
            }
            return []
        case .derive:
            let snapshot = s
            background { .derived(snapshot.derive()) }
            return []
        }
    }

    private func background(_ work: @escaping @Sendable () -> Message) {
        lock.withLock { inFlight += 1 }
        worker.async { [self] in
            let m = work()
            lock.withLock { results.append(m); inFlight -= 1 }
        }
    }
}
