/*
 * presets.c - the paper's evolution settings per task (spec/paper.md
 * 2.2 and 2.7): genome shape, primitives, strategy and stopping.  For the
 * reward task both the published 4-input setting and the reference
 * code's 2-input one.
 */
#include <string.h>

#include "e2l/evolve.h"

static const cgp_prim arith_1[] = {
	{ CGP_ADD, NULL }, { CGP_SUB, NULL }, { CGP_MUL, NULL },
	{ CGP_DIV, NULL }, { CGP_CONST, "1" },
};
static const cgp_prim arith_1_half[] = {
	{ CGP_ADD, NULL }, { CGP_SUB, NULL }, { CGP_MUL, NULL },
	{ CGP_DIV, NULL }, { CGP_CONST, "1" }, { CGP_CONST, "0.5" },
};
static const cgp_prim arith_code[] = {
	{ CGP_ADD, NULL }, { CGP_SUB, NULL }, { CGP_MUL, NULL },
	{ CGP_DIV, NULL }, { CGP_CONST, "1" }, { CGP_CONST, "0.1" },
	{ CGP_CONST, "10" },
};
static const cgp_prim pow_code[] = {
	{ CGP_ADD, NULL }, { CGP_SUB, NULL }, { CGP_MUL, NULL },
	{ CGP_DIV, NULL }, { CGP_POW, NULL }, { CGP_CONST, "0.1" },
	{ CGP_CONST, "1" }, { CGP_CONST, "10" },
};

#define N(a) (int)(sizeof a / sizeof *a)

const evo_preset evo_presets[] = {
	{ "error", "error", "the paper's error-driven runs (f(v, u, s))",
	  3, 12, 12, arith_1, N(arith_1), 1, 4, 4, 1, 0.045, 1000, 0.0, 0 },
	{ "reward", "reward", "published reward runs, set 1: f(R, E, "
	  "Rbar_plus, Rbar_minus)",
	  4, 12, 12, arith_1_half, N(arith_1_half), 1, 1, 4, 1, 0.035, 1000,
	  500.0, 1 },
	{ "reward-code", "reward", "the reference code's reward runs: "
	  "f(R, E)",
	  2, 5, 5, arith_code, N(arith_code), 1, 4, 4, 1, 0.045, 500, 300.0, 0 },
	{ "correlation", "correlation", "the paper's correlation runs: a "
	  "facilitate and a depress formula of (w, k)",
	  2, 5, 5, pow_code, N(pow_code), 2, 8, 8, 1, 0.05, 2000, 10.0, 0 },
	{ NULL },
};

const evo_preset *evo_preset_find(const char *name)
{
	for (const evo_preset *p = evo_presets; p->name; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

const evo_preset *evo_preset_for(const char *family)
{
	for (const evo_preset *p = evo_presets; p->name; p++)
		if (!strcmp(p->family, family))
			return p;
	return NULL;
}
