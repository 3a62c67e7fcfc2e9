import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OpsDeckCore
import OpsDeckData

/// `opsdeck digest`: the day's digest in Markdown, and `--post URL` to a chat robot.
struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "A short Markdown digest of a day for the shift lead; --post sends it to a DingTalk or Feishu robot (once).")

    @OptionGroup var location: DataOptions
    @OptionGroup var shared: StateOptions
    @Option(help: ArgumentHelp("The day (default: today).", valueName: "YYYY-MM-DD")) var date: String?
    @Option(help: ArgumentHelp("As of this local time (default: now).", valueName: "YYYY-MM-DD HH:MM")) var at: String?
    @Option(help: ArgumentHelp("A robot's webhook address (DingTalk or Feishu).", valueName: "url")) var post: String?
    @Option(help: ArgumentHelp("The robot, when the address does not tell: dingtalk or feishu.", valueName: "robot")) var robot: String?

    func run() throws {
        let (dir, data) = try location.load()
        let now = try parseAt(at, profile: data.profile)
        let day = try date.map { d -> LocalDate in
            guard let t = LocalTime(parsing: d) else { throw ValidationError("--date expects YYYY-MM-DD") }
            return t.date
        } ?? now.date
        let store = try shared.open(dir.url, profile: data.profile, readOnly: true)
        StateOptions.warnIfOffline(store)
        guard let post else {
            print(Digest.markdown(data, day: day, checklist: try store.checklistEvents(day: day), bidJournal: try store.bidEvents(), now: now), terminator: "")
            return
        }
        guard let kind = robot.flatMap(Digest.Robot.init(rawValue:)) ?? Digest.robot(for: post) else {
            FileHandle.standardError.write(Data("opsdeck: cannot tell the robot from \(post): give --robot dingtalk or --robot feishu\n".utf8))
            throw Exit(code: 2)
        }
        switch try DigestSender.send(data, day: day, now: now, journal: store, dataDirectory: dir.url, post: post, robot: kind) {
        case .sent(let reply): print("sent to \(URL(string: post)?.host ?? post): \(reply)")
        case .alreadySent: print("already sent: this digest went to \(URL(string: post)?.host ?? post) before; not sent twice")
        case .notSent(let why):
            FileHandle.standardError.write(Data("opsdeck: not sent: \(why)\n".utf8))
            throw Exit(code: 1)
        }
    }
}

/// Sends a day's digest to a robot, never the same one twice (nor, for a scheduled one, the
/// same slot twice), within DingTalk's 20 a minute: for `opsdeck digest --post` and for the
/// cockpit's `[digest]` schedule.
enum DigestSender {
    enum Outcome: Equatable { case sent(String), alreadySent, notSent(String) }

    static func send(_ data: StoreData, day: LocalDate, now: LocalTime, journal: any StateJournal, dataDirectory: URL,
                     post: String, robot kind: Digest.Robot, slot: String? = nil) throws -> Outcome {
        let sent = SentDigests(dataDirectory: dataDirectory)
        let slotKey = slot.map { SentDigests.key(post, "schedule \($0)") }
        if let slotKey, sent.contains(slotKey) { return .alreadySent }
        // Offline, a digest would show this machine's actions as the team's day.
        let c = journal.connection
        if c.shared != nil && !c.online {
            return .notSent("the shared database does not answer (\(c.problem ?? "offline")); a digest now would miss the team's work")
        }
        let text = Digest.markdown(data, day: day, checklist: try journal.checklistEvents(day: day), bidJournal: try journal.bidEvents(), now: now)
        let body = Digest.payload(kind, title: "\(data.profile.name) · \(day)", markdown: text)
        let key = SentDigests.key(post, body)
        if sent.contains(key) { return .alreadySent }
        let host = URL(string: post)?.host ?? ""
        // DingTalk takes 20 messages a minute from one robot: more would be dropped.
        if kind == .dingtalk, sent.recent(host: host, within: 60) >= 20 {
            return .notSent("20 messages in the last minute to this robot (DingTalk's limit): try again in a minute")
        }
        switch Webhook.post(body, to: post) {
        case .success(let reply):
            try sent.record(key, host: host)
            if let slotKey { try sent.record(slotKey, host: "") }
            return .sent(reply)
        case .failure(let why):
            return .notSent(why.description)
        }
    }
}

/// The digests already sent, so none goes twice: `.opsdeck/digests-sent.tsv`, one line each
/// (a hash of the address and the message, the host, when).
struct SentDigests {
    let file: URL
    init(dataDirectory: URL) { file = dataDirectory.appendingPathComponent(".opsdeck/digests-sent.tsv") }

    static func key(_ url: String, _ body: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in (url + "\u{1F}" + body).utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }

    var lines: [[Substring]] {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n").map { $0.split(separator: "\t") }
    }
    func contains(_ key: String) -> Bool { lines.contains { $0.first.map(String.init) == key } }
    func recent(host: String, within seconds: Double) -> Int {
        let now = Date().timeIntervalSince1970
        return lines.filter { $0.count >= 3 && String($0[1]) == host && (Double($0[2]).map { now - $0 < seconds } ?? false) }.count
    }
    func record(_ key: String, host: String) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let line = "\(key)\t\(host)\t\(Date().timeIntervalSince1970)\n"
        if let h = FileHandle(forWritingAtPath: file.path) {
            defer { try? h.close() }
            h.seekToEndOfFile()
            h.write(Data(line.utf8))
        } else {
            try Data(line.utf8).write(to: file)
        }
    }
}

enum Webhook {
    /// POSTs JSON; success when the robot answers 200 with no error code (DingTalk `errcode`,
    /// Feishu `code` or `StatusCode`, 0 meaning ok).
    static func post(_ json: String, to address: String) -> Result<String, WebhookError> {
        guard let url = URL(string: address), url.scheme == "http" || url.scheme == "https" else { return .failure(.init("not a web address: \(address)")) }
        var request = URLRequest(url: url, timeoutInterval: 15)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(json.utf8)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<String, WebhookError> = .failure(.init("no answer"))
        URLSession.shared.dataTask(with: request) { body, response, error in
            defer { done.signal() }
            if let error { outcome = .failure(.init(error.localizedDescription)); return }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let text = body.map { String(decoding: $0, as: UTF8.self) } ?? ""
            guard status == 200 else { outcome = .failure(.init("HTTP \(status): \(text.prefix(200))")); return }
            let reply = (try? JSONSerialization.jsonObject(with: body ?? Data())) as? [String: Any]
            let code = (reply?["errcode"] ?? reply?["code"] ?? reply?["StatusCode"]) as? Int ?? 0
            outcome = code == 0 ? .success(text) : .failure(.init("the robot said: \(text.prefix(200))"))
        }.resume()
        done.wait()
        return outcome
    }
}

struct WebhookError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
