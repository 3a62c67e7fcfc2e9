import OpsDeckCore

/// A contract column: its canonical English name and the names the platform exports.
public struct ColumnSpec: Sendable {
    public let name: String
    public let aliases: [String]
    public let required: Bool
    public init(_ name: String, _ aliases: String..., required: Bool = false) {
        self.name = name; self.aliases = aliases; self.required = required
    }
    /// Header cells match after trimming spaces, case-insensitively.
    func matches(_ normalized: String) -> Bool {
        normalized == name || aliases.contains { $0.lowercased() == normalized }
    }
}

/// The columns of one file, as an enum whose cases are positions in `spec`.
public protocol TableColumns: CaseIterable, RawRepresentable, Sendable where RawValue == Int, AllCases == [Self] {
    var spec: ColumnSpec { get }
}

/// A value that could not be read: which column and why.
public struct FieldError: Error, Sendable {
    public let column: String
    public let why: String
}

/// One record of a file, with typed accessors by column. A column absent from the header
/// and a missing value (`""`, `-`, `--`, `null`) both read as nil.
public struct CSVRow<C: TableColumns> {
    let buf: Bytes
    let fields: UnsafeBufferPointer<FieldRange>
    let map: UnsafeBufferPointer<Int>
    let scratch: Scratch
    let context: ReadContext
    public var symbols: SymbolTable { context.symbols }

    /// The trimmed bytes of a column, nil when absent or missing.
    @inline(__always)
    public func bytes(_ c: C) -> Bytes? {
        let fi = map[c.rawValue]
        guard fi >= 0, fi < fields.count else { return nil }
        let f = fields[fi]
        var s = f.start, e = f.end
        while s < e && (buf[s] == 32 || buf[s] == 9) { s += 1 }
        while e > s && (buf[e - 1] == 32 || buf[e - 1] == 9) { e -= 1 }
        let b = f.escaped ? scratch.unescape(UnsafeBufferPointer(rebasing: buf[s..<e])) : UnsafeBufferPointer(rebasing: buf[s..<e])
        return ValueParser.isMissing(b) ? nil : b
    }

    @inline(__always)
    func fail(_ c: C, _ why: String) -> FieldError { FieldError(column: c.spec.name, why: why) }

    /// Text as it is, control characters and all: sanitizing is the view's job.
    public func text(_ c: C) -> String? { bytes(c).map { String(decoding: $0, as: UTF8.self) } }

    public func required(_ c: C) throws(FieldError) -> String {
        guard let t = text(c) else { throw fail(c, "missing value") }
        return t
    }

    public func symbol(_ c: C) -> Symbol { bytes(c).map { symbols.intern($0) } ?? .none }

    /// Sets the value aside to be interned later in bulk; see `ReadContext.pendingBuyers`.
    func pendingBuyer(_ c: C) -> Symbol {
        bytes(c).map { Symbol(raw: Int32(context.pendingBuyers.append($0))) } ?? .none
    }

    public func count(_ c: C) throws(FieldError) -> Int64? {
        guard let b = bytes(c) else { return nil }
        do { return try ValueParser.integer(b) } catch { throw fail(c, "\(error.why): \(quote(b))") }
    }

    public func int(_ c: C, in range: ClosedRange<Int>) throws(FieldError) -> Int? {
        guard let v = try count(c) else { return nil }
        guard v >= Int64(range.lowerBound) && v <= Int64(range.upperBound) else {
            throw fail(c, "\(v) is outside \(range.lowerBound)–\(range.upperBound)")
        }
        return Int(v)
    }

    public func fen(_ c: C) throws(FieldError) -> Int64? {
        guard let b = bytes(c) else { return nil }
        do { return try ValueParser.fen(b) } catch { throw fail(c, "\(error.why): \(quote(b))") }
    }

    public func rate(_ c: C) throws(FieldError) -> Double? {
        guard let b = bytes(c) else { return nil }
        do { return try ValueParser.rate(b) } catch { throw fail(c, "\(error.why): \(quote(b))") }
    }

    public func decimal(_ c: C) throws(FieldError) -> Double? {
        guard let b = bytes(c) else { return nil }
        do { return try ValueParser.decimal(b) } catch { throw fail(c, "\(error.why): \(quote(b))") }
    }

