import Foundation
import OpsDeckCore

/// The value forms real exports use, turned into the data contract's own: `¥`/`￥`/`元`,
/// thousands, `%` text or a fraction, `万`/`亿`, `="…"` and a leading `'`, the date forms
/// (`2026/11/20`, `20261120`, `2026年11月20日`, Excel serials), and `-`, `--`, `/`, `暂无`,
/// `N/A` for unknown — never zero.
enum ExportValue {
    enum Kind: String, Sendable {
        case date, hour, timestamp, count, money, rate, seconds, text, id
        case orderStatus = "order_status", refundStatus = "refund_status", yesNo = "yes_no", ruling
    }

    struct Problem: Error { let why: String }

    /// Excel wrappers and padding off; nil when the value means "unknown".
    static func clean(_ raw: String) -> String? {
        // Most cells are plain: no padding, no wrapper, not a missing marker. A million-row
        // export has ten million of them, so they are looked at byte by byte, once.
        let u = raw.utf8
        guard let first = u.first else { return nil }
        if first > 0x20 && first != 0x3D && first != 0x27 && first != 0x2D && first != 0x2F && first < 0x80,
           let last = u.last, last > 0x20 && last < 0x80, !(u.count <= 4 && (first | 0x20) == 0x6E) {
            return raw
        }
        return cleanSlow(raw)
    }

    static func cleanSlow(_ raw: String) -> String? {
        let b = Array(raw.utf8)
        return b.withUnsafeBufferPointer { p -> String? in
            guard let r = cleanRange(p) else { return nil }
            return r == 0..<p.count ? raw : String(decoding: Bytes(rebasing: p[r]), as: UTF8.self)
        }
    }

    /// The bytes of the value inside padding and Excel's wrappers; nil when it means unknown.
    static func cleanRange(_ b: Bytes) -> Range<Int>? {
        var lo = 0, hi = b.count
        func trim() {
            while lo < hi {
                if b[lo] == 0x20 || b[lo] == 0x09 || b[lo] == 0x0A || b[lo] == 0x0D { lo += 1 }
                else if hi - lo >= 3 && ((b[lo] == 0xE3 && b[lo + 1] == 0x80 && b[lo + 2] == 0x80) || (b[lo] == 0xEF && b[lo + 1] == 0xBB && b[lo + 2] == 0xBF)) { lo += 3 }
                else if hi - lo >= 2 && b[lo] == 0xC2 && b[lo + 1] == 0xA0 { lo += 2 }
                else { break }
            }
            while hi > lo {
                if b[hi - 1] == 0x20 || b[hi - 1] == 0x09 || b[hi - 1] == 0x0A || b[hi - 1] == 0x0D { hi -= 1 }
                else if hi - lo >= 3 && b[hi - 3] == 0xE3 && b[hi - 2] == 0x80 && b[hi - 1] == 0x80 { hi -= 3 }
                else if hi - lo >= 2 && b[hi - 2] == 0xC2 && b[hi - 1] == 0xA0 { hi -= 2 }
                else { break }
            }
        }
        trim()
        // Excel's wrappers: ="4100000000000123" and a leading apostrophe.
        if hi - lo >= 3 && b[lo] == 0x3D && b[lo + 1] == 0x22 && b[hi - 1] == 0x22 { lo += 2; hi -= 1 }
        if hi > lo && b[lo] == 0x27 { lo += 1 }
        trim()
        if lo == hi { return nil }
        let n = hi - lo
        if n <= 9 {
            let v = Bytes(rebasing: b[lo..<hi])
            switch n {
            case 1: if v[0] == 0x2D || v[0] == 0x2F { return nil }
            case 2: if v.elementsEqual([0x2D, 0x2D]) || (v[0] | 0x20 == 0x6E && v[1] | 0x20 == 0x61) { return nil }
            default:
                if v.first! >= 0x80 || v.first! | 0x20 == 0x6E || v.first! == 0xE2 {
                    let t = String(decoding: v, as: UTF8.self).lowercased()
                    if ["—", "暂无", "n/a", "null", "无数据"].contains(t) { return nil }
                }
            }
        }
        return lo..<hi
    }

