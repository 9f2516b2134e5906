/* replay.c -- replays inputs through a fuzzing target without libFuzzer.
 *
 *   replay_load|replay_set PATH...
 *
 * Linked with fuzz_load.c or fuzz_set.c: calls LLVMFuzzerTestOneInput on
 * every regular file named or found (not recursively, in name order) in
 * the directories named.  An input that crashes, leaks (under ASan) or
 * fails a check of fuzz_common.c aborts the run; exit status 0 means every
 * input went through.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replayed;

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 1 << 16, len = 0, k;
    char *buf = malloc(cap);
    while (buf && (k = fread(buf + len, 1, cap - len, f)) > 0) {
        len += k;
        if (len == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "%s: out of memory\n", path);
        return -1;
    }
    fprintf(stderr, "replay %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
    free(buf);
    replayed++;
    return 0;
}

static int replay_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t sz = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(sz);
        char **nn = realloc(names, (n + 1) * sizeof *names);
        if (!p || !nn) {
            free(p);
            if (nn)
                names = nn;
            rc = -1;
            break;
        }
        names = nn;
        snprintf(p, sz, "%s/%s", dir, e->d_name);
        struct stat st;
        if (e->d_name[0] == '.' || stat(p, &st) != 0 || !S_ISREG(st.st_mode))
            free(p);
        else
            names[n++] = p;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, replay_cmp);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && replay_file(names[i]) != 0)
            rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            rc = 1;
        } else if (S_ISDIR(st.st_mode) ? replay_dir(argv[i])
                                       : replay_file(argv[i])) {
            rc = 1;
        }
    }
    printf("%d inputs replayed without a crash%s\n", replayed,
           rc ? " (but some could not be read)" : "");
    return rc;
}
