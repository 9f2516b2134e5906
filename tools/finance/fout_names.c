/* fout_names.c -- what every format of the finance output names the
 * same way (fout_int.h). */
#include "fout_int.h"

const char *const fout_which[5] = {"gross", "cash_releasing",
                                   "non_cash_releasing",
                                   "after_optimism_bias", "net"};

void fout_price_note(FILE *f, int pb)
{
    char fy[16];
    if (pb >= 0)
        fprintf(f, "GBP k at %s prices", costs_fy_name(pb, fy, sizeof fy));
    else
        fputs("GBP k", f);
}
