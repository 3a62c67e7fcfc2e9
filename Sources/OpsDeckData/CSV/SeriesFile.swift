import OpsDeckCore

/// A two-column `timestamp,value` series for `opsdeck diagnose --series`, read with the same
/// CSV reader as the data directory: CRLF (what Excel writes), a BOM, GB18030, quotes, and
/// every bad row named `file:line: column: why`. The header line is optional.
public enum SeriesFile {
    public struct Result: Sendable {
        public var points: [SeriesCheck.Point] = []
        public var problems: [DataIssue] = []
        /// Data rows in the file (header and blank lines not counted), read or not.
        public var rows = 0
    }

    struct Reader: RecordHandler {
        let name: String
        var result = Result()
        var first = true

        mutating func record(_ buf: Bytes, _ fields: UnsafeBufferPointer<FieldRange>, line: Int, end: RecordEnd, malformed: String?) {
            func cell(_ i: Int) -> Bytes {
                guard i < fields.count else { return Bytes(start: nil, count: 0) }
                var s = fields[i].start, e = fields[i].end
                while s < e && (buf[s] == 32 || buf[s] == 9) { s += 1 }
                while e > s && (buf[e - 1] == 32 || buf[e - 1] == 9) { e -= 1 }
                return Bytes(rebasing: buf[s..<e])
            }
            func text(_ b: Bytes) -> String { Sanitize.line(String(decoding: b, as: UTF8.self)) }
            let header = first
            first = false
            if end == .openQuoteAtEndOfFile { return problem(line, nil, "a quote is never closed") }
            if let malformed { result.rows += 1; return problem(line, nil, "malformed CSV: \(malformed)") }
            let stamp = cell(0)
            guard let t = ValueParser.timestamp(stamp) else {
                // The first line may name the columns.
                if header { return }
                result.rows += 1
                return problem(line, "timestamp", "not a date or time: \"\(text(stamp))\"")
            }
            result.rows += 1
            let value = cell(1)
            if ValueParser.isMissing(value) || text(value) == "—" { result.points.append(.init(at: t, value: nil)); return }
            do {
                let v = try ValueParser.decimal(value)
                guard v.isFinite else { return problem(line, "value", "not a number: \"\(text(value))\"") }
                result.points.append(.init(at: t, value: v))
            } catch {
                problem(line, "value", "not a number: \"\(text(value))\"")
            }
        }

        mutating func problem(_ line: Int, _ column: String?, _ why: String) {
            result.problems.append(DataIssue(file: name, line: line, column: column, why: why))
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        public var description: String { switch self { case .unreadable(let s): s } }
    }

    public static func read(path: String) throws(Failure) -> Result {
        var r = Reader(name: path)
        do { _ = try CSVFile.read(path: path, into: &r) } catch {
            switch error {
            case .cannotOpen(let why): throw .unreadable("\(path): cannot be read: \(why)")
            case .notText(let why): throw .unreadable("\(path): \(why)")
            }
        }
        return r.result
    }
}
