/* role.c - the four roles of the registry and what each may do (the matrix is in auth.h). */
#include "klar/auth.h"

#include <string.h>

static const char *const role_ids[KLAR_NROLES] = {"viewer", "contributor", "planner", "admin"};

/* The least role that may do each action; roles are ordered, each may what those below may. */
static const klar_role least_role[KLAR_NACTIONS] = {
    [KLAR_ACTION_READ] = KLAR_ROLE_VIEWER,
    [KLAR_ACTION_CONTRIBUTE] = KLAR_ROLE_CONTRIBUTOR,
    [KLAR_ACTION_PLAN] = KLAR_ROLE_PLANNER,
    [KLAR_ACTION_ADMINISTER] = KLAR_ROLE_ADMIN,
};

int klar_role_parse(const char *text, klar_role *out)
{
    for (int i = 0; text && i < KLAR_NROLES; i++)
        if (strcmp(text, role_ids[i]) == 0) {
            *out = (klar_role)i;
            return 0;
        }
    return -1;
}

const char *klar_role_id(klar_role role)
{
    return (int)role >= 0 && (int)role < KLAR_NROLES ? role_ids[role] : NULL;
}

int klar_role_may(klar_role role, klar_action action)
{
    if ((int)role < 0 || (int)role >= KLAR_NROLES || (int)action < 0 || (int)action >= KLAR_NACTIONS)
        return 0;
    return role >= least_role[action];
}
