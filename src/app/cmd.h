/*
 * cmd.h - the command-line front end's commands and exit codes
 * (sysexits), shared by main.c and the command files.
 */
#ifndef E2L_CMD_H
#define E2L_CMD_H

enum { EX_OK = 0, EX_NO = 1, EX_USAGE = 64, EX_DATAERR = 65,
       EX_SOFTWARE = 70, EX_IOERR = 74 };

#include "e2l/task.h"

/* A task from a command-line word: a task file, a name in tasks/ (in
 * the current directory, $E2L_DATA, the source tree or the installed
 * data), or a family name (its defaults). */
e2l_status cmd_load_task(const char *arg, task_config *cfg, e2l_error *err);
/* -s KEY=VALUE settings in order; E2L_EUNKNOWN with a message naming
 * the setting. */
e2l_status cmd_apply_sets(task_config *cfg, const char *const *sets, int n,
			  e2l_error *err);

/* Each takes argv from the command's name on; returns the exit code. */
int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_tasks(int argc, char **argv);
int cmd_evolve(int argc, char **argv);
int cmd_runs(int argc, char **argv);

#endif
