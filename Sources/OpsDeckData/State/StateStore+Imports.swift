import Foundation
import GRDB

/// The import batches' journal: a batch is `prepared` (its new files written beside the old
/// ones, what it adds and replaces saved) before any file is renamed into place, `committed`
/// once every one is, and maybe `undone` later. Append-only like the other journals.
extension StateStore {
    static func registerImportJournal(_ m: inout DatabaseMigrator) {
        m.registerMigration("v3: import batches") { db in
            try db.execute(sql: """
                CREATE TABLE import_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    batch TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('prepared', 'committed', 'undone')),
                    at TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    recorded_at TEXT NOT NULL
                );
                CREATE INDEX import_event_batch ON import_event(batch, id);
                CREATE TRIGGER import_event_append_only_u BEFORE UPDATE ON import_event
                    BEGIN SELECT RAISE(ABORT, 'events are appended, never rewritten'); END;
                CREATE TRIGGER import_event_append_only_d BEFORE DELETE ON import_event
                    BEGIN SELECT RAISE(ABORT, 'events are appended, never rewritten'); END;
                """)
        }
    }

    public struct ImportEvent: Sendable, Equatable {
        public var id: Int64
        public var batch: String
        public var kind: String
        public var at: String
        public var operatorName: String
        public var detail: String
    }

    /// On disk when this returns.
    public func appendImportEvent(batch: String, kind: String, at: String, operatorName: String, detail: String) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO import_event (batch, kind, at, operator, detail, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [batch, kind, at, operatorName, detail, StateStore.recordedAt()])
        }
    }

    public func importEvents() throws -> [ImportEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM import_event ORDER BY id").map {
                ImportEvent(id: $0["id"], batch: $0["batch"], kind: $0["kind"], at: $0["at"], operatorName: $0["operator"], detail: $0["detail"])
            }
        }
    }
}
