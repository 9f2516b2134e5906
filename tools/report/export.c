/* export.c -- CSV exports of a study for spreadsheets (report.h). */
#include <errno.h>
#include <math.h>
#include <string.h>
#include "axis.h"
#include "csv.h"
#include "outfile.h"
#include "query.h"
#include "report.h"

int report_what_parse(const char *s, report_what *out)
{
    if (!strcmp(s, "summary"))
        *out = REPORT_SUMMARY;
    else if (!strcmp(s, "replications"))
        *out = REPORT_REPLICATIONS;
    else if (!strcmp(s, "daily"))
        *out = REPORT_DAILY;
    else
        return -1;
    return 0;
}

/* The columns that name the member: study,position,label,params,scenario */
static void member_cols(FILE *f, const rq_study *s, const rq_member *m)
{
    fprintf(f, "%ld,%d,", s->id, m->position);
    csv_text(f, m->label);
    fputc(',', f);
    csv_text(f, m->params);
    fputc(',', f);
    csv_text(f, m->scenario);
}

static void summary(FILE *f, const rq_study *s)
{
    fputs("study,position,label,params,scenario,kpi,unit,mean,ci95_lo,"
          "ci95_hi,p5,p95,n\r\n", f);
    for (size_t i = 0; i < s->n; i++) {
        const rq_member *m = &s->m[i];
        for (size_t k = 0; k < m->nkpi; k++) {
            kpi_summary sm;
            rq_summary(m, s->reps, k, &sm);
            member_cols(f, s, m);
            fputc(',', f);
            csv_text(f, m->kpis[k].name);
            fputc(',', f);
            csv_text(f, m->kpis[k].unit);
            csv_num(f, sm.mean);
            csv_num(f, sm.lo);
            csv_num(f, sm.hi);
            csv_num(f, sm.p5);
            csv_num(f, sm.p95);
            fprintf(f, ",%ld\r\n", sm.n);
        }
    }
}

/* Finished replications only, as every other statistic of the report. */
static void replications(FILE *f, const rq_study *s)
{
    fputs("study,position,label,params,scenario,replication,kpi,unit,"
          "value\r\n", f);
    for (size_t i = 0; i < s->n; i++) {
        const rq_member *m = &s->m[i];
        for (long r = 0; r < s->reps; r++) {
            if (!m->finished[r])
                continue;
            for (size_t k = 0; k < m->nkpi; k++) {
                member_cols(f, s, m);
                fprintf(f, ",%ld,", r);
                csv_text(f, m->kpis[k].name);
                fputc(',', f);
                csv_text(f, m->kpis[k].unit);
                csv_num(f, m->values[(size_t)r * m->nkpi + k]);
                fputs("\r\n", f);
            }
        }
    }
}

typedef struct daily_ctx {
    FILE *f;
    const rq_study *s;
    const rq_member *m;
} daily_ctx;

static int daily_row(void *ud, long rep, long day, const char *series,
                     double value)
{
    daily_ctx *c = ud;
    member_cols(c->f, c->s, c->m);
    fprintf(c->f, ",%ld,%ld,", rep, day);
    csv_text(c->f, series);
    csv_num(c->f, value);
    char date[16];
    axis_date(date, sizeof date, c->m->start_date, day);
    fprintf(c->f, ",%s\r\n", date);
    return ferror(c->f) ? -1 : 0;
}

static int daily(sqlite3 *db, FILE *f, const rq_study *s)
{
    fputs("study,position,label,params,scenario,replication,day,series,"
          "value,date\r\n", f);
    for (size_t i = 0; i < s->n; i++) {
        daily_ctx c = {.f = f, .s = s, .m = &s->m[i]};
        if (rq_daily_each(db, &s->m[i], s->reps, daily_row, &c) != 0)
            return -1;
    }
    return 0;
}

int report_export(const char *store_path, long study, report_what what,
                  const char *out_path, char *err, size_t errlen)
{
    sqlite3 *db = rq_open(store_path, err, errlen);
    if (!db)
        return REPORT_BAD_INPUT;
    rq_study s;
    int rc = rq_load(db, study, &s, err, errlen);
    char *tmp = NULL;
    FILE *f = NULL;
    if (rc == 0) {
        f = out_path ? outfile_open(out_path, &tmp) : stdout;
        if (!f) {
            snprintf(err, errlen, "%s: cannot write: %s", out_path,
                     strerror(errno));
            rc = REPORT_IO;
        }
    }
    if (rc == 0) {
        int rerr = 0;
        if (what == REPORT_SUMMARY)
            summary(f, &s);
        else if (what == REPORT_REPLICATIONS)
            replications(f, &s);
        else
            rerr = daily(db, f, &s);
        if (rerr && !ferror(f)) {
            snprintf(err, errlen, "reading the store: %s", sqlite3_errmsg(db));
            rc = REPORT_IO;
            if (out_path) {
                fclose(f);
                if (tmp) /* NULL: a device or pipe, written directly */
                    remove(tmp);
                free(tmp);
            }
        } else if (out_path ? outfile_commit(f, out_path, tmp) != 0
                            : fflush(f) != 0 || ferror(f)) {
            snprintf(err, errlen, "%s: cannot write: %s",
                     out_path ? out_path : "stdout",
                     strerror(errno ? errno : EIO));
            rc = REPORT_IO;
        }
    }
    rq_free(&s);
    sqlite3_close(db);
    return rc;
}
