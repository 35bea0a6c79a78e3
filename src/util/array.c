/* array.c - doubling growth of heap arrays, with the size checked for overflow. */
#include "klar/array.h"

#include <stdint.h>
#include <stdlib.h>

#define FIRST_CAPACITY 64

void *klar_array_grow(void *items, size_t *capacity, size_t count, size_t elem_size)
{
    if (count < *capacity)
        return items;
    size_t ncap = *capacity ? *capacity : FIRST_CAPACITY;
    while (ncap <= count) {
        if (ncap > SIZE_MAX / 2)
            return NULL;
        ncap *= 2;
    }
    if (elem_size && ncap > SIZE_MAX / elem_size)
        return NULL;
    void *n = realloc(items, ncap * elem_size);
    if (!n)
        return NULL;
    *capacity = ncap;
    return n;
}
