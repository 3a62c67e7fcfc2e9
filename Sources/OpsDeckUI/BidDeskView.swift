import OpsDeckCore

/// The bid desk on screen: the plans with their budget pace, then the keyword table, pending
/// changes marked Δ old → new until they are posted. Only the visible page is drawn, so ten
/// thousand keywords cost no more per key than fifty.
extension View {
    static func desk(_ s: AppState, _ d: BidDeskState, _ b: inout ScreenBuffer, _ r: Rect) {
        let l = s.lang
        let pendingCount = d.book.pending.count
        let title = l("Bid desk", "出价台") + " · \(d.visible.count)/\(d.rows.count) " + l("keywords", "关键词")
            + " · " + l("\(pendingCount) pending", "待提交 \(pendingCount)")
            + (d.marked.isEmpty ? "" : " · " + l("\(d.marked.count) marked", "已标记 \(d.marked.count)"))
            + (d.filter.isEmpty ? "" : " · /" + d.filter)
        b.box(r, title: title)
        var y = r.y + 1
        let inner = r.width - 2
        // Plans: spend so far against the budget, and when this pace takes them offline.
        for c in s.data.campaigns where y < r.y + 5 {
            let pace = d.paces[c.campaignID]
            let spent = pace?.spentToday ?? 0
            let budget = d.budget(campaign: c.campaignID)
            var line = "\(c.name ?? c.campaignID)  " + Fmt.money(spent) + " / " + (budget.map { Fmt.money($0) } ?? l("no limit", "不限"))
            var role = Role.text
            if d.book.pending[.init(.campaign, c.campaignID, .dailyBudget)] != nil { line += "  Δ" }
            if d.book.pending[.init(.campaign, c.campaignID, .schedule)] != nil { line += "  Δ " + l("time-of-day", "分时") }
            if let off = BidDesk.projectedOffline(pace, campaign: c, budget: budget, at: s.now) {
                line += "  " + l("offline ≈ \(off.clockString) at this pace", "按当前速度约 \(off.clockString) 下线"); role = .warn
            }
            b.put(line, x: r.x + 1, y: y, maxWidth: inner, style: Style(role))
            y += 1
        }
        // The table.
        // Sized to fit 120 columns whole; from 170 columns the item, match type, impressions,
        // today's orders and the rest of the 7-day figures join in. Spare width goes to the
        // keyword and plan names, by how much of them would be cut.
        typealias Col = BidDeskState.Column
        let wide = inner >= 168
        let layout: [(Col?, String, Int, Bool)] = [
            (nil, " ", 2, false), (.word, l("Keyword", "关键词"), 12, false), (.plan, l("Plan", "计划"), 10, false)]
            + (wide ? [(.item, l("Item", "商品"), 12, false), (.match, l("Match", "匹配"), 5, false)] : [])
            + [(.bid, l("Bid", "出价"), 13, true), (.effective, l("Now", "当前"), 6, true), (.mobile, l("Mobile", "移动"), 6, true),
               (.qscore, "QS", 2, true), (.rank, l("Rank", "排名"), 5, false)]
            + (wide ? [(.impressions, l("Impr", "展现"), 5, true)] : [])
            + [(.clicks, l("Clk", "点击"), 4, true), (.ctr, "CTR", 5, true), (.cpc, "CPC", 6, true), (.cost, l("Cost", "花费"), 7, true)]
            // Today's orders only where there is room: the effective bid matters more at 120.
            + (wide ? [(.orders, l("Ord", "成交"), 3, true)] : [])
            + [(.roi, "ROI", 5, true)]
            + (wide ? [(.impressions7, l("7d impr", "7日展现"), 7, true)] : [])
            + [(.clicks7, l("7d clk", "7日点击"), 6, true)]
            + (wide ? [(.ctr7, l("7d CTR", "7日CTR"), 6, true), (.cpc7, l("7d CPC", "7日CPC"), 6, true)] : [])
            + [(.cost7, l("7d cost", "7日花费"), 8, true)]
            + (wide ? [(.orders7, l("7d ord", "7日成交"), 6, true)] : [])
            + [(.roi7, l("7d ROI", "7日ROI"), 6, true)]
        // The keyword and plan names share the spare width by how much of them would be cut.
        let content: [Int?] = layout.map { $0.0 == .word ? d.wordWidth : $0.0 == .plan ? d.planWidth : nil }
        let table = Table(layout.map { PaneContent.Column($0.1, $0.2, right: $0.3) }, x: r.x + 1, width: inner, content: content)
        table.header(&b, y: y, style: Style(.muted, bold: true),
                     sorted: layout.firstIndex(where: { $0.0 == d.sort }).map { (column: $0, descending: d.descending) })
        y += 1
        let rules = BidRules(s.data.profile.bids)
        func cell(_ c: Col?, _ i: Int, _ k: BidRow, _ pending: BidBook.Pending?, _ state: BidCheck.State?) -> String {
            // Δ a change that will post, ! one with a warning, ≠ a conflict, ✗ an error.
            guard let c else { return (d.marked.contains(i) ? "●" : " ") + (state?.mark ?? (pending != nil ? "Δ" : " ")) }
            switch c {
            case .word: return k.keyword.word
            case .plan: return k.campaignName
            case .item: return k.keyword.itemID ?? "—"
            case .match: return k.keyword.matchScope.map { $0 == .exact ? l("exact", "精确") : l("broad", "广泛") } ?? "—"
            case .bid: return pending.map { "Δ " + short($0.old) + "→" + short($0.new) } ?? short(k.keyword.bid)
            // What the bid costs at most this minute: × the plan's time-of-day discount.
            case .effective: return short(BidDesk.effectiveBid(d.bid(i), schedule: d.schedule(campaign: k.keyword.campaignID), at: s.now))
            case .mobile: return short(d.mobile(i))
            case .qscore: return k.keyword.qscore.map(String.init) ?? "—"
            case .rank: return k.keyword.rank ?? "—"
            case .impressions: return "\(k.today.impressions)"
            case .clicks: return "\(k.today.clicks)"
            case .ctr: return Fmt.percent(k.today.ctr)
            case .cpc: return Fmt.money(k.today.cpc)
            case .cost: return Fmt.money(k.today.cost)
            case .orders: return "\(k.today.orders)"
            case .roi: return Fmt.ratio(k.today.roi)
            case .impressions7: return "\(k.week.impressions)"
            case .clicks7: return "\(k.week.clicks)"
            case .ctr7: return Fmt.percent(k.week.ctr)
            case .cpc7: return Fmt.money(k.week.cpc)
            case .cost7: return Fmt.money(k.week.cost)
            case .orders7: return "\(k.week.orders)"
            case .roi7: return Fmt.ratio(k.week.roi)
            }
        }
        let page = max(1, r.y + r.height - 1 - y)
        let top = ListState.top(selected: d.cursor, count: d.visible.count, page: page)
        var lastPlan: String? = top > 0 && d.grouped ? d.rows[d.visible[top - 1]].keyword.campaignID : nil
        var drawn = 0
        var index = top
        while drawn < page, index < d.visible.count {
            let i = d.visible[index]
            let k = d.rows[i]
            if d.grouped, k.keyword.campaignID != lastPlan {
                lastPlan = k.keyword.campaignID
                let members = d.visible.filter { d.rows[$0].keyword.campaignID == k.keyword.campaignID }
                let cost = members.reduce(Int64(0)) { $0 + d.rows[$1].today.cost }, rev = members.reduce(Int64(0)) { $0 + d.rows[$1].today.revenue }
                let clicks = members.reduce(Int64(0)) { $0 + d.rows[$1].today.clicks }
                b.put("▸ \(k.campaignName) · \(members.count) " + l("keywords", "词") + " · " + l("clicks", "点击") + " \(clicks) · "
                      + l("cost", "花费") + " " + Fmt.money(cost) + " · ROI " + Fmt.ratio(Formula.roi(revenue: rev, cost: cost)),
                      x: r.x + 1, y: y + drawn, maxWidth: inner, style: Style(.accent, bold: true))
                drawn += 1
                if drawn >= page { break }
            }
            let pending = d.book.pending[d.key(i)]
            let state = d.check(d.key(i), rules: rules, now: s.now) ?? d.check(d.key(i, .mobileBid), rules: rules, now: s.now)
            let cells = layout.map { cell($0.0, i, k, pending, state) }
            let selected = index == d.cursor
            let stateRole: Role? = switch state {
            case .error?, .conflict?: .bad
            case .warning?, .awaitingApproval?: .warn
            case .ok?: .accent
            case nil: nil
            }
            let role: Role = selected ? .selection : stateRole ?? ((k.week.roi.map { $0 < rules.guardrails.breakEvenROI(item: k.keyword.itemID) } ?? false) ? .warn : .text)
            if selected { b.fill(Rect(x: r.x + 1, y: y + drawn, width: inner, height: 1), style: Style(.selection)) }
            table.row(&b, cells, y: y + drawn, style: Style(role, bold: pending != nil))
            drawn += 1
            index += 1
        }
        if d.visible.isEmpty {
            b.put(l("no keyword matches", "没有匹配的关键词"), x: r.x + 2, y: y, style: Style(.muted))
        }
        if index < d.visible.count { b.put("↓", x: r.x + r.width - 2, y: r.y + r.height - 2, style: Style(.muted)) }
    }

