import ArgumentParser
import Foundation
import OpsDeckCore
import OpsDeckData

/// `--data DIR`, then `$OPSDECK_DATA`, then the embedded default: a demo directory made on
/// the fly under the user's data folder (XDG), refreshed each hour so it always looks live.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data directory (default: $OPSDECK_DATA, else a demo directory).", valueName: "dir"))
    var data: String?

    /// The directory and its snapshot; an unusable directory is reported and exits with 2.
    func load() throws -> (DataDirectory, StoreData) {
        let dir = try resolve()
        do { return (dir, try dir.load()) } catch {
            FileHandle.standardError.write(Data("opsdeck: \(error)\n".utf8))
            throw Exit(code: 2)
        }
    }

    func resolve() throws -> DataDirectory {
        if let data { return DataDirectory(path: data) }
        if let env = ProcessInfo.processInfo.environment["OPSDECK_DATA"], !env.isEmpty { return DataDirectory(path: env) }
        return try DefaultDemo.ensure()
    }
}

enum DefaultDemo {
    static var directory: URL {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: env["HOME"] ?? NSTemporaryDirectory()).appendingPathComponent(".local/share")
        return base.appendingPathComponent("opsdeck/demo")
    }

    /// Makes (or refreshes) the demo directory. The operator's own state in it is kept.
    static func ensure(now: LocalTime = StoreClock.now()) throws -> DataDirectory {
        let dir = directory
        let marker = dir.appendingPathComponent(".opsdeck-demo")
        let stamp = (try? String(contentsOf: marker, encoding: .utf8)) ?? ""
        let hour = "generated \(now.date) \(now.hour < 10 ? "0" : "")\(now.hour):"
        if !stamp.hasPrefix(hour) {
            var o = DemoOptions(now: now)
            o.seed = 1
            _ = try DemoGenerator.write(to: dir, options: o)
            FileHandle.standardError.write(Data("opsdeck: demo data in \(dir.path)\n".utf8))
            log.info("made the default demo directory", metadata: ["dir": "\(dir.path)", "at": "\(now.minuteString)"])
        }
        return DataDirectory(dir)
    }
}

/// `--at "YYYY-MM-DD HH:MM"`.
func parseAt(_ text: String?, profile: StoreProfile) throws -> LocalTime {
    guard let text else { return StoreClock.now(timeZone: profile.timeZone) }
    guard let t = LocalTime(parsing: text.trimmingCharacters(in: .whitespaces)) else {
        throw ValidationError("--at expects \"YYYY-MM-DD HH:MM\", got \"\(text)\"")
    }
    return t
}

/// Exit quietly with a code (ArgumentParser prints nothing for these).
struct Exit: Error { let code: Int32 }

/// `--state postgres://USER@HOST:PORT/DB`, then `$OPSDECK_STATE`, then `state = "…"` in
/// store.toml: the team's shared state. Without any, the SQLite file in the data directory.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The shared state database (default: $OPSDECK_STATE, else store.toml's `state`, else the data directory's own file).",
                                            valueName: "postgres://user@host:port/db"))
    var state: String?

    /// The journal; an address that cannot be used is reported and exits with 2.
    func open(_ directory: URL, profile: StoreProfile, readOnly: Bool = false, local: StateStore? = nil) throws -> any StateJournal {
        do { return try StateLocation.open(dataDirectory: directory, profile: profile, flag: state, readOnly: readOnly, local: local) } catch {
            FileHandle.standardError.write(Data("opsdeck: state: \(error)\n".utf8))
            throw Exit(code: 2)
        }
    }

    /// A shared database that does not answer leaves a command with this machine's actions
    /// only: said on standard error.
    static func warnIfOffline(_ store: any StateJournal) {
        let c = store.connection
        guard let address = c.shared, !c.online else { return }
        FileHandle.standardError.write(Data("opsdeck: warning: \(address) does not answer (\(c.problem ?? "offline")): only this machine's actions are shown\n".utf8))
    }

    /// For commands that need only the profile (not the whole directory read).
    static func profile(_ directory: URL) -> StoreProfile {
        var ignored: [DataIssue] = []
        return StoreConfig.loadProfile(from: directory.appendingPathComponent("store.toml"), issues: &ignored)
    }
}
