import ArgumentParser
import Foundation
import OpsDeckCore
import OpsDeckData

/// `opsdeck state`: the operator's saved actions, for scripts and the shift lead.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "The saved checklist journal and the health of the state store.",
        subcommands: [Log.self, Verify.self, StressWrite.self])

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the day's checklist events.")
        @OptionGroup var location: DataOptions
        @Option(help: ArgumentHelp("The day (default: today).", valueName: "YYYY-MM-DD")) var date: String?

        func run() throws {
            let dir = try location.resolve()
            let store = try StateStore(dataDirectory: dir.url)
            let day = try date.map { d -> LocalDate in
                guard let t = LocalTime(parsing: d) else { throw ValidationError("--date expects YYYY-MM-DD") }
                return t.date
            } ?? StoreClock.now().date
            for e in try store.checklistEvents(day: day) {
                let task = e.task.isEmpty ? e.block : "\(e.block)/\(e.task)"
                print("\(e.at.minuteString)  \(e.operatorName)  \(e.kind.rawValue)  \(task)\(e.text.map { "  — \($0)" } ?? "")")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run SQLite's integrity check on the state store.")
        @OptionGroup var location: DataOptions
        func run() throws {
            let store = try StateStore(dataDirectory: try location.resolve().url)
            let result = try store.integrityCheck()
            print("\(store.path): \(result)")
            if result != "ok" { throw Exit(code: 1) }
        }
    }

    /// For the crash test: appends events as fast as it can and prints each id once it is
    /// saved, until killed.
    struct StressWrite: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stress-write", shouldDisplay: false)
        @OptionGroup var location: DataOptions
        @Option var tag: String = "w"
        @Option var count: Int = 1_000_000
        /// Milliseconds between events (a person ticks at human speed; a tight loop would
        /// starve a second writer of the lock, which is not what is being tested).
        @Option(name: .customLong("pause-ms")) var pauseMS: Int = 0

        func run() throws {
            let store = try StateStore(dataDirectory: try location.resolve().url)
            let now = StoreClock.now()
            for i in 0..<count {
                let e = ChecklistEvent(day: now.date, at: now, operatorName: tag, block: "stress", task: "t\(i)", kind: i % 5 == 4 ? .untick : .tick, text: "\(tag)-\(i)")
                let id = try store.append(e)
                FileHandle.standardOutput.write(Data("saved \(id) \(tag)-\(i)\n".utf8))
                if pauseMS > 0 { usleep(UInt32(pauseMS) * 1_000) }
            }
        }
    }
}
