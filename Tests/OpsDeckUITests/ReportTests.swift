import Foundation
import Testing
@testable import OpsDeckCore
@testable import OpsDeckUI

/// The operation report on the demo store with the review's day of ticks and bid changes.
/// Goldens for each format (`UPDATE_GOLDEN=1`, reviewed by eye), and the facts checked
/// directly so a golden rewritten by mistake cannot hide them.
@Suite struct OperationReports {
    static let report = ReportBuilder.build(Fixture.data, from: ReviewFixture.day, to: ReviewFixture.day, checklist: ReviewFixture.events,
                                            bidJournal: ReviewFixture.journal(Fixture.data), now: ReviewFixture.at(15, 10))

    func check(_ file: String, _ text: String) {
        let g = golden(file: file, text)
        #expect(g.ok, "Golden/\(file) differs:\n\(g.actual)")
    }

    @Test func markdown() { check("report-day.md", ReportMarkdown.render(Self.report)) }
    @Test func html() { check("report-day.html", ReportHTML.render(Self.report)) }
    @Test func json() { check("report-day.json", ReportJSON.render(Self.report)) }
    @Test func csv() { check("report-day.csv", ReportCSV.render(Self.report)) }
    @Test func rangeMarkdown() {
        let r = ReportBuilder.build(Fixture.data, from: ReviewFixture.day.adding(days: -3), to: ReviewFixture.day.adding(days: -1),
                                    checklist: ReviewFixture.events, bidJournal: ReviewFixture.journal(Fixture.data), now: ReviewFixture.at(15, 10))
        check("report-range.md", ReportMarkdown.render(r))
        // The range's paid amount is the sum of its days; its conversion the ratio of the sums.
        let amount = r.range.first { $0.metric == .paidAmount }!, conv = r.range.first { $0.metric == .conversionRate }!
        let days = r.days.map { Metric.storeValues(Fixture.data, on: $0.date) }
        #expect(amount.value == days.map { $0[.paidAmount]! }.reduce(0, +))
        let buyers = days.map { $0[.paidBuyers]! }.reduce(0, +), uv = days.map { $0[.uv]! }.reduce(0, +)
        #expect(abs(conv.value! - buyers / uv) < 1e-12)
        #expect(r.days.count == 3 && r.days.allSatisfy { !$0.inProgress })
    }

    @Test func theFactsBehindTheGoldens() {
        let d = Self.report.days[0]
        #expect(d.inProgress)
        #expect(d.checklist.counts.late == 2 && d.checklist.counts.skipped == 1)
        // The budget was posted at 11:35; campaigns.csv, written after that (the fixture's files
        // are written when the tests run), still shows ¥300.00: not applied.
        #expect(d.bidChanges.map(\.state) == ["pending", "posted bids-20261120-113500 · not applied: the report shows ¥300.00"])
        // Refund reasons add up to the day's refunds.
        #expect(d.queues.refundsByReason.map(\.count).reduce(0, +) == d.queues.refundsCreated)
        let uv = d.numbers.first { $0.metric == .uv }!
        #expect(uv.value == Fixture.data.storeDays.first { $0.date == ReviewFixture.day && $0.hour == nil }?.uv.map(Double.init))
        #expect(Self.report.goals.count == 2)
    }

    @Test func htmlIsSelfContainedAndEscapesWhatItQuotes() {
        var data = Fixture.data
        data.profile.name = "<script>alert(1)</script> & 店"
        let r = ReportBuilder.build(data, from: ReviewFixture.day, to: ReviewFixture.day, checklist: [], bidJournal: [], now: ReviewFixture.at(15, 10))
        let html = ReportHTML.render(r)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 店"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="))
        #expect(html.contains("<svg"))
    }

    @Test func csvQuotesAndDisarmsFormulas() {
        #expect(ReportCSV.field("a,b") == "\"a,b\"")
        #expect(ReportCSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ReportCSV.field("=HYPERLINK(1)") == "'=HYPERLINK(1)")
        #expect(ReportCSV.field("-12.5") == "-12.5")
    }

    @Test func badReviewReasonsAreReadFromTheirWords() {
        #expect(ReviewReasons.classify("洗了一次就缩水了，差评") == "quality 质量")
        #expect(ReviewReasons.classify("和图片完全不一样") == "not as pictured 与描述不符")
        #expect(ReviewReasons.classify("发错颜色了") == "not as pictured 与描述不符")   // colour wins over shipping: the first reason that matches
        #expect(ReviewReasons.classify("") == "no text 无内容")
        #expect(ReviewReasons.classify("不喜欢") == "other 其他")
    }
}
