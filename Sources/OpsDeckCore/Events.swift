/// What the operator does, as events. Events are appended, never rewritten; the current
/// state (what is ticked, which bid changes are pending) is derived by folding them.

public struct ChecklistEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case tick, untick, skip, note }
    public var id: Int64?
    public var day: LocalDate
    public var at: LocalTime
    public var operatorName: String
    public var block: String
    public var task: String          // empty for a note on the block or the day
    public var kind: Kind
    public var text: String?         // the reason of a skip, the body of a note

    public init(id: Int64? = nil, day: LocalDate, at: LocalTime, operatorName: String, block: String, task: String,
                kind: Kind, text: String? = nil) {
        self.id = id; self.day = day; self.at = at; self.operatorName = operatorName; self.block = block
        self.task = task; self.kind = kind; self.text = text
    }
}

public struct TaskKey: Hashable, Sendable {
    public var block: String
    public var task: String
    public init(block: String, task: String) { self.block = block; self.task = task }
}

/// The state of one check, derived from its events.
public struct TaskState: Sendable, Equatable {
    public enum Status: Sendable, Equatable { case open, done, skipped(reason: String?) }
    public var status: Status = .open
    /// When and by whom the current status was set.
    public var at: LocalTime?
    public var operatorName: String?
    public var notes: [ChecklistEvent] = []
    public init() {}
}

public enum Checklist {
    /// Folds a day's events (in the order they were saved) into each check's state.
    public static func fold(_ events: [ChecklistEvent]) -> [TaskKey: TaskState] {
        var states: [TaskKey: TaskState] = [:]
        for e in events {
            let key = TaskKey(block: e.block, task: e.task)
            var s = states[key] ?? TaskState()
            switch e.kind {
            case .tick: s.status = .done; s.at = e.at; s.operatorName = e.operatorName
            case .untick: s.status = .open; s.at = nil; s.operatorName = nil
            case .skip: s.status = .skipped(reason: e.text); s.at = e.at; s.operatorName = e.operatorName
            case .note: s.notes.append(e)
            }
            states[key] = s
        }
        return states
    }
}

/// A change to a bid or a budget, and what later happened to it.
public struct BidEvent: Sendable, Equatable {
    /// `approve` and `reject`: the shift lead's word on a change that needs approval
    /// (`require_approval_over`), with who and when; a rejection carries its reason.
    public enum Kind: String, Sendable, CaseIterable { case change, undo, redo, revert, post, note, approve, reject }
    public enum Entity: String, Sendable { case keyword, campaign }
    public enum Field: String, Sendable { case bid, mobileBid = "mobile_bid", dailyBudget = "daily_budget", schedule }

    public var id: Int64?
    public var day: LocalDate
    public var at: LocalTime
    public var operatorName: String
    public var kind: Kind
    /// For undo, redo, revert and post: the change event this acts on.
    public var changeID: Int64?
    public var entity: Entity?
    public var entityID: String?
    public var field: Field?
    public var oldFen: Int64?        // nil = no limit (a budget) or not known
    public var newFen: Int64?
    public var reason: String?
    public var batch: String?        // the outbox file a post went to
    /// Changes made by one key press (a bulk edit) share a step: undo and redo take it whole.
    public var step: String?
    /// A schedule's values (`HH:MM-HH:MM:pct,…`): the field whose values are not money.
    public var oldText: String?
    public var newText: String?

    public init(id: Int64? = nil, day: LocalDate, at: LocalTime, operatorName: String, kind: Kind, changeID: Int64? = nil,
                entity: Entity? = nil, entityID: String? = nil, field: Field? = nil, oldFen: Int64? = nil, newFen: Int64? = nil,
                reason: String? = nil, batch: String? = nil, step: String? = nil, oldText: String? = nil, newText: String? = nil) {
        self.id = id; self.day = day; self.at = at; self.operatorName = operatorName; self.kind = kind
        self.changeID = changeID; self.entity = entity; self.entityID = entityID; self.field = field
        self.oldFen = oldFen; self.newFen = newFen; self.reason = reason; self.batch = batch; self.step = step
        self.oldText = oldText; self.newText = newText
    }
}

public enum BidLedger {
    public enum ChangeState: Sendable, Equatable { case pending, undone, reverted, posted(batch: String?) }

    /// The state of every change, from the journal in the order it was saved.
    public static func fold(_ events: [BidEvent]) -> [(change: BidEvent, state: ChangeState)] {
        var order: [Int64] = []
        var changes: [Int64: BidEvent] = [:]
        var states: [Int64: ChangeState] = [:]
        for e in events {
            switch e.kind {
            case .change:
                guard let id = e.id else { continue }
                order.append(id); changes[id] = e; states[id] = .pending
            case .undo: if let c = e.changeID, states[c] == .pending { states[c] = .undone }
            case .redo: if let c = e.changeID, states[c] == .undone { states[c] = .pending }
            case .revert: if let c = e.changeID, states[c] == .pending { states[c] = .reverted }
            case .post: if let c = e.changeID, states[c] == .pending { states[c] = .posted(batch: e.batch) }
            case .note: if let c = e.changeID, var ch = changes[c] { ch.reason = e.reason; changes[c] = ch }
            case .approve, .reject: break
            }
        }
        return order.map { (changes[$0]!, states[$0]!) }
    }

    /// Pending changes only.
    public static func pending(_ events: [BidEvent]) -> [BidEvent] {
        fold(events).filter { $0.state == .pending }.map(\.change)
    }
}
