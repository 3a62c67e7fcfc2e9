/// Byte-level parsers for the value forms of the data contract ("General rules").
///
/// They work on the raw UTF-8 bytes of one field, so the CSV reader never builds a `String`
/// for a number, an amount or a date. Each returns the value or throws the reason in words.

public struct ValueError: Error, Equatable, Sendable {
    public let why: String
    public init(_ why: String) { self.why = why }
}

public typealias Bytes = UnsafeBufferPointer<UInt8>

public enum ValueParser {
    /// Empty, `-`, `--` and `null` mean "not known" — never zero.
    @inline(__always)
    public static func isMissing(_ b: Bytes) -> Bool {
        switch b.count {
        case 0: return true
        case 1: return b[0] == UInt8(ascii: "-")
        case 2: return b[0] == UInt8(ascii: "-") && b[1] == UInt8(ascii: "-")
        case 4: return (b[0] | 0x20) == UInt8(ascii: "n") && (b[1] | 0x20) == UInt8(ascii: "u")
            && (b[2] | 0x20) == UInt8(ascii: "l") && (b[3] | 0x20) == UInt8(ascii: "l")
        default: return false
        }
    }

    /// Digits with optional thousands separators (`1,234`), optional sign, optional fraction.
    /// Returns the digits as an integer mantissa and the number of fraction digits.
    @inline(__always)
    static func decimalParts(_ b: Bytes, from start: Int, to end: Int) throws(ValueError) -> (mantissa: Int64, scale: Int, negative: Bool) {
        var i = start
        var negative = false
        if i < end, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
            negative = b[i] == UInt8(ascii: "-"); i += 1
        }
        var mantissa: Int64 = 0
        var intDigits = 0, groupDigits = 0, sawComma = false, scale = -1
        while i < end {
            let c = b[i]
            if c >= 48 && c <= 57 {
                let (m1, o1) = mantissa.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(Int64(c - 48))
                if o1 || o2 { throw ValueError("number too large") }
                mantissa = m2
                if scale >= 0 { scale += 1 } else { intDigits += 1; groupDigits += 1 }
            } else if c == UInt8(ascii: ",") && scale < 0 {
                if intDigits == 0 || (sawComma ? groupDigits != 3 : groupDigits > 3) {
                    throw ValueError("misplaced thousands separator")
                }
                sawComma = true; groupDigits = 0
            } else if c == UInt8(ascii: ".") && scale < 0 {
                if sawComma && groupDigits != 3 { throw ValueError("misplaced thousands separator") }
                scale = 0
            } else {
                throw ValueError("not a number")
            }
            i += 1
        }
        if sawComma && scale < 0 && groupDigits != 3 { throw ValueError("misplaced thousands separator") }
        if intDigits == 0 && scale <= 0 { throw ValueError("not a number") }
        return (mantissa, max(scale, 0), negative)
    }

    /// A whole count: `1,234` or `1234`.
    public static func integer(_ b: Bytes) throws(ValueError) -> Int64 {
        let p = try decimalParts(b, from: 0, to: b.count)
        var m = p.mantissa
        if p.scale > 0 {
            // `12.0` is still whole; `12.5` is not.
            for _ in 0..<p.scale {
                if m % 10 != 0 { throw ValueError("not a whole number") }
                m /= 10
            }
        }
        return p.negative ? -m : m
    }

    /// Money in yuan (`¥1,234.50`, `￥12`, `-3.5`) as whole fen.
    /// An amount typed by a person, in yuan (`1.20`, `¥1.20`, `1,200`): nil when it is not one.
    public static func yuan(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { b in
            guard !isMissing(b) else { return nil }
            return try? fen(b)
        }
    }

    public static func fen(_ b: Bytes) throws(ValueError) -> Int64 {
        var start = 0
        var negative = false
        if start < b.count, b[start] == UInt8(ascii: "-") { negative = true; start += 1 }
        // ¥ U+00A5 = C2 A5, ￥ U+FFE5 = EF BF A5
        if b.count - start >= 2, b[start] == 0xC2, b[start + 1] == 0xA5 { start += 2 }
        else if b.count - start >= 3, b[start] == 0xEF, b[start + 1] == 0xBF, b[start + 2] == 0xA5 { start += 3 }
        while start < b.count, b[start] == 32 { start += 1 }
        if !negative, start < b.count, b[start] == UInt8(ascii: "-") { negative = true; start += 1 }
        if start == b.count { throw ValueError("not an amount") }
        var p: (mantissa: Int64, scale: Int, negative: Bool)
        do { p = try decimalParts(b, from: start, to: b.count) } catch { throw ValueError("not an amount") }
        if p.negative { negative.toggle() }
        var m = p.mantissa
        var scale = p.scale
        while scale > 2 {
            if m % 10 != 0 { throw ValueError("more than 2 decimals in an amount") }
            m /= 10; scale -= 1
        }
        while scale < 2 {
            let (r, o) = m.multipliedReportingOverflow(by: 10)
            if o { throw ValueError("amount too large") }
            m = r; scale += 1
        }
        return negative ? -m : m
    }

    static let pow10: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { a, _ in a * 10 } }

    /// A decimal number (indices, seconds, TOML-free settings).
    public static func decimal(_ b: Bytes) throws(ValueError) -> Double {
        let p = try decimalParts(b, from: 0, to: b.count)
        return value(p, extraScale: 0)
    }

    @inline(__always)
    static func value(_ p: (mantissa: Int64, scale: Int, negative: Bool), extraScale: Int) -> Double {
        let s = p.scale + extraScale
        // One division of two exactly representable doubles is correctly rounded.
        let v = s <= 22 && p.mantissa < (1 << 53) ? Double(p.mantissa) / pow10[s]
            : Double(p.mantissa) / pow(10, s)
        return p.negative ? -v : v
    }

    static func pow(_ base: Double, _ e: Int) -> Double { (0..<e).reduce(1.0) { a, _ in a * base } }

    /// A rate: `3.75%` is 0.0375; a bare number is already a fraction.
    public static func rate(_ b: Bytes) throws(ValueError) -> Double {
        var end = b.count
        var percent = false
        if end > 0, b[end - 1] == UInt8(ascii: "%") { percent = true; end -= 1 }
        else if end >= 3, b[end - 3] == 0xEF, b[end - 2] == 0xBC, b[end - 1] == 0x85 { percent = true; end -= 3 } // ％
        while end > 0, b[end - 1] == 32 { end -= 1 }
        let p: (mantissa: Int64, scale: Int, negative: Bool)
        do { p = try decimalParts(b, from: 0, to: end) } catch { throw ValueError("not a rate") }
        return value(p, extraScale: percent ? 2 : 0)
    }

    /// yes/no, 是/否, true/false, y/n, 1/0.
    public static func bool(_ b: Bytes) throws(ValueError) -> Bool {
        if b.count == 3, b[0] == 0xE6, b[1] == 0x98, b[2] == 0xAF { return true }   // 是
        if b.count == 3, b[0] == 0xE5, b[1] == 0x90, b[2] == 0xA6 { return false }  // 否
        var lower = 0 as UInt64
        if b.count <= 5 { for c in b { lower = lower << 8 | UInt64(c | 0x20) } }
        switch (b.count, lower) {
        case (3, 0x796573), (1, 0x79), (4, 0x74727565), (1, 0x31): return true // yes y true 1
        case (2, 0x6E6F), (1, 0x6E), (5, 0x66616C7365), (1, 0x30): return false              // no n false 0
        default: throw ValueError("expected yes or no")
        }
    }

    @inline(__always)
    static func digits(_ b: Bytes, _ i: inout Int, min: Int, max: Int) -> Int? {
        var v = 0, n = 0
        while i < b.count, n < max, b[i] >= 48, b[i] <= 57 { v = v * 10 + Int(b[i] - 48); i += 1; n += 1 }
        return n >= min ? v : nil
    }

    /// `2026-11-21`, `2026/11/21`, `2026/1/5`, `20261121`; `i` is left after the date.
    static func datePart(_ b: Bytes, _ i: inout Int) -> LocalDate? {
        let start = i
        // Fast path for the common `YYYY-MM-DD` (every order row has three of them).
        if i + 10 <= b.count, b[i + 4] == 0x2D, b[i + 7] == 0x2D, i + 10 == b.count || b[i + 10] == 0x20 || b[i + 10] == 0x54 {
            var ok = true
            @inline(__always) func d(_ k: Int) -> Int {
                let c = b[i + k]
                if c < 48 || c > 57 { ok = false }
                return Int(c &- 48)
            }
            let y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)
            let m = d(5) * 10 + d(6), day = d(8) * 10 + d(9)
            if ok {
                i += 10
                return LocalDate(year: y, month: m, day: day)
            }
        }
        guard let y = digits(b, &i, min: 4, max: 8) else { return nil }
        if i - start == 8 {
            return LocalDate(year: y / 10_000, month: y / 100 % 100, day: y % 100)
        }
        guard i - start == 4, i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "/") else { return nil }
        let sep = b[i]; i += 1
        guard let m = digits(b, &i, min: 1, max: 2), i < b.count, b[i] == sep else { return nil }
        i += 1
        guard let d = digits(b, &i, min: 1, max: 2) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    public static func date(_ b: Bytes) -> LocalDate? {
        var i = 0
        guard let d = datePart(b, &i), i == b.count else { return nil }
        return d
    }

    /// A date plus `HH:MM[:SS]` (a bare date is its midnight). `T` may separate them.
    public static func timestamp(_ b: Bytes) -> LocalTime? {
        var i = 0
        guard let d = datePart(b, &i) else { return nil }
        if i == b.count { return d.start }
        guard b[i] == 32 || b[i] == UInt8(ascii: "T") else { return nil }
        while i < b.count, b[i] == 32 || b[i] == UInt8(ascii: "T") { i += 1 }
        guard let tod = timeOfDay(b, &i) else { return nil }
        if i < b.count, b[i] == UInt8(ascii: ".") {   // fractional seconds are dropped
            i += 1
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
        }
        guard i == b.count else { return nil }
        return LocalTime(seconds: Int64(d.day) * 86_400 + Int64(tod))
    }

    /// `HH:MM[:SS]` as seconds after midnight.
    static func timeOfDay(_ b: Bytes, _ i: inout Int) -> Int? {
        guard let h = digits(b, &i, min: 1, max: 2), h < 24, i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let m = digits(b, &i, min: 2, max: 2), m < 60 else { return nil }
        var s = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            i += 1
            guard let sec = digits(b, &i, min: 2, max: 2), sec < 60 else { return nil }
            s = sec
        }
        return h * 3600 + m * 60 + s
    }

    /// A bare `HH:MM[:SS]`.
    public static func clock(_ b: Bytes) -> Int? {
        var i = 0
        guard let t = timeOfDay(b, &i), i == b.count else { return nil }
        return t
    }
}

/// Money arithmetic: derived money is rounded to the nearest fen, half away from zero.
public enum Money {
    /// `numerator / denominator` rounded half away from zero; nil when the divisor is zero.
    public static func divide(_ numerator: Int64, by denominator: Int64) -> Int64? {
        guard denominator != 0 else { return nil }
        let q = numerator / denominator, r = numerator % denominator
        // |2r| >= |d| means the fraction is at least one half.
        if r != 0, r.magnitude * 2 >= denominator.magnitude {
            return (numerator < 0) != (denominator < 0) ? q - 1 : q + 1
        }
        return q
    }

    /// `¥1,234.50` style, for people.
    public static func format(_ fen: Int64, symbol: Bool = true) -> String {
        let neg = fen < 0
        let a = fen.magnitude
        let yuan = a / 100, cents = a % 100
        var digits = String(yuan)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        return (neg ? "-" : "") + (symbol ? "¥" : "") + grouped + "." + (cents < 10 ? "0" : "") + String(cents)
    }
}
