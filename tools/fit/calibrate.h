/* calibrate.h -- `flowsim calibrate SCENARIO.yaml`: the free parameters
 * of the scenario's calibrate: section (tools/load/calibspec.h) tuned
 * against its targets: section.
 *
 * The objective is the sum over targets (and over the months of a
 * monthly target) of ((simulated mean - observed) / tolerance)^2.  Every
 * candidate point runs the same replications with the same seed (common
 * random numbers), so that the objective differs between points by the
 * parameters, not by the noise, and is minimised by GSL's Nelder-Mead
 * simplex on the parameters scaled to [0, 1] (a point outside is
 * evaluated at the nearest one inside, with a quadratic penalty),
 * restarted from the best point while a descent still improves it.  The
 * standard errors of the calibrated values are the simulation's: the
 * targets' simulated means vary with the seed by their standard errors
 * s, and the parameters by sqrt(diag((G' W G)^-1)), G the Jacobian of the
 * means in the parameters (central differences under common random
 * numbers), W = diag(1 / s^2).
 *
 * Exit status: 0 when every target is met at the calibrated point, 1 when
 * one is missed, 2 bad input, 3 a run failed, 4 an output not written.
 */
#ifndef FLOWSIM_FIT_CALIBRATE_H
#define FLOWSIM_FIT_CALIBRATE_H

/* argv[0] is "calibrate".  Returns the exit status. */
int calibrate_main(int argc, char **argv);

#endif
