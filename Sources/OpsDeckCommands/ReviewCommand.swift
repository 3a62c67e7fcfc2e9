import ArgumentParser
import OpsDeckCore

/// `opsdeck review`: the cockpit read-only, on the review screen, for the shift lead.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "The shift lead's review: the day's completion, notes and bid changes, read-only; follows the operator's cockpit live.")

    @OptionGroup var cockpit: RunCommand
    @Option(help: ArgumentHelp("The day to review (default: today); [ and ] move a day.", valueName: "YYYY-MM-DD"))
    var date: String?

    func run() throws {
        try cockpit.launch(readOnly: true, reviewDay: date)
    }
}
