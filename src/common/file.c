/*
 * file.c - the only ways libe2l and its front ends touch files (common.h).
 *
 * Every read is bounded and refuses what is not a regular file, so that a
 * path naming /dev/zero, a FIFO or a directory is an error, not a hang or
 * an exhausted memory.  Every whole-file write goes through a temporary
 * made with mkstemp in the target's directory and a rename, so a planted
 * symlink is never followed and a reader never sees half a file.  Appends
 * open with O_NOFOLLOW for the same reason.
 *
 * Text readers share one convention: a UTF-8 byte order mark at the start
 * is skipped, and a NUL byte is an error naming its line, since C strings
 * would silently cut the text there.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2l/common.h"

/* Opens path for reading without blocking on a FIFO, and keeps it open
 * only if it is a regular file.  -1 with err filled otherwise. */
static int open_regular(const char *path, e2l_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int dir = S_ISDIR(st.st_mode);
		close(fd);
		e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path, dir ?
			 "is a directory, not a file" :
			 "not a regular file (a device, FIFO or socket)");
		return -1;
	}
	/* Regular files never block; clear the flag for plain reads. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

FILE *e2l_fopen_read(const char *path, e2l_error *err)
{
	int fd = open_regular(path, err);
	FILE *f;

	if (fd < 0)
		return NULL;
	if (!(f = fdopen(fd, "r"))) {
		e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

e2l_status e2l_text_check(const char *path, char *text, size_t *len,
			  e2l_error *err)
{
	int line = 1;

	if (*len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		memmove(text, text + 3, *len - 3 + 1);
		*len -= 3;
	}
	for (size_t i = 0; i < *len; i++) {
		if (text[i] == '\n')
			line++;
		else if (text[i] == '\0')
			return e2l_fail(err, E2L_ESYNTAX, line, 1, "%s:%d: a NUL "
					"byte in the text (is this a binary "
					"file?)", path, line);
	}
	return E2L_OK;
}

e2l_status e2l_read_file(const char *path, size_t max, char **data,
			 size_t *len, e2l_error *err)
{
	int fd = open_regular(path, err);
	size_t n = 0, cap = 4096;
	char *buf;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return E2L_EIO;
	buf = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				close(fd);
				free(buf);
				return e2l_fail(err, E2L_ELIMIT, 0, 0, "%s: larger "
						"than %zu bytes, the most e2l "
						"reads of such a file", path,
						max);
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			close(fd);
			free(buf);
			return e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
					strerror(e));
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max) {
			close(fd);
			free(buf);
			return e2l_fail(err, E2L_ELIMIT, 0, 0, "%s: larger than "
					"%zu bytes, the most e2l reads of such "
					"a file", path, max);
		}
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return E2L_OK;
}

e2l_status e2l_read_text(const char *path, size_t max, char **text,
			 e2l_error *err)
{
	size_t len;
	e2l_status st = e2l_read_file(path, max, text, &len, err);

	if (st == E2L_OK && (st = e2l_text_check(path, *text, &len, err))) {
		free(*text);
		*text = NULL;
	}
	return st;
}

ssize_t e2l_getline(char **line, size_t *cap, FILE *f, size_t max)
{
	size_t n = 0;
	int c;

	if (!*line || *cap < 2) {
		*cap = 128;
		*line = xrealloc(*line, *cap);
	}
	while ((c = getc(f)) != EOF) {
		if (n + 2 > *cap) {
			*cap *= 2;
			*line = xrealloc(*line, *cap);
		}
		(*line)[n++] = (char)c;
		if (c == '\n')
			break;
		if (n > max) {
			/* Not skipped to its end: a stream like /dev/zero has
			 * none.  The caller reports the line and stops. */
			(*line)[n] = '\0';
			errno = EFBIG;
			return -2;
		}
	}
	(*line)[n] = '\0';
	if (n == 0 && c == EOF)
		return -1;
	return (ssize_t)n;
}

/* "DIR/.NAME.XXXXXX": a temporary beside path, hidden from listings. */
static char *temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = slash ? slash + 1 : path;
	char *t = xmalloc(strlen(path) + 10);

	memcpy(t, path, dirlen);
	sprintf(t + dirlen, ".%s.XXXXXX", base);
	return t;
}

int e2l_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;   /* a full file system */
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

e2l_status e2l_write_atomic(const char *path, const char *data, size_t len,
			    e2l_error *err)
{
	char *tmp = temp_name(path);
	int fd = mkstemp(tmp), e;
	mode_t mask;

	if (fd < 0) {
		e = errno;
		free(tmp);
		return e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path, strerror(e));
	}
	/* mkstemp makes 0600; a file of ours gets what creat() would give. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || e2l_write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		return e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path, strerror(e));
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
		free(tmp);
		return e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path, strerror(e));
	}
	free(tmp);
	return E2L_OK;
}

int e2l_open_append(const char *path, e2l_error *err)
{
	struct stat st;
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
		      O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0666);

	if (fd < 0) {
		e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
			 errno == ELOOP ? "is a symbolic link; e2l will not "
			 "write through it" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		e2l_fail(err, E2L_EIO, 0, 0, "%s: not a regular file", path);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

e2l_status e2l_append(const char *path, const char *data, size_t len,
		      e2l_error *err)
{
	int fd = e2l_open_append(path, err), e;

	if (fd < 0)
		return E2L_EIO;
	if (e2l_write_all(fd, data, len) != 0) {
		e = errno;
		close(fd);
		return e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
				strerror(e));
	}
	if (close(fd) != 0)
		return e2l_fail(err, E2L_EIO, 0, 0, "%s: %s", path,
				strerror(errno));
	return E2L_OK;
}

size_t e2l_escape(const char *s, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	if (size == 0)
		return 0;
	for (; *s && n + 1 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != 0x7f) {
			buf[n++] = (char)c;
			continue;
		}
		if (n + 5 > size)       /* \xNN and the terminator */
			break;
		buf[n++] = '\\';
		buf[n++] = 'x';
		buf[n++] = hex[c >> 4];
		buf[n++] = hex[c & 15];
	}
	buf[n] = '\0';
	return n;
}
