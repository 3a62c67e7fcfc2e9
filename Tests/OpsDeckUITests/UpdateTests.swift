import Testing
@testable import OpsDeckCore
@testable import OpsDeckUI

func press(_ s: inout AppState, _ keys: Key...) -> [Effect] { keys.flatMap { App.update(&s, .key($0)) } }
func type(_ s: inout AppState, _ text: String) { for c in text { _ = App.update(&s, .key(.char(c))) } }
func saved(_ e: [Effect]) -> [ChecklistEvent] { e.compactMap { if case .save(let x) = $0 { x } else { nil } } }

@Suite struct Reducer {
    @Test func spaceTicksAndUnticksTheSelectedCheckAndSavesEachTime() {
        var s = Fixture.state()
        #expect(s.pane == .promotion)                          // 11:20 is in the promotion block
        let first = saved(press(&s, .char(" ")))
        #expect(first.count == 1 && first[0].kind == .tick && first[0].block == "promotion" && first[0].task == "balance")
        #expect(first[0].operatorName == "小王" && first[0].at == Fixture.now)
        #expect(s.checklist[TaskKey(block: "promotion", task: "balance")]?.status == .done)
        #expect(s.progress.done == 1)
        let second = saved(press(&s, .char(" ")))
        #expect(second.map(\.kind) == [.untick])
        #expect(s.checklist[TaskKey(block: "promotion", task: "balance")]?.status == .open)
    }

    @Test func skipNeedsAReasonAndEscCancels() {
        var s = Fixture.state()
        _ = press(&s, .char("j"), .char("s"))
        #expect(s.mode == .prompt(.skipReason, ""))
        #expect(saved(press(&s, .enter)).isEmpty)
        #expect(s.message == "a skip needs a reason")
        _ = press(&s, .char("s")); type(&s, "no budgets"); _ = press(&s, .backspace)
        #expect(s.mode == .prompt(.skipReason, "no budget"))
        _ = press(&s, .escape)
        #expect(s.mode == .normal)
        _ = press(&s, .char("s")); type(&s, "报表未更新")
        let e = saved(press(&s, .enter))
        #expect(e.map(\.kind) == [.skip] && e[0].text == "报表未更新" && e[0].task == "store-report")
        #expect(s.checklist[TaskKey(block: "promotion", task: "store-report")]?.status == .skipped(reason: "报表未更新"))
    }

    @Test func undoRestoresTheStateBeforeTheLastAction() {
        var s = Fixture.state()
        _ = press(&s, .char(" "))                                       // tick
        _ = press(&s, .char("s")); type(&s, "later"); _ = press(&s, .enter)   // skip the same check
        #expect(s.checklist[TaskKey(block: "promotion", task: "balance")]?.status == .skipped(reason: "later"))
        #expect(saved(press(&s, .char("u"))).map(\.kind) == [.tick])    // back to done
        #expect(s.checklist[TaskKey(block: "promotion", task: "balance")]?.status == .done)
        #expect(saved(press(&s, .char("u"))).map(\.kind) == [.untick])  // back to open
        #expect(saved(press(&s, .char("u"))).isEmpty)
        #expect(s.message == "nothing to undo")
    }

    @Test func notesAreSavedWithTheirText() {
        var s = Fixture.state()
        _ = press(&s, .char("n")); type(&s, "余额够到周五")
        let e = saved(press(&s, .enter))
        #expect(e.map(\.kind) == [.note] && e[0].text == "余额够到周五")
        #expect(s.checklist[TaskKey(block: "promotion", task: "balance")]?.notes.count == 1)
    }

    @Test func panesByTabNumberAndGoto() {
        var s = Fixture.state()
        _ = press(&s, .tab); #expect(s.pane == .activities)
        _ = press(&s, .backTab, .backTab); #expect(s.pane == .basics)
        _ = press(&s, .char("8")); #expect(s.pane == .listings)
        _ = press(&s, .char(":")); type(&s, "goto 14:45"); _ = press(&s, .enter)
        #expect(s.pane == .service)
        #expect(s.selectedCheck?.block.id == "service")
        _ = press(&s, .char(":")); type(&s, "theme light")
        #expect(press(&s, .enter) == [.loadTheme("light")])
        _ = press(&s, .char(":")); type(&s, "lang zh"); _ = press(&s, .enter)
        #expect(s.lang == .zh)
        _ = press(&s, .char(":")); type(&s, "frobnicate"); _ = press(&s, .enter)
        #expect(s.message == "未知命令：frobnicate")
    }

    @Test func filterNarrowsTheRowsAndEscClearsIt() {
        var s = Fixture.state()
        _ = press(&s, .char("1"))
        let all = s.visibleRows.count
        #expect(all > 3)
        _ = press(&s, .char("/")); type(&s, "海报")
        #expect(s.visibleRows.count >= 1 && s.visibleRows.count < all)
        #expect(s.visibleRows.allSatisfy { s.content.sections[$0.section].rows[$0.row].cells.contains { $0.contains("海报") } })
        _ = press(&s, .escape)
        #expect(s.visibleRows.count == all && s.lists[.art]?.filter.isEmpty != false)
    }

