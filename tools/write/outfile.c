/* outfile.c -- output files that appear whole or not at all, and the
 * end of stdout (outfile.h). */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "outfile.h"

/* The name of an output temporary: the folder of path and
 * "flowsim-tmp-" with eight random letters, so that one left behind (by a
 * kill where an unnamed file cannot be had) says whose it is.  The name
 * does not grow with path's own, so it fits wherever path does. */
static int tmp_name(const char *path, unsigned attempt, char **out)
{
    static const char ALNUM[] = "abcdefghijklmnopqrstuvwxyz"
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    char *name = malloc(dir + sizeof "flowsim-tmp-" + 8);
    if (!name) {
        errno = ENOMEM;
        return -1;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* splitmix64 of the time, the process and the attempt: O_EXCL or
     * EEXIST catches the rare clash and the caller tries again. */
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                 ((uint64_t)getpid() << 16) ^ ((uint64_t)attempt << 48) ^
                 (uint64_t)(uintptr_t)&ts;
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    x ^= x >> 31;
    memcpy(name, path, dir);
    memcpy(name + dir, "flowsim-tmp-", 12);
    for (int i = 0; i < 8; i++, x >>= 6)
        name[dir + 12 + i] = ALNUM[x % (sizeof ALNUM - 1)];
    name[dir + 20] = '\0';
    *out = name;
    return 0;
}

/* A new, empty file for path's content.  First choice, on Linux: an
 * unnamed file (O_TMPFILE) in path's folder, which no abrupt end can leave
 * behind; *token is then "" (it is linked into place through
 * /proc/self/fd).  Otherwise a named temporary (tmp_name), *token its
 * name.  The mode asked is 0666, so the umask applies as to any new file.
 * Returns the descriptor, or -1 with errno set. */
static int tmp_open(const char *path, char **token)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + 1)
                      : strdup(".");
    if (!dir) {
        errno = ENOMEM;
        return -1;
    }
    int fd;
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    free(dir);
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (fd >= 0 && access(proc, F_OK) == 0 && (*token = strdup("")))
        return fd;
    if (fd >= 0)
        close(fd); /* no /proc to link it through: a named one instead */
#else
    free(dir);
#endif
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        if (tmp_name(path, attempt, token) != 0)
            return -1;
        fd = open(*token, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0)
            return fd;
        int saved = errno;
        free(*token);
        *token = NULL;
        errno = saved;
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

FILE *outfile_open(const char *path, char **tmp_path)
{
    struct stat st;
    *tmp_path = NULL;
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode))
        return S_ISDIR(st.st_mode) ? (errno = EISDIR, NULL)
                                   : fopen(path, "w");
    int fd = tmp_open(path, tmp_path);
    if (fd < 0)
        return NULL;
    /* A file replaced keeps its group and permissions (not set-id bits),
     * where the owner may set them: a private 0600 file stays private. */
    if (exists) {
        if (fchown(fd, (uid_t)-1, st.st_gid) != 0) {
            /* not a member of that group: the file gets ours */
        }
        fchmod(fd, st.st_mode & 0777);
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int saved = errno;
        close(fd);
        if (**tmp_path)
            unlink(*tmp_path);
        free(*tmp_path);
        *tmp_path = NULL;
        errno = saved;
    }
    return f;
}

/* Gives the file open as fd the name path, replacing what is there
 * atomically.  token is tmp_open's.  A named temporary is renamed; an
 * unnamed one is linked to path when path does not exist, or else to a
 * new temporary name that is then renamed over path (link cannot replace).
 * Returns 0, or -1 with errno set. */
static int tmp_place(int fd, const char *path, const char *token)
{
    if (*token)
        return rename(token, path);
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
        return 0;
    if (errno != EEXIST)
        return -1;
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        char *name;
        if (tmp_name(path, attempt, &name) != 0)
            return -1;
        if (linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0) {
            int rc = rename(name, path);
            int saved = errno;
            if (rc != 0)
                unlink(name);
            free(name);
            errno = saved;
            return rc;
        }
        int saved = errno;
        free(name);
        errno = saved;
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

int outfile_commit(FILE *f, const char *path, char *tmp_path)
{
    if (!tmp_path) { /* a device or pipe, written directly */
        int rc = fflush(f) != 0 || ferror(f) ? -1 : 0;
        int saved = errno;
        if (fclose(f) != 0 && rc == 0)
            return -1;
        errno = saved;
        return rc;
    }
    int rc = 0;
    if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0 ||
        tmp_place(fileno(f), path, tmp_path) != 0)
        rc = -1;
    int saved = errno;
    if (fclose(f) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0 && *tmp_path)
        unlink(tmp_path);
    free(tmp_path);
    errno = saved;
    return rc;
}

int outfile_close_stdout(void)
{
    errno = 0;
    int failed = ferror(stdout) != 0;
    if (fflush(stdout) != 0)
        failed = 1;
    int saved = errno ? errno : EIO;
    /* EBADF with nothing left to write: stdout was closed (>&-) and the
     * command wrote nothing to it, which is no error. */
    if (fclose(stdout) != 0 && errno != EBADF && !failed) {
        failed = 1;
        saved = errno;
    }
    errno = saved;
    return failed ? -1 : 0;
}
