import OpsDeckCore

/// Builds each pane's tables from the snapshot: the data needed to do the block's checks.
public enum Panes {
    public static func build(_ pane: Pane, _ s: AppState) -> PaneContent {
        switch pane {
        case .art: art(s)
        case .diagnosis: diagnosis(s)
        case .basics: basics(s)
        case .promotion: promotion(s)
        case .activities: activities(s)
        case .content: content(s)
        case .service: service(s)
        case .listings: listings(s)
        }
    }

    typealias Col = PaneContent.Column
    typealias Row = PaneContent.Row

    static func missing(_ s: AppState, _ file: DataFile, into c: inout PaneContent) -> Bool {
        let l = s.lang
        switch s.data.files[file.fileName]?.state {
        case .loaded?: return false
        case .unreadable(let why)?: c.notes.append((l("\(file.fileName) could not be read: ", "\(file.fileName) 无法读取：") + why, .bad))
        default: c.notes.append((l("no data yet — drop \(file.fileName) here", "暂无数据 — 请放入 \(file.fileName)"), .muted))
        }
        return true
    }

    static func art(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now
        var c = PaneContent()
        c.notes.append((l("Frame: store style, product tonality · Details: copy, typesetting, demo pictures",
                          "整体框架：店铺风格、产品调性 · 细节：文案、排版、演示图"), .muted))
        if missing(s, .artTasks, into: &c) { return c }
        let open = s.data.artTasks.filter { $0.status != .done }
        let ordered = open.sorted { ($0.dueAt ?? LocalTime(seconds: .max)) < ($1.dueAt ?? LocalTime(seconds: .max)) }
            + s.data.artTasks.filter { $0.status == .done }
        let rows = ordered.map { t -> Row in
            let overdue = t.status != .done && (t.dueAt.map { $0 < now } ?? false)
            let soon = t.status != .done && !overdue && (t.dueAt.map { $0.seconds - now.seconds < 4 * 3600 } ?? false)
            return Row([Fmt.dayTime(t.dueAt, today: now.date), Fmt.until(t.dueAt, from: now, l), status(t.status, l), t.kind?.rawValue ?? "—",
                        t.designer ?? "—", t.brief ?? ""], role: overdue ? .bad : soon ? .warn : t.status == .done ? .muted : .text,
                       keys: [t.dueAt.map { Double($0.seconds) }, nil, nil, nil, nil, nil])
        }
        c.sections.append(.init(l("Design tasks (overdue and due soon first)", "设计任务（逾期与即将到期在前）"),
                                [Col(l("Due", "截止"), 11), Col(l("When", "剩余"), 11), Col(l("Status", "状态"), 9),
                                 Col(l("Kind", "类型"), 11), Col(l("Designer", "美工"), 10), Col(l("Brief", "需求"), 40)], rows))
        return c
    }

    static func status(_ st: ArtStatus?, _ l: Lang) -> String {
        switch st {
        case .todo?: l("to do", "待办")
        case .inProgress?: l("doing", "进行中")
        case .review?: l("review", "待审核")
        case .done?: l("done", "已完成")
        case .rejected?: l("rejected", "已驳回")
        case nil: "—"
        }
    }

