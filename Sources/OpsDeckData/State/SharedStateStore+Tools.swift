import Foundation
import OpsDeckCore
import PostgresNIO

/// `opsdeck state migrate` and `opsdeck state verify` on a shared database.
extension SharedStateStore {
    public struct Copied: Sendable, Equatable {
        public var checklist = 0, bids = 0, alreadyThere = 0
    }

    public struct Clash: Error, CustomStringConvertible {
        public let description: String
    }

    /// Copies a SQLite journal into this store, keeping each event's id (so undo, post and
    /// approve still point at their change) and its order. Idempotent: events already there
    /// are left alone. An id already used by a *different* event of this store (another
    /// machine's journal migrated before) stops the copy before anything is written.
    public func copyIn(_ source: StateStore) throws -> Copied {
        let (checks, bids) = try source.everything()
        guard let c = liveConnection() else { throw Clash(description: "\(address) does not answer: \(connection.problem ?? "offline")") }
        db.lock(); defer { db.unlock() }
        let onServer = try fingerprints(c)
        var out = Copied()
        var clashes: [String] = []
        var checksToCopy: [(ChecklistEvent, String)] = [], bidsToCopy: [(BidEvent, String)] = []
        for (e, at) in checks {
            let mine = SharedStateStore.fingerprint(e)
            if let theirs = onServer["c\(e.id!)"] {
                if theirs == mine { out.alreadyThere += 1 } else { clashes.append("checklist event \(e.id!)") }
            } else { checksToCopy.append((e, at)); out.checklist += 1 }
        }
        for (e, at) in bids {
            let mine = SharedStateStore.fingerprint(e)
            if let theirs = onServer["b\(e.id!)"] {
                if theirs == mine { out.alreadyThere += 1 } else { clashes.append("bid event \(e.id!)") }
            } else { bidsToCopy.append((e, at)); out.bids += 1 }
        }
        guard clashes.isEmpty else {
            throw Clash(description: "\(clashes.count) events have ids that store \"\(storeID)\" already uses for other events (\(clashes.prefix(5).joined(separator: ", "))…): "
                + "another journal was copied into it. Nothing was copied; give this data directory its own store_id in store.toml")
        }
        // In saved order, 500 events a statement, all in one transaction.
        let statements = stride(from: 0, to: checksToCopy.count, by: 500).map { insert(Array(checksToCopy[$0..<min($0 + 500, checksToCopy.count)])) }
            + stride(from: 0, to: bidsToCopy.count, by: 500).map { insert(Array(bidsToCopy[$0..<min($0 + 500, bidsToCopy.count)])) }
        do {
            try SharedStateStore.together(c, statements, logger: logger)
        } catch {
            throw Clash(description: "copy failed, nothing copied: \(SharedStateStore.describe(error))")
        }
        return out
    }

    /// What `state verify` says: the server, this store's events on it, the outbox, and
    /// whether every event marked as sent is really there.
    public func verify() -> (lines: [String], ok: Bool) {
        var lines: [String] = [], ok = true
        let local = (try? self.local.integrityCheck()) ?? "cannot be read"
        lines.append("\(self.local.path): \(local)")
        if local != "ok" { ok = false }
        // The whole outbox, not only past the marks: verify trusts nothing it can check.
        let waitingChecks = (try? self.local.outboxChecklist(target: address, storeID: storeID, waitingAfter: 0)) ?? []
        let waitingBids = (try? self.local.outboxBids(target: address, storeID: storeID, waitingAfter: 0)) ?? []
        let pending = waitingChecks.count + waitingBids.count
        guard let c = liveConnection() else {
            lines.append("\(address): offline (\(connection.problem ?? "no answer")); \(pending) actions waiting on this machine")
            for o in waitingChecks.prefix(10) { lines.append("  waiting: \(o.event.at.minuteString) \(o.event.operatorName) \(o.event.kind.rawValue) \(o.event.block)/\(o.event.task)") }
            for o in waitingBids.prefix(10) { lines.append("  waiting: \(o.event.at.minuteString) \(o.event.operatorName) bid \(o.event.kind.rawValue) \(o.event.entityID ?? "")") }
            return (lines, false)
        }
        db.lock(); defer { db.unlock() }
        do {
            let applied = try PostgresSchema.appliedMigrations(c, logger: logger)
            let missing = PostgresSchema.migrations.map(\.name).filter { !applied.contains($0) }
            lines.append("\(address): online; tables " + (missing.isEmpty ? "up to date" : "missing \(missing.joined(separator: ", "))"))
            if !missing.isEmpty { ok = false }
            let onServer = try fingerprints(c)
            let checks = onServer.keys.filter { $0.hasPrefix("c") }.count
            lines.append("store \"\(storeID)\": \(checks) checklist events, \(onServer.count - checks) bid events")
            let sentChecks = (try self.local.outboxChecklist(target: address, storeID: storeID)).filter(\.sent)
            let sentBids = (try self.local.outboxBids(target: address, storeID: storeID)).filter(\.sent)
            let lost = sentChecks.filter { onServer["c\($0.event.id!)"] != SharedStateStore.fingerprint($0.event) }.count
                + sentBids.filter { onServer["b\($0.event.id!)"] != SharedStateStore.fingerprint($0.event) }.count
            lines.append("sent from this machine: \(sentChecks.count + sentBids.count); " + (lost == 0 ? "all on the server as sent" : "\(lost) NOT on the server as sent"))
            if lost > 0 { ok = false }
            lines.append("waiting on this machine: \(pending)")
            if pending > 0 { ok = false }
        } catch {
            lines.append("\(address): \(SharedStateStore.describe(error))")
            ok = false
        }
        return (lines, ok)
    }

