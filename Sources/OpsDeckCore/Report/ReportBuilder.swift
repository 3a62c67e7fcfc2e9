/// Builds the operation report from the data snapshot and the cockpit's journals.
public enum ReportBuilder {
    /// The figures the report lists, in the order of a written daily report.
    public static let numbers: [Metric] = [.uv, .paidBuyers, .conversionRate, .paidAmount, .avgOrderValue, .paidUnits,
                                           .cartRate, .favoriteRate, .mainImageCTR, .refundAmount, .adSpend, .roi, .ctr, .cpc,
                                           .inquiryConversion]
    /// The figures a swing is looked for in, and what per-item figure explains it.
    /// Only volumes are split by item: a rate's change is not the sum of its items' changes.
    static let swingMetrics: [(Metric, Metric?)] = [(.paidAmount, .paidAmount), (.uv, .uv), (.conversionRate, nil),
                                                    (.avgOrderValue, nil), (.paidUnits, .paidUnits), (.adSpend, nil), (.roi, nil)]
    /// A change smaller than this is not a swing worth a line.
    public static let swingThreshold = 0.10

    /// - Parameters:
    ///   - checklist: the checklist events of the range (other days are ignored).
    ///   - bidJournal: the whole bid journal.
    ///   - now: the clock; a day not over yet is reported "so far".
    public static func build(_ data: StoreData, from: LocalDate, to: LocalDate, checklist: [ChecklistEvent],
                             bidJournal: [BidEvent], now: LocalTime) -> OperationReport {
        // Every day the report touches: the range, 14 days of history, a week back for the first.
        var values: [LocalDate: [Metric: Double]] = [:]
        func day(_ d: LocalDate) -> [Metric: Double] {
            if let v = values[d] { return v }
            let v = Metric.storeValues(data, on: d)
            values[d] = v
            return v
        }
        var days: [DayReport] = []
        var d = from
        let ledger = BidLedger.fold(bidJournal)
        let proofs = PostProof.states(ledger, data: data)
        while d <= to {
            let history = (0..<14).map { d.adding(days: $0 - 13) }
            let inProgress = now < d.adding(days: 1).start
            let same = inProgress ? sameTime(data, d, now: now) : nil
            let numbers = numbers.map { m in
                MetricLine(metric: m, value: day(d)[m], yesterday: day(d.adding(days: -1))[m], lastWeek: day(d.adding(days: -7))[m],
                           history: history.map { day($0)[m] }, sameTime: same?.values[m])
            }
            let asOf = min(now, d.adding(days: 1).start)
            let findings = inProgress ? Diagnose.todaySoFar(data, at: now) : Diagnose.run(data, at: d.adding(days: 1).start).findings
            days.append(DayReport(
                date: d, inProgress: inProgress, cut: same?.cut.label, numbers: numbers,
                swings: swings(data, d, numbers, items: !inProgress),
                queues: queues(data, d, asOf: asOf),
                promotion: promotion(data, d, values: day(d)),
                activities: activities(data, d, asOf: asOf),
                agents: data.agentDays.filter { $0.date == d }.sorted { $0.agent < $1.agent },
                checklist: Completion.day(d, schedule: data.schedule, events: checklist, asOf: asOf),
                bidChanges: ledger.filter { $0.change.day == d }.map { bidLine($0.change, $0.state, data, proof: $0.change.id.flatMap { proofs[$0] }) }))
            days[days.count - 1].findings = findings
            d = d.adding(days: 1)
        }
        var range: [RangeFigure] = []
        if from != to {
            let all = days.map(\.date)
            range = numbers.map { m in rangeFigure(m, all.map { day($0) }) }
        }
        let goalsAsOf = min(now, to.adding(days: 1).start)
        return OperationReport(storeName: data.profile.name, from: from, to: to, generatedAt: now, days: days, range: range,
                               goals: Goals.progress(data.profile.goals, data: data, now: goalsAsOf))
    }

    static let weights: [Metric: Metric] = [.conversionRate: .uv, .cartRate: .uv, .favoriteRate: .uv,
                                            .avgOrderValue: .paidBuyers, .roi: .adSpend]

    static func rangeFigure(_ m: Metric, _ days: [[Metric: Double]]) -> RangeFigure {
        let daily = days.map { $0[m] }
        let known = daily.compactMap { $0 }
        let aggregate: RangeFigure.Aggregate = [.paidAmount, .paidUnits, .adSpend, .refundAmount].contains(m) ? .sum
            : [.uv, .paidBuyers].contains(m) ? .perDay : weights[m] != nil ? .weighted : .meanOfDays
        var value: Double?
        switch aggregate {
        case .sum: value = known.isEmpty ? nil : known.reduce(0, +)
        case .perDay, .meanOfDays: value = known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
        case .weighted:
            // Only days with both the rate and its base count.
            let pairs = days.compactMap { d in d[m].flatMap { v in d[weights[m]!].map { (v, $0) } } }
            let w = pairs.map(\.1).reduce(0, +)
            value = w > 0 ? pairs.map { $0.0 * $0.1 }.reduce(0, +) / w : nil
        }
        return RangeFigure(metric: m, value: value, aggregate: aggregate, daily: daily)
    }

