/*
 * test_rivals.c - `compare`'s report (src/app/compare.c) on values made
 * up to know the answer: a rule better in every experiment wins, rules
 * that differ by noise have no winner, a non-finite value makes the
 * statistics undefined and no winner, and a real run of three reward
 * rules gives bands that end at their fitness.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "../src/app/compare.h"

static compare_entry made(const char *name, const double *v, int n)
{
	compare_entry e = { .name = name };
	e.res.values = (double *)v;
	e.res.n = n;
	return e;
}

static void winners(void)
{
	enum { N = 12 };
	double a[N], b[N], c[N], d[N];
	for (int k = 0; k < N; k++) {
		a[k] = 10 + 5 * sin(k);          /* experiments differ a lot */
		b[k] = a[k] + 1 + 0.1 * cos(k);  /* always a bit better */
		c[k] = a[k] + (k % 2 ? 0.3 : -0.3);
		d[k] = b[k];
	}
	d[3] = -INFINITY;
	compare_entry ab[] = { made("A", a, N), made("B", b, N) };
	compare_entry ac[] = { made("A", a, N), made("C", c, N) };
	compare_entry abd[] = { made("A", a, N), made("B", b, N),
				made("D", d, N) };
	CHECK(compare_winner(ab, 2, 0.05) == 1, "B beats A");
	CHECK(compare_winner(ac, 2, 0.05) == -1, "noise has no winner");
	CHECK(compare_winner(abd, 3, 0.05) == -1, "a blown-up rule: none");
	CHECK(compare_winner(ab, 1, 0.05) == 0, "one rule wins alone");

	strbuf o = { 0 };
	compare_report(&o, &(task_config){ .name = "t",
			   .family = task_family_find("reward") }, 1, abd, 3,
		       5, 0);
	CHECK(strstr(o.s, "B - A: 0.9966, 95% CI [0.9497, 1.043]") != NULL, "%s", o.s);
	CHECK(strstr(o.s, "C - A: undefined (1 experiment gave") != NULL, "%s",
	      o.s);
	CHECK(strstr(o.s, "winner (paired, p < 0.05 against each): none"),
	      "%s", o.s);
	CHECK(strstr(o.s, "(7 more experiments: --json lists them all)"),
	      "%s", o.s);
	CHECK(!strstr(o.s, "inf") && !strstr(o.s, "nan"), "%s", o.s);
	free(o.s);

	o = (strbuf){ 0 };
	compare_report(&o, &(task_config){ .name = "t",
			   .family = task_family_find("reward") }, 1, ab, 2,
		       0, 1);
	CHECK(strstr(o.s, "\"winner\": \"B\"") && strstr(o.s, "\"wins\": 12"),
	      "%s", o.s);
	free(o.s);
}

static void real_run(void)
{
	const task_family *f = task_family_find("reward");
	const char *texts[3][1] = { { "0" }, { "R*E" }, { "(R - 1)*E" } };
	task_rule rules[3];
	const task_rule *rp[3];
	compare_entry e[3] = { { .name = "none" }, { .name = "R E" },
			       { .name = "LR0" } };
	task_config cfg;
	e2l_error err;
	task_config_default(&cfg, f);
	task_config_set(&cfg, "trials", "80", &err);
	for (int i = 0; i < 3; i++) {
		CHECK(task_rule_parse(&rules[i], f, texts[i], NULL, &err) ==
		      E2L_OK, "%s", err.msg);
		rp[i] = &rules[i];
	}
	task_options o = { .seed = 3, .experiments = 6, .threads = 2 };
	if (compare_evaluate(&cfg, rp, 3, &o, e, &err) == E2L_OK) {
		for (int i = 0; i < 3; i++) {
			const task_band *b = &e[i].band;
			CHECK(b->npoints == COMPARE_POINTS &&
			      fabs(b->mean[b->npoints - 1] - e[i].res.mean) <
			      1e-9, "%s: band ends at %g, mean %g", e[i].name,
			      b->mean[b->npoints - 1], e[i].res.mean);
		}
		textblock tb;
		tb_init(&tb, 14, 70);
		compare_plot(&tb, 0, 0, 14, 70, GLYPHS_ASCII, e, 3);
		char top[200] = "";
		for (int c = 0; c < 70; c++)
			strcat(top, tb_at(&tb, 0, c)->s);
		CHECK(strstr(top, "cumulative reward") != NULL, "title: %s", top);
		tb_free(&tb);
		compare_free(e, 3);
	} else {
		CHECK(0, "compare_evaluate: %s", err.msg);
	}
	for (int i = 0; i < 3; i++)
		task_rule_free(&rules[i]);
	task_config_free(&cfg);
}

int main(void)
{
	winners();
	real_run();
	return check_done("test_rivals");
}
