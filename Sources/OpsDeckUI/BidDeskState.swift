import OpsDeckCore

/// The bid desk while it is open: the table (built once per data snapshot), the book folded
/// from the journal, and what the operator is looking at.
public struct BidDeskState: Sendable {
    public enum Column: Int, CaseIterable, Sendable {
        case word, plan, item, match, bid, effective, mobile, qscore, rank, impressions, clicks, ctr, cpc, cost, orders, roi, impressions7, clicks7, ctr7, cpc7, cost7, orders7, roi7
    }
    public var rows: [BidRow]
    public var book: BidBook
    /// Row indices after filter, sort and grouping.
    public var visible: [Int] = []
    /// Selection, filter and sort: the same list state as every other list.
    public var list = ListState()
    public var marked: Set<Int> = []
    public var grouped = false

    public var cursor: Int { get { list.cursor } set { list.cursor = newValue } }
    public var filter: String { get { list.filter } set { list.filter = newValue } }
    public var sort: Column {
        get { list.sort.flatMap { Column(rawValue: $0.column) } ?? .word }
        set { list.sort = ListSort(column: newValue.rawValue, descending: descending) }
    }
    public var descending: Bool {
        get { list.sort?.descending ?? false }
        set { list.sort = ListSort(column: sort.rawValue, descending: newValue) }
    }
    /// Each plan's spend today and usual day, for its pace (built with the rows).
    public var paces: [String: BidDesk.PlanPace] = [:]

    /// The time the effective bids are sorted at (the loop's clock when the desk was built).
    public var now = LocalTime(seconds: 0)

    /// Each plan's time-of-day discounts in the report, as text ("" for none).
    public var schedules: [String: String] = [:]

    /// Each plan's budget in the report (nil inside: no limit).
    public var budgets: [String: Int64?] = [:]

    /// Per row, prepared once: the lowercased text the filter searches, and the row's place
    /// in keyword and plan order (String comparison per key press is too slow for 10,000).
    var search: [[UInt8]] = []
    var wordRank: [Int] = [], planRank: [Int] = []
    /// Row of each keyword ID.
    var rowIndex: [String: Int] = [:]
    /// The widest keyword and plan name, for sharing the table's width by content.
    var wordWidth = 0, planWidth = 0

