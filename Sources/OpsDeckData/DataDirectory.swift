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

    /// Reads every file, or only the given ones (the rest are left empty and unreported).
    public func load(only: Set<DataFile>? = nil) throws(Problem) -> StoreData {
        try validate()
        var data = StoreData()
        data.profile = StoreConfig.loadProfile(from: url.appendingPathComponent("store.toml"), issues: &data.issues)
        data.schedule = StoreConfig.loadSchedule(from: url.appendingPathComponent("schedule.toml"), issues: &data.issues)
        let context = ReadContext(symbols: data.symbols, orderIDs: data.orderIDs)
        data.storeDays = read(.storeDaily, StoreDailyColumn.decode, into: &data, context, only: only)
        data.products = read(.products, ProductColumn.decode, into: &data, context, only: only)
        data.productDays = read(.productDaily, ProductDailyColumn.decode, into: &data, context, only: only, rebase: { _, _ in })
        // orders.csv is most of the bytes. A large one is read in two parts at once (below);
        // a smaller one is read on a second thread while the other files are read here.
        let ordersAside = (only?.contains(.orders) ?? true) && fileSize(.orders) <= DataDirectory.parallelThreshold
        if !ordersAside {
            data.orders = read(.orders, OrderColumn.decode, into: &data, context, only: only, rebase: OrderColumn.rebase)
            readRest(into: &data, context, only: only)
        } else {
            // Each thread has its own tables; the orders' are merged into the shared ones after.
            nonisolated(unsafe) let local = ReadContext(symbols: SymbolTable(), orderIDs: TextArena())
            nonisolated(unsafe) let shared = context
            nonisolated(unsafe) var orders: ([Order], FileReport, [DataIssue])? = nil
            nonisolated(unsafe) var rest = data
            let path = path(.orders)
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 {
                    orders = DataDirectory.readTable(path: path, name: DataFile.orders.fileName, context: local, OrderColumn.decode, rebase: OrderColumn.rebase)
                } else {
                    readRest(into: &rest, shared, only: only)
                }
            }
            data = rest
            if let (loaded, report, issues) = orders {
                var rows = loaded
                let rb = Rebase(symbols: context.symbols.absorb(local.symbols),
                                orderBase: Int32(context.orderIDs.append(contentsOf: local.orderIDs)),
                                buyerBase: Int32(context.pendingBuyers.append(contentsOf: local.pendingBuyers)))
                for i in rows.indices { OrderColumn.rebase(&rows[i], rb) }
                data.orders = rows
                data.files[DataFile.orders.fileName] = report
                data.issues += issues
            }
        }
        OrderColumn.resolveBuyers(&data.orders, context)
        return data
    }

    private func fileSize(_ file: DataFile) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path(file)))?[.size] as? Int) ?? 0
    }

    /// Every file after orders.csv.
    private func readRest(into data: inout StoreData, _ context: ReadContext, only: Set<DataFile>?) {
        data.refunds = read(.refunds, RefundColumn.decode, into: &data, context, only: only)
        data.reviews = read(.reviews, ReviewColumn.decode, into: &data, context, only: only)
        data.questions = read(.questions, QuestionColumn.decode, into: &data, context, only: only)
        data.coupons = read(.coupons, CouponColumn.decode, into: &data, context, only: only)
        data.campaigns = read(.campaigns, CampaignColumn.decode, into: &data, context, only: only)
        data.adAccounts = read(.adAccount, AdAccountColumn.decode, into: &data, context, only: only)
        data.keywords = read(.keywords, KeywordColumn.decode, into: &data, context, only: only)
        data.keywordDays = read(.keywordDaily, KeywordDailyColumn.decode, into: &data, context, only: only, rebase: { _, _ in })
        data.affiliateDays = read(.affiliates, AffiliateColumn.decode, into: &data, context, only: only)
        data.activities = read(.activities, ActivityColumn.decode, into: &data, context, only: only)
        data.agentDays = read(.csDaily, AgentDayColumn.decode, into: &data, context, only: only)
        data.artTasks = read(.artTasks, ArtTaskColumn.decode, into: &data, context, only: only)
        data.competitorDays = read(.competitors, CompetitorColumn.decode, into: &data, context, only: only)
        data.industryDays = read(.industryDaily, IndustryColumn.decode, into: &data, context, only: only)
        data.contentPosts = read(.contentPosts, ContentPostColumn.decode, into: &data, context, only: only)
    }

    func read<C: TableColumns, T>(_ file: DataFile, _ decode: @escaping (CSVRow<C>) throws(FieldError) -> T,
                                  into data: inout StoreData, _ context: ReadContext, only: Set<DataFile>?,
                                  rebase: ((inout T, Rebase) -> Void)? = nil) -> [T] {
        if let only, !only.contains(file) { return [] }
        var (rows, report, issues) = DataDirectory.readTable(path: path(file), name: file.fileName, context: context, decode, rebase: rebase)
        if let m = (try? FileManager.default.attributesOfItem(atPath: path(file)))?[.modificationDate] as? Date {
            report.modified = StoreClock.now(timeZone: data.profile.timeZone, date: m)
        }
        data.files[file.fileName] = report
        data.issues += issues
        return rows
    }

    /// Files above this size are read in two parts at once (the machine has two cores).
    nonisolated(unsafe) static var parallelThreshold = 16 << 20

    /// Reads one CSV file of the contract.
    ///
    /// A large file whose rows can be `rebase`d (their symbols and order IDs moved from a
    /// private table to the shared one) is cut in two at a line break and its halves read on
    /// two threads. The first half decides: if the cut fell inside a quoted field, the halves
    /// are thrown away and the file is read in one piece.
    static func readTable<C: TableColumns, T>(path: String, name: String, context: ReadContext,
                                             _ decode: @escaping (CSVRow<C>) throws(FieldError) -> T,
                                             rebase: ((inout T, Rebase) -> Void)? = nil) -> ([T], FileReport, [DataIssue]) {
        guard FileManager.default.fileExists(atPath: path) else {
            return ([], FileReport(file: name, state: .missing), [])
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        var reader = TableReader<C, T>(file: name, context: context, decode: decode)
        do {
            if let rebase, size > parallelThreshold, let split = splitPoint(path: path, size: size),
               let result = try readInParts(path: path, size: size, split: split, reader: reader, rebase: rebase) {
                return result
            }
            if size > 1 << 20 { reader.rows.reserveCapacity(estimateRows(path: path, size: size)) }
            let (encoding, bytes, lines) = try CSVFile.read(path: path, into: &reader)
            var result = finish(reader, name: name, encoding: encoding, bytes: bytes)
            if !reader.endedInsideQuotes { result.1.appendPoint = AppendRead.point(path: path, end: bytes, lines: lines) }
            return result
        } catch {
            let why: String
            switch error { case .cannotOpen(let s): why = "cannot be read: \(s)"; case .notText(let s): why = s }
            return ([], FileReport(file: name, state: .unreadable(why)), [DataIssue(file: name, why: why)])
        }
    }

    static func finish<C, T>(_ reader: TableReader<C, T>, name: String, encoding: TextEncoding, bytes: Int) -> ([T], FileReport, [DataIssue]) {
        if !reader.sawHeader {
            return ([], FileReport(file: name, state: .loaded, encoding: encoding.name, byteCount: bytes),
                    [DataIssue(file: name, why: "empty file (no header line)", severity: .note)])
        }
        if let h = reader.headerError {
            return ([], FileReport(file: name, state: .unreadable(h), encoding: encoding.name, byteCount: bytes), reader.issues)
        }
        var report = FileReport(file: name, state: .loaded, encoding: encoding.name, rowsRead: reader.rows.count,
                                rowsSkipped: reader.skipped, columns: reader.present, byteCount: bytes)
        report.lastReadBytes = bytes
        return (reader.rows, report, reader.issues)
    }

    /// Rows in a file of this size, judged from its first 64 KB (to size arrays once).
    static func estimateRows(path: String, size: Int) -> Int {
        guard let h = FileHandle(forReadingAtPath: path), let head = try? h.read(upToCount: 1 << 16), !head.isEmpty else { return 0 }
        try? h.close()
        let lines = max(head.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, 1)
        return Int(Double(size) / Double(head.count) * Double(lines) * 1.02) + 16
    }

    /// The first line break after the middle of the file.
    static func splitPoint(path: String, size: Int) -> Int? {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? h.close() }
        let middle = size / 2
        try? h.seek(toOffset: UInt64(middle))
        guard let window = try? h.read(upToCount: 1 << 16), let nl = window.firstIndex(of: 0x0A) else { return nil }
        let split = middle + (nl - window.startIndex) + 1
        return split < size ? split : nil
    }

    static func readInParts<C: TableColumns, T>(path: String, size: Int, split: Int, reader: TableReader<C, T>,
                                               rebase: @escaping (inout T, Rebase) -> Void) throws(CSVFileError) -> ([T], FileReport, [DataIssue])? {
        let context = reader.context
        // The header first, so the second part knows the columns.
        var header = reader
        header.headerOnly = true
        _ = try CSVFile.read(path: path, range: 0..<min(size, 1 << 16), into: &header)
        guard header.sawHeader, header.headerError == nil else { return nil }

        let local = ReadContext(symbols: SymbolTable(), orderIDs: TextArena())
        let parts = UnsafeMutableBufferPointer<PartResult>.allocate(capacity: 2)
        defer { parts.deallocate() }
        parts.initialize(repeating: PartResult())
        nonisolated(unsafe) let out = parts
        // The first part's array is sized for the whole file: the second is appended to it.
        nonisolated(unsafe) var first = reader
        first.rows.reserveCapacity(estimateRows(path: path, size: size))
        nonisolated(unsafe) var second = header.continuation(context: local)
        second.rows.reserveCapacity(estimateRows(path: path, size: size - split))
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do {
                let r = i == 0 ? try CSVFile.read(path: path, range: 0..<split, into: &first)
                               : try CSVFile.read(path: path, range: split..<size, into: &second)
                out[i].encoding = r.encoding; out[i].bytes = r.bytes; out[i].lines = r.lines
            } catch let e as CSVFileError { out[i].error = e } catch {}
        }
        if let e = parts[0].error ?? parts[1].error { throw e }
        guard !first.endedInsideQuotes else { return nil }   // the cut was inside a quoted field

        // Move the second part's symbols and order IDs into the shared tables.
        let rb = Rebase(symbols: context.symbols.absorb(local.symbols),
                        orderBase: Int32(context.orderIDs.append(contentsOf: local.orderIDs)),
                        buyerBase: Int32(context.pendingBuyers.append(contentsOf: local.pendingBuyers)))
        for i in second.rows.indices { rebase(&second.rows[i], rb) }
        first.rows.append(contentsOf: second.rows)
        second.rows = []
        let lineOffset = parts[0].lines
        first.issues += second.issues.map { var i = $0; i.line = i.line.map { $0 + lineOffset }; return i }
        first.skipped += second.skipped
        let encoding = parts[0].encoding == .utf8 && parts[1].encoding != .utf8 ? parts[1].encoding : parts[0].encoding
        var result = finish(first, name: header.file, encoding: encoding, bytes: parts[0].bytes + parts[1].bytes)
        if !second.endedInsideQuotes {
            result.1.appendPoint = AppendRead.point(path: path, end: parts[0].bytes + parts[1].bytes, lines: parts[0].lines + parts[1].lines)
        }
        return result
    }
}

struct PartResult {
    var encoding = TextEncoding.utf8
    var bytes = 0
    var lines = 0
    var error: CSVFileError?
}
