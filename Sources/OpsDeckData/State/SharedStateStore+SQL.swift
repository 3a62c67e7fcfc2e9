import Foundation
import Logging
import NIOCore
import OpsDeckCore
import PostgresNIO

/// Talking to the server: statements with a deadline, values bound, rows read back into
/// events, errors in the server's own words.
extension SharedStateStore {
    /// Runs one statement, waiting at most `queryTimeout` seconds: a network that has gone
    /// silent (no reset, no answer) would otherwise hold the caller for minutes. At the
    /// deadline the connection is closed, which fails the statement.
    static func run(_ c: PostgresConnection, _ q: PostgresQuery, logger: Logger) throws -> PostgresQueryResult {
        let watchdog = c.eventLoop.scheduleTask(in: .seconds(queryTimeout)) { let _: EventLoopFuture<Void> = c.close() }
        defer { watchdog.cancel() }
        return try c.query(q, logger: logger).wait()
    }

    /// Statements in one transaction (a single one needs none: it is atomic by itself).
    static func together(_ c: PostgresConnection, _ statements: [PostgresQuery], logger: Logger) throws {
        guard statements.count > 1 else {
            if let s = statements.first { _ = try run(c, s, logger: logger) }
            return
        }
        _ = try run(c, "BEGIN", logger: logger)
        do {
            for s in statements { _ = try run(c, s, logger: logger) }
            _ = try run(c, "COMMIT", logger: logger)
        } catch {
            _ = try? run(c, "ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Strings, whole numbers and nils as statement parameters, in order.
    func binds(_ values: (any Sendable)?...) -> PostgresBindings {
        var b = PostgresBindings(capacity: values.count)
        append(&b, values)
        return b
    }

    func append(_ b: inout PostgresBindings, _ values: (any Sendable)?...) { append(&b, values) }

    func append(_ b: inout PostgresBindings, _ values: [(any Sendable)?]) {
        for v in values {
            switch v {
            case let s as String: b.append(s)
            case let i as Int64: b.append(i)
            case let i as Int: b.append(Int64(i))
            default: b.appendNull()
            }
        }
    }

    /// An error as the server (or the network) put it; postgres-nio's own description hides
    /// the server's message on purpose.
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] {
                let code = e.serverInfo?[.sqlState].map { " (\($0))" } ?? ""
                return message + code
            }
            if let underlying = e.underlying { return describe(underlying) }
            switch e.code {
            case .serverClosedConnection, .clientClosedConnection: return "connection lost"
            case .sslUnsupported: return "the server does not offer TLS (sslmode asks for it)"
            case .authMechanismRequiresPassword: return "the server wants a password: set PGPASSWORD or add it to ~/.pgpass"
            default: return "\(e.code)"
            }
        }
        if let e = error as? PostgresTransactionError {
            return describe(e.closureError ?? e.commitError ?? e.beginError ?? error)
        }
        if let e = error as? IOError { return e.description }
        if let e = error as? NIOConnectionError {
            return e.connectionErrors.first.map { describe($0.error) } ?? "cannot connect"
        }
        return "\(error)"
    }

    /// The server answered and said no (a constraint, a permission): trying again will not
    /// help, but the connection is fine.
    static func isRefusal(_ error: any Error) -> Bool {
        (error as? PSQLError)?.code == .server
    }

    static func checklistEvent(_ row: PostgresRow) -> ChecklistEvent? {
        let r = row.makeRandomAccess()
        guard let id = try? r["id"].decode(Int64.self), let dayText = try? r["day"].decode(String.self),
              let day = LocalTime(parsing: dayText)?.date, let atText = try? r["at"].decode(String.self),
              let at = LocalTime(parsing: atText), let kindText = try? r["kind"].decode(String.self),
              let kind = ChecklistEvent.Kind(rawValue: kindText) else { return nil }
        return ChecklistEvent(id: id, day: day, at: at, operatorName: text(r, "operator") ?? "", block: text(r, "block") ?? "",
                              task: text(r, "task") ?? "", kind: kind, text: text(r, "text"))
    }

