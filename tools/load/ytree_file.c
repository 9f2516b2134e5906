/* ytree_file.c -- reading a YAML file without trusting what it is.
 *
 * A scenario may name other files (extends:, a sweep's base:), so the
 * path is as untrusted as the text.  Only a regular file is read: it is
 * checked before it is opened (opening a FIFO for reading waits for a
 * writer; opening a device may act on it) and again on the open file (the
 * path may have changed in between).  Kernel pseudo-files are regular in
 * name only: those of /proc and /sys are refused by their file system,
 * and any other that reports size 0 yet yields data is refused after
 * reading.  At most YTREE_MAX_FILE_SIZE bytes (plus one, to notice more)
 * are ever read, and no message quotes the file's text.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/magic.h>
#include <sys/vfs.h>
#endif
#include "ytree.h"

/* Formats "PATH:1:1: (file): ..." into err; returns -1. */
static int yfile_fail(char *err, size_t errlen, const char *path,
                      const char *fmt, ...)
{
    if (!errlen)
        return -1;
    int k = snprintf(err, errlen, "%s:1:1: (file): ", path);
    if (k >= 0 && (size_t)k < errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + k, errlen - (size_t)k, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* What a file that is not a regular file is, for the message. */
static const char *yfile_kind(mode_t m)
{
    return S_ISDIR(m)    ? "a directory"
           : S_ISFIFO(m) ? "a pipe"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
                         : "not a regular file";
}

/* 1 if the open file fd lives on /proc or /sys (kernel data). */
static int yfile_pseudo(int fd)
{
#ifdef __linux__
    struct statfs fs;
    if (fstatfs(fd, &fs) == 0 &&
        (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC))
        return 1;
#else
    (void)fd;
#endif
    return 0;
}

/* Reads at most YTREE_MAX_FILE_SIZE + 1 bytes of fd into a malloc'd
 * buffer.  Returns 0, or -1 with errno set. */
static int yfile_read(int fd, off_t size, char **out, size_t *len)
{
    size_t max = (size_t)YTREE_MAX_FILE_SIZE + 1;
    size_t cap = size > 0 && (size_t)size < max ? (size_t)size + 1 : 65536;
    char *buf = malloc(cap);
    *len = 0;
    if (!buf)
        return -1;
    while (*len < max) {
        if (*len == cap) {
            size_t c = cap * 2 < max ? cap * 2 : max;
            char *b = realloc(buf, c);
            if (!b) {
                free(buf);
                return -1;
            }
            buf = b;
            cap = c;
        }
        ssize_t k = read(fd, buf + *len, cap - *len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int e = errno;
            free(buf);
            errno = e;
            return -1;
        }
        if (k == 0)
            break;
        *len += (size_t)k;
    }
    *out = buf;
    return 0;
}

/* Opens path for reading if it is a regular file.  Returns the file
 * descriptor with its status in *st, or -1 with the message in err. */
static int yfile_open(const char *path, struct stat *st, char *err,
                      size_t errlen)
{
    if (stat(path, st) != 0)
        return yfile_fail(err, errlen, path, "cannot open: %s; check the path",
                          strerror(errno));
    if (!S_ISREG(st->st_mode))
        return yfile_fail(err, errlen, path, "%s, not a regular file; name "
                          "a scenario file", yfile_kind(st->st_mode));
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return yfile_fail(err, errlen, path, "cannot open: %s; check the path",
                          strerror(errno));
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return yfile_fail(err, errlen, path, "not a regular file; name a "
                          "scenario file");
    }
    if (yfile_pseudo(fd)) {
        close(fd);
        return yfile_fail(err, errlen, path, "a file of /proc or /sys "
                          "(kernel data), not a scenario file; name a "
                          "scenario file");
    }
    return fd;
}

int ytree_parse_file(const char *path, int flags, ytree **out, char *err,
                     size_t errlen)
{
    struct stat st;
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    int fd = yfile_open(path, &st, err, errlen);
    if (fd < 0)
        return -1;
    int rc = -1;
    if (st.st_size > YTREE_MAX_FILE_SIZE)
        len = (size_t)YTREE_MAX_FILE_SIZE + 1; /* too large: no need to read */
    else if (yfile_read(fd, st.st_size, &buf, &len) != 0)
        yfile_fail(err, errlen, path, "cannot read: %s; check the path",
                   strerror(errno));
    else if (st.st_size == 0 && len > 0)
        yfile_fail(err, errlen, path, "its size is 0 yet it holds data (a "
                   "kernel pseudo-file?), not a scenario file; name a "
                   "scenario file");
    else
        rc = 0;
    close(fd);
    if (len > (size_t)YTREE_MAX_FILE_SIZE) {
        rc = yfile_fail(err, errlen, path,
                        "file is larger than %ld bytes (16 MiB); split it "
                        "or use extends",
                        YTREE_MAX_FILE_SIZE);
    } else if (rc == 0) {
        ytree_origin o = {path, 1, 0, NULL, flags};
        rc = ytree_parse_text(buf, len, &o, out, NULL, err, errlen);
    }
    free(buf);
    return rc;
}