    public func bool(_ c: C) throws(FieldError) -> Bool? {
        guard let b = bytes(c) else { return nil }
        do { return try ValueParser.bool(b) } catch { throw fail(c, "\(error.why): \(quote(b))") }
    }

    public func date(_ c: C) throws(FieldError) -> LocalDate? {
        guard let b = bytes(c) else { return nil }
        guard let d = ValueParser.date(b) else { throw fail(c, "not a date (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD): \(quote(b))") }
        return d
    }

    public func requiredDate(_ c: C) throws(FieldError) -> LocalDate {
        guard let d = try date(c) else { throw fail(c, "missing value") }
        return d
    }

    public func time(_ c: C) throws(FieldError) -> LocalTime? {
        guard let b = bytes(c) else { return nil }
        guard let t = ValueParser.timestamp(b) else { throw fail(c, "not a date and time (YYYY-MM-DD HH:MM[:SS]): \(quote(b))") }
        return t
    }

    /// A timestamp, or a bare `HH:MM` on the row's own date.
    public func time(_ c: C, on date: LocalDate) throws(FieldError) -> LocalTime? {
        guard let b = bytes(c) else { return nil }
        if let t = ValueParser.timestamp(b) { return t }
        if let s = ValueParser.clock(b) { return date.start.adding(seconds: Int64(s)) }
        throw fail(c, "not a time (HH:MM or YYYY-MM-DD HH:MM): \(quote(b))")
    }

    /// A value from a closed vocabulary: English code or Chinese label, case-insensitive.
    func choice<T>(_ c: C, _ vocab: Vocab<T>) throws(FieldError) -> T? {
        guard let b = bytes(c) else { return nil }
        guard let v = vocab.match(b) else { throw fail(c, "unknown value \(quote(b)) (expected one of: \(vocab.codes))") }
        return v
    }

    func quote(_ b: Bytes) -> String {
        var s = String(decoding: b, as: UTF8.self)
        if s.count > 40 { s = String(s.prefix(40)) + "…" }
        // Error text reaches a terminal: no control characters.
        return "\"" + String(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\u{FFFD}" : Character($0) }) + "\""
    }
}

/// Reusable buffer for fields that hold doubled quotes.
final class Scratch {
    private var storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
    deinit { storage.deallocate() }
    /// The field without its doubled quotes; valid until the next call.
    func unescape(_ b: Bytes) -> Bytes {
        if storage.count < b.count {
            storage.deallocate()
            storage = .allocate(capacity: b.count * 2)
        }
        var i = 0, n = 0
        while i < b.count {
            storage[n] = b[i]; n += 1
            if b[i] == 0x22 && i + 1 < b.count && b[i + 1] == 0x22 { i += 2 } else { i += 1 }
        }
        return UnsafeBufferPointer(rebasing: storage[0..<n])
    }
}

/// Reads one contract file into rows of `T`: header matching, row decoding, and the
/// file/line/column report of everything skipped.
/// What readers share while filling one snapshot: interned IDs and unique-text storage.
final class ReadContext {
    let symbols: SymbolTable
    let orderIDs: TextArena
    /// Buyer IDs waiting to be interned, all at once and on both cores, after the read.
    let pendingBuyers = TextArena()
    init(symbols: SymbolTable, orderIDs: TextArena) { self.symbols = symbols; self.orderIDs = orderIDs }
}

/// How to move a row read with a private context onto the shared one.
struct Rebase {
    let symbols: [Int32]
    let orderBase: Int32
    let buyerBase: Int32
}

struct TableReader<C: TableColumns, T>: RecordHandler {
    let file: String
    let context: ReadContext
    let decode: (CSVRow<C>) throws(FieldError) -> T
    var rows: [T] = []
    var issues: [DataIssue] = []
    var skipped = 0
    var map: [Int] = []
    var headerFields = 0
    var headerError: String? = nil
    var sawHeader = false
    var present: Set<String> = []
    let scratch = Scratch()
    /// Read the header line only (to share it with the readers of the file's parts).
    var headerOnly = false
    /// The part ended inside a quoted field: it was not cut at a record boundary.
    var endedInsideQuotes = false

