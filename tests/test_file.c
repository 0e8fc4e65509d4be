/*
 * test_file.c - the file helpers every reader and writer goes through
 * (src/common/file.c): bounded reads that refuse devices, FIFOs and
 * directories; text checks (BOM, NUL); atomic writes that never follow a
 * planted symbolic link; appends that refuse one; escaping of control
 * bytes, also in error messages.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "e2l/common.h"

static char dir[] = "/tmp/e2l-test-file-XXXXXX";

/* dir/name; two calls may share a statement (a few buffers rotate). */
static char *in_dir(const char *name)
{
	static char path[4][256];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", dir, name);
	return p;
}

static void put(const char *name, const char *data, size_t len)
{
	FILE *f = fopen(in_dir(name), "wb");
	fwrite(data, 1, len, f);
	fclose(f);
}

static void test_reads(void)
{
	e2l_error err;
	char *text;
	size_t len;

	put("plain", "a = 1\nb = 2\n", 12);
	CHECK(e2l_read_file(in_dir("plain"), 100, &text, &len, &err) == E2L_OK,
	      "%s", err.msg);
	CHECK(len == 12 && !strcmp(text, "a = 1\nb = 2\n"), "'%s'", text);
	free(text);

	/* The bound: exactly max is fine, one more is not. */
	CHECK(e2l_read_file(in_dir("plain"), 12, &text, &len, &err) == E2L_OK,
	      "%s", err.msg);
	free(text);
	CHECK(e2l_read_file(in_dir("plain"), 11, &text, &len, &err) ==
	      E2L_ELIMIT && !text, "%d", err.status);
	CHECK(strstr(err.msg, "larger than 11 bytes"), "%s", err.msg);

	/* Not regular files: an error at once, never a hang or a flood. */
	CHECK(e2l_read_file("/dev/zero", 1 << 20, &text, &len, &err) ==
	      E2L_EIO, "%d", err.status);
	CHECK(strstr(err.msg, "/dev/zero: not a regular file"), "%s", err.msg);
	CHECK(e2l_read_file(dir, 100, &text, &len, &err) == E2L_EIO, "dir");
	CHECK(strstr(err.msg, "is a directory"), "%s", err.msg);
	CHECK(mkfifo(in_dir("fifo"), 0600) == 0, "mkfifo: %s", strerror(errno));
	CHECK(e2l_read_file(in_dir("fifo"), 100, &text, &len, &err) ==
	      E2L_EIO, "fifo");
	CHECK(strstr(err.msg, "not a regular file"), "%s", err.msg);
	CHECK(e2l_fopen_read(in_dir("fifo"), &err) == NULL, "fifo opened");
	CHECK(e2l_read_file(in_dir("missing"), 100, &text, &len, &err) ==
	      E2L_EIO && strstr(err.msg, "No such file"), "%s", err.msg);

	/* Text: a BOM is dropped, a NUL named with its line. */
	put("bom", "\xef\xbb\xbfx = 1\n", 9);
	CHECK(e2l_read_text(in_dir("bom"), 100, &text, &err) == E2L_OK, "%s",
	      err.msg);
	CHECK(!strcmp(text, "x = 1\n"), "'%s'", text);
	free(text);
	put("nul", "x = 1\ny = 2\0z\n", 14);
	CHECK(e2l_read_text(in_dir("nul"), 100, &text, &err) == E2L_ESYNTAX &&
	      !text, "nul accepted");
	CHECK(err.line == 2 && strstr(err.msg, ":2: a NUL byte"), "%d %s",
	      err.line, err.msg);
}

static void test_getline(void)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	e2l_error err;

	put("lines", "short\nthis one is long\nend", 26);
	f = e2l_fopen_read(in_dir("lines"), &err);
	CHECK(f, "%s", err.msg);
	if (!f)
		return;
	CHECK(e2l_getline(&line, &cap, f, 8) == 6 && !strcmp(line, "short\n"),
	      "'%s'", line);
	CHECK(e2l_getline(&line, &cap, f, 8) == -2 && errno == EFBIG, "long");
	fclose(f);
	/* An endless line ends the read at the bound, never runs forever. */
	f = fopen("/dev/zero", "r");
	CHECK(f && e2l_getline(&line, &cap, f, 1 << 16) == -2, "/dev/zero");
	if (f)
		fclose(f);
	free(line);
}

