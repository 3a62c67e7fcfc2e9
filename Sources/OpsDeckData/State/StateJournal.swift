import Foundation
import OpsDeckCore

/// The operator's journals — checks and bids — wherever they are kept: `StateStore` (SQLite
/// in the data directory, the default) or `SharedStateStore` (PostgreSQL, for a team). Both
/// commit an event before `append` returns, and both keep the tables append-only.
public protocol StateJournal: AnyObject, Sendable {
    /// Saves the event and returns its id.
    @discardableResult func append(_ e: ChecklistEvent) throws -> Int64
    /// Saves the events of one step together; returns their ids in order.
    @discardableResult func append(_ events: [BidEvent]) throws -> [Int64]
    func checklistEvents(day: LocalDate) throws -> [ChecklistEvent]
    func checklistEvents(from: LocalDate, to: LocalDate) throws -> [ChecklistEvent]
    func firstChecklistDay() throws -> LocalDate?
    /// The whole bid journal, in saved order.
    func bidEvents() throws -> [BidEvent]
    /// Changes when anyone saves anything: cheap enough to ask ten times a second (the
    /// shared store answers from the notifications it has received, not from the database).
    func changeMark() -> [Int64]
    var connection: StateConnection { get }
    /// A descriptor that becomes readable when another machine saved something (nil when
    /// there is none to wait on); `drainWakeups` empties it.
    var wakeFD: Int32? { get }
    func drainWakeups()
}

extension StateStore: StateJournal {
    public func changeMark() -> [Int64] {
        guard let ids = try? latestIDs() else { return [] }
        return [ids.checklist, ids.bids]
    }
    public var connection: StateConnection { .local }
    public var wakeFD: Int32? { nil }
    public func drainWakeups() {}
}

/// Which state store a command uses: `--state`, then `$OPSDECK_STATE`, then `state = "…"` in
/// store.toml; without any, the SQLite file in the data directory.
public enum StateLocation {
    public static func address(flag: String?, profile: StoreProfile,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for v in [flag, environment["OPSDECK_STATE"], profile.state] {
            if let v, !v.trimmingCharacters(in: .whitespaces).isEmpty { return v.trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }

    /// The store events are kept under in a shared database: `store_id`, else the store's name.
    public static func storeID(_ profile: StoreProfile) -> String {
        profile.storeID ?? profile.name
    }

    /// Opens the journal. The local SQLite file is opened in every case: it holds the import
    /// journal and, with a shared database, the actions waiting to be sent.
    /// `local`: the data directory's file when the caller has it open already.
    public static func open(dataDirectory: URL, profile: StoreProfile, flag: String?, readOnly: Bool, local: StateStore? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any StateJournal {
        let local = try local ?? StateStore(dataDirectory: dataDirectory)
        guard let address = address(flag: flag, profile: profile, environment: environment) else { return local }
        let target = try PostgresTarget(parsing: address, environment: environment)
        return try SharedStateStore(target: target, storeID: storeID(profile), local: local, readOnly: readOnly, environment: environment)
    }
}
