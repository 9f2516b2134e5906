/* finance_store.c -- costing a benefits study from the results store
 * (rfinance.h): each member's scenario rebuilt from its text, its
 * activity from its daily series. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "load.h"
#include "report.h"
#include "finance_int.h"

/* The canonical text of experiment exp (malloc'd), or NULL: *io is 1
 * when the store could not be read, 0 when it has no text. */
static char *rfin_scenario_text(sqlite3 *db, long exp, int *io)
{
    sqlite3_stmt *q;
    char *text = NULL;
    *io = 0;
    if (sqlite3_prepare_v2(db, "SELECT scenario_text FROM experiments WHERE"
                               " id = ?", -1, &q, NULL) != SQLITE_OK) {
        *io = 1;
        return NULL;
    }
    sqlite3_bind_int64(q, 1, exp);
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0)) {
        const char *t = (const char *)sqlite3_column_text(q, 0);
        text = strdup(t);
        *io = !text;
    }
    sqlite3_finalize(q);
    return text;
}

/* The daily series the costing reads, in cs (indices into the names). */
static size_t rfin_needed(const cost_series *cs, long *out, size_t max)
{
    long one[] = {cs->ed, cs->sdec, cs->short_, cs->long_, cs->occupancy,
                  cs->nctr, cs->escalation};
    size_t n = 0;
    for (size_t i = 0; i < sizeof one / sizeof *one && n < max; i++)
        if (one[i] >= 0)
            out[n++] = one[i];
    for (int r = 0; r < 4; r++)
        for (size_t i = 0; i < cs->n_role[r] && n < max; i++)
            out[n++] = cs->role_idx[r][i];
    return n;
}

/* Member i's scenario rebuilt from its text, with the study's seed and
 * replications, into f->sc[i].  0 (f->msg set when it cannot be), or -1
 * on a read error. */
static int rfin_member_scenario(sqlite3 *db, const rq_study *s, size_t i,
                                rfin *f)
{
    const rq_member *m = &s->m[i];
    int io;
    char *text = rfin_scenario_text(db, m->exp, &io);
    if (!text) {
        if (!io)
            snprintf(f->msg, sizeof f->msg, "the store has no scenario text "
                     "for %s", m->label);
        return io ? -1 : 0;
    }
    char lerr[LOAD_ERR_MAX];
    scenario *sc = load_scenario_mem(text, strlen(text), "(results store)",
                                     NULL, 0, NULL, lerr, sizeof lerr);
    free(text);
    if (!sc) {
        snprintf(f->msg, sizeof f->msg, "the scenario of %s could not be "
                 "rebuilt from the store (%.400s)", m->label, lerr);
        return 0;
    }
    f->sc[i] = sc;
    sc->seed = m->seed;
    sc->replications = s->reps;
    return 0;
}

/* The member's daily series as the store names them, adopted by its
 * scenario sc, over the days of sc's horizon.  0, or -1. */
static int rfin_member_series(sqlite3 *db, const rq_member *m,
                              const scenario *sc, series_list *sl)
{
    series_list own;
    if (network_series(sc, &own) != 0)
        return -1;
    size_t days = own.days;
    series_list_free(&own);
    memset(sl, 0, sizeof *sl);
    if (rq_series_names(db, m, &sl->names, &sl->n) != 0)
        return -1;
    sl->days = days;
    if (series_list_adopt(sl, sc) != 0) {
        series_list_free(sl);
        return -1;
    }
    return 0;
}

/* Each replication's activity from the daily series the costing reads
 * (a replication not finished: NAN, left out of every statistic).  0, or
 * -1 on a read error or out of memory. */
