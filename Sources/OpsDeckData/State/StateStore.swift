import Foundation
import GRDB
import OpsDeckCore

/// The cockpit's own state, in SQLite (WAL) under `.opsdeck/` inside the data directory.
///
/// - Every append is its own transaction, committed with `synchronous=FULL` before the
///   caller is told it is saved: a `kill -9` (or a power cut) at any moment loses nothing the
///   operator saw confirmed.
/// - The tables are append-only; triggers refuse updates and deletes.
/// - WAL lets the operator's cockpit and the shift lead's review use one directory at once.
public final class StateStore: Sendable {
    public static let folderName = ".opsdeck"
    public static let fileName = "state.sqlite"

    let pool: DatabasePool
    public let path: String

    public init(dataDirectory: URL) throws {
        let folder = dataDirectory.appendingPathComponent(StateStore.folderName)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(StateStore.fileName).path
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        // Opening and migrating is done by one process at a time (the cockpit and the review
        // may start together): two migrators would both try to create the tables.
        let lock = open(folder.appendingPathComponent("open.lock").path, O_CREAT | O_RDWR, 0o644)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer { if lock >= 0 { flock(lock, LOCK_UN); close(lock) } }
        pool = try StateStore.retryingWhileBusy {
            let pool = try DatabasePool(path: path, configuration: config)
            try StateStore.migrator.migrate(pool)
            return pool
        }
    }

