import Foundation
import Testing
@testable import OpsDeckCore
@testable import OpsDeckData

/// The importer's reading of values and of large files.
@Suite(.serialized) struct ImportReadTests {
    @Test func everyValueFormOfTheExports() throws {
        func n(_ s: String, _ k: ExportValue.Kind, _ number: Double? = nil) -> String? { try? ExportValue.normalize(s, k, excelNumber: number) }
        #expect(n("¥5,652.00", .money) == "5652.00" && n("￥12", .money) == "12.00" && n("12 元", .money) == "12.00")
        #expect(n("2.5万", .money) == "25000.00" && n("1.2亿", .money) == "120000000.00" && n("2.5万元", .money) == "25000.00")
        #expect(n("1.2万", .count) == "12000" && n("1,461", .count) == "1461" && n("0.5", .count) == nil)
        #expect(n("3.25%", .rate) == "3.25%" && n("0.0325", .rate) == "0.0325")
        #expect(n("=\"4100000000000123\"", .id) == "4100000000000123" && n("'13800000000", .id) == "13800000000")
        for unknown in ["", "-", "--", "/", "暂无", "N/A", "null", " \u{3000}"] { #expect(n(unknown, .money) == "", "\(unknown)") }
        #expect(n("2026年11月20日", .date) == "2026-11-20" && n("20261120", .date) == "2026-11-20" && n("2026/11/20", .date) == "2026-11-20")
        #expect(n("46346", .date) == "2026-11-20" && n("46346", .date, 46346) == "2026-11-20")
        #expect(n("46346.5", .timestamp) == "2026-11-20 12:00:00" && n("2026/11/20 08:05", .timestamp) == "2026-11-20 08:05:00")
        #expect(n("08:00-09:00", .hour) == "8" && n("23", .hour) == "23" && n("24", .hour) == nil)
        #expect(n("交易成功", .orderStatus) == "TRADE_FINISHED" && n("卖家已发货，等待买家确认收货", .orderStatus) == "WAIT_BUYER_CONFIRM_GOODS")
        #expect(n("等待卖家同意退款", .refundStatus) == "WAIT_SELLER_AGREE" && n("是", .yesNo) == "yes" && n("买家", .ruling) == "buyer")
        #expect(n("lots", .money) == nil && n("maybe", .yesNo) == nil)
        #expect(ImportNames.day(inFileName: "【生意参谋平台】商品_全部_2026-11-20_2026-11-20.xls") == LocalDate(year: 2026, month: 11, day: 20))
        #expect(ImportNames.day(inFileName: "店铺_整体_2026-11-11_2026-11-20.xls") == nil)
    }

    /// A large file is read in two parts at once: the same rows, the same problems on the
    /// same lines as reading it in one.
    @Test func aFileReadInTwoPartsGivesWhatOneReadGives() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        var text = "说明：近30天订单\n\n订单编号,订单状态,买家实际支付金额,订单付款时间,商品ID,收货人姓名\n"
        for i in 0..<4_000 {
            let amount = i == 100 || i == 3_500 ? "lots" : "\(50 + i % 9).00"
            text += "=\"3\(String(format: "%016d", i))\",\(["交易成功", "交易关闭"][i % 2]),\(amount),2026-11-19 10:00:00,6500\(i % 7),\"王, 五\"\n"
        }
        let path = dir.appendingPathComponent("orders.csv").path
        try text.data(using: String.Encoding(rawValue: 0x8000_0632))!.write(to: URL(fileURLWithPath: path))
        let store = try StateStore(dataDirectory: dir)
        let importer = try Importer(directory: dir, store: store, operatorName: "t", now: LocalTime(parsing: "2026-11-20 11:20")!)
        defer { Importer.parallelThreshold = 8 << 20 }
        Importer.parallelThreshold = Int.max
        let (whole, one) = importer.read(path: path, display: "orders.csv", scratch: dir)
        Importer.parallelThreshold = 0
        let (parts, two) = importer.read(path: path, display: "orders.csv", scratch: dir)
        #expect(whole.rowsRead == 4_000 && whole.skipped == 2)
        #expect(whole.problems == ["orders.csv:104: amount: not a number: \"lots\"", "orders.csv:3504: amount: not a number: \"lots\""])
        #expect(parts.problems == whole.problems && parts.rowsRead == whole.rowsRead && parts.skipped == whole.skipped)
        #expect(two?.rows == one?.rows && two?.keys == one?.keys && (one?.rows.count ?? 0) == 3_998)
        #expect(parts.personal == ["收货人姓名"])
    }
}

/// The table-driven GB18030 decoder against iconv itself.
@Suite struct GB18030Tests {
    @Test func theFastDecoderAgreesWithIconvOnEveryTwoByteCharacterAndTheRest() {
        var input: [UInt8] = []
        for lead in 0x81...0xFE { for trail in 0x40...0xFE where trail != 0x7F { input += [UInt8(lead), UInt8(trail), 0x2C] } }
        // Four-byte sequences (€ is two bytes; U+00A5 ¥ and an emoji are four), bad bytes, a lead at the very end.
        input += Array("¥😀€ok".data(using: String.Encoding(rawValue: 0x8000_0632))!) + [0xFF, 0x41, 0x80, 0x0A, 0x81]
        input.withUnsafeBufferPointer { b in
            let fast = GB18030Converter.convert(b), slow = GB18030Converter.convertWithIconv(b)
            #expect(fast.bytes.count == slow.bytes.count)
            #expect(fast.bytes == slow.bytes, "first difference at \(zip(fast.bytes, slow.bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1)")
            #expect(fast.replaced == slow.replaced)
        }
        "订单编号,交易成功\r\n".data(using: String.Encoding(rawValue: 0x8000_0632))!.withUnsafeBytes { raw in
            let r = GB18030Converter.convert(raw.bindMemory(to: UInt8.self))
            #expect(String(decoding: r.bytes, as: UTF8.self) == "订单编号,交易成功\r\n" && r.replaced == 0)
        }
    }
}
