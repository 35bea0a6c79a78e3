/* scope.c - a user's permissions on an organisation's data: the role matrix (role.c) limited to
 * the user's organisation and the organisations below it: asked of the store
 * (klar_org_is_within) or of an organisation tree loaded in memory (klar_org_tree_is_within). */
#include "klar/auth.h"

#include "klar/registry.h"

int klar_user_may(klar_store *s, const klar_user *u, klar_action action, const char *org_id,
                  klar_error *err)
{
    if (!klar_role_may(u->role, action) || !org_id)
        return 0;
    return klar_org_is_within(s, org_id, u->org_id, err);
}

int klar_user_may_in(const klar_org_tree *t, const klar_user *u, klar_action action,
                     const char *org_id)
{
    if (!klar_role_may(u->role, action) || !org_id)
        return 0;
    return klar_org_tree_is_within(t, org_id, u->org_id);
}
