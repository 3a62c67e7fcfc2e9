import CNcursesw
import Glibc
import OpsDeckUI

/// The curses backend: the only code that talks to the terminal. It draws screen buffers
/// (only the rows that changed), reads keys, and gives the terminal back on every exit path.
public final class CursesTerminal {
    private var last: ScreenBuffer?
    private var colors = 0
    private var theme: Theme
    private let noColor: Bool
    private var attrs: [Role: attr_t] = [:]
    private var pairs: [Role: Int16] = [:]
    public private(set) var active = false

    public init(theme: Theme, noColor: Bool) {
        self.theme = theme
        self.noColor = noColor
    }

    /// Enters curses mode. Falls back to C.UTF-8 when the locale is not UTF-8: Chinese text
    /// is garbage otherwise.
    public func start() throws(TerminalProblem) {
        if let l = setlocale(LC_ALL, ""), String(cString: l).uppercased().contains("UTF-8") || String(cString: l).uppercased().contains("UTF8") {
        } else {
            setlocale(LC_ALL, "C.UTF-8")
        }
        // Escape sequences written into a pipe or a file are garbage for whoever reads it.
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        switch opsdeck_check_terminal() {
        case 0: break
        case 1: throw .unknownType(term)
        case 2: throw .noTerminfo(term)
        default: throw .cannotMoveCursor(term)
        }
        TerminalGuard.install()
        initscr()
        active = true
        cbreak(); noecho(); nonl()
        keypad(opsdeck_stdscr(), true)
        if getenv("ESCDELAY") == nil { _ = opsdeck_set_escdelay(25) }
        curs_set(0)
        setTheme(theme)
        clearok(opsdeck_stdscr(), true)
    }

    /// Applies a theme, degraded to what the terminal has (256, 16, 8 colours or none).
    public func setTheme(_ t: Theme) {
        theme = t
        attrs = [:]; pairs = [:]
        colors = 0
        if !noColor && !t.isMono && has_colors() {
            start_color()
            use_default_colors()
            colors = Int(opsdeck_colors())
        }
        for role in Role.allCases {
            var a = opsdeck_a_normal()
            if Theme.boldRoles.contains(role) { a |= opsdeck_a_bold() }
            if colors == 0 {
                // No colour: attributes carry the meaning.
                switch role {
                case .selection, .header, .tabActive, .input: a |= opsdeck_a_reverse()
                case .muted, .border, .tabInactive: a |= opsdeck_a_dim()
                case .bad: a |= opsdeck_a_underline()
                default: break
                }
                pairs[role] = 0
            } else {
                let c = t.roles[role]!
                let pair = Int16(role.rawValue) + 1
                init_pair(pair, Int16(c.fg.terminalColor(colors: colors)), Int16(c.bg.terminalColor(colors: colors)))
                pairs[role] = pair
            }
            attrs[role] = a
        }
        if colors > 0, let text = pairs[.text] { bkgdset(chtype(text) << 8) }
        last = nil
    }

