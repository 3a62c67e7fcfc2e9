/// The operator's day: blocks of time, each with the checks done in it.
/// The built-in day is the one in the mission; a store may override it with `schedule.toml`.
public struct Schedule: Sendable, Equatable {
    public var blocks: [Block]
    public init(blocks: [Block]) { self.blocks = blocks }

    public struct Block: Sendable, Equatable {
        public var id: String
        public var start: ClockTime
        public var end: ClockTime
        public var title: String
        public var titleZH: String?
        public var pane: String
        public var tasks: [Task]
        public init(id: String, start: ClockTime, end: ClockTime, title: String, titleZH: String? = nil,
                    pane: String, tasks: [Task]) {
            self.id = id; self.start = start; self.end = end; self.title = title; self.titleZH = titleZH
            self.pane = pane; self.tasks = tasks
        }
    }

    public struct Task: Sendable, Equatable {
        public var id: String
        public var title: String
        public var titleZH: String?
        public init(id: String, title: String, titleZH: String? = nil) { self.id = id; self.title = title; self.titleZH = titleZH }
    }

    /// The block whose time range holds this minute of the day.
    public func block(at minute: Int) -> Block? {
        blocks.first { $0.start.minutes <= minute && minute < $0.end.minutes }
    }

    public var taskCount: Int { blocks.reduce(0) { $0 + $1.tasks.count } }

    public static let builtIn: Schedule = {
        func b(_ id: String, _ s: String, _ e: String, _ en: String, _ zh: String, _ pane: String,
               _ tasks: [(String, String, String)]) -> Block {
            Block(id: id, start: ClockTime(s)!, end: ClockTime(e)!, title: en, titleZH: zh, pane: pane,
                  tasks: tasks.map { Task(id: $0.0, title: $0.1, titleZH: $0.2) })
        }
        return Schedule(blocks: [
            b("art", "08:00", "08:30", "Art handoff", "美工对接", "art", [
                ("confirm-tasks", "Confirm today's design tasks and due times", "确认今日设计任务与截止时间"),
                ("overall-frame", "Check the overall frame: store style, product tonality", "检查整体框架：店铺风格、产品调性"),
                ("details", "Check the details: copy, typesetting, demo pictures", "检查细节：文案、排版、演示图"),
            ]),
            b("diagnosis", "08:30", "10:30", "Data diagnosis", "数据诊断", "diagnosis", [
                ("store-data", "Record store data; compare for big swings and anomalies", "记录店铺数据，对比大幅波动与异常"),
                ("item-sales", "Single-product sales and activity effect", "单品销售与活动效果"),
                ("competitors", "Competitor report: sales, traffic, price and activity changes", "竞品报告：销量、流量、价格与活动变化"),
                ("industry", "Industry report: is the market moving or only us?", "行业报告：大盘在动还是只有我们？"),
            ]),
            b("basics", "10:30", "11:00", "Store basics", "店铺基础", "basics", [
                ("disputes", "Disputes and complaints", "纠纷与投诉"),
                ("unpaid", "Urge unpaid orders", "催付未付款订单"),
                ("refund-reasons", "Count today's refund reasons; arrange return visits", "统计今日退款原因，安排回访"),
                ("bad-reviews", "Handle bad reviews and record their reasons", "处理差评并记录原因"),
                ("questions", "Answer buyer Q&A (问大家)", "回答问大家"),
                ("coupons", "Coupons, full-reduction and discount expiry", "优惠券、满减、折扣到期"),
                ("pictures", "Main pictures and activity posters", "主图与活动海报"),
            ]),
            b("promotion", "11:00", "12:00", "Promotion", "推广优化", "promotion", [
                ("balance", "Through-train / display account balance", "直通车/引力魔方账户余额"),
                ("store-report", "Whole-store promotion report", "全店推广报表"),
                ("budgets", "Plan budgets: enough? went offline early yesterday?", "计划日限额是否够用，昨日是否提前下线"),
                ("bids", "Keyword bids and positions", "关键词出价与排名"),
                ("creatives", "Creative images and crowd premiums", "创意图与人群溢价"),
                ("taobaoke", "Taobaoke commission plans and affiliates", "淘宝客佣金计划与推广者"),
            ]),
            b("activities", "13:30", "14:00", "Activities", "活动", "activities", [
                ("plans", "Plan, content and expected result of each activity", "每个活动的方案、内容与预期效果"),
                ("art-ordered", "Art ordered in advance", "提前安排美工"),
            ]),
            b("content", "14:00", "14:30", "Content", "内容", "content", [
                ("plan", "Weitao / content plan for the store's crowd", "微淘/内容计划"),
                ("publish", "Publish at the right times", "按时发布"),
            ]),
            b("service", "14:30", "15:30", "Customer service", "客服", "service", [
                ("online", "Agents' online and offline times", "客服上下线时间"),
                ("response", "Consultations, response speed, inquiry conversion", "咨询量、响应速度、询单转化"),
                ("brief", "Brief agents before activities", "活动前培训客服"),
                ("shifts", "Decide on extra temporary shifts", "决定是否加临时班"),
            ]),
            b("listings", "15:30", "16:30", "Listings", "宝贝管理", "listings", [
                ("stock", "Stock of items on sale", "在售商品库存"),
                ("new-products", "New products to plan", "新品规划"),
                ("titles", "Titles and subtitles to optimize", "标题与副标题优化"),
            ]),
            b("recheck", "16:30", "17:00", "Promotion re-check", "推广复查", "promotion", [
                ("afternoon", "Afternoon through-train / display data: abnormal swings", "下午直通车/引力魔方数据异常波动"),
            ]),
            b("wrapup", "17:00", "17:30", "Wrap-up", "沟通与日报", "report", [
                ("talk", "Talk with customer service and art", "与客服、美工沟通"),
                ("report", "Write the day's operation report", "撰写运营日报"),
            ]),
        ])
    }()
}
