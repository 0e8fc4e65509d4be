/*
 * commands.c - the command table and the option table, and what is
 * generated from them: option parsing, dispatch of `e2l NAME ...`, the
 * usage text, `help`, the man page.
 *
 * Both front ends run the same handler for a command: the workbench
 * through wb_exec, the command line through cmd_shell, which makes a
 * session in batch mode (its current task the TASK operand, when the
 * command takes one) and, for formula commands, calls the handler on each
 * argument or each formula of standard input.  The handlers live in
 * wb_cmds.c (tasks in cmd_task.c, help and eval here); one that must
 * differ between the two (run prints a summary in the shell, the live
 * view in the workbench) asks W->shell.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "commands.h"
#include "tui.h"
#include "wb.h"
#include "e2l/expr.h"

/* ---- Options -------------------------------------------------------- */

const cmd_option cmd_options[] = {
	{ "seed", 0, CMD_SEED, "S", 0, 0,
	  "the base seed of the experiments (default 1)" },
	{ "experiments", 0, CMD_INT, "K", 1, 100000,
	  "experiments to run (default: the task's; validate: enough to "
	  "resolve the paper's effects)" },
	{ "threads", 0, CMD_INT, "T", 1, 1024,
	  "threads (default: one per core)" },
	{ "vs", 0, CMD_TEXT, "BASELINE", 0, 0,
	  "the rule to compare with" },
	{ "set", 's', CMD_TEXT, "KEY=VALUE", 0, 0,
	  "a task parameter for this command only (repeatable)" },
	{ "replay", 0, CMD_TEXT, "FILE", 0, 0,
	  "run on the inputs of FILE (-s replay=FILE)" },
	{ "record", 0, CMD_TEXT, "DIR", 0, 0,
	  "write every experiment's traces as CSV into DIR" },
	{ "validate", 0, CMD_FLAG, NULL, 0, 0,
	  "validation seeds (no evolution saw them), not evaluation seeds" },
	{ "json", 0, CMD_FLAG, NULL, 0, 0, "one JSON object, every value" },
	{ "facilitate", 0, CMD_TEXT, "FORMULA", 0, 0,
	  "the pair's first formula (the same as RULE 'F ; D')" },
	{ "depress", 0, CMD_TEXT, "FORMULA", 0, 0,
	  "the pair's second formula" },
	{ "figure", 0, CMD_TEXT, "FILE", 0, 0,
	  "also draw the run (experiment 0) as FILE.svg, .pdf or .png" },
	{ "panel", 0, CMD_TEXT, "NAME", 0, 0,
	  "with --figure: one panel alone (raster, weights, ...)" },
	{ NULL, 0, CMD_FLAG, NULL, 0, 0, NULL },
};

/* Does c take option o? */
static int takes(const cmd_entry *c, const cmd_option *o)
{
	size_t n = strlen(o->name);
	for (const char *p = c->options ? c->options : ""; *p;) {
		size_t w = strcspn(p, " ");
		if (w == n && !strncmp(p, o->name, n))
			return 1;
		p += w + strspn(p + w, " ");
	}
	return 0;
}

/* The row of c's options that word names ("--seed", "-s"), or NULL;
 * *value is a value written in the word ("--seed=3", "-sT=300"). */
static const cmd_option *option_of(const cmd_entry *c, const char *word,
				   const char **value)
{
	for (const cmd_option *o = cmd_options; o->name; o++) {
		size_t n = strlen(o->name);
		*value = NULL;
		if (!takes(c, o))
			continue;
		if (o->letter && word[1] == o->letter) {
			*value = word[2] ? word + 2 : NULL;
			return o;
		}
		if (!o->letter && word[1] == '-' &&
		    !strncmp(word + 2, o->name, n) &&
		    (!word[2 + n] || word[2 + n] == '=')) {
			*value = word[2 + n] ? word + 3 + n : NULL;
			return o;
		}
	}
	return NULL;
}

static void option_text(const cmd_option *o, char *buf, size_t size)
{
	if (o->letter)
		snprintf(buf, size, "-%c %s", o->letter, o->value);
	else
		snprintf(buf, size, "--%s%s%s", o->name, o->value ? " " : "",
			 o->value ? o->value : "");
}

/* Stores value into o's field of opts; 0, or a usage error. */
static int store(wb *W, const cmd_option *o, const char *word,
		 const char *value, cmd_opts *opts)
{
	if (o->kind == CMD_INT || o->kind == CMD_SEED) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(value, &end, 10);
		if (end == value || *end || errno || value[0] == '-' ||
		    (o->kind == CMD_INT &&
		     (v < (unsigned long long)o->lo ||
		      v > (unsigned long long)o->hi))) {
			if (o->kind == CMD_SEED)
				return wb_error(W, WB_USAGE, "%s: '%s' is not "
						"a non-negative whole number",
						word, value);
			return wb_error(W, WB_USAGE, "%s: '%s' is not a whole "
					"number from %ld to %ld", word, value,
					o->lo, o->hi);
		}
		if (!strcmp(o->name, "seed")) {
			opts->seed = v;
			opts->have_seed = 1;
		} else if (!strcmp(o->name, "experiments")) {
			opts->experiments = (int)v;
		} else {
			opts->threads = (int)v;
		}
		return 0;
	}
	const char **slot =
		!strcmp(o->name, "vs") ? &opts->vs :
		!strcmp(o->name, "replay") ? &opts->replay :
		!strcmp(o->name, "record") ? &opts->record :
		!strcmp(o->name, "facilitate") ? &opts->pair[0] :
		!strcmp(o->name, "depress") ? &opts->pair[1] :
		!strcmp(o->name, "figure") ? &opts->figure :
		!strcmp(o->name, "panel") ? &opts->panel : NULL;
	if (slot)
		*slot = value;
	else if (!strcmp(o->name, "set"))
		opts->sets[opts->nsets++] = value;
	else if (!strcmp(o->name, "json"))
		opts->json = 1;
	else
		opts->validate = 1;
	return 0;
}