    @Test func sortingATable() {
        var s = Fixture.state()
        _ = press(&s, .char("4"))
        while s.selectedRow == nil { _ = press(&s, .down) }
        _ = press(&s, .char("o"), .char("o"))                    // sort the plans by the second column (spent)
        let spent = s.visibleRows.filter { $0.section == 0 }.map { s.content.sections[0].rows[$0.row].keys[1] }
        let known = spent.compactMap { $0 }
        #expect(known == known.sorted())
        _ = press(&s, .char("O"))
        let desc = s.visibleRows.filter { $0.section == 0 }.compactMap { s.content.sections[0].rows[$0.row].keys[1] }
        #expect(desc == known.sorted(by: >))
    }

    @Test func reviewModeHasNoCommandThatChangesState() {
        #expect(Registry.commands(readOnly: true).allSatisfy { !$0.changesState })
        #expect(Registry.commands(readOnly: false).contains { $0.id == "tick" })
        var s = Fixture.state()
        s.readOnly = true
        #expect(saved(press(&s, .char(" "), .char("s"), .char("n"), .char("u"))).isEmpty)
        #expect(s.mode == .normal && s.events.isEmpty)
    }

    @Test func midnightStartsANewDay() {
        var s = Fixture.state()
        _ = press(&s, .char(" "))
        let next = LocalTime(date: Fixture.now.date.adding(days: 1), hour: 0, minute: 0, second: 5)
        #expect(App.update(&s, .clock(next)) == [.loadDay(next.date), .derive])
        #expect(s.events.isEmpty && s.progress.done == 0)
    }

    @Test func aFailedSaveIsTakenBackAndShown() {
        var s = Fixture.state()
        _ = press(&s, .char(" "))
        _ = App.update(&s, .saveFailed("disk full"))
        #expect(s.events.isEmpty)
        #expect(s.message == "NOT SAVED: disk full")
    }

    @Test func helpListsEveryCommandOfTheRegistry() {
        var s = Fixture.state()
        _ = press(&s, .char("?"))
        let text = View.render(s).text()
        for c in Registry.all { #expect(text.contains(c.label(.en)), "\(c.id) missing from the help screen") }
        _ = press(&s, .escape)
        #expect(s.mode == .normal)
    }

    @Test func themesDegradeAndFallBack() {
        #expect(ColorSpec("#ff0000")?.terminalColor(colors: 256) == 196)
        #expect(ColorSpec("#ff0000")?.terminalColor(colors: 8) == 1)
        #expect(ColorSpec("bright-red")?.terminalColor(colors: 8) == 1)
        #expect(ColorSpec("default")?.terminalColor(colors: 256) == -1)
        #expect(ColorSpec("chartreuse") == nil)
        let t = Theme.from(name: "mine", settings: ["bad": "#d70000", "nonsense": "x", "good": "not a colour"])
        #expect(t.roles[.bad]?.fg == .rgb(0xD7, 0, 0))
        #expect(t.roles[.good] == Theme.dark.roles[.good])      // bad value: the default stands
        #expect(t.roles[.accent] == Theme.dark.roles[.accent])  // missing: the default
        #expect(Theme.mono.isMono && !Theme.dark.isMono)
        #expect(Lang.from(flag: nil, environment: ["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(Lang.from(flag: "en", environment: ["LANG": "zh_CN.UTF-8"]) == .en)
        #expect(Lang.from(flag: nil, environment: ["LANG": "C"]) == .en)
    }

    @Test func paneMarksFollowTheStoresThresholds() {
        func longTitles(_ bytes: Int) -> PaneContent.Section {
            var data = Fixture.data
            data.profile.thresholds.titleMaxBytes = bytes
            var s = Fixture.state(data: data)
            _ = App.update(&s, .key(.char("8")))
            return s.content.sections.first { $0.title.hasPrefix("Titles over") }!
        }
        let strict = longTitles(20), lax = longTitles(1000)
        #expect(strict.title == "Titles over 20 bytes" && lax.title == "Titles over 1000 bytes")
        #expect(lax.rows.isEmpty)
        #expect(!strict.rows.isEmpty && strict.rows.allSatisfy { Int($0.cells[1])! > 20 })
    }

    @Test func everyListMovesAndSortsTheSameWay() {
        var l = ListState()
        l.move(5, count: 3); #expect(l.cursor == 2)
        l.move(-10, count: 3); #expect(l.cursor == 0)
        l.cursor = 9; l.clamp(4); #expect(l.cursor == 3)
        l.scroll(100, lines: 50, page: 20); #expect(l.scroll == 30)
        #expect(ListState.top(selected: 0, count: 100, page: 10) == 0)
        #expect(ListState.top(selected: 50, count: 100, page: 10) == 45)
        #expect(ListState.top(selected: 99, count: 100, page: 10) == 90)

        // A pane table: o sorts by the next column, O reverses; the header says which.
        var s = Fixture.state()
        _ = App.update(&s, .key(.char("1")))
        while s.selectedRow == nil { _ = App.update(&s, .key(.down)) }
        _ = App.update(&s, .key(.char("o")))
        #expect(s.list.sort == ListSort(section: s.selectedRow!.section, column: 0))
        #expect(View.render(s).text().contains("Due▲"))
        _ = App.update(&s, .key(.char("O")))
        #expect(View.render(s).text().contains("Due▼"))
        let dues = s.visibleRows.compactMap { s.content.sections[$0.section].rows[$0.row].keys.first ?? nil }
        #expect(dues == dues.sorted(by: >))
    }
}