    static func bidEvent(_ row: PostgresRow) -> BidEvent? {
        let r = row.makeRandomAccess()
        guard let id = try? r["id"].decode(Int64.self), let day = text(r, "day").flatMap({ LocalTime(parsing: $0)?.date }),
              let at = text(r, "at").flatMap({ LocalTime(parsing: $0) }), let kind = text(r, "kind").flatMap(BidEvent.Kind.init) else { return nil }
        return BidEvent(id: id, day: day, at: at, operatorName: text(r, "operator") ?? "", kind: kind, changeID: number(r, "change_id"),
                        entity: text(r, "entity").flatMap(BidEvent.Entity.init), entityID: text(r, "entity_id"),
                        field: text(r, "field").flatMap(BidEvent.Field.init), oldFen: number(r, "old_fen"), newFen: number(r, "new_fen"),
                        reason: text(r, "reason"), batch: text(r, "batch"), step: text(r, "step"),
                        oldText: text(r, "old_text"), newText: text(r, "new_text"))
    }

    static func text(_ r: PostgresRandomAccessRow, _ column: String) -> String? {
        (try? r[column].decode(String?.self)) ?? nil
    }

    static func number(_ r: PostgresRandomAccessRow, _ column: String) -> Int64? {
        (try? r[column].decode(Int64?.self)) ?? nil
    }
}

extension PostgresSchema {
    /// Makes the tables when they are missing or older (with `create`, under an advisory
    /// lock, one transaction per migration); without it, says what to run instead.
    static func ensure(_ c: PostgresConnection, logger: Logger, create: Bool, address: String) throws {
        let applied = try appliedMigrations(c, logger: logger)
        let missing = migrations.filter { !applied.contains($0.name) }
        guard !missing.isEmpty else { return }
        guard create else {
            throw SharedStateStore.SchemaProblem(description: "\(address) has no OpsDeck tables yet (or older ones): "
                + "run `opsdeck state migrate --to \(address)` once, as a role that may create tables")
        }
        do {
            _ = try SharedStateStore.run(c, PostgresQuery(unsafeSQL: migrationTable), logger: logger)
            for m in missing {
                _ = try SharedStateStore.run(c, "BEGIN", logger: logger)
                do {
                    _ = try SharedStateStore.run(c, PostgresQuery(unsafeSQL: "SELECT pg_advisory_xact_lock(\(lockKey))"), logger: logger)
                    // Another machine may have made it while this one waited for the lock.
                    let done = try SharedStateStore.run(c, PostgresQuery(unsafeSQL: "SELECT 1 FROM opsdeck_migration WHERE name = $1",
                                                                          binds: { var b = PostgresBindings(); b.append(m.name); return b }()), logger: logger)
                    if done.rows.isEmpty {
                        for s in m.statements { _ = try SharedStateStore.run(c, PostgresQuery(unsafeSQL: s), logger: logger) }
                        var b = PostgresBindings(); b.append(m.name)
                        _ = try SharedStateStore.run(c, PostgresQuery(unsafeSQL: "INSERT INTO opsdeck_migration (name) VALUES ($1)", binds: b), logger: logger)
                    }
                    _ = try SharedStateStore.run(c, "COMMIT", logger: logger)
                } catch {
                    _ = try? SharedStateStore.run(c, "ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch let e where SharedStateStore.isRefusal(e) {
            throw SharedStateStore.SchemaProblem(description: "\(address): cannot make the OpsDeck tables: \(SharedStateStore.describe(e)); "
                + "run `opsdeck state migrate --to \(address)` as the database's owner")
        }
    }

    static func appliedMigrations(_ c: PostgresConnection, logger: Logger) throws -> Set<String> {
        let exists = try SharedStateStore.run(c, "SELECT to_regclass('opsdeck_migration') IS NOT NULL AS present", logger: logger)
        guard let present = try exists.rows.first?.makeRandomAccess()["present"].decode(Bool.self), present else { return [] }
        let rows = try SharedStateStore.run(c, "SELECT name FROM opsdeck_migration", logger: logger).rows
        return Set(rows.compactMap { try? $0.makeRandomAccess()["name"].decode(String.self) })
    }
}