int cmd_parse(wb *W, const cmd_entry *c, int *argc, char **argv,
	      cmd_opts *o)
{
	int k = 1, options = 1;
	*o = (cmd_opts){ .seed = 1 };
	o->sets = xcalloc((size_t)*argc + 1, sizeof *o->sets);
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i], *value = NULL;
		const cmd_option *opt = options && a[0] == '-' && a[1] ?
			option_of(c, a, &value) : NULL;
		char shown[64];
		if (!options) {
			argv[k++] = argv[i];
		} else if (!strcmp(a, "--")) {
			options = 0;
		} else if (opt && value) {
			int st = opt->value ? store(W, opt, a, value, o) :
				wb_error(W, WB_USAGE, "%s: option --%s takes no "
					 "value", c->name, opt->name);
			if (st)
				return st;
		} else if (opt && opt->value && i + 1 == *argc) {
			option_text(opt, shown, sizeof shown);
			return wb_error(W, WB_USAGE, "%s: option %s needs a "
					"value: %s", c->name, a, shown);
		} else if (opt) {
			int st = store(W, opt, a, opt->value ? argv[i + 1] :
				       NULL, o);
			if (st)
				return st;
			i += opt->value != NULL;
		} else if (a[0] == '-' && a[1] == '-') {
			return wb_error(W, WB_USAGE, "%s: unknown option '%s' "
					"(see `help %s`; a formula that starts "
					"with '-' goes after '--')", c->name, a,
					c->name);
		} else if (a[0] == '-' && a[1]) {
			/* -u*s would be -u with the value *s. */
			return wb_error(W, WB_USAGE, "%s: '%s' is not an option; "
					"put '--' before an argument that "
					"starts with '-' (%s ... -- '%s')",
					c->name, a, c->name, a);
		} else {
			argv[k++] = argv[i];
		}
	}
	*argc = k;
	return 0;
}

void cmd_opts_free(cmd_opts *o)
{
	free(o->sets);
	o->sets = NULL;
}

/* ---- Exit codes ------------------------------------------------------ */

int cmd_exit_code(e2l_status st)
{
	switch (st) {
	case E2L_OK:       return EX_OK;
	case E2L_EIO:      return EX_IOERR;
	case E2L_EUNKNOWN: return EX_USAGE;
	default:           return EX_DATAERR;
	}
}

int cmd_data_code(e2l_status st)
{
	return st == E2L_OK ? EX_OK : st == E2L_EIO ? EX_IOERR : EX_DATAERR;
}

int cmd_verdict_code(alg_verdict v)
{
	switch (v) {
	case ALG_SAME:      return EX_OK;
	case ALG_DIFFERENT: return EX_NO;
	default:            return EX_UNPROVEN;
	}
}

/* ---- The table -------------------------------------------------------- */

#define BOTH (CMD_WB | CMD_SHELL)
#define FORMS (BOTH | CMD_EACH)

/*
 * The commands.  Keep the help texts short: they are the man page too.
 * The shell's synopsis adds TASK first where CMD_TASK says so.
 */
