import Testing
@testable import OpsDeckCore

/// Runs a parser on the UTF-8 bytes of a string.
func parse<T>(_ s: String, _ f: (Bytes) throws(ValueError) -> T) -> Result<T, ValueError> {
    var a = Array(s.utf8)
    return a.withUnsafeMutableBufferPointer { b in
        do throws(ValueError) { return .success(try f(UnsafeBufferPointer(b))) } catch { return .failure(error) }
    }
}
func value<T>(_ s: String, _ f: (Bytes) throws(ValueError) -> T) -> T? { try? parse(s, f).get() }
func withBytes<T>(_ s: String, _ f: (Bytes) -> T) -> T {
    var a = Array(s.utf8)
    return a.withUnsafeMutableBufferPointer { f(UnsafeBufferPointer($0)) }
}

@Suite struct MissingValues {
    @Test(arguments: ["", "-", "--", "null", "NULL", "Null"])
    func unknown(_ s: String) { #expect(withBytes(s, ValueParser.isMissing)) }

    @Test(arguments: ["0", "---", "nul", "none", " "])
    func known(_ s: String) { #expect(!withBytes(s, ValueParser.isMissing)) }
}

@Suite struct Numbers {
    @Test func wholeCounts() {
        #expect(value("1234", ValueParser.integer) == 1234)
        #expect(value("1,234", ValueParser.integer) == 1234)
        #expect(value("1,234,567", ValueParser.integer) == 1_234_567)
        #expect(value("-12", ValueParser.integer) == -12)
        #expect(value("12.0", ValueParser.integer) == 12)
    }

    @Test(arguments: ["12.5", "1,23", "12,3456", ",123", "abc", "1 2", "", "."])
    func badCounts(_ s: String) { #expect(value(s, ValueParser.integer) == nil) }

    @Test func tooLarge() {
        #expect(parse("99999999999999999999", ValueParser.integer).failureWhy == "number too large")
    }
}

@Suite struct Amounts {
    @Test func yuanBecomeFen() {
        #expect(value("¥1,234.50", ValueParser.fen) == 123_450)
        #expect(value("￥12", ValueParser.fen) == 1_200)
        #expect(value("12.5", ValueParser.fen) == 1_250)
        #expect(value("0.05", ValueParser.fen) == 5)
        #expect(value("-3.5", ValueParser.fen) == -350)
        #expect(value("-¥3.50", ValueParser.fen) == -350)
        #expect(value("¥-3.50", ValueParser.fen) == -350)
        #expect(value("12.500", ValueParser.fen) == 1_250)
        #expect(value("1,234,567.89", ValueParser.fen) == 123_456_789)
    }

    @Test func moreThanTwoDecimalsIsRefused() {
        #expect(parse("1.234", ValueParser.fen).failureWhy == "more than 2 decimals in an amount")
    }

    @Test(arguments: ["¥", "abc", "1,2.00", "12..0", "¥¥1"])
    func notAmounts(_ s: String) { #expect(value(s, ValueParser.fen) == nil) }
}

@Suite struct Rates {
    @Test func percentAndFraction() {
        #expect(value("3.75%", ValueParser.rate) == 0.0375)
        #expect(value("0.0375", ValueParser.rate) == 0.0375)
        #expect(value("100%", ValueParser.rate) == 1.0)
        #expect(value("12.5％", ValueParser.rate) == 0.125)
        #expect(value("0%", ValueParser.rate) == 0.0)
        // A bare number in a rate column is already a fraction, even when above 1.
        #expect(value("3.75", ValueParser.rate) == 3.75)
    }

    @Test(arguments: ["%", "abc%", "3.7.5%"])
    func notRates(_ s: String) { #expect(value(s, ValueParser.rate) == nil) }
}

@Suite struct Dates {
    @Test func threeForms() {
        let d = LocalDate(year: 2026, month: 11, day: 21)!
        #expect(withBytes("2026-11-21", ValueParser.date) == d)
        #expect(withBytes("2026/11/21", ValueParser.date) == d)
        #expect(withBytes("20261121", ValueParser.date) == d)
        #expect(withBytes("2026/1/5", ValueParser.date) == LocalDate(year: 2026, month: 1, day: 5))
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "2026-11", "21/11/2026", "2026-11-21x", "2026-11/21", "1126", ""])
    func notDates(_ s: String) { #expect(withBytes(s, ValueParser.date) == nil) }

    @Test func timestamps() {
        let d = LocalDate(year: 2026, month: 11, day: 21)!
        #expect(withBytes("2026-11-21 09:05", ValueParser.timestamp) == LocalTime(date: d, hour: 9, minute: 5))
        #expect(withBytes("2026/11/21 09:05:07", ValueParser.timestamp) == LocalTime(date: d, hour: 9, minute: 5, second: 7))
        #expect(withBytes("20261121 9:05", ValueParser.timestamp) == LocalTime(date: d, hour: 9, minute: 5))
        #expect(withBytes("2026-11-21T23:59:59", ValueParser.timestamp) == LocalTime(date: d, hour: 23, minute: 59, second: 59))
        #expect(withBytes("2026-11-21 09:05:07.123", ValueParser.timestamp) == LocalTime(date: d, hour: 9, minute: 5, second: 7))
        #expect(withBytes("2026-11-21", ValueParser.timestamp) == d.start)
    }

    @Test(arguments: ["2026-11-21 24:00", "2026-11-21 9:60", "2026-11-21 09", "2026-11-21 09:05pm"])
    func notTimestamps(_ s: String) { #expect(withBytes(s, ValueParser.timestamp) == nil) }
}

@Suite struct Booleans {
    @Test func yesAndNo() {
        for s in ["yes", "YES", "y", "true", "1", "是"] { #expect(value(s, ValueParser.bool) == true, "\(s)") }
        for s in ["no", "No", "n", "false", "0", "否"] { #expect(value(s, ValueParser.bool) == false, "\(s)") }
        #expect(value("maybe", ValueParser.bool) == nil)
    }
}

extension Result where Failure == ValueError {
    var failureWhy: String? { if case .failure(let e) = self { e.why } else { nil } }
}