static void test_writes(void)
{
	e2l_error err;
	char *text;
	size_t len;
	struct stat st;

	/* A symbolic link planted where the file goes is replaced, and what
	 * it pointed at is left alone. */
	put("victim", "precious\n", 9);
	CHECK(symlink(in_dir("victim"), in_dir("out")) == 0, "symlink");
	CHECK(e2l_write_atomic(in_dir("out"), "new\n", 4, &err) == E2L_OK, "%s",
	      err.msg);
	CHECK(e2l_read_file(in_dir("victim"), 100, &text, &len, &err) ==
	      E2L_OK && !strcmp(text, "precious\n"), "victim overwritten");
	free(text);
	CHECK(lstat(in_dir("out"), &st) == 0 && S_ISREG(st.st_mode),
	      "out is still a link");
	CHECK(e2l_read_file(in_dir("out"), 100, &text, &len, &err) == E2L_OK &&
	      !strcmp(text, "new\n"), "out not written");
	free(text);
	/* The old name for the temporary must not be followed either. */
	CHECK(symlink(in_dir("victim"), in_dir("out.tmp")) == 0, "symlink");
	CHECK(e2l_write_atomic(in_dir("out"), "newer\n", 6, &err) == E2L_OK,
	      "%s", err.msg);
	CHECK(e2l_read_file(in_dir("victim"), 100, &text, &len, &err) ==
	      E2L_OK && !strcmp(text, "precious\n"), "victim overwritten");
	free(text);

	/* An error names the file asked for, not a temporary. */
	CHECK(e2l_write_atomic("/proc/version", "x", 1, &err) == E2L_EIO,
	      "wrote /proc/version");
	CHECK(!strncmp(err.msg, "/proc/version: ", 15), "%s", err.msg);

	/* Appends refuse links and non-files. */
	CHECK(symlink(in_dir("victim"), in_dir("log")) == 0, "symlink");
	CHECK(e2l_append(in_dir("log"), "x\n", 2, &err) == E2L_EIO, "appended");
	CHECK(strstr(err.msg, "symbolic link"), "%s", err.msg);
	CHECK(e2l_read_file(in_dir("victim"), 100, &text, &len, &err) ==
	      E2L_OK && !strcmp(text, "precious\n"), "victim appended to");
	free(text);
	CHECK(e2l_append(in_dir("fifo"), "x\n", 2, &err) == E2L_EIO,
	      "appended to a FIFO");
	CHECK(e2l_append(in_dir("new"), "a\n", 2, &err) == E2L_OK &&
	      e2l_append(in_dir("new"), "b\n", 2, &err) == E2L_OK, "%s",
	      err.msg);
	CHECK(e2l_read_file(in_dir("new"), 100, &text, &len, &err) == E2L_OK &&
	      !strcmp(text, "a\nb\n"), "append");
	free(text);
}

static void test_escape(void)
{
	char buf[64];
	e2l_error err;

	e2l_escape("x\x1b[31m\ty", buf, sizeof buf);
	CHECK(!strcmp(buf, "x\\x1b[31m\\x09y"), "'%s'", buf);
	e2l_escape("\x1b\x1b\x1b", buf, 8);       /* never half an escape */
	CHECK(!strcmp(buf, "\\x1b"), "'%s'", buf);
	e2l_escape("\x1b\x1b", buf, 9);          /* exactly room for both */
	CHECK(!strcmp(buf, "\\x1b\\x1b"), "'%s'", buf);
	e2l_escape("héllo", buf, sizeof buf);     /* UTF-8 passes */
	CHECK(!strcmp(buf, "héllo"), "'%s'", buf);
	e2l_fail(&err, E2L_ESYNTAX, 1, 2, "unknown name '%s'", "x\x1b[2J");
	CHECK(!strcmp(err.msg, "unknown name 'x\\x1b[2J'"), "'%s'", err.msg);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	test_reads();
	test_getline();
	test_writes();
	test_escape();
	/* Leave nothing behind. */
	const char *names[] = { "plain", "fifo", "bom", "nul", "lines",
				"victim", "out", "out.tmp", "log", "new" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		unlink(in_dir(names[i]));
	CHECK(rmdir(dir) == 0, "temporaries left in %s", dir);
	return check_done("test_file");
}