const cmd_entry cmd_commands[] = {
	{ "help", "[COMMAND|WORD]", "list the commands, or explain one",
	  "A WORD that is not a command: a rule variable (R, E, v, k, ...), "
	  "`fitness`, `variables`, a task family or a task, explained from "
	  "the families' records.  `help --man` prints the manual page.",
	  "c", 0, 1, BOTH, NULL,
	  cmd_help },
	{ "rules", "", "list the rules of the session and the rule files",
	  "Rule files are found in ./rules, $E2L_DATA/rules and the "
	  "installed data.", "", 0, 0, CMD_WB, NULL, wbc_rules },
	{ "show", "RULE", "a rule as typed, simplified, and its task family",
	  "A rule file's comment lines and its source too.", "r", 1, 1, CMD_WB, NULL, wbc_show },
	{ "simplify", "FORMULA|RULE", "the shortest exact form",
	  "Exact rational arithmetic: the result is the same function "
	  "wherever the formula is defined (cancelling can define it on "
	  "more: log(x) - log(x) is 0).  A pair 'f ; d' is simplified part "
	  "by part.", "v", 1, -1, FORMS, NULL, wbc_form },
	{ "expand", "FORMULA|RULE", "numerator and denominator multiplied out",
	  "", "v", 1, -1, FORMS, NULL, wbc_form },
	{ "factor", "FORMULA|RULE", "a product of irreducible factors", "",
	  "v", 1, -1, FORMS, NULL, wbc_form },
	{ "latex", "FORMULA|RULE", "the simplified form in LaTeX", "", "v",
	  1, -1, FORMS, NULL, wbc_form },
	{ "c", "FORMULA|RULE", "the simplified form as a C expression", "",
	  "v", 1, -1, FORMS, NULL, wbc_form },
	{ "python", "FORMULA|RULE", "the simplified form for Python/SymPy",
	  "", "v", 1, -1, FORMS, NULL, wbc_form },
	{ "explain", "FORMULA|RULE", "the compiled program that runs the rule",
	  "One register instruction per line, as the simulation runs it over "
	  "blocks of synapses.", "v", 1, -1, FORMS, NULL, wbc_form },
	{ "eval", "FORMULA NAME=VALUE...", "the value at a point",
	  "Every variable of the formula needs a value.", "v", 1, -1, BOTH,
	  NULL, cmd_eval },
	{ "equiv", "A B", "are two formulas (or rules) the same function?",
	  "Exact where the algebra decides; otherwise the formulas are "
	  "compared at seeded points, which can show a difference (a point "
	  "where they differ, or where one is undefined) but not prove "
	  "them the same.  Quote formulas with spaces, or write A == B.  "
	  "Status 0 when they are the same function (exact), 1 when they "
	  "differ, also when they agree only where both are defined (the "
	  "verdict names that domain, e.g. v > 0), 2 when they agree at "
	  "every point compared (not proven) or could not be compared.",
	  "r", 1, -1, BOTH, NULL, wbc_equiv },
	{ "edit", "RULE", "edit a rule in $EDITOR",
	  "The screen returns when the editor exits; the file's definitions "
	  "replace the rule.", "r", 1, 1, CMD_WB, NULL, wbc_edit },
	{ "tasks", "[show TASK|doc]", "the task families and task files",
	  "`tasks show TASK`: a task's parameters; `tasks doc`: all of them "
	  "as Markdown (doc/tasks.md).", "t", 0, 2, BOTH, NULL, cmd_tasks },
	{ "task", "[NAME]", "choose the current task, or show its parameters",
	  "NAME is a task file (tasks/NAME.task) or a family's defaults.  "
	  "Without NAME: every parameter with its unit, range and value, "
	  "and what `set` changed.  Each task keeps its changes for the "
	  "session: choosing it again (or running a rule of its family) "
	  "brings them back, and says so.",
	  "t", 0, 1, CMD_WB, NULL, wbc_task },
	{ "set", "KEY VALUE", "change a parameter of the current task",
	  "The same checks as in a task file; evolutions started from here "
	  "get the change too.  `set speed X` paces the live run and the next "
	  "ones: X simulated ms per wall-clock ms (1 real time, 0.1 ten times "
	  "slower), `full` as fast as it goes, 0 paused (full screen only); "
	  "the result is the same to the last bit.", "p", 1, 2, CMD_WB, NULL,
	  wbc_set },
	{ "run", "RULE | champion JOB", "run a rule on the task",
	  "RULE is a rule's name, a rule file, or a formula ('F ; D' for a "
	  "pair, or --facilitate F --depress D).  The workbench shows the "
	  "spike raster, weights, potentials and the learning curve of "
	  "experiment 0 while all experiments run (Ctrl-C or `stop` stops "
	  "it); `e2l run TASK RULE` prints the fitness over the "
	  "experiments.  `run champion JOB` (a job, or a run directory) runs "
	  "the evolution's current champion on the task of its run "
	  "directory, on the experiments it scores on (F9 on the "
	  "dashboard); from the shell, `e2l run champion DIR`.", "r", 0, -1,
	  BOTH | CMD_TASK | CMD_CHAMPION,
	  "seed experiments threads set replay record validate json "
	  "facilitate depress figure panel", wbc_run },
	{ "stop", "[JOB|DIR]", "stop the run, or an evolution (resumable)",
	  "An evolution finishes the generation in flight and writes its "
	  "checkpoint.  Without JOB: the run, else the one evolution "
	  "running (with several, it asks which; Ctrl-C too).  DIR: any run "
	  "directory an e2l on this host runs, through its pid file.", "j", 0, 1, CMD_WB, NULL, wbc_stop },
	{ "validate", "RULE --vs BASELINE",
	  "compare two rules on fresh validation experiments",
	  "Both rules on the same experiments, with seeds no evolution "
	  "saw; the paired difference, its 95% CI and paired t-test, wins "
	  "per experiment, and Welch's test beside them.",
	  "r", 0, -1, BOTH | CMD_TASK,
	  "vs seed experiments threads set replay json facilitate depress",
	  wbc_validate },
	{ "compare", "A B [C ...]",
	  "several rules on the same validation experiments",
	  "Each rule (up to 8) on the same experiments, with validate's "
	  "seeds and number: each rule's mean and SD, each rule against the "
	  "first (paired difference, its 95% CI, t, p, wins), the winner, "
	  "the per-experiment values and the learning curves overlaid "
	  "(mean, with mean +- SD dotted).  --json: one object with every "
	  "value and the curves.", "r", 2, -1, BOTH | CMD_TASK,
	  "seed experiments threads set json", wbc_compare },
	{ "evolve", "[TASK] [--preset P] [--generations N] [--seed S] "
	  "[--runs K] [--task-seed S] [--out DIR] [--resume DIR] "
	  "[-s KEY=VALUE] [SETTING]...",
	  "evolve rules (in the workbench, in the background)",
	  "Each run writes a run directory (runs/TASK-seedS unless --out); "
	  "in the workbench it is a job, the prompt returns at once and "
	  "the dashboard shows fitness, the champion and the hall of fame.  "
	  "Without TASK, the current task with its `set` changes.  Presets "
	  "(the paper's settings): error, reward (published set 1; also "
	  "reward-set1), reward-set0, reward-set2, reward-set3, "
	  "reward-code, correlation.  A SETTING changes the preset's: "
	  "--inputs A,B,... (the family's variables, by name), --columns N, "
	  "--primitives LIST (+,-,*,/,^ and constants), --mu N, --lambda N, "
	  "--tournament N, --mutation-rate P, --reorder or --no-reorder, "
	  "--min-fitness F; run.conf saves them all and --resume keeps "
	  "them.  `e2l evolve --help` shows each preset's settings.", "t",
	  0, -1, BOTH | CMD_RAW, NULL, wbc_evolve },
	{ "runs", "show|best|stop DIR", "a run's champion and Pareto front; "
	  "as a rule; stop it", "`runs best DIR > champion.rule` writes a "
	  "rule file.  `runs stop DIR` asks the e2l that runs it (found "
	  "through DIR/pid, on this host) to finish its generation and "
	  "checkpoint.", "j", 2, 2, CMD_SHELL | CMD_RAW, NULL, wbc_runs },
	{ "check", "[EXERCISE RULE]", "pass or fail a rule on an exercise",
	  "EXERCISE is an .exercise file or a name in exercises/; the "
	  "verdict comes with its figures (--json: one object) and the exit "
	  "status is 0 on pass, 1 on fail, so a course can grade with it.  "
	  "Everyone gets the same experiments (the exercise fixes the "
	  "seed).  Without arguments (or --list): the exercises.", "r", 0,
	  -1, BOTH | CMD_RAW, NULL, wbc_check },
	{ "jobs", "", "the evolutions of this session and watched runs", "",
	  "", 0, 0, CMD_WB, NULL, wbc_jobs },
	{ "watch", "JOB|DIR", "follow an evolution in the dashboard",
	  "DIR may be any run directory, also one an `e2l evolve` elsewhere "
	  "is writing (another terminal, a cluster job on a shared disk).  "
	  "Without a screen, prints one line per generation until the run "
	  "stops.", "j", 1, 1, CMD_WB, NULL, wbc_watch },
	{ "best", "JOB|DIR [NAME]", "the champion of an evolution as a rule",
	  "Defines NAME (default bestJOB) from the last generation's "
	  "champion.", "j", 1, 2, CMD_WB, NULL, wbc_best },
	{ "export", "RULE latex|c|python|brian2",
	  "the rule as code for another tool",
	  "brian2 prints a Synapses snippet (on_pre/on_post for the "
	  "correlation task's STDP).", "r", 2, -1, CMD_WB, NULL, wbc_export },
	{ "save", "FILE | figure FILE [PANEL]",
	  "save the session's task, changes and rules; or the run as a "
	  "figure", "As a script of commands: `load FILE` or `e2l FILE` "
	  "replays it.  `save figure FILE.svg|pdf|png [PANEL]` draws the "
	  "last run's view, or one panel, for slides.",
	  "f", 1, 3, CMD_WB, NULL, wbc_save },
	{ "load", "FILE", "run the commands of a file", "", "f", 1, 1, CMD_WB,
	  NULL, wbc_load },
	{ "demo", "[LESSON]", "play a lesson: the tour of the three tasks, "
	  "or LESSON", "For class: a lesson is a script of commands with "
	  "`caption`, `pause` and `step` (lessons/tour.e2l; also reward, "
	  "error, correlation, or a file).  Each step's commands run under "
	  "its caption; Space goes on, q leaves.  Its evolutions write to "
	  "$XDG_CACHE_HOME/e2l/lessons unless --out says.  Also `tour` and "
	  "`e2l --lesson LESSON`.", "f", 0, 1, CMD_WB, NULL, wbc_demo },
	{ "tour", "[LESSON]", "the same as demo", "", "f", 0, 1, CMD_WB,
	  NULL, wbc_demo },
	{ "caption", "TEXT...", "a lesson's caption", "The full screen shows "
	  "it (consecutive lines form one caption) and the commands after it "
	  "run beneath it at once; batch mode prints it.", "", 0, -1, CMD_WB,
	  NULL, wbc_caption },
	{ "pause", "", "wait until the run (or validation) ends",
	  "In a lesson, with the screen live; batch mode's runs have ended "
	  "already.", "", 0, 0, CMD_WB, NULL, wbc_pause },
	{ "step", "", "wait for Space or Enter (q leaves the lesson)",
	  "Batch mode prints a blank line instead.", "", 0, 0, CMD_WB, NULL,
	  wbc_step },
	{ "view", "big|normal | experiment K | mean",
	  "the projector layout or the normal one; which experiment the "
	  "run view shows", "big: one panel at a time, block glyphs and "
	  "large figures.  experiment K (0 .. N-1): the run view shows "
	  "experiment K of the N in detail, and its own fitness beside "
	  "the fitness over all; mean: each curve as the mean and mean +- "
	  "SD across the experiments.  It applies to the run going (which "
	  "starts over, the same run) and to the last one (which recomputes "
	  "what it needs: each experiment has its own seed, so it is the "
	  "same experiment, bit for bit), and to the runs after.  The "
	  "header says which.", "", 1, 2, CMD_WB, NULL, wbc_view },
	{ "quit", "", "leave (stops the evolutions; they stay resumable)",
	  "Also Ctrl-D on an empty line (which asks first when evolutions "
	  "run or the session defined rules).", "", 0, 0, CMD_WB, NULL, wbc_quit },
	{ "exit", "", "the same as quit", "", "", 0, 0, CMD_WB, NULL,
	  wbc_quit },
	{ NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, NULL },
};

