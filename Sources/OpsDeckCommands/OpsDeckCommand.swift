import ArgumentParser
import Foundation

/// The `opsdeck` command line.
public struct OpsDeckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "opsdeck",
        abstract: "A terminal operations cockpit for a Taobao/Tmall store.",
        subcommands: [RunCommand.self, ReviewCommand.self, ReportCommand.self, DiagnoseCommand.self, KPICommand.self, CheckCommand.self, ImportCommand.self, DemoCommand.self, BidsCommand.self, StoreCommand.self, DigestCommand.self],
        defaultSubcommand: RunCommand.self)

    public init() {}

    /// Runs the command line and exits with its status.
    public static func entry() -> Never {
        FileLogHandler.bootstrap()
        do {
            var command = try parseAsRoot()
            try command.run()
            Foundation.exit(0)
        } catch let e as Exit {
            Foundation.exit(e.code)
        } catch {
            exit(withError: error)
        }
    }
}
