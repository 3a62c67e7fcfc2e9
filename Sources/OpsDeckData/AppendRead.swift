import Foundation
import OpsDeckCore
#if canImport(Glibc)
import Glibc
#endif

/// Reading only what was appended to a file since the last read. Exporters append to
/// orders.csv through the day; reading a million rows again for a thousand new ones would
/// freeze the screen for half a second each time.
enum AppendRead {
    static let window = 4096

    /// The point just past `end` bytes of the file, if the file ended there with a line feed.
    static func point(path: String, end: Int, lines: Int) -> AppendPoint? {
        guard end > 0, let fp = fingerprint(path: path, end: end), let last = bytes(path: path, at: end - 1, count: 1), last == [0x0A] else { return nil }
        return AppendPoint(offset: end, lines: lines, fingerprint: fp)
    }

    /// A hash of the first and the last `window` bytes before `end`.
    static func fingerprint(path: String, end: Int) -> UInt64? {
        guard let head = bytes(path: path, at: 0, count: min(window, end)),
              let tail = bytes(path: path, at: max(0, end - window), count: min(window, end)) else { return nil }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in head + tail { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h ^ UInt64(end)
    }

    static func bytes(path: String, at offset: Int, count: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out = [UInt8](repeating: 0, count: count)
        let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        return n == count ? out : nil
    }

    static func size(_ path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }

    /// Just past the last line feed in `from..<size`, nil if there is none yet.
    static func lastLineEnd(path: String, from: Int, size: Int) -> Int? {
        var end = size
        while end > from {
            let start = max(from, end - 65_536)
            guard let chunk = bytes(path: path, at: start, count: end - start) else { return nil }
            if let i = chunk.lastIndex(of: 0x0A) { return start + i + 1 }
            end = start
        }
        return nil
    }

    /// What was appended after `point`: nil when the file was rewritten (shorter, or other
    /// bytes before the point) or the new part cannot be read alone (then the whole file is
    /// read). A half-written last line waits for the next time.
    static func read<C: TableColumns, T>(path: String, name: String, point: AppendPoint, encoding: String?, context: ReadContext,
                                        _ decode: @escaping (CSVRow<C>) throws(FieldError) -> T) -> Tail<T>? {
        guard let size = size(path), size >= point.offset, fingerprint(path: path, end: point.offset) == point.fingerprint else { return nil }
        guard let end = lastLineEnd(path: path, from: point.offset, size: size) else {
            return Tail(rows: [], issues: [], skipped: 0, point: point)
        }
        var header = TableReader<C, T>(file: name, context: context, decode: decode)
        header.headerOnly = true
        guard (try? CSVFile.read(path: path, range: 0..<min(point.offset, 1 << 16), into: &header)) != nil,
              header.sawHeader, header.headerError == nil else { return nil }
        var reader = header.continuation(context: context)
        guard let r = try? CSVFile.read(path: path, range: point.offset..<end, known: TextEncoding(name: encoding), into: &reader),
              !reader.endedInsideQuotes, let fp = fingerprint(path: path, end: end) else { return nil }
        let issues = reader.issues.map { var i = $0; i.line = i.line.map { $0 + point.lines }; return i }
        return Tail(rows: reader.rows, issues: issues, skipped: reader.skipped,
                    point: AppendPoint(offset: end, lines: point.lines + r.lines, fingerprint: fp))
    }

    struct Tail<T> {
        var rows: [T]
        var issues: [DataIssue]
        var skipped: Int
        var point: AppendPoint
    }
}

extension DataDirectory {
    /// Adds what was appended to `file` to `data`; false when the whole file must be read.
    func appendTail(_ file: DataFile, to data: inout StoreData) -> Bool {
        guard let report = data.files[file.fileName], report.state == .loaded, let point = report.appendPoint else { return false }
        switch file {
        case .orders: return appendOrders(point, report, &data)
        case .storeDaily: return tail(file, point, StoreDailyColumn.decode, \.storeDays, &data)
        case .products: return tail(file, point, ProductColumn.decode, \.products, &data)
        case .productDaily: return tail(file, point, ProductDailyColumn.decode, \.productDays, &data)
        case .refunds: return tail(file, point, RefundColumn.decode, \.refunds, &data)
        case .reviews: return tail(file, point, ReviewColumn.decode, \.reviews, &data)
        case .questions: return tail(file, point, QuestionColumn.decode, \.questions, &data)
        case .coupons: return tail(file, point, CouponColumn.decode, \.coupons, &data)
        case .campaigns: return tail(file, point, CampaignColumn.decode, \.campaigns, &data)
        case .adAccount: return tail(file, point, AdAccountColumn.decode, \.adAccounts, &data)
        case .keywords: return tail(file, point, KeywordColumn.decode, \.keywords, &data)
        case .keywordDaily: return tail(file, point, KeywordDailyColumn.decode, \.keywordDays, &data)
        case .affiliates: return tail(file, point, AffiliateColumn.decode, \.affiliateDays, &data)
        case .activities: return tail(file, point, ActivityColumn.decode, \.activities, &data)
        case .csDaily: return tail(file, point, AgentDayColumn.decode, \.agentDays, &data)
        case .artTasks: return tail(file, point, ArtTaskColumn.decode, \.artTasks, &data)
        case .competitors: return tail(file, point, CompetitorColumn.decode, \.competitorDays, &data)
        case .industryDaily: return tail(file, point, IndustryColumn.decode, \.industryDays, &data)
        case .contentPosts: return tail(file, point, ContentPostColumn.decode, \.contentPosts, &data)
        }
    }

