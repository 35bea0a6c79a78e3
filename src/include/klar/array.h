/* array.h - growing a heap array of fixed-size elements by doubling. */
#ifndef KLAR_ARRAY_H
#define KLAR_ARRAY_H

#include <stddef.h>

/* Makes room for element number `count` (0-based) in items, which holds *capacity elements of
 * elem_size bytes: returns items (possibly moved) with *capacity updated, or NULL when out of
 * memory or when the size would overflow; on NULL, items is still valid and unchanged. */
void *klar_array_grow(void *items, size_t *capacity, size_t count, size_t elem_size);

#endif
