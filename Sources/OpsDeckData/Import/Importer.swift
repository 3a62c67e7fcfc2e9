import Foundation
import OpsDeckCore
#if canImport(Glibc)
import Glibc
#endif

/// What one input file gave.
public struct ImportFileResult: Sendable {
    public var file: String
    /// The export family it was recognised as; nil when it was not (then `why` says so).
    public var family: String?
    public var why: String?
    public var target: String?
    public var rowsRead = 0
    public var added = 0
    public var replaced = 0
    public var unchanged = 0
    public var skipped = 0
    public var unmapped: [String] = []
    public var personal: [String] = []
    public var from: LocalDate?
    public var to: LocalDate?
    /// `file:line: column: why` (a workbook: `file[sheet]:row: column: why`).
    public var problems: [String] = []
    public var notes: [String] = []

    public var recognised: Bool { family != nil }
    public var whole: Bool { recognised && skipped == 0 }
}

public struct ImportResult: Sendable {
    /// The batch name, when something was written.
    public var batch: String?
    public var files: [ImportFileResult] = []
    public var dryRun = false
}

/// Imports the platforms' downloads into the data directory (see `families.toml`).
///
/// Each target file is written whole to a temporary file beside it, the batch is journaled,
/// then the files are renamed into place (a crash leaves the old file or the new one, never
/// a mix; a batch journaled but not finished is completed the next time). What a batch added
/// and the files it replaced are kept under `.opsdeck/imports/BATCH/`, so `undo` takes its
/// rows back out exactly.
public struct Importer {
    public let directory: URL
    public let store: StateStore
    public var operatorName: String
    public var now: LocalTime
    let families: ImportFamilies

    public init(directory: URL, store: StateStore, operatorName: String, now: LocalTime) throws {
        self.directory = directory; self.store = store; self.operatorName = operatorName; self.now = now
        do { families = try ImportFamilies.load(dataDirectory: directory) } catch let e as ExportFileError {
            throw ImportError(e.description)
        }
    }

    public struct ImportError: Error, CustomStringConvertible {
        public let description: String
        public init(_ d: String) { description = d }
    }

    var importsFolder: URL { directory.appendingPathComponent(StateStore.folderName).appendingPathComponent("imports") }

    // MARK: reading

    /// One recognised table's rows, in the target's column names.
    struct Parsed {
        var family: ImportFamily
        var columns: [String]          // the target columns this file gave
        var rows: [[String]]           // values in `columns` order
        var keys: [String]
    }

    /// Reads a file: the first of its tables whose header is recognised.
    func read(path: String, display: String, scratch: URL) -> (ImportFileResult, Parsed?) {
        var result = ImportFileResult(file: display)
        let sheets: [ExportSheet]
        do { sheets = try ExportFile.sheets(path: path, name: display, scratch: scratch) } catch {
            result.why = "\(error)"
            return (result, nil)
        }
        let fileDay = ImportNames.day(inFileName: (display as NSString).lastPathComponent)
        for sheet in sheets {
            var converter: RowConverter?
            var headerLine = 0
            do {
                // A large text file: find the header, then read the rest in two parts at once.
                if let text = sheet.textPath, let size = AppendRead.size(text), size > Importer.parallelThreshold {
                    // The header is in the first rows: only they are read for it.
                    var thrown: Error?
                    var head = ExportFile.RowCollector { line, cells in
                        if line > 30 { return false }
                        do { converter = try recognise(cells, fileDay: fileDay) } catch { thrown = error }
                        if converter == nil && thrown == nil { return true }
                        headerLine = line
                        return false
                    }
                    do { _ = try CSVFile.read(path: text, range: 0..<min(size, 256 << 10), into: &head) } catch {
                        throw ExportFileError(description: "\(error)")
                    }
                    if let thrown { throw thrown }
                    if let c = converter, let done = try Importer.readInParts(path: text, size: size, label: sheet.label, after: headerLine, converter: c) {
                        return (done.result(result), done.parsed)
                    }
                    converter = nil
                }
                try sheet.rows { line, cells in
                    guard converter != nil else {
                        if line > 30 { return false }
                        converter = try recognise(cells, fileDay: fileDay)
                        return true
                    }
                    converter!.add(cells, line: line, place: sheet.place)
                    return true
                }
            } catch {
                result.why = "\(sheet.label): \(error)"
                return (result, nil)
            }
            if let c = converter { return (c.result(result), c.parsed) }
        }
        result.why = "not recognised: no known report header in its first 30 rows (the families and their column names are in families.toml; add your own in imports.toml)"
        return (result, nil)
    }

