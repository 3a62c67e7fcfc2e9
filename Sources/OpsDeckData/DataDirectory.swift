import Foundation
import OpsDeckCore

/// The data directory: reads every file of the contract into one immutable `StoreData`.
/// Never edits the files. A missing file is fine; a bad row or file is reported and the
/// rest still loads.
public struct DataDirectory: Sendable {
    public let url: URL

    public init(_ url: URL) { self.url = url }
    public init(path: String) { self.url = URL(fileURLWithPath: path) }

    public enum Problem: Error, CustomStringConvertible {
        case notFound(String), notADirectory(String), notReadable(String)
        public var description: String {
            switch self {
            case .notFound(let p): "data directory \(p) does not exist"
            case .notADirectory(let p): "\(p) is not a directory"
            case .notReadable(let p): "data directory \(p) cannot be read"
            }
        }
    }

    /// Whether the directory can be used at all.
    public func validate() throws(Problem) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else { throw .notFound(url.path) }
        guard isDir.boolValue else { throw .notADirectory(url.path) }
        guard FileManager.default.isReadableFile(atPath: url.path),
              (try? FileManager.default.contentsOfDirectory(atPath: url.path)) != nil else { throw .notReadable(url.path) }
    }

    public func path(_ file: DataFile) -> String { url.appendingPathComponent(file.fileName).path }

    public func load() throws(Problem) -> StoreData {
        try validate()
        var data = StoreData()
        data.profile = StoreConfig.loadProfile(from: url.appendingPathComponent("store.toml"), issues: &data.issues)
        data.schedule = StoreConfig.loadSchedule(from: url.appendingPathComponent("schedule.toml"), issues: &data.issues)
        let symbols = data.symbols
        data.storeDays = read(.storeDaily, StoreDailyColumn.decode, into: &data, symbols)
        data.products = read(.products, ProductColumn.decode, into: &data, symbols)
        data.productDays = read(.productDaily, ProductDailyColumn.decode, into: &data, symbols)
        data.orders = read(.orders, OrderColumn.decode, into: &data, symbols)
        data.refunds = read(.refunds, RefundColumn.decode, into: &data, symbols)
        data.reviews = read(.reviews, ReviewColumn.decode, into: &data, symbols)
        data.questions = read(.questions, QuestionColumn.decode, into: &data, symbols)
        data.coupons = read(.coupons, CouponColumn.decode, into: &data, symbols)
        data.campaigns = read(.campaigns, CampaignColumn.decode, into: &data, symbols)
        data.adAccounts = read(.adAccount, AdAccountColumn.decode, into: &data, symbols)
        data.keywords = read(.keywords, KeywordColumn.decode, into: &data, symbols)
        data.keywordDays = read(.keywordDaily, KeywordDailyColumn.decode, into: &data, symbols)
        data.affiliateDays = read(.affiliates, AffiliateColumn.decode, into: &data, symbols)
        data.activities = read(.activities, ActivityColumn.decode, into: &data, symbols)
        data.agentDays = read(.csDaily, AgentDayColumn.decode, into: &data, symbols)
        data.artTasks = read(.artTasks, ArtTaskColumn.decode, into: &data, symbols)
        data.competitorDays = read(.competitors, CompetitorColumn.decode, into: &data, symbols)
        data.industryDays = read(.industryDaily, IndustryColumn.decode, into: &data, symbols)
        data.contentPosts = read(.contentPosts, ContentPostColumn.decode, into: &data, symbols)
        return data
    }

    func read<C: TableColumns, T>(_ file: DataFile, _ decode: @escaping (CSVRow<C>) throws(FieldError) -> T,
                                  into data: inout StoreData, _ symbols: SymbolTable) -> [T] {
        let (rows, report, issues) = DataDirectory.readTable(path: path(file), name: file.fileName, symbols: symbols, decode)
        data.files[file.fileName] = report
        data.issues += issues
        return rows
    }

    /// Reads one CSV file of the contract. Public to tests and the benchmark through `readFile`.
    static func readTable<C: TableColumns, T>(path: String, name: String, symbols: SymbolTable,
                                             _ decode: @escaping (CSVRow<C>) throws(FieldError) -> T) -> ([T], FileReport, [DataIssue]) {
        guard FileManager.default.fileExists(atPath: path) else {
            return ([], FileReport(file: name, state: .missing), [])
        }
        var reader = TableReader<C, T>(file: name, symbols: symbols, decode: decode)
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 1 << 20 {
            reader.rows.reserveCapacity(size / 90)
        }
        do {
            let (encoding, bytes) = try CSVFile.read(path: path, into: &reader)
            if !reader.sawHeader {
                return ([], FileReport(file: name, state: .loaded, encoding: encoding.name, byteCount: bytes),
                        [DataIssue(file: name, why: "empty file (no header line)", severity: .note)])
            }
            if let h = reader.headerError {
                return ([], FileReport(file: name, state: .unreadable(h), encoding: encoding.name, byteCount: bytes), reader.issues)
            }
            return (reader.rows, FileReport(file: name, state: .loaded, encoding: encoding.name, rowsRead: reader.rows.count,
                                            rowsSkipped: reader.skipped, columns: reader.present, byteCount: bytes), reader.issues)
        } catch {
            let why: String
            switch error { case .cannotOpen(let s): why = "cannot be read: \(s)"; case .notText(let s): why = s }
            return ([], FileReport(file: name, state: .unreadable(why)), [DataIssue(file: name, why: why)])
        }
    }
}
