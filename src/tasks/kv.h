/*
 * kv.h - the reader of `key = value` files that task files, rule files
 * (config.c) and exercise files (exercise.c) share, private to the task
 * layer: the whole file read at once through e2l_read_text (bounded,
 * regular files only, a byte order mark skipped), then one entry at a
 * time, with `#` comments and blank lines skipped and key and value
 * trimmed.  An over-long line or a control byte is an error at its
 * place ("PATH:LINE: ..."), never a truncation.
 *
 *     task_kv_reader r;
 *     if (task_kv_open(&r, path, err) != E2L_OK) return ...;
 *     while ((st = task_kv_next(&r, err)) == E2L_OK && r.key)
 *             ... r.key, r.value, r.at.line, r.at.value_col ...
 *     task_kv_close(&r);
 */
#ifndef E2L_TASKS_KV_H
#define E2L_TASKS_KV_H

#include "e2l/common.h"

enum { TASK_KV_LINE_MAX = 4096 };  /* bytes of one line, newline not
				    * counted */

/* Where a key and its value were written, for error messages.  path is
 * NULL for text that came from no file (task_config_set). */
typedef struct {
	const char *path;
	int line;
	int key_col, value_col;         /* 1-based */
} task_kv_place;

typedef struct {
	char *text;                     /* the file, NUL-terminated; owned */
	const char *next;               /* start of the next line */
	task_kv_place at;               /* of the current entry */
	char *key, *value;              /* into buf; key is NULL at the end */
	char buf[TASK_KV_LINE_MAX + 1];
} task_kv_reader;

e2l_status task_kv_open(task_kv_reader *r, const char *path, e2l_error *err);
/* The next entry; r->key is NULL at the end of the file. */
e2l_status task_kv_next(task_kv_reader *r, e2l_error *err);
void task_kv_close(task_kv_reader *r);

#endif
