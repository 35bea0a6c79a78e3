#!/bin/sh
# licence.sh - the project declares its licence: LICENSE holds the GPL version 3 (libklar links
# GSL, which is GPL-3), the README says GPL-3.0-or-later, and data/README.md names the
# terms of the shipped data (SSB: NLOD 2.0 / CC BY 4.0).
. "$(dirname "$0")/common.inc"

root=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$root/LICENSE" ] || fail "no LICENSE file"
head -n 2 "$root/LICENSE" | grep -q "GNU GENERAL PUBLIC LICENSE" || fail "LICENSE is not the GPL"
head -n 2 "$root/LICENSE" | grep -q "Version 3, 29 June 2007" || fail "LICENSE is not version 3"
grep -q "How to Apply These Terms" "$root/LICENSE" || fail "LICENSE is cut short"
grep -q "GPL-3.0-or-later" "$root/README.md" || fail "README.md does not say GPL-3.0-or-later"
grep -q "NLOD 2.0" "$root/data/README.md" || fail "data/README.md does not name NLOD 2.0"
grep -q "CC BY 4.0" "$root/data/README.md" || fail "data/README.md does not name CC BY 4.0"
echo "licence: ok"
