/* auth_internal.h - what the auth modules share inside libklar: the columns of a user row and
 * reading them. Not installed; the contract is include/klar/auth.h. */
#ifndef KLAR_AUTH_INTERNAL_H
#define KLAR_AUTH_INTERNAL_H

#include "klar/auth.h"

/* The columns klar_user_read_row reads, in its order. */
#define KLAR_USER_COLUMNS "id, name, org_id, role, disabled"

/* Fills out from the current row of a query selecting KLAR_USER_COLUMNS first; -1 with err if
 * the row does not fit (a role the schema should not allow, an over-long id). */
int klar_user_read_row(klar_stmt *st, klar_user *out, klar_error *err);

/* 0 if password is KLAR_PASSWORD_MIN_NEW..KLAR_PASSWORD_MAX bytes, else KLAR_AUTH_INVALID with
 * err blaming field. */
int klar_password_check_new(const char *password, const char *field, klar_error *err);

#endif
