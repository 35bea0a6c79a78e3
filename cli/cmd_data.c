/* cmd_data.c - PLACEHOLDER being written by a helper; replaced before the first commit. */
#include "cli.h"
#include <stdio.h>
int cmd_data(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "klar data: not built yet\n"); return 1; }
