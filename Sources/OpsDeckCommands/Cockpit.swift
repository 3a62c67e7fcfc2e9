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
            // Sleep on the keyboard and the data directory together; while work runs off the
            // thread, wake often for its result.
            term.waitForInput(other: [runner.watcher.wakeFD, runner.store.wakeFD].compactMap { $0 }, timeoutMS: runner.busy ? 15 : 500)
            if TerminalSignals.take() != nil { break }
            // Resize arrives as a key, but can be missed: compare the size every turn.
            let size = term.size
            if size.width != w || size.height != h { (w, h) = size; dispatch(.resized(width: w, height: h), &s) }
            // Every key that is waiting (curses may hold several), then a frame.
            var keys = 0
            while keys < 64, let key = term.readKey(timeoutMS: 0) {
                dispatch(.key(key), &s)
                keys += 1
                if s.quit { break }
            }
            for m in runner.finished() { dispatch(m, &s) }
            dispatch(.clock(clock()), &s)
            var woken = runner.watcher.drainWakeups()
            // Another machine saved something (the shared database's notification).
            if let fd = runner.store.wakeFD, Cockpit.readable(fd) { woken = true }
            // Without the kernel's word, look at the files ten times a second; with it, once a
            // second for what it cannot see (the review follows another process's saves twice).
            let every = runner.watcher.wakeFD == nil ? 0.1 : s.readOnly ? 0.5 : 1
            if woken || Date().timeIntervalSince(lastPoll) >= every {
                lastPoll = Date()
                for m in runner.poll(readOnly: s.readOnly, timeZone: s.data.profile.timeZone) { dispatch(m, &s) }
            }
        } while !s.quit
        // Work still running off the thread is left behind: `q` gives the terminal back at
        // once. A reload or a recomputation leaves nothing behind; an import is journaled and
        // its files renamed whole, so an interrupted one is finished by the next import.
    }

    /// Whether a descriptor has something to read, without waiting.
    static func readable(_ fd: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) > 0 && p.revents & Int16(POLLIN) != 0
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