const cmd_entry *cmd_find(const char *name, int where)
{
	for (const cmd_entry *c = cmd_commands; c->name; c++)
		if ((c->flags & where) && !strcmp(c->name, name))
			return c;
	return NULL;
}

/* ---- Generated text --------------------------------------------------- */

/* "NAME ARGS [--seed S] ..." (with TASK first for the shell). */
static void synopsis(strbuf *o, const cmd_entry *c, int shell)
{
	strbuf_printf(o, "%s%s%s%s", c->name, shell && (c->flags & CMD_TASK) ?
		      " TASK" : "", *c->args ? " " : "", c->args);
	for (const cmd_option *op = cmd_options; op->name; op++) {
		char t[64];
		option_text(op, t, sizeof t);
		if (takes(c, op) && !strstr(c->args, t))
			strbuf_printf(o, " [%s]", t);
	}
}

/* text in lines of at most 78 columns, each after indent blanks. */
static void wrap(strbuf *o, const char *text, int indent)
{
	const char *p = text;
	while (*p) {
		int room = 78 - indent, n = (int)strlen(p);
		if (n > room) {
			n = room;
			while (n > 0 && p[n] != ' ')
				n--;
			if (n == 0)
				n = (int)strcspn(p, " ");
		}
		strbuf_printf(o, "%*s%.*s\n", indent, "", n, p);
		p += n;
		while (*p == ' ')
			p++;
	}
}

