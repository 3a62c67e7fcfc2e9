import Testing
@testable import OpsDeckCore

/// Today so far against earlier days cut at the same clock time.
@Suite struct SameTimeComparison {
    let yesterday = day.adding(days: -1)

    func hour(_ d: LocalDate, _ h: Int, amount: Int64?, uv: Int64? = 100) -> StoreDay {
        var r = StoreDay(date: d, hour: h); r.paidAmount = amount; r.uv = uv; r.paidBuyers = 2; r.paidOrders = 2; r.paidUnits = 3
        return r
    }

    @Test func anEarlierDayIsCutInsideTheHourByItsMinutes() {
        // Yesterday: ¥100.00 in each hour 0…23 and a whole-day row that must not count.
        var rows = (0..<24).map { hour(yesterday, $0, amount: 10_000) }
        var whole = StoreDay(date: yesterday); whole.paidAmount = 999_999; rows.append(whole)
        let cut = SameTime.Cut(hour: 11, minute: 20)
        let s = SameTime.store(rows, on: yesterday, cut: cut, dayInProgress: false)
        // 11 whole hours + 20/60 of hour 11 = 110,000 + 3,333.33 → 113,333 fen.
        #expect(s?.paidAmount == 113_333)
        #expect(s?.uv == Int64(1_100 + 33))           // 33.33 visitors rounded: a comparison figure
        // Half a fen rounds away from zero: 1 fen × 30/60.
        let odd = [hour(yesterday, 0, amount: 1)]
        #expect(SameTime.store(odd, on: yesterday, cut: .init(hour: 0, minute: 30), dayInProgress: false)?.paidAmount == 1)
    }

    @Test func theDayInProgressIsItsRowsUpToTheCut() {
        // Today's hour 11 already stops at the export's minute: it counts whole.
        let rows = (0...11).map { hour(day, $0, amount: 5_000) }
        let s = SameTime.store(rows, on: day, cut: .init(hour: 11, minute: 20), dayInProgress: true)
        #expect(s?.paidAmount == 60_000)
    }

    @Test func unknownStaysUnknownAndNoHourlyRowsMeansNoComparison() {
        var rows = (0..<24).map { hour(yesterday, $0, amount: 10_000) }
        rows[5].paidAmount = nil
        let s = SameTime.store(rows, on: yesterday, cut: .init(hour: 11, minute: 0), dayInProgress: false)
        #expect(s?.paidAmount == nil)          // one unknown hour before the cut
        #expect(s?.paidOrders == 22)           // the other figures are still known
        // After the cut an unknown hour does not matter.
        #expect(SameTime.store(rows, on: yesterday, cut: .init(hour: 5, minute: 0), dayInProgress: false)?.paidAmount == 50_000)
        // Only a whole-day row: it cannot be cut.
        var whole = StoreDay(date: yesterday); whole.paidAmount = 1_000
        #expect(SameTime.store([whole], on: yesterday, cut: .init(hour: 11, minute: 0), dayInProgress: false) == nil)
    }

    @Test func theCutFollowsTheExportWhenItIsBehindTheClock() {
        #expect(SameTime.cut(now: at(11, 20), lastHourInData: 11) == .init(hour: 11, minute: 20))
        #expect(SameTime.cut(now: at(11, 20), lastHourInData: 9) == .init(hour: 10, minute: 0))
        #expect(SameTime.cut(now: at(11, 20), lastHourInData: nil) == .init(hour: 11, minute: 20))
        #expect(SameTime.cut(now: at(10, 5), lastHourInData: 9).label == "10:00")
    }

    @Test func keywordSpendIsCutTheSameWay() {
        var rows: [KeywordDay] = []
        for h in 0..<24 {
            for k in ["K1", "K2"] {
                var r = KeywordDay(date: yesterday, hour: h, keywordID: k); r.cost = 600; r.revenue = 1_200; r.clicks = 6
                rows.append(r)
            }
        }
        var whole = KeywordDay(date: yesterday, keywordID: "K1"); whole.cost = 1; rows.append(whole)
        let a = SameTime.ads(rows, on: yesterday, cut: .init(hour: 2, minute: 30), dayInProgress: false)
        #expect(a?.cost == Int64(2 * (600 * 2 + 300)))
        #expect(a?.revenue == Int64(2 * (1_200 * 2 + 600)))
        #expect(a?.clicks == Int64(2 * (6 * 2 + 3)))
        #expect(SameTime.ads([whole], on: yesterday, cut: .init(hour: 2, minute: 30), dayInProgress: false) == nil)
    }
}
