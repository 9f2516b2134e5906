/* sandbox.c -- a program confined by seccomp and Landlock (sandbox.h). */
#define _DEFAULT_SOURCE /* syscall(): Landlock has no libc wrapper */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sandbox.h"

#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__)) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SANDBOX_SECCOMP 1
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/sched.h> /* CLONE_THREAD (<sched.h> would find tools/) */
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#if defined(__x86_64__)
#define SANDBOX_ARCH AUDIT_ARCH_X86_64
#else
#define SANDBOX_ARCH AUDIT_ARCH_AARCH64
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#else
#define SANDBOX_SECCOMP 0
#endif

extern char **environ;

int sandbox_walls(void)
{
#if SANDBOX_SECCOMP
    return SANDBOX_NO_PROGRAMS |
           (syscall(SYS_landlock_create_ruleset, NULL, 0,
                    LANDLOCK_CREATE_RULESET_VERSION) >= 1
                ? SANDBOX_WRITES_BENEATH
                : 0);
#else
    return 0;
#endif
}

/* The program's path into buf: prog itself when it names a path, else
 * the first executable regular file of that name on the PATH.  0, or -1
 * when there is none. */
static int find_program(const char *prog, char *buf, size_t n)
{
    if (strchr(prog, '/'))
        return snprintf(buf, n, "%s", prog) < (int)n ? 0 : -1;
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *d = path;; d++) {
        const char *end = strchr(d, ':');
        size_t len = end ? (size_t)(end - d) : strlen(d);
        int k = snprintf(buf, n, "%.*s%s%s", (int)len, d, len ? "/" : "",
                         prog);
        struct stat st;
        if (k > 0 && (size_t)k < n && stat(buf, &st) == 0 &&
            S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
            return 0;
        if (!end)
            return -1;
        d = end;
    }
}

#if SANDBOX_SECCOMP
#define LD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define LD_ARG0_LO BPF_STMT(BPF_LD | BPF_W | BPF_ABS, \
                            offsetof(struct seccomp_data, args[0]))
#define LD_ARG0_HI BPF_STMT(BPF_LD | BPF_W | BPF_ABS, \
                            offsetof(struct seccomp_data, args[0]) + 4)
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define DENY RET(SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA))
/* "if nr == sys return v", as two instructions. */
#define REFUSE(sys, v) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (sys), 0, 1), RET(v)

/* No new process, no program but the one at address `path`. */
static int no_programs(const char *path)
{
    uint64_t at = (uint64_t)(uintptr_t)path;
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                 offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SANDBOX_ARCH, 1, 0),
        RET(SECCOMP_RET_KILL_PROCESS),
        LD_NR,
#if defined(__x86_64__)
        /* x32 system calls: the same numbers with bit 30 set. */
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
        RET(SECCOMP_RET_KILL_PROCESS),
        REFUSE(__NR_fork, SECCOMP_RET_ERRNO | EPERM),
        REFUSE(__NR_vfork, SECCOMP_RET_ERRNO | EPERM),
#endif
        REFUSE(__NR_execveat, SECCOMP_RET_ERRNO | EPERM),
        REFUSE(__NR_clone3, SECCOMP_RET_ERRNO | ENOSYS),
        /* clone: threads only */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 4),
        LD_ARG0_LO,
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 1, 0),
        DENY,
        RET(SECCOMP_RET_ALLOW),
        /* execve: only of the program's own path, by its address */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execve, 0, 6),
        LD_ARG0_LO,
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)at, 0, 3),
        LD_ARG0_HI,
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(at >> 32), 0, 1),
        RET(SECCOMP_RET_ALLOW),
        DENY,
        RET(SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {.len = sizeof code / sizeof code[0],
                              .filter = code};
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}

/* Writes only beneath dir, when the kernel has Landlock; 0 also when it
 * has not (best effort), -1 when it has and the rules failed. */
static int write_only_beneath(const char *dir)
{
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
                       LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 1)
        return 0;
    uint64_t fs = LANDLOCK_ACCESS_FS_WRITE_FILE |
                  LANDLOCK_ACCESS_FS_REMOVE_DIR |
                  LANDLOCK_ACCESS_FS_REMOVE_FILE |
                  LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
                  LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
                  LANDLOCK_ACCESS_FS_MAKE_FIFO |
                  LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM;
    if (abi >= 2)
        fs |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        fs |= LANDLOCK_ACCESS_FS_TRUNCATE;
    struct landlock_ruleset_attr attr = {.handled_access_fs = fs};
    int rs = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
    if (rs < 0)
        return -1;
    struct landlock_path_beneath_attr beneath = {
        .allowed_access = fs, .parent_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    int rc = beneath.parent_fd >= 0 &&
                     syscall(SYS_landlock_add_rule, rs,
                             LANDLOCK_RULE_PATH_BENEATH, &beneath, 0) == 0 &&
                     syscall(SYS_landlock_restrict_self, rs, 0) == 0
                 ? 0
                 : -1;
    if (beneath.parent_fd >= 0)
        close(beneath.parent_fd);
    close(rs);
    return rc;
}
#endif

int sandbox_exec(const char *prog, char *const argv[], const char *dir)
{
    char path[4096]; /* its address is in the filter */
    if (find_program(prog, path, sizeof path) != 0) {
        dprintf(2, "%s: not found\n", prog);
        return SANDBOX_NOT_FOUND;
    }
#if SANDBOX_SECCOMP
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        write_only_beneath(dir) != 0 || no_programs(path) != 0) {
        dprintf(2, "cannot confine %s: %s\n", prog, strerror(errno));
        return SANDBOX_FAILED;
    }
#else
    (void)dir;
#endif
    execve(path, argv, environ);
    dprintf(2, "%s: cannot execute: %s\n", path, strerror(errno));
    return errno == ENOENT ? SANDBOX_NOT_FOUND : SANDBOX_FAILED;
}