    /// The live connection, connecting if there is none (commands, not the cockpit's loop).
    func liveConnection() -> PostgresConnection? {
        try? reconnect()
    }

    /// Each event of this store on the server, by `c<id>` or `b<id>`, as comparable text.
    private func fingerprints(_ c: PostgresConnection) throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try SharedStateStore.run(c, PostgresQuery(unsafeSQL: "SELECT \(PostgresSchema.checklistColumns) FROM checklist_event WHERE store_id = $1",
                                                               binds: binds(storeID)), logger: logger).rows {
            if let e = SharedStateStore.checklistEvent(row) { out["c\(e.id!)"] = SharedStateStore.fingerprint(e) }
        }
        for row in try SharedStateStore.run(c, PostgresQuery(unsafeSQL: "SELECT \(PostgresSchema.bidColumns) FROM bid_event WHERE store_id = $1",
                                                               binds: binds(storeID)), logger: logger).rows {
            if let e = SharedStateStore.bidEvent(row) { out["b\(e.id!)"] = SharedStateStore.fingerprint(e) }
        }
        return out
    }

    static func fingerprint(_ e: ChecklistEvent) -> String {
        [e.day.description, e.at.description, e.operatorName, e.block, e.task, e.kind.rawValue, e.text ?? "∅"].joined(separator: "\u{1F}")
    }

    static func fingerprint(_ e: BidEvent) -> String {
        var e = e
        e.id = nil
        return "\(e)"
    }
}

extension SharedStateStore {
    /// `opsdeck state grant`: what each kind of person needs, as the owner would type it.
    /// Readers (a review that only reads) get SELECT; operators also INSERT and the sequences;
    /// leads the same, and membership of `opsdeck_leads`, made if missing — from then on only
    /// its members approve. The roles must exist (`createuser`). One transaction; returns the
    /// statements run.
    public func grant(operators: [String], leads: [String], readers: [String]) throws -> [String] {
        func quoted(_ role: String) -> String { "\"" + role.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let writers = (operators + leads).map(quoted), everyone = (operators + leads + readers).map(quoted)
        var sql: [String] = []
        if !everyone.isEmpty {
            sql.append("GRANT SELECT ON checklist_event, bid_event, opsdeck_migration TO \(everyone.joined(separator: ", "))")
        }
        if !writers.isEmpty {
            sql.append("GRANT INSERT ON checklist_event, bid_event TO \(writers.joined(separator: ", "))")
            sql.append("GRANT USAGE ON SEQUENCE checklist_event_seq_seq, bid_event_seq_seq TO \(writers.joined(separator: ", "))")
        }
        if !leads.isEmpty {
            sql.append("DO $$ BEGIN CREATE ROLE opsdeck_leads NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            sql.append("GRANT opsdeck_leads TO \(leads.map(quoted).joined(separator: ", "))")
        }
        guard let c = liveConnection() else { throw Clash(description: "\(address) does not answer: \(connection.problem ?? "offline")") }
        db.lock(); defer { db.unlock() }
        do { try SharedStateStore.together(c, sql.map { PostgresQuery(unsafeSQL: $0) }, logger: logger) } catch {
            throw Clash(description: "nothing granted: \(SharedStateStore.describe(error))")
        }
        return sql
    }
}