    static func short(_ fen: Int64?) -> String { fen.map { Money.format($0) } ?? "—" }

    /// The row's last posted bid change and whether the reports show it applied.
    static func lastPosted(_ s: AppState, _ d: BidDeskState, _ i: Int) -> String {
        let key = d.key(i)
        guard let (c, state) = d.book.history.last(where: { h in
            if case .posted = h.state { return h.change.entityID == key.id && h.change.field == key.field && h.change.entity == key.entity }
            return false
        }), case .posted(let batch) = state else { return "—" }
        let proof = c.id.flatMap { PostProof.states(d.book.history, data: s.data)[$0] }
        return short(c.oldFen) + " → " + short(c.newFen) + " · " + (PostProof.postedAt(batch)?.minuteString ?? batch ?? "")
            + " · " + (proof?.words ?? "—")
    }

    /// A pending change's check in words: what the post will do with it.
    static func checkWords(_ s: AppState, _ state: BidCheck.State?) -> String {
        let l = s.lang
        switch state {
        case nil: return "—"
        case .ok?: return l("ok: posts with the next P", "通过：下次 P 提交")
        case .warning(let w)?: return l("warning, posts when confirmed: ", "警告，确认后提交：") + w.joined(separator: "; ")
        case .conflict(let report)?:
            return l("conflict: the report now shows \(short(report)) — K keeps yours, T takes the report's",
                     "冲突：报表现为 \(short(report)) —— K 保留你的，T 采用报表的")
        case .error(let why)?: return l("error, will not post: ", "错误，不会提交：") + why
        case .awaitingApproval?: return l("waiting for the shift lead's approval (larger than require_approval_over)", "等待组长审批（超过 require_approval_over）")
        }
    }

