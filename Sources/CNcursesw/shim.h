#ifndef OPSDECK_NCURSESW_SHIM_H
#define OPSDECK_NCURSESW_SHIM_H
// The wide-character API is declared only with these set before <ncurses.h>.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>

// Macros and globals Swift cannot import (or rejects in Swift 6 mode), as functions.
static inline WINDOW *opsdeck_stdscr(void) { return stdscr; }
static inline int opsdeck_lines(void) { return LINES; }
static inline int opsdeck_cols(void) { return COLS; }
static inline int opsdeck_colors(void) { return COLORS; }
static inline int opsdeck_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t opsdeck_a_normal(void) { return A_NORMAL; }
static inline attr_t opsdeck_a_bold(void) { return A_BOLD; }
static inline attr_t opsdeck_a_reverse(void) { return A_REVERSE; }
static inline attr_t opsdeck_a_underline(void) { return A_UNDERLINE; }
static inline attr_t opsdeck_a_dim(void) { return A_DIM; }
static inline int opsdeck_key_f(int n) { return KEY_F(n); }
static inline int opsdeck_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int opsdeck_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int opsdeck_set_escdelay(int ms) { return set_escdelay(ms); }
// Draws one run of text in one style: attributes and colour pair together.
static inline int opsdeck_put(int y, int x, const wchar_t *text, int n, attr_t attrs, short pair) {
    attr_set(attrs, pair, NULL);
    return mvaddnwstr(y, x, text, n);
}
// Whether the terminal can run a full-screen program, asked of terminfo before curses
// starts (initscr would print its own message and exit). 0 usable; 1 unknown type; 2 no
// terminfo database; 3 it cannot move the cursor (dumb, hardcopy).
static inline int opsdeck_check_terminal(void) {
    int err = 0;
    if (setupterm(NULL, 1, &err) != OK) return err == 0 ? 1 : err == 1 ? 3 : 2;
    const char *cup = tigetstr("cup");
    int ok = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    return ok ? 0 : 3;
}
// Whether leaving curses gives the screen back as it was (an alternate screen).
static inline int opsdeck_has_alternate_screen(void) {
    const char *s = tigetstr("rmcup");
    return s != NULL && s != (char *)-1 && *s != 0;
}
#endif