    /// A day in progress and the two days it is compared with, cut at the same time of day
    /// (`SameTime`): the figures that add up over hours, and the rates made of them. Figures
    /// without hourly rows (cart rate, CTR …) keep their whole-day comparison.
    static func sameTime(_ data: StoreData, _ d: LocalDate, now: LocalTime) -> (cut: SameTime.Cut, values: [Metric: [Double?]])? {
        let last = data.storeDays.lazy.filter { $0.date == d }.compactMap(\.hour).max()
        let cut = SameTime.cut(now: now, lastHourInData: last)
        let days = [d, d.adding(days: -1), d.adding(days: -7)]
        let store = days.map { SameTime.store(data.storeDays, on: $0, cut: cut, dayInProgress: $0 == d) }
        let ads = days.map { SameTime.ads(data.keywordDays, on: $0, cut: cut, dayInProgress: $0 == d) }
        var v: [Metric: [Double?]] = [:]
        if store.contains(where: { $0 != nil }) {
            v[.uv] = store.map { $0?.uv.map(Double.init) }
            v[.paidBuyers] = store.map { $0?.paidBuyers.map(Double.init) }
            v[.paidAmount] = store.map { $0?.paidAmount.map(Double.init) }
            v[.paidUnits] = store.map { $0?.paidUnits.map(Double.init) }
            v[.conversionRate] = store.map { $0.flatMap { Formula.conversionRate(paidBuyers: $0.paidBuyers, uv: $0.uv) } }
            v[.avgOrderValue] = store.map { $0.flatMap { Formula.avgOrderValue(paidAmount: $0.paidAmount, paidBuyers: $0.paidBuyers).map(Double.init) } }
        }
        if ads.contains(where: { $0 != nil }) {
            v[.adSpend] = ads.map { $0?.cost.map(Double.init) }
            v[.roi] = ads.map { $0.flatMap { Formula.roi(revenue: $0.revenue, cost: $0.cost) } }
        }
        return v.isEmpty ? nil : (cut, v)
    }

    /// The figures that moved most against yesterday, each with the items behind it (whole
    /// days only: the item report has no hours to cut a day in progress by).
    static func swings(_ data: StoreData, _ d: LocalDate, _ lines: [MetricLine], items: Bool) -> [Swing] {
        var out: [Swing] = []
        for (m, itemMetric) in swingMetrics {
            guard let line = lines.first(where: { $0.metric == m }), let c = line.vsYesterday, abs(c) >= swingThreshold else { continue }
            var contributors: [Swing.Contributor] = []
            if items, let im = itemMetric {
                let today = Dictionary(data.productDays.filter { $0.date == d }.map { ($0.itemID, $0) }, uniquingKeysWith: { $1 })
                let before = Dictionary(data.productDays.filter { $0.date == d.adding(days: -1) }.map { ($0.itemID, $0) }, uniquingKeysWith: { $1 })
                let storeDelta = (im.value(data, on: d, item: nil) ?? 0) - (im.value(data, on: d.adding(days: -1), item: nil) ?? 0)
                var deltas: [(String, Double)] = []
                for id in Set(today.keys).union(before.keys) {
                    let a = im.value(data, on: d, item: id) ?? 0, b = im.value(data, on: d.adding(days: -1), item: id) ?? 0
                    if a != b { deltas.append((id, a - b)) }
                }
                // The items that moved the same way as the store, largest first.
                let sameWay = deltas.filter { ($0.1 >= 0) == (storeDelta >= 0) }.sorted { abs($0.1) > abs($1.1) || (abs($0.1) == abs($1.1) && $0.0 < $1.0) }
                contributors = sameWay.prefix(3).map { id, delta in
                    Swing.Contributor(itemID: id, title: data.products.first { $0.itemID == id }?.title, delta: delta,
                                      share: storeDelta == 0 ? nil : delta / storeDelta)
                }
            }
            let (value, before) = line.sameTime.map { ($0[0], $0[1]) } ?? (line.value, line.yesterday)
            out.append(Swing(metric: m, value: value, yesterday: before, change: c, contributors: contributors))
        }
        return out.sorted { abs($0.change) > abs($1.change) }
    }

