import Testing
@testable import OpsDeckCore

@Suite struct MoneyRounding {
    @Test func halfAwayFromZero() {
        #expect(Money.divide(5, by: 2) == 3)
        #expect(Money.divide(-5, by: 2) == -3)
        #expect(Money.divide(5, by: -2) == -3)
        #expect(Money.divide(7, by: 3) == 2)
        #expect(Money.divide(8, by: 3) == 3)
        #expect(Money.divide(-8, by: 3) == -3)
        #expect(Money.divide(10, by: 4) == 3)   // 2.5 → 3
        #expect(Money.divide(9, by: 4) == 2)    // 2.25 → 2
        #expect(Money.divide(1, by: 0) == nil)
    }

    @Test func formatting() {
        #expect(Money.format(123_450) == "¥1,234.50")
        #expect(Money.format(5) == "¥0.05")
        #expect(Money.format(-350) == "-¥3.50")
        #expect(Money.format(100_000_000) == "¥1,000,000.00")
    }
}

@Suite struct Calendar {
    @Test func civilDaysRoundTrip() {
        for day in stride(from: -25_000, through: 60_000, by: 7) {
            let d = LocalDate(day: Int32(day))
            let c = d.components
            #expect(LocalDate(year: c.year, month: c.month, day: c.day) == d || !(1900...2199).contains(c.year))
        }
        #expect(LocalDate(year: 1970, month: 1, day: 1)?.day == 0)
        #expect(LocalDate(year: 2000, month: 3, day: 1)?.description == "2000-03-01")
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
    }

    @Test func weekdays() {
        #expect(LocalDate(year: 2026, month: 11, day: 22)?.isoWeekday == 7)   // a Sunday
        #expect(LocalDate(year: 2026, month: 11, day: 23)?.isoWeekday == 1)
        #expect(LocalDate(year: 1970, month: 1, day: 1)?.isoWeekday == 4)
    }

    @Test func localTimes() {
        let t = LocalTime(parsing: "2026-11-22 23:59:30")!
        #expect(t.hour == 23 && t.minute == 59)
        #expect(t.adding(seconds: 30).date.description == "2026-11-23")
        #expect(t.minuteString == "2026-11-22 23:59")
        #expect(LocalTime(seconds: -1).date.description == "1969-12-31")
    }
}

@Suite struct Widths {
    @Test func cjkAndEmojiTakeTwoColumns() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("访客数") == 6)
        #expect(DisplayWidth.of("UV 访客数") == 9)
        #expect(DisplayWidth.of("🍂") == 2)
        #expect(DisplayWidth.of("¥") == 1)
        #expect(DisplayWidth.of("￥") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)          // combining accent
        #expect(DisplayWidth.of("（）") == 4)
        #expect(DisplayWidth.pad("中文", to: 6) == "中文  ")
    }
}
