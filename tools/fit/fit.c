/* fit.c -- `flowsim fit`: the subcommands. */
#include <stdio.h>
#include <string.h>
#include "fit.h"
#include "text.h"

int fit_main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "stays"))
        return fit_stays_main(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "arrivals"))
        return fit_arrivals_main(argc - 1, argv + 1);
    if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        puts("usage: flowsim fit stays FILE.csv ... (flowsim fit stays "
             "--help)\n       flowsim fit arrivals FILE.csv ... (flowsim "
             "fit arrivals --help)");
        return 0;
    }
    text_term_line(stderr, "flowsim fit: expected stays or arrivals%s%s",
                   argc >= 2 ? ", not " : "", argc >= 2 ? argv[1] : "");
    return FIT_EXIT_BAD_INPUT;
}
