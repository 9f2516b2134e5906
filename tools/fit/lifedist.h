/* lifedist.h -- length-of-stay distributions fitted by maximum
 * likelihood to right-censored stays.
 *
 * A stay is a positive duration t with a flag: observed (the patient
 * left) or censored (still in at the extract date, so the stay is only
 * known to exceed t).  The likelihood is the product of f(t) over the
 * observed stays and S(t) over the censored ones.  It is maximised by
 * GSL's Nelder-Mead simplex (multimin) over unconstrained parameters
 * (logs of positive ones, the logit of a weight); standard errors come
 * from the inverse of the observed information, a central-difference
 * Hessian of -log L at the optimum, carried to the natural parameters
 * by the delta method.
 */
#ifndef FLOWSIM_FIT_LIFEDIST_H
#define FLOWSIM_FIT_LIFEDIST_H

#include <stddef.h>

/* The families, in the order the tables print them. */
typedef enum life_family {
    LIFE_EXPONENTIAL, /* mean */
    LIFE_GAMMA,       /* shape, scale */
    LIFE_LOGNORMAL,   /* mu, sigma of log t */
    LIFE_WEIBULL,     /* shape, scale */
    LIFE_LOGLOGISTIC, /* scale (the median), shape */
    LIFE_MIXTURE,     /* p, mu1, sigma1, mu2, sigma2: two lognormals,
                         mu1 <= mu2 */
    LIFE_COUNT
} life_family;

#define LIFE_MAX_PARAMS 5

typedef struct life_fit {
    life_family family;
    int ok;                     /* the optimiser converged to a finite
                                   likelihood */
    size_t k;                   /* number of parameters */
    double par[LIFE_MAX_PARAMS];
    double se[LIFE_MAX_PARAMS]; /* NaN when the information is singular */
    double loglik, aic, bic;
    double ks;                  /* sup |KM(t) - S(t)| (lifedist_ks) */
} life_fit;

/* The family's name ("weibull") and its parameter i's ("shape"). */
const char *lifedist_name(life_family f);
const char *lifedist_param(life_family f, size_t i);
size_t lifedist_nparams(life_family f);

/* log f(t) and log S(t) for t > 0 with natural parameters par. */
double lifedist_log_pdf(life_family f, const double *par, double t);
double lifedist_log_surv(life_family f, const double *par, double t);

/* Fits family f to stays t[0..n) (each > 0; censored[i] 1 when stay i
 * is censored, or censored NULL for none).  Fills *out (ok 0 when the
 * fit failed).  Returns 0, or -1 out of memory. */
int lifedist_fit(life_family f, const double *t,
                 const unsigned char *censored, size_t n, life_fit *out);

/* The Kaplan-Meier estimate of the survival function: at the m distinct
 * times of observed stays, sorted, times[j] and surv[j] (just after
 * times[j]).  Allocates both (free them); returns m, or -1 out of
 * memory. */
long lifedist_km(const double *t, const unsigned char *censored, size_t n,
                 double **times, double **surv);

/* The censoring-aware Kolmogorov-Smirnov distance of a fit: the largest
 * |KM - S| on both sides of every jump of the Kaplan-Meier curve (km
 * from lifedist_km). */
double lifedist_ks(const life_fit *fit, const double *times,
                   const double *surv, long m);

#endif
