import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import OpsDeckCore
import PostgresNIO

/// The journals on a team's PostgreSQL database, through postgres-nio.
///
/// - An action is committed to this machine's outbox (SQLite, `synchronous=FULL`) first, then
///   sent at once; it is on the server before `append` returns whenever the server answers.
///   When it does not (restarting, the network gone, refused), the outbox keeps the actions
///   and a background turn sends them, in order, when it is back. Each event's id is made
///   here and unique per store: the insert is idempotent, so nothing is lost or doubled
///   whatever fails between the server's COMMIT and the outbox's mark.
/// - Other machines' saves arrive by LISTEN/NOTIFY (each insert announces its store); a slow
///   poll of the newest sequence numbers catches what a lost notification would hide.
/// - Reads go to the server; without it, to the last answer it gave, and then to this
///   machine's own events — with the waiting actions on top in every case.
public final class SharedStateStore: StateJournal, @unchecked Sendable {
    public let target: PostgresTarget
    public let storeID: String
    public let local: StateStore
    /// The review's store: it never makes the tables (its role may only read). It saves only
    /// the lead's approvals, which need INSERT on bid_event.
    let readOnly: Bool
    public let address: String
    let password: String?
    let logger: Logger

    /// One user of the connection at a time (a send is a transaction).
    let db = NSLock()
    /// Guards everything below.
    private let lock = NSLock()
    private var conn: PostgresConnection?
    private var lastAttempt = Date.distantPast
    private var problem: String?
    private var mark: Int64 = 0
    private var waiting = 0
    private var lastSeqs: [Int64] = []
    private var lastSlowPoll = Date()
    /// Up to where the outbox is known to be sent (what waits is after it).
    private var sent = StateStore.SentMarks()
    /// When the server last refused a waiting action: the background turn tries again only
    /// every 10 s (a grant may come), not twice a second.
    private var lastRefusal = Date.distantPast
    private var cachedBids: [BidEvent]?
    private var cachedChecklist: [String: [ChecklistEvent]] = [:]
    private var timer: DispatchSourceTimer?
    private let wakePipe: [Int32]
    private var closed = false

    /// How often a lost database is tried again, and how often the newest events are polled
    /// for (in case a notification was lost).
    let retryInterval: TimeInterval
    let slowPollInterval: TimeInterval
    static let queryTimeout: Int64 = 5

