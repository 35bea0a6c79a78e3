/* subtree.h - the SQL of an organisation's subtree, shared by the modules of libklar that list
 * what lies within an organisation (the registry's records, the users). Not installed. */
#ifndef KLAR_SUBTREE_H
#define KLAR_SUBTREE_H

/* A common table expression "sub(id)": the organisation bound to ?1 and all below it. */
#define KLAR_SUBTREE_CTE                                                                     \
    "WITH RECURSIVE sub(id) AS (SELECT id FROM organisations WHERE id = ?1"                 \
    " UNION SELECT o.id FROM organisations o JOIN sub ON o.parent_id = sub.id) "

/* "sub(id)" as above and "up(id)": the organisations above the one bound to ?1. */
#define KLAR_SUBTREE_AND_ANCESTORS_CTE                                                       \
    "WITH RECURSIVE sub(id) AS (SELECT id FROM organisations WHERE id = ?1"                 \
    " UNION SELECT o.id FROM organisations o JOIN sub ON o.parent_id = sub.id),"            \
    " up(id) AS (SELECT parent_id FROM organisations WHERE id = ?1 AND parent_id IS NOT NULL" \
    " UNION SELECT o.parent_id FROM organisations o JOIN up ON o.id = up.id"                \
    " WHERE o.parent_id IS NOT NULL) "

#endif
