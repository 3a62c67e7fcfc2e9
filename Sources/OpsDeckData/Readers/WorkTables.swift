import OpsDeckCore

/// activities.csv, art_tasks.csv, content_posts.csv, competitors.csv, industry_daily.csv.
enum ActivityColumn: Int, TableColumns {
    case activityID, name, kind, platform, signupDeadline, warmupAt, startAt, endAt, itemIDs, activityPrice,
         stockAllocated, sold, uv, clicks, impressions, paidBuyers, planReady, contentReady, artReady, csBriefed
    var spec: ColumnSpec {
        switch self {
        case .activityID: ColumnSpec("activity_id", "活动ID", required: true)
        case .name: ColumnSpec("name", "活动名称")
        case .kind: ColumnSpec("kind", "类型")
        case .platform: ColumnSpec("platform", "平台")
        case .signupDeadline: ColumnSpec("signup_deadline", "报名截止")
        case .warmupAt: ColumnSpec("warmup_at", "预热时间")
        case .startAt: ColumnSpec("start_at", "开始时间")
        case .endAt: ColumnSpec("end_at", "结束时间")
        case .itemIDs: ColumnSpec("item_ids", "商品ID")
        case .activityPrice: ColumnSpec("activity_price", "活动价")
        case .stockAllocated: ColumnSpec("stock_allocated", "活动库存")
        case .sold: ColumnSpec("sold", "已售")
        case .uv: ColumnSpec("uv", "活动访客数")
        case .clicks: ColumnSpec("clicks", "活动点击数")
        case .impressions: ColumnSpec("impressions", "活动曝光数")
        case .paidBuyers: ColumnSpec("paid_buyers", "活动支付买家数")
        case .planReady: ColumnSpec("plan_ready", "方案")
        case .contentReady: ColumnSpec("content_ready", "内容")
        case .artReady: ColumnSpec("art_ready", "美工")
        case .csBriefed: ColumnSpec("cs_briefed", "客服已通知")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> Activity {
        var x = Activity(activityID: try r.required(.activityID))
        x.name = r.text(.name); x.kind = try r.choice(.kind, Vocabulary.activityKind); x.platform = r.text(.platform)
        x.signupDeadline = try r.time(.signupDeadline); x.warmupAt = try r.time(.warmupAt)
        x.startAt = try r.time(.startAt); x.endAt = try r.time(.endAt)
        if let s = r.text(.itemIDs) {
            x.itemIDs = s.split(whereSeparator: { $0 == ";" || $0 == "；" }).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        }
        x.activityPrice = try r.fen(.activityPrice); x.stockAllocated = try r.count(.stockAllocated)
        x.sold = try r.count(.sold); x.uv = try r.count(.uv); x.clicks = try r.count(.clicks)
        x.impressions = try r.count(.impressions); x.paidBuyers = try r.count(.paidBuyers)
        x.planReady = try r.bool(.planReady); x.contentReady = try r.bool(.contentReady)
        x.artReady = try r.bool(.artReady); x.csBriefed = try r.bool(.csBriefed)
        return x
    }
}

enum ArtTaskColumn: Int, TableColumns {
    case taskID, kind, itemID, activityID, brief, designer, requestedAt, dueAt, status
    var spec: ColumnSpec {
        switch self {
        case .taskID: ColumnSpec("task_id", "任务ID", required: true)
        case .kind: ColumnSpec("kind", "类型")
        case .itemID: ColumnSpec("item_id", "商品ID", "宝贝ID")
        case .activityID: ColumnSpec("activity_id", "活动ID")
        case .brief: ColumnSpec("brief", "需求")
        case .designer: ColumnSpec("designer", "美工")
        case .requestedAt: ColumnSpec("requested_at", "提出时间")
        case .dueAt: ColumnSpec("due_at", "截止时间")
        case .status: ColumnSpec("status", "状态")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> ArtTask {
        var x = ArtTask(taskID: try r.required(.taskID))
        x.kind = try r.choice(.kind, Vocabulary.artKind); x.itemID = r.text(.itemID); x.activityID = r.text(.activityID)
        x.brief = r.text(.brief); x.designer = r.text(.designer)
        x.requestedAt = try r.time(.requestedAt); x.dueAt = try r.time(.dueAt)
        x.status = try r.choice(.status, Vocabulary.artStatus)
        return x
    }
}

enum ContentPostColumn: Int, TableColumns {
    case postID, plannedAt, title, audience, status, views, likes
    var spec: ColumnSpec {
        switch self {
        case .postID: ColumnSpec("post_id", "内容ID", required: true)
        case .plannedAt: ColumnSpec("planned_at", "计划发布")
        case .title: ColumnSpec("title", "标题")
        case .audience: ColumnSpec("audience", "人群")
        case .status: ColumnSpec("status", "状态")
        case .views: ColumnSpec("views", "浏览")
        case .likes: ColumnSpec("likes", "点赞")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> ContentPost {
        var x = ContentPost(postID: try r.required(.postID))
        x.plannedAt = try r.time(.plannedAt); x.title = r.text(.title); x.audience = r.text(.audience)
        x.status = try r.choice(.status, Vocabulary.postStatus); x.views = try r.count(.views); x.likes = try r.count(.likes)
        return x
    }
}

enum CompetitorColumn: Int, TableColumns {
    case date, competitor, item, price, uvIndex, tradeIndex, searchPopularity, activity, topSource
    var spec: ColumnSpec {
        switch self {
        case .date: ColumnSpec("date", "日期", required: true)
        case .competitor: ColumnSpec("competitor", "竞店", required: true)
        case .item: ColumnSpec("item", "竞品")
        case .price: ColumnSpec("price", "价格")
        case .uvIndex: ColumnSpec("uv_index", "流量指数")
        case .tradeIndex: ColumnSpec("trade_index", "交易指数")
        case .searchPopularity: ColumnSpec("search_popularity", "搜索人气")
        case .activity: ColumnSpec("activity", "参与活动")
        case .topSource: ColumnSpec("top_source", "主要流量来源")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> CompetitorDay {
        var x = CompetitorDay(date: try r.requiredDate(.date), competitor: try r.required(.competitor))
        x.item = r.text(.item); x.price = try r.fen(.price); x.uvIndex = try r.decimal(.uvIndex)
        x.tradeIndex = try r.decimal(.tradeIndex); x.searchPopularity = try r.decimal(.searchPopularity)
        x.activity = r.text(.activity); x.topSource = r.text(.topSource)
        return x
    }
}

enum IndustryColumn: Int, TableColumns {
    case date, category, uvIndex, searchPopularity, tradeIndex
    var spec: ColumnSpec {
        switch self {
        case .date: ColumnSpec("date", "日期", required: true)
        case .category: ColumnSpec("category", "类目", required: true)
        case .uvIndex: ColumnSpec("uv_index", "流量指数")
        case .searchPopularity: ColumnSpec("search_popularity", "搜索人气")
        case .tradeIndex: ColumnSpec("trade_index", "交易指数")
        }
    }
    static func decode(_ r: CSVRow<Self>) throws(FieldError) -> IndustryDay {
        var x = IndustryDay(date: try r.requiredDate(.date), category: try r.required(.category))
        x.uvIndex = try r.decimal(.uvIndex); x.searchPopularity = try r.decimal(.searchPopularity)
        x.tradeIndex = try r.decimal(.tradeIndex)
        return x
    }
}
