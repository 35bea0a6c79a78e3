/* org_tree.c - the organisation tree in memory: read once from the store, then immutable, so
 * that every request's rights check is a lookup instead of a recursive query. The
 * organisations are numbered in depth-first order (each before those below it); a subtree is
 * then one run of that order, and "org lies within ancestor" is a comparison of two numbers.
 * Lookups by id are binary searches in an index sorted by id (strcmp). */
#include "klar/registry.h"
#include "registry_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct klar_org_tree {
    size_t n;
    klar_org *orgs;          /* in depth-first order */
    const char **ids;        /* ids[i] = orgs[i].id, for klar_org_tree_subtree */
    size_t *size;            /* size[i]: orgs[i] and all below it */
    size_t *by_id;           /* positions in orgs, sorted by id */
};

/* One organisation row into *elem (a klar_org). */
static int fill_org(klar_stmt *st, void *elem)
{
    klar_org *o = elem;
    const char *id = klar_stmt_column_text(st, 0), *name = klar_stmt_column_text(st, 1);
    const char *type = klar_stmt_column_text(st, 2), *parent = klar_stmt_column_text(st, 3);
    snprintf(o->id, sizeof o->id, "%s", id ? id : "");
    snprintf(o->name, sizeof o->name, "%s", name ? name : "");
    snprintf(o->type, sizeof o->type, "%s", type ? type : "");
    snprintf(o->parent_id, sizeof o->parent_id, "%s", parent ? parent : "");
    return 0;
}

static int compare_orgs(const void *a, const void *b)
{
    return strcmp(((const klar_org *)a)->id, ((const klar_org *)b)->id);
}

