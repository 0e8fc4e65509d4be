/*
 * bench_eval.c - how fast a compiled rule runs: evaluations per second of
 * prog_eval_array over blocks of PROG_BLOCK synapses, beside the same
 * formula written by hand as a C loop and built with the same flags, in
 * the same run on the same data.
 *
 * The formulas are the paper's rules with the bindings their tasks use:
 * in the reward task R, Rbar, Rbar_plus and Rbar_minus are one value per
 * trial and E is one value per synapse; in the error task v and u belong
 * to the one neuron and s to each synapse; in the correlation task w and k
 * are both per synapse.  Before timing, each pair must agree to a relative
 * 1e-12, or the program says so and exits 1.
 *
 * Each rule runs under both rule semantics (expr.h), side by side: real,
 * and nest, which costs extra only where an element's real value is NaN
 * (run again in complex arithmetic).  So the power rule (w k)^w - 1 runs
 * also on weights of which a share is below 0, as facilitation without a
 * lower clip leaves them now and then: there real gives NaN, nest the
 * real part of the principal value.  Under nest the program must give the
 * real value wherever that is not NaN, bit for bit.  The cost of nest is
 * the share of such elements: the last line sums it up for the power rule
 * (in the task, where few weights are below 0 at any time, bench_tasks
 * measures it on the paper's LR2).  Times are CPU times.
 *
 * Usage: bench_eval [--quick]   (--quick times 0.02 s a figure, not 0.2)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "e2l/expr.h"

enum {
	NSYN = 4096,           /* synapses, cycled through a block at a time */
	NBLOCKS = NSYN / PROG_BLOCK,
	REPEATS = 5            /* timings per figure; the best one counts */
};

/* Every input of every task: scalars per trial (or neuron), arrays per
 * synapse. */
typedef struct {
	double R;              /* reward, -1 or 1 */
	double Rbar;           /* running mean of R */
	double Rbar_plus;      /* running means of the positive and ... */
	double Rbar_minus;     /* ... negative rewards */
	double v, u;           /* membrane potentials, mV */
	const double *E;       /* eligibility trace, per synapse */
	const double *s;       /* presynaptic activity, per synapse */
	const double *w;       /* weight, per synapse */
	const double *k;       /* correlation, per synapse */
} inputs;

/* ---- The rules written by hand, as one would in C ---------------- */

static void reward_1(const inputs *x, double *out, size_t n)
{
	const double R = x->R, *E = x->E;
	for (size_t i = 0; i < n; i++)
		out[i] = (R - 1.0) * E[i];
}

static void reward_2(const inputs *x, double *out, size_t n)
{
	const double R = x->R, *E = x->E;
	for (size_t i = 0; i < n; i++)
		out[i] = R * E[i];
}

static void reward_3(const inputs *x, double *out, size_t n)
{
	const double R = x->R, Rp = x->Rbar_plus, Rm = x->Rbar_minus;
	const double *E = x->E;
	for (size_t i = 0; i < n; i++)
		out[i] = (R - Rp + Rm) * E[i];
}

static void reward_4(const inputs *x, double *out, size_t n)
{
	const double R = x->R, Rp = x->Rbar_plus, Rm = x->Rbar_minus;
	const double *E = x->E;
	for (size_t i = 0; i < n; i++)
		out[i] = (R - Rp + Rm) * E[i] / (1.0 + Rp);
}

static void reward_5(const inputs *x, double *out, size_t n)
{
	const double R = x->R, Rp = x->Rbar_plus, *E = x->E;
	for (size_t i = 0; i < n; i++)
		out[i] = (R - 1.0) * E[i] + (R - 1.0) * (R + 2.0 * Rp);
}

static void error_1(const inputs *x, double *out, size_t n)
{
	const double v = x->v, u = x->u, *s = x->s;
	for (size_t i = 0; i < n; i++)
		out[i] = (v - u) * s[i];
}

static void error_2(const inputs *x, double *out, size_t n)
{
	const double v = x->v, u = x->u, *s = x->s;
	for (size_t i = 0; i < n; i++)
		out[i] = 2.0 * (v - u) * s[i];
}

static void error_3(const inputs *x, double *out, size_t n)
{
	const double v = x->v, u = x->u, *s = x->s;
	for (size_t i = 0; i < n; i++)
		out[i] = s[i] * (v - u) * (2.0 * u - 1.0) / v;
}

