/* pyramid.c - persons by sex and single-year age on one 1 January: totals, age bands, sums. */
#include "klar/population.h"

double klar_pyramid_total(const klar_pyramid *p)
{
    double total = 0.0;
    for (int s = 0; s < 2; s++)
        for (int age = 0; age < KLAR_AGES; age++)
            total += p->persons[s][age];
    return total;
}

double klar_pyramid_range(const klar_pyramid *p, int lo, int hi)
{
    if (lo < 0)
        lo = 0;
    if (hi > KLAR_MAX_AGE)
        hi = KLAR_MAX_AGE;
    double total = 0.0;
    for (int s = 0; s < 2; s++)
        for (int age = lo; age <= hi; age++)
            total += p->persons[s][age];
    return total;
}

void klar_pyramid_add(klar_pyramid *dst, const klar_pyramid *src)
{
    for (int s = 0; s < 2; s++)
        for (int age = 0; age < KLAR_AGES; age++)
            dst->persons[s][age] += src->persons[s][age];
}