/* `help COMMAND`: synopsis, summary, help, options, where it runs. */
static void describe(strbuf *o, const cmd_entry *c)
{
	strbuf s = { 0 };
	synopsis(&s, c, 0);
	wrap(o, s.s, 0);
	free(s.s);
	strbuf_printf(o, "  %s.\n", c->summary);
	if (*c->help)
		wrap(o, c->help, 2);
	for (const cmd_option *op = cmd_options; op->name; op++)
		if (takes(c, op)) {
			char t[64];
			option_text(op, t, sizeof t);
			strbuf_printf(o, "  %-22s %s\n", t, op->help);
		}
	if ((c->flags & CMD_SHELL) && (c->flags & CMD_WB))
		strbuf_printf(o, "  Also `e2l %s%s ...` from the shell%s.\n",
			      c->name, c->flags & CMD_TASK ? " TASK" : "",
			      c->flags & CMD_TASK ? " (the workbench uses "
			      "the current task)" : "");
	if (!(c->flags & CMD_WB))
		strbuf_printf(o, "  On the command line only.\n");
}

void cmd_summary(strbuf *o)
{
	strbuf_printf(o, "NAME = FORMULA        define a rule (a pair: "
		      "NAME = FACILITATE ; DEPRESS)\n");
	for (const cmd_entry *c = cmd_commands; c->name; c++) {
		if (!(c->flags & CMD_WB))
			continue;
		char head[64];
		snprintf(head, sizeof head, "%s %s", c->name, c->args);
		strbuf_printf(o, "%-21.21s %s\n", head, c->summary);
	}
	strbuf_printf(o, "A line that is not a command is simplified as a "
		      "formula.  `help COMMAND` for more.\n");
}

