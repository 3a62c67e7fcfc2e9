/// The bid desk's state, folded from the bid journal: what is pending on each keyword and
/// campaign, and which steps undo and redo would take.
///
/// Several pending changes to one value stack (¥1.00 → ¥1.05 → ¥1.10): the value to post is
/// the last; "old" is what it was before the first. Undo takes back the operator's last step
/// still pending, whole (a bulk edit is one step); redo puts back the last step undone, until
/// a new change is made.
public struct BidBook: Sendable, Equatable {
    public struct Key: Hashable, Sendable {
        public var entity: BidEvent.Entity
        public var id: String
        public var field: BidEvent.Field
        public init(_ entity: BidEvent.Entity, _ id: String, _ field: BidEvent.Field) { self.entity = entity; self.id = id; self.field = field }
    }

    public struct Pending: Sendable, Equatable {
        public var old: Int64?
        public var new: Int64?
        /// A schedule's values (for `.schedule`; the money fields are nil then).
        public var oldText: String? = nil
        public var newText: String? = nil
        /// The pending change events behind it, oldest first.
        public var changeIDs: [Int64]
        public var reason: String?
    }

    public private(set) var pending: [Key: Pending] = [:]
    public private(set) var undoSteps: [String] = []
    public private(set) var redoSteps: [String] = []
    /// Change ids of each step, in the order they were made.
    public private(set) var stepChanges: [String: [Int64]] = [:]
    public private(set) var history: [(change: BidEvent, state: BidLedger.ChangeState)] = []
    /// The shift lead's word on a change, by change id (the last word counts).
    public struct Approval: Sendable, Equatable {
        public var approved: Bool
        public var by: String
        public var at: LocalTime
        public var reason: String?
    }
    public private(set) var approvals: [Int64: Approval] = [:]

    /// When each value was last changed by a change that has been posted (for the cooldown).
    public private(set) var lastPosted: [Key: LocalTime] = [:]

    public static func == (a: BidBook, b: BidBook) -> Bool {
        a.pending == b.pending && a.undoSteps == b.undoSteps && a.redoSteps == b.redoSteps && a.approvals == b.approvals
    }

    /// The lead's word on a pending stack: on its last change (a later change needs a new word).
    public func approval(_ key: Key) -> Approval? { pending[key]?.changeIDs.last.flatMap { approvals[$0] } }

    public init(_ events: [BidEvent] = []) {
        history = BidLedger.fold(events)
        var stepOf: [Int64: String] = [:]
        for e in events {
            switch e.kind {
            case .change:
                guard let id = e.id else { continue }
                let step = e.step ?? "change-\(id)"
                stepOf[id] = step
                if stepChanges[step] == nil { stepChanges[step] = []; undoSteps.append(step); redoSteps = [] }
                stepChanges[step]!.append(id)
            case .undo:
                if let c = e.changeID, let s = stepOf[c], let i = undoSteps.lastIndex(of: s) {
                    undoSteps.remove(at: i)
                    if redoSteps.last != s { redoSteps.append(s) }
                }
            case .redo:
                if let c = e.changeID, let s = stepOf[c], let i = redoSteps.lastIndex(of: s) {
                    redoSteps.remove(at: i)
                    if undoSteps.last != s { undoSteps.append(s) }
                }
            case .approve, .reject:
                if let c = e.changeID { approvals[c] = Approval(approved: e.kind == .approve, by: e.operatorName, at: e.at, reason: e.reason) }
            case .revert, .post, .note:
                break
            }
        }
        for (change, state) in history where state == .pending {
            guard let entity = change.entity, let id = change.entityID, let field = change.field, let cid = change.id else { continue }
            let key = Key(entity, id, field)
            if var p = pending[key] {
                p.new = change.newFen; p.newText = change.newText; p.changeIDs.append(cid); p.reason = change.reason ?? p.reason
                pending[key] = p
            } else {
                pending[key] = Pending(old: change.oldFen, new: change.newFen, oldText: change.oldText, newText: change.newText,
                                       changeIDs: [cid], reason: change.reason)
            }
        }
        for (change, state) in history {
            guard case .posted = state, let entity = change.entity, let id = change.entityID, let field = change.field else { continue }
            let key = Key(entity, id, field)
            if lastPosted[key].map({ $0 < change.at }) ?? true { lastPosted[key] = change.at }
        }
        // A stack that came back to where it started is nothing to post.
        for (k, p) in pending where p.old == p.new && p.oldText == p.newText { pending[k] = nil }
        // Steps with nothing pending left (reverted or posted) are not undone.
        let live = Set(history.filter { $0.state == .pending }.compactMap(\.change.id))
        undoSteps.removeAll { !(stepChanges[$0] ?? []).contains(where: live.contains) }
        let undone = Set(history.filter { $0.state == .undone }.compactMap(\.change.id))
        redoSteps.removeAll { !(stepChanges[$0] ?? []).contains(where: undone.contains) }
    }

    /// The value the desk shows: pending when there is one, else the report's.
    public func value(_ key: Key, current: Int64?) -> Int64? {
        pending[key].map(\.new) ?? current
    }

    /// The change events undo would take back (those of the last step still pending).
    public var undoTarget: [Int64] {
        guard let s = undoSteps.last else { return [] }
        let live = Set(history.filter { $0.state == .pending }.compactMap(\.change.id))
        return (stepChanges[s] ?? []).filter(live.contains)
    }

    /// The change events redo would put back.
    public var redoTarget: [Int64] {
        guard let s = redoSteps.last else { return [] }
        let undone = Set(history.filter { $0.state == .undone }.compactMap(\.change.id))
        return (stepChanges[s] ?? []).filter(undone.contains)
    }
}