static void error_4(const inputs *x, double *out, size_t n)
{
	const double v = x->v, u = x->u, *s = x->s;
	for (size_t i = 0; i < n; i++)
		out[i] = s[i] * (v + u) * (v * (v - u) - s[i]) / (v * v);
}

static void corr_1(const inputs *x, double *out, size_t n)
{
	const double *w = x->w, *k = x->k;
	for (size_t i = 0; i < n; i++)
		out[i] = k[i] - w[i];
}

static void corr_2(const inputs *x, double *out, size_t n)
{
	const double *w = x->w, *k = x->k;
	for (size_t i = 0; i < n; i++)
		out[i] = w[i] * k[i] - w[i] - k[i];
}

static void corr_3(const inputs *x, double *out, size_t n)
{
	const double *w = x->w, *k = x->k;
	for (size_t i = 0; i < n; i++)
		out[i] = pow(w[i] * k[i], w[i]) - 1.0;
}

static void corr_4(const inputs *x, double *out, size_t n)
{
	const double *w = x->w, *k = x->k;
	for (size_t i = 0; i < n; i++)
		out[i] = k[i] / w[i] - w[i];
}

/* ---- The cases ---------------------------------------------------- */

enum { TASK_REWARD, TASK_ERROR, TASK_CORR };

/* Each task's inputs in the order the program is compiled with. */
static const struct {
	const char *name;
	int nvars;
	const char *vars[5];
} tasks[] = {
	[TASK_REWARD] = { "reward", 5,
			  { "R", "Rbar", "Rbar_plus", "Rbar_minus", "E" } },
	[TASK_ERROR] = { "error", 3, { "v", "u", "s" } },
	[TASK_CORR] = { "correlation", 2, { "w", "k" } },
};

/* Weights: all in (0.05, 1], or this many in a thousand in [-0.05, 0). */
enum { W_POSITIVE = 0 };

static const struct {
	int task;
	const char *formula;
	void (*hand)(const inputs *x, double *out, size_t n);
	int negative;          /* weights below 0, per thousand */
} cases[] = {
	{ TASK_REWARD, "(R - 1)*E", reward_1, W_POSITIVE },
	{ TASK_REWARD, "R*E", reward_2, W_POSITIVE },
	{ TASK_REWARD, "(R - Rbar_plus + Rbar_minus)*E", reward_3,
	  W_POSITIVE },
	{ TASK_REWARD, "(R - Rbar_plus + Rbar_minus)*E/(1 + Rbar_plus)",
	  reward_4, W_POSITIVE },
	{ TASK_REWARD, "(R - 1)*E + (R - 1)*(R + 2*Rbar_plus)", reward_5,
	  W_POSITIVE },
	{ TASK_ERROR, "(v - u)*s", error_1, W_POSITIVE },
	{ TASK_ERROR, "2*(v - u)*s", error_2, W_POSITIVE },
	{ TASK_ERROR, "s*(v - u)*(2*u - 1)/v", error_3, W_POSITIVE },
	{ TASK_ERROR, "s*(v + u)*(v*(v - u) - s)/v^2", error_4, W_POSITIVE },
	{ TASK_CORR, "k - w", corr_1, W_POSITIVE },
	{ TASK_CORR, "w*k - w - k", corr_2, W_POSITIVE },
	{ TASK_CORR, "(w*k)^w - 1", corr_3, W_POSITIVE },
	{ TASK_CORR, "k/w - w", corr_4, W_POSITIVE },
	{ TASK_CORR, "(w*k)^w - 1", corr_3, 1 },
	{ TASK_CORR, "(w*k)^w - 1", corr_3, 10 },
	{ TASK_CORR, "(w*k)^w - 1", corr_3, 100 },
	{ TASK_CORR, "(w*k)^w - 1", corr_3, 1000 },
	{ TASK_CORR, "k/w - w", corr_4, 100 },
};

/* ---- Data --------------------------------------------------------- */

/* splitmix64: a fixed seed, so every run sees the same values. */
static uint64_t rng_state = 0x2545f4914f6cdd1du;

static double uniform(double lo, double hi)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	z ^= z >> 31;
	return lo + (hi - lo) * (double)(z >> 11) * 0x1.0p-53;
}

static double E_[NSYN], s_[NSYN], w_[NSYN], k_[NSYN];
static double wneg_[NSYN];     /* w_ with some below 0 (set_negative) */