void cmd_usage(FILE *f)
{
	strbuf o = { 0 };
	strbuf_printf(&o,
"usage: e2l [--no-tui] [--ascii] [--no-color] [--bail] [-c COMMANDS]... [SCRIPT]\n"
"       e2l --lesson LESSON\n"
"       e2l COMMAND [ARGS]...\n"
"\n"
"e2l discovers and tests synaptic plasticity rules.  Formulas use\n"
"numbers (2, 0.1, 1e-3), names (R, E, x_0, Rbar_plus), + - * /, ^ or **\n"
"for powers, parentheses and exp log sqrt abs min max.\n"
"\n"
"commands:\n"
"  (none)                      the workbench: full screen on a terminal; else\n"
"                              workbench commands from standard input\n"
"  -c COMMANDS                 run workbench commands (one per line), no screen\n"
"  SCRIPT                      run the workbench commands of a file\n"
"  watch DIR                   follow an evolution's run directory\n");
	for (const cmd_entry *c = cmd_commands; c->name; c++) {
		if (!(c->flags & CMD_SHELL))
			continue;
		/* Options in the synopsis are `help NAME`'s. */
		char head[64];
		const char *opts = strstr(c->args, " [--");
		snprintf(head, sizeof head, "%s%s%s%.*s%s", c->name,
			 c->flags & CMD_TASK ? " TASK" : "",
			 *c->args ? " " : "", opts ? (int)(opts - c->args) :
			 (int)strlen(c->args), c->args, opts ? " [OPTIONS]" :
			 "");
		if (c->flags & CMD_EACH)
			snprintf(head, sizeof head, "%s FORMULA...", c->name);
		if (strlen(head) > 27)
			strbuf_printf(&o, "  %s\n  %-27s %s\n", head, "",
				      c->summary);
		else
			strbuf_printf(&o, "  %-27s %s\n", head, c->summary);
	}
	strbuf_printf(&o,
"\n"
"`e2l help COMMAND` (or `e2l COMMAND --help`) explains one, with its options.\n"
"Without FORMULA arguments, the formula commands read one formula per line\n"
"from standard input ('#' starts a comment; an unfinished formula continues\n"
"on the next line).  A formula that starts with '-' goes after '--', which\n"
"ends the options: e2l run error-quick -- '-u*s'.  A rule pair is 'F ; D'.\n"
"\n"
"options:\n"
"  --no-tui       the workbench without the screen, even on a terminal\n"
"  --lesson L     play lesson L (a file, or tour, reward, error, correlation)\n"
"  --ascii        no Unicode glyphs in plots\n"
"  --no-color     monochrome (also NO_COLOR=1)\n"
"  --bail         stop a script at its first error\n"
"  -h, --help     this text\n"
"  -V, --version  the version\n"
"\n"
"exit status: 0 success, 1 not equivalent, 2 not proven, 64 usage (also an\n"
"unknown name), 65 bad formula or value missing, 74 I/O\n");
	fputs(o.s, f);
	free(o.s);
}

/* Text for a man page: a backslash made harmless (no line of ours
 * starts with a dot). */
static void roff(FILE *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", o);
		else
			fputc(*s, o);
	}
}

/* The man page, from the tables: doc/e2l.1 is this output. */
static void man_page(FILE *o)
{
	fprintf(o, ".\\\" Generated by `e2l -c 'help --man'` from the tables "
		"in src/app/commands.c and src/app/tui.c; do not edit.\n"
		".TH E2L 1 \"\" \"e2l\" \"User Commands\"\n"
		".SH NAME\ne2l \\- a workbench for evolving interpretable "
		"plasticity rules\n"
		".SH SYNOPSIS\n.B e2l\n[\\fISCRIPT\\fR]\n.br\n.B e2l\n"
		"\\fB\\-c\\fR \\fICOMMANDS\\fR...\n.br\n.B e2l\n\\fBwatch\\fR "
		"\\fIDIR\\fR\n.br\n.B e2l\n\\fICOMMAND\\fR ...\n"
		".SH DESCRIPTION\nOn a terminal, \\fBe2l\\fR opens the "
		"workbench: a command line under a live view of the current "
		"rule, the last run (spike raster, weights, potentials, "
		"learning curve) and the evolutions running in the "
		"background.  With \\fB\\-c\\fR, a script, or commands piped "
		"on standard input (or \\fB\\-\\-no\\-tui\\fR), the same "
		"commands run without the screen: plots print as text, "
		"errors go to standard error with the line number, and the "
		"exit status is that of the first failing command.  "
		"\\fBe2l\\fR \\fICOMMAND\\fR runs one command of the same "
		"language from the shell; where a command takes the current "
		"task, the shell names the task first.\n"
		".SH COMMANDS\n");
	for (const cmd_entry *c = cmd_commands; c->name; c++) {
		strbuf s = { 0 };
		synopsis(&s, c, 0);
		fprintf(o, ".TP\n.B %s\n", c->name);
		if (strlen(s.s) > strlen(c->name)) {
			fputs("\\fI", o);
			roff(o, s.s + strlen(c->name) + 1);
			fputs("\\fR\n", o);
		}
		free(s.s);
		roff(o, c->summary);
		fputs(".  ", o);
		roff(o, c->help);
		if ((c->flags & CMD_SHELL) && (c->flags & CMD_WB))
			fprintf(o, "  Also \\fBe2l %s\\fR%s.", c->name,
				c->flags & CMD_TASK ? " \\fITASK\\fR ..." :
				" ...");
		else if (c->flags & CMD_SHELL)
			fprintf(o, "  On the command line only: \\fBe2l "
				"%s\\fR ...", c->name);
		fputc('\n', o);
	}
	fprintf(o, ".SH OPTIONS OF COMMANDS\nThe same in the shell and the "
		"workbench, wherever they stand before \\fB\\-\\-\\fR.\n");
	for (const cmd_option *op = cmd_options; op->name; op++) {
		char t[64];
		option_text(op, t, sizeof t);
		fputs(".TP\n.B ", o);
		roff(o, t);
		fputc('\n', o);
		roff(o, op->help);
		fputc('\n', o);
	}
	fprintf(o, ".SH KEYS\n");
	for (const tui_key *k = tui_keys; k->name; k++) {
		fprintf(o, ".TP\n.B ");
		roff(o, k->name);
		fputc('\n', o);
		roff(o, k->does);
		fputc('\n', o);
	}
	fprintf(o, ".SH EXIT STATUS\n0 success, 1 not equivalent (equiv), "
		"2 not proven (equiv), 64 usage (also an unknown command, "
		"option, task or parameter), 65 bad data (a formula that does "
		"not parse, a value missing), 74 I/O.\n"
		".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nmonochrome\n.TP\n.B "
		"EDITOR\\fR, \\fBVISUAL\nthe editor of \\fBedit\\fR\n.TP\n"
		".B E2L_DATA\na folder with tasks/ and rules/ to search "
		"first\n.SH FILES\n.TP\n.I $XDG_STATE_HOME/e2l/history\nthe "
		"command history\n");
}

