/*
 * task.h - the task layer: families of learning tasks (reward, error,
 * correlation), their parameters, task and rule files, and the fitness of
 * a rule over a set of experiments.
 *
 * Each family is described by one task_family record: its parameter table
 * (name, default, unit, range, description), which drives task files,
 * `e2l tasks show` and the docs; the variables its rules may use; the
 * function that runs one experiment; and what the front ends read of it
 * (its variables' meaning, its fitness, its trials, the panels its runs
 * fill, its exporters), so that they know no family by name.  Usage:
 *
 *     task_config cfg;
 *     task_rule rule;
 *     task_config_load("tasks/error.task", &cfg, &err);    (or task_config_default)
 *     task_rule_parse(&rule, cfg.family, "(v - u)*s", NULL, &err);
 *     task_result res;
 *     task_evaluate(&cfg, &rule, &opts, &res, &err);
 *     ... res.fitness, res.values[k] ...
 *     task_result_free(&res); task_rule_free(&rule); task_config_free(&cfg);
 *
 * Nothing here prints: progress and traces go through task_recorder.
 */
#ifndef E2L_TASK_H
#define E2L_TASK_H

#include <stdint.h>
#include "e2l/common.h"
#include "e2l/expr.h"

/* One parameter of a family.  Enumerated parameters (choices != NULL)
 * hold the index of the chosen word; integer ones hold a whole number;
 * a text parameter (integer = TASK_PARAM_TEXT: the replay file's path,
 * TASK_REPLAY_PARAM) is held in task_config.texts[i] and read when set,
 * its def, unit and range unused and values[i] 0. */
typedef struct {
	const char *name;        /* "eta", as in task files and -s KEY=VALUE */
	double def;              /* default value */
	const char *unit;        /* "ms", "mV", "Hz", "pA", "" */
	double min, max;         /* accepted range, inclusive */
	int integer;             /* 1: must be a whole number;
				  * TASK_PARAM_TEXT: a text */
	const char *choices;     /* "fixed|random", or NULL */
	const char *help;        /* one line */
} task_param;

enum { TASK_PARAM_TEXT = 2 };

static inline int task_param_is_text(const task_param *p)
{
	return p->integer == TASK_PARAM_TEXT;
}

struct task_config;
struct task_rule;
struct task_recorder;

/*
 * Why an experiment's value is not a number: where its run blew up and
 * what went non-finite, filled by the family's experiment (task_fail) at
 * the first non-finite value it meets, and by task_evaluate with the
 * fitness itself for an experiment that did not say.  Its text
 * (task_failure_text) is what the front ends print:
 *
 *     experiment 3, trial 12 (t = 6500 ms): weight w_7 became inf
 */
enum { TASK_FAILURE_NAME = 32, TASK_FAILURE_WHAT = 80 };

typedef struct task_failure {
	int experiment;                 /* index; -1: nothing failed */
	int trial;                      /* from 0; -1: a family without
					 * trials, or not known */
	double t_ms;                    /* from the experiment's start, ms;
					 * NaN: not known */
	/* The quantity as the recorder and --json name it: "w_7", "u",
	 * "formula", "facilitate", "SNR", "fitness". */
	char quantity[TASK_FAILURE_NAME];
	/* The same for people: "weight w_7", "the rule's value for input
	 * 7", "the fitness (SNR)". */
	char what[TASK_FAILURE_WHAT];
	double value;                   /* what it became: inf, -inf, NaN */
} task_failure;

/* Records a failure in f (NULL: nothing), unless one is already there:
 * the first non-finite value is the cause, what follows its
 * consequence.  what is a printf format. */
void task_fail(struct task_failure *f, int trial, double t_ms,
	       const char *quantity, double value, const char *what, ...)
	__attribute__((format(printf, 6, 7)));
/* Whether f holds a failure. */
static inline int task_failed(const struct task_failure *f)
{
	return f && f->quantity[0] != '\0';
}
/* The index of the first non-finite value of v[0 .. n), or n. */
size_t task_first_nonfinite(const double *v, size_t n);
/* "experiment 3, trial 12 (t = 6500 ms): weight w_7 became inf" into
 * buf (size n; cut to fit); "" for no failure. */
void task_failure_text(const struct task_failure *f, char *buf, size_t n);
/* The same as a JSON object appended to out: {"experiment": 3, "trial":
 * 12, "t_ms": 6500, "quantity": "w_7", "value": "inf", "text": "..."}
 * (trial and t_ms null when not known); null for no failure. */
void task_failure_json(const struct task_failure *f, strbuf *out);

