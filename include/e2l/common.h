/*
 * common.h - what every layer of libe2l shares: status codes, the error
 * value that carries a position, and the allocation funnel.
 *
 * Library functions never print.  They return an e2l_status and, on
 * failure, fill an e2l_error with a one-line message and the place (line
 * and column, 1-based) where the trouble is.  The front end decides the
 * exit code from the status (sysexits: 65 for bad data, 70 internal).
 */
#ifndef E2L_COMMON_H
#define E2L_COMMON_H

#include <stddef.h>

typedef enum {
	E2L_OK = 0,
	E2L_INCOMPLETE,  /* input ended inside a formula: ask for more */
	E2L_ESYNTAX,     /* malformed text */
	E2L_EINVALID,    /* well-formed but meaningless, e.g. division by 0 */
	E2L_ELIMIT,      /* too large or too deep to handle within bounds */
	E2L_EUNKNOWN,    /* a name that is not defined here */
	E2L_EIO,         /* a file could not be read or written */
	E2L_ESTOPPED     /* stopped on request before it finished */
} e2l_status;

typedef struct {
	e2l_status status;
	int line;        /* 1-based; 0 when the error has no place */
	int col;         /* 1-based column (bytes) */
	char msg[240];
} e2l_error;

/* Fills err (which may be NULL) and returns status, so that callers can
 * write `return e2l_fail(err, E2L_ESYNTAX, line, col, "...", ...)`. */
e2l_status e2l_fail(e2l_error *err, e2l_status status, int line, int col,
		    const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* "1:9: expected ')'" or just the message when there is no place. */
void e2l_error_format(const e2l_error *err, char *buf, size_t size);

/* Writes into buf the source line that err points at and a caret under
 * the column ("(u - v\n      ^"); buf is empty when there is no place. */
void e2l_error_caret(const e2l_error *err, const char *src, char *buf,
		     size_t size);

/* The allocation funnel: these never return NULL; out of memory prints
 * one line and aborts, since no caller could do better. */
/* Seconds on a monotonic clock, for durations. */
double e2l_seconds(void);
/* mkdir -p: path and any missing parents.  0, or -1 with errno set. */
int e2l_mkdirs(const char *path, unsigned mode);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* A growable string: zero-initialise, append, free(b.s) when done.
 * After any append, b.s is a terminated string. */
typedef struct {
	char *s;
	size_t len, cap;
} strbuf;

void strbuf_put(strbuf *b, const char *s, size_t n);
void strbuf_printf(strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