    /// A header row: the converter for the family it names, nil when it names none.
    func recognise(_ cells: [ExportCell], fileDay: LocalDate?) throws -> RowConverter? {
        guard let found = families.match(cells.map(\.text)) else { return nil }
        return try RowConverter(found, fileDay: fileDay)
    }

    /// Text files above this size are read in two parts on the two cores.
    nonisolated(unsafe) static var parallelThreshold = 8 << 20

    /// The rows after the header line in two halves cut at a line break, each converted on its
    /// own thread; nil when the cut fell inside a quoted field (then the file is read in one).
    static func readInParts(path: String, size: Int, label: String, after headerLine: Int, converter: RowConverter) throws -> RowConverter? {
        guard let split = DataDirectory.splitPoint(path: path, size: size) else { return nil }
        final class Part: @unchecked Sendable {
            var converter: RowConverter
            var lines = 0
            var openQuote = false
            var error: Error?
            init(_ c: RowConverter) { converter = c }
        }
        let parts = [Part(converter), Part(converter)]
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let part = parts[i]
            // The second part's lines are numbered from its start; they are moved after.
            var collector = ByteRows { buf, fields, line in
                if i == 0 && line <= headerLine { return }
                part.converter.add(bytes: buf, fields, line: line, label: label)
            }
            do {
                let r = try CSVFile.read(path: path, range: i == 0 ? 0..<split : split..<size, into: &collector)
                part.lines = r.lines
                part.openQuote = collector.openQuote
            } catch { part.error = error }
        }
        if let e = parts[0].error ?? parts[1].error { throw ExportFileError(description: "\(e)") }
        guard !parts[0].openQuote else { return nil }
        var whole = parts[0].converter
        whole.append(parts[1].converter, lineOffset: parts[0].lines, label: label)
        return whole
    }

    // MARK: a batch

    /// Imports the files (folders: every file in them) into the data directory.
    /// `display` names a file in the lines and problems (the inbox shows names, not paths).
    public func run(_ paths: [String], dryRun: Bool = false, display: (String) -> String = { $0 }) throws -> ImportResult {
        try recover()
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("opsdeck-import-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var result = ImportResult(dryRun: dryRun)
        var clock = PhaseClock()
        defer { clock.report() }
        var parsed: [(Int, Parsed)] = []
        for path in ImportNames.expand(paths) {
            let (r, p) = read(path: path, display: display(path), scratch: scratch)
            result.files.append(r)
            if let p { parsed.append((result.files.count - 1, p)) }
        }
        clock.mark("read")
        Importer.join(&parsed, into: &result)
        // Merge target by target.
        var plans: [MergePlan] = []
        for target in Set(parsed.map(\.1.family.target.fileName)).sorted() {
            let group = parsed.filter { $0.1.family.target.fileName == target }
            let plan = try MergePlan.make(target: DataFile(rawValue: target)!, directory: directory, inputs: group.map(\.1))
            for (n, (fi, _)) in group.enumerated() {
                result.files[fi].added = plan.counts[n].added
                result.files[fi].replaced = plan.counts[n].replaced
                result.files[fi].unchanged = plan.counts[n].unchanged
            }
            if plan.changed { plans.append(plan) }
        }
        clock.mark("merge")
        guard !dryRun, !plans.isEmpty else { return result }
        let batch = ImportNames.batchName(now)
        try commit(batch: batch, plans: plans, files: result.files)
        clock.mark("write, journal, rename")
        result.batch = batch
        return result
    }

    /// The classic order export: the detail file's items and quantities onto the orders.
    static func join(_ parsed: inout [(Int, Parsed)], into result: inout ImportResult) {
        let details = parsed.filter { $0.1.family.joins != nil }
        guard !details.isEmpty else { return }
        parsed.removeAll { $0.1.family.joins != nil }
        var items: [String: (item: String, quantity: Int64?, lines: Int)] = [:]
        for (_, d) in details {
            let oi = d.columns.firstIndex(of: "order_id")!, ii = d.columns.firstIndex(of: "item_id")!
            let qi = d.columns.firstIndex(of: "quantity")
            for row in d.rows {
                let q = qi.flatMap { Int64(row[$0]) }
                if var e = items[row[oi]] {
                    e.lines += 1
                    e.quantity = e.quantity.flatMap { a in q.map { a + $0 } }
                    items[row[oi]] = e
                } else { items[row[oi]] = (row[ii], q, 1) }
            }
        }
        var joined = Set<String>()
        for n in parsed.indices where parsed[n].1.family.id == details[0].1.family.joins {
            var p = parsed[n].1
            for col in ["item_id", "quantity"] where !p.columns.contains(col) {
                p.columns.append(col); for i in p.rows.indices { p.rows[i].append("") }
            }
            let oi = p.columns.firstIndex(of: "order_id")!, ii = p.columns.firstIndex(of: "item_id")!, qi = p.columns.firstIndex(of: "quantity")!
            var several = 0
            for i in p.rows.indices {
                guard let e = items[p.rows[i][oi]] else { continue }
                joined.insert(p.rows[i][oi])
                p.rows[i][ii] = e.item
                if let q = e.quantity { p.rows[i][qi] = String(q) }
                if e.lines > 1 { several += 1 }
            }
            if several > 0 { result.files[parsed[n].0].notes.append("\(several) orders have several items: the first item is kept, the quantities are added up") }
            parsed[n].1 = p
        }
        for (fi, d) in details {
            let oi = d.columns.firstIndex(of: "order_id")!
            let orphans = Set(d.rows.map { $0[oi] }).subtracting(joined).count
            result.files[fi].notes.append(orphans == 0 ? "joined to the order list by order number"
                                          : "\(orphans) orders are not in the order list of this import: their lines were not imported")
            result.files[fi].target = "orders.csv"
        }
    }

    struct BatchRecord: Codable {
        struct Target: Codable { var file: String; var temp: String; var added: Int; var replaced: Int; var hadFile: Bool }
        struct File: Codable { var file: String; var family: String?; var rows: Int; var skipped: Int }
        var batch: String
        var targets: [Target]
        var files: [File]
    }

    func commit(batch: String, plans: [MergePlan], files: [ImportFileResult]) throws {
        let folder = importsFolder.appendingPathComponent(batch)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var targets: [BatchRecord.Target] = []
        for plan in plans {
            let temp = "\(plan.target.fileName).import-\(batch).tmp"
            try plan.write(to: directory.appendingPathComponent(temp))
            // The file before and the file after (second names for the same bytes, no copies):
            // what the batch changed is worked out from them when it is undone.
            let current = directory.appendingPathComponent(plan.target.fileName)
            if FileManager.default.fileExists(atPath: current.path) {
                try FileManager.default.linkItem(at: current, to: folder.appendingPathComponent(plan.target.fileName + ".before"))
            }
            try FileManager.default.linkItem(at: directory.appendingPathComponent(temp), to: folder.appendingPathComponent(plan.target.fileName + ".after"))
            targets.append(.init(file: plan.target.fileName, temp: temp, added: plan.totalAdded, replaced: plan.totalReplaced, hadFile: plan.hadFile))
        }
        let record = BatchRecord(batch: batch, targets: targets,
                                 files: files.map { .init(file: $0.file, family: $0.family, rows: $0.rowsRead, skipped: $0.skipped) })
        let detail = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        try store.appendImportEvent(batch: batch, kind: "prepared", at: now.description, operatorName: operatorName, detail: detail)
        try finish(record)
        prune()
    }

    /// How many batches keep what undo needs. Each keeps its files before and after (second
    /// names, but a replaced file's bytes live on through them), so an order file imported
    /// many times a day would fill the disk; older batches can no longer be undone.
    static let undoable = 20

    func prune() {
        // In the order the journal has them (names made in one second do not sort by time).
        guard let events = try? store.importEvents() else { return }
        let keep = Set(events.filter { $0.kind == "prepared" }.map(\.batch).suffix(Importer.undoable))
        for name in (try? FileManager.default.contentsOfDirectory(atPath: importsFolder.path)) ?? [] where !keep.contains(name) {
            try? FileManager.default.removeItem(at: importsFolder.appendingPathComponent(name))
        }
    }


    /// Renames a prepared batch's files into place and journals it committed.
    func finish(_ record: BatchRecord) throws {
        for t in record.targets {
            let temp = directory.appendingPathComponent(t.temp)
            if FileManager.default.fileExists(atPath: temp.path) {
                guard rename(temp.path, directory.appendingPathComponent(t.file).path) == 0 else {
                    throw ImportError("\(t.file): cannot be replaced: \(String(cString: strerror(errno)))")
                }
            }
        }
        fsyncDirectory(directory)
        try store.appendImportEvent(batch: record.batch, kind: "committed", at: now.description, operatorName: operatorName, detail: "{}")
    }

    /// A batch interrupted after it was journaled is completed; one interrupted before leaves
    /// only temporary files, which are removed.
    public func recover() throws {
        let events = try store.importEvents()
        let committed = Set(events.filter { $0.kind == "committed" }.map(\.batch))
        for e in events where e.kind == "prepared" && !committed.contains(e.batch) {
            if let r = try? JSONDecoder().decode(BatchRecord.self, from: Data(e.detail.utf8)) { try finish(r) }
        }
        let prepared = Set(events.filter { $0.kind == "prepared" }.map(\.batch))
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where name.hasSuffix(".tmp") && name.contains(".import-") {
            let batch = name.components(separatedBy: ".import-").last!.replacingOccurrences(of: ".tmp", with: "")
            if !prepared.contains(batch) { try? FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
        }
    }

    // MARK: list and undo

    public struct Batch: Sendable {
        public var name: String
        public var at: String
        public var operatorName: String
        public var files: [(file: String, family: String?, rows: Int, skipped: Int)]
        public var targets: [(file: String, added: Int, replaced: Int)]
        public var state: String     // committed, undone, interrupted
    }

    /// The batches, oldest first (an interrupted one is finished first).
    public func batches() throws -> [Batch] {
        try recover()
        let events = try store.importEvents()
        return events.filter { $0.kind == "prepared" }.compactMap { e in
            guard let r = try? JSONDecoder().decode(BatchRecord.self, from: Data(e.detail.utf8)) else { return nil }
            let kinds = Set(events.filter { $0.batch == e.batch }.map(\.kind))
            return Batch(name: e.batch, at: e.at, operatorName: e.operatorName, files: r.files.map { ($0.file, $0.family, $0.rows, $0.skipped) },
                         targets: r.targets.map { ($0.file, $0.added, $0.replaced) },
                         state: kinds.contains("undone") ? "undone" : !kinds.contains("committed") ? "interrupted"
                            : FileManager.default.fileExists(atPath: importsFolder.appendingPathComponent(e.batch).path) ? "committed" : "committed (too old to undo)")
        }
    }

    /// Takes a batch's rows back out: rows it added are removed, rows it replaced come back.
    public func undo(_ batch: String) throws -> [(file: String, removed: Int, restored: Int)] {
        try recover()
        let events = try store.importEvents()
        guard let prepared = events.first(where: { $0.batch == batch && $0.kind == "prepared" }),
              let record = try? JSONDecoder().decode(BatchRecord.self, from: Data(prepared.detail.utf8)) else {
            throw ImportError("no import batch \(batch) (opsdeck import --list shows them)")
        }
        if events.contains(where: { $0.batch == batch && $0.kind == "undone" }) { throw ImportError("batch \(batch) was already undone") }
        let folder = importsFolder.appendingPathComponent(batch)
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw ImportError("batch \(batch) is too old to undo: only the last \(Importer.undoable) batches keep their files")
        }
        var out: [(String, Int, Int)] = []
        var plans: [MergePlan] = []
        for t in record.targets {
            let plan = try MergePlan.undo(target: DataFile(rawValue: t.file)!, directory: directory,
                                          before: folder.appendingPathComponent(t.file + ".before"), after: folder.appendingPathComponent(t.file + ".after"))
            out.append((t.file, plan.removed, plan.restored))
            plans.append(plan)
        }
        for plan in plans {
            let temp = directory.appendingPathComponent("\(plan.target.fileName).undo-\(batch).tmp")
            try plan.write(to: temp)
            guard rename(temp.path, directory.appendingPathComponent(plan.target.fileName).path) == 0 else {
                throw ImportError("\(plan.target.fileName): cannot be replaced: \(String(cString: strerror(errno)))")
            }
        }
        fsyncDirectory(directory)
        try store.appendImportEvent(batch: batch, kind: "undone", at: now.description, operatorName: operatorName, detail: "{}")
        return out
    }

    func fsyncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}