int cmd_help(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	strbuf o = { 0 };
	if (argc == 2 && !strcmp(argv[1], "--man")) {
		man_page(W->out);
		return WB_OK;
	}
	if (argc == 2) {
		const cmd_entry *c = cmd_find(argv[1], CMD_WB | CMD_SHELL);
		task_config tc;
		e2l_error err;
		/* Not a command: a word of the families' glossary (a
		 * variable, "fitness", "variables", a family), or a task. */
		if (c) {
			describe(&o, c);
		} else if (!task_glossary(argv[1], &o)) {
			if (cmd_load_task(argv[1], &tc, &err) != E2L_OK)
				return wb_error(W, WB_USAGE, "help: no command, "
						"variable or task '%s' (try "
						"`help variables`, `help "
						"fitness`, `tasks`)", argv[1]);
			strbuf_printf(&o, "task %s, of the %s family:\n",
				      tc.name, tc.family->name);
			task_glossary(tc.family->name, &o);
			task_config_free(&tc);
		}
	} else if (W->shell) {
		cmd_usage(W->out);
		return WB_OK;
	} else {
		cmd_summary(&o);
	}
	fputs(o.s, W->out);
	free(o.s);
	return WB_OK;
}

/* ---- eval ------------------------------------------------------------ */

/* "x, y and 3 more": the first few of n names, for one line. */
static void name_list(strbuf *b, const char *const *names, int n)
{
	enum { SHOWN = 5 };
	for (int i = 0; i < n && i < SHOWN; i++)
		strbuf_printf(b, "%s%s", i == 0 ? "" : i == n - 1 ? " and " :
			      ", ", names[i]);
	if (n > SHOWN)
		strbuf_printf(b, " and %d more", n - SHOWN);
}

/* eval FORMULA NAME=VALUE...: the value at a point. */
int cmd_eval(wb *W, int argc, char **argv, const char *rest)
{
	(void)rest;
	expr_arena *A = expr_arena_new();
	const expr *e;
	const char **names, **texts, **used = NULL, **missing;
	double *values;
	int n = 0, m, nmissing = 0, status = WB_OK;
	e2l_error err;

	if (expr_parse(A, argv[1], &e, &err) != E2L_OK) {
		expr_arena_free(A);
		return wb_formula_error(W, &err, NULL);
	}
	/* As many bindings as arguments: nothing here has a fixed size. */
	names = xmalloc((size_t)argc * sizeof *names);
	texts = xmalloc((size_t)argc * sizeof *texts);
	values = xmalloc((size_t)argc * sizeof *values);
	for (int i = 2; i < argc && status == WB_OK; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i]) {
			status = wb_error(W, WB_USAGE, "eval: argument %d: "
					  "expected NAME=VALUE, got '%s'", i,
					  argv[i]);
			break;
		}
		*eq = '\0';
		for (int k = 0; k < n && status == WB_OK; k++)
			if (!strcmp(names[k], argv[i]))
				status = wb_error(W, WB_USAGE, "eval: %s is "
						  "given twice (%s=%s, then "
						  "%s=%s)", argv[i], argv[i],
						  texts[k], argv[i], eq + 1);
		/* The formula's own number reader: what a formula accepts
		 * as a number, a value accepts too, and nothing else. */
		if (status == WB_OK &&
		    expr_parse_number(eq + 1, &values[n], &err) != E2L_OK)
			status = wb_error(W, WB_USAGE, "eval: %s: %s", argv[i],
					  err.msg);
		texts[n] = eq + 1;
		names[n++] = argv[i];
	}
	m = status == WB_OK ? expr_vars(e, &used) : 0;
	missing = xmalloc((size_t)(m > 0 ? m : 1) * sizeof *missing);
	for (int i = 0; i < m; i++) {
		int found = 0;
		for (int k = 0; k < n && !found; k++)
			found = !strcmp(used[i], names[k]);
		if (!found)
			missing[nmissing++] = used[i];
	}
	if (nmissing) {
		/* A formula's variable without a value is bad data, as a
		 * formula that does not parse is. */
		strbuf b = { 0 };
		name_list(&b, missing, nmissing);
		if (nmissing == 1)
			status = wb_error(W, WB_DATAERR, "eval: %s has no value "
					  "(give it as %s=VALUE)", b.s,
					  missing[0]);
		else
			status = wb_error(W, WB_DATAERR, "eval: %s have no "
					  "value (give each as NAME=VALUE)",
					  b.s);
		free(b.s);
	}
	if (status == WB_OK) {
		prog *p;
		if (prog_compile(e, n, names, &p, &err) != E2L_OK) {
			status = wb_error(W, EX_SOFTWARE, "eval: %s", err.msg);
		} else {
			fprintf(W->out, "%.17g\n", prog_eval(p, values));
			prog_free(p);
		}
	}
	free(used);
	free(missing);
	free(names);
	free(texts);
	free(values);
	expr_arena_free(A);
	return status;
}