    private func tail<C: TableColumns, T>(_ file: DataFile, _ point: AppendPoint, _ decode: @escaping (CSVRow<C>) throws(FieldError) -> T,
                                          _ rows: WritableKeyPath<StoreData, [T]>, _ data: inout StoreData) -> Bool {
        // These tables hold no interned symbols: a private context is thrown away after.
        let context = ReadContext(symbols: SymbolTable(), orderIDs: TextArena())
        guard let t = AppendRead.read(path: path(file), name: file.fileName, point: point, encoding: data.files[file.fileName]?.encoding,
                                      context: context, decode) else { return false }
        data[keyPath: rows].append(contentsOf: t.rows)
        record(t, file, &data)
        return true
    }

    /// New orders are read with private tables, then moved onto copies of the snapshot's
    /// (the screen is still reading the snapshot's own on the other thread).
    private func appendOrders(_ point: AppendPoint, _ report: FileReport, _ data: inout StoreData) -> Bool {
        let local = ReadContext(symbols: SymbolTable(), orderIDs: TextArena())
        guard var t = AppendRead.read(path: path(.orders), name: DataFile.orders.fileName, point: point, encoding: report.encoding,
                                      context: local, OrderColumn.decode) else { return false }
        if !t.rows.isEmpty {
            OrderColumn.resolveBuyers(&t.rows, local)
            let symbols = data.symbols.copy(), ids = data.orderIDs.copy()
            let map = symbols.absorb(local.symbols)
            let base = Int32(ids.append(contentsOf: local.orderIDs))
            func moved(_ s: Symbol) -> Symbol { s.isNone ? s : Symbol(raw: map[Int(s.raw)]) }
            for i in t.rows.indices {
                t.rows[i].orderRef += base
                t.rows[i].item = moved(t.rows[i].item)
                t.rows[i].buyer = moved(t.rows[i].buyer)
                t.rows[i].activity = moved(t.rows[i].activity)
            }
            data.symbols = symbols; data.orderIDs = ids
            data.orders.append(contentsOf: t.rows)
        }
        record(t, .orders, &data)
        return true
    }

    private func record<T>(_ t: AppendRead.Tail<T>, _ file: DataFile, _ data: inout StoreData) {
        var r = data.files[file.fileName]!
        r.rowsRead += t.rows.count
        r.rowsSkipped += t.skipped
        r.lastReadBytes = t.point.offset - r.byteCount
        r.byteCount = t.point.offset
        r.appendPoint = t.point
        if let m = (try? FileManager.default.attributesOfItem(atPath: path(file)))?[.modificationDate] as? Date {
            r.modified = StoreClock.now(timeZone: data.profile.timeZone, date: m)
        }
        data.files[file.fileName] = r
        data.issues += t.issues
    }
}
