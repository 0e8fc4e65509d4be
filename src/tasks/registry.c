/*
 * registry.c - the task families e2l knows, in the order `e2l tasks`
 * lists them.  A new family is one file in src/tasks/ and one line here:
 * its record (task.h) carries what the front ends need, so nothing in
 * src/app changes (doc/architecture.md).
 *
 * This file holds task_families[] and nothing else, so that a test
 * program can link its own list instead (tests/toy_registry.c adds a
 * family defined in the tests).
 */
#include <stddef.h>

#include "e2l/task.h"

extern const task_family task_reward;
extern const task_family task_error;
extern const task_family task_correlation;

const task_family *const task_families[] = {
	&task_reward,
	&task_error,
	&task_correlation,
	NULL,
};
