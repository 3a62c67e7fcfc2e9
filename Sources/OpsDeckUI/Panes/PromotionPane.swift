import OpsDeckCore

/// The Promotion pane (11:00 and 16:30): balances, plans and their budgets, keywords by ROI, affiliates. Read-only: the bid desk edits.
extension Panes {
    static func promotion(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now
        var c = PaneContent()
        for a in s.data.adAccounts {
            c.notes.append((l("\(a.channel == .throughTrain ? "Through-train" : "Display") balance \(Fmt.money(a.balance))",
                              "\(a.channel == .throughTrain ? "直通车" : "引力魔方")余额 \(Fmt.money(a.balance))"), (a.balance ?? 0) < s.data.profile.thresholds.lowBalance ? .warn : .text))
        }
        let yesterday = now.date.adding(days: -1)
        c.sections.append(.init(l("Plans", "推广计划"), [Col(l("Plan", "计划"), 16), Col(l("Spent", "花费"), 10, right: true), Col(l("Budget", "日限额"), 9, right: true),
                                                       Col(l("Used", "消耗"), 7, right: true), Col(l("Went offline", "下线"), 24)],
                                s.kpi.campaigns.map { k in
                                    let camp = s.data.campaigns.first { $0.campaignID == k.campaignID }
                                    let off = camp?.offlineAt.flatMap { t -> String? in
                                        t.date == yesterday || t.date == now.date ? "\(t.date == yesterday ? l("yesterday", "昨天") : l("today", "今天")) \(t.clockString) (\(camp?.offlineReason == .balance ? l("balance", "余额不足") : l("budget", "超日限额")))" : nil } ?? ""
                                    let early = camp?.offlineAt.map { $0.date == yesterday && $0.hour < s.data.profile.thresholds.earlyOfflineBeforeHour } ?? false
                                    return Row([k.name ?? k.campaignID, Fmt.money(k.cost), Fmt.money(k.dailyBudget), Fmt.percent(k.budgetUsed, places: 0), off],
                                               role: early || (k.budgetUsed ?? 0) > s.data.profile.thresholds.budgetWarn ? .warn : .text, keys: [nil, k.cost.map(Double.init), k.dailyBudget.map(Double.init), k.budgetUsed, nil])
                                }, empty: l("no plans", "无计划")))
        let words = Dictionary(uniqueKeysWithValues: s.data.keywords.map { ($0.keywordID, $0) })
        let kws = s.kpi.keywords.filter { ($0.cost ?? 0) > 0 }.sorted { ($0.roi ?? -1) > ($1.roi ?? -1) }
        func kwRow(_ k: KPISnapshot.KeywordKPI) -> Row {
            let w = words[k.keywordID]
            let target = s.data.profile.targets.roi ?? 1
            return Row([w?.word ?? k.keywordID, Fmt.money(w?.bid), w?.rank ?? "—", Fmt.count(k.clicks), Fmt.percent(k.ctr, places: 2), Fmt.money(k.cpc), Fmt.money(k.cost), Fmt.ratio(k.roi)],
                       role: (k.roi ?? 0) >= target ? .good : (k.roi ?? 0) < 1 ? .bad : .text,
                       keys: [nil, w?.bid.map(Double.init), nil, k.clicks.map(Double.init), k.ctr, k.cpc.map(Double.init), k.cost.map(Double.init), k.roi])
        }
        let cols = [Col(l("Keyword", "关键词"), 14), Col(l("Bid", "出价"), 7, right: true), Col(l("Rank", "排名"), 5), Col(l("Clicks", "点击"), 6, right: true),
                    Col("CTR", 6, right: true), Col("CPC", 7, right: true), Col(l("Cost", "花费"), 9, right: true), Col("ROI", 6, right: true)]
        c.sections.append(.init(l("Top keywords by ROI today", "今日ROI最高的关键词"), cols, kws.prefix(5).map(kwRow), empty: l("no spend today yet", "今日尚无花费")))
        c.sections.append(.init(l("Bottom keywords by ROI today", "今日ROI最低的关键词"), cols, kws.reversed().prefix(5).map(kwRow), empty: l("no spend today yet", "今日尚无花费")))
        let lastDay = s.data.affiliateDays.map(\.date).filter { $0 <= now.date }.max()
        c.sections.append(.init(l("Taobaoke affiliates", "淘宝客"), [Col(l("Affiliate", "淘宝客"), 14), Col(l("Rate", "佣金率"), 7, right: true), Col(l("Orders", "笔数"), 6, right: true),
                                                                    Col(l("Revenue", "付款金额"), 11, right: true), Col(l("Commission", "佣金"), 10, right: true)],
                                s.data.affiliateDays.filter { $0.date == lastDay }.map { Row([$0.affiliate, Fmt.percent($0.commissionRate, places: 0), Fmt.count($0.orders), Fmt.money($0.revenue), Fmt.money($0.commission)],
                                                                                             keys: [nil, $0.commissionRate, $0.orders.map(Double.init), $0.revenue.map(Double.init), $0.commission.map(Double.init)]) },
                                empty: l("no affiliate data", "暂无淘宝客数据")))
        c.notes.append((l("Bids are read-only here; the bid desk edits them.", "此处出价只读；调价请用出价台。"), .muted))
        return c
    }
}
