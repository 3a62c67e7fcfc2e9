import OpsDeckCore

/// The bid desk's commands and edits. Every edit is checked against the rules first: a
/// refused change is never journaled, and a large one asks before it is.
enum BidDeskCommands {
    typealias C = Registry

    static let onRow: @Sendable (AppState) -> String? = { s in s.desk?.selected == nil ? s.lang("no keyword selected", "未选中关键词") : nil }

    static let all: [Command] = [
        C.c("mark", [.char(" ")], "Space", "mark / unmark", "标记/取消", scope: .desk, disabled: onRow) { s in
            guard let i = s.desk?.selected else { return [] }
            if s.desk!.marked.remove(i) == nil { s.desk!.marked.insert(i) }
            App.moveDesk(&s, 1); return []
        },
        C.c("mark-all", [.char("*")], "*", "mark every row shown (the filter's)", "标记当前筛选的全部行", scope: .desk) { s in
            if let d = s.desk { s.desk!.marked = d.marked.count == d.visible.count ? [] : Set(d.visible) }
            return []
        },
        C.c("raise", [.char("+")], "+", "bid +1 step", "出价加一档", changes: true, footer: true, scope: .desk, disabled: onRow) { s in
            edit(&s, "+1 step") { d, i, r in d.bid(i).map { r.step($0, by: 1) } }
        },
        C.c("lower", [.char("-")], "-", "bid -1 step", "出价减一档", changes: true, scope: .desk, disabled: onRow) { s in
            edit(&s, "-1 step") { d, i, r in d.bid(i).map { r.step($0, by: -1) } }
        },
        C.c("raise-10", [.char("]")], "]", "bid +10%", "出价 +10%", changes: true, scope: .desk, disabled: onRow) { s in
            edit(&s, "+10%") { d, i, _ in d.bid(i).map { max(BidRules.scaled($0, percent: 10), $0 + 1) } }
        },
        C.c("lower-10", [.char("[")], "[", "bid -10%", "出价 -10%", changes: true, scope: .desk, disabled: onRow) { s in
            edit(&s, "-10%") { d, i, _ in d.bid(i).map { min(BidRules.scaled($0, percent: -10), $0 - 1) } }
        },
        C.c("set-bid", [.char("=")], "=", "type an exact bid (yuan)", "输入出价（元）", changes: true, scope: .desk, disabled: onRow) { s in
            s.mode = .deskInput(.exactBid, ""); return []
        },
        C.c("suggest", [.char("r")], "r", "suggested bid (the rule is shown)", "建议出价（显示依据）", changes: true, scope: .desk, disabled: onRow) { s in
            suggest(&s)
        },
        C.c("budget", [.char("b")], "b", "the plan's daily budget", "计划日限额", changes: true, scope: .desk, disabled: onRow) { s in
            s.mode = .deskInput(.budget, ""); return []
        },
        C.c("bid-note", [.char("n")], "n", "reason for the row's pending change", "给待提交的修改写原因", changes: true, scope: .desk,
            disabled: { s in
                guard let d = s.desk, let i = d.selected else { return s.lang("no keyword selected", "未选中关键词") }
                return d.book.pending[d.key(i)] == nil ? s.lang("no pending change on this row", "该行没有待提交的修改") : nil
            }) { s in s.mode = .deskInput(.note, ""); return [] },
        C.c("bid-undo", [.char("u")], "u", "undo", "撤销", changes: true, footer: true, scope: .desk,
            disabled: { s in s.desk?.book.undoTarget.isEmpty ?? true ? s.lang("nothing to undo", "没有可撤销的修改") : nil }) { s in
            journal(s.desk!.book.undoTarget.map { act(s, .undo, $0) })
        },
        C.c("bid-redo", [.ctrl("r")], "C-r", "redo", "重做", changes: true, scope: .desk,
            disabled: { s in s.desk?.book.redoTarget.isEmpty ?? true ? s.lang("nothing to redo", "没有可重做的修改") : nil }) { s in
            journal(s.desk!.book.redoTarget.map { act(s, .redo, $0) })
        },
        C.c("revert", [.char("R")], "R", "revert the rows' pending changes", "撤回所选行的待提交修改", changes: true, scope: .desk, disabled: onRow) { s in
            let d = s.desk!
            let ids = d.targets.flatMap { i in [d.key(i), d.key(i, .mobileBid)].flatMap { d.book.pending[$0]?.changeIDs ?? [] } }
            guard !ids.isEmpty else { s.say(.warning, .bids, "nothing pending on these rows", "这些行没有待提交的修改"); return [] }
            return journal(ids.map { act(s, .revert, $0) })
        },
        C.c("schedule", [.char("t")], "t", "the plan's time-of-day discounts (分时折扣)", "计划分时折扣", changes: true, scope: .desk, disabled: onRow) { s in
            ScheduleEditor.open(&s)
        },
        C.c("keep-mine", [.char("K")], "K", "conflict: keep your value against the report's new one", "冲突：保留你的值", changes: true, scope: .desk,
            disabled: { s in conflicts(s).isEmpty ? s.lang("no conflict on these rows", "这些行没有冲突") : nil }) { s in
            // Your value, now as a change from what the report shows: the old stack is
            // reverted and one change made against the report's value.
            let step = "step-\(s.now.seconds)-\(s.bidJournal.count)"
            var events: [BidEvent] = []
            for (k, p, report) in conflicts(s) {
                events += p.changeIDs.map { act(s, .revert, $0, reason: "kept against the report's \(View.short(report))") }
                let reportText = k.field == .schedule ? s.desk?.schedules[k.id] : nil
                events.append(BidEvent(day: s.day, at: s.now, operatorName: s.operatorName, kind: .change, entity: k.entity, entityID: k.id,
                                       field: k.field, oldFen: report, newFen: p.new, reason: p.reason, step: step,
                                       oldText: reportText, newText: p.newText))
            }
            return journal(events)
        },
        C.c("take-theirs", [.char("T")], "T", "conflict: take the report's value (drop yours)", "冲突：采用报表的值", changes: true, scope: .desk,
            disabled: { s in conflicts(s).isEmpty ? s.lang("no conflict on these rows", "这些行没有冲突") : nil }) { s in
            journal(conflicts(s).flatMap { k, p, report in p.changeIDs.map { act(s, .revert, $0, reason: "took the report's \(View.short(report))") } })
        },
        C.c("post", [.char("P")], "P", "post (check, confirm, outbox)", "提交（检查、确认、写入）", changes: true, footer: true,
            scope: .desk, disabled: { s in s.desk?.book.pending.isEmpty ?? true ? s.lang("nothing pending", "没有待提交的修改") : nil }) { s in
            preparePost(&s)
        },
        C.c("desk-down", [.down, .char("j")], "j/↓", "move down", "下移", scope: .desk) { s in App.moveDesk(&s, 1); return [] },
        C.c("desk-up", [.up, .char("k")], "k/↑", "move up", "上移", scope: .desk) { s in App.moveDesk(&s, -1); return [] },
        C.c("desk-page-down", [.pageDown, .ctrl("d")], "PgDn", "page down", "下一页", scope: .desk) { s in App.moveDesk(&s, 20); return [] },
        C.c("desk-page-up", [.pageUp, .ctrl("u")], "PgUp", "page up", "上一页", scope: .desk) { s in App.moveDesk(&s, -20); return [] },
        C.c("desk-top", [.home, .char("g")], "g", "first row", "第一行", scope: .desk) { s in App.moveDesk(&s, -1_000_000); return [] },
        C.c("desk-bottom", [.end, .char("G")], "G", "last row", "最后一行", scope: .desk) { s in App.moveDesk(&s, 1_000_000); return [] },
        C.c("desk-filter", [.char("/")], "/", "filter (text, or campaign:NAME)", "筛选（文字，或 campaign:计划名）", scope: .desk) { s in
            s.mode = .deskInput(.filter, s.desk?.filter ?? ""); return []
        },
        C.c("desk-sort", [.char("o")], "o", "sort by next column", "按下一列排序", scope: .desk) { s in
            let all = BidDeskState.Column.allCases
            s.desk!.sort = all[(s.desk!.sort.rawValue + 1) % all.count]; s.desk!.refresh(); return []
        },
        C.c("desk-sort-reverse", [.char("O")], "O", "reverse the sort", "反向排序", scope: .desk) { s in
            s.desk!.descending.toggle(); s.desk!.refresh(); return []
        },
        C.c("group", [.char("c")], "c", "group by plan with subtotals", "按计划分组小计", scope: .desk) { s in
            s.desk!.grouped.toggle(); s.desk!.refresh(); return []
        },
        C.c("desk-detail", [.enter], "Enter", "everything about the row (and the suggested bid's rule)", "该行全部信息（及建议出价依据）", scope: .desk, disabled: onRow) { s in
            s.mode = .detail; return []
        },
        C.c("close-desk", [.escape], "Esc", "back to the cockpit", "返回驾驶舱", footer: true, scope: .desk) { s in escape(&s) },
    ]

