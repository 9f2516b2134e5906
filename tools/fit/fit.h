/* fit.h -- `flowsim fit`: model inputs estimated from an analyst's
 * extracts.
 *
 *   flowsim fit stays FILE.csv     length-of-stay distributions by
 *                                  maximum likelihood, right-censored
 *                                  stays included (lifedist.h)
 *   flowsim fit arrivals FILE.csv  the hour-of-week profile and monthly
 *                                  factors of a time-varying Poisson
 *                                  stream, and its over-dispersion
 *                                  (arrfit.h)
 *
 * Each prints a table of the estimates and the YAML block to paste into
 * a scenario.  Exit status: 0 ok, 2 bad input (the command line or the
 * file, with FILE:LINE:COL), 4 an output not written.
 */
#ifndef FLOWSIM_FIT_FIT_H
#define FLOWSIM_FIT_FIT_H

#define FIT_EXIT_BAD_INPUT 2
#define FIT_EXIT_OUTPUT 4

/* argv[0] is "fit", argv[1] the subcommand.  Returns the exit status. */
int fit_main(int argc, char **argv);

/* The subcommands; argv[0] is "stays" or "arrivals". */
int fit_stays_main(int argc, char **argv);
int fit_arrivals_main(int argc, char **argv);

#endif
