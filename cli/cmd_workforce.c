/* cmd_workforce.c - PLACEHOLDER being written by a helper; replaced before the first commit. */
#include "cli.h"
#include <stdio.h>
int cmd_workforce(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "klar workforce: not built yet\n"); return 1; }