/* ---- The command line ------------------------------------------------- */

void cmd_quoted(char *place, size_t size, const char *s)
{
	snprintf(place, size, "'%.40s%s'", s, strlen(s) > 40 ? "..." : "");
}

int cmd_shell(const cmd_entry *c, int argc, char **argv)
{
	wb W;
	cmd_opts o = { 0 };
	int status = WB_OK;

	/* `e2l NAME --help` is `help NAME`. */
	for (int i = 1; !(c->flags & CMD_RAW) && i < argc &&
		     strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			strbuf s = { 0 };
			describe(&s, c);
			fputs(s.s, stdout);
			free(s.s);
			return EX_OK;
		}
	wb_init(&W, stdout, stderr);
	W.shell = 1;
	W.where = NULL;
	if (c->options && (status = cmd_parse(&W, c, &argc, argv, &o)))
		goto out;
	W.opts = &o;
	/* `e2l run champion DIR`: the task is the run directory's own. */
	int champion = (c->flags & CMD_CHAMPION) && argc > 1 &&
		!strcmp(argv[1], "champion");
	if (champion && argc != 3) {
		status = wb_error(&W, WB_USAGE, "usage: e2l %s champion DIR "
				  "(the task is the run's)", c->name);
		goto out;
	}
	if ((c->flags & CMD_TASK) && !champion) {
		e2l_error err;
		task_config cfg;
		if (argc < 2) {
			status = wb_error(&W, WB_USAGE, "usage: e2l %s TASK %s "
					  "(see 'e2l help %s')", c->name,
					  c->args, c->name);
			goto out;
		}
		e2l_status st = cmd_load_task(argv[1], &cfg, &err);
		if (st != E2L_OK) {
			status = wb_error(&W, cmd_exit_code(st), "%s", err.msg);
			goto out;
		}
		task_config_free(&W.task);
		W.task = cfg;
		W.task_named = 1;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	/* e2l simplify -- -x: a command without options skips it. */
	if (!c->options && !(c->flags & CMD_RAW) && argc > 1 &&
	    !strcmp(argv[1], "--")) {
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	if ((c->flags & CMD_EACH) && argc == 1) {
		/* Standard input as a script whose every line is this
		 * command's formula, an unfinished one going on. */
		W.each = c;
		status = cmd_stdin_readable() ? wb_batch(&W, stdin, "<stdin>",
							 0) : WB_IOERR;
	} else if (c->flags & CMD_EACH) {
		for (int i = 1; i < argc; i++) {
			char place[64], *one[] = { argv[0], argv[i], NULL };
			cmd_quoted(place, sizeof place, argv[i]);
			W.where = place;
			W.src = argv[i];
			int st = wb_command(&W, c, 2, one, argv[i], &o);
			if (st == WB_MORE) {
				e2l_error err;
				wb_parses(argv[i], &err);
				st = wb_formula_error(&W, &err, NULL);
			}
			if (st != WB_OK)
				status = st;
			fflush(stdout);
		}
	} else {
		/* The raw text of a formula operand is the operand. */
		status = wb_command(&W, c, argc, argv, argc > 1 ? argv[1] : "",
				    &o);
	}
out:
	W.opts = NULL;
	cmd_opts_free(&o);
	wb_free(&W);
	return status;
}

/*
 * Standard input as a stream of commands or formulas: a file, a pipe, a
 * socket, a terminal or /dev/null.  Another device (/dev/zero, a disk)
 * would feed e2l without end, and no signal interrupts a read that never
 * waits: refused, in one line.  Returns 1 when stdin may be read.
 */
int cmd_stdin_readable(void)
{
	struct stat st, null;

	if (fstat(STDIN_FILENO, &st) != 0 || isatty(STDIN_FILENO) ||
	    !(S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
		return 1;
	if (stat("/dev/null", &null) == 0 && S_ISCHR(null.st_mode) &&
	    null.st_rdev == st.st_rdev)
		return 1;
	cmd_error("<stdin>: a device, not a stream of commands or formulas "
		  "(give them in a file, a pipe or -c)");
	return 0;
}
