/* history.c -- the settings run so far: as JSON and CSV lists, and one
 * as a scenario overlay (runs.h). */
#include <stdio.h>
#include "csv.h"
#include "json.h"
#include "runs_int.h"

int runs_overlay(runs *rs, long id, FILE *f)
{
    pthread_mutex_lock(&rs->mu);
    serve_run *r = runs_find(rs, id);
    if (r)
        lever_overlay(f, rs->levers, r->values, rs->path);
    pthread_mutex_unlock(&rs->mu);
    return r ? 0 : RUNS_UNKNOWN;
}

/* The CSV header: id, the levers, each headline's mean and difference. */
static void runs_history_header(FILE *f, const runs *rs)
{
    fputs("id", f);
    for (size_t i = 0; i < rs->levers->n; i++) {
        fputc(',', f);
        csv_text(f, rs->levers->v[i].key);
    }
    for (size_t h = 0; h < rs->n_head; h++) {
        char name[300];
        snprintf(name, sizeof name, "%s.diff", rs->head_names[h]);
        fputc(',', f);
        csv_text(f, rs->head_names[h]);
        fputc(',', f);
        csv_text(f, name);
    }
    fputc('\n', f);
}

void runs_history(runs *rs, FILE *f, int csv)
{
    pthread_mutex_lock(&rs->mu);
    if (csv)
        runs_history_header(f, rs);
    else
        fputc('[', f);
    int first = 1;
    for (size_t i = rs->n; i-- > 0;) {
        const serve_run *r = rs->list[i];
        if (r->state != RUN_DONE)
            continue;
        if (csv) {
            fprintf(f, "%ld", r->id);
            for (size_t k = 0; k < rs->levers->n; k++)
                fprintf(f, ",%.12g", r->values[k]);
            for (size_t h = 0; h < rs->n_head; h++) {
                csv_num(f, r->mean[h]);
                csv_num(f, r->diff[h]);
            }
            fputc('\n', f);
            continue;
        }
        fprintf(f, "%s{\"id\": %ld, \"levers\": ", first ? "" : ",\n ",
                r->id);
        lever_json_values(f, rs->levers, r->values);
        fprintf(f, ", \"kpis\": %s}", r->kpis_json ? r->kpis_json : "[]");
        first = 0;
    }
    if (!csv)
        fputs("]\n", f);
    pthread_mutex_unlock(&rs->mu);
}
