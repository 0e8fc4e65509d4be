/*
 * cmd.h - the command-line front end's commands and exit codes
 * (sysexits), shared by main.c and the command files.
 */
#ifndef E2L_CMD_H
#define E2L_CMD_H

enum { EX_OK = 0, EX_NO = 1, EX_USAGE = 64, EX_DATAERR = 65,
       EX_SOFTWARE = 70, EX_IOERR = 74 };

/* Each takes argv from the command's name on; returns the exit code. */
int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_tasks(int argc, char **argv);
int cmd_evolve(int argc, char **argv);
int cmd_runs(int argc, char **argv);

#endif
