import OpsDeckCore

/// One command: its keys, its label in both languages, whether it changes state (and so is
/// absent from read-only review), and why it is disabled when it is. The registry drives key
/// dispatch, the footer hints, the `?` screen and the `:` command line, so they cannot disagree.
public struct Command: Sendable {
    public let id: String
    public let keys: [Key]
    public let keyLabel: String
    public let en: String
    public let zh: String
    public let changesState: Bool
    public let inFooter: Bool
    /// Where the command applies: the cockpit's panes, the bid desk, or both.
    public let scope: Scope
    let disabled: @Sendable (AppState) -> String?
    let run: @Sendable (inout AppState) -> [Effect]

    public func label(_ l: Lang) -> String { l(en, zh) }
    public func whyDisabled(_ s: AppState) -> String? { disabled(s) }
}

/// `both` is every screen (the name predates the review screen).
public enum Scope: Sendable { case cockpit, desk, review, both }

public enum Registry {
    /// The commands available here (read-only review has none that change state).
    public static func commands(readOnly: Bool, scope: Scope = .cockpit) -> [Command] {
        (BidDeskCommands.all + ReviewCommands.all + all).filter { ($0.scope == scope || $0.scope == .both) && (!readOnly || !$0.changesState) }
    }

    public static func commands(_ s: AppState) -> [Command] {
        commands(readOnly: s.readOnly, scope: s.desk != nil ? .desk : s.review != nil ? .review : .cockpit)
    }

    static func c(_ id: String, _ keys: [Key], _ keyLabel: String, _ en: String, _ zh: String, changes: Bool = false, footer: Bool = false,
                  scope: Scope = .cockpit,
                  disabled: @escaping @Sendable (AppState) -> String? = { _ in nil }, run: @escaping @Sendable (inout AppState) -> [Effect]) -> Command {
        Command(id: id, keys: keys, keyLabel: keyLabel, en: en, zh: zh, changesState: changes, inFooter: footer, scope: scope, disabled: disabled, run: run)
    }

    static let onCheck: @Sendable (AppState) -> String? = { s in s.selectedCheck == nil ? s.lang("select a check first", "请先选中一项检查") : nil }

    public static let all: [Command] = [
        c("tick", [.char(" ")], "Space", "tick", "勾选/取消", changes: true, footer: true, disabled: onCheck) { s in App.toggle(&s) },
        c("skip", [.char("s")], "s", "skip", "跳过（写原因）", changes: true, footer: true, disabled: onCheck) { s in
            s.mode = .prompt(.skipReason, ""); return []
        },
        c("note", [.char("n")], "n", "note", "添加备注", changes: true, footer: true) { s in s.mode = .prompt(.note, ""); return [] },
        c("undo", [.char("u")], "u", "undo", "撤销上一步", changes: true, footer: true,
          disabled: { s in s.undoable.isEmpty ? s.lang("nothing to undo", "没有可撤销的操作") : nil }) { s in App.undo(&s) },
        c("next-pane", [.tab], "Tab", "next pane", "下一个面板") { s in App.switchPane(&s, by: 1); return [] },
        c("prev-pane", [.backTab], "S-Tab", "previous pane", "上一个面板") { s in App.switchPane(&s, by: -1); return [] },
        c("down", [.down, .char("j")], "j/↓", "move down", "下移") { s in App.move(&s, 1); return [] },
        c("up", [.up, .char("k")], "k/↑", "move up", "上移") { s in App.move(&s, -1); return [] },
        c("page-down", [.pageDown, .ctrl("d")], "PgDn", "page down", "下一页") { s in App.move(&s, 10); return [] },
        c("page-up", [.pageUp, .ctrl("u")], "PgUp", "page up", "上一页") { s in App.move(&s, -10); return [] },
        c("top", [.home, .char("g")], "g", "first row", "第一行") { s in s.list.cursor = 0; return [] },
        c("bottom", [.end, .char("G")], "G", "last row", "最后一行") { s in App.move(&s, 1_000_000); return [] },
        c("detail", [.enter], "Enter", "detail", "查看详情", footer: true,
          disabled: { s in s.selectedRow == nil && s.pane != .promotion ? s.lang("select a table row first", "请先选中表格行") : nil }) { s in
            // In Promotion, Enter goes to the bid desk (the pane itself is read-only).
            if s.pane == .promotion { BidDeskCommands.open(&s); return [] }
            s.mode = .detail; return []
        },
        c("filter", [.char("/")], "/", "filter", "筛选", footer: true) { s in s.mode = .filter(s.list.filter); return [] },
        c("sort", [.char("o")], "o", "sort by next column", "按下一列排序",
          disabled: { s in s.selectedRow == nil ? s.lang("select a table row first", "请先选中表格行") : nil }) { s in App.sort(&s, reverse: false); return [] },
        c("sort-reverse", [.char("O")], "O", "reverse the sort", "反向排序",
          disabled: { s in s.list.sort == nil ? s.lang("not sorted yet", "尚未排序") : nil }) { s in App.sort(&s, reverse: true); return [] },
        c("bids", [.char("B")], "B", "bid desk (also Enter in Promotion, :bids)", "出价台（推广面板 Enter，或 :bids）") { s in
            BidDeskCommands.open(&s); return []
        },
        c("review", [.char("v")], "v", "review of the day: completion, notes, bid changes", "当日审阅：完成情况、备注、出价修改") { s in
            ReviewCommands.open(&s, day: s.day)
        },
        c("import", [], ":import", "imports from inbox/ and their problems", "inbox/ 的导入记录与问题") { s in
            App.run(&s, "import")
        },
        c("report", [], ":report", "write the day's operation report (:report html|md|json|csv)", "生成运营日报（:report html|md|json|csv）") { s in
            [.writeReport(format: "html")]
        },
        c("state", [], ":state", "where actions are saved; what waits to be sent", "操作保存在哪里；待发送的操作",
          scope: .both) { s in App.run(&s, "state") },
        c("help", [.char("?")], "?", "help", "全部按键", footer: true, scope: .both) { s in s.mode = .help; return [] },
        c("command", [.char(":")], ":", "command line (goto 14:30, theme light, lang zh, bids)", "命令行（goto 14:30、theme light、lang zh、bids）", scope: .both) { s in
            s.mode = .command(""); return []
        },
        c("quit", [.char("q")], "q", "quit", "退出", footer: true, scope: .both) { s in s.quit = true; return [.quit] },
    ]

    /// The command bound to a key here (normal mode only).
    public static func command(for key: Key, _ s: AppState) -> Command? {
        commands(s).first { $0.keys.contains(key) }
    }
}
