/* no_tmpfile.c -- an LD_PRELOAD shim for test/cli/files.sh: open() with
 * O_TMPFILE fails with EOPNOTSUPP, as on a filesystem without unnamed
 * temporary files, so that flowsim's fallback (a named temporary) is
 * tested.  Every other open() goes through unchanged.  When
 * NO_TMPFILE_MARK names a file, a refusal creates it (so the test knows
 * the shim was in effect). */
#undef _FILE_OFFSET_BITS /* open and open64 as two functions */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*open_fn)(const char *, int, ...);

/* The mode argument is there only with O_CREAT or O_TMPFILE. */
static int forward(const char *name, const char *path, int flags, va_list ap)
{
    /* dlsym gives an object pointer; ISO C has no conversion of it to a
     * function pointer, so its bytes are copied (POSIX makes them one). */
    void *sym = dlsym(RTLD_NEXT, name);
    open_fn real;
    memcpy(&real, &sym, sizeof real);
    if (!real) {
        errno = ENOSYS;
        return -1;
    }
    if ((flags & O_TMPFILE) == O_TMPFILE) {
        const char *mark = getenv("NO_TMPFILE_MARK");
        int fd = mark ? real(mark, O_WRONLY | O_CREAT, (mode_t)0644) : -1;
        if (fd >= 0)
            close(fd);
        errno = EOPNOTSUPP;
        return -1;
    }
    if (flags & O_CREAT)
        return real(path, flags, (mode_t)va_arg(ap, int));
    return real(path, flags);
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int fd = forward("open", path, flags, ap);
    va_end(ap);
    return fd;
}

int open64(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int fd = forward("open64", path, flags, ap);
    va_end(ap);
    return fd;
}