    /// `normalize` straight from the bytes of a text file's field: the common forms (plain
    /// IDs, whole counts, amounts, `YYYY-MM-DD HH:MM:SS`, statuses) make one String, or none;
    /// anything else goes the long way.
    static func normalize(bytes b: Bytes, _ kind: Kind) throws(Problem) -> String {
        guard let r = cleanRange(b) else { return "" }
        let v = Bytes(rebasing: b[r])
        switch kind {
        case .id, .text:
            return String(decoding: v, as: UTF8.self)
        case .count:
            if v.count < 18, v.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), v[0] != 0x30 || v.count == 1 { return String(decoding: v, as: UTF8.self) }
        case .money:
            if let last = v.last, last >= 0x30 && last <= 0x39, let fen = try? ValueParser.fen(v) { return yuan(fen) }
        case .timestamp:
            if v.count == 19, v[4] == 0x2D, v[7] == 0x2D, v[10] == 0x20, v[13] == 0x3A, v[16] == 0x3A, ValueParser.timestamp(v) != nil {
                return String(decoding: v, as: UTF8.self)
            }
        case .orderStatus:
            if let s = Vocabulary.orderStatus.match(v) { return s.code }
        case .refundStatus:
            if let s = Vocabulary.refundStatus.match(v) { return s.rawValue }
        default: break
        }
        return try normalize(String(decoding: v, as: UTF8.self), kind)
    }

    /// The contract's text for a value of this kind ("" for unknown).
    static func normalize(_ raw: String, _ kind: Kind, excelNumber: Double? = nil) throws(Problem) -> String {
        guard let s = clean(raw) else { return "" }
        switch kind {
        case .text, .id:
            // An ID written by Excel as a number ("4.1E+15" or "650000072274.0") lost nothing
            // when it has no fraction; a text ID is kept as it is (leading zeros matter).
            if kind == .id, let n = excelNumber, n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
            return s
        case .date:
            if let n = excelNumber ?? serial(s) { return excelDate(n).description }
            guard let d = date(s) else { throw Problem(why: "not a date: \"\(s)\"") }
            return d.description
        case .timestamp:
            if s.utf8.count == 19, let t = fastStamp(s) { return t }
            if let n = excelNumber ?? serial(s) { return excelTime(n) }
            if let t = timestamp(s) { return t }
            if isClock(s) { return s }
            throw Problem(why: "not a date and time: \"\(s)\"")
        case .hour:
            // 8, "08", "08:00-09:00", "8时".
            let digits = s.prefix { $0.isNumber }
            guard let h = Int(digits), (0...23).contains(h) else { throw Problem(why: "not an hour: \"\(s)\"") }
            return String(h)
        case .count where s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) && s.utf8.count < 18:
            return s.utf8.first == 0x30 && s.utf8.count > 1 ? String(Int64(s)!) : s
        case .count, .seconds:
            let fen = try scaledFen(s, allowCurrency: false)
            if kind == .count {
                guard fen % 100 == 0 else { throw Problem(why: "not a whole number: \"\(s)\"") }
                return String(fen / 100)
            }
            return yuan(fen)
        case .money:
            if let last = s.utf8.last, last >= 0x30 && last <= 0x39 {
                var t = s
                if let fen = t.withUTF8({ try? ValueParser.fen($0) }) { return yuan(fen) }
            }
            return yuan(try scaledFen(s, allowCurrency: true))
        case .rate:
            var b = Array(s.replacingOccurrences(of: ",", with: "").utf8)
            guard (b.withUnsafeMutableBufferPointer { try? ValueParser.rate(UnsafeBufferPointer($0)) }) != nil else {
                throw Problem(why: "not a rate: \"\(s)\"")
            }
            return String(decoding: b, as: UTF8.self)
        case .orderStatus: return try vocab(s, Vocabulary.orderStatus) { $0.code }
        case .refundStatus: return try vocab(s, Vocabulary.refundStatus) { $0.rawValue }
        case .yesNo:
            switch s.lowercased() {
            case "是", "yes", "y", "true", "1", "有": return "yes"
            case "否", "no", "n", "false", "0", "无": return "no"
            default: throw Problem(why: "not yes or no: \"\(s)\"")
            }
        case .ruling: return try vocab(s, Vocabulary.ruling) { $0.rawValue }
        }
    }

    /// Hundredths as the contract writes money: `1234.50`, no grouping (a comma would need quotes).
    static func yuan(_ fen: Int64) -> String {
        let a = fen.magnitude
        return (fen < 0 ? "-" : "") + String(a / 100) + "." + (a % 100 < 10 ? "0" : "") + String(a % 100)
    }

    static func vocab<T>(_ s: String, _ v: Vocab<T>, _ code: (T) -> String) throws(Problem) -> String {
        var b = Array(s.utf8)
        guard let t = b.withUnsafeMutableBufferPointer({ v.match(UnsafeBufferPointer($0)) }) else {
            throw Problem(why: "unknown value \"\(s)\" (expected one of: \(v.codes))")
        }
        return code(t)
    }

    /// A number in hundredths, exactly: `¥5,652.00`, `2.5万` (×10,000), `1.2亿`, `12元`.
    static func scaledFen(_ s: String, allowCurrency: Bool) throws(Problem) -> Int64 {
        var t = s.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "，", with: "")
        var scale: Int64 = 1
        if t.hasSuffix("万") { scale = 10_000; t.removeLast() } else if t.hasSuffix("亿") { scale = 100_000_000; t.removeLast() }
        if t.hasSuffix("元") { t.removeLast(); if t.hasSuffix("万") { scale = 10_000; t.removeLast() } }
        if !allowCurrency && (t.hasPrefix("¥") || t.hasPrefix("￥")) { throw Problem(why: "not a number: \"\(s)\"") }
        var b = Array(t.trimmingCharacters(in: .whitespaces).utf8)
        guard let fen = b.withUnsafeMutableBufferPointer({ try? ValueParser.fen(UnsafeBufferPointer($0)) }) else {
            throw Problem(why: "not a number: \"\(s)\"")
        }
        let (v, over) = fen.multipliedReportingOverflow(by: scale)
        if over { throw Problem(why: "too large: \"\(s)\"") }
        return v
    }

    static let cn = try! NSRegularExpression(pattern: "^(\\d{4})年(\\d{1,2})月(\\d{1,2})日")

    /// `2026-11-20`, `2026/11/20`, `20261120`, `2026年11月20日`.
    static func date(_ s: String) -> LocalDate? {
        var b = Array(s.utf8)
        if let d = b.withUnsafeMutableBufferPointer({ ValueParser.date(UnsafeBufferPointer($0)) }) { return d }
        let ns = s as NSString
        guard let m = cn.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)), m.range.length == ns.length,
              let y = Int(ns.substring(with: m.range(at: 1))), let mo = Int(ns.substring(with: m.range(at: 2))),
              let d = Int(ns.substring(with: m.range(at: 3))) else { return nil }
        return LocalDate(year: y, month: mo, day: d)
    }

    /// `YYYY-MM-DD HH:MM:SS` already: checked and kept.
    static func fastStamp(_ s: String) -> String? {
        var ok = true
        for (i, c) in s.utf8.enumerated() {
            switch i {
            case 4, 7: ok = c == 0x2D
            case 10: ok = c == 0x20
            case 13, 16: ok = c == 0x3A
            default: ok = c >= 0x30 && c <= 0x39
            }
            if !ok { return nil }
        }
        var t = s
        return t.withUTF8 { ValueParser.timestamp($0) } != nil ? s : nil
    }

    /// A date and a time of day, in the contract's `YYYY-MM-DD HH:MM:SS`.
    static func timestamp(_ s: String) -> String? {
        var b = Array(s.replacingOccurrences(of: "/", with: "-").utf8)
        if let t = b.withUnsafeMutableBufferPointer({ ValueParser.timestamp(UnsafeBufferPointer($0)) }) { return stamp(t) }
        // 2026年11月20日 08:05:00
        let parts = s.split(separator: " ", maxSplits: 1)
        if parts.count == 2, let d = date(String(parts[0])), isClock(String(parts[1])) {
            var c = Array((d.description + " " + parts[1]).utf8)
            if let t = c.withUnsafeMutableBufferPointer({ ValueParser.timestamp(UnsafeBufferPointer($0)) }) { return stamp(t) }
        }
        return nil
    }

    static func stamp(_ t: LocalTime) -> String {
        let s = Int(t.secondOfDay)
        return t.date.description + String(format: " %02d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60)
    }

    static func isClock(_ s: String) -> Bool {
        let p = s.split(separator: ":")
        return (p.count == 2 || p.count == 3) && p.allSatisfy { $0.count <= 2 && !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    /// An Excel date serial written as text ("46346" or "46346.5"), within 1990–2100.
    static func serial(_ s: String) -> Double? {
        guard s.allSatisfy({ $0.isNumber || $0 == "." }), let v = Double(s), v > 32_874, v < 73_051 else { return nil }
        return v
    }

    /// Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included).
    static func excelDate(_ serial: Double) -> LocalDate {
        LocalDate(year: 1900, month: 1, day: 1)!.adding(days: Int(serial.rounded(.down)) - 2)
    }

    static func excelTime(_ serial: Double) -> String {
        let seconds = Int64(((serial - serial.rounded(.down)) * 86_400).rounded())
        return stamp(excelDate(serial).start.adding(seconds: seconds))
    }
}
