/* scope.c - a user's permissions on an organisation's data: the role matrix (role.c) limited to
 * the user's organisation and the organisations below it (klar_org_is_within). */
#include "klar/auth.h"

#include "klar/registry.h"

int klar_user_may(klar_store *s, const klar_user *u, klar_action action, const char *org_id,
                  klar_error *err)
{
    if (!klar_role_may(u->role, action) || !org_id)
        return 0;
    return klar_org_is_within(s, org_id, u->org_id, err);
}
