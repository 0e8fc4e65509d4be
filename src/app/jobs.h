/*
 * jobs.h - evolutions running in the background, and run directories
 * being watched.
 *
 * An evolution started from the workbench is a child process running
 * `e2l evolve ... --out DIR`: it survives a crash of the workbench's
 * view, uses every core without sharing a heap with the UI, and writes
 * the same run directory that `e2l evolve` writes from a shell.  The
 * workbench reads every job's progress from its directory through
 * runlog, exactly as it reads a run started elsewhere (`watch DIR`), so
 * there is one way to follow a run.  Nothing here draws.
 */
#ifndef E2L_JOBS_H
#define E2L_JOBS_H

#include <sys/types.h>
#include "e2l/common.h"
#include "e2l/runlog.h"

typedef enum {
	JOB_STARTING,            /* no run directory to read yet */
	JOB_RUNNING,
	JOB_FINISHED,            /* its generations are done */
	JOB_STOPPED,             /* stopped early: resumable */
	JOB_FAILED               /* the process reported an error */
} job_state;

typedef struct {
	int id;                  /* 1, 2, ... as `jobs` lists them */
	pid_t pid;               /* the child, or 0 when only watched */
	char *dir;               /* its run directory */
	char *what;              /* how it was started, for `jobs` */
	job_state state;
	int exit_code;           /* of the child, once it has exited */
	int exit_signal;         /* the signal that ended it, or 0 */
	int errfd;               /* the child's stderr, or -1 */
	strbuf errtext;          /* what it wrote there */
	runlog log;
	int log_open;
	double started;          /* CLOCK_MONOTONIC seconds */
	int announced;           /* its end has been reported */
	int group;               /* the id of the first job of the `evolve
				  * --runs K` that started it (its
				  * dashboard shows the K side by side); 0:
				  * started alone */
	/* The champion last seen in its log (NULL before the first
	 * generation read), and whether it changed since the front end
	 * last said so (job_champion_news). */
	char *champion;
	double champion_fitness;
	long champion_generation;    /* where it first led */
	long champion_scan;          /* log.gen entries looked at */
	int champion_new;
	int reread;                  /* resumed: read run.conf again ... */
	long reread_after;           /* ... past this many generations */
} job;

typedef struct {
	job *v;
	int n, cap;
	int next_id;
	char *exe;               /* this program, to start children with */
} jobs;

void jobs_init(jobs *J);
void jobs_free(jobs *J);
/* Starts `e2l evolve ARGS --out DIR` (args as given to the workbench's
 * evolve, without --out).  Returns the job, or NULL with err set.
 * `--resume DIR` among args: a job that already names DIR (started,
 * resumed or watched here, and not running) is that job again, with its
 * id and the new process; one whose process still runs is an error. */
job *jobs_start(jobs *J, const char *const *args, int nargs,
		const char *dir, const char *what, e2l_error *err);
/* Follows a run directory without owning a process. */
job *jobs_watch(jobs *J, const char *dir, e2l_error *err);
/* Reaps children, reads their stderr and their logs.  Returns how many
 * jobs changed. */
int jobs_poll(jobs *J);
/* The job with this id (jobs are never removed), or NULL. */
job *jobs_get(jobs *J, int id);
/* "1", "%1", or a directory; NULL if there is no such job. */
job *jobs_find(jobs *J, const char *spec);
/* Asks a job to stop after its generation in flight (it checkpoints). */
int jobs_stop(job *j);
/* Running children: stopped, and waited for up to `seconds`, then
 * killed; their checkpoints stay resumable. */
void jobs_shutdown(jobs *J, double seconds);
int jobs_running(const jobs *J);
/* Whether the job's champion changed (a new formula, or a better
 * fitness) since the last call: 1 once (for several changes since, the
 * last), with j->champion, champion_fitness and champion_generation
 * saying what it is now.  The first generation's champion is no news,
 * nor is what a watched run's log holds when first read. */
int job_champion_news(job *j);
const char *job_state_name(job_state s);

#endif