    /// Refused when the schema is missing or older and this role cannot make it; started
    /// offline when the server cannot be reached.
    public init(target: PostgresTarget, storeID: String, local: StateStore, readOnly: Bool,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.target = target; self.storeID = storeID; self.local = local; self.readOnly = readOnly
        address = target.description
        password = target.password(environment: environment)
        var l = Logger(label: "opsdeck.state")
        l.logLevel = .critical
        logger = l
        retryInterval = Double(environment["OPSDECK_STATE_RETRY_MS"].flatMap { Int($0) } ?? 2000) / 1000
        slowPollInterval = Double(environment["OPSDECK_STATE_POLL_MS"].flatMap { Int($0) } ?? 30_000) / 1000
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 { for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) } }
        wakePipe = fds
        sent = (try? local.outboxSentMarks(target: address, storeID: storeID)) ?? .init()
        waiting = (try? local.outboxWaiting(target: address, storeID: storeID, after: sent)) ?? 0
        do { _ = try reconnect() } catch let e as SchemaProblem { close(); throw e } catch {}
        _ = sendWaiting()
        let t = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "opsdeck.shared-state", qos: .utility))
        t.schedule(deadline: .now() + 0.5, repeating: 0.5)
        t.setEventHandler { [weak self] in self?.turn() }
        t.resume()
        timer = t
    }

    deinit { close() }

    /// Stops the background turn and closes the connection (waiting actions stay in the outbox).
    public func close() {
        let c: PostgresConnection? = lock.withLock {
            guard !closed else { return nil }
            closed = true
            timer?.cancel(); timer = nil
            // Under the lock, as `wake` writes under it: a late notification must never write
            // to a descriptor number the process has since given to another file.
            for fd in wakePipe where fd >= 0 { Foundation.close(fd) }
            defer { conn = nil }
            return conn
        }
        if let c { try? (c.close() as EventLoopFuture<Void>).wait() }
    }

    public struct SchemaProblem: Error, CustomStringConvertible { public let description: String }

    // MARK: the StateJournal

    public var connection: StateConnection {
        lock.withLock { StateConnection(shared: address, online: conn != nil, waiting: waiting, problem: problem) }
    }

    public func changeMark() -> [Int64] {
        lock.withLock { [mark, Int64(waiting), conn == nil ? 0 : 1] }
    }

    public var wakeFD: Int32? { lock.withLock { closed || wakePipe[0] < 0 ? nil : wakePipe[0] } }

    public func drainWakeups() {
        lock.withLock {
            guard !closed, wakePipe[0] >= 0 else { return }
            var buf = [UInt8](repeating: 0, count: 64)
            while read(wakePipe[0], &buf, buf.count) > 0 {}
        }
    }

    @discardableResult
    public func append(_ e: ChecklistEvent) throws -> Int64 {
        var e = e
        e.id = SharedStateStore.newID()
        try local.outboxAppend(e, target: address, storeID: storeID)
        lock.withLock { waiting += 1 }
        _ = sendWaiting()
        return e.id!
    }

    @discardableResult
    public func append(_ events: [BidEvent]) throws -> [Int64] {
        let stamped = events.map { e -> BidEvent in var e = e; e.id = SharedStateStore.newID(); return e }
        try local.outboxAppend(stamped, target: address, storeID: storeID)
        lock.withLock { waiting += stamped.count }
        _ = sendWaiting()
        return stamped.map { $0.id! }
    }

    public func checklistEvents(day: LocalDate) throws -> [ChecklistEvent] {
        try checklistEvents(from: day, to: day)
    }

    public func checklistEvents(from: LocalDate, to: LocalDate) throws -> [ChecklistEvent] {
        let key = "\(from) \(to)"
        let server = query(PostgresQuery(unsafeSQL: """
            SELECT \(PostgresSchema.checklistColumns) FROM checklist_event WHERE store_id = $1 AND day >= $2 AND day <= $3 ORDER BY seq
            """, binds: binds(storeID, from.description, to.description))).map { $0.compactMap(SharedStateStore.checklistEvent) }
        let base: [ChecklistEvent] = try lock.withLock {
            if let server { cachedChecklist[key] = server }
            return server ?? cachedChecklist[key]
        } ?? local.outboxChecklist(target: address, storeID: storeID, from: from, to: to).map(\.event)
        let waiting = try local.outboxChecklist(target: address, storeID: storeID, from: from, to: to, waitingAfter: marks.checklist).map(\.event)
        return merge(base, waiting)
    }

    public func firstChecklistDay() throws -> LocalDate? {
        let server = query(PostgresQuery(unsafeSQL: "SELECT min(day) AS day FROM checklist_event WHERE store_id = $1", binds: binds(storeID)))
        let fromServer = server?.first.flatMap { (try? $0.makeRandomAccess()["day"].decode(String?.self)) ?? nil }
        let own = try local.outboxFirstDay(target: address, storeID: storeID)
        let days = [fromServer.flatMap { LocalTime(parsing: $0)?.date }, own].compactMap { $0 }
        return days.min()
    }

    public func bidEvents() throws -> [BidEvent] {
        let server = query(PostgresQuery(unsafeSQL: "SELECT \(PostgresSchema.bidColumns) FROM bid_event WHERE store_id = $1 ORDER BY seq",
                                         binds: binds(storeID))).map { $0.compactMap(SharedStateStore.bidEvent) }
        let base: [BidEvent] = try lock.withLock {
            if let server { cachedBids = server }
            return server ?? cachedBids
        } ?? local.outboxBids(target: address, storeID: storeID).map(\.event)
        return merge(base, try local.outboxBids(target: address, storeID: storeID, waitingAfter: marks.bids).map(\.event))
    }

    private var marks: StateStore.SentMarks { lock.withLock { sent } }

    /// The base in its order, then the waiting events it does not have yet.
    private func merge<E>(_ base: [E], _ waiting: [E]) -> [E] where E: IdentifiedEvent {
        let known = Set(base.compactMap(\.eventID))
        return base + waiting.filter { !known.contains($0.eventID ?? -1) }
    }

    // MARK: the connection

    /// A fresh id: random, below 2^53 (outbox files carry ids as JSON numbers), above any id
    /// a SQLite journal brought over by `state migrate` will have.
    static func newID() -> Int64 { Int64.random(in: (1 << 40)..<(1 << 53)) }

    private func configuration() throws -> PostgresConnection.Configuration {
        var c: PostgresConnection.Configuration
        if let dir = target.socketDirectory {
            c = .init(unixSocketPath: "\(dir)/.s.PGSQL.\(target.port)", username: target.user, password: password, database: target.database)
        } else {
            c = .init(host: target.host ?? "localhost", port: target.port, username: target.user, password: password,
                      database: target.database, tls: try tls())
        }
        c.options.connectTimeout = .seconds(3)
        return c
    }

    private func tls() throws -> PostgresConnection.Configuration.TLS {
        guard target.tls != .disable else { return .disable }
        var t = TLSConfiguration.makeClientConfiguration()
        switch target.tls {
        case .disable: break
        // As libpq: `prefer` and `require` encrypt without checking the certificate.
        case .prefer, .require: t.certificateVerification = .none
        case .verifyCA: t.certificateVerification = .noHostnameVerification
        case .verifyFull: t.certificateVerification = .fullVerification
        }
        if let root = target.rootCertificate { t.trustRoots = .file(root) }
        let context = try NIOSSLContext(configuration: t)
        return target.tls == .prefer ? .prefer(context) : .require(context)
    }

    /// Connects (if not connected), checks the tables, listens. Throws `SchemaProblem` when
    /// the tables are not there and this role may not make them.
    func reconnect() throws -> PostgresConnection {
        if let c = lock.withLock({ conn }) { return c }
        lock.withLock { lastAttempt = Date() }
        let c: PostgresConnection
        do {
            c = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try configuration(),
                                               id: Int.random(in: 1...Int(Int32.max)), logger: logger).wait()
        } catch {
            lock.withLock { problem = SharedStateStore.describe(error) }
            throw error
        }
        do {
            try PostgresSchema.ensure(c, logger: logger, create: !readOnly, address: address)
            let store = storeID
            c.addListener(channel: PostgresSchema.channel) { [weak self] _, note in
                if note.payload == store { self?.bump() }
            }
            _ = try SharedStateStore.run(c, "LISTEN opsdeck_events", logger: logger)
        } catch {
            _ = try? (c.close() as EventLoopFuture<Void>).wait()
            lock.withLock { problem = SharedStateStore.describe(error) }
            throw error
        }
        c.closeFuture.whenComplete { [weak self] _ in self?.lost(c) }
        lock.withLock { conn = c; problem = nil; mark += 1 }
        wake()
        return c
    }

    private func lost(_ c: PostgresConnection) {
        let changed = lock.withLock { () -> Bool in
            guard conn === c else { return false }
            conn = nil
            problem = problem ?? "connection lost"
            mark += 1
            return true
        }
        if changed { wake() }
    }

    private func failed(_ c: PostgresConnection, _ error: any Error) {
        lock.withLock { problem = SharedStateStore.describe(error) }
        _ = try? (c.close() as EventLoopFuture<Void>).wait()
        lost(c)
    }

    private func bump() {
        lock.withLock { mark += 1 }
        wake()
    }

    private func wake() {
        lock.withLock {
            guard !closed, wakePipe[1] >= 0 else { return }
            var b: UInt8 = 1
            _ = write(wakePipe[1], &b, 1)
        }
    }

    /// Runs a read on the live connection; nil when there is none or it fails.
    private func query(_ q: PostgresQuery) -> [PostgresRow]? {
        guard let c = lock.withLock({ conn }) else { return nil }
        db.lock(); defer { db.unlock() }
        do { return try SharedStateStore.run(c, q, logger: logger).rows } catch {
            if SharedStateStore.isRefusal(error) {
                lock.withLock { problem = SharedStateStore.describe(error) }
                return nil
            }
            failed(c, error)
            return nil
        }
    }

    /// Sends what waits in the outbox, oldest first, in transactions of at most 500 events.
    /// Returns false when something is still waiting (offline, or another thread is sending).
    @discardableResult
    func sendWaiting() -> Bool {
        guard db.try() else { return false }
        defer { db.unlock() }
        guard let c = lock.withLock({ conn }) else { return false }
        do {
            while true {
                let from = marks
                let checks = try local.outboxChecklist(target: address, storeID: storeID, waitingAfter: from.checklist, limit: 500)
                let bids = try local.outboxBids(target: address, storeID: storeID, waitingAfter: from.bids, limit: 500)
                if checks.isEmpty && bids.isEmpty { break }
                var statements: [PostgresQuery] = []
                if !checks.isEmpty { statements.append(insert(checks.map { ($0.event, $0.recordedAt) })) }
                if !bids.isEmpty { statements.append(insert(bids.map { ($0.event, $0.recordedAt) })) }
                try SharedStateStore.together(c, statements, logger: logger)
                try local.outboxMarkSent(table: "checklist_event", seqs: checks.map(\.seq))
                try local.outboxMarkSent(table: "bid_event", seqs: bids.map(\.seq))
                lock.withLock {
                    sent.checklist = max(sent.checklist, checks.last?.seq ?? 0)
                    sent.bids = max(sent.bids, bids.last?.seq ?? 0)
                }
                if checks.count < 500 && bids.count < 500 { break }
            }
            let left = try local.outboxWaiting(target: address, storeID: storeID, after: marks)
            lock.withLock { waiting = left; problem = nil }
            return left == 0
        } catch {
            if SharedStateStore.isRefusal(error) {
                // The server refused an event (it will refuse it again): it stays in the
                // outbox, named in the header and by `state verify`, and nothing after it is
                // sent out of order.
                lock.withLock { problem = "the database refused a waiting action: " + SharedStateStore.describe(error); lastRefusal = Date() }
            } else {
                failed(c, error)
            }
            return false
        }
    }

    /// One statement for many events (one round trip, atomic by itself); those already there
    /// are skipped.
    func insert(_ events: [(ChecklistEvent, String)]) -> PostgresQuery {
        insert(into: "checklist_event", columns: PostgresSchema.checklistColumns, events.map { e, recordedAt in
            [e.id, e.day.description, e.at.description, e.operatorName, e.block, e.task, e.kind.rawValue, e.text, recordedAt]
        })
    }

    func insert(_ events: [(BidEvent, String)]) -> PostgresQuery {
        insert(into: "bid_event", columns: PostgresSchema.bidColumns, events.map { e, recordedAt in
            [e.id, e.day.description, e.at.description, e.operatorName, e.kind.rawValue, e.changeID, e.entity?.rawValue, e.entityID,
             e.field?.rawValue, e.oldFen, e.newFen, e.reason, e.batch, e.step, recordedAt, e.oldText, e.newText]
        })
    }

    /// `INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING`, each row this store's, in the
    /// columns' order.
    private func insert(into table: String, columns: String, _ rows: [[(any Sendable)?]]) -> PostgresQuery {
        var b = PostgresBindings(capacity: rows.count * ((rows.first?.count ?? 0) + 1))
        var tuples: [String] = []
        for row in rows {
            let n = b.count
            tuples.append("(" + (1...row.count + 1).map { "$\(n + $0)" }.joined(separator: ", ") + ")")
            append(&b, [storeID] + row)
        }
        return PostgresQuery(unsafeSQL: "INSERT INTO \(table) (store_id, \(columns)) VALUES " + tuples.joined(separator: ", ")
            + " ON CONFLICT (store_id, id) DO NOTHING", binds: b)
    }

    /// The background turn: reconnect when it is time, send what waits, and now and then
    /// look at the newest sequence numbers in case a notification was lost.
    private func turn() {
        let (online, due, pollDue, isClosed) = lock.withLock {
            (conn != nil, Date().timeIntervalSince(lastAttempt) >= retryInterval, Date().timeIntervalSince(lastSlowPoll) >= slowPollInterval, closed)
        }
        if isClosed { return }
        if !online {
            guard due else { return }
            guard (try? reconnect()) != nil else { return }
        }
        if lock.withLock({ waiting > 0 && Date().timeIntervalSince(lastRefusal) >= 10 }) { _ = sendWaiting() }
        if pollDue {
            lock.withLock { lastSlowPoll = Date() }
            let rows = query(PostgresQuery(unsafeSQL: """
                SELECT (SELECT coalesce(max(seq), 0) FROM checklist_event WHERE store_id = $1) AS c,
                       (SELECT coalesce(max(seq), 0) FROM bid_event WHERE store_id = $1) AS b
                """, binds: binds(storeID)))
            if let r = rows?.first?.makeRandomAccess(), let c = try? r["c"].decode(Int64.self), let b = try? r["b"].decode(Int64.self) {
                let changed = lock.withLock { () -> Bool in
                    defer { lastSeqs = [c, b] }
                    return !lastSeqs.isEmpty && lastSeqs != [c, b]
                }
                if changed { bump() }
            }
        }
    }
}

/// The two journals' events, by their ids.
protocol IdentifiedEvent { var eventID: Int64? { get } }
extension ChecklistEvent: IdentifiedEvent { var eventID: Int64? { id } }
extension BidEvent: IdentifiedEvent { var eventID: Int64? { id } }
