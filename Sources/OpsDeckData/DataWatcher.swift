import Foundation
import OpsDeckCore
#if canImport(Glibc)
import Glibc
#endif

/// Notices changed files in the data directory by a cheap poll of modification times and
/// sizes, and re-reads only what changed. A file caught half-written or turned unreadable
/// keeps its last good rows; the problem shows as a warning.
///
/// On Linux the kernel also says when something in the directory (or its inbox) changed
/// (inotify): the loop sleeps on that and the keyboard together, so a new file is seen at
/// once, without waking up to look.
public final class DataWatcher {
    public let directory: DataDirectory
    private var stamps: [String: (Date, Int)] = [:]
    private var notify: Int32 = -1
    private var inboxWatched = false

    static let watched = DataFile.allCases.map(\.fileName) + ["store.toml", "schedule.toml"]

    public init(_ directory: DataDirectory) {
        self.directory = directory
        stamps = scan()
        #if canImport(Glibc)
        notify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if notify >= 0 {
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB)
            if inotify_add_watch(notify, directory.url.path, mask) < 0 { close(notify); notify = -1 }
            watchInbox()
        }
        #endif
    }

    deinit { if notify >= 0 { close(notify) } }

    /// A descriptor that becomes readable when something in the directory changes (nil where
    /// the kernel cannot say: then only the periodic look finds changes).
    public var wakeFD: Int32? { notify >= 0 ? notify : nil }

    /// Reads what the kernel queued; true when anything was.
    public func drainWakeups() -> Bool {
        guard notify >= 0 else { return false }
        var any = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while buffer.withUnsafeMutableBytes({ read(notify, $0.baseAddress, $0.count) }) > 0 { any = true }
        watchInbox()
        return any
    }

    /// The inbox is watched too, once it exists.
    private func watchInbox() {
        #if canImport(Glibc)
        guard notify >= 0, !inboxWatched else { return }
        let inbox = directory.url.appendingPathComponent("inbox").path
        if FileManager.default.fileExists(atPath: inbox),
           inotify_add_watch(notify, inbox, UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE)) >= 0 { inboxWatched = true }
        #endif
    }

    func scan() -> [String: (Date, Int)] {
        var out: [String: (Date, Int)] = [:]
        for name in DataWatcher.watched {
            let path = directory.url.appendingPathComponent(name).path
            if let a = try? FileManager.default.attributesOfItem(atPath: path),
               let m = a[.modificationDate] as? Date, let s = a[.size] as? Int { out[name] = (m, s) }
        }
        return out
    }

    /// The newest modification time of the watched files.
    public var newest: Date? { stamps.values.map(\.0).max() }

    /// The files whose time or size changed since the last call (appeared and vanished too).
    public func changes() -> [String] {
        let now = scan()
        var changed: [String] = []
        for name in DataWatcher.watched {
            let a = stamps[name], b = now[name]
            if a?.0 != b?.0 || a?.1 != b?.1 { changed.append(name) }
        }
        stamps = now
        return changed
    }
}

extension DataDirectory {
    /// A new snapshot with the changed files re-read. Orders carry interned symbols, and
    /// the settings shape everything, so a change to those reloads the whole directory.
    ///
    /// A file that only grew is read from where the last read stopped (`appendTail`); a
    /// rewritten one is read whole.
    public func reload(_ current: StoreData, changed: [String]) -> StoreData {
        var files = Set(changed.compactMap(DataFile.init(rawValue:)))
        var grown = current
        if !changed.contains("store.toml") && !changed.contains("schedule.toml") {
            for f in files where appendTail(f, to: &grown) { files.remove(f) }
            if files.isEmpty { return grown }
        }
        let current = grown
        if changed.contains("store.toml") || changed.contains("schedule.toml") || files.contains(.orders) {
            guard var fresh = try? load() else { return current }
            DataDirectory.keepLastGood(from: current, into: &fresh, files: Set(DataFile.allCases))
            return fresh
        }
        guard let partial = try? load(only: files) else { return current }
        var next = current
        for f in files {
            next.files[f.fileName] = partial.files[f.fileName]
            switch f {
            case .storeDaily: next.storeDays = partial.storeDays
            case .products: next.products = partial.products
            case .productDaily: next.productDays = partial.productDays
            case .orders: break
            case .refunds: next.refunds = partial.refunds
            case .reviews: next.reviews = partial.reviews
            case .questions: next.questions = partial.questions
            case .coupons: next.coupons = partial.coupons
            case .campaigns: next.campaigns = partial.campaigns
            case .adAccount: next.adAccounts = partial.adAccounts
            case .keywords: next.keywords = partial.keywords
            case .keywordDaily: next.keywordDays = partial.keywordDays
            case .affiliates: next.affiliateDays = partial.affiliateDays
            case .activities: next.activities = partial.activities
            case .csDaily: next.agentDays = partial.agentDays
            case .artTasks: next.artTasks = partial.artTasks
            case .competitors: next.competitorDays = partial.competitorDays
            case .industryDaily: next.industryDays = partial.industryDays
            case .contentPosts: next.contentPosts = partial.contentPosts
            }
        }
        next.issues = current.issues.filter { DataFile(rawValue: $0.file).map { !files.contains($0) } ?? true }
            + partial.issues.filter { DataFile(rawValue: $0.file).map(files.contains) ?? false }
        DataDirectory.keepLastGood(from: current, into: &next, files: files)
        return next
    }

    /// A file that was good and is now unreadable keeps its old rows (and says so).
    static func keepLastGood(from old: StoreData, into new: inout StoreData, files: Set<DataFile>) {
        for f in files {
            guard case .unreadable(let why)? = new.files[f.fileName]?.state, old.files[f.fileName]?.state == .loaded else { continue }
            switch f {
            case .storeDaily: new.storeDays = old.storeDays
            case .products: new.products = old.products
            case .productDaily: new.productDays = old.productDays
            case .refunds: new.refunds = old.refunds
            case .reviews: new.reviews = old.reviews
            case .questions: new.questions = old.questions
            case .coupons: new.coupons = old.coupons
            case .campaigns: new.campaigns = old.campaigns
            case .adAccount: new.adAccounts = old.adAccounts
            case .keywords: new.keywords = old.keywords
            case .keywordDaily: new.keywordDays = old.keywordDays
            case .affiliates: new.affiliateDays = old.affiliateDays
            case .activities: new.activities = old.activities
            case .csDaily: new.agentDays = old.agentDays
            case .artTasks: new.artTasks = old.artTasks
            case .competitors: new.competitorDays = old.competitorDays
            case .industryDaily: new.industryDays = old.industryDays
            case .contentPosts: new.contentPosts = old.contentPosts
            case .orders:
                // Orders are bound to their symbol table: keep the old snapshot's whole set.
                new.orders = old.orders; new.orderIDs = old.orderIDs; new.symbols = old.symbols
            }
            var report = old.files[f.fileName]!
            report.state = .loaded
            new.files[f.fileName] = report
            new.issues.append(DataIssue(file: f.fileName, why: "could not be read now (\(why)); showing the last good data"))
        }
    }
}
