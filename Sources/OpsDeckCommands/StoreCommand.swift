import ArgumentParser
import Foundation
import OpsDeckCore
import OpsDeckData

/// `opsdeck state`: the operator's saved actions, for scripts and the shift lead.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "The saved checklist journal, the health of the state store, and moving it to a shared database.",
        subcommands: [Log.self, Verify.self, Migrate.self, Grant.self, StressWrite.self])

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the day's checklist events.")
        @OptionGroup var location: DataOptions
        @OptionGroup var shared: StateOptions
        @Option(help: ArgumentHelp("The day (default: today).", valueName: "YYYY-MM-DD")) var date: String?

        func run() throws {
            let dir = try location.resolve()
            let store = try shared.open(dir.url, profile: StateOptions.profile(dir.url), readOnly: true)
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
        static let configuration = CommandConfiguration(
            abstract: "Check the state store: SQLite's integrity check; with a shared database, that every action sent is there and what still waits.",
            discussion: "Exit status: 0 when all is well, 1 when something is wrong or still waiting.")
        @OptionGroup var location: DataOptions
        @OptionGroup var shared: StateOptions
        func run() throws {
            let dir = try location.resolve().url
            let store = try shared.open(dir, profile: StateOptions.profile(dir))
            if let s = store as? SharedStateStore {
                let (lines, ok) = s.verify()
                lines.forEach { print($0) }
                s.close()
                if !ok { throw Exit(code: 1) }
                return
            }
            let local = try StateStore(dataDirectory: dir)
            let result = try local.integrityCheck()
            print("\(local.path): \(result)")
            if result != "ok" { throw Exit(code: 1) }
        }
    }

    /// A single user grows into a team: the data directory's SQLite journal is copied into
    /// the shared database (its tables made first if need be), ids and order kept.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy this data directory's state into a shared PostgreSQL database (makes its tables; safe to run again).")
        @OptionGroup var location: DataOptions
        @Option(help: ArgumentHelp("The shared database.", valueName: "postgres://user@host:port/db")) var to: String

        func run() throws {
            let dir = try location.resolve().url
            let profile = StateOptions.profile(dir)
            let shared: SharedStateStore
            do {
                let target = try PostgresTarget(parsing: to)
                shared = try SharedStateStore(target: target, storeID: StateLocation.storeID(profile), local: try StateStore(dataDirectory: dir), readOnly: false)
            } catch {
                FileHandle.standardError.write(Data("opsdeck: state migrate: \(error)\n".utf8))
                throw Exit(code: 2)
            }
            defer { shared.close() }
            do {
                let c = try shared.copyIn(try StateStore(dataDirectory: dir))
                print("\(shared.address), store \"\(shared.storeID)\": copied \(c.checklist) checklist events and \(c.bids) bid events; \(c.alreadyThere) were there already")
                print("use it: --state \(shared.address), or OPSDECK_STATE, or state = \"\(shared.address)\" in store.toml")
            } catch {
                FileHandle.standardError.write(Data("opsdeck: state migrate: \(error)\n".utf8))
                throw Exit(code: 1)
            }
        }
    }

    /// What each person of the team may do in the shared database, granted by its owner.
    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give the team's roles what they need on a shared database (run as its owner; the roles must exist).",
            discussion: "Readers: SELECT. Operators: SELECT and INSERT. Leads: the same, and membership of opsdeck_leads — from then on only leads approve bid changes.")
        @Option(help: ArgumentHelp("The shared database, as its owner.", valueName: "postgres://owner@host:port/db")) var to: String
        @Option(parsing: .upToNextOption, help: "Roles that tick, note and change bids.") var operators: [String] = []
        @Option(parsing: .upToNextOption, help: "Roles that review and approve.") var leads: [String] = []
        @Option(parsing: .upToNextOption, help: "Roles that only review.") var readers: [String] = []

        func validate() throws {
            if operators.isEmpty && leads.isEmpty && readers.isEmpty { throw ValidationError("name at least one role: --operators, --leads or --readers") }
        }

        func run() throws {
            // Granting touches no data directory: the connection's local side (its outbox)
            // lives in a scratch folder, removed after.
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("opsdeck-grant-\(getpid())")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let shared: SharedStateStore
            do {
                shared = try SharedStateStore(target: try PostgresTarget(parsing: to), storeID: "-",
                                              local: try StateStore(dataDirectory: scratch), readOnly: false)
            } catch {
                FileHandle.standardError.write(Data("opsdeck: state grant: \(error)\n".utf8))
                throw Exit(code: 2)
            }
            defer { shared.close() }
            do {
                for line in try shared.grant(operators: operators, leads: leads, readers: readers) { print(line + ";") }
            } catch {
                FileHandle.standardError.write(Data("opsdeck: state grant: \(error)\n".utf8))
                throw Exit(code: 1)
            }
        }
    }

    /// For the crash test: appends events as fast as it can and prints each id once it is
    /// saved, until killed.
    struct StressWrite: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stress-write", shouldDisplay: false)
        @OptionGroup var location: DataOptions
        @OptionGroup var shared: StateOptions
        @Option var tag: String = "w"
        @Option var count: Int = 1_000_000
        /// Milliseconds between events (a person ticks at human speed; a tight loop would
        /// starve a second writer of the lock, which is not what is being tested).
        @Option(name: .customLong("pause-ms")) var pauseMS: Int = 0

        func run() throws {
            let dir = try location.resolve().url
            let store = try shared.open(dir, profile: StateOptions.profile(dir))
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
