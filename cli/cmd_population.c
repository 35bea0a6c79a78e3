/* cmd_population.c - PLACEHOLDER being written by a helper; replaced before the first commit. */
#include "cli.h"
#include <stdio.h>
int cmd_population(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "klar population: not built yet\n"); return 1; }
