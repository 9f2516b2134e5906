/* lifedist.c -- the families' densities and survival functions, the
 * censored likelihood, its maximum and its information. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include "lifedist.h"

#define LIFE_LOG_TINY (-745.0) /* log of the smallest double, for S = 0 */
#define LIFE_HESS_STEP 1e-4    /* step of the numerical Hessian */
#define LIFE_MAX_ITER 20000
#define LIFE_RESTARTS 3

static const struct {
    const char *name;
    size_t k;
    const char *params[LIFE_MAX_PARAMS];
    /* 1: the parameter is positive (optimised as its log); 2: a weight
     * in (0, 1) (as its logit); 0: any real. */
    int kind[LIFE_MAX_PARAMS];
} LIFE_TABLE[LIFE_COUNT] = {
    [LIFE_EXPONENTIAL] = {"exponential", 1, {"mean"}, {1}},
    [LIFE_GAMMA] = {"gamma", 2, {"shape", "scale"}, {1, 1}},
    [LIFE_LOGNORMAL] = {"lognormal", 2, {"mu", "sigma"}, {0, 1}},
    [LIFE_WEIBULL] = {"weibull", 2, {"shape", "scale"}, {1, 1}},
    [LIFE_LOGLOGISTIC] = {"loglogistic", 2, {"scale", "shape"}, {1, 1}},
    [LIFE_MIXTURE] = {"mixture", 5, {"p", "mu1", "sigma1", "mu2", "sigma2"},
                      {2, 0, 1, 0, 1}},
};

const char *lifedist_name(life_family f) { return LIFE_TABLE[f].name; }
const char *lifedist_param(life_family f, size_t i)
{
    return LIFE_TABLE[f].params[i];
}
size_t lifedist_nparams(life_family f) { return LIFE_TABLE[f].k; }

/* log(e^a + e^b) without overflow. */
static double life_logadd(double a, double b)
{
    double m = a > b ? a : b;
    if (m == -INFINITY)
        return m;
    return m + log(exp(a - m) + exp(b - m));
}

/* log of the upper tail of the standard normal at z. */
static double life_log_normal_tail(double z)
{
    return gsl_sf_log_erfc(z / M_SQRT2) - M_LN2;
}

double lifedist_log_pdf(life_family f, const double *p, double t)
{
    double lt = log(t), z, u;
    switch (f) {
    case LIFE_EXPONENTIAL:
        return -log(p[0]) - t / p[0];
    case LIFE_GAMMA:
        return (p[0] - 1) * lt - t / p[1] - gsl_sf_lngamma(p[0]) -
               p[0] * log(p[1]);
    case LIFE_LOGNORMAL:
        z = (lt - p[0]) / p[1];
        return -lt - log(p[1]) - 0.5 * log(2 * M_PI) - 0.5 * z * z;
    case LIFE_WEIBULL:
        u = lt - log(p[1]);
        return log(p[0]) - log(p[1]) + (p[0] - 1) * u - exp(p[0] * u);
    case LIFE_LOGLOGISTIC:
        u = p[1] * (lt - log(p[0]));
        /* log f = log b - log a + (b-1) log(t/a) - 2 log(1 + (t/a)^b) */
        return log(p[1]) - log(p[0]) + u - u / p[1] -
               2 * (u > 0 ? u + log1p(exp(-u)) : log1p(exp(u)));
    case LIFE_MIXTURE: {
        double a[2] = {p[1], p[2]}, b[2] = {p[3], p[4]};
        return life_logadd(log(p[0]) + lifedist_log_pdf(LIFE_LOGNORMAL, a, t),
                           log1p(-p[0]) +
                               lifedist_log_pdf(LIFE_LOGNORMAL, b, t));
    }
    default:
        return NAN;
    }
}

double lifedist_log_surv(life_family f, const double *p, double t)
{
    double lt = log(t), u;
    switch (f) {
    case LIFE_EXPONENTIAL:
        return -t / p[0];
    case LIFE_GAMMA: {
        gsl_sf_result r;
        if (gsl_sf_gamma_inc_Q_e(p[0], t / p[1], &r) || !(r.val > 0))
            return LIFE_LOG_TINY;
        return log(r.val);
    }
    case LIFE_LOGNORMAL:
        return life_log_normal_tail((lt - p[0]) / p[1]);
    case LIFE_WEIBULL:
        return -exp(p[0] * (lt - log(p[1])));
    case LIFE_LOGLOGISTIC:
        u = p[1] * (lt - log(p[0]));
        return -(u > 0 ? u + log1p(exp(-u)) : log1p(exp(u)));
    case LIFE_MIXTURE:
        return life_logadd(log(p[0]) +
                               life_log_normal_tail((lt - p[1]) / p[2]),
                           log1p(-p[0]) +
                               life_log_normal_tail((lt - p[3]) / p[4]));
    default:
        return NAN;
    }
}

