/// The status line's message: how serious it is, what it is about, and its words in both
/// languages. Kept as a value and put into words when drawn, so `:lang` re-renders it and
/// the view colours it by its kind, never by recognising its text.
public struct Status: Equatable, Sendable {
    public enum Kind: String, Sendable { case info, warning, error }
    public enum Topic: String, Sendable {
        case checklist, bids, data, theme, report, review, command, keys, imports
    }
    public var kind: Kind
    public var topic: Topic
    public var en: String
    public var zh: String

    public init(_ kind: Kind, _ topic: Topic, _ en: String, _ zh: String? = nil) {
        self.kind = kind; self.topic = topic; self.en = en; self.zh = zh ?? en
    }

    public func text(_ l: Lang) -> String { l(en, zh) }
}

extension AppState {
    /// The status line's words in the current language.
    public var message: String? { status?.text(lang) }

    /// Sets the status line.
    public mutating func say(_ kind: Status.Kind, _ topic: Status.Topic, _ en: String, _ zh: String? = nil) {
        status = Status(kind, topic, en, zh)
    }

    /// Sets the status line from text written for the state's language (a command's
    /// "why disabled", say), by asking for it in each language.
    public mutating func say(_ kind: Status.Kind, _ topic: Status.Topic, _ words: (AppState) -> String?) {
        var en = self; en.lang = .en
        var zh = self; zh.lang = .zh
        guard let e = words(en) else { return }
        status = Status(kind, topic, e, words(zh) ?? e)
    }
}
