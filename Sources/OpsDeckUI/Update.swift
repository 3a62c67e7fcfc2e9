import OpsDeckCore

/// `update(state, message)`: the only place the state changes. Returns what the loop must
/// do (save an event, quit). Pure, so every key sequence can be tested without a terminal.
public enum App {
    public static func update(_ s: inout AppState, _ m: Message) -> [Effect] {
        switch m {
        case .resized(let w, let h):
            s.width = w; s.height = h
            return []
        case .clock(let t):
            let newDay = t.date != s.now.date
            let newMinute = t.seconds / 60 != s.now.seconds / 60
            s.now = t
            let digest = App.digestDue(&s)
            if newDay {
                // Midnight: a new day's checklist.
                s.events = []; s.undoable = []
                // A review of the day that just ended follows the clock to the new one.
                let follow = s.review?.data.day == t.date.adding(days: -1)
                return [.loadDay(t.date)] + (follow ? [.loadReview(t.date)] : []) + s.requestDerive() + digest
            }
            if newMinute {
                // A block ending turns its open checks into missed ones.
                if let rv = s.review { s.review = ReviewState(rv.data, schedule: s.data.schedule, now: t, scroll: rv.scroll) }
                return s.requestDerive() + digest
            }
            return digest
        case .filesChanged(let files, let modified):
            s.dataModified = modified ?? s.dataModified
            if files.isEmpty { return [] }
            if s.work.reloading {
                for f in files where !s.work.pendingFiles.contains(f) { s.work.pendingFiles.append(f) }
                return []
            }
            s.work.reloading = true
            return [.reload(changed: files)]
        case .dataLoaded(let data, let derived, let changed, let modified):
            s.work.reloading = false
            s.data = data
            s.dataVersion += 1
            s.dataModified = modified ?? s.dataModified
            // Tests and `--dump` pass none: computed here then.
            s.install(derived ?? s.derive(dataChanged: true))
            if let derived, derived.at.seconds / 60 != s.now.seconds / 60 || derived.lang != s.lang { s.work.deriveAgain = true }
            if var d = s.desk {
                // New reports, same view: filter, sort and place are kept; marks only while
                // the rows are the same keywords.
                let rows = BidDesk.rows(data, at: s.now)
                if rows.map(\.keyword.keywordID) != d.rows.map(\.keyword.keywordID) { d.marked = [] }
                var fresh = BidDeskState(rows: rows, book: d.book, paces: BidDesk.planPaces(data, at: s.now))
                fresh.now = s.now
                fresh.list = d.list; fresh.grouped = d.grouped; fresh.marked = d.marked
                d = fresh
                d.refresh()
                s.desk = d
            }
            let problems = data.issues.filter { $0.severity == .error }.count
            s.problems = problems
            // An import's own words say more than "reloaded" about the files it just wrote.
            if s.status?.topic != .imports { s.say(problems > 0 ? .warning : .info, .data,
                  "reloaded \(changed.joined(separator: ", "))" + (problems > 0 ? " · \(problems) problems (opsdeck check)" : ""),
                  "已重新读取 \(changed.joined(separator: "、"))" + (problems > 0 ? " · \(problems) 个问题（opsdeck check）" : "")) }
            // Files that changed meanwhile: one more reload; else a clock tick that waited.
            if !s.work.pendingFiles.isEmpty {
                let next = s.work.pendingFiles
                s.work.pendingFiles = []
                s.work.reloading = true
                return [.reload(changed: next)]
            }
            if s.work.deriveAgain && !s.work.deriving { s.work.deriveAgain = false; return s.requestDerive() }
            return []
        case .derived(let d):
            s.work.deriving = false
            // Computed for a snapshot that has since been replaced: the reload brought its own.
            if d.version == s.dataVersion { s.install(d) }
            if s.work.deriveAgain || d.at.seconds / 60 != s.now.seconds / 60 || d.lang != s.lang {
                s.work.deriveAgain = false
                return s.requestDerive()
            }
            return []
        case .inboxReady(let files):
            guard !s.readOnly, !s.work.importing, !files.isEmpty else { return [] }
            s.work.importing = true
            return [.importInbox(files)]
        case .imported(let summary):
            s.work.importing = false
            s.imports.insert(summary, at: 0)
            if s.imports.count > 20 { s.imports.removeLast() }
            let n = summary.imported, t = summary.at.clockString
            if summary.rejected > 0 {
                s.say(.warning, .imports, "\(summary.rejected) file\(summary.rejected == 1 ? "" : "s") not recognised — :import shows why",
                      "\(summary.rejected) 个文件无法识别 — :import 查看原因")
            } else if summary.skippedRows > 0 {
                s.say(.warning, .imports, "imported \(n) file\(n == 1 ? "" : "s") \(t), \(summary.skippedRows) rows skipped — :import shows them",
                      "\(t) 已导入 \(n) 个文件，跳过 \(summary.skippedRows) 行 — :import 查看")
            } else {
                s.say(.info, .imports, "imported \(n) file\(n == 1 ? "" : "s") \(t)", "\(t) 已导入 \(n) 个文件")
            }
            return []
        case .stateStoreChanged:
            // Someone saved: a colleague's tick (operators of one store share the checklist),
            // the lead's approval, the operator's own save seen by the review.
            return [.loadDay(s.day)] + (s.readOnly ? s.review.map { [.loadReview($0.data.day)] } ?? [] : []) + [.loadBidJournal]
        case .digestSent(let slot, let host, let failure, let repeated):
            let time = String(slot.suffix(5))
            if let failure {
                // Tried again in 5 minutes (a later time of the day replaces it).
                s.digestRetry[slot] = s.now.adding(seconds: 300)
                s.say(.warning, .report, "digest for \(time) not sent: \(failure); trying again in 5 minutes",
                      "\(time) 的摘要未发送：\(failure)；5 分钟后重试")
            } else if !repeated {
                s.say(.info, .report, "digest for \(time) sent to \(host)", "\(time) 的摘要已发送到 \(host)")
            }
            return []
        case .stateConnection(let c):
            let was = s.stateConnection
            s.stateConnection = c
            if was.online && !c.online {
                s.say(.warning, .checklist, "shared state offline (\(c.problem ?? "no answer")): actions are kept on this machine and sent when it is back",
                      "共享状态离线（\(c.problem ?? "无响应")）：操作保存在本机，恢复后发送")
            } else if !was.online && c.online {
                s.say(.info, .checklist, c.waiting == 0 ? "shared state back online; every action sent" : "shared state back online; sending \(c.waiting) action\(c.waiting == 1 ? "" : "s")",
                      c.waiting == 0 ? "共享状态已恢复，操作已全部发送" : "共享状态已恢复，正在发送 \(c.waiting) 项操作")
                s.sendingAfterOffline = c.waiting > 0
            } else if s.sendingAfterOffline && c.online && c.waiting == 0 {
                s.sendingAfterOffline = false
                s.say(.info, .checklist, "shared state back online; every action sent", "共享状态已恢复，操作已全部发送")
            }
            return []
        case .dayEvents(let events):
            // The undo list holds positions: keep pointing at the same saved events.
            let undo = s.undoable.compactMap { $0 < s.events.count ? s.events[$0].id : nil }
            s.events = events
            s.undoable = undo.compactMap { id in events.firstIndex { $0.id == id } }
            return []
        case .saved(let e, let id):
            if let i = s.events.lastIndex(where: { $0.id == nil && $0 == e }) { s.events[i].id = id }
            return []
        case .saveFailed(let why):
            // Never pretend: the unsaved action is taken back and the failure shown.
            if let i = s.events.lastIndex(where: { $0.id == nil }) {
                s.events.remove(at: i)
                s.undoable.removeAll { $0 >= i }
            }
            s.say(.error, .checklist, "NOT SAVED: " + why, "未保存：" + why)
            return []
        case .bidJournal(let events, let note):
            s.bidJournal = events
            if s.desk != nil {
                s.desk!.book = BidBook(events)
                if s.desk!.sortFollowsEdits { s.desk!.refresh() }
            }
            if let note { s.status = note }
            return []
        case .bidSaveFailed(let why):
            s.say(.error, .bids, "NOT SAVED: " + why, "未保存：" + why)
            return []
        case .reviewLoaded(let data):
            // The same day keeps its place on the page; another day starts at the top.
            let scroll = s.review.map { $0.data.day == data.day ? $0.scroll : 0 } ?? 0
            s.review = ReviewState(data, schedule: s.data.schedule, now: s.now, scroll: scroll)
            return []
        case .themeLoaded(let problem):
            if let problem { s.say(.warning, .theme, problem) }
            return []
        case .reportWritten(let path):
            s.say(.info, .report, "report written: \(path)", "日报已生成：\(path)")
            return []
        case .effectFailed(let topic, let why):
            s.say(.error, topic, "\(topic.rawValue): \(why)")
            return []
        case .quit:
            s.quit = true
            return []
        case .key(let k):
            return key(&s, k)
        }
    }

