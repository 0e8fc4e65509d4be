/*
 * tui.h - the full-screen workbench (tui.c).
 */
#ifndef E2L_TUI_H
#define E2L_TUI_H

#include "wb.h"

typedef struct {
	int ascii;               /* --ascii: no Unicode glyphs */
	int no_color;            /* --no-color */
	const char *watch;       /* a command to run first ("watch DIR") */
} tui_options;

/*
 * A key of the full-screen workbench (tui_keys[] in tui.c, ending with
 * name == NULL): the key bar, the F1 help and the man page read it.
 */
enum { TUI_KEY_SEQS = 3 };
typedef struct {
	const char *name;        /* as shown: "F1", "PgDn" */
	const char *bar;         /* its word on the key bar, or NULL */
	const char *does;        /* what it does, for help and the man page */
	int ch;                  /* a plain key bound in readline, or 0 */
	const char *seq[TUI_KEY_SEQS]; /* the escape sequences terminals send */
	int (*fn)(int count, int key); /* the action; NULL: readline's own */
	int scroll;              /* lines it scrolls the open help by */
} tui_key;
extern const tui_key tui_keys[];

/* Runs the workbench on the terminal until `quit` or Ctrl-D. */
int tui_run(wb *W, const tui_options *o);
/* The command line alone (a dumb terminal, --no-tui on a terminal):
 * readline, history and completion, no screen. */
int tui_lines(wb *W);

#endif