/* The index of id in orgs[0..n) sorted by id, or -1. */
static long find_sorted(const klar_org *orgs, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(orgs[mid].id, id);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The children of each organisation of sorted[0..n), as ranges of one array (compressed
 * rows): the children of i are child[first[i]..first[i+1]), in id order. parent[i] is the
 * index of i's parent or -1 (none, or unknown). 0, or -1 when out of memory. */
typedef struct children {
    long *parent;
    size_t *first;
    size_t *child;
} children;

static void free_children(children *c)
{
    free(c->parent);
    free(c->first);
    free(c->child);
}

static int build_children(const klar_org *sorted, size_t n, children *c)
{
    c->parent = malloc((n + 1) * sizeof *c->parent);
    c->first = calloc(n + 2, sizeof *c->first);
    c->child = malloc((n + 1) * sizeof *c->child);
    if (!c->parent || !c->first || !c->child)
        return -1;
    for (size_t i = 0; i < n; i++) {   /* count each one's children into first[p + 2] */
        c->parent[i] = *sorted[i].parent_id ? find_sorted(sorted, n, sorted[i].parent_id) : -1;
        if (c->parent[i] == (long)i)
            c->parent[i] = -1;
        if (c->parent[i] >= 0)
            c->first[c->parent[i] + 2]++;
    }
    /* summed up, first[p + 1] is where p's children start; placing them moves it on to where
     * they end, which is where those of p + 1 start: first[p] and first[p + 1] then bound
     * p's children */
    for (size_t i = 2; i <= n + 1; i++)
        c->first[i] += c->first[i - 1];
    for (size_t i = 0; i < n; i++)
        if (c->parent[i] >= 0)
            c->child[c->first[c->parent[i] + 1]++] = i;
    return 0;
}

/* The depth-first numbering under way: order[pos] is the sorted index numbered pos,
 * size[pos] the size of its subtree; per stack depth the node, its next child and its pos. */
typedef struct numbering {
    const children *c;
    size_t *order, *size;
    unsigned char *seen;
    size_t *stack, *cursor, *pos;
    size_t next;
} numbering;

static void push(numbering *nb, size_t *depth, size_t node)
{
    nb->seen[node] = 1;
    nb->stack[*depth] = node;
    nb->cursor[*depth] = nb->c->first[node];
    nb->pos[*depth] = nb->next;
    nb->order[nb->next++] = node;
    (*depth)++;
}

/* Numbers root and everything below it not numbered yet; an explicit stack rather than
 * recursion, so that a long chain of organisations cannot overflow the C stack. */
static void number_subtree(numbering *nb, size_t root)
{
    const children *c = nb->c;
    size_t depth = 0;
    push(nb, &depth, root);
    while (depth > 0) {
        size_t d = depth - 1, end = c->first[nb->stack[d] + 1];
        while (nb->cursor[d] < end && nb->seen[c->child[nb->cursor[d]]])
            nb->cursor[d]++;
        if (nb->cursor[d] < end) {
            push(nb, &depth, c->child[nb->cursor[d]++]);
        } else {
            nb->size[nb->pos[d]] = nb->next - nb->pos[d];
            depth--;
        }
    }
}

/* Numbers every organisation: the roots (and all below them) first, in id order; then any
 * left over (only organisations in a cycle of parents, which seeding cannot make) as roots. */
static void number_all(numbering *nb, const long *parent, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (parent[i] < 0)
            number_subtree(nb, i);
    for (size_t i = 0; i < n; i++)
        if (!nb->seen[i])
            number_subtree(nb, i);
}

/* Fills t (t->n set, arrays allocated) from sorted[0..n) sorted by id. 0, or -1 when out
 * of memory. */
static int build(klar_org_tree *t, const klar_org *sorted)
{
    size_t n = t->n;
    children c = {0};
    numbering nb = {.c = &c};
    size_t *work = malloc(4 * (n + 1) * sizeof *work);
    nb.seen = calloc(n + 1, 1);
    int rc = -1;
    if (work && nb.seen && build_children(sorted, n, &c) == 0) {
        nb.order = work;
        nb.stack = work + (n + 1);
        nb.cursor = work + 2 * (n + 1);
        nb.pos = work + 3 * (n + 1);
        nb.size = t->size;
        number_all(&nb, c.parent, n);
        for (size_t pos = 0; pos < n; pos++) {
            t->orgs[pos] = sorted[nb.order[pos]];
            t->ids[pos] = t->orgs[pos].id;
            t->by_id[nb.order[pos]] = pos;
        }
        rc = 0;
    }
    free_children(&c);
    free(nb.seen);
    free(work);
    return rc;
}

void klar_org_tree_free(klar_org_tree *t)
{
    if (!t)
        return;
    free(t->orgs);
    free(t->ids);
    free(t->size);
    free(t->by_id);
    free(t);
}

klar_org_tree *klar_org_tree_load(klar_store *s, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, "SELECT id, name, type, parent_id FROM organisations",
                                       err);
    if (!st)
        return NULL;
    size_t n = 0;
    klar_org *sorted = registry_collect(st, sizeof(klar_org), fill_org, NULL, &n, err);
    if (!sorted)
        return NULL;
    qsort(sorted, n, sizeof *sorted, compare_orgs);
    klar_org_tree *t = calloc(1, sizeof *t);
    if (t) {
        t->n = n;
        t->orgs = malloc((n + 1) * sizeof *t->orgs);
        t->ids = malloc((n + 1) * sizeof *t->ids);
        t->size = malloc((n + 1) * sizeof *t->size);
        t->by_id = malloc((n + 1) * sizeof *t->by_id);
    }
    if (!t || !t->orgs || !t->ids || !t->size || !t->by_id || build(t, sorted) != 0) {
        klar_error_set(err, NULL, 0, "out of memory");
        klar_org_tree_free(t);
        t = NULL;
    }
    free(sorted);
    return t;
}

/* The depth-first position of id, or -1. */
static long position(const klar_org_tree *t, const char *id)
{
    if (!t || !id)
        return -1;
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t pos = t->by_id[mid];
        int c = strcmp(t->orgs[pos].id, id);
        if (c == 0)
            return (long)pos;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

size_t klar_org_tree_count(const klar_org_tree *t)
{
    return t ? t->n : 0;
}

const klar_org *klar_org_tree_get(const klar_org_tree *t, const char *id)
{
    long pos = position(t, id);
    return pos < 0 ? NULL : &t->orgs[pos];
}

int klar_org_tree_is_within(const klar_org_tree *t, const char *org, const char *ancestor)
{
    long o = position(t, org), a = position(t, ancestor);
    return o >= 0 && a >= 0 && o >= a && (size_t)(o - a) < t->size[a];
}

const char *const *klar_org_tree_subtree(const klar_org_tree *t, const char *id, size_t *n)
{
    long pos = position(t, id);
    *n = pos < 0 ? 0 : t->size[pos];
    return pos < 0 ? NULL : t->ids + pos;
}

const klar_org *klar_org_tree_national(const klar_org_tree *t)
{
    const klar_org *first = NULL;
    for (size_t i = 0; t && i < t->n; i++) {
        if (t->orgs[i].parent_id[0])
            continue;
        if (strcmp(t->orgs[i].type, "ministry") == 0)
            return &t->orgs[i];
        if (!first)
            first = &t->orgs[i];
    }
    return first;
}
