/* cohortspec.c -- `cohort:`, the size of the patient cohort that
 * interventions target, as a parameter (models/scenario.h, cohort_spec).
 *
 * The class mixes of a scenario describe one cohort size: Stockport
 * Together's "15% ... at greatest risk" are the classes tagged at-risk.
 * To ask "what if the cohort were 20%?" without rewriting every mix, the
 * interventions reach a different share instead: the cohort's activity
 * grows as (size)^concentration, the extra coming from the twin classes
 * (the same ages, not at risk), the lower-risk people a wider cohort
 * takes in; a smaller cohort leaves part of the member classes out. */
#include <math.h>
#include <stdlib.h>
#include "build.h"
#include "keys.h"
#include "value.h"

#define COHORT_MAX_CONCENTRATION 10.0

const char *const cohortspec_keys[] = {"classes", "size", "reach",
                                               "concentration", NULL};

/* classes: {MEMBER: TWIN, ...} into co->twin. */
static int cohortspec_twins(build_ctx *c, const ytree *n, const char *path,
                            cohort_spec *co)
{
    diag *d = c->d;
    size_t nc = c->sc->n_classes;
    unsigned char *seen = calloc(nc ? nc : 1, 1);
    if (!seen || !(co->twin = malloc((nc ? nc : 1) * sizeof *co->twin))) {
        free(seen);
        return diag_at(d, n, path, "out of memory");
    }
    for (size_t i = 0; i < nc; i++)
        co->twin[i] = -1;
    int rc = value_map(d, n, path, "a map of cohort classes to the class "
                       "of the rest of the population, like {older-risk: "
                       "older}");
    if (!rc && n->n == 0)
        rc = diag_at(d, n, path, "is empty; expected at least one cohort "
                     "class");
    for (size_t j = 0; !rc && j < n->n; j++) {
        char k[DIAG_PATH_MAX];
        diag_path(k, sizeof k, path, n->keys[j]->str);
        int m = classspec_ref(c, n->keys[j], k);
        int t = m < 0 ? -1 : classspec_ref(c, n->items[j], k);
        if (m < 0 || t < 0)
            rc = -1;
        else if (m == t)
            rc = diag_at(d, n->items[j], k, "'%s' is the cohort class "
                         "itself; expected the class of the rest of the "
                         "population", n->items[j]->str);
        else if (seen[m] || seen[t])
            rc = diag_at(d, n->items[j], k, "class '%s' appears twice; "
                         "each class is in one pair",
                         seen[m] ? n->keys[j]->str : n->items[j]->str);
        else {
            seen[m] = seen[t] = 1;
            co->twin[m] = t;
        }
    }
    free(seen);
    return rc;
}

/* Patients of each class arriving a minute, from the streams' base rates
 * (seasonal factors average about 1). */
static void cohortspec_rates(const scenario *sc, double *rate)
{
    for (size_t a = 0; a < sc->n_arrivals; a++) {
        const arrival_spec *ar = &sc->arrivals[a];
        double r = ar->kind == ARRIVAL_POISSON
                       ? ar->rate
                       : 1 / dist_mean(&ar->interarrival);
        if (!isfinite(r))
            continue;
        if (ar->n_mix == 0)
            rate[0] += r;
        for (size_t k = 0; k < ar->n_mix; k++)
            rate[ar->mix_class[k]] += r * ar->mix_share[k];
    }
}

/* Sets iv->reach for a cohort resized by q (its activity over the mixes'
 * own), for the member classes iv selects whose twin it does not. */