    static func diagnosis(_ s: AppState) -> PaneContent {
        let l = s.lang, d = s.day
        var c = PaneContent()
        if missing(s, .storeDaily, into: &c) { return c }
        findings(s, into: &c)
        let series = Series(s.data, through: d)
        // Yesterday is the last whole day: it is judged against the day before and its 7-day
        // average. Today so far is judged against yesterday at the same time.
        let y = d.adding(days: -1)
        let cut = Tiles.cut(s)
        let sameToday = SameTime.store(s.data.storeDays, on: d, cut: cut, dayInProgress: true)
        let sameYesterday = SameTime.store(s.data.storeDays, on: y, cut: cut, dayInProgress: false)
        func row(_ name: String, _ f: (StoreDay) -> Double?, same: ((SameTime.Store) -> Double?)? = nil, money: Bool = false, rate: Bool = false) -> Row {
            let yest = series.day(y).flatMap(f), before = series.day(y.adding(days: -1)).flatMap(f)
            let avg = series.average(f, days: (1...7).map { y.adding(days: -$0) })
            let today = series.day(d).flatMap(f)
            func show(_ v: Double?) -> String { rate ? Fmt.percent(v, places: 2) : money ? Fmt.money(v.map { Int64($0.rounded()) }) : Fmt.count(v.map { Int64($0.rounded()) }) }
            let dy = change(yest, before), da = change(yest, avg)
            let dt = same.flatMap { f in change(sameToday.flatMap(f), sameYesterday.flatMap(f)) }
            let role: Role = [dy, da, dt].compactMap { $0 }.contains { abs($0) >= 0.3 } ? .warn : .text
            return Row([name, show(yest), Fmt.percent(dy), Fmt.percent(da), show(today), Fmt.percent(dt)], role: role,
                       keys: [nil, yest, dy, da, today, dt])
        }
        c.sections.append(.init(l("Store: yesterday vs the day before and its 7-day average; today to \(cut.label) vs yesterday at \(cut.label)",
                                  "店铺：昨日对比前日与7日均值；今日截至 \(cut.label) 对比昨日同时段"),
                                [Col(l("Metric", "指标"), 12), Col(l("Yesterday", "昨日"), 11, right: true), Col(l("Δ day", "较前日"), 8, right: true),
                                 Col(l("Δ 7d avg", "较7日均"), 8, right: true), Col(l("Today", "今日"), 11, right: true), Col(l("Δ same time", "较同时段"), 11, right: true)], [
            row(l("UV", "访客数"), { $0.uv.map(Double.init) }, same: { $0.uv.map(Double.init) }),
            row(l("Paid buyers", "支付买家"), { $0.paidBuyers.map(Double.init) }, same: { $0.paidBuyers.map(Double.init) }),
            row(l("Paid amount", "支付金额"), { $0.paidAmount.map(Double.init) }, same: { $0.paidAmount.map(Double.init) }, money: true),
            row(l("Conversion", "转化率"), { Formula.conversionRate(paidBuyers: $0.paidBuyers, uv: $0.uv) },
                same: { Formula.conversionRate(paidBuyers: $0.paidBuyers, uv: $0.uv) }, rate: true),
            row(l("AOV", "客单价"), { Formula.avgOrderValue(paidAmount: $0.paidAmount, paidBuyers: $0.paidBuyers).map(Double.init) },
                same: { Formula.avgOrderValue(paidAmount: $0.paidAmount, paidBuyers: $0.paidBuyers).map(Double.init) }, money: true),
            row(l("Cart rate", "加购率"), { Formula.cartRate(cartBuyers: $0.cartBuyers, uv: $0.uv) }, rate: true),
            row(l("Refunds", "退款金额"), { $0.refundAmount.map(Double.init) }, money: true),
        ]))
        // Competitors: price moves of 5% or more, activities joined or left, index moves.
        var comp: [Row] = []
        let byShop = Dictionary(grouping: s.data.competitorDays) { $0.competitor }
        for shop in byShop.keys.sorted() {
            let days = byShop[shop]!.sorted { $0.date < $1.date }
            guard let last = days.last(where: { $0.date <= d }) else { continue }
            let before = days.last { $0.date <= d.adding(days: -7) }
            let priceChange = change(last.price.map(Double.init), before?.price.map(Double.init))
            let uvRatio = ratio(last.uvIndex, before?.uvIndex)
            let joined = last.activity != nil && before?.activity == nil
            let role: Role = (priceChange.map { abs($0) >= 0.05 } ?? false) || joined ? .warn : .text
            comp.append(Row([shop, last.item ?? "—", Fmt.money(last.price), Fmt.percent(priceChange), uvRatio.map { "×" + Fmt.fixed($0, 2) } ?? "—",
                             last.activity ?? "—", last.topSource ?? "—"], role: role, keys: [nil, nil, last.price.map(Double.init), priceChange, uvRatio, nil, nil]))
        }
        c.sections.append(.init(l("Competitors (vs 7 days ago)", "竞品（对比7天前）"),
                                [Col(l("Shop", "竞店"), 16), Col(l("Item", "竞品"), 16), Col(l("Price", "价格"), 10, right: true),
                                 Col("Δ", 8, right: true), Col(l("Traffic", "流量指数"), 9, right: true), Col(l("Activity", "活动"), 10),
                                 Col(l("Top source", "主要来源"), 10)], comp, empty: l("no competitor data", "暂无竞品数据")))
        // The market: is everyone moving, or only us?
        var market: [Row] = []
        let storeUV = change(series.day(d.adding(days: -1))?.uv.map(Double.init), series.day(d.adding(days: -8))?.uv.map(Double.init))
        for cat in Set(s.data.industryDays.map(\.category)).sorted() {
            let rows = s.data.industryDays.filter { $0.category == cat }
            let y = rows.first { $0.date == d.adding(days: -1) }, w = rows.first { $0.date == d.adding(days: -8) }
            let m = change(y?.uvIndex, w?.uvIndex)
            let verdict: String
            if let m, let st = storeUV {
                verdict = abs(st - m) < 0.1 ? l("moving with the market", "与大盘同步") : (st < m ? l("worse than the market", "弱于大盘") : l("better than the market", "强于大盘"))
            } else { verdict = "—" }
            market.append(Row([cat, Fmt.percent(m), Fmt.percent(storeUV), verdict], role: verdict.contains(l("worse", "弱")) ? .warn : .text))
        }
        c.sections.append(.init(l("Market vs store (yesterday vs a week before, traffic)", "大盘对比店铺（昨日对比上周同日，流量）"),
                                [Col(l("Category", "类目"), 14), Col(l("Market", "大盘"), 9, right: true), Col(l("Store", "店铺"), 9, right: true),
                                 Col(l("Verdict", "判断"), 24)], market, empty: l("no industry data", "暂无行业数据")))
        return c
    }