    /// The question before a large change or a post.
    static func confirmation(_ s: AppState, _ c: Confirmation, _ b: inout ScreenBuffer) {
        let l = s.lang
        let r = overlayRect(s, min(c.lines.count, s.height - 8) + 3, width: 96)
        b.fill(r)
        b.box(r, title: c.title)
        var y = r.y + 1
        for line in c.lines where y < r.y + r.height - 2 {
            b.put(line, x: r.x + 2, y: y, maxWidth: r.width - 4, style: Style(line.hasPrefix("✗") ? .bad : .text))
            y += 1
        }
        b.put(l("y: go ahead · any other key: cancel", "y：确认 · 其他键：取消"), x: r.x + 2, y: r.y + r.height - 2, maxWidth: r.width - 4, style: Style(.accent, bold: true))
    }

    /// Enter on a row: every field, the pending change and why, and what `r` would do.
    static func deskDetail(_ s: AppState, _ d: BidDeskState, _ b: inout ScreenBuffer) {
        guard let i = d.selected else { return }
        let l = s.lang, row = d.rows[i], k = row.keyword
        let p = d.book.pending[d.key(i)]
        let suggestion = d.bid(i).flatMap { BidDesk.suggestion(row, bid: $0, targetROI: s.data.profile.targets.roi, rules: BidRules(s.data.profile.bids)) }
        func stats(_ x: BidRow.Stats) -> String {
            "\(x.impressions) " + l("impr", "展现") + " · \(x.clicks) " + l("clicks", "点击") + " · CTR " + Fmt.percent(x.ctr) + " · CPC " + Fmt.money(x.cpc)
                + " · " + l("cost", "花费") + " " + Fmt.money(x.cost) + " · \(x.orders) " + l("orders", "成交") + " · ROI " + Fmt.ratio(x.roi)
        }
        let lines: [(String, String)] = [
            (l("Keyword", "关键词"), "\(k.word)  (\(k.keywordID))"),
            (l("Plan", "计划"), "\(row.campaignName)  (\(k.campaignID)) · " + l("budget", "日限额") + " " + (d.budget(campaign: k.campaignID).map { Money.format($0) } ?? l("none", "不限"))),
            (l("Item", "商品"), k.itemID ?? "—"),
            (l("Match", "匹配"), k.matchScope.map { $0 == .exact ? l("exact", "精确") : l("broad", "广泛") } ?? "—"),
            (l("Bid", "出价"), short(d.bid(i)) + " · " + l("mobile", "移动") + " " + short(d.mobile(i)) + " · QS " + (k.qscore.map(String.init) ?? "—") + " · " + l("rank", "排名") + " " + (k.rank ?? "—")),
            (l("Pending", "待提交"), p.map { short($0.old) + " → " + short($0.new) + ($0.reason.map { " — " + $0 } ?? "") } ?? "—"),
            (l("Check", "检查"), checkWords(s, d.check(d.key(i), rules: BidRules(s.data.profile.bids), now: s.now))
                + (d.book.approval(d.key(i)).map { a in a.approved ? l(" · approved by \(a.by) \(a.at.clockString)", " · \(a.by) \(a.at.clockString) 已批准") : "" } ?? "")),
            (l("Posted", "已提交"), lastPosted(s, d, i)),
            (l("Today", "今日"), stats(row.today)),
            (l("7 days", "近7天"), stats(row.week)),
            (l("r would", "建议"), suggestion.map { short($0.bid) + " — " + $0.reason }
                ?? l("no rule applies: ", "没有适用的规则：") + BidDesk.noSuggestion(row, targetROI: s.data.profile.targets.roi, rules: BidRules(s.data.profile.bids))),
        ]
        let r = overlayRect(s, lines.count, width: 110)
        b.fill(r)
        b.box(r, title: k.word)
        for (n, (label, value)) in lines.enumerated() where r.y + 1 + n < r.y + r.height - 1 {
            b.putPadded(label, x: r.x + 2, y: r.y + 1 + n, width: 10, style: Style(.muted))
            b.put(value, x: r.x + 13, y: r.y + 1 + n, maxWidth: r.width - 15, style: Style(.text))
        }
    }
}
