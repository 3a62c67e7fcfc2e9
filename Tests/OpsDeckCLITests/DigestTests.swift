import Foundation
import Testing
@testable import OpsDeckCore

/// `opsdeck digest`: the Markdown, and `--post` to a robot — here a local HTTP receiver the
/// test starts, which records what it is sent and answers as DingTalk does.
@Suite(.serialized) struct DigestCommandTests {
    /// A one-file HTTP server on a free port: appends each POST body to `log`, answers `reply`.
    func receiver(_ dir: URL, reply: String) throws -> (Process, Int, URL) {
        let log = dir.appendingPathComponent("received.txt")
        let port = dir.appendingPathComponent("port.txt")
        let script = """
            import http.server, sys
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers['Content-Length']))
                    with open(sys.argv[1], 'ab') as f:
                        f.write(self.path.encode() + b'\\n' + self.headers['Content-Type'].encode() + b'\\n' + body + b'\\n---\\n')
                    self.send_response(200); self.send_header('Content-Type', 'application/json'); self.end_headers()
                    self.wfile.write(sys.argv[3].encode())
                def log_message(self, *a): pass
            s = http.server.HTTPServer(('127.0.0.1', 0), H)
            open(sys.argv[2], 'w').write(str(s.server_port))
            s.serve_forever()
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, log.path, port.path, reply]
        // Not the test's own output: a child holding it open keeps the test runner waiting.
        p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice; p.standardInput = FileHandle.nullDevice
        try p.run()
        let end = Date().addingTimeInterval(10)
        while Date() < end {
            if let text = try? String(contentsOf: port, encoding: .utf8), let n = Int(text) { return (p, n, log) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Foundation.kill(p.processIdentifier, SIGKILL)
        throw CocoaError(.fileReadNoSuchFile)
    }

    @Test func theDigestGoesToADingTalkRobotOnceInItsShape() throws {
        let dir = temporaryDirectory("digest"); defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data")
        #expect(try opsdeck(["demo", data.path, "--days", "10", "--orders-per-day", "30", "--at", "2026-11-20 11:20"]).status == 0)
        let md = try opsdeck(["digest", "--data", data.path, "--at", "2026-11-20 15:00"])
        #expect(md.status == 0)
        #expect(md.out.hasPrefix("### 云裳女装旗舰店 · 2026-11-20 (as of 15:00)\n"))
        #expect(md.out.contains("**Checks** 0/34 handled") && md.out.contains("**Open disputes** "))

        let (server, port, log) = try receiver(dir, reply: "{\"errcode\":0,\"errmsg\":\"ok\"}")
        defer { Foundation.kill(server.processIdentifier, SIGKILL) }
        let url = "http://127.0.0.1:\(port)/robot/send?access_token=t0ken"
        let sent = try opsdeck(["digest", "--data", data.path, "--at", "2026-11-20 15:00", "--post", url, "--robot", "dingtalk"])
        #expect(sent.status == 0, "\(sent.err)")
        #expect(sent.out.contains("sent to 127.0.0.1"))
        let received = try String(contentsOf: log, encoding: .utf8).components(separatedBy: "\n---\n").filter { !$0.isEmpty }
        #expect(received.count == 1)
        let parts = received[0].components(separatedBy: "\n")
        #expect(parts[0] == "/robot/send?access_token=t0ken" && parts[1] == "application/json; charset=utf-8")
        // Exactly DingTalk's markdown message: msgtype, title, text (the Markdown above).
        let json = try #require(try JSONSerialization.jsonObject(with: Data(parts.dropFirst(2).joined(separator: "\n").utf8)) as? [String: Any])
        #expect(json.keys.sorted() == ["markdown", "msgtype"] && json["msgtype"] as? String == "markdown")
        let m = try #require(json["markdown"] as? [String: Any])
        #expect(m.keys.sorted() == ["text", "title"])
        #expect(m["title"] as? String == "云裳女装旗舰店 · 2026-11-20" && m["text"] as? String == md.out)
        // The same digest is never sent twice.
        let again = try opsdeck(["digest", "--data", data.path, "--at", "2026-11-20 15:00", "--post", url, "--robot", "dingtalk"])
        #expect(again.status == 0 && again.out.contains("already sent"))
        #expect(try String(contentsOf: log, encoding: .utf8).components(separatedBy: "\n---\n").filter { !$0.isEmpty }.count == 1)
        // A robot that answers with an error code: not sent, said so, exit 1.
        let (bad, badPort, _) = try receiver(dir.appendingPathComponent("b").creatingDirectory(), reply: "{\"errcode\":310000,\"errmsg\":\"sign not match\"}")
        defer { Foundation.kill(bad.processIdentifier, SIGKILL) }
        let refused = try opsdeck(["digest", "--data", data.path, "--at", "2026-11-20 15:00", "--post", "http://127.0.0.1:\(badPort)/x", "--robot", "dingtalk"])
        #expect(refused.status == 1 && refused.err.contains("sign not match"))
        // An address that does not tell the robot needs --robot.
        #expect(try opsdeck(["digest", "--data", data.path, "--post", "http://127.0.0.1:\(port)/x"]).status == 2)
    }

    /// `[digest]` in store.toml: the running cockpit sends the digest when its time has come,
    /// once — a restarted cockpit does not send it again.
    @Test(.enabled(if: EndToEnd.hasTmux)) func theCockpitSendsTheScheduledDigestOnce() throws {
        let dir = temporaryDirectory("digest-schedule"); defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data")
        #expect(try opsdeck(["demo", data.path, "--days", "10", "--orders-per-day", "30", "--at", "2026-11-20 11:20"]).status == 0)
        let (server, port, log) = try receiver(dir, reply: "{\"errcode\":0,\"errmsg\":\"ok\"}")
        defer { Foundation.kill(server.processIdentifier, SIGKILL) }
        let toml = data.appendingPathComponent("store.toml")
        let settings = try String(contentsOf: toml, encoding: .utf8)
            + "\n[digest]\ntimes = [\"11:00\", \"17:30\"]\npost = \"http://127.0.0.1:\(port)/robot/send?access_token=t0ken\"\nrobot = \"dingtalk\"\n"
        try settings.write(to: toml, atomically: true, encoding: .utf8)
        func received() -> [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").components(separatedBy: "\n---\n").filter { !$0.isEmpty }
        }
        for round in 0..<2 {
            let t = Tmux()
            t.start("'\(opsdeckBinary.path)' run --data '\(data.path)' --at '2026-11-20 11:20'")
            if round == 0 {
                t.waitFor("digest for 11:00 sent to 127.0.0.1")
            } else {
                t.waitFor("[ ] 11:00 Through-train / display account balance")
                Thread.sleep(forTimeInterval: 1.5)
            }
            t.keys("q"); t.waitGone(); t.kill()
        }
        let messages = received()
        #expect(messages.count == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(messages[0].components(separatedBy: "\n").dropFirst(2).joined(separator: "\n").utf8)) as? [String: Any])
        let text = (json["markdown"] as? [String: Any])?["text"] as? String ?? ""
        #expect(text.hasPrefix("### 云裳女装旗舰店 · 2026-11-20 (as of 11:20)"))
    }

    /// With a shared database that does not answer, a digest would pass this machine's actions
    /// off as the team's day: it is not sent, and a printed one or a report says so.
    @Test func noDigestFromAnOfflineSharedState() throws {
        let dir = temporaryDirectory("digest-offline"); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try opsdeck(["demo", dir.path, "--days", "10", "--orders-per-day", "30", "--at", "2026-11-20 11:20"]).status == 0)
        let nowhere = "postgres://opsdeck@127.0.0.1:9/nowhere"
        let post = try opsdeck(["digest", "--data", dir.path, "--state", nowhere, "--at", "2026-11-20 15:00",
                                "--post", "http://127.0.0.1:9/robot/send?access_token=x", "--robot", "dingtalk"])
        #expect(post.status == 1)
        #expect(post.err.contains("not sent: the shared database does not answer"), "\(post.err)")
        let printed = try opsdeck(["digest", "--data", dir.path, "--state", nowhere, "--at", "2026-11-20 15:00"])
        #expect(printed.status == 0 && printed.out.hasPrefix("### "))
        #expect(printed.err.contains("warning: postgres://opsdeck@127.0.0.1:9/nowhere does not answer"))
        let report = try opsdeck(["report", "--data", dir.path, "--state", nowhere, "--at", "2026-11-20 15:00"])
        #expect(report.status == 0 && report.err.contains("only this machine's actions are shown"))
    }

    @Test func feishuTakesAnInteractiveCardWithAMarkdownElement() throws {
        let p = Digest.payload(.feishu, title: "店 · 2026-11-20", markdown: "**Checks** 1/2\n- \"a\"")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(p.utf8)) as? [String: Any])
        #expect(json["msg_type"] as? String == "interactive")
        let card = try #require(json["card"] as? [String: Any])
        let header = try #require((card["header"] as? [String: Any])?["title"] as? [String: Any])
        #expect(header["tag"] as? String == "plain_text" && header["content"] as? String == "店 · 2026-11-20")
        let elements = try #require(card["elements"] as? [[String: Any]])
        #expect(elements.count == 1 && elements[0]["tag"] as? String == "markdown" && elements[0]["content"] as? String == "**Checks** 1/2\n- \"a\"")
        #expect(Digest.robot(for: "https://oapi.dingtalk.com/robot/send?access_token=x") == .dingtalk)
        #expect(Digest.robot(for: "https://open.feishu.cn/open-apis/bot/v2/hook/x") == .feishu)
    }
}

extension URL {
    func creatingDirectory() -> URL {
        try? FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