/*
 * Replay: an experiment's inputs read from a file instead of drawn
 * (replay.c).  One CSV file holds every experiment of a run, a row per
 * value:
 *
 *     # comments, anywhere
 *     experiment,kind,pattern,index,value
 *     0,spike,,3,12.5          experiment 0: input 3 spikes at 12.5 ms
 *     0,teacher,,3,-4.25       its teacher weight (error task), pA
 *
 * Each family lists the kinds of row it needs in a table of
 * task_replay_kind (what the pattern and index columns count, how many
 * rows there must be, what the value is), which drives the reader's
 * checks, `e2l tasks show` and the docs.  `e2l run --record DIR` writes
 * DIR/inputs.csv in this format through the recorder's inputs callback.
 */
typedef enum {
	TASK_ROWS_ANY,          /* any number (spikes) */
	TASK_ROWS_EACH,         /* exactly one per value of its pattern or
				 * index column; one per experiment with
				 * neither */
	TASK_ROWS_SOME          /* at most one per value of its column */
} task_replay_count;

typedef enum {
	TASK_VALUE_TIME,        /* ms: finite, >= 0, within the run (the
				 * family's replay_span), and not
				 * decreasing along one input's rows */
	TASK_VALUE_REAL,        /* any finite number */
	TASK_VALUE_SIGN,        /* -1 or 1 */
	TASK_VALUE_BELOW,       /* a whole number from 0 below parameter
				 * `bound` */
	TASK_VALUE_SEED         /* a whole number 0 .. 4294967295 */
} task_replay_value;

typedef struct {
	const char *name;       /* the kind column: "spike" */
	/* The parameters that bound the pattern and index columns
	 * ("patterns", "inputs", "trials"), their names without the final
	 * s naming one value ("input 3"); NULL: the column stays empty. */
	const char *pattern;
	const char *index;
	task_replay_count rows;
	task_replay_value value;
	const char *bound;      /* TASK_VALUE_BELOW: the parameter */
	const char *unit;       /* of the value: "ms", "pA", "" */
	const char *help;       /* one line */
} task_replay_kind;

/* A replay file as read (opaque; shared by copies of a configuration,
 * immutable once loaded). */
typedef struct task_replay task_replay;

/* How the two parameters of a task_constraint must relate. */
typedef enum {
	TASK_LE,        /* a <= b: the two ends of a range */
	TASK_LT,        /* a < b: a duration that must end inside another */
	TASK_GE,        /* a >= b: a duration that must hold a step b = h */
	TASK_NE,        /* a and b differ by more than a millionth of b */
	TASK_STEPS,     /* a / b <= TASK_STEPS_MAX: a duration of b steps */
	TASK_TEST       /* computed by test() */
} task_relation;

enum {
	/* Steps of one trial or run where the task counts in int. */
	TASK_STEPS_MAX = 1000000000,
	/* Input spikes one experiment holds in memory at once. */
	TASK_SPIKES_MAX = 100000000
};

/*
 * What a family's parameters require of each other, beyond each one's
 * own range: a table per family, read by task_config_check whenever a
 * configuration is loaded, changed or run.  Most entries are a relation
 * between two parameters, worded by config.c from the table ("rate_min
 * = 900 Hz is above rate_max = 850 Hz: rate_min must be at most rate_max
 * (...why)").  The rest (TASK_TEST) compute their condition with the
 * family's own arithmetic and write their own message.
 */
typedef struct {
	/* The relation's two parameters; for TASK_TEST, the parameters the
	 * test reads (up to four), so that an error in a task file can name
	 * the line that set the last of them. */
	const char *p[4];
	task_relation rel;
	const char *why;        /* what goes wrong otherwise, briefly */
	/* TASK_TEST: 1 when cfg satisfies it; 0 with the message, naming
	 * the parameters, their values and what would be valid, in msg.
	 * A constraint that holds only for some choice of a parameter is a
	 * test that reads it. */
	int (*test)(const struct task_config *cfg, char *msg, size_t size);
} task_constraint;

/*
 * What the front ends read about a family besides its parameters: its
 * variables, its fitness, its trials, the panels its runs fill and its
 * exporters.  Views, `tasks show`, `tasks doc` and `export` read these
 * records and know no family by name (doc/architecture.md).
 */

/* One rule variable, vars[i] described by var_info[i]. */
typedef struct {
	const char *unit;               /* "mV", "" (a pure number) */
	const char *help;               /* one line: what it is, its sign */
} task_var;

/* What one experiment's fitness value measures; aggregate_min says how
 * experiments combine. */
typedef struct {
	const char *what;               /* "reward summed over the trials" */
	const char *unit;               /* "", "mV" */
	int lower_better;               /* 0: higher is better (what the
					 * evolution maximises: a measure
					 * that is better low is reported
					 * negated, as the error task's) */
	/* What a run view says under the number, in under 70 characters,
	 * which is better included ("SNR, the potential in the pattern vs
	 * its noise outside; higher is better"); NULL: `what`. */
	const char *brief;
} task_fitness;