/* The data and family the objective sees. */
typedef struct life_data {
    life_family f;
    const double *t;
    const unsigned char *cens;
    size_t n;
} life_data;

/* Natural parameters from unconstrained x. */
static void life_natural(life_family f, const double *x, double *p)
{
    for (size_t i = 0; i < LIFE_TABLE[f].k; i++) {
        int kind = LIFE_TABLE[f].kind[i];
        p[i] = kind == 1 ? exp(x[i]) : kind == 2 ? 1 / (1 + exp(-x[i])) : x[i];
    }
}

/* -log L at unconstrained x (a huge value where it is not finite, which
 * the simplex walks away from). */
static double life_nll(const double *x, const life_data *d)
{
    double p[LIFE_MAX_PARAMS], s = 0;
    life_natural(d->f, x, p);
    if (d->f == LIFE_MIXTURE && (p[0] < 1e-6 || p[0] > 1 - 1e-6))
        return 1e300;
    for (size_t i = 0; i < d->n; i++)
        s += d->cens && d->cens[i] ? lifedist_log_surv(d->f, p, d->t[i])
                                   : lifedist_log_pdf(d->f, p, d->t[i]);
    return isfinite(s) ? -s : 1e300;
}

static double life_objective(const gsl_vector *v, void *arg)
{
    const life_data *d = arg;
    return life_nll(v->data, d) / (double)d->n;
}

/* Starting values (unconstrained) from the moments of log t, as if no
 * stay were censored; the exponential's is its exact MLE. */
static void life_start(const life_data *d, double *x)
{
    double sum = 0, sl = 0, sll = 0, events = 0;
    for (size_t i = 0; i < d->n; i++) {
        double l = log(d->t[i]);
        sum += d->t[i];
        sl += l;
        sll += l * l;
        events += !(d->cens && d->cens[i]);
    }
    double n = (double)d->n, lm = sl / n;
    double ls = sqrt(fmax(sll / n - lm * lm, 1e-6));
    double shape = M_PI / (ls * sqrt(6.0));
    switch (d->f) {
    case LIFE_EXPONENTIAL:
        x[0] = log(sum / fmax(events, 1));
        break;
    case LIFE_GAMMA:
        x[0] = log(1 / fmax(ls * ls, 1e-3));
        x[1] = lm - x[0];
        break;
    case LIFE_LOGNORMAL:
        x[0] = lm;
        x[1] = log(ls);
        break;
    case LIFE_WEIBULL:
        x[0] = log(shape);
        x[1] = lm + 0.5772 / shape;
        break;
    case LIFE_LOGLOGISTIC:
        x[0] = lm;
        x[1] = log(M_PI / (ls * sqrt(3.0)));
        break;
    default: /* two lognormals, one below and one above the mean log */
        x[0] = 0;
        x[1] = lm - ls;
        x[2] = log(ls / 2);
        x[3] = lm + ls;
        x[4] = log(ls / 2);
        break;
    }
}

/* Runs the simplex from x to convergence; x receives the minimum. */
static void life_simplex(life_data *d, double *x, size_t k)
{
    gsl_multimin_function fn = {life_objective, k, d};
    gsl_vector *v = gsl_vector_alloc(k), *step = gsl_vector_alloc(k);
    gsl_multimin_fminimizer *m =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, k);
    if (!v || !step || !m)
        goto out;
    for (size_t r = 0; r < LIFE_RESTARTS; r++) {
        for (size_t i = 0; i < k; i++) {
            gsl_vector_set(v, i, x[i]);
            gsl_vector_set(step, i, r ? 0.05 : 0.5);
        }
        gsl_multimin_fminimizer_set(m, &fn, v, step);
        for (int it = 0; it < LIFE_MAX_ITER; it++) {
            if (gsl_multimin_fminimizer_iterate(m))
                break;
            if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(m),
                                       1e-9) == GSL_SUCCESS)
                break;
        }
        for (size_t i = 0; i < k; i++)
            x[i] = gsl_vector_get(m->x, i);
    }
out:
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(v);
    gsl_vector_free(step);
}

/* Standard errors of the natural parameters: the observed information
 * (central-difference Hessian of -log L in x) inverted, then the delta
 * method through x -> natural.  NaN where it is not positive definite. */
