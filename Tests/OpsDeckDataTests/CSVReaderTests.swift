import Foundation
import Testing
@testable import OpsDeckCore
@testable import OpsDeckData

@Suite struct CSVFormat {
    @Test func quotesCommasAndLineBreaksInsideQuotes() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("review_id,order_id,rating,content,replied\n" +
              "V1,O1,bad,\"太小了, 而且\"\"掉色\"\"\",no\n" +
              "V2,O2,good,\"第一行\n第二行\r\n第三行\",yes\n" +
              "V3,O3,neutral,,\n", to: dir, "reviews.csv")
        let d = load(dir)
        #expect(errors(d).isEmpty)
        #expect(d.reviews.map(\.content) == ["太小了, 而且\"掉色\"", "第一行\n第二行\r\n第三行", nil])
        #expect(d.reviews.map(\.replied) == [false, true, nil])
        #expect(d.reviews[2].rating == .neutral)
    }

    @Test func crlfBomAndBlankLines() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let text = "question_id,item_id,answered\r\nQ1,I1,yes\r\n\r\nQ2,I2,no\r\n"
        write(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8), to: dir, "questions.csv")
        let d = load(dir)
        #expect(errors(d).isEmpty)
        #expect(d.questions.map(\.questionID) == ["Q1", "Q2"])
        #expect(d.questions.map(\.answered) == [true, false])
        #expect(d.files["questions.csv"]?.encoding == "utf-8 (BOM)")
    }

    @Test func chineseHeadersInAnyOrderCaseAndSpacing() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write(" 支付金额 ,访客数,日期, PAID_BUYERS ,小时,unknown_col,另一列\n\"¥1,234.50\",1000,2026/11/21,30,,x,y\n", to: dir, "store_daily.csv")
        let d = load(dir)
        #expect(errors(d).isEmpty)
        #expect(d.storeDays.count == 1)
        #expect(d.storeDays[0].paidAmount == 123_450)
        #expect(d.storeDays[0].uv == 1000)
        #expect(d.storeDays[0].paidBuyers == 30)
        #expect(d.storeDays[0].hour == nil)
        #expect(d.storeDays[0].date == LocalDate(year: 2026, month: 11, day: 21))
        // Unknown columns are a note, once, not an error.
        #expect(notes(d) == ["store_daily.csv:1: unknown columns ignored: unknown_col, 另一列"])
    }

    @Test func gb18030IsDetected() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let text = "日期,客服,咨询人数,询单人数,询单支付人数\n2026-11-21,客服-小美,120,80,36\n2026-11-21,客服-阿杰🙂,10,5,1\n"
        write(bytes: GB18030Converter.encode(Array(text.utf8)), to: dir, "cs_daily.csv")
        let raw = try! Data(contentsOf: dir.appendingPathComponent("cs_daily.csv"))
        #expect(String(data: raw, encoding: .utf8) == nil)          // really not UTF-8 on disk
        let d = load(dir)
        #expect(errors(d).isEmpty)
        #expect(d.files["cs_daily.csv"]?.encoding == "gb18030")
        #expect(d.agentDays.map(\.agent) == ["客服-小美", "客服-阿杰🙂"])
        #expect(d.agentDays.map(\.inquiryPaidBuyers) == [36, 1])
    }

    @Test func gb18030AfterALongAsciiStretchIsStillDetected() {
        // The first megabytes are ASCII; the Chinese comes later, past the first read chunk.
        var text = "question_id,item_id,question,answered\n"
        for i in 0..<40_000 { text += "Q\(i),I1,plain ascii question number \(i),yes\n" }
        text += "Q-last,I1,会起球吗？,no\n"
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write(bytes: GB18030Converter.encode(Array(text.utf8)), to: dir, "questions.csv")
        let d = load(dir)
        #expect(errors(d).isEmpty)
        #expect(d.questions.count == 40_001)
        #expect(d.questions.last?.question == "会起球吗？")
        #expect(d.files["questions.csv"]?.encoding == "gb18030")
    }

    @Test func invalidUTF8AfterValidUTF8IsReplacedNotFatal() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = Array("question_id,question,answered\nQ1,尺码,yes\nQ2,".utf8) + [0xFF, 0xFE] + Array(",no\n".utf8)
        write(bytes: bytes, to: dir, "questions.csv")
        let d = load(dir)
        #expect(d.questions.map(\.question) == ["尺码", "\u{FFFD}\u{FFFD}"])
        #expect(d.files["questions.csv"]?.encoding == "utf-8 (invalid bytes replaced)")
    }
}

