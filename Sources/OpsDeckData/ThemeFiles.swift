import Foundation
import TOMLKit

/// Theme files: `themes/NAME.toml`, flat `role = "colour"` pairs. Searched in `$OPSDECK_THEMES`,
/// `./themes`, beside the executable's repository, and `~/.config/opsdeck/themes`.
public enum ThemeFiles {
    public static func searchPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var dirs: [URL] = []
        if let d = environment["OPSDECK_THEMES"], !d.isEmpty { dirs.append(URL(fileURLWithPath: d)) }
        dirs.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("themes"))
        // .build/<config>/opsdeck → the repository's themes/
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var up = exe.deletingLastPathComponent()
        for _ in 0..<4 { up = up.deletingLastPathComponent(); dirs.append(up.appendingPathComponent("themes")) }
        let home = environment["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? "/").appendingPathComponent(".config")
        dirs.append(home.appendingPathComponent("opsdeck/themes"))
        return dirs
    }

    /// The settings of the named theme, or nil when no file has it; an error names the file.
    public static func settings(named name: String) -> Result<[String: String], ThemeError>? {
        let safe = name.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        for dir in searchPath() {
            let file = dir.appendingPathComponent("\(safe).toml")
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            do {
                let table = try TOMLTable(string: String(decoding: data, as: UTF8.self))
                var out: [String: String] = [:]
                for key in table.keys {
                    if let s = table[key]?.string { out[key] = s } else if let i = table[key]?.int { out[key] = String(i) }
                }
                return .success(out)
            } catch let e as TOMLParseError {
                return .failure(ThemeError(message: "\(file.path):\(e.source.begin.line): \(e.description)"))
            } catch {
                return .failure(ThemeError(message: "\(file.path): \(error)"))
            }
        }
        return nil
    }

    public struct ThemeError: Error { public let message: String }
}
