#ifndef OPSDECK_NCURSESW_SHIM_H
#define OPSDECK_NCURSESW_SHIM_H
// The wide-character API is declared only with these set before <ncurses.h>.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

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
#endif
