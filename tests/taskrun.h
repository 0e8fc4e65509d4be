/*
 * taskrun.h - the task tests' one way to run a rule: a family's defaults
 * changed by KEY, VALUE pairs, the rule's formula(s), a seed and a thread
 * count.  Header-only and static, because it reports through CHECK,
 * whose tally is each test program's own (check.h).
 */
#ifndef E2L_TASKRUN_H
#define E2L_TASKRUN_H

#include "check.h"
#include "e2l/task.h"

/* Sets "key", "value", ... (NULL-terminated) on cfg. */
static inline void taskrun_set(task_config *cfg, const char *const *sets)
{
	e2l_error err;
	for (; sets && *sets; sets += 2)
		if (task_config_set(cfg, sets[0], sets[1], &err) != E2L_OK)
			CHECK(0, "set %s: %s", sets[0], err.msg);
}

/*
 * Runs texts (f->nformulas of them) on family f.  rec may be NULL.  With
 * keep, the configuration is handed to the caller (who frees it).  A
 * failure is a failed CHECK and an empty result.
 */
static inline task_result taskrun(const task_family *f,
				  const char *const *texts,
				  const char *const *sets, int threads,
				  uint64_t seed, task_recorder *rec,
				  task_config *keep)
{
	task_config cfg;
	task_rule rule;
	task_result res = { 0 };
	e2l_error err;
	task_options o = { .seed = seed, .threads = threads, .rec = rec };

	task_config_default(&cfg, f);
	taskrun_set(&cfg, sets);
	if (task_rule_parse(&rule, f, texts, NULL, &err) != E2L_OK) {
		CHECK(0, "rule %s: %s", texts[0], err.msg);
	} else {
		if (task_evaluate(&cfg, &rule, &o, &res, &err) != E2L_OK)
			CHECK(0, "evaluate %s: %s", texts[0], err.msg);
		task_rule_free(&rule);
	}
	if (keep)
		*keep = cfg;
	else
		task_config_free(&cfg);
	return res;
}

#endif
