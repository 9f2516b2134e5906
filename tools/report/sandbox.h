/* sandbox.h -- starting a program that can start no other program and
 * write nowhere but one folder: how the report runs gnuplot.
 *
 * gnuplot has no safe mode (5.4: system(), `...` substitution, '<' data
 * pipes, '|' outputs, '!' and `shell` are always there), so text that
 * reached its command language could run anything as the user.  The
 * escaping of plot_str (plot.h) is the first wall; this is the second:
 *
 * - seccomp (Linux, x86-64 and AArch64; required there): the program may
 *   create no process (fork, vfork, and clone without CLONE_THREAD fail
 *   with EPERM; clone3 with ENOSYS, so that threads fall back to clone),
 *   and execute nothing but itself (execve is allowed once, for the
 *   program, by the address of its path; execveat never).  Other
 *   architectures' system calls (i386, x32) kill it.
 * - Landlock (Linux 5.13 on, when the kernel enables it; best effort):
 *   it may create, write, truncate, rename or remove files only beneath
 *   the folder.
 *
 * On a system without seccomp (not Linux, or another architecture) the
 * program runs unconfined and only the escaping protects the user.
 */
#ifndef FLOWSIM_REPORT_SANDBOX_H
#define FLOWSIM_REPORT_SANDBOX_H

#include <stddef.h>

/* Exit statuses of a child whose sandbox_exec failed. */
#define SANDBOX_NOT_FOUND 127   /* prog is not on the PATH */
#define SANDBOX_FAILED 125      /* the confinement could not be set up */

/* In a child process (after fork): confines it as above, writes allowed
 * beneath folder `dir`, and executes prog (looked up on the PATH unless
 * it holds a '/') with argv.  Returns only when that failed: the exit
 * status for the child (SANDBOX_NOT_FOUND or SANDBOX_FAILED), after
 * writing why on stderr.  Uses no heap (safe after fork). */
int sandbox_exec(const char *prog, char *const argv[], const char *dir);

/* The walls this build and kernel raise: SANDBOX_NO_PROGRAMS (seccomp:
 * Linux on x86-64 or AArch64) and SANDBOX_WRITES_BENEATH (Landlock
 * enabled in the kernel), or 0. */
#define SANDBOX_NO_PROGRAMS 1
#define SANDBOX_WRITES_BENEATH 2
int sandbox_walls(void);

#endif
