import Foundation
import OpsDeckCore
#if canImport(Glibc)
import Glibc
#endif

/// One data-directory file after an import (or an undo): its rows merged by key, ready to be
/// written whole. Rows keep the file's own header and columns; columns the import brings
/// that the file lacks are added at the end.
struct MergePlan {
    let target: DataFile
    var header: [String] = []
    var rows: [[String]] = []
    /// Where each part of the key is (nil: the file has no such column, so it is empty).
    var keyColumns: [Int?] = []
    var hadFile = false
    var counts: [(added: Int, replaced: Int, unchanged: Int)] = []
    /// Rows this plan adds, and rows of the file before it that it replaces (each once).
    var totalAdded = 0
    var totalReplaced = 0
    var removed = 0, restored = 0

    var changed: Bool { totalAdded > 0 || totalReplaced > 0 || removed > 0 || restored > 0 }

    /// The contract's columns of a target file (their English and Chinese names).
    static func specs(_ f: DataFile) -> [ColumnSpec] {
        switch f {
        case .storeDaily: StoreDailyColumn.allCases.map(\.spec)
        case .productDaily: ProductDailyColumn.allCases.map(\.spec)
        case .keywordDaily: KeywordDailyColumn.allCases.map(\.spec)
        case .orders: OrderColumn.allCases.map(\.spec)
        case .refunds: RefundColumn.allCases.map(\.spec)
        case .csDaily: AgentDayColumn.allCases.map(\.spec)
        default: []
        }
    }

    /// How a key's parts read in the file, so `2026/11/20` in an old row meets `2026-11-20`.
    static func keyKinds(_ f: DataFile, _ names: [String]) -> [ExportValue.Kind] {
        names.map { n in n == "date" ? .date : n == "hour" ? .hour : .id }
    }

    static func keyNames(_ f: DataFile) -> [String] {
        switch f {
        case .storeDaily: ["date", "hour"]
        case .productDaily: ["date", "item_id"]
        case .keywordDaily: ["date", "hour", "keyword_id"]
        case .orders: ["order_id"]
        case .refunds: ["refund_id"]
        case .csDaily: ["date", "agent"]
        default: []
        }
    }

