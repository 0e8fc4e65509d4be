/*
 * check.h - the few lines of test harness the C tests share: CHECK
 * counts and reports a failed condition with its place, check_done()
 * prints the tally and gives the exit status automake's driver reads.
 */
#ifndef E2L_CHECK_H
#define E2L_CHECK_H

#include <stdio.h>

static int check_count, check_failed;

/* A macro, not a function: the report must name the caller's line. */
#define CHECK(cond, ...)                                                   \
	do {                                                               \
		check_count++;                                             \
		if (!(cond)) {                                             \
			check_failed++;                                    \
			fprintf(stderr, "%s:%d: failed: %s: ", __FILE__,   \
				__LINE__, #cond);                          \
			fprintf(stderr, __VA_ARGS__);                      \
			fputc('\n', stderr);                               \
		}                                                          \
	} while (0)

static inline int check_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, check_count, check_failed);
	return check_failed ? 1 : 0;
}

#endif