static void fill(inputs *x)
{
	for (int i = 0; i < NSYN; i++) {
		E_[i] = uniform(-1.0, 1.0);
		s_[i] = uniform(0.0, 1.0);
		w_[i] = 1.0 - uniform(0.0, 0.95);       /* (0.05, 1] */
		k_[i] = uniform(0.0, 2.0);
	}
	x->R = uniform(0.0, 1.0) < 0.5 ? -1.0 : 1.0;
	x->Rbar = uniform(-1.0, 1.0);
	x->Rbar_plus = uniform(0.0, 1.0);
	x->Rbar_minus = uniform(0.0, 1.0);
	x->v = uniform(-70.0, -60.0);
	x->u = uniform(-70.0, -60.0);
	x->E = E_;
	x->s = s_;
	x->w = w_;
	x->k = k_;
}

/* The inputs with per_mille of the weights in [-0.05, 0), spread evenly
 * (every 1000/per_mille-th one) so that each block gets its share. */
static inputs with_negative(const inputs *x, int per_mille)
{
	inputs y = *x;
	if (per_mille == W_POSITIVE)
		return y;
	for (int i = 0; i < NSYN; i++)
		wneg_[i] = (long)i * per_mille % 1000 < per_mille ?
			-0.05 * w_[i] : w_[i];
	y.w = wneg_;
	return y;
}

/* The prog_arg of each task input, pointing at the block at base. */
static void bind_args(int task, const inputs *x, size_t base, prog_arg *args)
{
	switch (task) {
	case TASK_REWARD:
		args[0] = (prog_arg){ &x->R, 0 };
		args[1] = (prog_arg){ &x->Rbar, 0 };
		args[2] = (prog_arg){ &x->Rbar_plus, 0 };
		args[3] = (prog_arg){ &x->Rbar_minus, 0 };
		args[4] = (prog_arg){ x->E + base, 1 };
		break;
	case TASK_ERROR:
		args[0] = (prog_arg){ &x->v, 0 };
		args[1] = (prog_arg){ &x->u, 0 };
		args[2] = (prog_arg){ x->s + base, 1 };
		break;
	default:
		args[0] = (prog_arg){ x->w + base, 1 };
		args[1] = (prog_arg){ x->k + base, 1 };
		break;
	}
}

/* The inputs moved on to the block at base, for the hand-written loop. */
static inputs shifted(const inputs *x, size_t base)
{
	inputs y = *x;
	y.E += base;
	y.s += base;
	y.w += base;
	y.k += base;
	return y;
}

/* ---- Timing ------------------------------------------------------- */

/* CPU time: other processes on a shared machine hardly touch it. */
static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static volatile double sink;   /* keeps the results observably used */

/* Million evaluations per second over one run of at least min_time
 * seconds: the compiled program p under sem, or with p NULL the
 * hand-written loop. */
static double time_once(int c, const prog *p, expr_semantics sem,
			const inputs *x, double *work, double min_time)
{
	static double out[PROG_BLOCK];
	long calls = 0, batch = 64;
	double t0 = now(), t;

	do {
		for (long j = 0; j < batch; j++) {
			size_t base = (size_t)((calls + j) % NBLOCKS) * PROG_BLOCK;
			if (p) {
				prog_arg args[5];
				bind_args(cases[c].task, x, base, args);
				prog_eval_array_sem(p, sem, args, PROG_BLOCK,
						    out, work);
			} else {
				inputs y = shifted(x, base);
				cases[c].hand(&y, out, PROG_BLOCK);
			}
			sink += out[j % PROG_BLOCK];
		}
		calls += batch;
		batch *= 2;
		t = now() - t0;
	} while (t < min_time);
	return (double)calls * PROG_BLOCK / t / 1e6;
}

