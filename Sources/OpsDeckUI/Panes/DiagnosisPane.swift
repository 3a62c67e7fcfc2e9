import OpsDeckCore

/// The Diagnosis pane (08:30 data diagnosis): the findings, the store against yesterday and the week, competitors, the market.
extension Panes {
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
            let role: Role = [dy, da, dt].compactMap { $0 }.contains { abs($0) >= s.data.profile.thresholds.swing } ? .warn : .text
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
            let role: Role = (priceChange.map { abs($0) >= s.data.profile.thresholds.competitorPriceMove } ?? false) || joined ? .warn : .text
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
                verdict = abs(st - m) < s.data.profile.thresholds.marketBand ? l("moving with the market", "与大盘同步") : (st < m ? l("worse than the market", "弱于大盘") : l("better than the market", "强于大盘"))
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
        // One row an episode: its kind, since when, its size, what it is worth, and why.
        let rows = dx.all.enumerated().map { i, f in
            let role: Role = f.subject == .competitor ? .warn : (f.market == .onlyUs || f.market == .againstMarket || f.today) ? .bad : .warn
            let kind = f.kind.map { k -> String in
                switch k {
                case .spike: l("spike", "突增")
                case .dip: l("dip", "突降")
                case .levelShift: l("level shift", "水平变化")
                case .drift: l("drift", "漂移")
                }
            } ?? "—"
            let since = f.today ? l("today ", "今日 ") + (f.since.map { String($0.suffix(5)) } ?? "") : f.since.map { String($0.suffix(5)) } ?? (f.kind == nil ? "—" : String(f.date.description.dropFirst(5)))
            return Row([String(i + 1), kind, since, f.size.map { Fmt.percent($0) } ?? "—", f.line, f.impact.map { "≈" + Fmt.money($0) } ?? "—"], role: role,
                       keys: [Double(i), nil, nil, f.size.map(abs), nil, f.impact.map(Double.init)])
        }
        c.sections.append(.init(l("Findings for \(dx.day) (and today so far): episodes against their usual level, largest money first (Enter charts one)",
                                  "\(dx.day) 的异常（及今日截至目前）：按金额影响排序（回车看图）"),
                                [Col("#", 3, right: true), Col(l("Kind", "类型"), 11), Col(l("Since", "起始"), 11), Col(l("Size", "幅度"), 7, right: true),
                                 Col(l("Finding · why", "发现 · 原因"), 60), Col(l("Worth", "影响"), 12, right: true)],
                                rows, empty: l("nothing out of the ordinary", "没有异常")))
    }
}
