/*
 * common.c - errors as values, the allocation funnel, and the two system
 * helpers every layer wants: a monotonic clock and mkdir -p (common.h).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "e2l/common.h"

e2l_status e2l_fail(e2l_error *err, e2l_status status, int line, int col,
		    const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->status = status;
		err->line = line;
		err->col = col;
		char raw[sizeof err->msg];
		va_start(ap, fmt);
		vsnprintf(raw, sizeof raw, fmt, ap);
		va_end(ap);
		e2l_escape(raw, err->msg, sizeof err->msg);
	}
	return status;
}

void e2l_error_format(const e2l_error *err, char *buf, size_t size)
{
	if (err->line > 0)
		snprintf(buf, size, "%d:%d: %s", err->line, err->col, err->msg);
	else
		snprintf(buf, size, "%s", err->msg);
}

void e2l_error_caret(const e2l_error *err, const char *src, char *buf,
		     size_t size)
{
	const char *p = src;
	size_t len, col, pos = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (err->line <= 0 || !src)
		return;
	for (int l = 1; l < err->line && p; l++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return;
	len = strcspn(p, "\n");
	col = err->col > 0 ? (size_t)err->col - 1 : 0;
	/* The line, then spaces (tabs kept, so the caret lines up) and ^. */
	for (size_t i = 0; i < len && pos + 1 < size; i++)
		buf[pos++] = p[i];
	if (pos + 1 < size)
		buf[pos++] = '\n';
	for (size_t i = 0; i < col && pos + 1 < size; i++)
		buf[pos++] = (i < len && p[i] == '\t') ? '\t' : ' ';
	if (pos + 1 < size)
		buf[pos++] = '^';
	buf[pos] = '\0';
}

static void out_of_memory(size_t n)
{
	fprintf(stderr, "e2l: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

void strbuf_put(strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = 2 * (b->len + n + 1);
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void strbuf_printf(strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	strbuf_put(b, "", 0);           /* room for the terminator */
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = 2 * (b->len + (size_t)n + 1);
		b->s = xrealloc(b->s, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void strbuf_json_string(strbuf *b, const char *s)
{
	strbuf_put(b, "\"", 1);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_printf(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			strbuf_printf(b, "\\u%04x", *s);
		else
			strbuf_put(b, s, 1);
	}
	strbuf_put(b, "\"", 1);
}

void strbuf_json_number(strbuf *b, double x)
{
	if (isfinite(x))
		strbuf_printf(b, "%.17g", x);
	else
		strbuf_put(b, "null", 4);
}

void strbuf_json_key_number(strbuf *b, const char *lead, const char *key,
			    double x)
{
	strbuf_printf(b, "%s\"%s\": ", lead, key);
	strbuf_json_number(b, x);
}

void strbuf_json_key_string(strbuf *b, const char *lead, const char *key,
			    const char *s)
{
	strbuf_printf(b, "%s\"%s\": ", lead, key);
	if (s)
		strbuf_json_string(b, s);
	else
		strbuf_put(b, "null", 4);
}

void strbuf_json_key_array(strbuf *b, const char *lead, const char *key,
			   const double *v, int n)
{
	strbuf_printf(b, "%s\"%s\": [", lead, key);
	for (int k = 0; k < n; k++) {
		strbuf_printf(b, k ? ", " : "");
		strbuf_json_number(b, v[k]);
	}
	strbuf_put(b, "]", 1);
}

double e2l_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int e2l_mkdirs(const char *path, unsigned mode)
{
	char *p = xstrdup(path);
	int rc = 0;
	/* The parents first; only the last mkdir's failure counts. */
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, (mode_t)mode);
			*s = '/';
		}
	if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST)
		rc = -1;
	int saved = errno;
	free(p);
	errno = saved;
	return rc;
}
