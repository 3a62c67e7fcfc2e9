import Foundation
import Testing

@Suite struct CheckCommand {
    @Test func exitZeroWhenEveryRowWasRead() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let demo = try opsdeck(["demo", dir.path, "--days", "5", "--orders-per-day", "40", "--at", "2026-11-20 10:00"])
        #expect(demo.status == 0)
        let r = try opsdeck(["check", "--data", dir.path])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 19)   // one line per file of the contract
        #expect(lines.contains { $0.hasPrefix("orders.csv") && $0.hasSuffix("0 skipped, utf-8") })
        #expect(lines.contains { $0.hasPrefix("cs_daily.csv") && $0.hasSuffix("0 skipped, gb18030") })
    }

    @Test func exitOneAndTheBadRowsWhenSomeWereSkipped() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("order_id,status,amount\nO1,TRADE_FINISHED,1.00\nO2,TRADE_FINISHED,1.005\nO3,TRADE_FINISHED,2\n", to: dir, "orders.csv")
        let r = try opsdeck(["check", "--data", dir.path])
        #expect(r.status == 1)
        #expect(r.out.contains("orders.csv          2 rows read, 1 skipped, utf-8"))
        #expect(r.out.contains("products.csv        missing — no data yet"))
        #expect(r.out.contains("\norders.csv:3: amount: more than 2 decimals in an amount: \"1.005\""))
    }

    @Test func exitTwoWhenTheDirectoryIsUnusable() throws {
        let r = try opsdeck(["check", "--data", "/nonexistent/opsdeck-data"])
        #expect(r.status == 2)
        #expect(r.out.contains("data directory /nonexistent/opsdeck-data does not exist"))
        let file = temporaryDirectory().appendingPathComponent("plain")
        try Data().write(to: file)
        #expect(try opsdeck(["check", "--data", file.path]).status == 2)
    }
}

@Suite struct KPICommand {
    /// A small directory whose figures are worked out by hand below.
    func handMade() -> URL {
        let dir = temporaryDirectory()
        write("""
        日期,小时,访客数,浏览量,支付买家数,支付金额,加购人数,收藏人数
        2026-11-20,,2000,6100,50,"¥12,345.67",180,-
        2026-11-20,10,1500,3000,40,9000.00,100,50

        """, to: dir, "store_daily.csv")
        write("""
        keyword_id,campaign_id,word,bid
        K1,C1,连衣裙,1.20
        K2,C1,针织裙,0.80

        """, to: dir, "keywords.csv")
        write("""
        date,hour,keyword_id,impressions,clicks,cost,orders,revenue
        2026-11-20,9,K1,1000,30,36.00,1,299.00
        2026-11-20,10,K1,1000,20,24.00,1,299.00
        2026-11-20,,K2,500,10,7.99,0,0
        2026-11-20,16,K1,9999,999,999.00,99,9999.00

        """, to: dir, "keyword_daily.csv")
        write("""
        order_id,created_at,paid_at,buyer_id,status
        O1,2026-11-20 09:00,,b1,WAIT_BUYER_PAY
        O2,2026-11-20 09:00,2026-11-20 09:01,b2,WAIT_SELLER_SEND_GOODS

        """, to: dir, "orders.csv")
        write("""
        activity_id,stock_allocated,sold
        A1,200,50
        A2,,3

        """, to: dir, "activities.csv")
        return dir
    }