    /// The terminal's size, asked of the terminal itself: a SIGWINCH can be missed (or
    /// never reach curses), and then curses would go on drawing at the old size.
    public var size: (width: Int, height: Int) {
        var ws = winsize()
        let curses = (Int(opsdeck_getmaxx(opsdeck_stdscr())), Int(opsdeck_getmaxy(opsdeck_stdscr())))
        guard ioctl(1, UInt(TIOCGWINSZ), &ws) == 0 || ioctl(0, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 else { return curses }
        let real = (Int(ws.ws_col), Int(ws.ws_row))
        if real != curses {
            resizeterm(Int32(real.1), Int32(real.0))
            last = nil
            clearok(opsdeck_stdscr(), true)
        }
        return real
    }

    /// Draws the rows that differ from the last frame.
    public func draw(_ b: ScreenBuffer) {
        if let l = last, l.width != b.width || l.height != b.height { last = nil }
        if last == nil { erase() }   // a full redraw starts from a clean screen, corner cell included
        var run: [wchar_t] = []
        run.reserveCapacity(b.width + 1)
        for y in 0..<b.height {
            let row = b.row(y)
            if let l = last, l.row(y) == row { continue }
            var x = 0
            var i = row.startIndex
            while i < row.endIndex {
                let style = row[i].style
                let startX = x
                run.removeAll(keepingCapacity: true)
                while i < row.endIndex && row[i].style == style {
                    let c = row[i]
                    if c.width > 0 {
                        for u in c.glyph.unicodeScalars { run.append(wchar_t(bitPattern: u.value)) }
                        x += Int(c.width)
                    }
                    i += 1
                }
                var a = attrs[style.role] ?? opsdeck_a_normal()
                if style.bold { a |= opsdeck_a_bold() }
                // The bottom-right cell cannot be written without scrolling: leave it.
                if y == b.height - 1 && x >= b.width, let lastIndex = run.indices.last { run.remove(at: lastIndex) }
                run.withUnsafeBufferPointer { p in
                    _ = opsdeck_put(Int32(y), Int32(startX), p.baseAddress, Int32(p.count), a, pairs[style.role] ?? 0)
                }
            }
        }
        last = b
        refresh()
    }

    /// The next key, or nil when `timeoutMS` passes without one (no busy loop: curses blocks).
    /// Sleeps until a key arrives, `other` becomes readable, a signal (a resize) comes, or the
    /// time is up. Keys are then read with `readKey(timeoutMS: 0)`.
    public func waitForInput(other: [Int32], timeoutMS: Int32) {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
        for fd in other { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&fds, nfds_t(fds.count), timeoutMS)
        // The terminal is gone (its window closed, its tmux server killed): quit as on a
        // hangup, even when SIGHUP itself is blocked — else the loop would spin on a dead tty.
        if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { TerminalGuard.pendingSignal = SIGHUP }
    }

    public func readKey(timeoutMS: Int32) -> Key? {
        wtimeout(opsdeck_stdscr(), timeoutMS)
        var ch: wint_t = 0
        let r = wget_wch(opsdeck_stdscr(), &ch)
        if r == ERR { return nil }
        if r == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_NPAGE: return .pageDown
            case KEY_PPAGE: return .pageUp
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_ENTER: return .enter
            case KEY_BACKSPACE: return .backspace
            case KEY_BTAB: return .backTab
            case KEY_RESIZE: return .resize
            default:
                for n in 1...12 where Int32(ch) == opsdeck_key_f(Int32(n)) { return .function(n) }
                return .unknown
            }
        }
        switch ch {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(ch) + 96)))
        default:
            guard let u = Unicode.Scalar(UInt32(ch)) else { return .unknown }
            return .char(Character(u))
        }
    }

    /// Gives the terminal back (idempotent).
    public func stop() {
        guard active else { return }
        active = false
        // Without an alternate screen (linux console, vt100) the cockpit would stay painted
        // under the shell prompt.
        if opsdeck_has_alternate_screen() == 0 { clear(); refresh() }
        endwin()
        TerminalGuard.active = false
    }
}

/// Why the cockpit cannot start in this terminal, said so that the user can fix it.
public enum TerminalProblem: Error, CustomStringConvertible {
    case notATerminal, unknownType(String), noTerminfo(String), cannotMoveCursor(String)
    public var description: String {
        switch self {
        case .notATerminal:
            "the cockpit needs a terminal (standard input and output are not one); for scripts use `opsdeck kpi`, `opsdeck check`"
        case .unknownType(let t):
            "unknown terminal type \"\(t)\" (TERM): no terminfo entry; try TERM=xterm-256color"
        case .noTerminfo(let t):
            "no terminfo database found for TERM=\"\(t)\"; install ncurses-base (or set TERMINFO)"
        case .cannotMoveCursor(let t):
            "the terminal TERM=\"\(t)\" cannot move the cursor, which a full-screen program needs; try TERM=xterm-256color or TERM=vt100"
        }
    }
}

/// Restores the terminal when the process is killed by a signal or crashes, using only
/// async-signal-safe calls (curses itself must not be called from a handler).
enum TerminalGuard {
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var active = false
    nonisolated(unsafe) static var pendingSignal: Int32 = 0

    static func install() {
        tcgetattr(0, &saved)
        active = true
        // Quit signals: the loop sees the flag, leaves curses properly and exits.
        for s in [SIGINT, SIGTERM, SIGHUP] { signal(s, { sig in TerminalGuard.pendingSignal = sig }) }
        // Crashes: put the terminal back by hand, then die as we would have.
        for s in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
            signal(s, { sig in
                if TerminalGuard.active {
                    tcsetattr(0, TCSANOW, &TerminalGuard.saved)
                    let reset = "\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n"
                    _ = reset.withCString { write(1, $0, strlen($0)) }
                }
                signal(sig, SIG_DFL)
                raise(sig)
            })
        }
    }
}

public enum TerminalSignals {
    /// A quit signal that arrived since the last call, if any.
    public static func take() -> Int32? {
        let s = TerminalGuard.pendingSignal
        TerminalGuard.pendingSignal = 0
        return s == 0 ? nil : s
    }
}