    static func rules(_ s: AppState) -> BidRules { BidRules(s.data.profile.bids) }

    /// Opens the desk on the current data and journal (on the selected keyword, if any).
    static func open(_ s: inout AppState) {
        var d = BidDeskState(rows: BidDesk.rows(s.data, at: s.now), book: BidBook(s.bidJournal), paces: BidDesk.planPaces(s.data, at: s.now))
        d.now = s.now
        d.refresh()
        s.desk = d
        s.mode = .normal
    }

    /// Esc: clears the marks first, then closes the desk.
    static func escape(_ s: inout AppState) -> [Effect] {
        if let d = s.desk, !d.marked.isEmpty { s.desk!.marked = []; return [] }
        s.desk = nil
        return []
    }

    static func act(_ s: AppState, _ kind: BidEvent.Kind, _ change: Int64, reason: String? = nil) -> BidEvent {
        BidEvent(day: s.day, at: s.now, operatorName: s.operatorName, kind: kind, changeID: change, reason: reason)
    }

    static func journal(_ events: [BidEvent]) -> [Effect] {
        events.isEmpty ? [] : [.saveBids(events)]
    }

    /// Applies `newBid` to the target rows: refused rows are named with the rule, the rest
    /// are one step (asked first when any of them moves more than confirm_change_over).
    static func edit(_ s: inout AppState, _ what: String, reasons: [Int: String] = [:], _ newBid: (BidDeskState, Int, BidRules) -> Int64?) -> [Effect] {
        guard let d = s.desk else { return [] }
        let r = rules(s)
        let step = "step-\(s.now.seconds)-\(s.bidJournal.count)"
        var events: [BidEvent] = [], refused: [String] = [], large = 0
        for i in d.targets {
            // A keyword whose bid the report does not give can still be set with `=`.
            let old = d.bid(i)
            guard let new = newBid(d, i, r), new != old else { continue }
            let k = d.rows[i].keyword
            if let why = r.refuseBid(new, budget: d.budget(campaign: k.campaignID)) {
                refused.append("\(k.word): \(why)"); continue
            }
            if r.needsConfirmation(old: old, new: new) { large += 1 }
            events.append(BidEvent(day: s.day, at: s.now, operatorName: s.operatorName, kind: .change, entity: .keyword, entityID: k.keywordID,
                                   field: .bid, oldFen: old, newFen: new, reason: reasons[i], step: step))
        }
        if !refused.isEmpty {
            let more = refused.count > 1
            s.say(.error, .bids, "refused " + refused.first! + (more ? " (+\(refused.count - 1) more)" : ""),
                  "拒绝 " + refused.first! + (more ? "（另有 \(refused.count - 1) 行）" : ""))
        }
        guard !events.isEmpty else { return [] }
        if large > 0 {
            let pct = Int(r.guardrails.confirmChangeOver * 100)
            s.mode = .confirm(Confirmation(
                title: s.lang("\(what): \(large) of \(events.count) changes move more than \(pct)%", "\(what)：\(events.count) 项中有 \(large) 项变动超过 \(pct)%"),
                lines: events.prefix(12).map { e in "\(word(s, e.entityID)): \(e.oldFen.map { Money.format($0) } ?? "unknown") → \(e.newFen.map { Money.format($0) } ?? "—")" },
                onYes: [.saveBids(events)]))
            return []
        }
        return [.saveBids(events)]
    }

