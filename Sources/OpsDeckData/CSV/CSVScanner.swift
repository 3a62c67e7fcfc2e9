import OpsDeckCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One field of a record: a byte range of the scanner's buffer. `escaped` means the range
/// is the inside of a quoted field that still holds doubled quotes (`""`).
struct FieldRange {
    var start: Int
    var end: Int
    var escaped: Bool
}

/// How a record ended.
enum RecordEnd {
    case newline
    case endOfFileWithoutNewline   // the last line had no line break: maybe still being written
    case openQuoteAtEndOfFile      // a quoted field never closed: certainly still being written
}

protocol RecordHandler {
    /// `line` is the physical line the record starts on (1-based).
    mutating func record(_ buf: Bytes, _ fields: UnsafeBufferPointer<FieldRange>, line: Int, end: RecordEnd, malformed: String?)
}

/// An RFC 4180 scanner over bytes. Records are split on LF (a CR before it is dropped);
/// quoted fields may hold commas, doubled quotes and line breaks. Blank lines are skipped.
///
/// The fast path: find the line end with `memchr`; if the line holds no quote, split it on
/// commas without a state machine. Only lines with a `"` take the careful path.
struct CSVScanner {
    private(set) var line = 1
    private var fields: [FieldRange] = []

    init() { fields.reserveCapacity(32) }

    /// Scans the complete records of `buf`; returns how many bytes were consumed. Unless
    /// `final`, an incomplete record at the end is left for the next call.
    mutating func scan<H: RecordHandler>(_ buf: Bytes, final: Bool, into handler: inout H) -> Int {
        let n = buf.count
        guard n > 0, let base = buf.baseAddress else { return 0 }
        var i = 0
        while i < n {
            let recordStart = i
            let recordLine = line
            fields.removeAll(keepingCapacity: true)
            var malformed: String? = nil
            var end = RecordEnd.newline
            let nl = memchr(base + i, 0x0A, n - i)
            let lineEnd = nl.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? n
            if nl == nil && !final { return recordStart }
            if memchr(base + i, 0x22, lineEnd - i) == nil {
                // Fast path: no quotes on this line.
                var contentEnd = lineEnd
                if contentEnd > i && base[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                var f = i
                var j = i
                while j < contentEnd {
                    if base[j] == 0x2C {
                        fields.append(FieldRange(start: f, end: j, escaped: false))
                        f = j + 1
                    }
                    j += 1
                }
                fields.append(FieldRange(start: f, end: contentEnd, escaped: false))
                i = lineEnd + 1
                line += 1
                if nl == nil { end = .endOfFileWithoutNewline }
            } else {
                // Careful path: a state machine that may run past this line inside quotes.
                var j = i
                var newlines = 0
                var done = false
                fieldLoop: while !done {
                    if j < n && base[j] == 0x22 {
                        let qStart = j + 1
                        var k = qStart
                        var escaped = false
                        while true {
                            guard k < n else {
                                if !final { return recordStart }
                                fields.append(FieldRange(start: qStart, end: n, escaped: escaped))
                                end = .openQuoteAtEndOfFile
                                j = n; done = true
                                continue fieldLoop
                            }
                            let c = base[k]
                            if c == 0x22 {
                                if k + 1 < n && base[k + 1] == 0x22 { escaped = true; k += 2; continue }
                                if k + 1 >= n && !final { return recordStart }
                                break
                            }
                            if c == 0x0A { newlines += 1 }
                            k += 1
                        }
                        fields.append(FieldRange(start: qStart, end: k, escaped: escaped))
                        j = k + 1
                        // After the closing quote: a comma, a line end, or the end of input.
                        if j < n && base[j] != 0x2C && base[j] != 0x0A && !(base[j] == 0x0D && (j + 1 >= n || base[j + 1] == 0x0A)) {
                            malformed = "text after a closing quote"
                            while j < n && base[j] != 0x2C && base[j] != 0x0A { j += 1 }
                        }
                    } else {
                        let f = j
                        while j < n && base[j] != 0x2C && base[j] != 0x0A { j += 1 }
                        var e = j
                        if e > f && base[e - 1] == 0x0D && (j >= n || base[j] == 0x0A) { e -= 1 }
                        if memchr(base + f, 0x22, e - f) != nil && malformed == nil { malformed = "quote inside an unquoted field" }
                        fields.append(FieldRange(start: f, end: e, escaped: false))
                    }
                    if j >= n {
                        if !final { return recordStart }
                        end = .endOfFileWithoutNewline
                        done = true
                    } else if base[j] == 0x2C {
                        j += 1
                        if j >= n {
                            if !final { return recordStart }
                            fields.append(FieldRange(start: j, end: j, escaped: false))
                            end = .endOfFileWithoutNewline
                            done = true
                        }
                    } else if base[j] == 0x0D {
                        // CR LF after a closing quote (a CR inside an unquoted field was dropped above).
                        j += 1
                        if j < n && base[j] == 0x0A { j += 1 } else if !final { return recordStart } else { end = .endOfFileWithoutNewline }
                        done = true
                    } else {
                        j += 1 // the newline
                        done = true
                    }
                }
                i = j
                line += 1 + newlines
            }
            // Blank lines (nothing but an empty unquoted field) are skipped.
            if fields.count == 1 && fields[0].start == fields[0].end && !(fields[0].start > recordStart && base[fields[0].start - 1] == 0x22) {
                continue
            }
            fields.withUnsafeBufferPointer { handler.record(buf, $0, line: recordLine, end: end, malformed: malformed) }
        }
        return n
    }
}
