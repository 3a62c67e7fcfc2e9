import Foundation
import Testing

/// `opsdeck import` on export-shaped files (Fixtures/exports, made by Fixtures/make_exports.py
/// from the demo below): every family, container and encoding, the round trip to the demo's
/// own KPIs, idempotence, undo, the inbox, what must be refused, personal data, a crash.
@Suite(.serialized) struct ImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let exports = fixtures.appendingPathComponent("exports")
    static let at = "2026-11-20 11:20"
    /// The files of the contract no export family writes: copied from the demo as they are.
    static let notExported = ["products.csv", "campaigns.csv", "keywords.csv", "ad_account.csv", "activities.csv", "reviews.csv",
                              "questions.csv", "coupons.csv", "affiliates.csv", "art_tasks.csv", "competitors.csv",
                              "industry_daily.csv", "content_posts.csv", "store.toml"]

    /// The demo the fixtures were made from.
    func demo(_ name: String = #function) throws -> URL {
        let dir = temporaryDirectory(name)
        #expect(try opsdeck(["demo", dir.path, "--seed", "7", "--days", "10", "--orders-per-day", "30", "--at", ImportTests.at]).status == 0)
        return dir
    }

    /// An empty directory with only the files no export family writes.
    func emptyBeside(_ demo: URL, _ name: String = #function) throws -> URL {
        let dir = temporaryDirectory(name + "-empty")
        for f in ImportTests.notExported where FileManager.default.fileExists(atPath: demo.appendingPathComponent(f).path) {
            try FileManager.default.copyItem(at: demo.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        return dir
    }

    func files(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        for n in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where n.hasSuffix(".csv") {
            out[n] = FileManager.default.contents(atPath: dir.appendingPathComponent(n).path)
        }
        return out
    }

    @Test func theRoundTripGivesTheDemosOwnKPIs() throws {
        let demo = try demo(); defer { try? FileManager.default.removeItem(at: demo) }
        let dir = try emptyBeside(demo); defer { try? FileManager.default.removeItem(at: dir) }
        let r = try opsdeck(["import", "--data", dir.path, ImportTests.exports.path])
        #expect(r.status == 0, "\(r.out)\(r.err)")
        // One line per file, recognised by its columns (not its name), with its target.
        for (name, family) in [("ExportOrderList202611201530.csv", "orders → orders.csv: 276 rows read, 276 added"),
                               ("ExportOrderDetailList202611201530.csv", "order_details → orders.csv"),
                               ("店铺_整体_2026-11-11_2026-11-20.xls", "store_daily → store_daily.csv: 10 rows read, 10 added"),
                               ("店铺_实时_每小时.csv", "store_daily → store_daily.csv"),
                               ("商品_全部_2026-11-20_2026-11-20.xlsx", "product_daily → product_daily.csv"),
                               ("关键词报表_20261120_150102.zip", "keyword_daily → keyword_daily.csv"),
                               ("退款管理_20261120.xlsx", "refunds → refunds.csv"),
                               ("客服绩效_2026-11-14_2026-11-20.xls", "cs_daily → cs_daily.csv")] {
            #expect(r.out.split(separator: "\n").contains { $0.contains(name) && $0.contains(family) }, "\(name): \(r.out)")
        }
        #expect(r.out.contains("the day 2026-11-20 is taken from the file name"))
        #expect(r.out.contains("personal data dropped: 买家支付宝账号, 收货人姓名, 收货地址, 联系手机"))
        #expect(try opsdeck(["check", "--data", dir.path]).status == 0)
        let mine = try opsdeck(["kpi", "--json", "--data", dir.path, "--at", ImportTests.at])
        let theirs = try opsdeck(["kpi", "--json", "--data", demo.path, "--at", ImportTests.at])
        #expect(mine.status == 0 && !mine.out.isEmpty)
        #expect(mine.out == theirs.out)
    }

    @Test func importingTheSameFilesTwiceChangesNothing() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try opsdeck(["import", "--data", dir.path, ImportTests.exports.path]).status == 0)
        let before = files(dir)
        let again = try opsdeck(["import", "--data", dir.path, ImportTests.exports.path])
        #expect(again.status == 0)
        #expect(again.out.contains("nothing changed") && again.out.contains("276 rows read, 0 added, 0 replaced, 276 unchanged"))
        #expect(files(dir) == before)
        #expect(try opsdeck(["import", "--data", dir.path, "--list"]).out.components(separatedBy: "committed").count == 2)   // one batch
    }

    @Test func undoTakesABatchsRowsBackOutExactly() throws {
        let dir = try demo(); defer { try? FileManager.default.removeItem(at: dir) }
        let before = files(dir)
        // An order export where one order moved on (shipped) and one is new.
        write("""
            订单编号,订单状态,买家实际支付金额,订单付款时间,商品ID,买家会员名,购买数量,收货人姓名
            ="32026111100000001",交易关闭,359.00,2026-11-11 00:59:21,650000048517,tb100000,1,张三
            ="99999999999999999",买家已付款,88.00,2026-11-20 10:00:00,650000048517,tb_new,1,李四

            """, to: dir, "orders-export.csv")
        let r = try opsdeck(["import", "--data", dir.path, dir.appendingPathComponent("orders-export.csv").path])
        #expect(r.out.contains("2 rows read, 1 added, 1 replaced, 0 unchanged, 0 skipped"), "\(r.out)")
        let orders = try String(contentsOf: dir.appendingPathComponent("orders.csv"), encoding: .utf8)
        #expect(orders.contains("32026111100000001,") && orders.contains("TRADE_CLOSED") && orders.contains("99999999999999999"))
        let batch = try #require(r.out.split(separator: "\n").last?.split(separator: " ").dropFirst().first.map(String.init))
        let list = try opsdeck(["import", "--data", dir.path, "--list"])
        #expect(list.out.contains("\(batch)") && list.out.contains("committed") && list.out.contains("→ orders.csv: 1 added, 1 replaced"))
        let u = try opsdeck(["import", "--data", dir.path, "--undo", batch])
        #expect(u.status == 0 && u.out.contains("orders.csv: 1 rows taken out, 1 rows put back"), "\(u.out)\(u.err)")
        // The order file reads as before: the new order gone, the old status back.
        let after = try opsdeck(["kpi", "--json", "--data", dir.path, "--at", ImportTests.at]).out
        let original = temporaryDirectory("original"); defer { try? FileManager.default.removeItem(at: original) }
        for (n, d) in before { try d.write(to: original.appendingPathComponent(n)) }
        for f in ImportTests.notExported where FileManager.default.fileExists(atPath: dir.appendingPathComponent(f).path) && !f.hasSuffix(".csv") {
            try FileManager.default.copyItem(at: dir.appendingPathComponent(f), to: original.appendingPathComponent(f))
        }
        #expect(after == (try opsdeck(["kpi", "--json", "--data", original.path, "--at", ImportTests.at]).out))
        #expect(try opsdeck(["import", "--data", dir.path, "--list"]).out.contains("undone"))
        #expect(try opsdeck(["import", "--data", dir.path, "--undo", batch]).err.contains("already undone"))
    }

    @Test func aDryRunWritesNothing() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let r = try opsdeck(["import", "--dry-run", "--data", dir.path, ImportTests.exports.path])
        #expect(r.status == 0 && r.out.contains("dry run: nothing was written") && r.out.contains("276 added"))
        #expect(files(dir).isEmpty)
        #expect(try opsdeck(["import", "--data", dir.path, "--list"]).out.contains("no imports yet"))
    }

    @Test func loginPagesEmptyFilesAndTruncatedWorkbooksAreRefusedInWords() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let r = try opsdeck(["import", "--data", dir.path, ImportTests.fixtures.appendingPathComponent("refused").path])
        #expect(r.status == 1)
        #expect(r.out.contains("店铺_整体_登录过期.xls: not imported: a web page (HTML or JSON), not a report: most likely the login had expired"))
        #expect(r.out.contains("空文件.csv: not imported: empty file"))
        #expect(r.out.contains("退款管理_截断.xlsx: not imported: a damaged or truncated zip file"))
        #expect(r.out.contains("客服绩效_截断.xls: not imported: a damaged or truncated Excel workbook"))
        #expect(files(dir).isEmpty)
    }

    @Test func badRowsAreNamedAndTheGoodOnesImported() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        // Notes above the header, a column nobody maps, every value form, one bad amount, a total row.
        write("""
            店铺：云裳女装旗舰店
            统计日期：2026-11-18 ~ 2026-11-20

            统计日期,访客数,支付金额,支付买家数,跳失率,成功退款金额,神秘列
            2026年11月18日,"1,461",¥13070.00,47,59.73%,-,x
            20261119,1.2万,"￥5,652.00",="22",0.6,暂无,y
            2026/11/20,834,12 元,N/A,--,0,z
            2026-11-21,900,lots,30,50%,0,w
            合计,"4,329",,,,,

            """, to: dir, "shop.csv")
        let r = try opsdeck(["import", "--data", dir.path, dir.appendingPathComponent("shop.csv").path])
        #expect(r.status == 1)
        #expect(r.out.contains("shop.csv: store_daily → store_daily.csv: 4 rows read, 3 added, 0 replaced, 0 unchanged, 1 skipped · 2026-11-18 – 2026-11-20"))
        #expect(r.out.contains("columns not mapped: 神秘列"))
        #expect(r.out.contains("shop.csv:8: paid_amount: not a number: \"lots\""))
        let text = try String(contentsOf: dir.appendingPathComponent("store_daily.csv"), encoding: .utf8)
        // The contract's columns and forms: 2026年11月18日, "1,461", ¥, 1.2万, ="22", "12 元" read;
        // "-", 暂无, N/A and "--" stay unknown (empty), never zero.
        #expect(text == """
            date,uv,bounce_rate,paid_buyers,paid_amount,refund_amount
            2026-11-18,1461,59.73%,47,13070.00,
            2026-11-19,12000,0.6,22,5652.00,
            2026-11-20,834,,,12.00,0.00

            """)
        let kpi = try opsdeck(["check", "--data", dir.path])
        #expect(kpi.status == 0, "\(kpi.out)")
    }

    @Test func personalDataIsNeverWrittenAnywhere() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        #expect(try opsdeck(["import", "--data", dir.path, ImportTests.exports.path]).status == 0)
        // Everything under the data directory, the state store and the import journal included.
        let values = ["张三", "浙江省杭州市西湖区文三路", "13800000000", "buyer0@example.com", "13900000000", "联系电话 139"]
        let walker = FileManager.default.enumerator(atPath: dir.path)!
        var checked = 0
        while let rel = walker.nextObject() as? String {
            let path = dir.appendingPathComponent(rel).path
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                  let bytes = FileManager.default.contents(atPath: path) else { continue }
            checked += 1
            for v in values {
                for encoding in [String.Encoding.utf8, String.Encoding(rawValue: 0x8000_0632)] {
                    let needle = v.data(using: encoding)!
                    #expect(bytes.range(of: needle) == nil, "\(v) found in \(rel)")
                }
            }
        }
        #expect(checked >= 8)
    }

    @Test func theInboxImportsAndFilesAwayWhatItGets() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let inbox = dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ImportTests.exports.appendingPathComponent("退款管理_20261120.xlsx"), to: inbox.appendingPathComponent("退款管理_20261120.xlsx"))
        try FileManager.default.copyItem(at: ImportTests.fixtures.appendingPathComponent("refused/空文件.csv"), to: inbox.appendingPathComponent("空文件.csv"))
        let r = try opsdeck(["import", "--data", dir.path])
        #expect(r.status == 1)
        let imported = try FileManager.default.contentsOfDirectory(atPath: inbox.appendingPathComponent("imported").path)
        #expect(imported.count == 1)
        #expect(FileManager.default.fileExists(atPath: inbox.appendingPathComponent("imported/\(imported[0])/退款管理_20261120.xlsx").path))
        let why = try String(contentsOf: inbox.appendingPathComponent("rejected/空文件.csv.why.txt"), encoding: .utf8)
        #expect(why.contains("空文件.csv: not imported: empty file"))
        #expect((try FileManager.default.contentsOfDirectory(atPath: inbox.path)).sorted() == ["imported", "rejected"])
        #expect(try opsdeck(["import", "--data", dir.path]).out.contains("nothing in"))
    }

    /// A large GBK order export, killed at a random moment of its import: the directory is
    /// sound afterwards, and the batch is whole or absent.
    @Test func killedDuringALargeImportTheBatchIsWholeOrAbsent() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        var text = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间,商品ID,宝贝总数量,收货人姓名\r\n"
        let n = 200_000
        for i in 0..<n {
            text += "=\"3\(String(format: "%016d", i))\",tb\(i % 5000),59.00,交易成功,2026-11-19 10:00:00,2026-11-19 10:01:00,650000072274,1,王五\r\n"
        }
        let export = dir.appendingPathComponent("ExportOrderList.csv")
        try text.data(using: String.Encoding(rawValue: 0x8000_0632))!.write(to: export)
        // How long the whole import takes here, so the kills land early, midway and near the end
        // (reading, writing the new file, journaling, renaming).
        let probe = temporaryDirectory("probe"); defer { try? FileManager.default.removeItem(at: probe) }
        let started = Date()
        #expect(try opsdeck(["import", "--data", probe.path, export.path]).status == 0)
        let took = Date().timeIntervalSince(started)
        var outcomes = Set<String>()
        for fraction in [0.2, 0.6, 0.85, 0.95] {
            let delay = useconds_t(took * fraction * 1_000_000)
            let child = try Child.spawn(opsdeckBinary.path, ["import", "--data", dir.path, export.path])
            usleep(delay)
            kill(child.pid, SIGKILL)
            _ = child.wait(timeout: 30)
            child.removeFiles()
            let check = try opsdeck(["check", "--data", dir.path])
            #expect(check.status == 0, "\(check.out)")
            let list = try opsdeck(["import", "--data", dir.path, "--list"])   // finishes a batch the kill interrupted
            let orders = try? String(contentsOf: dir.appendingPathComponent("orders.csv"), encoding: .utf8)
            let rows = orders.map { $0.split(separator: "\n").count - 1 } ?? 0
            if list.out.contains("committed") { #expect(rows == n); outcomes.insert("whole") }
            else { #expect(rows == 0 && list.out.contains("no imports yet")); outcomes.insert("absent") }
            #expect(!(try FileManager.default.contentsOfDirectory(atPath: dir.path)).contains { $0.hasSuffix(".tmp") })
            if list.out.contains("committed") {
                // Start again from nothing for the next kill.
                for f in ["orders.csv", ".opsdeck"] { try? FileManager.default.removeItem(at: dir.appendingPathComponent(f)) }
            }
        }
        #expect(outcomes.contains("absent"))
    }

    /// A new column name is one line in the data directory's imports.toml.
    @Test func aDirectorysOwnColumnNamesAreRead() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("订单编号,订单状态,实付款(元),付款日期时间\n1001,交易成功,59.00,2026-11-20 10:00:00\n", to: dir, "export.csv")
        let before = try opsdeck(["import", "--data", dir.path, "--dry-run", dir.appendingPathComponent("export.csv").path])
        #expect(before.out.contains("columns not mapped: 实付款(元), 付款日期时间"))
        write("""
            # Our shop's order export names two columns its own way.
            [orders.columns.amount]
            names = ["实付款(元)"]
            [orders.columns.paid_at]
            names = ["付款日期时间"]

            """, to: dir, "imports.toml")
        let r = try opsdeck(["import", "--data", dir.path, dir.appendingPathComponent("export.csv").path])
        #expect(r.status == 0 && !r.out.contains("not mapped"), "\(r.out)")
        let orders = try String(contentsOf: dir.appendingPathComponent("orders.csv"), encoding: .utf8)
        #expect(orders.contains("1001,2026-11-20 10:00:00,") && orders.contains("59.00,TRADE_FINISHED"))
        // A mistake in it is named, not ignored.
        write("[orders.columns.nonsense]\nnames = [\"x\"]\n", to: dir, "imports.toml")
        let bad = try opsdeck(["import", "--data", dir.path, dir.appendingPathComponent("export.csv").path])
        #expect(bad.status == 2 && bad.err.contains("imports.toml: orders has no column \"nonsense\""))
    }

    /// Only the last 20 batches keep the files undo needs (the disk would fill otherwise).
    @Test func oldBatchesCanNoLongerBeUndoneAndSaySo() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        var batches: [String] = []
        for i in 0..<21 {
            write("退款编号,退款金额\nR\(i),\(i).00\n", to: dir, "r\(i).csv")
            let r = try opsdeck(["import", "--data", dir.path, dir.appendingPathComponent("r\(i).csv").path])
            batches.append(try #require(r.out.split(separator: "\n").last?.split(separator: " ").dropFirst().first.map(String.init)))
        }
        let folders = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(".opsdeck/imports").path)
        #expect(folders.count == 20)
        let oldest = batches[0]
        #expect(try opsdeck(["import", "--data", dir.path, "--list"]).out.contains("\(oldest)  ") )
        #expect(try opsdeck(["import", "--data", dir.path, "--list"]).out.contains("committed (too old to undo)"))
        let u = try opsdeck(["import", "--data", dir.path, "--undo", oldest])
        #expect(u.status == 1 && u.err.contains("too old to undo"))
        #expect(try opsdeck(["import", "--data", dir.path, "--undo", batches.last!]).status == 0)
    }
}
