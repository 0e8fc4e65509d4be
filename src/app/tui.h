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

/* Runs the workbench on the terminal until `quit` or Ctrl-D. */
int tui_run(wb *W, const tui_options *o);
/* The command line alone (a dumb terminal, --no-tui on a terminal):
 * readline, history and completion, no screen. */
int tui_lines(wb *W);

#endif
