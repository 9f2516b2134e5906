/* fin_cli.c -- `flowsim benefits` on its own, for the command's tests
 * (flowsim itself dispatches "benefits" to the same benefits_main). */
#include "finance.h"

int main(int argc, char **argv)
{
    return benefits_main(argc, argv, NULL);
}
