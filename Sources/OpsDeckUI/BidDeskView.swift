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
            if let off = BidDesk.projectedOffline(pace, campaign: c, budget: budget, at: s.now) {
                line += "  " + l("offline ≈ \(off.clockString) at this pace", "按当前速度约 \(off.clockString) 下线"); role = .warn
            }
            b.put(line, x: r.x + 1, y: y, maxWidth: inner, style: Style(role))
            y += 1
        }
        // The table.
        // Sized to fit 120 columns whole; a wider terminal gives the room to the keyword.
        let cols: [PaneContent.Column] = [
            .init(" ", 2), .init(l("Keyword", "关键词"), 12), .init(l("Plan", "计划"), 10), .init(l("Bid", "出价"), 14, right: true),
            .init(l("Mobile", "移动"), 6, right: true), .init("QS", 2, right: true), .init(l("Rank", "排名"), 5),
            .init(l("Clk", "点击"), 4, right: true), .init("CTR", 5, right: true), .init("CPC", 6, right: true),
            .init(l("Cost", "花费"), 7, right: true), .init(l("Ord", "成交"), 3, right: true), .init("ROI", 5, right: true),
            .init(l("7d clk", "7日点击"), 6, right: true), .init(l("7d cost", "7日花费"), 9, right: true), .init(l("7d ROI", "7日ROI"), 6, right: true),
        ]
        let widths = fitColumns(cols, width: inner)
        func row(_ cells: [String], _ style: Style, _ y: Int) {
            var x = r.x + 1
            for (i, c) in cells.enumerated() where i < widths.count {
                b.putPadded(c, x: x, y: y, width: widths[i], style: style, alignRight: cols[i].right)
                x += widths[i] + 1
            }
        }
        let sortMark = d.descending ? "▼" : "▲"
        var head = cols.map(\.title)
        head[d.sort.rawValue + 1] += sortMark     // the table's columns follow the sort columns
        row(head, Style(.muted, bold: true), y)
        y += 1
        let page = max(1, r.y + r.height - 1 - y)
        let top = max(0, min(d.cursor - page / 2, d.visible.count - page))
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
            let bidText: String
            if let p = pending { bidText = "Δ " + short(p.old) + "→" + short(p.new) } else { bidText = short(k.keyword.bid) }
            let mark = (d.marked.contains(i) ? "●" : " ") + (pending != nil ? "Δ" : " ")
            let cells = [mark, k.keyword.word, k.campaignName, bidText, short(d.mobile(i)), k.keyword.qscore.map(String.init) ?? "—",
                         k.keyword.rank ?? "—", "\(k.today.clicks)", Fmt.percent(k.today.ctr), Fmt.money(k.today.cpc), Fmt.money(k.today.cost),
                         "\(k.today.orders)", Fmt.ratio(k.today.roi), "\(k.week.clicks)", Fmt.money(k.week.cost), Fmt.ratio(k.week.roi)]
            let selected = index == d.cursor
            let role: Role = selected ? .selection : pending != nil ? .accent : (k.week.roi.map { $0 < 1 } ?? false) ? .warn : .text
            if selected { b.fill(Rect(x: r.x + 1, y: y + drawn, width: inner, height: 1), style: Style(.selection)) }
            row(cells, Style(role, bold: pending != nil), y + drawn)
            drawn += 1
            index += 1
        }
        if d.visible.isEmpty {
            b.put(l("no keyword matches", "没有匹配的关键词"), x: r.x + 2, y: y, style: Style(.muted))
        }
        if index < d.visible.count { b.put("↓", x: r.x + r.width - 2, y: r.y + r.height - 2, style: Style(.muted)) }
    }

    static func short(_ fen: Int64?) -> String { fen.map { Money.format($0) } ?? "—" }

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
}