/* How a family's spikes are drawn. */
typedef enum {
	TASK_RASTER_NONE,               /* it reports no spikes */
	TASK_RASTER_TRIALS,             /* trial by trial, side by side, each
					 * trial_param ms long */
	TASK_RASTER_RUN                 /* the last raster_ms of one run */
} task_raster;

/* Where a line's points come from. */
typedef enum {
	TASK_FROM_SAMPLE,               /* recorder samples of that name:
					 * (t ms, value) */
	TASK_FROM_TRIAL_SUM             /* a trial scalar summed over the
					 * trials: (trial, running sum) */
} task_source;

/* How a line is drawn, so that lines read apart without colour (a
 * legend shows each style beside its label). */
typedef enum {
	TASK_SOLID,                     /* a line */
	TASK_DOTTED,                    /* sparse dots: a group's members
					 * behind their mean, or a second
					 * line told apart from a solid one */
	TASK_DASHED,                    /* dashes: a target the others
					 * should reach (the teacher's) */
	TASK_BOLD                       /* a doubled line: a group's mean */
} task_style;

/* A line, or a numbered group of lines, of a curve. */
typedef struct {
	/* A sample name ("u"), or a prefix ending in '_' for a group:
	 * "w_" is w_0, w_1, ... (the number names an input). */
	const char *name;
	/* The legend.  A group without one shows each line in its own
	 * colour, named by its sample ("w3"); a group with one, all its
	 * lines in one colour under this name (pattern vs background). */
	const char *label;
	task_source from;
	/* Series of one curve with the same label share its colour and
	 * one legend entry (a group's members and its mean). */
	task_style style;
} task_series;

enum { TASK_CURVE_SERIES = 4 };

/* A plot a family's runs fill. */
typedef struct {
	const char *title;              /* "weights" */
	const char *yunit, *xunit;      /* "pA"; "ms" or "trial" */
	int recent;                     /* 1: the latest stretch only (a
					 * potential), 0: the whole run */
	/* Which plots get room first: rank 1 is the learning curve, shown
	 * alone in the big layout; then 2, 3, ... as the width allows.
	 * They stand in the order of the table. */
	int rank;
	task_series series[TASK_CURVE_SERIES];
} task_curve;

/* The panels a family's runs can fill (the run view, live.c). */
typedef struct {
	task_raster raster;
	double raster_ms;               /* TASK_RASTER_RUN: the span, ms */
	/* TASK_RASTER_TRIALS: the trial scalars (recorder->trial) holding
	 * a trial's class and the network's answer (+1/-1), and its score,
	 * the last scalar of a trial ("reward"), summed in the title. */
	const char *label, *answer, *score;
	const task_curve *curves;
	int ncurves;
	/* TASK_RASTER_RUN: a sample that is 1 while the stimulus the task is
	 * about is on and 0 once it is off ("pattern"); the raster shades
	 * those stretches under its name.  NULL: none. */
	const char *window;
	/* 1 + the index of the curve whose labelled groups name the inputs
	 * (w_pattern_J and w_background_J: input J), recorded before the
	 * first spike: the raster draws a few inputs of each group in a
	 * band of its own, in the curve's order.  0: inputs in their
	 * order. */
	int bands;
	/* 1: the output never spikes in this task (the error task's student
	 * follows a potential): the raster has no output row. */
	int no_output;
	/* The title of the curve that shows learning over a run (the
	 * cumulative reward, the error over time, the mean weight): what
	 * `compare` overlays across experiments.  NULL: none. */
	const char *learning;
} task_view;

/* The format and summary of a Brian2 exporter: { TASK_BRIAN2, fn }. */
#define TASK_BRIAN2 \
	"brian2", "Brian2 (https://brian2.readthedocs.io) snippet"

/* A text form of a family's rules beyond the formula printers (latex,
 * c, python): a simulator's snippet (`export RULE brian2`). */
typedef struct {
	const char *format;             /* "brian2" */
	const char *summary;            /* one line */
	/* Appends the rule (texts[i]: formula i, as written) to out, after
	 * the header task_export writes ("# SUMMARY for the e2l rule NAME,
	 * task family F.").  The formulas parse: task_export checks. */
	void (*write)(strbuf *out, const char *const *texts);
} task_exporter;