    static func word(_ s: AppState, _ id: String?) -> String {
        s.desk?.rows.first { $0.keyword.keywordID == id }?.keyword.word ?? id ?? ""
    }

    static func suggest(_ s: inout AppState) -> [Effect] {
        guard let d = s.desk else { return [] }
        var reasons: [Int: String] = [:], bids: [Int: Int64] = [:]
        for i in d.targets {
            guard let bid = d.bid(i), let sug = BidDesk.suggestion(d.rows[i], bid: bid, targetROI: s.data.profile.targets.roi, rules: rules(s)) else { continue }
            reasons[i] = sug.reason; bids[i] = sug.bid
        }
        guard !bids.isEmpty else {
            let why = d.targets.first.map { BidDesk.noSuggestion(d.rows[$0], targetROI: s.data.profile.targets.roi, rules: rules(s)) } ?? ""
            s.say(.info, .bids, "no rule applies: " + why, "没有适用的规则：" + why)
            return []
        }
        let effects = edit(&s, s.lang("suggested", "建议出价"), reasons: reasons) { _, i, _ in bids[i] }
        if s.status == nil, let first = reasons.values.first { s.say(.info, .bids, first) }
        return effects
    }

    /// `=` and `b` typed values: yuan, as in the reports (`1.20`, `¥1.20`). A plain `120`
    /// is ¥120.00, which the rules refuse for a bid, so a slip cannot pass silently.
    static func submit(_ s: inout AppState, _ prompt: DeskPrompt, _ text: String) -> [Effect] {
        guard let d = s.desk else { return [] }
        switch prompt {
        case .filter:
            // Typing has already filtered; Enter only keeps it.
            if s.desk!.filter != text { s.desk!.filter = text; s.desk!.refresh() }
            return []
        case .note:
            guard let i = d.selected, let p = d.book.pending[d.key(i)], let last = p.changeIDs.last, !text.isEmpty else { return [] }
            return [.saveBids([act(s, .note, last, reason: text)])]
        case .exactBid:
            guard let fen = ValueParser.yuan(text) else {
                s.say(.error, .bids, "not an amount: \"\(text)\" (yuan, e.g. 1.20)", "不是金额：\"\(text)\"（单位元，如 1.20）"); return []
            }
            return edit(&s, s.lang("set \(Money.format(fen))", "设为 \(Money.format(fen))")) { _, _, _ in fen }
        case .budget:
            guard let i = d.selected else { return [] }
            let k = d.rows[i].keyword
            let new: Int64?
            if text.isEmpty || text.lowercased() == "none" || text == "无" { new = nil } else {
                guard let fen = ValueParser.yuan(text) else {
                    s.say(.error, .bids, "not an amount: \"\(text)\" (whole yuan, or none)", "不是金额：\"\(text)\"（整元，或 none）"); return []
                }
                new = fen
            }
            let old = d.budget(campaign: k.campaignID)
            guard new != old else { return [] }
            if let why = rules(s).refuseBudget(new) { s.say(.error, .bids, "refused: " + why, "拒绝：" + why); return [] }
            // Bids above the new budget would break the rules: say so rather than post them.
            if let new, let over = d.rows.indices.first(where: { d.rows[$0].keyword.campaignID == k.campaignID && (d.bid($0) ?? 0) > new }) {
                s.say(.error, .bids, "refused: \(d.rows[over].keyword.word) bids \(Money.format(d.bid(over)!)), above the new budget",
                      "拒绝：\(d.rows[over].keyword.word) 出价 \(Money.format(d.bid(over)!)) 高于新的日限额"); return []
            }
            let e = BidEvent(day: s.day, at: s.now, operatorName: s.operatorName, kind: .change, entity: .campaign, entityID: k.campaignID,
                             field: .dailyBudget, oldFen: old, newFen: new, step: "step-\(s.now.seconds)-\(s.bidJournal.count)")
            if rules(s).needsConfirmation(old: old, new: new) {
                s.mode = .confirm(Confirmation(title: s.lang("budget of \(d.rows[i].campaignName)", "\(d.rows[i].campaignName) 日限额"),
                                               lines: ["\(old.map { Money.format($0) } ?? "none") → \(new.map { Money.format($0) } ?? "none")"],
                                               onYes: [.saveBids([e])]))
                return []
            }
            return [.saveBids([e])]
        }
    }