    /// The diagnosis first: the last whole day's anomalies, largest money first; Enter charts one.
    static func findings(_ s: AppState, into c: inout PaneContent) {
        let l = s.lang
        guard let dx = s.diagnosis else { return }
        for n in dx.notes { c.notes.append(("· " + n, .muted)) }
        let rows = dx.findings.enumerated().map { i, f in
            let role: Role = f.subject == .competitor ? .warn : (f.market == .onlyUs || f.market == .againstMarket) ? .bad : .warn
            return Row([String(i + 1), f.line, f.impact.map { "≈" + Fmt.money($0) } ?? "—",
                        f.score.map { $0.isFinite ? Fmt.fixed($0, 1) : "∞" } ?? "—"], role: role,
                       keys: [Double(i), nil, f.impact.map(Double.init), f.score.map(abs)])
        }
        c.sections.append(.init(l("Findings for \(dx.day): against 28 ordinary days, largest money first (Enter charts one)",
                                  "\(dx.day) 的异常：对比 28 个普通日，按金额影响排序（回车看图）"),
                                [Col("#", 3, right: true), Col(l("Finding", "发现"), 60), Col(l("Worth", "影响"), 12, right: true), Col("z", 6, right: true)],
                                rows, empty: l("nothing out of the ordinary", "没有异常")))
    }

    static func change(_ a: Double?, _ b: Double?) -> Double? { OpsDeckCore.change(a, b) }
    static func ratio(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b, b != 0 else { return nil }
        return a / b
    }