/* A family of tasks, registered in task_families[]. */
typedef struct task_family {
	const char *name;               /* "error" */
	const char *summary;            /* one line */
	const task_param *params;
	int nparams;
	/* Variables a rule may use, in the paper's x_0, x_1, ... order;
	 * var_info[i] says what vars[i] is. */
	const char *const *vars;
	const task_var *var_info;
	int nvars;
	/* Formulas a rule has: { "formula" }, or { "facilitate", "depress" }. */
	const char *const *formulas;
	int nformulas;
	/* How they change a weight, with their signs: one line. */
	const char *update;
	/* Runs experiment `index` (0-based) of a fitness evaluation; seed
	 * is that experiment's own seed.  Fills *value with its fitness
	 * contribution (-INFINITY when the rule produced a non-finite
	 * value), and then says in *fail (task_fail; fail may be NULL)
	 * where and what went non-finite.  Must be safe to call from
	 * several threads at once. */
	e2l_status (*experiment)(const struct task_config *cfg,
				 const struct task_rule *rule, uint64_t seed,
				 int index, struct task_recorder *rec,
				 double *value, struct task_failure *fail,
				 e2l_error *err);
	int aggregate_min;              /* 1: fitness = min over experiments,
					 * 0: mean */
	/* Experiments a validation runs by default: enough to resolve the
	 * differences between the paper's rules (0: the task's own count). */
	int validate_experiments;
	/* A value below which an experiment counts as failed, reported as a
	 * share beside the mean (the correlation task's SNR < 10); NaN or 0
	 * with poor_note NULL: none. */
	double poor_below;
	const char *poor_note;          /* "SNR < 10" */
	/* What the parameters require of each other (may be empty). */
	const task_constraint *constraints;
	int nconstraints;
	/* The rows of its replay files (its `replay` parameter), and how
	 * long a run is, ms: a later spike time is an error. */
	const task_replay_kind *replay;
	int nreplay;
	double (*replay_span)(const struct task_config *cfg);
	task_fitness fitness;
	/* Trials: the parameter that is one trial's length in ms ("T"), or
	 * NULL for one long run (spikes then come with trial -1). */
	const char *trial_param;
	task_view view;
	const task_exporter *exporters;
	int nexporters;
} task_family;

extern const task_family *const task_families[];   /* NULL-terminated */
const task_family *task_family_find(const char *name);
/* A parameter's value v as text: the word of an enumerated parameter,
 * else the number: when exact, the shortest of %.15g, %.16g and %.17g
 * that reads back the same (0.1, not 0.10000000000000001); %g for people
 * (whole-number parameters in full).  buf holds at least 32
 * bytes. */
void task_value_text(const task_param *p, double v, int exact, char *buf,
		     size_t n);

/* A decimal number as task and replay files write one (no hexadecimal,
 * inf or nan, nothing after it; read the same in any locale): 0 and
 * *out, or -1 with a short reason ("not a number", ...) in *why. */
int task_parse_number(const char *s, double *out, const char **why);

/* Index of a parameter by name, or -1. */
int task_param_index(const task_family *f, const char *name);

/* Parameter i of cfg as text: task_value_text's for a number or a word
 * (buf, at least 32 bytes), else the text parameter's own text: its path
 * as given ("" when unset) or, with exact, one that reads back the same
 * from any directory (absolute).  Valid while cfg is unchanged. */
const char *task_config_text(const struct task_config *cfg, int i,
			     int exact, char *buf, size_t n);
/*
 * Reading a family's record (family.c).
 */
/* Appends what `tasks show` says of f before its parameters: the
 * variables with meaning and unit, the formulas, the fitness, the trials,
 * the panels and the exporters; as Markdown for `tasks doc`. */
void task_family_describe(const task_family *f, int markdown, strbuf *out);
/* What a word means, from the family records, appended to out: a rule
 * variable (each family that has it: unit and meaning), a formula's name
 * (how it changes a weight, with its sign), a family ("error"),
 * "variables" (all of them) or "fitness" (each family's).  0 when the
 * word is none of these. */
int task_glossary(const char *word, strbuf *out);
/* A trial's length in ms under cfg (its family's trial_param), or 0 for
 * a family that runs one long stretch. */
double task_trial_ms(const struct task_config *cfg);
/* Is series s a group ("w_": w_0, w_1, ...), not one line? */
int task_series_group(const task_series *s);
/* Whether sample `name` belongs to series s: 0 for its plain name, the
 * number of a group member ("w_12": 12), or -1. */
int task_series_index(const task_series *s, const char *name);
/* Series of curve cv that share series k's label share one colour and
 * one legend entry: the colour of the first of them (task_curve_hue) and
 * the legend of the most visible style among them (task_curve_legend:
 * bold over solid over dashed over dotted).  k itself without a label. */
int task_curve_hue(const task_curve *cv, int k);
int task_curve_legend(const task_curve *cv, int k);

/*
 * Exporters (export.c).
 */
/* Rule `name` of family f (texts[i]: formula i) in `format` (one of
 * f->exporters) appended to out.  E2L_EUNKNOWN when f has no such
 * exporter, E2L_ESYNTAX (with the parser's message) when a formula does
 * not parse; out is unchanged then. */
e2l_status task_export(const task_family *f, const char *format,
		       const char *name, const char *const *texts,
		       strbuf *out, e2l_error *err);
