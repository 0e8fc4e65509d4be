/*
 * registry.c - the task families e2l knows, in the order `e2l tasks`
 * lists them.  A new family is one file and one line here.
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
