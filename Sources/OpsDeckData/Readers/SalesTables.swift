import OpsDeckCore

/// store_daily.csv, products.csv, product_daily.csv, orders.csv.
enum StoreDailyColumn: Int, TableColumns {
    case date, hour, uv, pv, avgStay, bounceRate, paidBuyers, paidOrders, paidUnits, paidAmount,
         cartBuyers, favoriteBuyers, newBuyers, returningBuyers, refundAmount
    var spec: ColumnSpec {
        switch self {
        case .date: ColumnSpec("date", "日期", "统计日期", required: true)
        case .hour: ColumnSpec("hour", "小时")
        case .uv: ColumnSpec("uv", "访客数")
        case .pv: ColumnSpec("pv", "浏览量")
        case .avgStay: ColumnSpec("avg_stay_seconds", "平均停留时长")
        case .bounceRate: ColumnSpec("bounce_rate", "跳失率")
        case .paidBuyers: ColumnSpec("paid_buyers", "支付买家数")
        case .paidOrders: ColumnSpec("paid_orders", "支付子订单数")
        case .paidUnits: ColumnSpec("paid_units", "支付件数")
        case .paidAmount: ColumnSpec("paid_amount", "支付金额")
        case .cartBuyers: ColumnSpec("cart_buyers", "加购人数")
        case .favoriteBuyers: ColumnSpec("favorite_buyers", "收藏人数")
        case .newBuyers: ColumnSpec("new_buyers", "支付新买家数")
        case .returningBuyers: ColumnSpec("returning_buyers", "支付老买家数")
        case .refundAmount: ColumnSpec("refund_amount", "成功退款金额")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> StoreDay {
        var d = StoreDay(date: try r.requiredDate(.date), hour: try r.int(.hour, in: 0...23))
        d.uv = try r.count(.uv); d.pv = try r.count(.pv)
        d.avgStaySeconds = try r.decimal(.avgStay); d.bounceRate = try r.rate(.bounceRate)
        d.paidBuyers = try r.count(.paidBuyers); d.paidOrders = try r.count(.paidOrders)
        d.paidUnits = try r.count(.paidUnits); d.paidAmount = try r.fen(.paidAmount)
        d.cartBuyers = try r.count(.cartBuyers); d.favoriteBuyers = try r.count(.favoriteBuyers)
        d.newBuyers = try r.count(.newBuyers); d.returningBuyers = try r.count(.returningBuyers)
        d.refundAmount = try r.fen(.refundAmount)
        return d
    }
}

enum ProductColumn: Int, TableColumns {
    case itemID, title, category, price, stock, status, listedAt, role
    var spec: ColumnSpec {
        switch self {
        case .itemID: ColumnSpec("item_id", "商品ID", "宝贝ID", required: true)
        case .title: ColumnSpec("title", "商品标题", "宝贝标题")
        case .category: ColumnSpec("category", "类目")
        case .price: ColumnSpec("price", "价格")
        case .stock: ColumnSpec("stock", "库存")
        case .status: ColumnSpec("status", "状态")
        case .listedAt: ColumnSpec("listed_at", "上架时间")
        case .role: ColumnSpec("role", "商品定位")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> Product {
        var p = Product(itemID: try r.required(.itemID))
        p.title = r.text(.title); p.category = r.text(.category)
        p.price = try r.fen(.price); p.stock = try r.count(.stock)
        p.status = try r.choice(.status, Vocabulary.shelf)
        p.listedAt = try r.time(.listedAt); p.role = try r.choice(.role, Vocabulary.role)
        return p
    }
}

enum ProductDailyColumn: Int, TableColumns {
    case date, itemID, uv, pv, paidBuyers, paidUnits, paidAmount, cartBuyers, favoriteBuyers, searchImpressions, searchClicks
    var spec: ColumnSpec {
        switch self {
        case .date: ColumnSpec("date", "日期", "统计日期", required: true)
        case .itemID: ColumnSpec("item_id", "商品ID", "宝贝ID", required: true)
        case .uv: ColumnSpec("uv", "访客数", "商品访客数")
        case .pv: ColumnSpec("pv", "浏览量", "商品浏览量")
        case .paidBuyers: ColumnSpec("paid_buyers", "支付买家数")
        case .paidUnits: ColumnSpec("paid_units", "支付件数")
        case .paidAmount: ColumnSpec("paid_amount", "支付金额")
        case .cartBuyers: ColumnSpec("cart_buyers", "加购人数")
        case .favoriteBuyers: ColumnSpec("favorite_buyers", "收藏人数")
        case .searchImpressions: ColumnSpec("search_impressions", "搜索曝光量")
        case .searchClicks: ColumnSpec("search_clicks", "搜索点击量")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> ProductDay {
        var d = ProductDay(date: try r.requiredDate(.date), itemID: try r.required(.itemID))
        d.uv = try r.count(.uv); d.pv = try r.count(.pv); d.paidBuyers = try r.count(.paidBuyers)
        d.paidUnits = try r.count(.paidUnits); d.paidAmount = try r.fen(.paidAmount)
        d.cartBuyers = try r.count(.cartBuyers); d.favoriteBuyers = try r.count(.favoriteBuyers)
        d.searchImpressions = try r.count(.searchImpressions); d.searchClicks = try r.count(.searchClicks)
        return d
    }
}

enum OrderColumn: Int, TableColumns {
    case orderID, createdAt, paidAt, itemID, buyerID, quantity, amount, shippedAt, status, activityID
    var spec: ColumnSpec {
        switch self {
        case .orderID: ColumnSpec("order_id", "订单编号", "订单号", required: true)
        case .createdAt: ColumnSpec("created_at", "创建时间", "订单创建时间")
        case .paidAt: ColumnSpec("paid_at", "付款时间", "订单付款时间")
        case .itemID: ColumnSpec("item_id", "商品ID", "宝贝ID")
        case .buyerID: ColumnSpec("buyer_id", "买家", "买家会员名")
        case .quantity: ColumnSpec("quantity", "数量", "购买数量")
        case .amount: ColumnSpec("amount", "实付金额", "买家实际支付金额")
        case .shippedAt: ColumnSpec("shipped_at", "发货时间")
        case .status: ColumnSpec("status", "订单状态", required: true)
        case .activityID: ColumnSpec("activity_id", "活动ID")
        }
    }
    /// Moves an order read with a private symbol table onto the shared one.
    static func rebase(_ o: inout Order, _ r: Rebase) {
        o.orderRef += r.orderBase
        if !o.item.isNone { o.item = Symbol(raw: r.symbols[Int(o.item.raw)]) }
        if !o.buyer.isNone { o.buyer.raw += r.buyerBase }
        if !o.activity.isNone { o.activity = Symbol(raw: r.symbols[Int(o.activity.raw)]) }
    }

    /// Interns the buyers the decoder set aside (`buyer.raw` is an index into
    /// `context.pendingBuyers` until then).
    static func resolveBuyers(_ orders: inout [Order], _ context: ReadContext) {
        let refs = orders.map { $0.buyer.raw }
        orders.withUnsafeMutableBufferPointer { ob in
            nonisolated(unsafe) let ob = ob
            refs.withUnsafeBufferPointer { context.symbols.resolve($0, in: context.pendingBuyers) { i, sym in ob[i].buyer = sym } }
        }
    }

    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> Order {
        guard let status = try r.choice(.status, Vocabulary.orderStatus) else { throw r.fail(.status, "missing value") }
        guard let id = r.bytes(.orderID) else { throw r.fail(.orderID, "missing value") }
        let qty = try r.count(.quantity)
        let created = try r.time(.createdAt), paid = try r.time(.paidAt), shipped = try r.time(.shippedAt)
        if let t = created, !Order.representable(t) { throw r.fail(.createdAt, "\(t) is outside the years 1932–2068") }
        if let t = paid, !Order.representable(t) { throw r.fail(.paidAt, "\(t) is outside the years 1932–2068") }
        if let t = shipped, !Order.representable(t) { throw r.fail(.shippedAt, "\(t) is outside the years 1932–2068") }
        if let qty, qty < 0 || qty > Int64(Int32.max) { throw r.fail(.quantity, "\(qty) is not a quantity") }
        return Order(orderRef: Int32(r.context.orderIDs.append(id)), status: status,
                     createdAt: created, paidAt: paid, shippedAt: shipped,
                     item: r.symbol(.itemID), buyer: r.pendingBuyer(.buyerID), quantity: qty.map { Int32($0) },
                     amount: try r.fen(.amount), activity: r.symbol(.activityID))
    }
}
