/*
 * term.h - the one place that includes curses and readline, for the
 * front-end files that own the terminal (tui.c).  Wide-character curses
 * (ncursesw) so that UTF-8 glyphs (braille, blocks) are drawn as one
 * cell each; GNU readline for its callback interface.
 */
#ifndef E2L_TERM_H
#define E2L_TERM_H

#define NCURSES_WIDECHAR 1
#include <stdio.h>
#include <curses.h>
#include <readline/readline.h>
#include <readline/history.h>

#endif