    static func basics(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now, q = s.kpi.queues
        var c = PaneContent()
        c.notes.append((l("Unpaid \(Fmt.count(q.unpaidOrders.map(Int64.init))) · open refunds \(Fmt.count(q.openRefunds.map(Int64.init))) · disputes \(Fmt.count(q.openDisputes.map(Int64.init))) · bad reviews \(Fmt.count(q.unrepliedBadReviews.map(Int64.init))) · questions \(Fmt.count(q.unansweredQuestions.map(Int64.init))) · coupons ending \(Fmt.count(q.couponsExpiring24h.map(Int64.init)))",
                          "待付款 \(Fmt.count(q.unpaidOrders.map(Int64.init))) · 退款中 \(Fmt.count(q.openRefunds.map(Int64.init))) · 纠纷 \(Fmt.count(q.openDisputes.map(Int64.init))) · 未回复差评 \(Fmt.count(q.unrepliedBadReviews.map(Int64.init))) · 未答问题 \(Fmt.count(q.unansweredQuestions.map(Int64.init))) · 即将到期券 \(Fmt.count(q.couponsExpiring24h.map(Int64.init)))"),
                         (q.openDisputes ?? 0) > 0 ? .warn : .text))
        let open = s.data.refunds.filter { $0.status.isOpen }.sorted { ($0.dispute == true ? 0 : 1, $0.createdAt ?? now) < ($1.dispute == true ? 0 : 1, $1.createdAt ?? now) }
        c.sections.append(.init(l("Open refunds and disputes", "处理中的退款与纠纷"),
                                [Col(l("Refund", "退款编号"), 18), Col(l("Since", "申请"), 11), Col(l("Amount", "金额"), 10, right: true),
                                 Col(l("Reason", "原因"), 14), Col(l("Status", "状态"), 24), Col(l("Dispute", "介入"), 6)],
                                open.map { r in Row([r.refundID, Fmt.dayTime(r.createdAt, today: now.date), Fmt.money(r.amount), r.reason ?? "—",
                                                     r.status.rawValue, r.dispute == true ? l("yes", "是") : ""], role: r.dispute == true ? .bad : .text,
                                                    keys: [nil, r.createdAt.map { Double($0.seconds) }, r.amount.map(Double.init), nil, nil, nil]) },
                                empty: l("no open refunds", "没有处理中的退款")))
        var reasons: [String: Int] = [:]
        for r in s.data.refunds where r.createdAt?.date == now.date { reasons[r.reason ?? "—", default: 0] += 1 }
        c.sections.append(.init(l("Refund reasons today", "今日退款原因"), [Col(l("Reason", "原因"), 20), Col(l("Count", "数量"), 6, right: true)],
                                reasons.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { Row([$0.key, String($0.value)], keys: [nil, Double($0.value)]) },
                                empty: l("no refunds today", "今日无退款")))
        let bad = s.data.reviews.filter { $0.rating == .bad && $0.replied == false }
        c.sections.append(.init(l("Bad reviews without a reply", "未回复的差评"), [Col(l("When", "时间"), 11), Col(l("Item", "商品"), 13), Col(l("Review", "内容"), 44)],
                                bad.map { Row([Fmt.dayTime($0.createdAt, today: now.date), $0.itemID ?? "—", $0.content ?? ""], role: .bad) },
                                empty: l("none", "无")))
        let questions = s.data.questions.filter { $0.answered == false }
        c.sections.append(.init(l("Unanswered questions (问大家)", "未回答的问大家"), [Col(l("Asked", "提问"), 11), Col(l("Item", "商品"), 13), Col(l("Question", "问题"), 44)],
                                questions.map { Row([Fmt.dayTime($0.askedAt, today: now.date), $0.itemID ?? "—", $0.question ?? ""]) }, empty: l("none", "无")))
        let ending = s.data.coupons.filter { c in c.endAt.map { $0 > now && $0.seconds - now.seconds <= Int64(s.data.profile.thresholds.couponExpiryHours) * 3600 } ?? false }
        c.sections.append(.init(l("Coupons and discounts ending soon", "即将到期的优惠"), [Col(l("Coupon", "优惠"), 8), Col(l("Kind", "类型"), 15), Col(l("Ends", "结束"), 11), Col(l("When", "剩余"), 11), Col(l("Value", "面额"), 10, right: true)],
                                ending.map { Row([$0.couponID, $0.kind?.rawValue ?? "—", Fmt.dayTime($0.endAt, today: now.date), Fmt.until($0.endAt, from: now, l), $0.value.map { Money.format($0) } ?? Fmt.percent($0.discount)], role: .warn) },
                                empty: l("none in the next \(s.data.profile.thresholds.couponExpiryHours) h", "\(s.data.profile.thresholds.couponExpiryHours) 小时内无到期")))
        return c
    }

