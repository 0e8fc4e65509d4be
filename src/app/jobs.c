/*
 * jobs.c - background evolutions as child processes, and watched run
 * directories (see jobs.h).
 *
 * A child's stdin and stdout are /dev/null; its stderr is a non-blocking
 * pipe that jobs_poll() drains, so an error the child reports (a bad
 * option, a directory in use) reaches the user as the child wrote it.
 *
 * A child does not outlive its workbench: on Linux it asks for SIGTERM
 * when the thread that started it dies (PR_SET_PDEATHSIG), even by
 * kill -9, and SIGTERM makes `e2l evolve` finish the generation in
 * flight, checkpoint and exit, so the run stays resumable and nothing
 * runs on unseen.  Jobs are started from the UI thread, which lives as
 * long as the workbench.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "jobs.h"

const char *job_state_name(job_state s)
{
	static const char *const names[] = {
		"starting", "running", "finished", "stopped", "failed",
	};
	return names[s];
}

void jobs_init(jobs *J)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);

	*J = (jobs){ .next_id = 1 };
	if (n > 0) {
		path[n] = '\0';
		J->exe = xstrdup(path);
	} else {
		J->exe = xstrdup("e2l");
	}
}

static job *add(jobs *J, const char *dir, const char *what)
{
	if (J->n == J->cap) {
		J->cap = J->cap ? 2 * J->cap : 4;
		J->v = xrealloc(J->v, (size_t)J->cap * sizeof *J->v);
	}
	job *j = &J->v[J->n++];
	*j = (job){ .id = J->next_id++, .dir = xstrdup(dir),
		    .what = xstrdup(what), .errfd = -1, .started = e2l_seconds() };
	return j;
}

/* Forks `e2l evolve ARGS [--out DIR]`: the child's pid and the read end
 * of its stderr into *errfd; -1 with err set. */
