import OpsDeckCore

/// The closed vocabularies of the contract: each value's English code and Chinese labels,
/// keyed lower-case (header and value matching are case-insensitive).
enum Vocabulary {
    static func table<T>(_ entries: [(T, [String])]) -> Vocab<T> {
        Vocab(entries: entries.flatMap { v, names in names.map { (Array($0.lowercased().utf8), v) } })
    }

    static let shelf = table([(ShelfStatus.onShelf, ["on_shelf", "出售中", "在售"]),
                              (.offShelf, ["off_shelf", "仓库中", "下架"])])
    static let role = table([(ProductRole.traffic, ["traffic", "引流款"]), (.profit, ["profit", "利润款"]),
                             (.image, ["image", "形象款"]), (.clearance, ["clearance", "清仓款"])])
    static let orderStatus = table([
        (OrderStatus.waitBuyerPay, ["WAIT_BUYER_PAY", "等待买家付款"]),
        (.waitSellerSendGoods, ["WAIT_SELLER_SEND_GOODS", "买家已付款", "买家已付款，等待卖家发货", "等待卖家发货"]),
        (.waitBuyerConfirmGoods, ["WAIT_BUYER_CONFIRM_GOODS", "卖家已发货", "卖家已发货，等待买家确认", "卖家已发货，等待买家确认收货", "等待买家确认收货"]),
        (.tradeFinished, ["TRADE_FINISHED", "交易成功"]),
        (.tradeClosed, ["TRADE_CLOSED", "交易关闭", "TRADE_CLOSED_BY_TAOBAO"]),
    ])
    static let refundStatus = table([
        (RefundStatus.waitSellerAgree, ["WAIT_SELLER_AGREE", "买家已经申请退款，等待卖家同意", "等待卖家同意退款", "等待卖家同意", "待卖家同意"]),
        (.waitBuyerReturnGoods, ["WAIT_BUYER_RETURN_GOODS", "卖家已经同意退款，等待买家退货", "等待买家退货", "待买家退货"]),
        (.waitSellerConfirmGoods, ["WAIT_SELLER_CONFIRM_GOODS", "买家已经退货，等待卖家确认收货", "等待卖家确认收货", "待卖家收货"]),
        (.sellerRefuseBuyer, ["SELLER_REFUSE_BUYER", "卖家拒绝退款", "卖家拒绝"]),
        (.closed, ["CLOSED", "退款关闭"]),
        (.success, ["SUCCESS", "退款成功"]),
    ])
    static let ruling = table([(Ruling.buyer, ["buyer", "买家", "买家责任"]), (.seller, ["seller", "卖家", "卖家责任"])])
    static let rating = table([(Rating.good, ["good", "好评"]), (.neutral, ["neutral", "中评"]), (.bad, ["bad", "差评"])])
    static let couponKind = table([(CouponKind.storeCoupon, ["store_coupon", "店铺券", "店铺优惠券"]),
                                   (.itemCoupon, ["item_coupon", "单品券", "商品券"]),
                                   (.fullReduction, ["full_reduction", "满减"]), (.discount, ["discount", "折扣"])])
    static let channel = table([(AdChannel.throughTrain, ["through_train", "直通车"]),
                                (.display, ["display", "引力魔方", "钻展", "引力魔方·钻展"])])
    static let campaignStatus = table([(CampaignStatus.online, ["online", "推广中", "在线"]),
                                       (.offline, ["offline", "已下线", "下线"]), (.paused, ["paused", "暂停", "已暂停"])])
    static let offlineReason = table([(OfflineReason.balance, ["balance", "余额不足"]), (.budget, ["budget", "超过日限额", "达到日限额"])])
    static let matchScope = table([(MatchScope.exact, ["1", "exact", "精确", "精确匹配"]), (.broad, ["4", "broad", "广泛", "广泛匹配"])])
    static let activityKind = table([(ActivityKind.official, ["official", "官方"]), (.store, ["store", "店铺"]),
                                     (.thirdParty, ["third_party", "第三方", "达人直播", "第三方·达人直播"]), (.offsite, ["offsite", "站外"])])
    static let artKind = table([(ArtKind.mainImage, ["main_image", "主图"]), (.detailPage, ["detail_page", "详情页"]),
                                (.poster, ["poster", "海报"]), (.banner, ["banner", "横幅"]), (.video, ["video", "视频"])])
    static let artStatus = table([(ArtStatus.todo, ["todo", "待办", "未开始"]), (.inProgress, ["in_progress", "进行中"]),
                                  (.review, ["review", "待审核", "审核中"]), (.done, ["done", "已完成"]), (.rejected, ["rejected", "已驳回"])])
    static let postStatus = table([(PostStatus.planned, ["planned", "计划中"]), (.published, ["published", "已发布"])])
}

/// A closed vocabulary matched on bytes (ASCII case-insensitive): it runs once per order row,
/// so no `String` is made for it.
struct Vocab<T>: @unchecked Sendable {
    let entries: [(key: [UInt8], value: T)]

    func match(_ b: Bytes) -> T? {
        for e in entries where e.key.count == b.count {
            var same = true
            for i in 0..<b.count {
                var c = b[i]
                if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                if c != e.key[i] { same = false; break }
            }
            if same { return e.value }
        }
        return nil
    }

    /// The English codes, for error messages.
    var codes: String {
        var seen: [String] = []
        for e in entries {
            let s = String(decoding: e.key, as: UTF8.self)
            if s.allSatisfy(\.isASCII), !seen.contains(s) { seen.append(s) }
        }
        return seen.joined(separator: ", ")
    }
}
