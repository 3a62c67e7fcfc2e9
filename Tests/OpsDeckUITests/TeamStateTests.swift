import Foundation
import OpsDeckCore
import OpsDeckData
import Testing
@testable import OpsDeckUI

/// The cockpit's side of a shared state: the header's offline notice, the status when the
/// database goes and comes back, a colleague's tick arriving, and the `[digest]` schedule.
@Suite struct TeamState {
    func header(_ s: AppState) -> String {
        var b = ScreenBuffer(width: s.width, height: s.height)
        View.render(s, into: &b)
        return b.text().components(separatedBy: "\n")[0]
    }

    @Test func theHeaderSaysOfflineAndHowManyActionsWait() {
        var s = Fixture.state()
        #expect(!header(s).contains("offline"))
        _ = App.update(&s, .stateConnection(StateConnection(shared: "postgres://a@db:5432/x", online: true, waiting: 0)))
        #expect(!header(s).contains("offline —") && !header(s).contains("waiting"))
        _ = App.update(&s, .stateConnection(StateConnection(shared: "postgres://a@db:5432/x", online: false, waiting: 3, problem: "connection refused")))
        #expect(header(s).contains("offline — 3 actions waiting"))
        #expect(s.message?.contains("connection refused") == true && s.message?.contains("kept on this machine") == true)
        _ = App.update(&s, .stateConnection(StateConnection(shared: "postgres://a@db:5432/x", online: false, waiting: 1)))
        #expect(header(s).contains("offline — 1 action waiting"))
        // A narrow terminal still shows it (it comes before the block and the checks).
        var narrow = s
        _ = App.update(&narrow, .resized(width: 80, height: 24))
        #expect(header(narrow).contains("offline — 1 action waiting"))
        _ = App.update(&s, .stateConnection(StateConnection(shared: "postgres://a@db:5432/x", online: true, waiting: 1)))
        #expect(!header(s).contains("offline —") && header(s).contains("sending 1…"))
        #expect(s.message == "shared state back online; sending 1 action")
        _ = App.update(&s, .stateConnection(StateConnection(shared: "postgres://a@db:5432/x", online: true, waiting: 0)))
        #expect(!header(s).contains("sending"))
        #expect(s.message == "shared state back online; every action sent")
        // Online, but the database refuses what waits (a role that may only read): said so.
        _ = App.update(&s, .stateConnection(StateConnection(shared: "postgres://a@db:5432/x", online: true, waiting: 2, problem: "permission denied for table checklist_event")))
        #expect(header(s).contains("2 waiting — permission denied"))
        _ = App.run(&s, "state")
        #expect(s.message == "state: postgres://a@db:5432/x · online · 2 waiting (permission denied for table checklist_event)")
        // The embedded SQLite store never shows any of it.
        _ = App.update(&s, .stateConnection(.local))
        #expect(!header(s).contains("waiting"))
        _ = App.run(&s, "state")
        #expect(s.message == "state: this data directory's own file (.opsdeck/state.sqlite)")
        _ = App.update(&s, .stateConnection(StateConnection(shared: "postgres://a@db:5432/x", online: false, waiting: 4, problem: "connection refused")))
        _ = App.run(&s, "state")
        #expect(s.message == "state: postgres://a@db:5432/x · offline (connection refused) · 4 actions kept on this machine")
    }

    @Test func aColleaguesTickIsReloadedAndUndoStillTakesBackYourOwn() {
        var s = Fixture.state()
        let e1 = App.update(&s, .key(.char(" ")))
        guard case .save(let mine)? = e1.first else { Issue.record("no save"); return }
        _ = App.update(&s, .saved(mine, id: 501))
        // Someone else saved: the operator's cockpit reloads the day (not only the review).
        #expect(App.update(&s, .stateStoreChanged).contains(.loadDay(s.day)))
        var colleague = mine; colleague.id = 777; colleague.operatorName = "王芳"; colleague.task = "other"
        var saved = mine; saved.id = 501
        _ = App.update(&s, .dayEvents([colleague, saved]))
        #expect(s.events.map(\.id) == [777, 501])
        // Undo takes back the operator's own tick, not the colleague's (now first in the list).
        let undo = App.update(&s, .key(.char("u")))
        guard case .save(let back)? = undo.first else { Issue.record("no undo"); return }
        #expect(back.kind == .untick && back.task == mine.task && back.operatorName == "小王")
    }