static pid_t spawn(jobs *J, const char *const *args, int nargs,
		   const char *dir, int resume, int *errfd, e2l_error *err)
{
	int pipefd[2];

	if (pipe(pipefd) != 0) {
		e2l_fail(err, E2L_EIO, 0, 0, "cannot start an evolution: %s",
			 strerror(errno));
		return -1;
	}
	/* argv: e2l evolve ARGS... --out DIR, or --resume DIR alone. */
	const char **argv = xcalloc((size_t)nargs + 5, sizeof *argv);
	int k = 0;
	argv[k++] = J->exe;
	argv[k++] = "evolve";
	for (int i = 0; i < nargs; i++)
		argv[k++] = args[i];
	if (!resume) {
		argv[k++] = "--out";
		argv[k++] = dir;
	}
	argv[k] = NULL;
	fflush(NULL);
	pid_t parent = getpid(), pid = fork();
	if (pid < 0) {
		e2l_fail(err, E2L_EIO, 0, 0, "cannot start an evolution: %s",
			 strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		free(argv);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		/* Its own process group: a Ctrl-C typed in the workbench
		 * is the workbench's, not the evolution's. */
		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		/* A stop before `e2l evolve` has its handlers (a `stop`
		 * typed at once, the workbench dying) waits for them
		 * instead of killing it: the mask outlives exec, and
		 * evolve unblocks these once it handles them. */
		sigset_t stops;
		sigemptyset(&stops);
		sigaddset(&stops, SIGINT);
		sigaddset(&stops, SIGTERM);
		sigprocmask(SIG_BLOCK, &stops, NULL);
#ifdef __linux__
		/* Stop with the workbench; if it died before this line, the
		 * signal will never come: do not start at all. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
#else
		(void)parent;
#endif
		execv(J->exe, (char *const *)argv);
		dprintf(STDERR_FILENO, "e2l: %s: %s\n", J->exe,
			strerror(errno));
		_exit(127);
	}
	free(argv);
	close(pipefd[1]);
	fcntl(pipefd[0], F_SETFL, fcntl(pipefd[0], F_GETFL) | O_NONBLOCK);
	fcntl(pipefd[0], F_SETFD, FD_CLOEXEC);
	*errfd = pipefd[0];
	return pid;
}

job *jobs_start(jobs *J, const char *const *args, int nargs,
		const char *dir, const char *what, e2l_error *err)
{
	int resume = 0, errfd;

	for (int i = 0; i < nargs; i++)
		resume |= !strcmp(args[i], "--resume");
	/* A resumed run keeps its job: the same id, running again, rather
	 * than a second job beside a first one frozen at its last numbers. */
	job *j = resume ? jobs_find(J, dir) : NULL;
	if (j && (j->pid > 0 || (j->pid == 0 && j->state == JOB_RUNNING))) {
		e2l_fail(err, E2L_EINVALID, 0, 0, "job %d (%s) is running; "
			 "`stop %d` first", j->id, j->dir, j->id);
		return NULL;
	}
	pid_t pid = spawn(J, args, nargs, dir, resume, &errfd, err);
	if (pid < 0)
		return NULL;
	if (j) {
		if (j->errfd >= 0)
			close(j->errfd);
		j->errtext.len = 0;
		if (j->errtext.s)
			j->errtext.s[0] = '\0';
		j->exit_code = 0;
		j->exit_signal = 0;
		j->announced = 0;
		j->started = e2l_seconds();
		/* run.conf is read again once the resumed run has written
		 * it (--generations may change how long it runs): at its
		 * first new generation, or its end.  Its champion stays:
		 * what the log holds up to here is no news. */
		j->reread = 1;
		j->reread_after = j->log_open ? j->log.ngen : 0;
	} else {
		j = add(J, dir, what);
	}
	j->pid = pid;
	j->errfd = errfd;
	j->state = JOB_STARTING;
	return j;
}

job *jobs_watch(jobs *J, const char *dir, e2l_error *err)
{
	runlog L;

	for (int i = 0; i < J->n; i++)
		if (!strcmp(J->v[i].dir, dir))
			return &J->v[i];
	if (runlog_open(&L, dir, err) != E2L_OK)
		return NULL;
	if (runlog_poll(&L, err) < 0) {
		runlog_close(&L);
		return NULL;
	}
	job *j = add(J, dir, "watched");
	j->log = L;
	j->log_open = 1;
	runlog_state s = runlog_status(&L);
	j->state = s == RUNLOG_RUNNING ? JOB_RUNNING :
		s == RUNLOG_FINISHED ? JOB_FINISHED : JOB_STOPPED;
	return j;
}

static int drain(job *j)
{
	char buf[1024];
	ssize_t n;
	int changed = 0;

	while (j->errfd >= 0 && (n = read(j->errfd, buf, sizeof buf)) > 0) {
		/* Bounded: a child that writes without end does not grow
		 * the workbench without end. */
		if (j->errtext.len < 64 * 1024)
			strbuf_put(&j->errtext, buf, (size_t)n);
		changed = 1;
	}
	return changed;
}

/* Each generation's champion since the last look against the one seen
 * before: news when the formula changed or the fitness rose.  A job this
 * session started is followed from its first generation (a poll may read
 * many at once); for a run only watched, and after a log was read again
 * from its start (a resume trims it), what is already there is no news. */
static void follow_champion(job *j)
{
	const runlog *L = &j->log;
	if (L->restarted || j->champion_scan > L->ngen)
		j->champion_scan = j->champion ? L->ngen : 0;
	if (!j->champion && j->pid == 0 && L->ngen)
		j->champion_scan = L->ngen - 1;
	for (; j->champion_scan < L->ngen; j->champion_scan++) {
		const runlog_gen *g = &L->gen[j->champion_scan];
		double f = g->mu ? g->parents[0] : -INFINITY;
		if (j->champion && !strcmp(j->champion, g->champion) &&
		    !(f > j->champion_fitness))
			continue;
		j->champion_new = j->champion != NULL;
		free(j->champion);
		j->champion = xstrdup(g->champion);
		j->champion_fitness = f;
		j->champion_generation = g->generation;
	}
}

int job_champion_news(job *j)
{
	int news = j->champion_new;
	j->champion_new = 0;
	return news;
}

/* The run directory read anew, run.conf included. */
static void reopen(job *j)
{
	e2l_error err;
	if (j->log_open)
		runlog_close(&j->log);
	j->log_open = runlog_open(&j->log, j->dir, &err) == E2L_OK &&
		runlog_poll(&j->log, &err) >= 0;
	if (!j->log_open)
		runlog_close(&j->log);
	j->reread = 0;
}

static int poll_one(job *j)
{
	int changed = drain(j), status;
	e2l_error err;

	if (!j->log_open && j->state != JOB_FAILED &&
	    runlog_open(&j->log, j->dir, &err) == E2L_OK) {
		j->log_open = 1;
		changed = 1;
	}
	if (j->log_open && j->state == JOB_STARTING) {
		j->state = JOB_RUNNING;
		changed = 1;
	}
	if (j->log_open) {
		long n = runlog_poll(&j->log, &err);
		if (n < 0) {
			strbuf_printf(&j->errtext, "e2l: %s\n", err.msg);
			j->state = JOB_FAILED;
			runlog_close(&j->log);
			j->log_open = 0;
			changed = 1;
		} else if (n > 0) {
			changed = 1;
		}
		if (j->log_open && j->reread && j->log.ngen > j->reread_after)
			reopen(j);
		if (j->log_open)
			follow_champion(j);
	}
	if (j->pid > 0 && waitpid(j->pid, &status, WNOHANG) == j->pid) {
		drain(j);
		j->pid = -j->pid;   /* reaped: remember it, never signal it */
		j->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) :
			128 + WTERMSIG(status);
		j->exit_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
		close(j->errfd);
		j->errfd = -1;
		/* Read what the child wrote last. */
		if (j->reread)
			reopen(j);
		if (!j->log_open && runlog_open(&j->log, j->dir, &err) ==
		    E2L_OK)
			j->log_open = 1;
		if (j->log_open) {
			runlog_poll(&j->log, &err);
			follow_champion(j);
		}
		if (j->exit_code != 0)
			j->state = JOB_FAILED;
		else if (j->log_open &&
			 runlog_status(&j->log) == RUNLOG_FINISHED)
			j->state = JOB_FINISHED;
		else
			j->state = JOB_STOPPED;   /* without a log: stopped
						   * before it began */
		changed = 1;
	} else if (j->pid == 0 && j->log_open) {
		/* Only watched: the directory says how it stands. */
		runlog_state s = runlog_status(&j->log);
		job_state js = s == RUNLOG_RUNNING ? JOB_RUNNING :
			s == RUNLOG_FINISHED ? JOB_FINISHED : JOB_STOPPED;
		if (js != j->state) {
			j->state = js;
			changed = 1;
		}
	}
	return changed;
}

int jobs_poll(jobs *J)
{
	int changed = 0;
	for (int i = 0; i < J->n; i++)
		changed += poll_one(&J->v[i]);
	return changed;
}

job *jobs_get(jobs *J, int id)
{
	for (int i = 0; i < J->n; i++)
		if (J->v[i].id == id)
			return &J->v[i];
	return NULL;
}

job *jobs_find(jobs *J, const char *spec)
{
	const char *s = spec[0] == '%' ? spec + 1 : spec;
	char *end;
	long id = strtol(s, &end, 10);

	if (*s && !*end)
		return id > 0 && id <= INT_MAX ? jobs_get(J, (int)id) : NULL;
	size_t n = strlen(spec);
	while (n > 1 && spec[n - 1] == '/')
		n--;
	for (int i = 0; i < J->n; i++)
		if (strlen(J->v[i].dir) == n && !strncmp(J->v[i].dir, spec, n))
			return &J->v[i];
	return NULL;
}

int jobs_stop(job *j)
{
	if (j->pid <= 0)
		return -1;
	return kill(j->pid, SIGINT);
}

int jobs_running(const jobs *J)
{
	int n = 0;
	for (int i = 0; i < J->n; i++)
		n += J->v[i].pid > 0;
	return n;
}

void jobs_shutdown(jobs *J, double seconds)
{
	double end = e2l_seconds() + seconds;

	for (int i = 0; i < J->n; i++)
		if (J->v[i].pid > 0)
			kill(J->v[i].pid, SIGTERM);
	while (jobs_running(J) && e2l_seconds() < end) {
		jobs_poll(J);
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	for (int i = 0; i < J->n; i++)
		if (J->v[i].pid > 0) {
			kill(J->v[i].pid, SIGKILL);
			waitpid(J->v[i].pid, NULL, 0);
			J->v[i].pid = -J->v[i].pid;
			J->v[i].state = JOB_STOPPED;
		}
}

void jobs_free(jobs *J)
{
	for (int i = 0; i < J->n; i++) {
		job *j = &J->v[i];
		if (j->errfd >= 0)
			close(j->errfd);
		if (j->log_open)
			runlog_close(&j->log);
		free(j->errtext.s);
		free(j->champion);
		free(j->dir);
		free(j->what);
	}
	free(J->v);
	free(J->exe);
}