enum ImportNames {
    /// Every file under the paths, hidden ones and the inbox's own folders left out.
    static func expand(_ paths: [String]) -> [String] {
        var out: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { out.append(p); continue }
            if !isDir.boolValue { out.append(p); continue }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []).sorted()
            for n in names where !n.hasPrefix(".") && n != "imported" && n != "rejected" && !n.hasSuffix(".why.txt") {
                out += expand([(p as NSString).appendingPathComponent(n)])
            }
        }
        return out
    }

    static let datePattern = try! NSRegularExpression(pattern: "(20\\d\\d)[-_]?(\\d\\d)[-_]?(\\d\\d)")

    /// The day a one-day report's file name gives: one date, or a range of one day.
    static func day(inFileName name: String) -> LocalDate? {
        let ns = name as NSString
        let dates = datePattern.matches(in: name, range: NSRange(location: 0, length: ns.length)).compactMap { m -> LocalDate? in
            guard let y = Int(ns.substring(with: m.range(at: 1))), let mo = Int(ns.substring(with: m.range(at: 2))),
                  let d = Int(ns.substring(with: m.range(at: 3))) else { return nil }
            return LocalDate(year: y, month: mo, day: d)
        }
        guard let first = dates.first, dates.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    static func batchName(_ now: LocalTime) -> String {
        let s = Int(now.secondOfDay)
        let c = now.date.components
        return String(format: "%04d%02d%02d-%02d%02d%02d-%@", c.year, c.month, c.day, s / 3600, s % 3600 / 60, s % 60, String(UUID().uuidString.prefix(4)).lowercased())
    }
}

/// Hands each record's bytes on as they are (the two-part read of a large text file).
struct ByteRows: RecordHandler {
    let body: (Bytes, UnsafeBufferPointer<FieldRange>, Int) -> Void
    var openQuote = false
    mutating func record(_ buf: Bytes, _ fields: UnsafeBufferPointer<FieldRange>, line: Int, end: RecordEnd, malformed: String?) {
        if end == .openQuoteAtEndOfFile { openQuote = true; return }
        body(buf, fields, line)
    }
}

/// `OPSDECK_IMPORT_TIMINGS=1`: where an import's time goes, to standard error (benchmarks).
struct PhaseClock {
    let on = ProcessInfo.processInfo.environment["OPSDECK_IMPORT_TIMINGS"] == "1"
    var last = DispatchTime.now().uptimeNanoseconds
    var lines: [String] = []
    mutating func mark(_ what: String) {
        guard on else { return }
        let t = DispatchTime.now().uptimeNanoseconds
        lines.append(String(format: "%8.1f ms  %@", Double(t - last) / 1e6, what))
        last = t
    }
    func report() { if on { FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8)) } }
}
