import Foundation
import OpsDeckCore
import OpsDeckData
import OpsDeckTerminal
import OpsDeckUI

/// The loop, in the manner of bubbletea: it turns keys, the clock, the watcher and finished
/// background work into messages, hands each to `App.update`, and gives the effects that
/// come back to the runner, whose results are messages again. It changes no state itself.
struct Cockpit {
    let term: CursesTerminal
    let runner: EffectRunner
    let clock: () -> LocalTime

    func loop(_ s: inout AppState, firstFrame: () -> Void = {}) throws {
        var first = true
        var lastPoll = Date()
        var (w, h) = term.size
        dispatch(.resized(width: w, height: h), &s)
        // The panes not on screen yet are built off the thread, so the first switch to one is quick.
        dispatch(.clock(clock()), &s)
        run(s.requestDerive(), &s)
        repeat {
            var buffer = ScreenBuffer(width: s.width, height: s.height)
            View.render(s, into: &buffer)
            term.draw(buffer)
            if first { first = false; firstFrame() }
            if s.quit { break }
            // While work runs off the thread, look for its result often; otherwise wait on the
            // keyboard a tenth of a second, so a file dropped in shows within the 200 ms promised.
            let key = term.readKey(timeoutMS: runner.busy ? 15 : 100)
            if TerminalSignals.take() != nil { break }
            // Resize arrives as a key, but can be missed: compare the size every turn.
            let size = term.size
            if size.width != w || size.height != h { (w, h) = size; dispatch(.resized(width: w, height: h), &s) }
            if let key { dispatch(.key(key), &s) }
            for m in runner.finished() { dispatch(m, &s) }
            dispatch(.clock(clock()), &s)
            if Date().timeIntervalSince(lastPoll) >= 0.1 {
                lastPoll = Date()
                for m in runner.poll(readOnly: s.readOnly, timeZone: s.data.profile.timeZone) { dispatch(m, &s) }
            }
        } while !s.quit
        runner.drain()
    }

    /// One message through `update`, then its effects; their results in turn.
    func dispatch(_ m: Message, _ s: inout AppState) {
        run(App.update(&s, m), &s)
    }

    func run(_ effects: [Effect], _ s: inout AppState) {
        for e in effects {
            for reply in runner.run(e, s) { dispatch(reply, &s) }
        }
    }

    /// A theme by name: its file over the built-in one of that name (or the default), and
    /// the problem with it if there is one.
    static func theme(named name: String) -> (Theme, String?) {
        let base = Theme.builtIn[name] ?? .dark
        switch ThemeFiles.settings(named: name) {
        case .success(let settings)?: return (Theme.from(name: name, settings: settings, base: name == "dark" ? .dark : base), nil)
        case .failure(let e)?: return (base, "theme: \(e.message)")
        case nil:
            return (base, Theme.builtIn[name] == nil ? "theme \(name): no themes/\(name).toml; using dark" : nil)
        }
    }
}