/* ", brian2" for each of f's exporters, into buf (size n): the formats
 * a message lists. */
void task_export_formats(const task_family *f, char *buf, size_t n);
/* Formula text printed in syntax with whole-word variables renamed,
 * from[i] to to[i] in turn (a copy of text when it does not parse).
 * The caller frees.  For exporters. */
char *task_export_renamed(const char *text, expr_syntax syntax, int n,
			  const char *const *from, const char *const *to);

/* A family with a value for every parameter. */
typedef struct task_config {
	const task_family *family;
	double *values;                 /* values[i] for family->params[i] */
	char **texts;                   /* texts[i] for a text parameter
					 * (NULL: empty), else NULL */
	task_replay *replay;            /* the `replay` file, read; NULL:
					 * inputs are generated */
	char *name;                     /* "error", or the file's stem */
	char *path;                     /* the task file, or NULL */
} task_config;

void task_config_default(task_config *cfg, const task_family *f);
/* The whole configuration as one JSON object, for results that say how
 * they were made: {"family", "name", "file", "parameters": {every
 * parameter: its exact value}}. */
void task_config_json(const task_config *cfg, strbuf *out);
/* A copy of src that the caller frees with task_config_free. */
void task_config_copy(task_config *dst, const task_config *src);
/*
 * Reads a task file (a regular file of at most E2L_TEXT_MAX bytes; a
 * UTF-8 byte order mark is skipped): `family = NAME` first, then `key =
 * value` lines, `#` comments.  Unknown keys (with a suggestion), bad
 * values, values out of range and parameters that contradict each other
 * (task_config_check) are E2L_ESYNTAX / E2L_EINVALID, an unknown family
 * E2L_EUNKNOWN, a line over 4096 bytes E2L_ELIMIT; a file that cannot be
 * read, or is not a regular file, E2L_EIO.  err->msg already starts with
 * "PATH:LINE: " (or "PATH: " where no line applies) and err->line and
 * err->col are set, so front ends print err->msg alone.  On error cfg is
 * left zeroed.
 */
e2l_status task_config_load(const char *path, task_config *cfg,
			    e2l_error *err);
/* Sets one parameter from text (a decimal number, a word of its
 * choices, or a text parameter's path: a replay file is read at once,
 * its path relative to the task file's directory when it comes from one)
 * with the same checks as in a file, then checks the whole
 * configuration (task_config_check); cfg is unchanged on error.  To
 * change several parameters that depend on each other in any order, use
 * task_config_put for each, then task_config_check once. */
e2l_status task_config_set(task_config *cfg, const char *key,
			   const char *value, e2l_error *err);
/* task_config_set without the check against the other parameters: the
 * value itself is still checked.  cfg may then contradict itself until
 * task_config_check passes (task_evaluate refuses it meanwhile). */
e2l_status task_config_put(task_config *cfg, const char *key,
			   const char *value, e2l_error *err);
/* Every constraint of cfg's family (task_constraint): E2L_EINVALID for
 * the first that fails, its message naming the parameters, their values
 * and what would be valid; then the replay file against the parameters
 * (task_replay_check). */
e2l_status task_config_check(const task_config *cfg, e2l_error *err);
/* A parameter's value by name (the name must exist). */
double task_get(const task_config *cfg, const char *name);
void task_config_free(task_config *cfg);

/*
 * A rule's text form: its formulas in the family's order, joined by
 * TASK_RULE_SEP ("f ; d" for the correlation task's pair).  Rule files,
 * the workbench, the command line and the run directory's keys all write
 * and read it through these two functions.
 */
#define TASK_MAX_FORMULAS 2             /* the most a family has */
#define TASK_RULE_SEP " ; "
/* texts[0..n-1] joined by TASK_RULE_SEP; the caller frees it. */
char *task_rule_text_join(const char *const *texts, int n);
/* Splits text in place at each ';' into texts[] (pointers into text,
 * blanks trimmed; a leading line break stays, so that a formula's line
 * numbers stay those of text); returns how many, or -1 when more than
 * max. */
int task_rule_text_split(char *text, char **texts, int max);

/* A rule for a family: its formula(s), compiled over the family's
 * variables.  The paper's x_0, x_1, ... are accepted as aliases. */
typedef struct task_rule {
	const task_family *family;
	char *name;                     /* "LR0", a file stem, or the formula */
	char *source;                   /* where it comes from, or NULL */
	expr_arena *arena;
	const expr *formula[TASK_MAX_FORMULAS]; /* aliases (x_0, ...) renamed */
	prog *program[TASK_MAX_FORMULAS];       /* compiled over family->vars */
	/* The same formula written in C, used instead of the program when
	 * set: the benchmarks' ceiling.  Same contract as prog_eval_array. */
	int (*native[TASK_MAX_FORMULAS])(const prog_arg *args, size_t n,
					 double *out);
	/* How program[] runs (expr.h): EXPR_REAL as parsed; task_evaluate
	 * runs a copy under its configuration's task_semantics. */
	expr_semantics semantics;
} task_rule;

