import OpsDeckCore

/// The Listings pane (15:30): low stock, long titles, items on shelf that do not sell.
extension Panes {
    static func listings(_ s: AppState) -> PaneContent {
        let l = s.lang, now = s.now
        var c = PaneContent()
        if missing(s, .products, into: &c) { return c }
        c.notes.append((l("Sell-through 30d: \(Fmt.percent(s.kpi.store.sellThrough30d))", "30天动销率：\(Fmt.percent(s.kpi.store.sellThrough30d))"), .text))
        let low = KPIEngine.lowStockItems(s.data, date: now.date) ?? []
        c.sections.append(.init(l("Low stock (days of cover)", "低库存（可售天数）"), [Col(l("Item", "商品ID"), 13), Col(l("Title", "标题"), 30), Col(l("Stock", "库存"), 6, right: true), Col(l("Days", "天数"), 6, right: true)],
                                low.map { Row([$0.product.itemID, $0.product.title ?? "—", Fmt.count($0.product.stock), Fmt.fixed($0.daysOfCover, 1)], role: .bad,
                                              keys: [nil, nil, $0.product.stock.map(Double.init), $0.daysOfCover]) }, empty: l("none", "无")))
        let long = s.data.products.filter { ($0.title?.utf8.count ?? 0) > s.data.profile.thresholds.titleMaxBytes }
        c.sections.append(.init(l("Titles over \(s.data.profile.thresholds.titleMaxBytes) bytes", "标题超过\(s.data.profile.thresholds.titleMaxBytes)字节"), [Col(l("Item", "商品ID"), 13), Col(l("Bytes", "字节"), 6, right: true), Col(l("Title", "标题"), 50)],
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
