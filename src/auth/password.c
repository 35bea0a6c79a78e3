/* password.c - argon2id password hashes: hashing with a fresh random salt, verification, and
 * the equal-cost dummy verification for unknown user names. */
#include "klar/auth.h"

#include <argon2.h>
#include <stdio.h>
#include <string.h>

/* 1 if password has an acceptable length (1..KLAR_PASSWORD_MAX bytes), else 0. */
static int password_length_ok(const char *password)
{
    return password && password[0] != '\0' && strnlen(password, KLAR_PASSWORD_MAX + 1) <= KLAR_PASSWORD_MAX;
}

int klar_password_hash(const char *password, char *out, size_t size, klar_error *err)
{
    if (!password_length_ok(password)) {
        klar_error_set(err, NULL, 0, "password must be 1 to %d bytes long", KLAR_PASSWORD_MAX);
        return -1;
    }
    unsigned char salt[KLAR_ARGON2_SALT_BYTES];
    if (klar_random_bytes(salt, sizeof salt, err) != 0)
        return -1;
    int rc = argon2id_hash_encoded(KLAR_ARGON2_T_COST, KLAR_ARGON2_M_COST_KIB, KLAR_ARGON2_LANES,
                                   password, strlen(password), salt, sizeof salt,
                                   KLAR_ARGON2_HASH_BYTES, out, size);
    if (rc != ARGON2_OK) {
        klar_error_set(err, NULL, 0, "argon2id hashing failed: %s", argon2_error_message(rc));
        return -1;
    }
    return 0;
}

int klar_password_verify(const char *encoded, const char *password, klar_error *err)
{
    if (!password_length_ok(password)) {
        klar_password_burn(password);   /* the same time as a real check */
        return 0;
    }
    int rc = argon2id_verify(encoded, password, strlen(password));
    if (rc == ARGON2_OK)
        return 1;
    if (rc == ARGON2_VERIFY_MISMATCH)
        return 0;
    klar_error_set(err, NULL, 0, "cannot verify password hash: %s", argon2_error_message(rc));
    return -1;
}

void klar_password_burn(const char *password)
{
    /* A well-formed hash with the current parameters, an all-zero salt and an all-zero hash
     * (base64 without padding: 22 and 43 'A's) that no password is known to match. */
    char dummy[KLAR_PASSWORD_HASH_SIZE];
    snprintf(dummy, sizeof dummy, "$argon2id$v=19$m=%u,t=%u,p=%u$%s$%s", KLAR_ARGON2_M_COST_KIB,
             KLAR_ARGON2_T_COST, KLAR_ARGON2_LANES, "AAAAAAAAAAAAAAAAAAAAAA",
             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    const char *p = password_length_ok(password) ? password : "x";
    (void)argon2id_verify(dummy, p, strlen(p));
}