/* Formula i of a rule over a block (see prog_eval_array_sem). */
static inline int task_rule_eval(const task_rule *r, int i,
				 const prog_arg *args, size_t n, double *out,
				 double *work)
{
	if (r->native[i])
		return r->native[i](args, n, out);
	return prog_eval_array_sem(r->program[i], r->semantics, args, n, out,
				   work);
}

/* Every family's `replay` parameter: { TASK_REPLAY_PARAM }. */
#define TASK_REPLAY_PARAM "replay", 0, "", 0, 0, TASK_PARAM_TEXT, NULL, \
	"a file of inputs to run on instead of generated ones (format: " \
	"below; --record writes one); empty: generated"

/* Every family's `semantics` parameter, differing only in its default
 * (0 real, 1 nest): { "semantics", DEFAULT, TASK_SEMANTICS_PARAM }. */
#define TASK_SEMANTICS_PARAM "", 0, 1, 0, "real|nest", \
	"rule arithmetic: real (x^y with x < 0, y fractional is NaN) or " \
	"nest (its complex principal value's real part: the paper's NEST)"

/* The rule semantics cfg asks for: its family's `semantics` parameter
 * (real|nest), or EXPR_REAL for a family without one.  Every family's
 * experiments see it through task_rule_eval. */
expr_semantics task_semantics(const task_config *cfg);
/* A family's default semantics (its parameter's default). */
expr_semantics task_family_semantics(const task_family *f);

/* texts[i] is the formula named family->formulas[i]. */
e2l_status task_rule_parse(task_rule *rule, const task_family *f,
			   const char *const *texts, const char *name,
			   e2l_error *err);
/* Reads a rule file (read as task files are): `task = FAMILY`, `formula
 * = ...` (or `facilitate` and `depress`), optional `name` (default: the
 * file's stem) and `source`, in any order.  Errors carry PATH:LINE:COL in
 * err->msg. */
e2l_status task_rule_load(const char *path, task_rule *rule,
			  e2l_error *err);
void task_rule_free(task_rule *rule);

/*
 * What a run can report as it goes.  Every callback may be NULL; they are
 * called from the thread that runs the experiment, with the experiment's
 * index.  The CSV writer, the live view and the tests implement it.
 */
typedef struct task_recorder {
	void *ctx;
	/* A spike: which = -1 for the output neuron, else the input index;
	 * t in ms from the start of the trial (trial -1: one long run). */
	void (*spike)(void *ctx, int exp, int trial, int which, double t);
	/* A trace sample: name ("u", "v", "w_3"), its unit ("mV", "pA"),
	 * time in ms, value. */
	void (*sample)(void *ctx, int exp, const char *name, const char *unit,
		       double t, double value);
	/* End of a trial: decision, label, reward (reward task), or any
	 * per-trial scalars the family defines, by name. */
	void (*trial)(void *ctx, int exp, int trial, const char *name,
		      double value);
	/* The inputs the experiment runs on, all at once before it starts:
	 * rows of its family's replay format (task_replay_put, no header).
	 * Written after task_replay_header(f), they replay the run bit for
	 * bit, whatever the rule. */
	void (*inputs)(void *ctx, int exp, const struct task_family *f,
		       const char *rows, size_t len);
	/* Progress: fraction of this experiment done, 0..1. */
	void (*progress)(void *ctx, int exp, double done);
	/* When *stop becomes non-zero (set from any thread), experiments
	 * end at their next trial or stretch and the evaluation returns
	 * E2L_ESTOPPED.  May be NULL. */
	volatile int *stop;
	/* Experiments 0 .. detailed-1 get every callback; the others only
	 * progress (and stop).  0: every experiment is recorded. */
	int detailed;
	/* With detailed: experiments detail_from .. detailed - 1 only (the
	 * run view following experiment K). */
	int detail_from;
} task_recorder;

static inline int task_stopped(const task_recorder *r)
{
	return r && r->stop && *r->stop;
}

typedef struct {
	uint64_t seed;                  /* base seed; experiment k uses a
					 * stream derived from (seed, k) */
	int experiments;                /* 0: the `experiments` parameter */
	int threads;                    /* 0: one per core */
	task_recorder *rec;             /* may be NULL */
} task_options;

typedef struct {
	double fitness;                 /* mean or min over experiments;
					 * -inf when one blew up */
	double mean, sd;                /* of values[]; NaN (undefined)
					 * when one is not finite */
	double *values;                 /* one per experiment */
	int n;
	int nonfinite;                  /* values that are not finite */
	int first_nonfinite;            /* the first of them; -1: none */
	/* Why: failures[k] for experiment k (failures[k].experiment -1
	 * where it ran to a finite value); NULL from task_aggregate alone,
	 * which has only the values. */
	task_failure *failures;
	double seconds;                 /* wall time */
} task_result;