    @Test func jsonHasExactlyTheDocumentedShape() throws {
        let dir = handMade(); defer { try? FileManager.default.removeItem(at: dir) }
        let r = try opsdeck(["kpi", "--data", dir.path, "--at", "2026-11-20 12:30", "--json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["at", "date", "store", "ads", "service", "queues", "activities", "warnings"])
        #expect(json["at"] as? String == "2026-11-20 12:30")
        #expect(json["date"] as? String == "2026-11-20")
        let store = try #require(json["store"] as? [String: Any])
        #expect(Set(store.keys) == ["uv", "pv", "paid_buyers", "paid_amount_fen", "conversion_rate", "avg_order_value_fen",
                                    "uv_value_fen", "cart_rate", "favorite_rate", "sell_through_30d", "repeat_rate_30d",
                                    "refund_rate_30d", "dispute_rate_30d"])
        let ads = try #require(json["ads"] as? [String: Any])
        #expect(Set(ads.keys) == ["impressions", "clicks", "cost_fen", "orders", "revenue_fen", "ctr", "cpc_fen", "cvr", "roi"])
        let service = try #require(json["service"] as? [String: Any])
        #expect(Set(service.keys) == ["consultations", "inquiry_buyers", "inquiry_paid_buyers", "inquiry_conversion"])
        let queues = try #require(json["queues"] as? [String: Any])
        #expect(Set(queues.keys) == ["unpaid_orders", "open_refunds", "open_disputes", "unreplied_bad_reviews",
                                     "unanswered_questions", "coupons_expiring_24h", "low_stock_items"])
        // Numbers are numbers, unknown is null.
        #expect(store["uv"] as? Int == 2000)
        #expect(store["favorite_rate"] is NSNull)
        #expect(service["consultations"] is NSNull)
        #expect(queues["open_refunds"] is NSNull)        // no refunds.csv: unknown, not 0
        #expect(r.out.contains("\"paid_amount_fen\": 1234567,"))
    }

    @Test func figuresWorkedOutByHand() throws {
        let dir = handMade(); defer { try? FileManager.default.removeItem(at: dir) }
        let r = try opsdeck(["kpi", "--data", dir.path, "--at", "2026-11-20 12:30", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let store = json["store"] as! [String: Any], ads = json["ads"] as! [String: Any], queues = json["queues"] as! [String: Any]
        // The whole-day row, not the 10:00 row.
        #expect(store["paid_buyers"] as? Int == 50)
        #expect(store["conversion_rate"] as? Double == 0.025)            // 50 / 2000
        #expect(store["avg_order_value_fen"] as? Int == 24_691)          // 1,234,567 / 50 = 24,691.34
        #expect(store["uv_value_fen"] as? Int == 617)                    // 1,234,567 / 2000 = 617.28
        #expect(store["cart_rate"] as? Double == 0.09)
        // K1: hours 9 and 10 (16:00 is after 12:30); K2: its whole-day row.
        #expect(ads["impressions"] as? Int == 2_500)
        #expect(ads["clicks"] as? Int == 60)
        #expect(ads["cost_fen"] as? Int == 6_799)
        #expect(ads["orders"] as? Int == 2)
        #expect(ads["revenue_fen"] as? Int == 59_800)
        #expect(ads["cpc_fen"] as? Int == 113)                           // 6,799 / 60 = 113.3
        #expect(ads["ctr"] as? Double == 0.024)
        #expect(abs((ads["roi"] as! Double) - 59_800.0 / 6_799.0) < 1e-12)
        #expect(queues["unpaid_orders"] as? Int == 1)
        let acts = json["activities"] as! [[String: Any]]
        #expect(acts.count == 2)
        #expect(acts[0]["activity_id"] as? String == "A1" && acts[0]["sell_out_rate"] as? Double == 0.25)
        #expect(acts[1]["sell_out_rate"] is NSNull)
    }

    @Test func warningsCarryTheBadRows() throws {
        let dir = handMade(); defer { try? FileManager.default.removeItem(at: dir) }
        write("question_id,answered\nQ1,maybe\nQ2,no\n", to: dir, "questions.csv")
        let r = try opsdeck(["kpi", "--data", dir.path, "--at", "2026-11-20 12:30", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        #expect(json["warnings"] as? [String] == ["questions.csv:2: answered: expected yes or no: \"maybe\""])
        #expect((json["queues"] as! [String: Any])["unanswered_questions"] as? Int == 1)
    }

    @Test func aBadAtIsRefused() throws {
        let r = try opsdeck(["kpi", "--data", NSTemporaryDirectory(), "--at", "yesterday"])
        #expect(r.status != 0)
        #expect(r.err.contains("--at expects \"YYYY-MM-DD HH:MM\""))
    }

    @Test func theEmbeddedDefaultMakesADemoDirectory() throws {
        let home = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: home) }
        let r = try opsdeck(["kpi", "--json"], env: ["XDG_DATA_HOME": home.path])
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("opsdeck/demo/orders.csv").path))
        #expect(r.out.contains("\"store\""))
        #expect(r.err.contains("demo data in"))
    }
}

@Suite struct TerminalSafety {
    @Test func escapeSequencesInDataNeverReachTheTerminal() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("activity_id,name,stock_allocated,sold\nA1,\"\u{1B}]52;c;cHduZWQ=\u{07}Sale\u{1B}[2J\",10,1\n", to: dir, "activities.csv")
        write("order_id,status,\u{1B}[31mred\n", to: dir, "orders.csv")
        let kpi = try opsdeck(["kpi", "--data", dir.path, "--at", "2026-11-20 12:00"])
        let check = try opsdeck(["check", "--data", dir.path])
        for out in [kpi.out, check.out] {
            #expect(!out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        }
        #expect(kpi.out.contains("\u{FFFD}]52;c;cHduZWQ=\u{FFFD}Sale\u{FFFD}[2J"))
        let json = try opsdeck(["kpi", "--data", dir.path, "--at", "2026-11-20 12:00", "--json"])
        #expect(!json.out.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func bidiOverridesInDataNeverReachTheTerminalOrAReport() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        // A store name and an activity that would show "¥1.20" reversed, and an isolate.
        write("name = \"云裳\u{202E}02.1¥\u{202C}旗舰店\"\n", to: dir, "store.toml")
        write("activity_id,name,stock_allocated,sold\nA1,\"\u{2067}Sale\u{2069}\u{200F}\",10,1\n", to: dir, "activities.csv")
        let bidi: [UInt32] = [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x061C]
        let kpi = try opsdeck(["kpi", "--data", dir.path, "--at", "2026-11-20 12:00"])
        let json = try opsdeck(["kpi", "--data", dir.path, "--at", "2026-11-20 12:00", "--json"])
        let md = try opsdeck(["report", "--data", dir.path, "--date", "2026-11-20", "--format", "md"])
        let html = try opsdeck(["report", "--data", dir.path, "--date", "2026-11-20", "--format", "html"])
        for out in [kpi.out, json.out, md.out, html.out] {
            #expect(!out.isEmpty && !out.unicodeScalars.contains { bidi.contains($0.value) })
        }
        #expect(md.out.contains("# Operation report 运营日报 · 云裳\u{FFFD}02.1¥\u{FFFD}旗舰店"))
        #expect(kpi.out.contains("云裳\u{FFFD}02.1¥\u{FFFD}旗舰店"))
    }

    @Test func theCockpitWithoutATerminalSaysSoAndLeaves() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try opsdeck(["demo", dir.path, "--days", "3", "--orders-per-day", "10", "--at", "2026-11-20 11:20"]).status == 0)
        // Standard input is /dev/null and output a file: no escape sequence may be written.
        let r = try opsdeck(["run", "--data", dir.path])
        #expect(r.status == 2)
        #expect(r.err.contains("the cockpit needs a terminal"))
        #expect(!r.out.contains("\u{1B}"))
    }
}
