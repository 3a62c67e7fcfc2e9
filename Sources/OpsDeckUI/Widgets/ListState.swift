/// Which column a list is sorted by. `section` picks the table in a pane of several.
public struct ListSort: Equatable, Sendable {
    public var section: Int
    public var column: Int
    public var descending: Bool
    public init(section: Int = 0, column: Int, descending: Bool = false) {
        self.section = section; self.column = column; self.descending = descending
    }
}

/// What every list on screen keeps — a pane's checks and tables, the bid desk's keywords, the
/// review's page: the selected line, the scroll of a pager, the filter and the sort. One type,
/// so moving, paging and scrolling behave the same everywhere.
public struct ListState: Equatable, Sendable {
    public var cursor = 0
    /// The first line shown, for a page without a selection (the review).
    public var scroll = 0
    public var filter = ""
    public var sort: ListSort?
    public init() {}

    /// Moves the selection by `by` lines within `count` (stops at the ends).
    public mutating func move(_ by: Int, count: Int) {
        cursor = max(0, min(count - 1, cursor + by))
    }

    /// Keeps the selection inside a list that shrank.
    public mutating func clamp(_ count: Int) {
        cursor = max(0, min(cursor, count - 1))
    }

    /// Scrolls a pager by `by` lines: `lines` in all, `page` shown at once.
    public mutating func scroll(_ by: Int, lines: Int, page: Int) {
        scroll = max(0, min(max(0, lines - page), scroll + by))
    }

    /// The first line to show so the `selected` one is on the page (kept near the middle).
    public static func top(selected: Int, count: Int, page: Int) -> Int {
        max(0, min(selected - page / 2, count - page))
    }
}
