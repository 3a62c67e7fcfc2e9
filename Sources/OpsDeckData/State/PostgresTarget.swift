import Foundation

/// Where the shared state lives: a `postgres://USER@HOST:PORT/DB` address, read the way
/// libpq reads it, so the team's usual `PGUSER`, `PGPASSWORD` and `~/.pgpass` work as they do
/// for psql. OpsDeck never stores a password: an address that carries one is refused.
public struct PostgresTarget: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, prefer, require, verifyCA = "verify-ca", verifyFull = "verify-full" }

    public var user: String
    /// A host name or address; nil with `socketDirectory` (a Unix socket, where peer
    /// authentication works).
    public var host: String?
    public var socketDirectory: String?
    public var port: Int
    public var database: String
    public var tls: TLSMode
    /// `sslrootcert=`: the certificate authority a verified connection trusts.
    public var rootCertificate: String?

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// `postgres://` or `postgresql://`; `?sslmode=` (disable, prefer, require, verify-ca,
    /// verify-full; TLS only when asked), `?host=/dir` for a Unix socket, `?sslrootcert=`.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let c = URLComponents(string: text), let scheme = c.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw Problem(description: "\"\(text)\" is not a postgres://USER@HOST:PORT/DB address")
        }
        if c.password != nil {
            throw Problem(description: "the address carries a password; OpsDeck stores none — use PGPASSWORD, ~/.pgpass or peer authentication")
        }
        let query = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        for key in query.keys where !["sslmode", "host", "sslrootcert", "application_name"].contains(key) {
            throw Problem(description: "unknown parameter \"\(key)\" in the state address")
        }
        user = c.user.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["PGUSER"] ?? environment["USER"] ?? NSUserName()
        let socket = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        socketDirectory = socket
        host = socket == nil ? (c.host.flatMap { $0.isEmpty ? nil : $0 } ?? query["host"] ?? "localhost") : nil
        port = c.port ?? environment["PGPORT"].flatMap { Int($0) } ?? 5432
        let path = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        let mode = query["sslmode"] ?? "disable"
        guard let tls = TLSMode(rawValue: mode) else {
            throw Problem(description: "sslmode \"\(mode)\": expected disable, prefer, require, verify-ca or verify-full")
        }
        self.tls = tls
        rootCertificate = query["sslrootcert"]
    }

    /// The address without anything secret: what logs, the outbox and the header show.
    public var description: String {
        var s = "postgres://\(user)@\(host ?? "")"
        if socketDirectory == nil { s += ":\(port)" }
        s += "/\(database)"
        var q: [String] = []
        if let socketDirectory { q.append("host=\(socketDirectory)") }
        if tls != .disable { q.append("sslmode=\(tls.rawValue)") }
        return q.isEmpty ? s : s + "?" + q.joined(separator: "&")
    }

    /// `PGPASSWORD`, else the first matching line of `PGPASSFILE` or `~/.pgpass`
    /// (`host:port:database:user:password`, `*` matches anything, `\:` and `\\` escape),
    /// which libpq ignores — and so does this — when others can read the file.
    public func password(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let p = environment["PGPASSWORD"], !p.isEmpty { return p }
        let file = environment["PGPASSFILE"] ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass"
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 == 0,
              let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        let hostName = socketDirectory == nil ? (host ?? "localhost") : "localhost"
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = PostgresTarget.passFields(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [hostName, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    static func passFields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for ch in line {
            if escaped { current.append(ch); escaped = false } else if ch == "\\" { escaped = true } else if ch == ":" {
                fields.append(current); current = ""
            } else { current.append(ch) }
        }
        fields.append(current)
        return fields
    }
}
