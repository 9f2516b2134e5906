/* test_plot_sandbox.c -- the second wall around gnuplot (report/sandbox.c
 * through report/plot.c's plot_run).
 *
 * Scripts that try every way gnuplot has to run a command, and a shell
 * standing in for gnuplot, are run by plot_run: no marker file may
 * appear.  Each gnuplot attack is first run by an unconfined gnuplot, to
 * show that it does create its marker there (so the check can fail).
 * Writes outside the plot folder are refused when the kernel has
 * Landlock.  Skipped (exit 77) without gnuplot or on a system where the
 * sandbox is not built (not Linux on x86-64 or AArch64).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "plot.h"
#include "sandbox.h"
#include "tap.h"

static char tmp[4096];   /* TMPDIR of the plot sets: the test's folder */

static int exists(const char *dir, const char *name)
{
    char path[4600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    return stat(path, &st) == 0;
}

/* The folder of the one plot set open (flowsim-report-* in tmp). */
static int plot_dir(char *buf, size_t n)
{
    DIR *d = opendir(tmp);
    struct dirent *e;
    int found = 0;
    while (d && (e = readdir(d)))
        if (!strncmp(e->d_name, "flowsim-report-", 15)) {
            snprintf(buf, n, "%s/%s", tmp, e->d_name);
            found = 1;
        }
    if (d)
        closedir(d);
    return found;
}

/* Runs gnuplot unconfined on code (-e), in tmp; its exit status. */
static int gnuplot_free(const char *code)
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0 ||
            chdir(tmp) != 0)
            _exit(126);
        execlp("gnuplot", "gnuplot", "-e", code, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs code in a plot set through plot_run (prog: the program, NULL for
 * gnuplot); *made gets whether marker appeared in the plot folder or in
 * tmp.  Returns plot_run's result. */
static int confined(const char *prog, const char *code, const char *marker,
                    int *made, char *err, size_t errlen)
{
    if (prog)
        setenv("FLOWSIM_GNUPLOT", prog, 1);
    else
        unsetenv("FLOWSIM_GNUPLOT");
    plot_set *p = plot_begin(err, errlen);
    if (!p)
        return -2;
    plot_code_(p, code);
    int rc = plot_run(p, err, errlen);
    char dir[4600] = "";
    *made = exists(tmp, marker) || (plot_dir(dir, sizeof dir) &&
                                    exists(dir, marker));
    plot_end(p);
    unsetenv("FLOWSIM_GNUPLOT");
    return rc;
}

/* One way to run a command from gnuplot's language: unconfined (in tmp)
 * it makes the marker; confined (in the plot folder) it must not. */
static void attack(const char *what, const char *code, const char *marker)
{
    char path[4600], err[700];
    snprintf(path, sizeof path, "%s/%s", tmp, marker);
    unlink(path);
    gnuplot_free(code);
    int free_made = exists(tmp, marker);
    unlink(path);
    int made = 0;
    confined(NULL, code, marker, &made, err, sizeof err);
    CHECK(free_made && !made, "%s: unconfined gnuplot makes %s (%d), "
                              "plot_run's does not (%d)",
          what, marker, free_made, made);
    unlink(path);
}

/* An ordinary plot draws in the sandbox; every way gnuplot's language has
 * to run a program works unconfined and not under plot_run; a shell in
 * gnuplot's place can neither fork nor execute; writes stay in the
 * folder.
 * Long on purpose: a list of checks on one case, in order; split, each
 * part would need the case handed to it and say less. */
int main(void)
{
    int walls = sandbox_walls();
    if (!(walls & SANDBOX_NO_PROGRAMS)) {
        printf("1..0 # SKIP the sandbox is built on Linux x86-64 and "
               "AArch64 only\n");
        return 0;
    }
    if (system("gnuplot --version >/dev/null 2>&1") != 0) {
        printf("1..0 # SKIP gnuplot is not installed\n");
        return 0;
    }
    const char *base = getenv("TMPDIR");
    snprintf(tmp, sizeof tmp, "%s/flowsim-sandbox-XXXXXX",
             base && *base ? base : "/tmp");
    if (!mkdtemp(tmp)) {
        perror(tmp);
        return 1;
    }
    setenv("TMPDIR", tmp, 1);
    char err[700], code[5000];
    int made = 0;

    /* An ordinary plot still draws. */
    plot_set *p = plot_begin(err, sizeof err);
    CHECK(p != NULL, "plot_begin");
    plot_start(p, "ok", 300, 200);
    plot_cmd(p, "plot x title ");
    plot_str(p, "a'b\"c`touch TICK`");
    plot_cmd(p, "\n");
    int rc = plot_run(p, err, sizeof err);
    CHECK(rc == 0, "a plot draws in the sandbox (%s)", rc ? err : "ok");
    FILE *null = fopen("/dev/null", "w");
    CHECK(null && plot_embed(p, "ok", null) == 0, "its SVG is there");
    if (null)
        fclose(null);
    CHECK(!exists(tmp, "TICK"), "a quoted backquote runs nothing");
    plot_end(p);

    /* gnuplot's ways to run a program: each works unconfined.  The
     * markers are relative, in the plot folder where gnuplot may write,
     * so that only the ban on programs stops them. */
    attack("system()", "print system('touch m-system')", "m-system");
    attack("backquotes", "x = \"`touch m-backquote`\"", "m-backquote");
    attack("! command", "!touch m-bang\n", "m-bang");
    /* (unset print and set output close the pipe: gnuplot waits) */
    attack("set print to a pipe",
           "set print '| touch m-pipe'; print 1; unset print", "m-pipe");
    attack("plot '< command'", "plot '< touch m-lt; echo 1 1'", "m-lt");
    attack("load '< command'", "load '< touch m-load'", "m-load");
    attack("set output to a pipe",
           "set term svg; set output '| touch m-output'; plot x; "
           "set output",
           "m-output");
    attack("a shell by system()", "print system('echo x > m-sh')", "m-sh");

    /* A shell standing in for gnuplot: it runs (it writes a file in its
     * folder by itself) but can neither fork nor execute a program. */
    rc = confined("/bin/sh", "echo ran > ran.txt\n", "ran.txt", &made, err,
                  sizeof err);
    CHECK(made, "the shell runs confined (writes ran.txt itself)");
    confined("/bin/sh", "touch forked.txt\n", "forked.txt", &made, err,
             sizeof err);
    CHECK(!made, "a confined shell cannot fork a program");
    confined("/bin/sh", "exec /usr/bin/touch exec.txt\n", "exec.txt", &made,
             err, sizeof err);
    CHECK(!made, "a confined shell cannot execute a program in its place");

    /* Writes outside the folder (when the kernel has Landlock). */
    snprintf(code, sizeof code, "echo x > %s/outside.txt\n", tmp);
    confined("/bin/sh", code, "outside.txt", &made, err, sizeof err);
    int sh_out = made;
    snprintf(code, sizeof code, "set print '%s/outside-gp.txt'; print 1",
             tmp);
    confined(NULL, code, "outside-gp.txt", &made, err, sizeof err);
    if (walls & SANDBOX_WRITES_BENEATH)
        CHECK(!sh_out && !made, "no write outside the folder: shell (%d), "
                                "gnuplot (%d) (Landlock)", sh_out, made);
    else
        printf("ok %d # SKIP the kernel has no Landlock: writes outside "
               "the folder are not refused\n", ++tap_n);

    /* A text conversion in plot_num breaks the set: nothing is drawn. */
    p = plot_begin(err, sizeof err);
    plot_start(p, "bad", 300, 200);
    plot_num(p, "set title '%s'\n", "x' . system('touch m-fmt') . '");
    plot_cmd(p, "plot x\n");
    rc = plot_run(p, err, sizeof err);
    CHECK(rc == -1 && strstr(err, "refused"),
          "plot_num with %%s: plot_run refuses (%s)", err);
    plot_end(p);

    snprintf(code, sizeof code, "rm -rf '%s'", tmp);
    if (system(code) != 0)
        printf("# could not remove %s\n", tmp);
    return tap_done();
}