static int rfin_member_activity(sqlite3 *db, const rq_study *s,
                                const rq_member *m, const series_list *sl,
                                const cost_series *cs, fin_run *r)
{
    size_t days = sl->days;
    double **col = calloc(sl->n, sizeof *col);
    size_t *ncol = calloc(sl->n, sizeof *ncol);
    double *row = malloc((days ? days : 1) * sl->n * sizeof *row);
    long need[64];
    size_t nn = rfin_needed(cs, need, 64);
    int rc = col && ncol && row ? 0 : -1;
    for (size_t j = 0; j < nn && rc == 0; j++) {
        size_t k = (size_t)need[j];
        if (col[k])
            continue;
        if (rq_daily(db, m, s->reps, sl->names[k], &col[k], &ncol[k]) < 0)
            rc = -1;
    }
    for (long rep = 0; rep < s->reps && rc == 0; rep++) {
        if (!m->finished[rep]) {  /* left out of every statistic */
            for (size_t y = 0; y < r->n_years; y++)
                for (int it = 0; it < COST_ITEMS; it++)
                    r->act[((size_t)rep * r->n_years + y) * COST_ITEMS +
                           (size_t)it] = NAN;
            continue;
        }
        for (size_t c = 0; c < days * sl->n; c++)
            row[c] = NAN;
        for (size_t k = 0; k < sl->n; k++)
            for (size_t d = 0; col[k] && d < days && d < ncol[k]; d++)
                row[d * sl->n + k] = col[k][(size_t)rep * ncol[k] + d];
        fin_run_add_daily(r, cs, sl, rep, row);
    }
    for (size_t k = 0; col && k < sl->n; k++)
        free(col[k]);
    free(col);
    free(ncol);
    free(row);
    return rc;
}

/* Member i: its scenario from its text, its activity from its daily
 * series.  0 (f->msg set when it cannot be costed), or -1 on a read
 * error. */
static int rfin_cost_member(sqlite3 *db, const rq_study *s, size_t i, rfin *f)
{
    const rq_member *m = &s->m[i];
    if (rfin_member_scenario(db, s, i, f) != 0)
        return -1;
    scenario *sc = f->sc[i];
    if (!sc)
        return 0;
    series_list sl;
    if (rfin_member_series(db, m, sc, &sl) != 0)
        return -1;
    if (sl.n == 0) {
        snprintf(f->msg, sizeof f->msg, "%s has no daily series in the store"
                 " (the costs by financial year are made from them)",
                 m->label);
        series_list_free(&sl);
        return 0;
    }
    cost_series cs;
    if (cost_series_init(&cs, sc, &sl) != 0) {
        series_list_free(&sl);
        return -1;
    }
    int rc = 0;
    fin_run *r = i ? &f->b.alt : &f->b.base;
    char ferr[256];
    if (fin_run_prepare(sc, sl.days, r, ferr, sizeof ferr) != 0) {
        snprintf(f->msg, sizeof f->msg, "%s: %s", m->label, ferr);
    } else {
        f->ran[i] = 1;
        rc = rfin_member_activity(db, s, m, &sl, &cs, r);
    }
    cost_series_free(&cs);
    series_list_free(&sl);
    return rc;
}

/* Costs each member, then the savings when there are two. */
int rfin_load(sqlite3 *db, const rq_study *s, rfin *f, char *err,
              size_t errlen)
{
    memset(f, 0, sizeof *f);
    if (strcmp(s->kind, "benefits") != 0)
        return 0;
    f->on = 1;
    f->n = s->n < 2 ? s->n : 2;
    for (size_t i = 0; i < f->n && !f->msg[0]; i++) {
        if (rfin_cost_member(db, s, i, f) != 0) {
            snprintf(err, errlen, "reading the daily series of %s for its "
                     "costs", s->m[i].label);
            return REPORT_IO;
        }
        if (!f->msg[0] && !f->sc[i]->costs && !f->sc[i]->business_case)
            snprintf(f->msg, sizeof f->msg, "%s has no costs: section",
                     s->m[i].label);
    }
    if (!f->msg[0] && f->n == 2) {
        char ferr[512];
        if (fin_benefits_build(&f->b, ferr, sizeof ferr) != 0)
            snprintf(f->msg, sizeof f->msg, "%s", ferr);
        else
            f->built = 1;
    }
    if (f->built && rfin_levers_load(db, s->id, f) != 0) {
        snprintf(err, errlen, "reading the savings by lever of study %ld",
                 s->id);
        return REPORT_IO;
    }
    return 0;
}

/* Frees what rfin_load built; f is then empty. */
void rfin_free(rfin *f)
{
    rfin_levers_free(&f->lv);
    fin_benefits_free(&f->b);
    if (f->ran[0])
        fin_run_free(&f->b.base);
    if (f->ran[1])
        fin_run_free(&f->b.alt);
    for (int i = 0; i < 2; i++)
        scenario_free(f->sc[i]);
    memset(f, 0, sizeof *f);
}
