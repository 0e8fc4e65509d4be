/*
 * test_check.c - `check` as the workbench calls it (cmd_check_texts in
 * src/app/cmd_check.c): a rule given as formulas against the shipped
 * exercises, found in the source tree's exercises/: the verdict and its
 * exit code, a forbidden variable, a rule of another family, a formula
 * that does not parse, no such exercise, a file that cannot be read, a
 * stop before it starts, JSON, and the list.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd.h"

/* Runs a check; its output in *out (the caller frees). */
static int check_texts(const char *ex, const char *family, const char *name,
		       const char *formula, int json, volatile int *stop,
		       char **out)
{
	const char *texts[] = { formula };
	strbuf o = { 0 };
	int code = cmd_check_texts(ex, task_family_find(family), name, texts,
				   json, stop, &o);
	*out = o.s ? o.s : xstrdup("");
	return code;
}

int main(void)
{
	char *out;
	int code;
	volatile int stop = 0;

	code = check_texts("reward-score", "reward", "lr0", "(R - 1)*E", 0,
			   NULL, &out);
	CHECK(code == EX_OK, "LR0 passes: %d\n%s", code, out);
	CHECK(strstr(out, "rule      lr0: (R - 1)*E\n"), "%s", out);
	CHECK(strstr(out, "verdict   PASS: mean fitness 247 >= 150\n"), "%s",
	      out);
	CHECK(!strstr(out, "hint"), "no hint on a pass: %s", out);
	free(out);

	code = check_texts("reward-score", "reward", "none", "0", 0, NULL,
			   &out);
	CHECK(code == EX_NO, "no plasticity fails: %d\n%s", code, out);
	CHECK(strstr(out, "verdict   FAIL: mean fitness 47.75 is below 150\n"
		      "hint      "), "%s", out);
	free(out);

	code = check_texts("reward-baseline", "reward", "lr", "(R - Rbar)*E",
			   0, NULL, &out);
	CHECK(code == EX_NO, "a forbidden variable fails: %d\n%s", code, out);
	CHECK(strstr(out, "verdict   FAIL: the rule uses 'Rbar', which this "
		      "exercise does not allow (allowed: R, E)\n"), "%s", out);
	free(out);

	code = check_texts("reward-score", "error", "eq7", "(v - u)*s", 0,
			   NULL, &out);
	CHECK(code == EX_DATAERR, "another family: %d", code);
	CHECK(!strcmp(out, "rule eq7 is for task family 'error'; exercise "
		      "reward-score is for 'reward'\n"), "%s", out);
	free(out);

	code = check_texts("reward-score", "reward", "typo", "(R - 1", 0,
			   NULL, &out);
	CHECK(code == EX_DATAERR, "a formula that does not parse: %d", code);
	CHECK(!strncmp(out, "typo: ", 6) && strchr(out, '\n') ==
	      out + strlen(out) - 1, "one line: %s", out);
	free(out);

	code = check_texts("nosuch", "reward", "lr0", "(R - 1)*E", 0, NULL,
			   &out);
	CHECK(code == EX_USAGE, "no such exercise: %d", code);
	CHECK(!strncmp(out, "no exercise 'nosuch' (exercises: correlation-snr, "
		       "error-delta, reward-baseline, reward-score;", 82),
	      "%s", out);
	free(out);

	code = check_texts("/nonexistent/x.exercise", "reward", "lr0",
			   "(R - 1)*E", 0, NULL, &out);
	CHECK(code == EX_IOERR, "unreadable: %d (%s)", code, out);
	free(out);

	stop = 1;
	code = check_texts("reward-score", "reward", "lr0", "(R - 1)*E", 0,
			   &stop, &out);
	CHECK(code == EX_DATAERR && !strstr(out, "verdict"),
	      "stopped before it ran: %d %s", code, out);
	free(out);

	code = check_texts("error-delta", "error", "eq7x2", "2*(v - u)*s", 1,
			   NULL, &out);
	CHECK(code == EX_OK, "JSON: %d", code);
	CHECK(out[0] == '{' && strstr(out, "\"pass\": true") &&
	      strstr(out, "\"kind\": \"match\"") &&
	      out[strlen(out) - 2] == '}', "%s", out);
	free(out);

	strbuf list = { 0 };
	cmd_check_list(&list);
	CHECK(list.s && strstr(list.s, "\n  correlation-snr ") &&
	      strstr(list.s, "\n  error-delta ") &&
	      strstr(list.s, "\n  reward-baseline ") &&
	      strstr(list.s, "\n  reward-score "), "%s", list.s);
	free(list.s);
	return check_done("test_check");
}