@Suite struct BadInput {
    @Test func badRowsAreReportedByFileLineAndColumnAndTheRestLoads() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("""
        order_id,created_at,paid_at,buyer_id,quantity,amount,status
        O1,2026-11-21 10:00,2026-11-21 10:01,b1,1,¥129.00,TRADE_FINISHED
        O2,2026-11-21 10:00,2026-11-31 10:01,b2,1,129.00,TRADE_FINISHED
        O3,2026-11-21 10:00,,b3,1.5,129.00,WAIT_BUYER_PAY
        O4,2026-11-21 10:00,,b4,1,12.345,WAIT_BUYER_PAY
        O5,2026-11-21 10:00,,b5,1,129,LOST_IN_THE_MAIL
        O6,2026-11-21 10:00,,b6,1,129
        ,2026-11-21 10:00,,b7,1,129,WAIT_BUYER_PAY
        "O8,2026-11-21 10:00,,b8,1,"129" x,WAIT_BUYER_PAY
        O9,2026-11-21 11:00,-,b9,--,null,交易关闭

        """, to: dir, "orders.csv")
        let d = load(dir)
        #expect(errors(d) == [
            "orders.csv:3: paid_at: not a date and time (YYYY-MM-DD HH:MM[:SS]): \"2026-11-31 10:01\"",
            "orders.csv:4: quantity: not a whole number: \"1.5\"",
            "orders.csv:5: amount: more than 2 decimals in an amount: \"12.345\"",
            "orders.csv:6: status: unknown value \"LOST_IN_THE_MAIL\" (expected one of: wait_buyer_pay, wait_seller_send_goods, wait_buyer_confirm_goods, trade_finished, trade_closed, trade_closed_by_taobao)",
            "orders.csv:7: row has 6 fields, the header has 7",
            "orders.csv:8: order_id: missing value",
            "orders.csv:9: malformed CSV: text after a closing quote",
        ])
        #expect(d.orders.count == 2)
        #expect(d.orderID(d.orders[0]) == "O1")
        #expect(d.orders[1].status == .tradeClosed)
        #expect(d.orders[1].paidAt == nil && d.orders[1].quantity == nil && d.orders[1].amount == nil)   // unknown, not zero
        #expect(d.files["orders.csv"]?.rowsSkipped == 7)
        #expect(d.files["orders.csv"]?.rowsRead == 2)
    }

    @Test func aHalfWrittenLastLineIsNotAnError() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("question_id,item_id,answered\nQ1,I1,yes\nQ2,I2,ye", to: dir, "questions.csv")
        write("refund_id,status,reason\nR1,SUCCESS,ok\nR2,CLOSED,\"still being wri", to: dir, "refunds.csv")
        let d = load(dir)
        #expect(errors(d).isEmpty)
        #expect(d.questions.map(\.questionID) == ["Q1"])
        #expect(d.refunds.map(\.refundID) == ["R1"])
        #expect(Set(notes(d)) == ["questions.csv:3: incomplete last line (no line break yet): read when complete",
                                  "refunds.csv:3: incomplete last line (a quote is still open): read when complete"])
        // Once the exporter finishes the line, it is read.
        write("question_id,item_id,answered\nQ1,I1,yes\nQ2,I2,yes", to: dir, "questions.csv")
        #expect(load(dir).questions.map(\.questionID) == ["Q1", "Q2"])
    }

    @Test func aFileThatIsNotCSVIsReportedAndTheOthersStillLoad() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write(bytes: [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13, 0x49, 0x48], to: dir, "products.csv")
        write("<html><body>Session expired, please log in</body></html>\n", to: dir, "keywords.csv")
        write("order_id,status\nO1,WAIT_BUYER_PAY\n", to: dir, "orders.csv")
        write("refund_id,reason\nR1,x\n", to: dir, "refunds.csv")
        let d = load(dir)
        #expect(d.files["products.csv"]?.state == .unreadable("binary data (NUL bytes): not a CSV file"))
        #expect(d.files["keywords.csv"]?.state == .unreadable("no known column in the header line: not a keywords.csv export"))
        #expect(d.files["refunds.csv"]?.state == .unreadable("required column missing: status (退款状态)"))
        #expect(d.orders.count == 1)
        #expect(errors(d).contains("keywords.csv:1: no known column in the header line: not a keywords.csv export"))
        #expect(d.files["reviews.csv"]?.state == .missing)
    }

    @Test func platformRulesInTheExportAreChecked() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("""
        campaign_id,daily_budget,schedule
        C1,30,00:00-08:00:30
        C2,29,
        C3,100.50,
        C4,,08:00-12:00:151
        C5,-,12:00-10:00:100
        C6,,"00:00-12:00:50,12:00-24:00:150"

        """, to: dir, "campaigns.csv")
        let d = load(dir)
        #expect(d.campaigns.map(\.campaignID) == ["C1", "C6"])
        #expect(d.campaigns[0].dailyBudget == 3_000)
        #expect(d.campaigns[1].dailyBudget == nil)
        #expect(d.campaigns[1].schedule.map(\.percent) == [50, 150])
        #expect(errors(d) == [
            "campaigns.csv:3: daily_budget: a daily budget is at least ¥30",
            "campaigns.csv:4: daily_budget: a daily budget is whole yuan",
            "campaigns.csv:5: schedule: time-slot discount 151% is outside 1–150",
            "campaigns.csv:6: schedule: time slot \"12:00-10:00:100\" ends before it starts",
        ])
    }

    @Test func controlCharactersInErrorMessagesAreReplaced() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("order_id,status\nO1,\u{1B}[2J\n", to: dir, "orders.csv")
        let e = errors(load(dir))
        #expect(e.count == 1)
        #expect(!e[0].unicodeScalars.contains { $0.value < 0x20 })
        #expect(e[0].contains("\u{FFFD}[2J"))
    }
}

