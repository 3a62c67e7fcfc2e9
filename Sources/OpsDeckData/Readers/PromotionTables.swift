import OpsDeckCore

/// campaigns.csv, ad_account.csv, keywords.csv, keyword_daily.csv, affiliates.csv.
enum CampaignColumn: Int, TableColumns {
    case campaignID, name, channel, dailyBudget, smooth, status, offlineReason, offlineAt, schedule, targetRank
    var spec: ColumnSpec {
        switch self {
        case .campaignID: ColumnSpec("campaign_id", "计划ID", required: true)
        case .name: ColumnSpec("name", "计划名称")
        case .channel: ColumnSpec("channel", "渠道")
        case .dailyBudget: ColumnSpec("daily_budget", "日限额")
        case .smooth: ColumnSpec("smooth", "平滑消耗")
        case .status: ColumnSpec("status", "状态")
        case .offlineReason: ColumnSpec("offline_reason", "下线原因")
        case .offlineAt: ColumnSpec("offline_at", "下线时间")
        case .schedule: ColumnSpec("schedule", "分时折扣")
        case .targetRank: ColumnSpec("target_rank", "目标排名")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> Campaign {
        var x = Campaign(campaignID: try r.required(.campaignID))
        x.name = r.text(.name); x.channel = try r.choice(.channel, Vocabulary.channel)
        if let b = try r.fen(.dailyBudget) {
            guard b % 100 == 0 else { throw r.fail(.dailyBudget, "a daily budget is whole yuan") }
            guard b >= 3000 else { throw r.fail(.dailyBudget, "a daily budget is at least ¥30") }
            x.dailyBudget = b
        }
        x.smooth = try r.bool(.smooth); x.status = try r.choice(.status, Vocabulary.campaignStatus)
        x.offlineReason = try r.choice(.offlineReason, Vocabulary.offlineReason)
        x.offlineAt = try r.time(.offlineAt)
        if let s = r.text(.schedule) {
            do { x.schedule = try parseSchedule(s) } catch { throw r.fail(.schedule, error.why) }
        }
        if let t = r.text(.targetRank) {
            guard let range = RankTarget.parse(t) else { throw r.fail(.targetRank, "not a rank target: \"\(t)\" (a position or a range, e.g. 1-3)") }
            x.targetRank = range
        }
        return x
    }

    /// `HH:MM-HH:MM:pct` items joined by `,` (pct 1–150).
    static func parseSchedule(_ text: String) throws(ValueError) -> [TimeSlotDiscount] {
        var out: [TimeSlotDiscount] = []
        for item in text.split(separator: ",") {
            let t = String(item).trimmingSpaces
            let parts = t.split(separator: "-", maxSplits: 1)
            guard parts.count == 2, let start = ClockTime(String(parts[0])) else { throw ValueError("bad time slot \"\(t)\" (HH:MM-HH:MM:pct)") }
            let rest = parts[1].split(separator: ":")
            guard rest.count == 3, let end = ClockTime("\(rest[0]):\(rest[1])"), let pct = Int(rest[2]) else {
                throw ValueError("bad time slot \"\(t)\" (HH:MM-HH:MM:pct)")
            }
            guard (1...150).contains(pct) else { throw ValueError("time-slot discount \(pct)% is outside 1–150") }
            guard start < end else { throw ValueError("time slot \"\(t)\" ends before it starts") }
            out.append(TimeSlotDiscount(start: start, end: end, percent: pct))
        }
        return out
    }
}

enum AdAccountColumn: Int, TableColumns {
    case channel, balance, updatedAt
    var spec: ColumnSpec {
        switch self {
        case .channel: ColumnSpec("channel", "渠道", required: true)
        case .balance: ColumnSpec("balance", "余额")
        case .updatedAt: ColumnSpec("updated_at", "更新时间")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> AdAccount {
        guard let ch = try r.choice(.channel, Vocabulary.channel) else { throw r.fail(.channel, "missing value") }
        var x = AdAccount(channel: ch)
        x.balance = try r.fen(.balance); x.updatedAt = try r.time(.updatedAt)
        return x
    }
}

enum KeywordColumn: Int, TableColumns {
    case keywordID, campaignID, adgroupID, itemID, word, matchScope, bid, mobileBid, qscore, rank, status, targetRank
    var spec: ColumnSpec {
        switch self {
        case .keywordID: ColumnSpec("keyword_id", "关键词ID", required: true)
        case .campaignID: ColumnSpec("campaign_id", "计划ID", required: true)
        case .adgroupID: ColumnSpec("adgroup_id", "推广单元ID")
        case .itemID: ColumnSpec("item_id", "商品ID", "宝贝ID")
        case .word: ColumnSpec("word", "关键词", required: true)
        case .matchScope: ColumnSpec("match_scope", "匹配方式")
        case .bid: ColumnSpec("bid", "出价")
        case .mobileBid: ColumnSpec("mobile_bid", "移动出价")
        case .qscore: ColumnSpec("qscore", "质量分")
        case .rank: ColumnSpec("rank", "排名")
        case .status: ColumnSpec("status", "状态")
        case .targetRank: ColumnSpec("target_rank", "目标排名")
        }
    }
    static let rankBuckets: Set<String> = ["1", "2-3", "4-6", "7-10", "11-15", "16-20", "20+"]

    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> Keyword {
        var x = Keyword(keywordID: try r.required(.keywordID), campaignID: try r.required(.campaignID), word: try r.required(.word))
        x.adgroupID = r.text(.adgroupID); x.itemID = r.text(.itemID)
        x.matchScope = try r.choice(.matchScope, Vocabulary.matchScope)
        x.bid = try r.fen(.bid); x.mobileBid = try r.fen(.mobileBid)
        x.qscore = try r.int(.qscore, in: 1...10)
        if let rank = r.text(.rank) {
            guard rankBuckets.contains(rank) else { throw r.fail(.rank, "unknown rank bucket \"\(rank)\" (1, 2-3, 4-6, 7-10, 11-15, 16-20, 20+)") }
            x.rank = rank
        }
        x.status = r.text(.status)
        if let t = r.text(.targetRank) {
            guard let range = RankTarget.parse(t) else { throw r.fail(.targetRank, "not a rank target: \"\(t)\" (a position or a range, e.g. 1-3)") }
            x.targetRank = range
        }
        return x
    }
}

enum KeywordDailyColumn: Int, TableColumns {
    case date, hour, keywordID, impressions, clicks, cost, orders, revenue, favorites, carts
    var spec: ColumnSpec {
        switch self {
        case .date: ColumnSpec("date", "日期", required: true)
        case .hour: ColumnSpec("hour", "小时")
        case .keywordID: ColumnSpec("keyword_id", "关键词ID", required: true)
        case .impressions: ColumnSpec("impressions", "展现量")
        case .clicks: ColumnSpec("clicks", "点击量")
        case .cost: ColumnSpec("cost", "花费")
        case .orders: ColumnSpec("orders", "总成交笔数")
        case .revenue: ColumnSpec("revenue", "总成交金额")
        case .favorites: ColumnSpec("favorites", "总收藏数")
        case .carts: ColumnSpec("carts", "总购物车数")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> KeywordDay {
        var x = KeywordDay(date: try r.requiredDate(.date), hour: try r.int(.hour, in: 0...23), keywordID: try r.required(.keywordID))
        x.impressions = try r.count(.impressions); x.clicks = try r.count(.clicks); x.cost = try r.fen(.cost)
        x.orders = try r.count(.orders); x.revenue = try r.fen(.revenue)
        x.favorites = try r.count(.favorites); x.carts = try r.count(.carts)
        return x
    }
}

enum AffiliateColumn: Int, TableColumns {
    case date, affiliate, commissionRate, clicks, orders, revenue, commission
    var spec: ColumnSpec {
        switch self {
        case .date: ColumnSpec("date", "日期", required: true)
        case .affiliate: ColumnSpec("affiliate", "淘宝客", required: true)
        case .commissionRate: ColumnSpec("commission_rate", "佣金比率")
        case .clicks: ColumnSpec("clicks", "点击数")
        case .orders: ColumnSpec("orders", "付款笔数")
        case .revenue: ColumnSpec("revenue", "付款金额")
        case .commission: ColumnSpec("commission", "预估佣金")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> AffiliateDay {
        var x = AffiliateDay(date: try r.requiredDate(.date), affiliate: try r.required(.affiliate))
        x.commissionRate = try r.rate(.commissionRate); x.clicks = try r.count(.clicks); x.orders = try r.count(.orders)
        x.revenue = try r.fen(.revenue); x.commission = try r.fen(.commission)
        return x
    }
}
