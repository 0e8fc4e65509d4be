/*
 * export.c - a rule as a simulator's snippet, written by its family's
 * exporters (task_family.exporters): `export RULE brian2` in the
 * workbench calls task_export, which finds the family's exporter, checks
 * that the formulas parse, writes the common header and lets the family
 * write the rest.  The physics of each snippet lives beside the family's
 * simulation (task_*.c), so a new family brings its own or has none, and
 * never gets another family's.
 *
 * The formula printers (latex, c, python) are the front end's: they
 * simplify, which is the algebra layer's work, not a family's.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2l/task.h"

static const task_exporter *find(const task_family *f, const char *format)
{
	for (int i = 0; i < f->nexporters; i++)
		if (!strcmp(f->exporters[i].format, format))
			return &f->exporters[i];
	return NULL;
}

e2l_status task_export(const task_family *f, const char *format,
		       const char *name, const char *const *texts,
		       strbuf *out, e2l_error *err)
{
	const task_exporter *x = find(f, format);
	if (!x) {
		char list[160];
		task_export_formats(f, list, sizeof list);
		return e2l_fail(err, E2L_EUNKNOWN, 0, 0, "task family %s has "
				"no '%s' exporter (it has: %s)", f->name,
				format, *list ? list + 2 : "none");
	}
	for (int i = 0; i < f->nformulas; i++) {
		expr_arena *A = expr_arena_new();
		const expr *e;
		e2l_status st = expr_parse(A, texts[i], &e, err);
		expr_arena_free(A);
		if (st != E2L_OK)
			return st;
	}
	strbuf_printf(out, "# %s for the e2l rule %s, task family %s.\n",
		      x->summary, name, f->name);
	x->write(out, texts);
	return E2L_OK;
}

void task_export_formats(const task_family *f, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < f->nexporters && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, ", %s",
					f->exporters[i].format);
}

/* Whether p (inside s) starts the whole word w of length n. */
static int word_at(const char *s, const char *p, const char *w, size_t n)
{
	return !strncmp(p, w, n) &&
		(p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
		!(isalnum((unsigned char)p[n]) || p[n] == '_');
}

char *task_export_renamed(const char *text, expr_syntax syntax, int n,
			  const char *const *from, const char *const *to)
{
	expr_arena *A = expr_arena_new();
	const expr *e;
	e2l_error err;
	if (expr_parse(A, text, &e, &err) != E2L_OK) {
		expr_arena_free(A);
		return xstrdup(text);
	}
	/* The printer never splits a name, so whole words of its text are
	 * the variables. */
	char *s = expr_print(e, syntax);
	expr_arena_free(A);
	for (int i = 0; i < n; i++) {
		strbuf b = { 0 };
		size_t len = strlen(from[i]);
		for (const char *p = s; *p;) {
			if (word_at(s, p, from[i], len)) {
				strbuf_put(&b, to[i], strlen(to[i]));
				p += len;
			} else {
				strbuf_put(&b, p, 1);
				p++;
			}
		}
		free(s);
		s = b.s ? b.s : xstrdup("");
	}
	return s;
}