    /// The file as it is now: header, rows, and each header cell's contract name.
    static func load(_ target: DataFile, path: String) throws -> (header: [String], canonical: [String?], rows: [[String]])? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var header: [String]?
        var rows: [[String]] = []
        try ExportFile.textSheet(path: path, label: target.fileName).rows { _, cells in
            if header == nil { header = cells.map(\.text); return true }
            rows.append(cells.map(\.text))
            return true
        }
        guard let header else { return ([], [], []) }
        let specs = specs(target)
        let canonical = header.map { h -> String? in
            let n = h.trimmingSpaces.lowercased()
            return specs.first { $0.matches(n) }?.name
        }
        return (header, canonical, rows)
    }

    /// Each contract column's place in a file's header (the first, when it appears twice).
    static func columnIndex(_ canonical: [String?]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (i, c) in canonical.enumerated() { if let c, out[c] == nil { out[c] = i } }
        return out
    }

    func key(_ row: [String], kinds: [ExportValue.Kind]) -> String {
        if keyColumns.count == 1 {
            guard let i = keyColumns[0], i < row.count else { return "" }
            return (try? ExportValue.normalize(row[i], kinds[0])) ?? row[i]
        }
        return zip(keyColumns, kinds).map { i, k in
            guard let i, i < row.count else { return "" }
            return (try? ExportValue.normalize(row[i], k)) ?? row[i]
        }.joined(separator: "\u{1F}")
    }

    static func make(target: DataFile, directory: URL, inputs: [Importer.Parsed]) throws -> MergePlan {
        var plan = MergePlan(target: target)
        var columnOf: [String: Int] = [:]
        let path = directory.appendingPathComponent(target.fileName).path
        if let existing = try load(target, path: path) {
            plan.hadFile = true
            plan.header = existing.header
            plan.rows = existing.rows
            columnOf = columnIndex(existing.canonical)
        }
        let keyNames = keyNames(target), kinds = keyKinds(target, keyNames)
        // Key columns first, so every row has a place for its key.
        for name in keyNames where columnOf[name] == nil {
            if inputs.contains(where: { $0.columns.contains(name) }) || name != "hour" { plan.addColumn(name, &columnOf) }
        }
        // New columns in the contract's order.
        let order = specs(target).map(\.name)
        let brought = Set(inputs.flatMap(\.columns))
        for c in order where brought.contains(c) && columnOf[c] == nil { plan.addColumn(c, &columnOf) }
        plan.keyColumns = keyNames.map { columnOf[$0] }
        var index: [String: Int] = [:]
        index.reserveCapacity(plan.rows.count + inputs.reduce(0) { $0 + $1.rows.count })
        let width = plan.header.count
        for i in plan.rows.indices {
            if plan.rows[i].count < width { plan.rows[i] += Array(repeating: "", count: width - plan.rows[i].count) }
            index[plan.key(plan.rows[i], kinds: kinds)] = i
        }
        let existingCount = plan.rows.count
        var replaced = Set<String>()
        for p in inputs {
            var c = (added: 0, replaced: 0, unchanged: 0)
            let places = p.columns.map { columnOf[$0]! }
            // For each column of the file, where a new row's value comes from (-1: none).
            var source = [Int](repeating: -1, count: width)
            for (j, at) in places.enumerated() { source[at] = j }
            // A new file written in the import's own column order: rows go in as they are.
            let identity = width == p.columns.count && source.enumerated().allSatisfy { $0.offset == $0.element }
            plan.rows.reserveCapacity(plan.rows.count + p.rows.count)
            for (k, values) in zip(p.keys, p.rows) {
                if let i = index[k] {
                    var row = plan.rows[i]
                    for (j, at) in places.enumerated() { row[at] = values[j] }
                    if row == plan.rows[i] { c.unchanged += 1; continue }
                    plan.rows[i] = row
                    if i < existingCount { c.replaced += 1; if replaced.insert(k).inserted { plan.totalReplaced += 1 } }
                } else {
                    plan.rows.append(identity ? values : source.map { $0 >= 0 ? values[$0] : "" })
                    index[k] = plan.rows.count - 1
                    plan.totalAdded += 1
                    c.added += 1
                }
            }
            plan.counts.append(c)
        }
        return plan
    }

    mutating func addColumn(_ name: String, _ columnOf: inout [String: Int]) {
        header.append(name)
        columnOf[name] = header.count - 1
        for i in rows.indices { rows[i].append("") }
    }

    /// What a batch changed, from the file before it and the file it wrote (both kept as
    /// second names of the same bytes): keys only after it were added, keys whose row differs
    /// were replaced. Worked out when it is undone, so an import writes no list of its own.
    static func changes(target: DataFile, before: URL, after: URL) throws -> (added: Set<String>, replaced: Set<String>) {
        let keyNames = keyNames(target), kinds = keyKinds(target, keyNames)
        guard let a = try load(target, path: after.path) else { return ([], []) }
        let names = a.canonical.compactMap { $0 }
        func rows(_ f: (header: [String], canonical: [String?], rows: [[String]])) -> [String: [String]] {
            var plan = MergePlan(target: target)
            let col = columnIndex(f.canonical)
            plan.keyColumns = keyNames.map { col[$0] }
            var out: [String: [String]] = [:]
            for r in f.rows { out[plan.key(r, kinds: kinds)] = names.map { n in col[n].map { $0 < r.count ? r[$0] : "" } ?? "" } }
            return out
        }
        let afterRows = rows(a)
        let beforeRows = try load(target, path: before.path).map(rows) ?? [:]
        var added = Set<String>(), replaced = Set<String>()
        for (k, r) in afterRows {
            if let old = beforeRows[k] { if old != r { replaced.insert(k) } } else { added.insert(k) }
        }
        return (added, replaced)
    }

    /// The file with a batch's rows taken back out.
    static func undo(target: DataFile, directory: URL, before: URL, after: URL) throws -> MergePlan {
        var plan = MergePlan(target: target)
        let keyNames = keyNames(target), kinds = keyKinds(target, keyNames)
        guard let current = try load(target, path: directory.appendingPathComponent(target.fileName).path) else { return plan }
        plan.hadFile = true
        plan.header = current.header
        let columnOf = columnIndex(current.canonical)
        plan.keyColumns = keyNames.map { columnOf[$0] }
        let (added, replaced) = try changes(target: target, before: before, after: after)
        // The rows as they were before the batch, put in this file's columns.
        var old: [String: [String]] = [:]
        if !replaced.isEmpty, let b = try load(target, path: before.path) {
            var beforePlan = MergePlan(target: target)
            let bCol = columnIndex(b.canonical)
            beforePlan.keyColumns = keyNames.map { bCol[$0] }
            for r in b.rows {
                let k = beforePlan.key(r, kinds: kinds)
                guard replaced.contains(k) else { continue }
                var row = Array(repeating: "", count: current.header.count)
                for (i, c) in current.canonical.enumerated() { if let c, let j = bCol[c], j < r.count { row[i] = r[j] } }
                old[k] = row
            }
        }
        for r in current.rows {
            let k = plan.key(r, kinds: kinds)
            if added.contains(k) { plan.removed += 1; continue }
            if let o = old[k] { plan.rows.append(o); plan.restored += 1; continue }
            plan.rows.append(r)
        }
        return plan
    }

    /// The file's bytes: the header, then the rows (a large file in two halves at once).
    func bytes() -> [UInt8] {
        guard rows.count > 50_000 else { return MergePlan.encode(rows[...], header: header) }
        let middle = rows.count / 2
        nonisolated(unsafe) var halves: [[UInt8]] = [[], []]
        nonisolated(unsafe) let rows = rows
        let header = header
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            halves[i] = i == 0 ? MergePlan.encode(rows[0..<middle], header: header) : MergePlan.encode(rows[middle...], header: nil)
        }
        return halves[0] + halves[1]
    }

    static func encode(_ rows: ArraySlice<[String]>, header: [String]?) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(rows.count * 100 + 256)
            func line(_ cells: [String]) {
                for (i, c) in cells.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    var s = c
                    s.withUTF8 { b in
                        var quote = b.first == 0x20 || b.last == 0x20
                        if !quote { for x in b where x == 0x2C || x == 0x22 || x == 0x0A || x == 0x0D { quote = true; break } }
                        if quote {
                            out.append(0x22)
                            for x in b { out.append(x); if x == 0x22 { out.append(0x22) } }
                            out.append(0x22)
                        } else {
                            out.append(contentsOf: b)
                        }
                    }
                }
                out.append(0x0A)
            }
            if let header { line(header) }
            for r in rows { line(r) }
            return out
    }

    /// The whole file, synced to disk before it is renamed into place.
    func write(to url: URL) throws {
        try MergePlan.write(bytes(), to: url)
    }

    static func write(_ out: [UInt8], to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Importer.ImportError("\(url.lastPathComponent): cannot be written: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var done = 0
        try out.withUnsafeBytes { b in
            while done < b.count {
                let n = Glibc.write(fd, b.baseAddress! + done, b.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw Importer.ImportError("\(url.lastPathComponent): cannot be written: \(String(cString: strerror(errno)))") }
                done += n
            }
        }
        guard fsync(fd) == 0 else { throw Importer.ImportError("\(url.lastPathComponent): cannot be synced: \(String(cString: strerror(errno)))") }
    }
}