@Suite struct Streaming {
    /// Collects what the scanner hands over, for comparing chunk sizes.
    struct Collect: RecordHandler {
        var rows: [[String]] = []
        var lines: [Int] = []
        mutating func record(_ buf: Bytes, _ fields: UnsafeBufferPointer<FieldRange>, line: Int, end: RecordEnd, malformed: String?) {
            rows.append(fields.map { String(decoding: UnsafeBufferPointer(rebasing: buf[$0.start..<$0.end]), as: UTF8.self) })
            lines.append(line)
        }
    }

    @Test func tinyChunksGiveTheSameRecordsAsOneBigRead() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        var text = "a,b,c\r\n"
        for i in 0..<300 { text += i % 7 == 0 ? "\(i),\"multi\nline, \"\"quoted\"\"\",中文\r\n" : "\(i),plain,末尾\n" }
        write(text, to: dir, "x.csv")
        let path = dir.appendingPathComponent("x.csv").path
        var big = Collect(), small = Collect()
        _ = try CSVFile.read(path: path, into: &big)
        _ = try CSVFile.read(path: path, into: &small, chunkSize: 5)
        #expect(big.rows.count == 301)
        #expect(big.rows == small.rows)
        #expect(big.lines == small.lines)
        #expect(big.rows[1] == ["0", "multi\nline, \"\"quoted\"\"", "中文"])   // raw: unescaping is the row's job
        #expect(big.lines[2] == 4)                                            // the quoted line break counts
    }
}