    static func queues(_ data: StoreData, _ d: LocalDate, asOf: LocalTime) -> DayReport.Queues {
        var q = DayReport.Queues()
        if data.has(.refunds) {
            let created = data.refunds.filter { $0.createdAt?.date == d }
            q.refundsCreated = created.count
            var by: [String: (Int, Int64)] = [:]
            for r in created {
                let k = r.reason ?? "—"
                by[k, default: (0, 0)].0 += 1
                by[k, default: (0, 0)].1 += r.amount ?? 0
            }
            q.refundsByReason = by.map { ($0.key, $0.value.0, $0.value.1) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
            if data.has(.refunds, "dispute") {
                q.disputesCreated = created.filter { $0.dispute == true }.count
                q.openDisputes = data.refunds.filter { $0.dispute == true && $0.status.isOpen && ($0.createdAt.map { $0 <= asOf } ?? true) }.count
            }
        }
        if data.has(.reviews, "rating") {
            let bad = data.reviews.filter { $0.rating == .bad && $0.createdAt?.date == d }
            q.badReviews = bad.count
            if data.has(.reviews, "replied") { q.unrepliedBadReviews = bad.filter { $0.replied == false }.count }
            var by: [String: Int] = [:]
            for r in bad { by[ReviewReasons.classify(r.content), default: 0] += 1 }
            q.badReviewsByReason = by.map { ($0.key, $0.value) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
        }
        if data.has(.orders, "status") {
            var n = 0, amount: Int64 = 0
            for o in data.orders where o.status == .waitBuyerPay && o.createdAt?.date == d { n += 1; amount += o.amount ?? 0 }
            q.unpaidOrders = n; q.unpaidAmount = amount
        }
        return q
    }

    static func promotion(_ data: StoreData, _ d: LocalDate, values: [Metric: Double]) -> DayReport.Promotion {
        var p = DayReport.Promotion()
        p.spend = values[.adSpend].map { Int64($0) }
        p.roi = values[.roi]
        let t = KPIEngine.keywordTotals(data, on: d)
        p.revenue = Formula.sum(t.byKeyword.values.map(\.revenue))
        p.campaigns = KPIEngine.campaigns(data, keywordTotals: t).map { c in
            let offline = data.campaigns.first { $0.campaignID == c.campaignID }?.offlineAt.flatMap { $0.date == d ? $0 : nil }
            return (c.name ?? c.campaignID, c.cost, c.dailyBudget, c.budgetUsed, offline)
        }
        return p
    }

    static func activities(_ data: StoreData, _ d: LocalDate, asOf: LocalTime) -> [ActivityLine] {
        let dayStart = d.start, dayEnd = d.adding(days: 1).start
        return data.activities.compactMap { a in
            // Running that day, or starting within the next week (the plan is due now).
            guard let start = a.startAt else { return nil }
            let end = a.endAt ?? start
            let running = start < dayEnd && end > dayStart
            let upcoming = start >= dayEnd && start < d.adding(days: 8).start
            guard running || upcoming else { return nil }
            var notReady: [String] = []
            if a.planReady == false { notReady.append("plan") }
            if a.contentReady == false { notReady.append("content") }
            if a.artReady == false { notReady.append("art") }
            if a.csBriefed == false { notReady.append("cs briefing") }
            return ActivityLine(name: a.name ?? a.activityID, kind: a.kind?.rawValue ?? "—",
                                state: running ? (end <= asOf ? "ended" : "running") : "upcoming",
                                start: a.startAt, end: a.endAt, sold: a.sold, stock: a.stockAllocated, uv: a.uv,
                                conversion: Formula.ratio(a.paidBuyers, a.uv), notReady: running ? [] : notReady)
        }
    }

    static func bidLine(_ ch: BidEvent, _ state: BidLedger.ChangeState, _ data: StoreData, proof: PostProof.State? = nil) -> BidChangeLine {
        let id = ch.entityID ?? "?"
        let what: String
        switch ch.entity {
        case .keyword?: what = data.keywords.first { $0.keywordID == id }.map { "\($0.word) (\(id))" } ?? id
        case .campaign?: what = data.campaigns.first { $0.campaignID == id }?.name.map { "\($0) (\(id))" } ?? id
        case nil: what = id
        }
        let st: String = switch state {
        case .pending: "pending"
        case .posted(let b): "posted" + (b.map { " " + $0 } ?? "") + (proof.map { " · " + $0.words } ?? "")
        case .undone: "undone"
        case .reverted: "reverted"
        }
        // A schedule has no money: its new value is told with the reason.
        let reason = ch.field == .schedule ? "schedule " + (ch.newText ?? "") + (ch.reason.map { " — " + $0 } ?? "") : ch.reason
        return BidChangeLine(at: ch.at, by: ch.operatorName, what: what, field: ch.field?.rawValue ?? "", old: ch.oldFen, new: ch.newFen,
                             reason: reason, state: st)
    }
}

/// Bad reviews have no reason column: the reason is read from the words of the review, the
/// way an operator tallies them. Anything unrecognised is "other".
public enum ReviewReasons {
    static let table: [(String, [String])] = [
        ("quality 质量", ["质量", "缩水", "起球", "线头", "做工", "掉色", "破", "开线", "quality", "shrink"]),
        ("not as pictured 与描述不符", ["图片", "色差", "不一样", "不符", "颜色", "描述"]),
        ("size 尺码", ["尺码", "偏大", "偏小", "太大", "太小", "size"]),
        ("shipping 物流", ["物流", "快递", "发货", "发错", "慢", "shipping"]),
        ("service 客服", ["客服", "态度", "不回", "service"]),
    ]

    public static func classify(_ content: String?) -> String {
        guard let text = content?.lowercased(), !text.isEmpty else { return "no text 无内容" }
        return table.first { $0.1.contains { text.contains($0) } }?.0 ?? "other 其他"
    }
}