/* The first experiment of res that blew up, or NULL. */
const task_failure *task_result_failure(const task_result *res);

/* Runs the experiments (in parallel; the result does not depend on the
 * number of threads) and aggregates them.  A configuration that fails
 * task_config_check is refused before anything runs. */
e2l_status task_evaluate(const task_config *cfg, const task_rule *rule,
			 const task_options *opts, task_result *res,
			 e2l_error *err);
/* The same for n rules at once on one pool (res[i] for rules[i]): an
 * evolution's offspring and their experiments share the cores. */
e2l_status task_evaluate_many(const task_config *cfg,
			      const task_rule *const *rules, int n,
			      const task_options *opts, task_result *res,
			      e2l_error *err);
void task_result_free(task_result *res);

/* ---- Replay files (replay.c) --------------------------------------- */

/*
 * Reads a replay file for family f: a regular file, lines of at most
 * TASK_REPLAY_LINE_MAX bytes, at most TASK_SPIKES_MAX rows.  Everything
 * that does not depend on the parameters is checked here: the header,
 * five fields a row, known kinds, whole numbers where the columns count,
 * finite values of the kind's type, no second row where one is allowed,
 * each input's times not decreasing.  Errors are "PATH:LINE: reason"
 * (E2L_ESYNTAX for the form, E2L_EINVALID for the values, E2L_ELIMIT,
 * E2L_EIO "PATH: reason").  *out holds one reference.
 */
enum { TASK_REPLAY_LINE_MAX = 256 };
e2l_status task_replay_load(const char *path, const task_family *f,
			    task_replay **out, e2l_error *err);
/* Another reference to r (for a copy of a configuration). */
task_replay *task_replay_ref(task_replay *r);
/* Drops a reference; the last frees r.  NULL is fine. */
void task_replay_free(task_replay *r);
/* r against cfg's parameters: indices within their bounds (inputs,
 * patterns, trials), times within the run, every row a kind needs. */
e2l_status task_replay_check(const task_replay *r, const task_config *cfg,
			     e2l_error *err);
/* r holds experiments 0 .. n-1: E2L_EINVALID unless n is the run's. */
e2l_status task_replay_check_count(const task_replay *r, int n,
				   e2l_error *err);
const char *task_replay_path(const task_replay *r, int absolute);
/* FNV-1a 64 of the file's bytes: a fitness cache's key. */
uint64_t task_replay_digest(const task_replay *r);

/* The rows of one kind (index into family->replay) in one experiment,
 * in file order; pattern and index are NULL where the kind has no such
 * column. */
typedef struct {
	size_t n;
	const double *value;
	const int32_t *pattern;
	const int32_t *index;
} task_replay_rows;

void task_replay_get(const task_replay *r, int exp, int kind,
		     task_replay_rows *out);

/* Writing: the comment that documents family f's rows and the header
 * line; then one row (pattern, index: -1 for an empty column), its value
 * written so that it reads back the same (times to 15 digits, which
 * round to the same step). */
void task_replay_header(const task_family *f, strbuf *out);
void task_replay_put(strbuf *out, int exp, const task_replay_kind *k,
		     int pattern, int index, double value);
/* The format and f's kinds for people, as plain text or Markdown. */
void task_replay_describe(const task_family *f, int markdown, strbuf *out);
/*
 * The parts of task_evaluate_many, for a caller that schedules the work
 * itself (the evolution's MPI farm): task_unit runs experiment k of rule
 * under cfg's semantics with the seed task_experiment_seed(seed, k) and
 * puts its contribution in *value; task_aggregate turns values[0 .. n)
 * into res (mean or minimum, NaN as -inf; res->values is res's, freed
 * by task_result_free).  The same units aggregated in the same order
 * give the same result bit for bit, wherever each ran.
 */
/* What task_evaluate_many checks before it runs `experiments` (0: the
 * parameter's count): cfg's constraints (task_config_check) and, with a
 * replay file, that it holds exactly as many experiments. */
e2l_status task_runnable(const task_config *cfg, int experiments,
			 e2l_error *err);
e2l_status task_unit(const task_config *cfg, const task_rule *rule,
		     uint64_t seed, int k, task_recorder *rec, double *value,
		     e2l_error *err);
void task_aggregate(const task_config *cfg, const double *values, int n,
		    task_result *res);

/* Seed of experiment k: a fixed mixing of the base seed and k, so that
 * experiments are independent streams and validation seeds are distinct
 * from evolution seeds. */
