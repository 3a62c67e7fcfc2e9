import ArgumentParser
import Foundation
import OpsDeckCore
import OpsDeckData

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a complete demo data directory, ending at the current hour.")

    @Argument(help: "Where to write it (default: ./opsdeck-demo).")
    var dir: String = "opsdeck-demo"
    @Option(help: "Random seed: the same seed and hour give the same files.")
    var seed: UInt64 = 1
    @Option(help: "How many days of history.")
    var days: Int = 60
    @Option(name: .customLong("orders-per-day"), help: "Orders on an ordinary day.")
    var ordersPerDay: Int = 400
    @Option(help: ArgumentHelp("End at this local time instead of now.", valueName: "YYYY-MM-DD HH:MM"))
    var at: String?

    func validate() throws {
        guard (1...3_650).contains(days) else { throw ValidationError("--days must be between 1 and 3650") }
        guard (1...1_000_000).contains(ordersPerDay) else { throw ValidationError("--orders-per-day must be between 1 and 1000000") }
    }

    func run() throws {
        var o = DemoOptions(now: try parseAt(at, profile: StoreProfile()))
        o.seed = seed; o.days = days; o.ordersPerDay = ordersPerDay
        let url = URL(fileURLWithPath: dir)
        let s = try DemoGenerator.write(to: url, options: o)
        print("wrote \(url.path): \(KPIFormat.grouped(Int64(s.orders))) orders over \(days) days, ending \(o.now.minuteString)")
    }
}