    /// P: every pending change checked (`BidCheck`): errors and conflicts are held back and
    /// named, warnings are shown and post on `y` with the rest.
    static func preparePost(_ s: inout AppState) -> [Effect] {
        guard let d = s.desk else { return [] }
        let r = rules(s)
        let byID = Dictionary(d.rows.map { ($0.keyword.keywordID, $0) }, uniquingKeysWith: { a, _ in a })
        var items: [OutboxBatch.Item] = [], held: [String] = [], warned: [String] = []
        for (key, p) in d.book.pending.sorted(by: { ($0.key.entity.rawValue, $0.key.id, $0.key.field.rawValue) < ($1.key.entity.rawValue, $1.key.id, $1.key.field.rawValue) }) {
            let name = key.entity == .keyword ? byID[key.id]?.keyword.word ?? key.id : (d.rows.first { $0.keyword.campaignID == key.id }?.campaignName ?? key.id)
            switch d.check(key, rules: r, now: s.now) ?? .ok {
            case .error(let why): held.append("✗ \(name): \(why)"); continue
            case .conflict(let report):
                // What the change was made against, and what the report shows now.
                let file = key.entity == .keyword ? "keywords.csv" : "campaigns.csv"
                let (was, now) = key.field == .schedule ? (p.oldText ?? "none", d.schedules[key.id] ?? "none") : (View.short(p.old), View.short(report))
                held.append("≠ \(name) \(key.field.rawValue): " + s.lang("changed from \(was), \(file) now shows \(now) — K keeps yours, T takes the report's",
                                                                  "修改基于 \(was)，\(file) 现为 \(now) —— K 保留你的，T 采用报表的"))
                continue
            case .awaitingApproval:
                held.append("? \(name) \(key.field.rawValue) \(View.short(p.old)) → \(View.short(p.new)): " + s.lang("waiting for the shift lead's approval", "等待组长审批"))
                continue
            case .warning(let w): warned.append("! \(name): " + w.joined(separator: "; "))
            case .ok: break
            }
            switch key.entity {
            case .keyword:
                guard let row = byID[key.id] else { continue }
                let mobile = key.field == .bid ? d.book.value(.init(.keyword, key.id, .mobileBid), current: row.keyword.mobileBid) : nil
                items.append(.init(key: key, word: row.keyword.word, old: p.old, new: p.new, matchScope: row.keyword.matchScope?.rawValue,
                                   mobile: mobile, changeIDs: p.changeIDs, reason: p.reason))
            case .campaign:
                items.append(.init(key: key, word: name, old: p.old, new: p.new, changeIDs: p.changeIDs, reason: p.reason, text: p.newText))
            }
        }
        let batch = OutboxBatch(at: s.now, operatorName: s.operatorName, items: items)
        var lines = items.map { i in
            i.key.field == .schedule ? "✓ \(i.word ?? i.key.id) schedule: \(i.text ?? "")"
                : "✓ \(i.word ?? i.key.id) \(i.key.field.rawValue): \(i.old.map { Money.format($0) } ?? "none") → \(i.new.map { Money.format($0) } ?? "none")"
        }
        lines += warned + held
        guard !items.isEmpty else {
            s.say(.warning, .bids, "nothing can be posted: " + (held.first ?? ""), "没有可提交的修改：" + (held.first ?? "")); return []
        }
        let warn = warned.isEmpty ? "" : s.lang(", \(warned.count) with warnings: read them", "，\(warned.count) 项有警告：请看清")
        s.mode = .confirm(Confirmation(
            title: s.lang("post \(items.count) changes to outbox/\(batch.name).json (\(held.count) held back\(warn))",
                          "提交 \(items.count) 项到 outbox/\(batch.name).json（暂缓 \(held.count) 项\(warn)）"),
            lines: lines, onYes: [.post(batch)]))
        return []
    }