    static func promotion(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now
        var c = PaneContent()
        for a in s.data.adAccounts {
            c.notes.append((l("\(a.channel == .throughTrain ? "Through-train" : "Display") balance \(Fmt.money(a.balance))",
                              "\(a.channel == .throughTrain ? "直通车" : "引力魔方")余额 \(Fmt.money(a.balance))"), (a.balance ?? 0) < 50_000 ? .warn : .text))
        }
        let yesterday = now.date.adding(days: -1)
        c.sections.append(.init(l("Plans", "推广计划"), [Col(l("Plan", "计划"), 16), Col(l("Spent", "花费"), 10, right: true), Col(l("Budget", "日限额"), 9, right: true),
                                                       Col(l("Used", "消耗"), 7, right: true), Col(l("Went offline", "下线"), 24)],
                                s.kpi.campaigns.map { k in
                                    let camp = s.data.campaigns.first { $0.campaignID == k.campaignID }
                                    let off = camp?.offlineAt.flatMap { t -> String? in
                                        t.date == yesterday || t.date == now.date ? "\(t.date == yesterday ? l("yesterday", "昨天") : l("today", "今天")) \(t.clockString) (\(camp?.offlineReason == .balance ? l("balance", "余额不足") : l("budget", "超日限额")))" : nil } ?? ""
                                    let early = camp?.offlineAt.map { $0.date == yesterday && $0.hour < 22 } ?? false
                                    return Row([k.name ?? k.campaignID, Fmt.money(k.cost), Fmt.money(k.dailyBudget), Fmt.percent(k.budgetUsed, places: 0), off],
                                               role: early || (k.budgetUsed ?? 0) > 0.9 ? .warn : .text, keys: [nil, k.cost.map(Double.init), k.dailyBudget.map(Double.init), k.budgetUsed, nil])
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

    static func activities(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now
        var c = PaneContent()
        if missing(s, .activities, into: &c) { return c }
        let shares = Dictionary(uniqueKeysWithValues: s.kpi.activities.map { ($0.activityID, $0) })
        let rows = s.data.activities.filter { ($0.endAt ?? now) >= now.adding(hours: -24) }.sorted { ($0.startAt ?? now) < ($1.startAt ?? now) }.map { a -> Row in
            let next: (String, LocalTime?) = a.signupDeadline.map { $0 > now } == true ? (l("signup", "报名截止"), a.signupDeadline)
                : a.warmupAt.map { $0 > now } == true ? (l("warm-up", "预热"), a.warmupAt)
                : a.startAt.map { $0 > now } == true ? (l("start", "开始"), a.startAt) : (l("ends", "结束"), a.endAt)
            let prep = [a.planReady, a.contentReady, a.artReady, a.csBriefed]
            let prepText = "\(l("plan", "方案"))\(Fmt.yesNo(a.planReady, l)) \(l("content", "内容"))\(Fmt.yesNo(a.contentReady, l)) \(l("art", "美工"))\(Fmt.yesNo(a.artReady, l)) \(l("CS", "客服"))\(Fmt.yesNo(a.csBriefed, l))"
            let startsSoon = a.startAt.map { $0 > now && $0.seconds - now.seconds < 72 * 3600 } ?? false
            let notReady = prep.contains { $0 == false }
            return Row([a.name ?? a.activityID, a.platform ?? "—", "\(next.0) \(Fmt.until(next.1, from: now, l))", prepText,
                        Fmt.percent(shares[a.activityID]?.sellOutRate, places: 0), Fmt.percent(shares[a.activityID]?.orderShare, places: 0)],
                       role: startsSoon && notReady ? .warn : .text, keys: [nil, nil, next.1.map { Double($0.seconds) }, nil, shares[a.activityID]?.sellOutRate, shares[a.activityID]?.orderShare])
        }
        c.sections.append(.init(l("Upcoming and running activities", "即将开始与进行中的活动"),
                                [Col(l("Activity", "活动"), 22), Col(l("Platform", "平台"), 8), Col(l("Next", "下一步"), 20), Col(l("Prep", "准备"), 32),
                                 Col(l("Sold", "售罄"), 6, right: true), Col(l("Orders", "订单占比"), 7, right: true)], rows, empty: l("no activities", "暂无活动")))
        return c
    }

    static func content(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now
        var c = PaneContent()
        if missing(s, .contentPosts, into: &c) { return c }
        let posts = s.data.contentPosts.sorted { ($0.plannedAt ?? now) < ($1.plannedAt ?? now) }
        c.sections.append(.init(l("Posts", "内容"), [Col(l("Planned", "计划"), 11), Col(l("Status", "状态"), 9), Col(l("Title", "标题"), 32), Col(l("Audience", "人群"), 14),
                                                    Col(l("Views", "浏览"), 7, right: true), Col(l("Likes", "点赞"), 6, right: true)],
                                posts.map { p in
                                    let late = p.status == .planned && (p.plannedAt.map { $0 < now } ?? false)
                                    return Row([Fmt.dayTime(p.plannedAt, today: now.date), p.status == .published ? l("published", "已发布") : l("planned", "计划中"), p.title ?? "—",
                                                p.audience ?? "—", Fmt.count(p.views), Fmt.count(p.likes)], role: late ? .warn : p.status == .published ? .muted : .text,
                                               keys: [p.plannedAt.map { Double($0.seconds) }, nil, nil, nil, p.views.map(Double.init), p.likes.map(Double.init)]) }))
        return c
    }

    static func service(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now
        var c = PaneContent()
        if missing(s, .csDaily, into: &c) { return c }
        let target = s.data.profile.targets
        let agents = s.kpi.agents
        let rows = agents.map { a -> Row in
            let day = s.data.agentDays.first { $0.date == now.date && $0.agent == a.agent }
            let slow = (a.firstResponseSeconds ?? 0) > (target.firstResponseSeconds ?? 30) || (a.slowResponses ?? 0) > 3
            let lowConv = (a.inquiryConversion ?? 1) < (target.inquiryConversion ?? 0) * 0.8
            return Row([a.agent, Fmt.clock(day?.firstOnlineAt), Fmt.clock(day?.lastOnlineAt), Fmt.count(a.consultations),
                        a.firstResponseSeconds.map { Fmt.fixed($0, 0) + "s" } ?? "—", a.avgResponseSeconds.map { Fmt.fixed($0, 0) + "s" } ?? "—",
                        Fmt.percent(a.inquiryConversion), Fmt.count(a.slowResponses)], role: slow || lowConv ? .warn : .text,
                       keys: [nil, day?.firstOnlineAt.map { Double($0.seconds) }, day?.lastOnlineAt.map { Double($0.seconds) }, a.consultations.map(Double.init),
                              a.firstResponseSeconds, a.avgResponseSeconds, a.inquiryConversion, a.slowResponses.map(Double.init)])
        }
        c.sections.append(.init(l("Agents today", "今日客服"), [Col(l("Agent", "客服"), 12), Col(l("First on", "上线"), 8), Col(l("Last on", "在线至"), 8),
                                                             Col(l("Consults", "咨询"), 8, right: true), Col(l("1st resp", "首响"), 8, right: true),
                                                             Col(l("Avg resp", "平响"), 8, right: true), Col(l("Inq conv", "询单转化"), 8, right: true),
                                                             Col(l("Slow", "慢响"), 5, right: true)], rows, empty: l("no agent data today", "今日暂无客服数据")))
        if let soon = s.data.activities.first(where: { a in a.startAt.map { $0 > now && $0.seconds - now.seconds < 48 * 3600 } ?? false }) {
            c.notes.append((l("\(soon.name ?? soon.activityID) starts \(Fmt.until(soon.startAt, from: now, l)): brief the agents; consider an extra temporary shift.",
                              "\(soon.name ?? soon.activityID)\(Fmt.until(soon.startAt, from: now, l))开始：通知客服，考虑加临时班。"), .warn))
        }
        return c
    }

    static func listings(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now
        var c = PaneContent()
        if missing(s, .products, into: &c) { return c }
        c.notes.append((l("Sell-through 30d: \(Fmt.percent(s.kpi.store.sellThrough30d))", "30天动销率：\(Fmt.percent(s.kpi.store.sellThrough30d))"), .text))
        let low = KPIEngine.lowStockItems(s.data, date: now.date) ?? []
        c.sections.append(.init(l("Low stock (days of cover)", "低库存（可售天数）"), [Col(l("Item", "商品ID"), 13), Col(l("Title", "标题"), 30), Col(l("Stock", "库存"), 6, right: true), Col(l("Days", "天数"), 6, right: true)],
                                low.map { Row([$0.product.itemID, $0.product.title ?? "—", Fmt.count($0.product.stock), Fmt.fixed($0.daysOfCover, 1)], role: .bad,
                                              keys: [nil, nil, $0.product.stock.map(Double.init), $0.daysOfCover]) }, empty: l("none", "无")))
        let long = s.data.products.filter { ($0.title?.utf8.count ?? 0) > 60 }
        c.sections.append(.init(l("Titles over 60 bytes", "标题超过60字节"), [Col(l("Item", "商品ID"), 13), Col(l("Bytes", "字节"), 6, right: true), Col(l("Title", "标题"), 50)],
                                long.map { Row([$0.itemID, String($0.title!.utf8.count), $0.title!], role: .warn, keys: [nil, Double($0.title!.utf8.count), nil]) }, empty: l("none", "无")))
        let from = now.date.adding(days: -29)
        var sold = Set<String>()
        for d in s.data.productDays where d.date >= from && d.date <= now.date && (d.paidUnits ?? 0) > 0 { sold.insert(d.itemID) }
        let idle = s.data.products.filter { $0.status == .onShelf && !sold.contains($0.itemID) }
        c.sections.append(.init(l("On shelf with no sales in 30 days", "30天无销量的在售商品"), [Col(l("Item", "商品ID"), 13), Col(l("Title", "标题"), 40)],
                                idle.map { Row([$0.itemID, $0.title ?? "—"], role: .warn) }, empty: l("none", "无")))
        return c
    }
}

/// Whole-day store rows by date, for tiles and comparisons.
public struct Series {
    var byDate: [LocalDate: StoreDay] = [:]
    public init(_ data: StoreData, through: LocalDate) {
        for r in data.storeDays where r.hour == nil && r.date <= through { byDate[r.date] = r }
    }
    public func day(_ d: LocalDate) -> StoreDay? { byDate[d] }
    public func average(_ f: (StoreDay) -> Double?, days: [LocalDate]) -> Double? {
        let v = days.compactMap { byDate[$0].flatMap(f) }
        return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
    }
}