    func withDigest(_ s: inout AppState, times: [Int]) {
        var data = s.data
        data.profile.digest.times = times
        data.profile.digest.post = "http://127.0.0.1:9/robot/send?access_token=x"
        s.data = data
    }

    @Test func theDigestGoesAtEachTimeOnceAndOnlyTheLatestWhenSeveralArePast() {
        var s = Fixture.state()            // 11:20
        withDigest(&s, times: [12 * 60, 18 * 60 + 30])
        #expect(App.update(&s, .clock(LocalTime(parsing: "2026-11-20 11:59")!)).filter { if case .sendDigest = $0 { true } else { false } }.isEmpty)
        #expect(App.update(&s, .clock(LocalTime(parsing: "2026-11-20 12:00")!)).contains(.sendDigest(slot: "2026-11-20 12:00")))
        #expect(!App.update(&s, .clock(LocalTime(parsing: "2026-11-20 12:01")!)).contains(.sendDigest(slot: "2026-11-20 12:00")))
        #expect(App.update(&s, .clock(LocalTime(parsing: "2026-11-20 18:30")!)).contains(.sendDigest(slot: "2026-11-20 18:30")))
        // A cockpit started at 19:00 sends one digest, the 18:30 one (it covers the day so far).
        var late = Fixture.state()
        withDigest(&late, times: [12 * 60, 18 * 60 + 30])
        let effects = App.update(&late, .clock(LocalTime(parsing: "2026-11-20 19:00")!))
        #expect(effects.filter { if case .sendDigest = $0 { true } else { false } } == [.sendDigest(slot: "2026-11-20 18:30")])
        // The next day starts again.
        #expect(App.update(&late, .clock(LocalTime(parsing: "2026-11-21 12:00")!)).contains(.sendDigest(slot: "2026-11-21 12:00")))
        // The review sends none; nor does a schedule without an address.
        var review = AppState(data: s.data, now: Fixture.now, events: [], operatorName: "lead", lang: .en, readOnly: true)
        #expect(!App.update(&review, .clock(LocalTime(parsing: "2026-11-20 12:00")!)).contains(.sendDigest(slot: "2026-11-20 12:00")))
        var noPost = Fixture.state()
        withDigest(&noPost, times: [12 * 60])
        var d = noPost.data; d.profile.digest.post = nil; noPost.data = d
        #expect(!App.update(&noPost, .clock(LocalTime(parsing: "2026-11-20 12:00")!)).contains(.sendDigest(slot: "2026-11-20 12:00")))
        // What came of it is said (a repeat quietly).
        _ = App.update(&s, .digestSent(slot: "2026-11-20 12:00", host: "oapi.dingtalk.com", failure: nil, repeated: false))
        #expect(s.message == "digest for 12:00 sent to oapi.dingtalk.com")
        _ = App.update(&s, .digestSent(slot: "2026-11-20 18:30", host: "oapi.dingtalk.com", failure: "HTTP 500", repeated: false))
        #expect(s.message == "digest for 18:30 not sent: HTTP 500; trying again in 5 minutes")
        // Not before five minutes have passed, once then.
        #expect(!App.update(&s, .clock(LocalTime(parsing: "2026-11-20 18:34")!)).contains(.sendDigest(slot: "2026-11-20 18:30")))
        #expect(App.update(&s, .clock(LocalTime(parsing: "2026-11-20 18:35")!)).contains(.sendDigest(slot: "2026-11-20 18:30")))
        #expect(!App.update(&s, .clock(LocalTime(parsing: "2026-11-20 18:36")!)).contains(.sendDigest(slot: "2026-11-20 18:30")))
    }
}
