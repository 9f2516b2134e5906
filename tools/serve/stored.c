/* stored.c -- the settings of flowsim serve in the results store
 * (stored.h). */
#include "stored.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "network.h"
#include "serve.h"
#include "setting.h"

store *stored_open(const char *path, const scenario *sc,
                   const char *canonical, experiment_hooks *h, char *err,
                   size_t errlen)
{
    int status;
    store *st = store_open(path, &status, err, errlen);
    if (!st)
        return NULL;
    kpi_list kl;
    if (network_kpis(sc, &kl) != 0) {
        snprintf(err, errlen, "out of memory");
        store_close(st);
        return NULL;
    }
    int rc = store_begin(st, sc, canonical, &kl, NULL, err, errlen);
    kpi_list_free(&kl);
    if (rc) {
        store_close(st);
        return NULL;
    }
    *h = store_hooks(st, NULL);
    return st;
}

/* The levers away from the base as JSON: {KEY: VALUE, ...}. */
static char *stored_params(const lever_list *l, const double *values)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fputc('{', f);
    int first = 1;
    for (size_t i = 0; i < l->n; i++) {
        if (values[i] == l->v[i].base)
            continue;
        fputs(first ? "" : ", ", f);
        json_str(f, l->v[i].key);
        /* the shortest text that reads back as the same number */
        char num[32];
        snprintf(num, sizeof num, "%.15g", values[i]);
        if (strtod(num, NULL) != values[i])
            snprintf(num, sizeof num, "%.17g", values[i]);
        fprintf(f, ": %s", num);
        first = 0;
    }
    fputc('}', f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

int stored_record(store *st, const char *name, long reps, uint64_t seed,
                  long *study, int *position, const lever_list *l,
                  const double *values)
{
    if (*study < 0 && (*study = store_study_new(st, "serve", name, reps,
                                                seed)) < 0)
        return -1;
    char *params = stored_params(l, values), label[32];
    if (!params)
        return -1;
    snprintf(label, sizeof label, "setting %d", *position + 1);
    int rc = store_study_add(st, *study, *position, label, params);
    free(params);
    if (rc == 0)
        (*position)++;
    return rc;
}

size_t stored_history(const char *path, const char *name,
                      const lever_list *l, double (*values)[LEVER_MAX],
                      size_t max)
{
    char *uri = NULL, err[256];
    sqlite3 *db = store_open_read(path, &uri, err, sizeof err);
    if (!db)
        return 0;
    sqlite3_stmt *q;
    size_t n = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT m.params FROM study_experiments m"
                           " JOIN studies s ON s.id = m.study_id"
                           " WHERE s.kind = 'serve' AND s.name = ?"
                           " ORDER BY s.id, m.position", -1, &q,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
        while (n < max && sqlite3_step(q) == SQLITE_ROW) {
            const char *p = (const char *)sqlite3_column_text(q, 0);
            char body[SERVE_BODY_MAX], e[SETTING_ERR_MAX];
            /* read back as a client's setting: strictly, and only while
             * still within the levers of today's scenario */
            if (!p || snprintf(body, sizeof body, "{\"levers\": %s}", p) >=
                          (int)sizeof body ||
                setting_parse(body, strlen(body), l, values[n], e,
                              sizeof e))
                continue;
            int dup = 1; /* the base is run anyway */
            for (size_t k = 0; k < l->n && dup; k++)
                dup = values[n][k] == l->v[k].base;
            for (size_t i = 0; i < n && !dup; i++)
                dup = !memcmp(values[i], values[n],
                              l->n * sizeof values[n][0]);
            n += !dup;
        }
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    free(uri);
    return n;
}
