import Testing
@testable import OpsDeckCore
@testable import OpsDeckUI

@Suite struct Screens {
    func check(_ name: String, _ s: AppState) {
        let g = golden(name, View.render(s))
        #expect(g.ok, "screen \(name) differs from Golden/\(name).txt:\n\(g.actual)")
    }

    @Test func cockpit120x40() { check("cockpit-120x40", Fixture.state()) }
    @Test func cockpit80x24() { check("cockpit-80x24", Fixture.state(width: 80, height: 24)) }
    @Test func cockpitChinese120x40() {
        var s = Fixture.state(lang: .zh)
        _ = App.update(&s, .key(.char("3")))
        check("cockpit-zh-basics-120x40", s)
    }
    @Test func diagnosisPane() {
        var s = Fixture.state()
        _ = App.update(&s, .key(.char("2")))
        check("diagnosis-120x40", s)
    }
    @Test func tooSmall() { check("too-small-60x15", Fixture.state(width: 60, height: 15)) }
    @Test func helpScreen() {
        var s = Fixture.state()
        _ = App.update(&s, .key(.char("?")))
        check("help-120x40", s)
    }

    @Test func hostileStringsStayInTheirCells() {
        var data = Fixture.data
        var t = ArtTask(taskID: "X1")
        t.brief = "\u{1B}[2J\u{1B}]52;c;cHduZWQ=\u{07}清屏 🎨👩‍👩‍👧 e\u{301} \r\n第二行 \u{202E}¥1.20\u{202C} \u{2067}isolate\u{2069}\u{200F}"
        t.designer = "美工-\u{202E}😀😀😀😀😀😀"; t.status = .todo; t.dueAt = Fixture.now.adding(hours: 1)
        data.artTasks = [t] + data.artTasks
        var s = Fixture.state(data: data)
        _ = App.update(&s, .key(.char("1")))
        s.refresh()
        let screen = View.render(s)
        let text = screen.text()
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x0D })
        // No bidirectional override, embedding, isolate or mark reaches the terminal either.
        let bidi: [UInt32] = [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x061C]
        #expect(!text.unicodeScalars.contains { bidi.contains($0.value) })
        #expect(text.contains("美工-\u{FFFD}😀"))
        // Every line is exactly as wide as the screen when measured the way the terminal does.
        for y in 0..<screen.height {
            let row = Array(screen.row(y))
            #expect(row.reduce(0) { $0 + Int($1.width) } == 120)
            // A wide glyph is always followed by its blanked half, and a blanked half always follows one.
            for x in row.indices {
                if row[x].width == 2 { #expect(x + 1 < row.count && row[x + 1].width == 0) }
                if row[x].width == 0 { #expect(x > 0 && row[x - 1].width == 2) }
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { #expect(Text.width(String(line)) <= 120) }
        check("hostile-art-120x40", s)
    }

    @Test func everySizeFromTinyToHugeRendersWithoutCrashing() {
        for (w, h) in [(1, 1), (10, 3), (79, 23), (80, 24), (81, 25), (100, 30), (200, 60), (300, 100)] {
            var s = Fixture.state(width: w, height: h)
            for k in [Key.char("?"), .escape, .tab, .down, .down, .enter, .escape] { _ = App.update(&s, .key(k)) }
            for p in Pane.allCases { s.pane = p; s.refresh(); let b = View.render(s); #expect(b.width == w && b.height == h) }
        }
    }
}

@Suite struct TextCells {
    @Test func wideGlyphsTakeTwoCellsAndAreCutWhole() {
        var b = ScreenBuffer(width: 8, height: 1)
        #expect(b.put("中文abc", x: 0, y: 0) == 7)
        #expect(b.text() == "中文abc")
        #expect(b[1, 0].width == 0 && b[0, 0].width == 2)
        var c = ScreenBuffer(width: 5, height: 1)
        c.put("中文字", x: 0, y: 0)
        #expect(c.text() == "中文…")          // the third glyph would not fit: cut with …
        var d = ScreenBuffer(width: 4, height: 1)
        d.put("ab中", x: 1, y: 0, maxWidth: 3)
        #expect(d.text() == " ab…" || d.text() == " ab")
    }

    @Test func truncationByDisplayWidth() {
        #expect(Text.truncate("连衣裙女秋冬", to: 7) == "连衣裙…")
        #expect(Text.truncate("abc", to: 3) == "abc")
        #expect(Text.truncate("abcd", to: 3) == "ab…")
        #expect(Text.fit("¥9", 5, right: true) == "   ¥9")
        #expect(Text.width("👩‍👩‍👧") == 2)
    }
}

/// The KPI tiles compare today so far with the same time on earlier days.
@Suite struct TileComparisons {
    func store(_ d: LocalDate, hours: [Int], perHour: Int64, whole: Int64?) -> [StoreDay] {
        var rows = hours.map { h -> StoreDay in
            var r = StoreDay(date: d, hour: h); r.paidAmount = perHour; r.uv = 10; r.paidBuyers = 1
            return r
        }
        if let whole { var w = StoreDay(date: d); w.paidAmount = whole; w.uv = 200; w.paidBuyers = 20; rows.append(w) }
        return rows
    }

    @Test func aMorningIsNotComparedWithAWholeDay() {
        let now = LocalTime(parsing: "2026-11-20 10:30")!
        let today = now.date, yesterday = today.adding(days: -1), lastWeek = today.adding(days: -7)
        var d = StoreData()
        // Today ¥10.00 an hour up to now; yesterday the same pace all day (¥240.00 in all);
        // last week the same whole day but no hourly rows.
        d.storeDays = store(today, hours: Array(0...10), perHour: 1_000, whole: 11_000)
            + store(yesterday, hours: Array(0...23), perHour: 1_000, whole: 24_000)
            + store(lastWeek, hours: [], perHour: 0, whole: 24_000)
        let s = AppState(data: d, now: now, events: [], operatorName: "t", lang: .en)
        let paid = s.tiles.first { $0.label == "Paid amount" }!
        // Yesterday to 10:30 is ¥105.00; today to 10:30 is ¥110.00 (its hour 10 is so far).
        #expect(paid.vsYesterday.map { ($0 * 10_000).rounded() } == ((11_000.0 / 10_500 - 1) * 10_000).rounded())
        #expect(paid.vsLastWeek == nil)        // no hourly rows to cut: unknown, not ▼54%
        #expect(paid.history.last! == nil)     // today's partial day is not drawn as a low bar
        #expect(paid.history[13] == 24_000)
        #expect(View.kpiTitle(s).hasPrefix("Today to 10:30"))
    }
}

@Suite struct DiagnosisScreens {
    @Test func enterOnAFindingChartsItsSeriesAndBand() {
        // An item with steady visitors (about 100 a day) ran to five times that yesterday.
        // (The fixture's own item series swing a hundredfold day to day: on the log scale
        // such a series judges on, five times is not news there.)
        var data = Fixture.data
        let yesterday = Fixture.now.date.adding(days: -1)
        let item = data.products[5].itemID
        for k in data.productDays.indices where data.productDays[k].itemID == item {
            data.productDays[k].uv = 100 + Int64((data.productDays[k].date.start.seconds / 86_400) % 9) * 3
        }
        let i = data.productDays.firstIndex { $0.date == yesterday && $0.itemID == item }!
        data.productDays[i].uv = 500
        var s = Fixture.state(data: data)
        _ = App.update(&s, .key(.char("2")))
        let findings = s.diagnosis?.all ?? []
        #expect(!findings.isEmpty)
        // The cursor goes past the block's checks to the first finding.
        for _ in 0..<s.paneChecks.count { _ = App.update(&s, .key(.down)) }
        #expect(s.selectedRow?.section == 0 && s.selectedRow?.row == 0)
        _ = App.update(&s, .key(.enter))
        #expect(s.mode == .detail)
        let g = golden("diagnosis-chart-120x40", View.render(s))
        #expect(g.ok, "screen differs from Golden/diagnosis-chart-120x40.txt:\n\(g.actual)")
        #expect(findings[0].name == (data.products[5].title ?? "") + " · UV" && findings[0].direction == .up)
        #expect(g.actual.contains(findings[0].name))
    }
}
