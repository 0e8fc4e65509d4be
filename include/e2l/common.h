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
#include <stdio.h>
#include <sys/types.h>

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
 * write `return e2l_fail(err, E2L_ESYNTAX, line, col, "...", ...)`.
 * Control characters in the message (from input quoted in it) are
 * written as \xNN, so an error never sends escapes to a terminal. */
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
/* JSON values: s as a quoted string (quotes, backslashes and control
 * bytes escaped); x with all 17 digits, or null where JSON has no
 * number (infinities, NaN). */
void strbuf_json_string(strbuf *b, const char *s);
void strbuf_json_number(strbuf *b, double x);
/* A member of a JSON object: lead (what comes before the key: "{" for
 * the first member, ", " after, or more, "}, \"paired\": {"), "key": and
 * the value: a number, a string (NULL: null), or an array of n numbers. */
void strbuf_json_key_number(strbuf *b, const char *lead, const char *key,
			    double x);
void strbuf_json_key_string(strbuf *b, const char *lead, const char *key,
			    const char *s);
void strbuf_json_key_array(strbuf *b, const char *lead, const char *key,
			   const double *v, int n);

/*
 * Files (file.c).  Reads are bounded and refuse anything but a regular
 * file (a FIFO, device or directory is an error, never a hang); whole-file
 * writes go through a mkstemp temporary in the target's directory and a
 * rename; appends never follow a symbolic link.  Errors name the path the
 * caller gave, never a temporary.
 */

/* Limits for the files e2l reads whole: text a person writes (formulas,
 * rule, task and script files) and the files of a run directory. */
enum {
	E2L_TEXT_MAX = 1 << 20,         /* 1 MiB */
	E2L_RUNFILE_MAX = 256 << 20     /* 256 MiB: a long run's log */
};

/* The file's bytes into *data (malloc'd, NUL-terminated; caller frees)
 * and *len.  E2L_EIO if it cannot be opened or is not a regular file,
 * E2L_ELIMIT if it holds more than max bytes. */
e2l_status e2l_read_file(const char *path, size_t max, char **data,
			 size_t *len, e2l_error *err);
/* e2l_read_file, then e2l_text_check. */
e2l_status e2l_read_text(const char *path, size_t max, char **text,
			 e2l_error *err);
/* Drops a leading UTF-8 byte order mark (updating *len) and refuses a NUL
 * byte with E2L_ESYNTAX naming path (the caller's name for the text) and
 * the line. */
e2l_status e2l_text_check(const char *path, char *text, size_t *len,
			  e2l_error *err);
/* fopen(path, "r") for a regular file only; NULL with err filled. */
FILE *e2l_fopen_read(const char *path, e2l_error *err);
/* getline with a bound: the line (with its '\n', if any) and its length;
 * -1 at end of file; -2 (errno EFBIG) for a line longer than max bytes,
 * after which the stream stands somewhere inside that line: stop reading
 * (a stream such as /dev/zero has no end to skip to). */
ssize_t e2l_getline(char **line, size_t *cap, FILE *f, size_t max);

/* Replaces path's contents with data, atomically (temporary + rename). */
e2l_status e2l_write_atomic(const char *path, const char *data, size_t len,
			    e2l_error *err);
/* write(2) until all of data is written, through EINTR and short
 * writes: 0, or -1 with errno set (ENOSPC when nothing more would go). */
int e2l_write_all(int fd, const char *data, size_t len);
/* Opens path to append (created 0666 & ~umask if missing), refusing a
 * symbolic link or a non-regular file: a descriptor, or -1 with err. */
int e2l_open_append(const char *path, e2l_error *err);
/* Appends data to path in one write through e2l_open_append. */
e2l_status e2l_append(const char *path, const char *data, size_t len,
		      e2l_error *err);

/* s into buf with control bytes written as \xNN, cut to fit size;
 * returns the length written.  For echoing input to a terminal. */
size_t e2l_escape(const char *s, char *buf, size_t size);

#endif
