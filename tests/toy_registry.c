/*
 * toy_registry.c - the task families of tests/e2l-toy: e2l's own and the
 * toy family of tests/toy_family.c.  Linked before libe2l.a, it stands in
 * for src/tasks/registry.c, which holds nothing else for that reason.
 */
#include <stddef.h>

#include "e2l/task.h"

extern const task_family task_reward;
extern const task_family task_error;
extern const task_family task_correlation;
extern const task_family task_toy;

const task_family *const task_families[] = {
	&task_reward,
	&task_error,
	&task_correlation,
	&task_toy,
	NULL,
};