@Suite(.serialized) struct ParallelRead {
    @Test func readingInTwoPartsGivesTheSameOrdersAsOne() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        var text = "order_id,created_at,paid_at,item_id,buyer_id,quantity,amount,status,activity_id\n"
        for i in 0..<30_000 {
            let buyer = "买家\(i % 9_973)"
            if i == 25_000 { text += "O\(i),2026-11-21 10:00,,I\(i % 13),\(buyer),x,1.00,TRADE_FINISHED,\n"; continue }
            text += "O\(i),2026-11-21 10:00,2026-11-21 10:0\(i % 10),I\(i % 13),\(buyer),1,\(i).00,TRADE_FINISHED,\(i % 5 == 0 ? "A1" : "")\n"
        }
        write(text, to: dir, "orders.csv")
        let serial = load(dir)
        let saved = DataDirectory.parallelThreshold
        DataDirectory.parallelThreshold = 1 << 16
        defer { DataDirectory.parallelThreshold = saved }
        let parallel = load(dir)
        #expect(parallel.orders.count == 29_999)
        #expect(serial.orders.count == parallel.orders.count)
        for i in stride(from: 0, to: serial.orders.count, by: 37) {
            let a = serial.orders[i], b = parallel.orders[i]
            #expect(serial.orderID(a) == parallel.orderID(b))
            #expect(serial.symbols[a.buyer] == parallel.symbols[b.buyer])
            #expect(serial.symbols[a.item] == parallel.symbols[b.item])
            #expect(serial.symbols[a.activity] == parallel.symbols[b.activity])
            #expect(a.amount == b.amount && a.paidAt == b.paidAt)
        }
        // Same buyer, same symbol, across the two parts.
        #expect(parallel.orders[0].buyer == parallel.orders[9_973].buyer)
        #expect(parallel.symbols[parallel.orders[29_000].buyer] == "买家\(29_001 % 9_973)")   // after the skipped row
        #expect(parallel.orders[29_000].buyer == parallel.orders[29_001 % 9_973].buyer)
        // The bad row in the second part keeps its true line number.
        #expect(errors(parallel) == ["orders.csv:25002: quantity: not a number: \"x\""])
        #expect(errors(serial) == errors(parallel))
    }

    @Test func aCutInsideAQuotedFieldFallsBackToOnePiece() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        var text = "order_id,status,buyer_id\n"
        let filler = String(repeating: "line\n", count: 40_000)
        text += "O1,TRADE_FINISHED,\"\(filler)\"\nO2,TRADE_FINISHED,b2\n"
        write(text, to: dir, "orders.csv")
        let saved = DataDirectory.parallelThreshold
        DataDirectory.parallelThreshold = 1 << 16
        defer { DataDirectory.parallelThreshold = saved }
        let d = load(dir)
        #expect(errors(d).isEmpty)
        #expect(d.orders.count == 2)
        #expect(d.symbols[d.orders[1].buyer] == "b2")
    }
}

@Suite struct RankTargets {
    @Test func aKeywordsAndAPlansTargetRankAreReadAndABadOneIsNamed() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("keyword_id,campaign_id,word,bid,rank,target_rank\r\n880000030001,20010001,连衣裙,1.20,7-10,1-3\r\n880000030002,20010001,卫衣,1.00,4-6,前三\r\n",
              to: dir, "keywords.csv")
        write("计划ID,计划名称,目标排名\n20010001,主推,4-6\n", to: dir, "campaigns.csv")
        let d = load(dir)
        #expect(d.keywords.count == 1 && d.keywords[0].targetRank == 1...3)
        #expect(d.campaigns.first?.targetRank == 4...6)
        #expect(errors(d).contains("keywords.csv:3: target_rank: not a rank target: \"前三\" (a position or a range, e.g. 1-3)"))
    }
}
