import OpsDeckCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum CSVFileError: Error, Equatable {
    case cannotOpen(String)
    case notText(String)
}

/// Streams a CSV file from disk through the scanner, a few megabytes at a time, so memory
/// stays flat however large the export. Decoding happens per chunk, cut at a line feed (LF
/// never occurs inside a multi-byte UTF-8 or GB18030 character): chunks are UTF-8 checked in
/// place, and only a GB18030 file pays for a conversion.
struct CSVFile {
    static let chunkSize = 1 << 20

    /// Reads `path`, feeding every record to `handler`. Returns the detected encoding and
    /// the number of bytes read.
    /// With `range`, reads only those bytes (a part of the file cut at a record boundary,
    /// for parallel reading); its records are numbered from line 1 of the part.
    /// `known`: the encoding of the whole file, for a part that does not start it.
    static func read<H: RecordHandler>(path: String, range: Range<Int>? = nil, known: TextEncoding = .undecided, into handler: inout H,
                                       chunkSize: Int = CSVFile.chunkSize) throws(CSVFileError) -> (encoding: TextEncoding, bytes: Int, lines: Int) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(String(cString: strerror(errno))) }
        defer { close(fd) }
        var offset = range?.lowerBound ?? 0
        let limit = range?.upperBound ?? Int.max

        var buf = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize * 2)
        defer { buf.deallocate() }
        var end = 0          // bytes in the buffer
        var ready = 0        // decoded bytes, ending at a line feed (or the end of the file)
        var consumed = 0     // bytes the scanner has finished with
        var total = 0
        var eof = false
        var first = true
        var encoding = TextEncoding.undecided
        var scanner = CSVScanner()

        while true {
            // Make room: drop what the scanner consumed, grow for one long record.
            if consumed > 0 {
                let keep = end - consumed
                if keep > 0 { memmove(buf.baseAddress!, buf.baseAddress! + consumed, keep) }
                end -= consumed; ready -= consumed; consumed = 0
            }
            if buf.count - end < chunkSize {
                let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buf.count * 2)
                bigger.baseAddress!.update(from: buf.baseAddress!, count: end)
                buf.deallocate(); buf = bigger
            }
            if !eof {
                let n = pread(fd, buf.baseAddress! + end, min(chunkSize, limit - offset), off_t(offset))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .cannotOpen(String(cString: strerror(errno)))
                }
                if n == 0 { eof = true } else { total += n; end += n; offset += n }
            }
            if first && (end >= 4 || eof) {
                first = false
                if range.map({ $0.lowerBound > 0 }) ?? false { encoding = known == .utf8BOM ? .utf8 : known }
                else {
                if end >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF {
                    encoding = .utf8BOM; consumed = 3; ready = 3
                } else if end >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF)) {
                    throw .notText("UTF-16 text: save the export as CSV (UTF-8 or GB18030)")
                }
                if memchr(buf.baseAddress!, 0, min(end, 8192)) != nil {
                    throw .notText("binary data (NUL bytes): not a CSV file")
                }
                }
            }
            // Cut at the last line feed; at the end of the file everything is complete.
            var cut = end
            if !eof {
                var k = end
                while k > ready && buf[k - 1] != 0x0A { k -= 1 }
                if k == ready { continue }          // no complete line yet: read more
                cut = k
            }
            if cut > ready {
                let grown = decode(&buf, from: ready, to: cut, end: &end, encoding: &encoding)
                ready = cut + grown
            }
            let scanned = scanner.scan(UnsafeBufferPointer(rebasing: buf[consumed..<ready]), final: eof && ready == end, into: &handler)
            consumed += scanned
            if eof && ready == end { break }
        }
        return (encoding == .undecided ? .utf8 : encoding, total, scanner.line - 1)
    }

    /// Checks or converts `buf[from..<to]` to UTF-8 in place. Returns how many bytes the
    /// region grew by (a conversion changes its length; the raw tail after it moves).
    private static func decode(_ buf: inout UnsafeMutableBufferPointer<UInt8>, from: Int, to: Int, end: inout Int, encoding: inout TextEncoding) -> Int {
        let region = UnsafeBufferPointer(rebasing: buf[from..<to])
        switch encoding {
        case .undecided, .utf8, .utf8BOM:
            guard let firstHigh = UTF8Check.firstNonASCII(region) else { return 0 }
            if UTF8Check.isValid(UnsafeBufferPointer(rebasing: region[(region.startIndex + firstHigh)...])) {
                if encoding == .undecided { encoding = .utf8 }
                return 0
            }
            // Not UTF-8. If nothing but ASCII came before, it is most likely GB18030 (what
            // Chinese Excel saves); the reading that needs fewer replacements wins, UTF-8 on a tie.
            if encoding == .undecided {
                let gb = GB18030Converter.convert(region)
                if gb.replaced < UTF8Check.errors(region) {
                    encoding = gb.replaced == 0 ? .gb18030 : .gb18030Lenient
                    return replace(&buf, from: from, to: to, end: &end, with: gb.bytes)
                }
                encoding = .utf8Lenient
                return replace(&buf, from: from, to: to, end: &end, with: Array(String(decoding: region, as: UTF8.self).utf8))
            }
            encoding = .utf8Lenient
            return replace(&buf, from: from, to: to, end: &end, with: Array(String(decoding: region, as: UTF8.self).utf8))
        case .utf8Lenient:
            if UTF8Check.isValid(region) { return 0 }
            return replace(&buf, from: from, to: to, end: &end, with: Array(String(decoding: region, as: UTF8.self).utf8))
        case .gb18030, .gb18030Lenient:
            if UTF8Check.firstNonASCII(region) == nil { return 0 }
            return replace(&buf, from: from, to: to, end: &end, with: convertGB(region, &encoding))
        }
    }

    private static func convertGB(_ region: Bytes, _ encoding: inout TextEncoding) -> [UInt8] {
        let (bytes, replaced) = GB18030Converter.convert(region)
        if replaced > 0 { encoding = .gb18030Lenient }
        return bytes
    }

    private static func replace(_ buf: inout UnsafeMutableBufferPointer<UInt8>, from: Int, to: Int, end: inout Int, with bytes: [UInt8]) -> Int {
        let delta = bytes.count - (to - from)
        let tail = end - to
        if end + delta > buf.count {
            let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: (end + delta) * 2)
            bigger.baseAddress!.update(from: buf.baseAddress!, count: end)
            buf.deallocate(); buf = bigger
        }
        if tail > 0 { memmove(buf.baseAddress! + to + delta, buf.baseAddress! + to, tail) }
        bytes.withUnsafeBufferPointer { (buf.baseAddress! + from).update(from: $0.baseAddress!, count: $0.count) }
        end += delta
        return delta
    }
}

/// The bare scanner over a file, for measuring CSV throughput (`Benchmarks/`).
public enum CSVThroughput {
    struct Count: RecordHandler {
        var records = 0
        var fields = 0
        mutating func record(_ buf: Bytes, _ f: UnsafeBufferPointer<FieldRange>, line: Int, end: RecordEnd, malformed: String?) {
            records += 1; fields += f.count
        }
    }

    /// Scans the file into records and fields (no typed decoding); returns the counts.
    public static func scan(path: String) throws -> (records: Int, fields: Int, bytes: Int) {
        var c = Count()
        let r = try CSVFile.read(path: path, into: &c)
        return (c.records, c.fields, r.bytes)
    }
}
