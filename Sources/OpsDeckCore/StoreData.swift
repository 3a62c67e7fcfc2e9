/// The immutable snapshot of the data directory that every view and command reads.

/// The files of the data contract.
public enum DataFile: String, CaseIterable, Sendable, Hashable {
    case storeDaily = "store_daily.csv"
    case products = "products.csv"
    case productDaily = "product_daily.csv"
    case orders = "orders.csv"
    case refunds = "refunds.csv"
    case reviews = "reviews.csv"
    case questions = "questions.csv"
    case coupons = "coupons.csv"
    case campaigns = "campaigns.csv"
    case adAccount = "ad_account.csv"
    case keywords = "keywords.csv"
    case keywordDaily = "keyword_daily.csv"
    case affiliates = "affiliates.csv"
    case activities = "activities.csv"
    case csDaily = "cs_daily.csv"
    case artTasks = "art_tasks.csv"
    case competitors = "competitors.csv"
    case industryDaily = "industry_daily.csv"
    case contentPosts = "content_posts.csv"

    public var fileName: String { rawValue }
}

/// A problem found while reading: `file:line: column: why`.
public struct DataIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, note }
    public var file: String
    public var line: Int?
    public var column: String?
    public var why: String
    public var severity: Severity

    public init(file: String, line: Int? = nil, column: String? = nil, why: String, severity: Severity = .error) {
        self.file = file; self.line = line; self.column = column; self.why = why; self.severity = severity
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let column { s += "\(column): " }
        return s + why
    }
}

/// How one file was read.
public struct FileReport: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case missing            // not in the directory: its panel says "no data yet"
        case loaded
        case unreadable(String) // reported; its pane says so
    }
    public var file: String
    public var state: State
    public var encoding: String?
    public var rowsRead: Int
    public var rowsSkipped: Int
    /// Canonical names of the contract columns the header had.
    public var columns: Set<String>
    public var byteCount: Int
    /// Where a later read can pick up when the file has only grown.
    public var appendPoint: AppendPoint?
    /// Bytes the last read of this file took in: the whole file, or only what was appended.
    public var lastReadBytes = 0
    /// When the file was last written (store time): a posted change is proved by a report
    /// written after it.
    public var modified: LocalTime?
    public init(file: String, state: State, encoding: String? = nil, rowsRead: Int = 0, rowsSkipped: Int = 0,
                columns: Set<String> = [], byteCount: Int = 0) {
        self.file = file; self.state = state; self.encoding = encoding; self.rowsRead = rowsRead
        self.rowsSkipped = rowsSkipped; self.columns = columns; self.byteCount = byteCount
    }
}

/// How far a file was read: just past its last line feed, outside quotes. If the file later
/// holds the same bytes up to there (its first and last 4 KB before the point are compared)
/// and is longer, only what follows is read.
public struct AppendPoint: Sendable, Equatable {
    public var offset: Int
    /// Lines before the point (to number the new lines' problems).
    public var lines: Int
    public var fingerprint: UInt64
    public init(offset: Int, lines: Int, fingerprint: UInt64) { self.offset = offset; self.lines = lines; self.fingerprint = fingerprint }
}

public struct StoreData: Sendable {
    public var profile = StoreProfile()
    public var schedule = Schedule.builtIn
    public var symbols = SymbolTable()
    public var storeDays: [StoreDay] = []
    public var products: [Product] = []
    public var productDays: [ProductDay] = []
    public var orders: [Order] = []
    public var orderIDs = TextArena()
    public var refunds: [Refund] = []
    public var reviews: [Review] = []
    public var questions: [Question] = []
    public var coupons: [Coupon] = []
    public var campaigns: [Campaign] = []
    public var adAccounts: [AdAccount] = []
    public var keywords: [Keyword] = []
    public var keywordDays: [KeywordDay] = []
    public var affiliateDays: [AffiliateDay] = []
    public var activities: [Activity] = []
    public var agentDays: [AgentDay] = []
    public var artTasks: [ArtTask] = []
    public var competitorDays: [CompetitorDay] = []
    public var industryDays: [IndustryDay] = []
    public var contentPosts: [ContentPost] = []

    public var files: [String: FileReport] = [:]
    public var issues: [DataIssue] = []

    public init() {}

    public func orderID(_ o: Order) -> String { orderIDs[Int(o.orderRef)] }

    /// True when the file was read and its header had the column: otherwise a count over that
    /// column is unknown, not zero.
    public func has(_ file: DataFile, _ column: String? = nil) -> Bool {
        guard let r = files[file.fileName], r.state == .loaded else { return false }
        guard let column else { return true }
        return r.columns.contains(column)
    }
}