static int same_or_both_nan(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

/* 1 when the compiled program and the hand-written loop agree on every
 * synapse to a relative 1e-12 (NaN with NaN), and under nest the program
 * gives the real value wherever that is not NaN, bit for bit, and a
 * number where it is (the power rule at w < 0). */
static int agree(int c, const prog *p, const inputs *x, double *work)
{
	double a[PROG_BLOCK], b[PROG_BLOCK], n[PROG_BLOCK];

	for (size_t base = 0; base < NSYN; base += PROG_BLOCK) {
		prog_arg args[5];
		inputs y = shifted(x, base);
		bind_args(cases[c].task, x, base, args);
		prog_eval_array(p, args, PROG_BLOCK, a, work);
		prog_eval_array_sem(p, EXPR_NEST, args, PROG_BLOCK, n, work);
		cases[c].hand(&y, b, PROG_BLOCK);
		for (int i = 0; i < PROG_BLOCK; i++) {
			double tol = 1e-12 * fmax(fabs(a[i]), fabs(b[i]));
			const char *what = NULL;
			if (!(fabs(a[i] - b[i]) <= tol) &&
			    !same_or_both_nan(a[i], b[i]))
				what = "compiled";
			else if (isnan(a[i]) ? !isfinite(n[i]) :
				 !same_or_both_nan(a[i], n[i]))
				what = "nest";
			if (what) {
				printf("warning: '%s' at synapse %zu: %s "
				       "%.17g (real %.17g), hand C %.17g\n",
				       cases[c].formula, base + (size_t)i, what,
				       what[0] == 'n' ? n[i] : a[i], a[i],
				       b[i]);
				return 0;
			}
		}
	}
	return 1;
}

int main(int argc, char **argv)
{
	int ncases = (int)(sizeof cases / sizeof *cases);
	double min_time = 0.2;
	inputs x;

	if (argc == 2 && !strcmp(argv[1], "--quick")) {
		min_time = 0.02;
	} else if (argc != 1) {
		fprintf(stderr, "usage: bench_eval [--quick]\n");
		return 64;
	}
	fill(&x);
	printf("Rule evaluations per second (millions), one call per block "
	       "of %d synapses,\nbest of %d runs of %.2g s.  compiled: "
	       "prog_eval_array, finite check included,\nunder real and under "
	       "nest semantics; nest/real: how many times slower nest is.\n"
	       "hand C: the same formula as a plain C loop (real), same "
	       "compiler flags;\nratio = hand / compiled (real).  w<0: weights "
	       "below 0, per thousand.\n\n", PROG_BLOCK, REPEATS, min_time);
	printf("%-12s %-48s %4s %5s %9s %9s %9s %9s %6s\n", "task", "formula",
	       "w<0", "instr", "real", "nest", "nest/real", "hand C",
	       "ratio");
	double pow_ratio[2] = { 0, 0 };   /* nest/real, w >= 0 and 1% < 0 */
	for (int c = 0; c < ncases; c++) {
		int task = cases[c].task;
		expr_arena *A = expr_arena_new();
		const expr *e;
		prog *p;
		e2l_error err;

		if (expr_parse(A, cases[c].formula, &e, &err) != E2L_OK ||
		    prog_compile(e, tasks[task].nvars, tasks[task].vars, &p,
				 &err) != E2L_OK) {
			fprintf(stderr, "bench_eval: '%s': %s\n",
				cases[c].formula, err.msg);
			return 70;
		}
		double *work = malloc(prog_work_size(p) * sizeof *work);
		if (!work) {
			fprintf(stderr, "bench_eval: out of memory\n");
			return 70;
		}
		inputs y = with_negative(&x, cases[c].negative);
		if (!agree(c, p, &y, work))
			return 1;
		/* Alternating, so that a change in the machine's load
		 * touches the figures alike. */
		double compiled = 0.0, nest = 0.0, hand = 0.0;
		for (int r = 0; r < REPEATS; r++) {
			double t = time_once(c, p, EXPR_REAL, &y, work,
					     min_time);
			compiled = t > compiled ? t : compiled;
			t = time_once(c, p, EXPR_NEST, &y, work, min_time);
			nest = t > nest ? t : nest;
			t = time_once(c, NULL, EXPR_REAL, &y, work, min_time);
			hand = t > hand ? t : hand;
		}
		printf("%-12s %-48s %4d %5d %9.1f %9.1f %9.2f %9.1f %6.2f\n",
		       tasks[task].name, cases[c].formula, cases[c].negative,
		       prog_ninstr(p), compiled, nest, compiled / nest, hand,
		       hand / compiled);
		if (cases[c].hand == corr_3 && cases[c].negative <= 10)
			pow_ratio[cases[c].negative > 0] = compiled / nest;
		free(work);
		prog_free(p);
		expr_arena_free(A);
	}
	printf("\nThe power rule (w*k)^w - 1 under nest costs %.2f times real "
	       "with every w >= 0\nand %.2f times with 1%% of them below 0 "
	       "(limit 1.5; the task: bench_tasks).\n", pow_ratio[0],
	       pow_ratio[1]);
	return 0;
}
