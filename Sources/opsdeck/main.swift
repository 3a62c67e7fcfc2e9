import OpsDeckCommands
OpsDeckCommand.entry()