static void life_errors(const life_data *d, const double *x, life_fit *out)
{
    size_t k = out->k;
    double h = LIFE_HESS_STEP, xs[LIFE_MAX_PARAMS], f0 = life_nll(x, d);
    gsl_matrix *H = gsl_matrix_alloc(k, k);
    for (size_t i = 0; i < k; i++)
        out->se[i] = NAN;
    if (!H)
        return;
    for (size_t i = 0; i < k; i++)
        for (size_t j = i; j < k; j++) {
            double v;
            memcpy(xs, x, k * sizeof *x);
            if (i == j) {
                xs[i] = x[i] + h;
                v = life_nll(xs, d);
                xs[i] = x[i] - h;
                v = (v - 2 * f0 + life_nll(xs, d)) / (h * h);
            } else {
                double s = 0;
                for (int a = -1; a <= 1; a += 2)
                    for (int b = -1; b <= 1; b += 2) {
                        xs[i] = x[i] + a * h;
                        xs[j] = x[j] + b * h;
                        s += a * b * life_nll(xs, d);
                    }
                v = s / (4 * h * h);
            }
            gsl_matrix_set(H, i, j, v);
            gsl_matrix_set(H, j, i, v);
        }
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    if (gsl_linalg_cholesky_decomp1(H) == GSL_SUCCESS &&
        gsl_linalg_cholesky_invert(H) == GSL_SUCCESS)
        for (size_t i = 0; i < k; i++) {
            double sx = sqrt(gsl_matrix_get(H, i, i));
            int kind = LIFE_TABLE[d->f].kind[i];
            double p = out->par[i];
            out->se[i] = kind == 1 ? p * sx : kind == 2 ? p * (1 - p) * sx
                                                        : sx;
        }
    gsl_set_error_handler(old);
    gsl_matrix_free(H);
}

int lifedist_fit(life_family f, const double *t,
                 const unsigned char *censored, size_t n, life_fit *out)
{
    life_data d = {f, t, censored, n};
    double x[LIFE_MAX_PARAMS];
    memset(out, 0, sizeof *out);
    out->family = f;
    out->k = LIFE_TABLE[f].k;
    if (n == 0)
        return 0;
    life_start(&d, x);
    life_simplex(&d, x, out->k);
    if (f == LIFE_MIXTURE && x[1] > x[3]) { /* label: short stays first */
        double s[2] = {x[1], x[2]};
        x[0] = -x[0];
        x[1] = x[3];
        x[2] = x[4];
        x[3] = s[0];
        x[4] = s[1];
    }
    double nll = life_nll(x, &d);
    life_natural(f, x, out->par);
    out->ok = nll < 1e299;
    out->loglik = -nll;
    out->aic = 2 * (double)out->k + 2 * nll;
    out->bic = log((double)n) * (double)out->k + 2 * nll;
    life_errors(&d, x, out);
    return 0;
}

/* Sort order of stays: by time, observed before censored at a tie (the
 * Kaplan-Meier convention: those censored at t were at risk at t). */
typedef struct life_obs {
    double t;
    unsigned char c;
} life_obs;

static int life_obs_cmp(const void *a, const void *b)
{
    const life_obs *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return (int)x->c - (int)y->c;
}

long lifedist_km(const double *t, const unsigned char *censored, size_t n,
                 double **times, double **surv)
{
    life_obs *o = malloc((n ? n : 1) * sizeof *o);
    *times = malloc((n ? n : 1) * sizeof **times);
    *surv = malloc((n ? n : 1) * sizeof **surv);
    if (!o || !*times || !*surv) {
        free(o);
        free(*times);
        free(*surv);
        *times = *surv = NULL;
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        o[i] = (life_obs){t[i], censored ? censored[i] : 0};
    qsort(o, n, sizeof *o, life_obs_cmp);
    double s = 1;
    long m = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i, deaths = 0;
        while (j < n && o[j].t == o[i].t) {
            deaths += !o[j].c;
            j++;
        }
        if (deaths) {
            s *= 1 - (double)deaths / (double)(n - i);
            (*times)[m] = o[i].t;
            (*surv)[m++] = s;
        }
        i = j;
    }
    free(o);
    return m;
}

double lifedist_ks(const life_fit *fit, const double *times,
                   const double *surv, long m)
{
    double d = 0, before = 1;
    for (long j = 0; j < m; j++) {
        double s = exp(lifedist_log_surv(fit->family, fit->par, times[j]));
        d = fmax(d, fmax(fabs(before - s), fabs(surv[j] - s)));
        before = surv[j];
    }
    return d;
}