    /// Opening switches the file to WAL, which SQLite refuses (SQLITE_BUSY, without waiting)
    /// while another process is doing the same: the cockpit and the review starting together.
    static func retryingWhileBusy<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do { return try body() } catch let e as DatabaseError where e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED {
                attempt += 1
                if attempt > 100 { throw e }
                usleep(UInt32(10_000 + (attempt % 5) * 7_000))
            }
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: checklist and bid journals") { db in
            try db.execute(sql: """
                CREATE TABLE checklist_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    day TEXT NOT NULL,
                    at TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    block TEXT NOT NULL,
                    task TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('tick', 'untick', 'skip', 'note')),
                    text TEXT,
                    recorded_at TEXT NOT NULL
                );
                CREATE INDEX checklist_event_day ON checklist_event(day, id);
                CREATE TABLE bid_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    day TEXT NOT NULL,
                    at TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('change', 'undo', 'redo', 'revert', 'post')),
                    change_id INTEGER REFERENCES bid_event(id),
                    entity TEXT CHECK (entity IN ('keyword', 'campaign')),
                    entity_id TEXT,
                    field TEXT CHECK (field IN ('bid', 'mobile_bid', 'daily_budget')),
                    old_fen INTEGER,
                    new_fen INTEGER,
                    reason TEXT,
                    batch TEXT,
                    recorded_at TEXT NOT NULL
                );
                CREATE INDEX bid_event_day ON bid_event(day, id);
                CREATE TRIGGER checklist_event_append_only_u BEFORE UPDATE ON checklist_event
                    BEGIN SELECT RAISE(ABORT, 'events are appended, never rewritten'); END;
                CREATE TRIGGER checklist_event_append_only_d BEFORE DELETE ON checklist_event
                    BEGIN SELECT RAISE(ABORT, 'events are appended, never rewritten'); END;
                CREATE TRIGGER bid_event_append_only_u BEFORE UPDATE ON bid_event
                    BEGIN SELECT RAISE(ABORT, 'events are appended, never rewritten'); END;
                CREATE TRIGGER bid_event_append_only_d BEFORE DELETE ON bid_event
                    BEGIN SELECT RAISE(ABORT, 'events are appended, never rewritten'); END;
                """)
        }
        // A note on a change (its reason, given after it was made), and the step that groups
        // the changes of one bulk edit. SQLite cannot alter a CHECK, so the table is rebuilt
        // (its append-only triggers are dropped for the copy and made again).
        m.registerMigration("v2: bid notes and steps") { db in
            try db.execute(sql: """
                DROP TRIGGER bid_event_append_only_u;
                DROP TRIGGER bid_event_append_only_d;
                CREATE TABLE bid_event_v2 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    day TEXT NOT NULL,
                    at TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('change', 'undo', 'redo', 'revert', 'post', 'note')),
                    change_id INTEGER REFERENCES bid_event_v2(id),
                    entity TEXT CHECK (entity IN ('keyword', 'campaign')),
                    entity_id TEXT,
                    field TEXT CHECK (field IN ('bid', 'mobile_bid', 'daily_budget')),
                    old_fen INTEGER,
                    new_fen INTEGER,
                    reason TEXT,
                    batch TEXT,
                    step TEXT,
                    recorded_at TEXT NOT NULL
                );
                INSERT INTO bid_event_v2 (id, day, at, operator, kind, change_id, entity, entity_id, field, old_fen, new_fen, reason, batch, recorded_at)
                    SELECT id, day, at, operator, kind, change_id, entity, entity_id, field, old_fen, new_fen, reason, batch, recorded_at FROM bid_event;
                DROP TABLE bid_event;
                ALTER TABLE bid_event_v2 RENAME TO bid_event;
                CREATE INDEX bid_event_day ON bid_event(day, id);
                CREATE TRIGGER bid_event_append_only_u BEFORE UPDATE ON bid_event
                    BEGIN SELECT RAISE(ABORT, 'events are appended, never rewritten'); END;
                CREATE TRIGGER bid_event_append_only_d BEFORE DELETE ON bid_event
                    BEGIN SELECT RAISE(ABORT, 'events are appended, never rewritten'); END;
                """)
        }
        registerImportJournal(&m)
        // The shift lead's approvals and rejections are bid events too (append-only, who and
        // when): the kind's CHECK is widened, by rebuilding the table as in v2.
        m.registerMigration("v4: approvals") { db in
            try db.execute(sql: """
                DROP TRIGGER bid_event_append_only_u;
                DROP TRIGGER bid_event_append_only_d;
                CREATE TABLE bid_event_v4 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    day TEXT NOT NULL,
                    at TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('change', 'undo', 'redo', 'revert', 'post', 'note', 'approve', 'reject')),
                    change_id INTEGER REFERENCES bid_event_v4(id),
                    entity TEXT CHECK (entity IN ('keyword', 'campaign')),
                    entity_id TEXT,
                    field TEXT CHECK (field IN ('bid', 'mobile_bid', 'daily_budget', 'schedule')),
                    old_fen INTEGER,
                    new_fen INTEGER,
                    reason TEXT,
                    batch TEXT,
                    step TEXT,
                    recorded_at TEXT NOT NULL,
                    old_text TEXT,
                    new_text TEXT
                );
                INSERT INTO bid_event_v4 SELECT id, day, at, operator, kind, change_id, entity, entity_id, field, old_fen, new_fen, reason, batch, step, recorded_at, NULL, NULL FROM bid_event;
                DROP TABLE bid_event;
                ALTER TABLE bid_event_v4 RENAME TO bid_event;
                CREATE INDEX bid_event_day ON bid_event(day, id);
                CREATE TRIGGER bid_event_append_only_u BEFORE UPDATE ON bid_event
                    BEGIN SELECT RAISE(ABORT, 'events are appended, never rewritten'); END;
                CREATE TRIGGER bid_event_append_only_d BEFORE DELETE ON bid_event
                    BEGIN SELECT RAISE(ABORT, 'events are appended, never rewritten'); END;
                """)
        }
        registerOutbox(&m)
        return m
    }

    static func recordedAt() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    // MARK: checklist

    /// Saves the event; when this returns, it is on disk. Returns its id.
    @discardableResult
    public func append(_ e: ChecklistEvent) throws -> Int64 {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO checklist_event (day, at, operator, block, task, kind, text, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [e.day.description, e.at.description, e.operatorName, e.block, e.task, e.kind.rawValue, e.text, StateStore.recordedAt()])
            return db.lastInsertedRowID
        }
    }

    public func checklistEvents(day: LocalDate) throws -> [ChecklistEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM checklist_event WHERE day = ? ORDER BY id", arguments: [day.description])
                .compactMap(StateStore.checklistEvent)
        }
    }

    public func checklistEvents(from: LocalDate, to: LocalDate) throws -> [ChecklistEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM checklist_event WHERE day >= ? AND day <= ? ORDER BY id",
                             arguments: [from.description, to.description]).compactMap(StateStore.checklistEvent)
        }
    }

    /// The first day any check was recorded: the review treats days before it as unknown.
    public func firstChecklistDay() throws -> LocalDate? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT min(day) FROM checklist_event").flatMap { LocalTime(parsing: $0)?.date }
        }
    }

    /// The newest event ids, to notice another process's saves cheaply (the review polls it).
    public func latestIDs() throws -> (checklist: Int64, bids: Int64) {
        try pool.read { db in
            (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM checklist_event") ?? 0,
             try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM bid_event") ?? 0)
        }
    }

    static func checklistEvent(_ r: Row) -> ChecklistEvent? {
        guard let day = LocalTime(parsing: r["day"])?.date, let at = LocalTime(parsing: r["at"]),
              let kind = ChecklistEvent.Kind(rawValue: r["kind"]) else { return nil }
        return ChecklistEvent(id: r["id"], day: day, at: at, operatorName: r["operator"], block: r["block"], task: r["task"], kind: kind, text: r["text"])
    }

    // MARK: bids

    @discardableResult
    public func append(_ e: BidEvent) throws -> Int64 {
        try append([e])[0]
    }

    /// Saves the events of one step in one transaction: a bulk edit is on disk whole or not
    /// at all. Returns their ids in order.
    @discardableResult
    public func append(_ events: [BidEvent]) throws -> [Int64] {
        try pool.write { db in
            let now = StateStore.recordedAt()
            return try events.map { e in
                try db.execute(sql: """
                    INSERT INTO bid_event (day, at, operator, kind, change_id, entity, entity_id, field, old_fen, new_fen, reason, batch, step, recorded_at, old_text, new_text)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [e.day.description, e.at.description, e.operatorName, e.kind.rawValue, e.changeID,
                                     e.entity?.rawValue, e.entityID, e.field?.rawValue, e.oldFen, e.newFen, e.reason, e.batch, e.step, now,
                                     e.oldText, e.newText])
                return db.lastInsertedRowID
            }
        }
    }

    /// The whole bid journal (pending changes may be days old), in saved order.
    public func bidEvents() throws -> [BidEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bid_event ORDER BY id").compactMap(StateStore.bidEvent)
        }
    }

    static func bidEvent(_ r: Row) -> BidEvent? {
        guard let day = LocalTime(parsing: r["day"])?.date, let at = LocalTime(parsing: r["at"]),
              let kind = BidEvent.Kind(rawValue: r["kind"]) else { return nil }
        return BidEvent(id: r["id"], day: day, at: at, operatorName: r["operator"], kind: kind, changeID: r["change_id"],
                        entity: (r["entity"] as String?).flatMap(BidEvent.Entity.init), entityID: r["entity_id"],
                        field: (r["field"] as String?).flatMap(BidEvent.Field.init), oldFen: r["old_fen"], newFen: r["new_fen"],
                        reason: r["reason"], batch: r["batch"], step: r["step"], oldText: r["old_text"], newText: r["new_text"])
    }

    // MARK: health

    /// `PRAGMA integrity_check`: "ok" when the database is sound.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}

/// Who is at the keyboard: `--operator`, then `$OPSDECK_OPERATOR`, then the login name.
public enum OperatorIdentity {
    public static func resolve(_ flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let env = environment["OPSDECK_OPERATOR"], !env.isEmpty { return env }
        if let user = environment["USER"] ?? environment["LOGNAME"], !user.isEmpty { return user }
        return NSUserName()
    }
}

extension StateStore {
    /// Every checklist and bid event with the time it was saved, in saved order: what
    /// `state migrate` copies into a shared database.
    public func everything() throws -> (checklist: [(ChecklistEvent, String)], bids: [(BidEvent, String)]) {
        try pool.read { db in
            (try Row.fetchAll(db, sql: "SELECT * FROM checklist_event ORDER BY id").compactMap { r in
                StateStore.checklistEvent(r).map { ($0, r["recorded_at"] as String) } },
             try Row.fetchAll(db, sql: "SELECT * FROM bid_event ORDER BY id").compactMap { r in
                StateStore.bidEvent(r).map { ($0, r["recorded_at"] as String) } })
        }
    }
}