    /// A reader for a later part of a file, sharing the header read from its first part.
    func continuation(context: ReadContext) -> TableReader {
        var r = TableReader(file: file, context: context, decode: decode)
        r.sawHeader = true; r.map = map; r.headerFields = headerFields; r.present = present; r.headerError = headerError
        return r
    }

    init(file: String, context: ReadContext, decode: @escaping (CSVRow<C>) throws(FieldError) -> T) {
        self.file = file; self.context = context; self.decode = decode
    }

    mutating func record(_ buf: Bytes, _ fields: UnsafeBufferPointer<FieldRange>, line: Int, end: RecordEnd, malformed: String?) {
        if !sawHeader {
            sawHeader = true
            readHeader(buf, fields, line: line)
            return
        }
        if headerError != nil || headerOnly { return }
        if end == .openQuoteAtEndOfFile { endedInsideQuotes = true }
        let incomplete = end != .newline
        if end == .openQuoteAtEndOfFile {
            issues.append(DataIssue(file: file, line: line, why: "incomplete last line (a quote is still open): read when complete", severity: .note))
            return
        }
        if let malformed {
            skipped += 1
            issues.append(DataIssue(file: file, line: line, why: "malformed CSV: \(malformed)"))
            return
        }
        if fields.count != headerFields {
            // Trailing empty fields (a spreadsheet's ragged edge) are harmless.
            let extraEmpty = fields.count > headerFields && fields[headerFields...].allSatisfy { $0.start == $0.end }
            if !extraEmpty {
                if incomplete { return note(line) }
                skipped += 1
                issues.append(DataIssue(file: file, line: line, why: "row has \(fields.count) fields, the header has \(headerFields)"))
                return
            }
        }
        let row = map.withUnsafeBufferPointer { m in
            CSVRow<C>(buf: buf, fields: fields, map: m, scratch: scratch, context: context)
        }
        do {
            rows.append(try decode(row))
        } catch {
            if incomplete { return note(line) }
            skipped += 1
            issues.append(DataIssue(file: file, line: line, column: error.column, why: error.why))
        }
    }

    mutating func note(_ line: Int) {
        issues.append(DataIssue(file: file, line: line, why: "incomplete last line (no line break yet): read when complete", severity: .note))
    }

    mutating func readHeader(_ buf: Bytes, _ fields: UnsafeBufferPointer<FieldRange>, line: Int) {
        headerFields = fields.count
        map = Array(repeating: -1, count: C.allCases.count)
        var unknown: [String] = []
        for (i, f) in fields.enumerated() {
            let cell = String(decoding: UnsafeBufferPointer(rebasing: buf[f.start..<f.end]), as: UTF8.self)
            let norm = cell.trimmingSpaces.lowercased()
            if let col = C.allCases.first(where: { $0.spec.matches(norm) }) {
                if map[col.rawValue] >= 0 {
                    issues.append(DataIssue(file: file, line: line, column: col.spec.name, why: "column appears twice; the first is used", severity: .note))
                } else {
                    map[col.rawValue] = i
                    present.insert(col.spec.name)
                }
            } else if !norm.isEmpty {
                unknown.append(cell.trimmingSpaces)
            }
        }
        if present.isEmpty {
            headerError = "no known column in the header line: not a \(file) export"
            issues.append(DataIssue(file: file, line: line, why: headerError!))
            return
        }
        let missing = C.allCases.filter { $0.spec.required && map[$0.rawValue] < 0 }
        if !missing.isEmpty {
            let names = missing.map { "\($0.spec.name) (\($0.spec.aliases.first ?? $0.spec.name))" }.joined(separator: ", ")
            headerError = "required column missing: \(names)"
            issues.append(DataIssue(file: file, line: line, why: headerError!))
            return
        }
        if !unknown.isEmpty {
            issues.append(DataIssue(file: file, line: line, why: "unknown columns ignored: \(unknown.joined(separator: ", "))", severity: .note))
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\u{3000}" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\u{3000}" { s.removeLast() }
        return String(s)
    }
}
