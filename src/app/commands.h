/*
 * commands.h - e2l's command language: one table of commands
 * (cmd_commands[]) and one of options (cmd_options[]), read by both front
 * ends, in the manner of tmux's cmd_entry.
 *
 * `e2l NAME ARGS...` (main.c, through cmd_shell) and the workbench
 * (wb_exec) find a command here and call its one handler, with the
 * options parsed by cmd_parse against the same rows, limits and
 * messages.  Usage text, `help`, `help COMMAND`, tab completion, the F1
 * overlay and the man page (`e2l -c 'help --man'`, make docs) are
 * generated from the tables.  A new command is a row here and its
 * handler.
 */
#ifndef E2L_COMMANDS_H
#define E2L_COMMANDS_H

#include <stdint.h>
#include "e2l/algebra.h"
#include "e2l/common.h"

typedef struct wb wb;
/* A command's handler: argv[0] is the command, then its operands
 * (options removed, in W->opts); rest is the raw text after its name. */
typedef int cmd_handler(wb *W, int argc, char **argv, const char *rest);

/* Where a command runs. */
enum {
	CMD_WB = 1,              /* in the workbench */
	CMD_SHELL = 2,           /* as `e2l NAME ...` */
	/* The shell names the task first (`e2l run TASK RULE`); the
	 * workbench uses its current task (`task NAME`). */
	CMD_TASK = 4,
	/* Takes formulas: in the shell each argument in turn, or each
	 * formula of standard input when there is none. */
	CMD_EACH = 8,
	/* The shell hands argv over untouched: the handler reads its own
	 * options, --help too (evolve's presets and settings). */
	CMD_RAW = 16,
	/* With CMD_TASK: `e2l NAME champion DIR` names no task, the run
	 * directory's is used (`e2l run champion DIR`). */
	CMD_CHAMPION = 32,
};

typedef struct {
	const char *name;
	const char *args;        /* synopsis, without options: "RULE" */
	const char *summary;     /* one line */
	const char *help;        /* a paragraph */
	/* What tab completes for its arguments: "c" commands, "r" rules,
	 * "t" tasks, "p" task parameters, "f" files, "v" variables and
	 * rules (formulas), "j" jobs and directories, "" nothing. */
	const char *complete;
	int min, max;            /* operands it takes; max -1: any */
	int flags;               /* CMD_* */
	/* The rows of cmd_options[] it takes, by name, blank-separated:
	 * "seed experiments json"; NULL: its own (or none). */
	const char *options;
	cmd_handler *fn;
} cmd_entry;

extern const cmd_entry cmd_commands[];   /* ends with name == NULL */
/* The command named name that runs where (CMD_WB or CMD_SHELL); NULL
 * when none. */
const cmd_entry *cmd_find(const char *name, int where);

/* An option: --name VALUE (or -letter VALUE), the same everywhere. */
typedef enum { CMD_FLAG, CMD_TEXT, CMD_INT, CMD_SEED } cmd_option_kind;
typedef struct {
	const char *name;        /* "experiments" */
	char letter;             /* 's' for -s (then no --name), or 0 */
	cmd_option_kind kind;
	const char *value;       /* "K"; NULL for a flag */
	long lo, hi;             /* CMD_INT's range */
	const char *help;
} cmd_option;
extern const cmd_option cmd_options[];

/* What the options of a command said. */
typedef struct {
	uint64_t seed;           /* --seed, default 1 */
	int have_seed;
	int experiments;         /* --experiments, 0: the task's */
	int threads;             /* --threads, 0: all cores */
	int json, validate;
	const char *vs, *replay, *record;
	const char *figure, *panel;  /* run --figure FILE [--panel NAME] */
	const char *pair[2];     /* --facilitate, --depress */
	const char **sets;       /* -s KEY=VALUE, in order */
	int nsets;
} cmd_opts;

/*
 * Takes c's options out of argv[1..*argc-1] wherever they are before
 * "--" (which ends them), leaving the operands in order; fills o (free
 * with cmd_opts_free).  Returns 0, or a usage error's exit code after
 * its message on W->err.
 */
int cmd_parse(wb *W, const cmd_entry *c, int *argc, char **argv,
	      cmd_opts *o);
void cmd_opts_free(cmd_opts *o);

/* Runs a command given on the command line: argv[0] is its name.
 * Returns the exit code. */
int cmd_shell(const cmd_entry *c, int argc, char **argv);

/* Standard input may be read as a stream of commands or formulas: not
 * a device that would feed e2l without end (main.c); else says so. */
int cmd_stdin_readable(void);

/* The one mapping from a status to an exit code (sysexits): 0, 64 for a
 * name or option the input got wrong (E2L_EUNKNOWN), 74 for I/O, 65 for
 * any other bad data. */
int cmd_exit_code(e2l_status st);
/* A failure inside data a command read (a rule, a run directory): 74
 * for I/O, else 65, a name the rule got wrong included. */
int cmd_data_code(e2l_status st);
/* equiv's verdict: 0 the same, 1 different, 2 not proven. */
int cmd_verdict_code(alg_verdict v);

/* A formula argument's place in messages: "'(u - v'", cut at 40. */
void cmd_quoted(char *place, size_t size, const char *s);
/* The list `help` prints (and the F1 overlay scrolls through). */
void cmd_summary(strbuf *o);
/* `e2l --help`. */
void cmd_usage(FILE *f);

#endif
