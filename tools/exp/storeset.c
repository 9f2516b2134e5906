/* storeset.c -- the experiments a results store holds, read to check
 * that stores can be merged (storeset.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "runner.h"
#include "store.h"
#include "storeset.h"

void storeset_free(exp_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].name);
        free(s->v[i].version);
        free(s->v[i].hash);
        free(s->v[i].text);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

static char *col_dup(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return strdup(t ? (const char *)t : "");
}

int storeset_read(const char *path, int must_exist, exp_set *s,
                  char **uri, char *err, size_t errlen)
{
    sqlite3_stmt *q = NULL;
    struct stat sb;
    memset(s, 0, sizeof *s);
    if (!must_exist && stat(path, &sb) != 0)
        return 0;
    sqlite3 *db = store_open_read(path, uri, err, errlen);
    if (!db)
        return EXIT_BAD_INPUT;
    int rc = EXIT_BAD_INPUT, step = SQLITE_ERROR;
    if (sqlite3_prepare_v2(db, "SELECT scenario_name, flowsim_version,"
                               " scenario_hash, scenario_text, seed"
                               " FROM experiments ORDER BY key",
                           -1, &q, NULL) == SQLITE_OK)
        while ((step = sqlite3_step(q)) == SQLITE_ROW) {
            exp_id *v = realloc(s->v, (s->n + 1) * sizeof *v);
            if (!v) {
                step = SQLITE_NOMEM;
                break;
            }
            s->v = v;
            exp_id *e = &s->v[s->n++];
            *e = (exp_id){col_dup(q, 0), col_dup(q, 1), col_dup(q, 2),
                          col_dup(q, 3), sqlite3_column_int64(q, 4)};
            if (!e->name || !e->version || !e->hash || !e->text) {
                step = SQLITE_NOMEM;
                break;
            }
        }
    if (step == SQLITE_DONE)
        rc = 0;
    else
        snprintf(err, errlen, "%s: cannot read the store: %s", path,
                 step == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(db));
    sqlite3_finalize(q);
    sqlite3_close(db);
    if (rc) {
        storeset_free(s);
        if (uri) {
            free(*uri);
            *uri = NULL;
        }
    }
    return rc;
}

/* The experiment of s with e's identity (scenario text, seed and flowsim
 * version, compared in full), or NULL. */
static const exp_id *find(const exp_set *s, const exp_id *e)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].seed == e->seed && !strcmp(s->v[i].version, e->version) &&
            !strcmp(s->v[i].text, e->text))
            return &s->v[i];
    return NULL;
}

int storeset_same(const char *pa, const exp_set *a, const char *pb,
                  const exp_set *b, char *err, size_t errlen)
{
    for (int side = 0; side < 2; side++) {
        const exp_set *x = side ? b : a, *y = side ? a : b;
        const char *px = side ? pb : pa, *py = side ? pa : pb;
        for (size_t i = 0; i < x->n; i++) {
            if (find(y, &x->v[i]))
                continue;
            const exp_id *e = &x->v[i];
            /* The same scenario of another version or seed says more. */
            const exp_id *near = NULL;
            for (size_t j = 0; j < y->n && !near; j++)
                if (!strcmp(y->v[j].hash, e->hash))
                    near = &y->v[j];
            char why[256] = "";
            if (near && strcmp(near->version, e->version))
                snprintf(why, sizeof why, " (%s has it from flowsim %s)",
                         py, near->version);
            else if (near)
                snprintf(why, sizeof why, " (%s has it with seed %lld)", py,
                         near->seed);
            snprintf(err, errlen,
                     "%s holds experiment '%s' (scenario %s, seed %lld, "
                     "flowsim %s) that %s lacks%s: only stores of the same "
                     "experiments (the shards of one run, compare or sweep: "
                     "same scenarios, seed and flowsim version) can be "
                     "merged",
                     px, e->name, e->hash, e->seed, e->version, py, why);
            return EXIT_BAD_INPUT;
        }
    }
    return 0;
}
