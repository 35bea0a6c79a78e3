/* token.c - random bytes and tokens from the kernel, the hash under which session tokens are
 * stored, and constant-time comparison of tokens.
 *
 * Why a fast argon2id as the token hash: the libraries klar links (jansson, inih, gsl, sqlite3,
 * libargon2) export no plain cryptographic hash; libargon2 does, through argon2id_hash_raw. A
 * session token is 256 random bits, so it cannot be guessed from its hash however fast the hash
 * is: no slow, salted hash is needed, only a one-way function so that reading the database does
 * not hand out live tokens. One pass over the minimum 8 KiB costs about 40 microseconds. The
 * salt is fixed (the same token must always map to the same stored value to be looked up). */
#include "klar/auth.h"

#include <argon2.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#define TOKEN_BYTES 32
#define TOKEN_HASH_T_COST 1u
#define TOKEN_HASH_M_COST_KIB 8u   /* argon2's minimum for one lane */
#define TOKEN_INPUT_MAX 256

static const char token_salt[] = "klar-session-token-v1";

int klar_random_bytes(void *bytes, size_t n, klar_error *err)
{
    unsigned char *p = bytes;
    while (n > 0) {
        ssize_t got = getrandom(p, n, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            klar_error_set(err, NULL, 0, "getrandom: %s", strerror(errno));
            return -1;
        }
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

/* Writes n bytes as 2n lower-case hex digits and a NUL into out. */
static void to_hex(const unsigned char *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

int klar_token_new(char out[KLAR_TOKEN_SIZE], klar_error *err)
{
    unsigned char bytes[TOKEN_BYTES];
    if (klar_random_bytes(bytes, sizeof bytes, err) != 0)
        return -1;
    to_hex(bytes, sizeof bytes, out);
    return 0;
}

int klar_token_hash(const char *token, char out[KLAR_TOKEN_SIZE], klar_error *err)
{
    size_t len = token ? strnlen(token, TOKEN_INPUT_MAX + 1) : 0;
    if (len == 0 || len > TOKEN_INPUT_MAX) {
        klar_error_set(err, NULL, 0, "token must be 1 to %d bytes long", TOKEN_INPUT_MAX);
        return -1;
    }
    unsigned char hash[TOKEN_BYTES];
    int rc = argon2id_hash_raw(TOKEN_HASH_T_COST, TOKEN_HASH_M_COST_KIB, 1, token, len, token_salt,
                               sizeof token_salt - 1, hash, sizeof hash);
    if (rc != ARGON2_OK) {
        klar_error_set(err, NULL, 0, "token hash failed: %s", argon2_error_message(rc));
        return -1;
    }
    to_hex(hash, sizeof hash, out);
    return 0;
}

int klar_token_equal(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t n = strlen(a);
    if (strlen(b) != n)
        return 0;
    volatile unsigned char diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}