    public init(rows: [BidRow], book: BidBook, paces: [String: BidDesk.PlanPace] = [:]) {
        self.rows = rows; self.book = book; self.paces = paces
        for r in rows where budgets[r.keyword.campaignID] == nil {
            budgets[r.keyword.campaignID] = .some(r.campaignBudget)
            schedules[r.keyword.campaignID] = TimeSlots.text(r.schedule)
        }
        search = rows.map { Array(($0.keyword.word + "\u{1F}" + $0.campaignName + "\u{1F}" + ($0.keyword.itemID ?? "")).lowercased().utf8) }
        func ranks(_ key: (BidRow) -> String) -> [Int] {
            var rank = [Int](repeating: 0, count: rows.count)
            for (place, i) in rows.indices.sorted(by: { key(rows[$0]) < key(rows[$1]) }).enumerated() { rank[i] = place }
            return rank
        }
        var plans = Set<String>()
        for (i, r) in rows.enumerated() {
            if rowIndex[r.keyword.keywordID] == nil { rowIndex[r.keyword.keywordID] = i }
            wordWidth = max(wordWidth, DisplayWidth.of(r.keyword.word))
            if plans.insert(r.campaignName).inserted { planWidth = max(planWidth, DisplayWidth.of(r.campaignName)) }
        }
        wordRank = ranks { $0.keyword.word }
        planRank = ranks { $0.campaignName }
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard n > 0, hay.count >= n else { return n == 0 }
        return hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { p in
                let first = p[0]
                var i = 0
                while i <= h.count - n {
                    if h[i] == first {
                        var j = 1
                        while j < n && h[i + j] == p[j] { j += 1 }
                        if j == n { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// Whether the order depends on pending values (and so must be redone after an edit).
    var sortFollowsEdits: Bool { sort == .bid || sort == .mobile || sort == .effective }

    public var selected: Int? { visible.indices.contains(cursor) ? visible[cursor] : nil }

    /// The rows an edit acts on: the marked ones, else the selected one.
    public var targets: [Int] {
        marked.isEmpty ? (selected.map { [$0] } ?? []) : marked.sorted()
    }

    public func key(_ i: Int, _ field: BidEvent.Field = .bid) -> BidBook.Key { .init(.keyword, rows[i].keyword.keywordID, field) }

    /// The bid the desk shows for a row: pending, else the report's.
    public func bid(_ i: Int) -> Int64? { book.value(key(i), current: rows[i].keyword.bid) }
    public func mobile(_ i: Int) -> Int64? { book.value(key(i, .mobileBid), current: rows[i].keyword.mobileBid) }

    /// A plan's schedule as the desk shows it (a pending change wins).
    public func schedule(campaign id: String) -> [TimeSlotDiscount] {
        let k = BidBook.Key(.campaign, id, .schedule)
        if let t = book.pending[k]?.newText, let s = TimeSlots.parse(t) { return s }
        return schedules[id].flatMap(TimeSlots.parse) ?? []
    }

    /// A plan's budget as the desk shows it (a pending change wins).
    public func budget(campaign id: String) -> Int64? {
        let current = budgets[id] ?? nil
        let k = BidBook.Key(.campaign, id, .dailyBudget)
        return book.pending[k].map(\.new) ?? current
    }

    /// A pending change checked as the post will check it (`BidCheck`): its state on the row,
    /// in the detail and in the preview.
    public func check(_ key: BidBook.Key, rules: BidRules, now: LocalTime) -> BidCheck.State? {
        guard let p = book.pending[key] else { return nil }
        var c = BidCheck.Context(report: nil, lastPosted: book.lastPosted[key])
        c.approval = book.approval(key)
        switch key.entity {
        case .keyword:
            guard let i = rowIndex[key.id] else { return .error("not in keywords.csv any more") }
            let k = rows[i].keyword
            c.report = key.field == .mobileBid ? k.mobileBid : k.bid
            c.budget = budget(campaign: k.campaignID)
            c.week = rows[i].week
            c.item = k.itemID
        case .campaign:
            guard budgets[key.id] != nil else { return .error("not in campaigns.csv any more") }
            c.report = budgets[key.id] ?? nil
            c.reportText = schedules[key.id]
        }
        return BidCheck.check(key, p, c, rules: rules, now: now)
    }

    /// Filter (`campaign:NAME` or text in word, plan or item), sort, then group by plan.
    public mutating func refresh() {
        let f = filter.lowercased()
        var idx = Array(rows.indices)
        if f.hasPrefix("campaign:") || f.hasPrefix("plan:") {
            let name = String(f.drop { $0 != ":" }.dropFirst())
            idx = idx.filter { rows[$0].campaignName.lowercased().contains(name) || rows[$0].keyword.campaignID.lowercased() == name }
        } else if !f.isEmpty {
            // Bytes: String.contains on 10,000 rows costs a whole frame.
            let needle = Array(f.utf8)
            idx = idx.filter { BidDeskState.contains(search[$0], needle) }
        }
        let keys = idx.map { sortKey($0) }
        var order = Array(idx.indices)
        order.sort { a, b in
            let ka = keys[a], kb = keys[b]
            if ka == kb { return idx[a] < idx[b] }
            // Unknown sorts last either way.
            switch (ka, kb) {
            case (.none, _): return false
            case (_, .none): return true
            case let (.some(x), .some(y)): return descending ? x > y : x < y
            }
        }
        var sorted = order.map { idx[$0] }
        if grouped {
            let plans = Dictionary(grouping: sorted) { rows[$0].keyword.campaignID }
            var seen: [String] = []
            for i in sorted where !seen.contains(rows[i].keyword.campaignID) { seen.append(rows[i].keyword.campaignID) }
            sorted = seen.flatMap { plans[$0]! }
        }
        visible = sorted
        list.clamp(visible.count)
    }

    enum SortKey: Comparable { case number(Double), text(String) }

    func sortKey(_ i: Int) -> SortKey? {
        let r = rows[i]
        func n(_ v: Int64?) -> SortKey? { v.map { .number(Double($0)) } }
        func d(_ v: Double?) -> SortKey? { v.map { .number($0) } }
        switch sort {
        case .word: return .number(Double(wordRank[i]))
        case .plan: return .number(Double(planRank[i]))
        case .item: return r.keyword.itemID.map { .text($0) }
        case .match: return r.keyword.matchScope.map { .number(Double($0.rawValue)) }
        case .impressions: return n(r.today.impressions)
        case .impressions7: return n(r.week.impressions)
        case .ctr7: return d(r.week.ctr)
        case .cpc7: return n(r.week.cpc)
        case .orders7: return n(r.week.orders)
        case .bid: return n(bid(i))
        case .effective: return n(BidDesk.effectiveBid(bid(i), schedule: schedule(campaign: r.keyword.campaignID), at: now))
        case .mobile: return n(mobile(i))
        case .qscore: return r.keyword.qscore.map { .number(Double($0)) }
        case .rank: return r.keyword.rank.flatMap { BidDesk.rankBuckets.firstIndex(of: $0) }.map { .number(Double($0)) }
        case .clicks: return n(r.today.clicks)
        case .ctr: return d(r.today.ctr)
        case .cpc: return n(r.today.cpc)
        case .cost: return n(r.today.cost)
        case .orders: return n(r.today.orders)
        case .roi: return d(r.today.roi)
        case .clicks7: return n(r.week.clicks)
        case .cost7: return n(r.week.cost)
        case .roi7: return d(r.week.roi)
        }
    }
}