    static func key(_ s: inout AppState, _ k: Key) -> [Effect] {
        if k == .resize { return [] }
        switch s.mode {
        case .normal:
            s.status = nil
            if s.desk == nil, case .char(let c) = k, let n = c.wholeNumberValue, (1...Pane.allCases.count).contains(n) {
                s.review = nil
                s.pane = Pane.allCases[n - 1]; s.showPane(); return []
            }
            if k == .escape {
                if s.desk != nil { return BidDeskCommands.escape(&s) }
                s.review = nil; return []
            }
            guard let cmd = Registry.command(for: k, s) else { return [] }
            if cmd.whyDisabled(s) != nil { s.say(.warning, .keys) { cmd.whyDisabled($0) }; return [] }
            return cmd.run(&s)
        case .deskInput, .confirm:
            return deskKey(&s, k)
        case .approvals, .approvalReason:
            return Approvals.key(&s, k)
        case .schedule:
            return ScheduleEditor.key(&s, k)
        case .help, .detail, .imports:
            if k == .escape || k == .char("q") || k == .char("?") || k == .enter { s.mode = .normal }
            return []
        case .prompt(let kind, let text):
            switch k {
            case .escape: s.mode = .normal; return []
            case .enter:
                s.mode = .normal
                let t = trimmed(text)
                if kind == .skipReason {
                    guard !t.isEmpty else { s.say(.warning, .checklist, "a skip needs a reason", "跳过需要写原因"); return [] }
                    return record(&s, .skip, text: t)
                }
                guard !t.isEmpty else { return [] }
                return record(&s, .note, text: t)
            default:
                s.mode = .prompt(kind, edit(text, k)); return []
            }
        case .filter(let text):
            switch k {
            case .escape: s.mode = .normal; s.list.filter = ""; s.refreshRows(); return []
            case .enter: s.mode = .normal; return []
            default:
                let t = edit(text, k)
                s.mode = .filter(t); s.list.filter = t
                s.list.cursor = s.paneChecks.count; s.refreshRows(); return []
            }
        case .command(let text):
            switch k {
            case .escape: s.mode = .normal; return []
            case .enter: s.mode = .normal; return run(&s, trimmed(text))
            default: s.mode = .command(edit(text, k)); return []
            }
        }
    }

