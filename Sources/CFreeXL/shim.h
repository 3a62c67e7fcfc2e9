// FreeXL (Debian libfreexl-dev), the maintained C reader of legacy Excel .xls (BIFF/OLE2).
#include <freexl.h>

// The macros Swift cannot import.
static inline unsigned short opsdeck_freexl_sheet_count_query(void) { return FREEXL_BIFF_SHEET_COUNT; }
