import Foundation
import Testing
@testable import OpsDeckCore
@testable import OpsDeckData

/// Re-reading the directory when a file changes: an append is read from where the last read
/// stopped, a rewrite is read whole, and either way the snapshot equals a fresh full read.
@Suite struct ReloadTests {
    static let now = LocalTime(parsing: "2026-11-20 11:20")!

    func demo(_ name: String = #function) -> URL {
        let dir = temporaryDirectory(name)
        var o = DemoOptions(now: ReloadTests.now)
        o.seed = 5; o.days = 12; o.ordersPerDay = 60
        _ = try! DemoGenerator.write(to: dir, options: o)
        return dir
    }

    func append(_ text: String, to dir: URL, _ file: String) {
        let h = FileHandle(forWritingAtPath: dir.appendingPathComponent(file).path)!
        h.seekToEndOfFile(); h.write(Data(text.utf8)); try! h.close()
    }

    func ids(_ d: StoreData) -> [String] { d.orders.map { d.orderID($0) } }
    func buyers(_ d: StoreData) -> [String] { d.orders.map { d.symbols[$0.buyer] } }
    func items(_ d: StoreData) -> [String] { d.orders.map { d.symbols[$0.item] } }

    @Test func anAppendToOrdersIsReadFromWhereTheLastReadStopped() throws {
        let dir = demo(); defer { try? FileManager.default.removeItem(at: dir) }
        let directory = DataDirectory(dir)
        let before = try directory.load()
        let size = before.files["orders.csv"]!.byteCount
        // Two new orders (a new buyer and a new item among them), one bad row, and a line still being written.
        let complete = """
            92026112000000001,2026-11-20 11:05:00,2026-11-20 11:06:00,650000099999,tb_brand_new,2,88.00,,WAIT_SELLER_SEND_GOODS,
            92026112000000002,2026-11-20 11:07:00,2026-11-20 11:08:00,650000072274,tb100001,1,59.00,,WAIT_SELLER_SEND_GOODS,
            92026112000000003,2026-11-20 11:09:00,not a time,650000072274,tb100002,1,59.00,,TRADE_FINISHED,

            """
        append(complete + "92026112000000004,2026-11-20 11:1", to: dir, "orders.csv")
        let after = directory.reload(before, changed: ["orders.csv"])
        let report = after.files["orders.csv"]!
        // Only the appended complete lines were read, not the file again.
        #expect(report.lastReadBytes == complete.utf8.count)
        #expect(report.byteCount == size + complete.utf8.count)
        #expect(after.orders.count == before.orders.count + 2)
        #expect(ids(after).suffix(2) == ["92026112000000001", "92026112000000002"])
        #expect(buyers(after).suffix(2) == ["tb_brand_new", "tb100001"])
        #expect(items(after).suffix(2) == ["650000099999", "650000072274"])
        // The bad row is named by its line in the whole file.
        let lines = (try String(contentsOf: dir.appendingPathComponent("orders.csv"), encoding: .utf8)).split(separator: "\n", omittingEmptySubsequences: false)
        let badLine = lines.firstIndex { $0.hasPrefix("92026112000000003") }! + 1
        #expect(errors(after).contains("orders.csv:\(badLine): paid_at: not a date and time (YYYY-MM-DD HH:MM[:SS]): \"not a time\""))
        // The snapshot that was on screen is untouched (the screen reads it meanwhile).
        #expect(before.orders.count == after.orders.count - 2 && before.orderIDs.count == after.orderIDs.count - 2)
        // Same orders, symbols and KPIs as reading everything again.
        let full = try directory.load()
        #expect(ids(after) == ids(full))
        #expect(buyers(after) == buyers(full) && items(after) == items(full))
        #expect(KPIEngine.snapshot(after, at: ReloadTests.now) == KPIEngine.snapshot(full, at: ReloadTests.now))

        // The line is finished: it is read next time, and nothing twice.
        append("0:00,2026-11-20 11:11:00,650000072274,tb100003,1,59.00,,WAIT_SELLER_SEND_GOODS,\n", to: dir, "orders.csv")
        let later = directory.reload(after, changed: ["orders.csv"])
        #expect(later.orders.count == after.orders.count + 1)
        #expect(ids(later).last == "92026112000000004")
        #expect(ids(later) == ids(try directory.load()))
    }

    @Test func aRewrittenFileIsReadWhole() throws {
        let dir = demo(); defer { try? FileManager.default.removeItem(at: dir) }
        let directory = DataDirectory(dir)
        let before = try directory.load()
        let url = dir.appendingPathComponent("orders.csv")
        var text = try String(contentsOf: url, encoding: .utf8)
        // The first order's amount changes and a row is added: longer, but not an append.
        let firstRow = text.split(separator: "\n")[1]
        text = text.replacingOccurrences(of: firstRow, with: firstRow.replacingOccurrences(of: ",1,", with: ",3,"))
        text += "92026112000000009,2026-11-20 11:05:00,2026-11-20 11:06:00,650000072274,tb100001,1,59.00,,WAIT_SELLER_SEND_GOODS,\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        let after = directory.reload(before, changed: ["orders.csv"])
        #expect(after.files["orders.csv"]!.lastReadBytes == text.utf8.count)
        #expect(after.orders.count == before.orders.count + 1)
        #expect(after.orders[0].quantity == 3)
    }

    @Test func anAppendedGB18030FileKeepsItsEncoding() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let gb = String.Encoding(rawValue: 0x8000_0632)
        let head = "退款编号,订单编号,商品ID,申请时间,退款金额,退款原因,退款状态,是否小二介入,判责\r\nR1,O1,I1,2026-11-20 09:00,10.00,质量问题,退款成功,否,\r\n"
        try head.data(using: gb)!.write(to: dir.appendingPathComponent("refunds.csv"))
        let directory = DataDirectory(dir)
        let before = try directory.load()
        #expect(before.files["refunds.csv"]!.encoding == "gb18030")
        let h = FileHandle(forWritingAtPath: dir.appendingPathComponent("refunds.csv").path)!
        h.seekToEndOfFile(); h.write("R2,O2,I1,2026-11-20 10:00,20.00,尺码不合适,等待卖家同意退款,是,\r\n".data(using: gb)!); try h.close()
        let after = directory.reload(before, changed: ["refunds.csv"])
        #expect(after.refunds.map(\.reason) == ["质量问题", "尺码不合适"])
        #expect(after.refunds.last?.status == .waitSellerAgree && after.refunds.last?.dispute == true)
        #expect(after.files["refunds.csv"]!.lastReadBytes < 80)
    }
}
