import OpsDeckCore

/// The shift lead's approvals, from the review (`A`): the pending changes larger than the
/// store's `require_approval_over`, with their numbers and reasons; `a` approves the selected
/// one, `x` rejects it with a reason. Each word is a bid event (who, when), so the operator's
/// desk shows approved / rejected / waiting at once. Nothing else in the review changes.
enum Approvals {
    struct Item {
        var key: BidBook.Key
        var pending: BidBook.Pending
        var approval: BidBook.Approval?
        var what: String
        var by: String?
    }

    static func items(_ s: AppState) -> [Item] {
        let book = BidBook(s.bidJournal)
        let g = s.data.profile.bids
        let words = Dictionary(s.data.keywords.map { ($0.keywordID, $0.word) }, uniquingKeysWith: { a, _ in a })
        let plans = Dictionary(s.data.campaigns.map { ($0.campaignID, $0.name ?? $0.campaignID) }, uniquingKeysWith: { a, _ in a })
        let by = Dictionary(book.history.compactMap { h in h.change.id.map { ($0, h.change.operatorName) } }, uniquingKeysWith: { a, _ in a })
        return book.pending.filter { g.needsApproval(old: $0.value.old, new: $0.value.new) }
            .sorted { ($0.key.entity.rawValue, $0.key.id, $0.key.field.rawValue) < ($1.key.entity.rawValue, $1.key.id, $1.key.field.rawValue) }
            .map { k, p in
                Item(key: k, pending: p, approval: book.approval(k),
                     what: (k.entity == .keyword ? words[k.id] : plans[k.id]).map { "\($0) (\(k.id))" } ?? k.id,
                     by: p.changeIDs.last.flatMap { by[$0] })
            }
    }

    static func open(_ s: inout AppState) -> [Effect] {
        s.mode = .approvals(0)
        return []
    }

    static func word(_ s: AppState, _ item: Item, approve: Bool, reason: String?) -> [Effect] {
        guard let change = item.pending.changeIDs.last else { return [] }
        return [.saveBids([BidEvent(day: s.day, at: s.now, operatorName: s.operatorName, kind: approve ? .approve : .reject,
                                    changeID: change, reason: reason)])]
    }

    static func key(_ s: inout AppState, _ k: Key) -> [Effect] {
        let list = items(s)
        switch s.mode {
        case .approvals(let cursor):
            let at = min(max(0, cursor), max(0, list.count - 1))
            switch k {
            case .escape, .char("q"), .char("A"): s.mode = .normal
            case .down, .char("j"): s.mode = .approvals(min(at + 1, max(0, list.count - 1)))
            case .up, .char("k"): s.mode = .approvals(max(0, at - 1))
            case .char("a"):
                guard list.indices.contains(at) else { return [] }
                s.say(.info, .bids, "approved \(list[at].what)", "已批准 \(list[at].what)")
                return word(s, list[at], approve: true, reason: nil)
            case .char("x"):
                guard list.indices.contains(at) else { return [] }
                s.mode = .approvalReason(at, "")
            default: break
            }
            return []
        case .approvalReason(let at, let text):
            switch k {
            case .escape: s.mode = .approvals(at)
            case .enter:
                let reason = App.trimmed(text)
                guard !reason.isEmpty else { s.say(.warning, .bids, "a rejection needs a reason", "驳回需要写原因"); return [] }
                s.mode = .approvals(at)
                guard list.indices.contains(at) else { return [] }
                s.say(.info, .bids, "rejected \(list[at].what)", "已驳回 \(list[at].what)")
                return word(s, list[at], approve: false, reason: reason)
            default: s.mode = .approvalReason(at, App.edit(text, k))
            }
            return []
        default:
            return []
        }
    }
}

extension View {
    static func approvals(_ s: AppState, _ b: inout ScreenBuffer) {
        let l = s.lang
        let list = Approvals.items(s)
        var cursor = 0, typing: String?
        switch s.mode {
        case .approvals(let c): cursor = c
        case .approvalReason(let c, let t): cursor = c; typing = t
        default: break
        }
        let r = overlayRect(s, max(3, list.count + 3), width: 110)
        b.fill(r)
        b.box(r, title: l("Approvals: changes over require_approval_over · a approve · x reject (with a reason) · Esc",
                          "审批：超过 require_approval_over 的修改 · a 批准 · x 驳回（写原因）· Esc"))
        var y = r.y + 1
        if list.isEmpty { b.put(l("nothing waits for approval", "没有待审批的修改"), x: r.x + 2, y: y, style: Style(.muted)) }
        for (i, item) in list.enumerated() where y < r.y + r.height - 2 {
            let p = item.pending
            let pct = (p.old.flatMap { o in p.new.map { n in o > 0 ? " (" + (n >= o ? "+" : "") + Fmt.percent(Double(n - o) / Double(o)) + ")" : "" } } ?? "")
            let state: (String, Role) = switch item.approval {
            case let a? where a.approved: (l("approved by \(a.by) \(a.at.clockString)", "\(a.by) \(a.at.clockString) 已批准"), .good)
            case let a?: (l("rejected by \(a.by): \(a.reason ?? "")", "\(a.by) 已驳回：\(a.reason ?? "")"), .bad)
            case nil: (l("waiting", "待审批"), .warn)
            }
            let line = "\(item.what) \(item.key.field.rawValue) \(short(p.old)) → \(short(p.new))\(pct)" + (item.by.map { " · " + $0 } ?? "")
                + (p.reason.map { " · “\($0)”" } ?? "") + " · " + state.0
            let selected = i == cursor
            if selected { b.fill(Rect(x: r.x + 1, y: y, width: r.width - 2, height: 1), style: Style(.selection)) }
            b.put(line, x: r.x + 2, y: y, maxWidth: r.width - 4, style: Style(selected ? .selection : state.1))
            y += 1
        }
        if let typing {
            b.put(l("reason for rejecting: ", "驳回原因：") + typing + "▏", x: r.x + 2, y: r.y + r.height - 2, maxWidth: r.width - 4, style: Style(.accent, bold: true))
        }
    }
}
