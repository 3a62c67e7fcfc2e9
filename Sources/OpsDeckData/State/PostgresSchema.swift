/// The shared database's tables: the same two journals as the SQLite file, with the store
/// each event belongs to, the id its machine gave it (unique per store, so sending it twice
/// inserts it once), the order the server saw them in (`seq`), and the database role that
/// wrote it. Triggers refuse rewrites, as in SQLite, and announce each insert (NOTIFY) so
/// the other cockpits and the review follow without polling.
enum PostgresSchema {
    /// Named as the SQLite migrations are; each is a list of statements run in one transaction.
    static let migrations: [(name: String, statements: [String])] = [
        ("v1: shared checklist and bid journals", [
            """
            CREATE TABLE checklist_event (
                seq BIGSERIAL PRIMARY KEY,
                store_id TEXT NOT NULL,
                id BIGINT NOT NULL,
                day TEXT NOT NULL,
                at TEXT NOT NULL,
                operator TEXT NOT NULL,
                block TEXT NOT NULL,
                task TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('tick', 'untick', 'skip', 'note')),
                text TEXT,
                recorded_at TEXT NOT NULL,
                db_role TEXT NOT NULL DEFAULT current_user,
                UNIQUE (store_id, id)
            )
            """,
            "CREATE INDEX checklist_event_day ON checklist_event (store_id, day, seq)",
            """
            CREATE TABLE bid_event (
                seq BIGSERIAL PRIMARY KEY,
                store_id TEXT NOT NULL,
                id BIGINT NOT NULL,
                day TEXT NOT NULL,
                at TEXT NOT NULL,
                operator TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('change', 'undo', 'redo', 'revert', 'post', 'note', 'approve', 'reject')),
                change_id BIGINT,
                entity TEXT CHECK (entity IN ('keyword', 'campaign')),
                entity_id TEXT,
                field TEXT CHECK (field IN ('bid', 'mobile_bid', 'daily_budget', 'schedule')),
                old_fen BIGINT,
                new_fen BIGINT,
                reason TEXT,
                batch TEXT,
                step TEXT,
                recorded_at TEXT NOT NULL,
                old_text TEXT,
                new_text TEXT,
                db_role TEXT NOT NULL DEFAULT current_user,
                UNIQUE (store_id, id)
            )
            """,
            "CREATE INDEX bid_event_store ON bid_event (store_id, seq)",
            """
            CREATE FUNCTION opsdeck_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'events are appended, never rewritten'; END $$
            """,
            """
            CREATE FUNCTION opsdeck_announce() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_notify('opsdeck_events', NEW.store_id); RETURN NULL; END $$
            """,
            "CREATE TRIGGER checklist_event_append_only BEFORE UPDATE OR DELETE ON checklist_event FOR EACH ROW EXECUTE FUNCTION opsdeck_append_only()",
            "CREATE TRIGGER checklist_event_no_truncate BEFORE TRUNCATE ON checklist_event FOR EACH STATEMENT EXECUTE FUNCTION opsdeck_append_only()",
            "CREATE TRIGGER checklist_event_announce AFTER INSERT ON checklist_event FOR EACH ROW EXECUTE FUNCTION opsdeck_announce()",
            "CREATE TRIGGER bid_event_append_only BEFORE UPDATE OR DELETE ON bid_event FOR EACH ROW EXECUTE FUNCTION opsdeck_append_only()",
            "CREATE TRIGGER bid_event_no_truncate BEFORE TRUNCATE ON bid_event FOR EACH STATEMENT EXECUTE FUNCTION opsdeck_append_only()",
            "CREATE TRIGGER bid_event_announce AFTER INSERT ON bid_event FOR EACH ROW EXECUTE FUNCTION opsdeck_announce()",
        ]),
        // Who may approve: once a role `opsdeck_leads` exists, only its members (and
        // superusers) may save an approval or a rejection. Without it, anyone who may insert
        // may approve, as before.
        ("v2: approvals by shift leads", [
            """
            CREATE FUNCTION opsdeck_approval_by_lead() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.kind IN ('approve', 'reject') AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'opsdeck_leads')
                   AND NOT pg_has_role(current_user, 'opsdeck_leads', 'MEMBER') THEN
                    RAISE EXCEPTION 'permission denied: only members of opsdeck_leads approve or reject bid changes (not %)', current_user
                        USING ERRCODE = '42501';
                END IF;
                RETURN NEW;
            END $$
            """,
            "CREATE TRIGGER bid_event_approval_by_lead BEFORE INSERT ON bid_event FOR EACH ROW EXECUTE FUNCTION opsdeck_approval_by_lead()",
        ]),
    ]

    static let channel = "opsdeck_events"
    static let migrationTable = "CREATE TABLE IF NOT EXISTS opsdeck_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    /// Held while migrating, so two machines starting together do not both create the tables.
    static let lockKey: Int64 = 0x0_0953_DECC

    static let checklistColumns = "id, day, at, operator, block, task, kind, text, recorded_at"
    static let bidColumns = "id, day, at, operator, kind, change_id, entity, entity_id, field, old_fen, new_fen, reason, batch, step, recorded_at, old_text, new_text"
}
