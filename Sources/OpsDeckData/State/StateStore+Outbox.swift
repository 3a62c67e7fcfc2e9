import Foundation
import GRDB
import OpsDeckCore

/// With a shared database, every action is first committed here, on this machine, and then
/// sent: the outbox is what lets the cockpit go on working while the database is away, and
/// what it sends, in order, when it is back. An event keeps the id it was given here
/// everywhere, so sending it twice changes nothing. Append-only like the journals: a sent
/// event is marked by a row in `outbox_sent`, never rewritten.
extension StateStore {
    static func registerOutbox(_ m: inout DatabaseMigrator) {
        m.registerMigration("v5: outbox to a shared state") { db in
            try db.execute(sql: """
                CREATE TABLE outbox_checklist_event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    target TEXT NOT NULL,
                    store_id TEXT NOT NULL,
                    id INTEGER NOT NULL,
                    day TEXT NOT NULL, at TEXT NOT NULL, operator TEXT NOT NULL, block TEXT NOT NULL, task TEXT NOT NULL,
                    kind TEXT NOT NULL, text TEXT, recorded_at TEXT NOT NULL,
                    UNIQUE (target, store_id, id)
                );
                CREATE TABLE outbox_bid_event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    target TEXT NOT NULL,
                    store_id TEXT NOT NULL,
                    id INTEGER NOT NULL,
                    day TEXT NOT NULL, at TEXT NOT NULL, operator TEXT NOT NULL, kind TEXT NOT NULL, change_id INTEGER,
                    entity TEXT, entity_id TEXT, field TEXT, old_fen INTEGER, new_fen INTEGER, reason TEXT, batch TEXT, step TEXT,
                    recorded_at TEXT NOT NULL, old_text TEXT, new_text TEXT,
                    UNIQUE (target, store_id, id)
                );
                CREATE TABLE outbox_sent (
                    event_table TEXT NOT NULL CHECK (event_table IN ('checklist_event', 'bid_event')),
                    seq INTEGER NOT NULL,
                    sent_at TEXT NOT NULL,
                    PRIMARY KEY (event_table, seq)
                );
                """)
            // Sending is in order, so what waits is the tail of each table: these let the
            // queries start past what is known to be sent instead of reading the whole history.
            try db.execute(sql: """
                CREATE INDEX outbox_checklist_event_target ON outbox_checklist_event(target, store_id, seq);
                CREATE INDEX outbox_bid_event_target ON outbox_bid_event(target, store_id, seq);
                """)
            for table in ["outbox_checklist_event", "outbox_bid_event", "outbox_sent"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_append_only_u BEFORE UPDATE ON \(table)
                        BEGIN SELECT RAISE(ABORT, 'events are appended, never rewritten'); END;
                    CREATE TRIGGER \(table)_append_only_d BEFORE DELETE ON \(table)
                        BEGIN SELECT RAISE(ABORT, 'events are appended, never rewritten'); END;
                    """)
            }
        }
    }

    /// An event in the outbox: its place in the outbox, when it was made, and whether the
    /// shared database has confirmed it.
    public struct Outgoing<Event: Sendable>: Sendable {
        public var seq: Int64
        public var event: Event
        public var recordedAt: String
        public var sent: Bool
    }

    public func outboxAppend(_ e: ChecklistEvent, target: String, storeID: String) throws {
        precondition(e.id != nil, "an outgoing event carries its id")
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO outbox_checklist_event (target, store_id, id, day, at, operator, block, task, kind, text, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [target, storeID, e.id, e.day.description, e.at.description, e.operatorName, e.block, e.task,
                                 e.kind.rawValue, e.text, StateStore.recordedAt()])
        }
    }

    /// The events of one step, in one transaction.
    public func outboxAppend(_ events: [BidEvent], target: String, storeID: String) throws {
        try pool.write { db in
            let now = StateStore.recordedAt()
            for e in events {
                precondition(e.id != nil, "an outgoing event carries its id")
                try db.execute(sql: """
                    INSERT INTO outbox_bid_event (target, store_id, id, day, at, operator, kind, change_id, entity, entity_id, field,
                        old_fen, new_fen, reason, batch, step, recorded_at, old_text, new_text)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [target, storeID, e.id, e.day.description, e.at.description, e.operatorName, e.kind.rawValue,
                                     e.changeID, e.entity?.rawValue, e.entityID, e.field?.rawValue, e.oldFen, e.newFen, e.reason,
                                     e.batch, e.step, now, e.oldText, e.newText])
            }
        }
    }

    /// This machine's checklist events for a shared store, oldest first; `from` and `to`
    /// narrow them to some days'. With `waitingAfter`, only those not yet confirmed, past that
    /// place in the outbox (everything up to it is known to be sent), at most `limit`.
    public func outboxChecklist(target: String, storeID: String, from: LocalDate? = nil, to: LocalDate? = nil,
                                waitingAfter: Int64? = nil, limit: Int = -1) throws -> [Outgoing<ChecklistEvent>] {
        try pool.read { db in
            var sql = """
                SELECT o.*, s.seq IS NOT NULL AS sent FROM outbox_checklist_event o
                LEFT JOIN outbox_sent s ON s.event_table = 'checklist_event' AND s.seq = o.seq
                WHERE o.target = ? AND o.store_id = ?
                """
            var args: [(any DatabaseValueConvertible)?] = [target, storeID]
            if let from { sql += " AND o.day >= ?"; args.append(from.description) }
            if let to { sql += " AND o.day <= ?"; args.append(to.description) }
            if let after = waitingAfter { sql += " AND s.seq IS NULL AND o.seq > ?"; args.append(after) }
            return try Row.fetchAll(db, sql: sql + " ORDER BY o.seq LIMIT \(limit)", arguments: StatementArguments(args)).compactMap { r in
                StateStore.checklistEvent(r).map { Outgoing(seq: r["seq"], event: $0, recordedAt: r["recorded_at"], sent: r["sent"]) }
            }
        }
    }

    public func outboxBids(target: String, storeID: String, waitingAfter: Int64? = nil, limit: Int = -1) throws -> [Outgoing<BidEvent>] {
        try pool.read { db in
            let sql = """
                SELECT o.*, s.seq IS NOT NULL AS sent FROM outbox_bid_event o
                LEFT JOIN outbox_sent s ON s.event_table = 'bid_event' AND s.seq = o.seq
                WHERE o.target = ? AND o.store_id = ? AND o.seq > ?\(waitingAfter != nil ? " AND s.seq IS NULL" : "") ORDER BY o.seq LIMIT \(limit)
                """
            return try Row.fetchAll(db, sql: sql, arguments: [target, storeID, waitingAfter ?? 0]).compactMap { r in
                StateStore.bidEvent(r).map { Outgoing(seq: r["seq"], event: $0, recordedAt: r["recorded_at"], sent: r["sent"]) }
            }
        }
    }

    /// The first day this machine recorded a check for a shared store.
    public func outboxFirstDay(target: String, storeID: String) throws -> LocalDate? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT min(day) FROM outbox_checklist_event WHERE target = ? AND store_id = ?",
                                arguments: [target, storeID]).flatMap { LocalTime(parsing: $0)?.date }
        }
    }

    /// How many actions the shared database has not confirmed yet (past the places given).
    public func outboxWaiting(target: String, storeID: String, after: SentMarks = .init()) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM outbox_checklist_event o WHERE o.target = ?1 AND o.store_id = ?2 AND o.seq > ?3
                        AND NOT EXISTS (SELECT 1 FROM outbox_sent s WHERE s.event_table = 'checklist_event' AND s.seq = o.seq))
                     + (SELECT count(*) FROM outbox_bid_event o WHERE o.target = ?1 AND o.store_id = ?2 AND o.seq > ?4
                        AND NOT EXISTS (SELECT 1 FROM outbox_sent s WHERE s.event_table = 'bid_event' AND s.seq = o.seq))
                """, arguments: [target, storeID, after.checklist, after.bids]) ?? 0
        }
    }

    /// Up to where each outbox table is sent, for one shared store: events are sent oldest
    /// first, so everything up to the newest confirmed one is confirmed too.
    public struct SentMarks: Sendable, Equatable {
        public var checklist: Int64 = 0, bids: Int64 = 0
        public init(checklist: Int64 = 0, bids: Int64 = 0) { self.checklist = checklist; self.bids = bids }
    }

    /// Read once when a shared store opens (it reads the history); kept up to date after.
    public func outboxSentMarks(target: String, storeID: String) throws -> SentMarks {
        try pool.read { db in
            func mark(_ table: String) throws -> Int64 {
                try Int64.fetchOne(db, sql: """
                    SELECT coalesce(max(o.seq), 0) FROM outbox_\(table) o JOIN outbox_sent s ON s.event_table = '\(table)' AND s.seq = o.seq
                    WHERE o.target = ? AND o.store_id = ?
                    """, arguments: [target, storeID]) ?? 0
            }
            return SentMarks(checklist: try mark("checklist_event"), bids: try mark("bid_event"))
        }
    }

    /// Marks events as confirmed by the shared database (after its COMMIT returned).
    public func outboxMarkSent(table: String, seqs: [Int64]) throws {
        guard !seqs.isEmpty else { return }
        try pool.write { db in
            let now = StateStore.recordedAt()
            for s in seqs {
                try db.execute(sql: "INSERT OR IGNORE INTO outbox_sent (event_table, seq, sent_at) VALUES (?, ?, ?)", arguments: [table, s, now])
            }
        }
    }
}