    /// The pending keys of the target rows (their bids and their plans' budgets) in conflict
    /// with the report.
    static func conflicts(_ s: AppState) -> [(BidBook.Key, BidBook.Pending, Int64?)] {
        guard let d = s.desk else { return [] }
        let r = rules(s)
        var keys: [BidBook.Key] = []
        for i in d.targets {
            let plan = d.rows[i].keyword.campaignID
            keys += [d.key(i), d.key(i, .mobileBid), .init(.campaign, plan, .dailyBudget), .init(.campaign, plan, .schedule)]
        }
        var seen = Set<BidBook.Key>(), out: [(BidBook.Key, BidBook.Pending, Int64?)] = []
        for k in keys where seen.insert(k).inserted {
            if case .conflict(let report)? = d.check(k, rules: r, now: s.now), let p = d.book.pending[k] { out.append((k, p, report)) }
        }
        return out
    }
}

extension App {
    static func moveDesk(_ s: inout AppState, _ d: Int) {
        guard let desk = s.desk else { return }
        s.desk!.list.move(d, count: desk.visible.count)
    }

    /// Keys while the desk asks for a value or a confirmation.
    static func deskKey(_ s: inout AppState, _ k: Key) -> [Effect] {
        switch s.mode {
        case .deskInput(let prompt, let text):
            switch k {
            case .escape:
                s.mode = .normal
                if prompt == .filter { s.desk?.filter = ""; s.desk?.refresh() }
                return []
            case .enter:
                s.mode = .normal
                return BidDeskCommands.submit(&s, prompt, trimmed(text))
            default:
                let t = edit(text, k)
                s.mode = .deskInput(prompt, t)
                if prompt == .filter { s.desk?.filter = t; s.desk?.refresh() }
                return []
            }
        case .confirm(let c):
            s.mode = .normal
            if k == .char("y") || k == .char("Y") { return c.onYes }
            s.say(.info, .bids, "cancelled", "已取消")
            return []
        default:
            return []
        }
    }
}
