/// How the state store is reached, for the header: the embedded SQLite file (always there),
/// or a shared PostgreSQL database, online or not, with the actions kept on this machine
/// until it answers again.
public struct StateConnection: Sendable, Equatable {
    /// The shared database's address (nothing secret in it); nil for the local file.
    public var shared: String?
    public var online: Bool
    /// Actions saved on this machine and not yet in the shared database.
    public var waiting: Int
    /// Why the database is not reachable, as it said.
    public var problem: String?

    public init(shared: String?, online: Bool, waiting: Int, problem: String? = nil) {
        self.shared = shared; self.online = online; self.waiting = waiting; self.problem = problem
    }

    public static let local = StateConnection(shared: nil, online: true, waiting: 0)
}