static int cohortspec_reach(const scenario *sc, intervention_spec *iv,
                            double q, const double *rate)
{
    const cohort_spec *co = &sc->cohort;
    for (size_t m = 0; m < sc->n_classes; m++) {
        int t = co->twin[m];
        if (t < 0 || !iv->classes || !iv->classes[m] || iv->classes[t])
            continue;
        if (!iv->reach) {
            if (!(iv->reach = malloc(sc->n_classes * sizeof *iv->reach)))
                return -1;
            for (size_t i = 0; i < sc->n_classes; i++)
                iv->reach[i] = iv->classes[i];
        }
        iv->reach[m] = fmin(1, q);
        if (q > 1 && rate[t] > 0)
            iv->reach[t] = fmin(1, (q - 1) * rate[m] / rate[t]);
    }
    return 0;
}

int cohortspec_parse(build_ctx *c, const ytree *root)
{
    diag *d = c->d;
    scenario *sc = c->sc;
    cohort_spec *co = &sc->cohort;
    const ytree *n = ytree_get(root, "cohort"), *v;
    char k[DIAG_PATH_MAX];
    if (!n || ytree_is_null(n))
        return 0;
    if (value_map(d, n, "cohort", "a map like {classes: {older-risk: "
                  "older}, size: 15%, reach: 20%}") ||
        value_keys(d, n, "cohort", cohortspec_keys))
        return -1;
    if (sc->n_classes == 0)
        return diag_at(d, n, "cohort", "needs patient classes; add a "
                       "classes: section");
    if (!(v = value_need(d, n, "cohort", "classes", "classes: {older-risk: "
                         "older}")) ||
        cohortspec_twins(c, v, "cohort.classes", co))
        return -1;
    if (!(v = value_need(d, n, "cohort", "size", "size: 15%")) ||
        value_share(d, v, "cohort.size", &co->size))
        return -1;
    if (!(co->size > 0))
        return diag_at(d, v, "cohort.size", "is 0; expected the population "
                       "share the cohort classes stand for, like 15%%");
    co->reach = co->size;
    if ((v = ytree_get(n, "reach")) &&
        value_share(d, v, "cohort.reach", &co->reach))
        return -1;
    co->concentration = 1;
    diag_path(k, sizeof k, "cohort", "concentration");
    if ((v = ytree_get(n, "concentration")) &&
        (value_nonneg(d, v, k, 1, &co->concentration)))
        return -1;
    if (co->concentration > COHORT_MAX_CONCENTRATION)
        return diag_at(d, v, k, "%s is above %g; expected about 0.1 to 1",
                       v->str, COHORT_MAX_CONCENTRATION);
    co->on = 1;
    double q = pow(co->reach / co->size, co->concentration);
    if (q == 1)
        return 0;
    double *rate = calloc(sc->n_classes, sizeof *rate);
    if (!rate)
        return diag_at(d, n, "cohort", "out of memory");
    cohortspec_rates(sc, rate);
    for (size_t i = 0; i < sc->n_interventions; i++)
        if (cohortspec_reach(sc, &sc->interventions[i], q, rate)) {
            free(rate);
            return diag_at(d, n, "cohort", "out of memory");
        }
    free(rate);
    return 0;
}

const char *const cohortspec_mix_keys[] = {"classes", "where", NULL};

/* discharge_mix: {classes: [...]} or {where: {TAG: VALUE}}: the patients
 * a quoted pathway mix is of ("over 70% of people (aged 65+) are sent
 * home..."), so that the model's mix is measured with the same
 * denominator (the discharge.mix KPIs). */
int cohortspec_mix(build_ctx *c, const ytree *root)
{
    const ytree *n = ytree_get(root, "discharge_mix");
    if (!n || ytree_is_null(n))
        return 0;
    if (value_map(c->d, n, "discharge_mix", "a map like {where: {age: "
                  "65+}}") ||
        value_keys(c->d, n, "discharge_mix", cohortspec_mix_keys) ||
        classspec_select(c, n, "discharge_mix", &c->sc->mix_classes))
        return -1;
    if (!c->sc->mix_classes)
        return diag_at(c->d, n, "discharge_mix", "names no patients; add "
                       "classes: [...] or where: {TAG: VALUE}");
    return 0;
}