    static func edit(_ text: String, _ k: Key) -> String {
        switch k {
        case .backspace: return String(text.dropLast())
        case .char(let c) where c.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }): return text + String(c)
        default: return text
        }
    }

    static func trimmed(_ t: String) -> String {
        String(t.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// The `:` command line: registry commands by id, plus goto, theme, lang, pane.
    static func run(_ s: inout AppState, _ line: String) -> [Effect] {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        guard let word = parts.first else { return [] }
        let arg = parts.count > 1 ? trimmed(parts[1]) : ""
        switch word {
        case "q", "quit": s.quit = true; return [.quit]
        case "goto":
            guard let t = ClockTime(arg), let b = s.data.schedule.blocks.first(where: { $0.start <= t && t < $0.end }),
                  let p = Pane.allCases.first(where: { $0.blocks(s.data.schedule).contains { $0.id == b.id } }) else {
                s.say(.warning, .command, "no block at \(arg)", "\(arg) 没有日程"); return []
            }
            s.pane = p; s.showPane()
            s.list.cursor = s.paneChecks.firstIndex { $0.block.id == b.id } ?? 0
            return []
        case "theme":
            guard !arg.isEmpty else { s.say(.warning, .command, "theme NAME (dark, light, high-contrast, mono)", "theme 名称（dark、light、high-contrast、mono）"); return [] }
            s.themeName = arg
            return [.loadTheme(arg)]
        case "report":
            let format = arg.isEmpty ? "html" : arg.lowercased()
            guard ["html", "md", "json", "csv"].contains(format) else {
                s.say(.warning, .command, "report html|md|json|csv"); return []
            }
            return [.writeReport(format: format)]
        case "state":
            let c = s.stateConnection
            guard let address = c.shared else {
                s.say(.info, .command, "state: this data directory's own file (.opsdeck/state.sqlite)", "状态：本数据目录的文件（.opsdeck/state.sqlite）")
                return []
            }
            let problem = c.problem.map { " (\($0))" } ?? ""
            if c.online {
                s.say(c.waiting > 0 && c.problem != nil ? .warning : .info, .command,
                      "state: \(address) · online · \(c.waiting) waiting\(problem)", "状态：\(address) · 在线 · \(c.waiting) 项待发送\(problem)")
            } else {
                s.say(.warning, .command, "state: \(address) · offline\(problem) · \(c.waiting) actions kept on this machine",
                      "状态：\(address) · 离线\(problem) · \(c.waiting) 项操作保存在本机")
            }
            return []
        case "import", "imports":
            guard !s.imports.isEmpty else { s.say(.info, .imports, "no imports yet: drop the platform's downloads into inbox/", "尚无导入：把平台下载的报表放进 inbox/"); return [] }
            s.mode = .imports; return []
        case "lang":
            guard let l = Lang(rawValue: arg) else { s.say(.warning, .command, "lang en|zh"); return [] }
            // The tables are rebuilt here for the pane on screen; the rest follow off the thread.
            s.lang = l; s.refresh(); return s.requestDerive()
        case "pane":
            guard let p = Pane(rawValue: arg) ?? Pane.allCases.first(where: { $0.title(.en).lowercased() == arg.lowercased() || $0.title(.zh) == arg }) else {
                s.say(.warning, .command, "no pane \(arg)", "没有面板 \(arg)"); return []
            }
            s.pane = p; s.showPane(); return []
        default:
            guard let cmd = (Registry.commands(s) + Registry.commands(readOnly: s.readOnly, scope: .cockpit)).first(where: { $0.id == word }) else {
                s.say(.warning, .command, "unknown command: \(word)", "未知命令：\(word)"); return []
            }
            if cmd.whyDisabled(s) != nil { s.say(.warning, .keys) { cmd.whyDisabled($0) }; return [] }
            return cmd.run(&s)
        }
    }

    static func switchPane(_ s: inout AppState, by d: Int) {
        let all = Pane.allCases
        let i = all.firstIndex(of: s.pane)!
        s.pane = all[(i + d + all.count) % all.count]
        s.showPane()
    }

    static func move(_ s: inout AppState, _ d: Int) {
        let count = s.paneChecks.count + s.visibleRows.count
        s.list.move(d, count: count)
    }

    static func sort(_ s: inout AppState, reverse: Bool) {
        guard let sel = s.selectedRow ?? s.list.sort.map({ ($0.section, 0) }) else { return }
        let columns = s.content.sections[sel.section].columns.count
        if reverse, s.list.sort != nil { s.list.sort!.descending.toggle() }
        else if let so = s.list.sort, so.section == sel.section { s.list.sort = ListSort(section: sel.section, column: (so.column + 1) % columns, descending: so.descending) }
        else { s.list.sort = ListSort(section: sel.section, column: 0) }
        s.refreshRows()
    }

    /// Space: tick an open or skipped check, untick a done one.
    static func toggle(_ s: inout AppState) -> [Effect] {
        guard let (b, t) = s.selectedCheck else { return [] }
        let done = s.checklist[TaskKey(block: b.id, task: t.id)]?.status == .done
        return record(&s, done ? .untick : .tick, text: nil)
    }

    /// Appends an event for the selected check (a note with no check selected goes on the
    /// pane's block); the loop saves it at once.
    static func record(_ s: inout AppState, _ kind: ChecklistEvent.Kind, text: String?) -> [Effect] {
        let target = s.selectedCheck
        guard let block = target?.block.id ?? s.pane.blocks(s.data.schedule).first?.id else { return [] }
        let e = ChecklistEvent(day: s.day, at: s.now, operatorName: s.operatorName, block: block, task: target?.task.id ?? "", kind: kind, text: text)
        s.events.append(e)
        if kind != .note { s.undoable.append(s.events.count - 1) }
        return [.save(e)]
    }

    /// Takes back this session's last tick, untick or skip by recording the state before it.
    static func undo(_ s: inout AppState) -> [Effect] {
        guard let index = s.undoable.popLast(), index < s.events.count else { return [] }
        let last = s.events[index]
        let key = TaskKey(block: last.block, task: last.task)
        // The check's state just before that action (other checks' later events do not matter).
        let previous = Checklist.fold(Array(s.events[..<index]))[key]?.status ?? .open
        let kind: ChecklistEvent.Kind, text: String?
        switch previous {
        case .open: kind = .untick; text = nil
        case .done: kind = .tick; text = nil
        case .skipped(let r): kind = .skip; text = r
        }
        let e = ChecklistEvent(day: s.day, at: s.now, operatorName: s.operatorName, block: last.block, task: last.task, kind: kind, text: text)
        s.events.append(e)
        s.say(.info, .checklist, "undone", "已撤销")
        return [.save(e)]
    }

    /// The `[digest]` time that has come and not been handed over yet this session. A cockpit
    /// started after several times sends one digest, for the latest (it covers the day so far);
    /// the review sends none.
    static func digestDue(_ s: inout AppState) -> [Effect] {
        let d = s.data.profile.digest
        guard !s.readOnly, d.post != nil, !d.times.isEmpty else { return [] }
        let minute = s.now.secondOfDay / 60
        let due = d.times.filter { $0 <= minute }.map { String(format: "%@ %02d:%02d", s.now.date.description, $0 / 60, $0 % 60) }
            .filter { !s.digestSlots.contains($0) }
        s.digestSlots.formUnion(due)
        if let last = due.last {
            s.digestRetry = [:]
            return [.sendDigest(slot: last)]
        }
        if let (slot, at) = s.digestRetry.first, s.now.seconds >= at.seconds {
            s.digestRetry[slot] = nil
            return [.sendDigest(slot: slot)]
        }
        return []
    }
}