uint64_t task_experiment_seed(uint64_t base, int k);
/* Validation experiments take their base seed from the given one xor
 * this salt, so they never coincide with the experiments rules were
 * evolved or tuned on (`e2l validate`, `--validate`, exercises). */
#define TASK_VALIDATION_SALT UINT64_C(0x76616c6964617465)

/*
 * Statistics over experiments (compare.c).  Every statistic over a set
 * holding a non-finite value is NaN (undefined), and nonfinite says how
 * many there were.
 */
typedef struct {
	int n;                          /* values */
	int nonfinite;                  /* of them -inf, inf or NaN */
	int first_nonfinite;            /* the index of the first; -1 */
	double mean, sd;                /* sd: sample SD (n - 1) */
	double median, min, max;
	double below;                   /* share of values < threshold;
					 * NaN without a threshold */
} task_summary;

/* Summarises values[0..n-1]; threshold may be NAN. */
void task_summarize(const double *values, int n, double threshold,
		    task_summary *s);

/* Below this many paired experiments no verdict is drawn. */
enum { TASK_COMPARE_MIN_N = 5 };

/* Rule a against baseline b on the same n experiments (a[k], b[k] from
 * experiment k).  Differences are a - b; higher fitness is better. */
typedef struct {
	int n, nonfinite;
	int first_nonfinite;            /* the first experiment where a or
					 * b is not finite; -1: none */
	int wins, losses, ties;         /* experiments where a > b, <, = */
	double diff_mean, diff_sd;      /* of a[k] - b[k] */
	double ci_low, ci_high;         /* 95% CI of the mean difference */
	double t_paired, p_paired;      /* paired t-test, two-sided */
	double t_welch, df_welch, p_welch;  /* Welch's, as if unpaired */
} task_comparison;

void task_compare(const double *a, const double *b, int n,
		  task_comparison *c);
/* A statistic as text: x in the printf format fmt (one double) when it
 * is finite; else "undefined", saying why when some of the values it
 * came from were not (nonfinite of them, the first experiment `first`):
 * "undefined (experiment 3 blew up)", "undefined (4 experiments blew
 * up, the first experiment 3)".  Never "nan", "-inf" or "-inf +- 0". */
void task_stat_text(double x, const char *fmt, int nonfinite, int first,
		    char *buf, size_t n);
/* One line: "the rule is better", "no significant difference", "too few
 * experiments to conclude", ... at significance level alpha (paired). */
const char *task_compare_verdict(const task_comparison *c, double alpha);

/*
 * A learning curve over experiments (band.c): the family's learning
 * curve (cumulative reward, error over time, mean weight) of every experiment,
 * read at npoints points of the stretch all of them cover, and its mean
 * and SD across experiments there.  Rules run with the same options get
 * the same grid.  npoints 0 when an experiment left no curve or its
 * value is not finite (the rule blew up): the band is then undefined.
 */
typedef struct {
	const task_curve *curve;        /* its title and units */
	const task_series *series;      /* the line it follows */
	int npoints;
	double *x;                      /* curve->xunit */
	double *mean, *sd;              /* curve->yunit */
} task_band;

/* The family's learning curve (task_view.learning) and (series) its
 * first single line; NULL if none. */
const task_curve *task_learning_curve(const task_family *f,
				      const task_series **series);
/* Evaluates rule as task_evaluate does (res filled alike), recording
 * its learning curve; band's arrays are the caller's to free
 * (task_band_free). */
e2l_status task_band_evaluate(const task_config *cfg, const task_rule *rule,
			      const task_options *opts, int npoints,
			      task_band *band, task_result *res,
			      e2l_error *err);
void task_band_free(task_band *band);
/* The band of n curves recorded some other way (the run view's, live.c):
 * curve e is (x[e][i], y[e][i]) for i < len[e], x ascending.  Read at
 * band->npoints points of the stretch all of them cover (npoints set 0
 * when one is empty or they share none); band's arrays are allocated
 * and the caller's to free. */
void task_band_fill(task_band *band, int n, const double *const *x,
		    const double *const *y, const int *len);

/* The reports of run and validate (report.c), text or (json) one JSON
 * object, appended to o.  typed: the rule is a formula typed in place
 * (no name to show); seed and validate as the evaluation ran. */
void task_run_report(strbuf *o, const task_config *cfg,
		     const task_rule *rule, const task_result *res,
		     uint64_t seed, int validate, int typed, int json);
void task_validation_report(strbuf *o, const task_config *cfg, uint64_t seed,
			    const char *rule, const task_result *a,
			    const char *base, const task_result *b, int json);
/* Experiments a validation runs unless told: the family's size for
 * resolving the paper's effects, or 0 (the task's own count) on a
 * replay file. */
int task_validation_size(const task_config *cfg);

/* doc/tasks.md, appended to o (doc.c). */
void task_doc_markdown(strbuf *o);

#endif
