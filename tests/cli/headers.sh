#!/bin/sh
# headers.sh - the installed public API: `make install-headers` puts include/klar/ in place,
# klar/klar.h compiles on its own (C11, pedantic) and declares the library's entry points, and
# the library's own helpers (CSV, INI, files, text, arrays) are not installed.
. "$(dirname "$0")/common.inc"
make -s --no-print-directory install-headers DESTDIR="$tmp" PREFIX=/usr >/dev/null ||
    fail "make install-headers failed"
inc="$tmp/usr/include"
[ -f "$inc/klar/klar.h" ] || fail "klar/klar.h is not installed"
for h in array csv ini file text; do
    [ ! -e "$inc/klar/$h.h" ] || fail "internal header klar/$h.h is installed"
done
cat >"$tmp/use.c" <<'C'
#include <klar/klar.h>
int main(void)
{
    klar_error err = {0};
    klar_store *s = klar_store_open("sqlite::memory:", &err);
    const klar_kind *k = klar_kind_find("risk");
    (void)k;
    return s ? 0 : 1;
}
C
cc -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only -I"$inc" "$tmp/use.c" ||
    fail "a program using only klar/klar.h does not compile"
for h in "$inc"/klar/*.h; do              # every public header stands alone
    printf '#include <klar/%s>\n' "$(basename "$h")" >"$tmp/one.c"
    cc -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only -I"$inc" "$tmp/one.c" ||
        fail "klar/$(basename "$h") does not compile on its own"
done
echo "headers: ok"
