import Foundation
import Testing
@testable import OpsDeckCore
@testable import OpsDeckData

@Suite(.serialized) struct DemoData {
    static let now = LocalTime(parsing: "2026-11-20 15:40")!
    static let dir: URL = {
        let dir = temporaryDirectory("demo-shared")
        var o = DemoOptions(now: now)
        o.seed = 7; o.days = 62; o.ordersPerDay = 300
        _ = try! DemoGenerator.write(to: dir, options: o)
        return dir
    }()
    static let data = load(dir)

    @Test func everyFileIsWrittenAndReadWithNoSkippedRow() {
        for f in DataFile.allCases {
            let r = DemoData.data.files[f.fileName]
            #expect(r?.state == .loaded, "\(f.fileName)")
            #expect((r?.rowsRead ?? 0) > 0, "\(f.fileName)")
            #expect(r?.rowsSkipped == 0, "\(f.fileName)")
        }
        #expect(errors(DemoData.data).isEmpty)
        #expect(FileManager.default.fileExists(atPath: DemoData.dir.appendingPathComponent("store.toml").path))
        #expect(DemoData.data.profile.name == "云裳女装旗舰店")
        // One file as Chinese Excel saves it, some with the platform's Chinese headers.
        #expect(DemoData.data.files["cs_daily.csv"]?.encoding == "gb18030")
    }

    @Test func itEndsAtTheGivenHour() {
        let d = DemoData.data
        let last = d.orders.compactMap(\.createdAt).max()!
        #expect(last <= DemoData.now && last.date == DemoData.now.date && last.hour >= 14)
        #expect(d.storeDays.filter { $0.date == DemoData.now.date && $0.hour != nil }.map(\.hour!).max() == 15)
        #expect(d.keywordDays.filter { $0.date == DemoData.now.date }.allSatisfy { $0.hour != nil && $0.hour! <= 15 })
    }

    @Test func ordersAgreeWithTheStoreAndItemReports() {
        let d = DemoData.data
        for back in [1, 9, 30] {
            let date = DemoData.now.date.adding(days: -back)
            let paid = d.orders.filter { $0.paidAt?.date == date }
            let row = KPIEngine.wholeDay(d, date)!
            #expect(row.paidOrders == Int64(paid.count))
            #expect(row.paidAmount == paid.reduce(0) { $0 + $1.amount! })
            #expect(row.paidUnits == paid.reduce(0) { $0 + Int64($1.quantity!) })
            #expect(row.paidBuyers == Int64(Set(paid.map(\.buyer)).count))
            let items = d.productDays.filter { $0.date == date }
            #expect(items.reduce(0) { $0 + $1.paidAmount! } == row.paidAmount)
            #expect(items.reduce(0) { $0 + $1.paidUnits! } == row.paidUnits)
        }
    }

    @Test func itsNumbersArePlausible() {
        let k = KPIEngine.snapshot(DemoData.data, at: DemoData.now)
        #expect((0.015...0.08).contains(k.store.conversionRate!))
        #expect((8_000...40_000).contains(k.store.avgOrderValue!))
        #expect((0.01...0.08).contains(k.ads.ctr!))
        #expect((20...500).contains(k.ads.cpc!))
        #expect((0.3...10).contains(k.ads.roi!))
        #expect((0.05...0.6).contains(k.store.repeatRate30d!))
        #expect((0.005...0.1).contains(k.store.refundRate30d!))
        #expect((0.2...0.8).contains(k.service.inquiryConversion!))
        #expect((0.5...1.5).contains(k.store.sellThrough30d!))
    }

    @Test func theQueuesHoldWorkToDo() {
        let d = DemoData.data, now = DemoData.now
        let q = KPIEngine.snapshot(d, at: now).queues
        #expect(q.openDisputes! >= 1)
        #expect(q.unrepliedBadReviews! >= 1)
        #expect(q.couponsExpiring24h! >= 1)
        #expect(q.unpaidOrders! >= 1)
        #expect(q.lowStockItems! >= 1)
        #expect(q.unansweredQuestions! >= 1)
        // An activity starts within two days; a campaign went offline early yesterday.
        #expect(d.activities.contains { a in a.startAt.map { $0 > now && $0.seconds - now.seconds < 2 * 86_400 } ?? false })
        #expect(d.campaigns.contains { c in c.offlineAt?.date == now.date.adding(days: -1) && c.offlineAt!.hour < 20 && c.offlineReason == .budget })
    }

    @Test func sameSeedSameFilesOtherSeedOtherFiles() throws {
        let a = temporaryDirectory(), b = temporaryDirectory(), c = temporaryDirectory()
        defer { for u in [a, b, c] { try? FileManager.default.removeItem(at: u) } }
        var o = DemoOptions(now: DemoData.now); o.days = 10; o.ordersPerDay = 50
        _ = try DemoGenerator.write(to: a, options: o)
        _ = try DemoGenerator.write(to: b, options: o)
        o.seed = 2
        _ = try DemoGenerator.write(to: c, options: o)
        for f in DataFile.allCases {
            let x = try Data(contentsOf: a.appendingPathComponent(f.fileName))
            #expect(x == (try Data(contentsOf: b.appendingPathComponent(f.fileName))), "\(f.fileName)")
        }
        #expect(try Data(contentsOf: a.appendingPathComponent("orders.csv")) != Data(contentsOf: c.appendingPathComponent("orders.csv")))
    }
}
