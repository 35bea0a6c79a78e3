#!/bin/sh
# scenariokeys.sh - POST /api/v1/scenario-keys, what a form over a scenario text is built
# from: a surge text's keys with the region's defaults (Helse Vest's ICU beds are not the
# nation's), units and ranges, what the text sets and on which line, the line of each section
# header, and the text's first fault tied to the key on its line; a workforce text's levers
# with their neutral values and the profession's own values; 400 naming the field for a bad
# engine, region or profession; 401 without a session. $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"

command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 0; }
[ -f "${KLAR_DATA:-data}/population.csv" ] || { echo "SKIP: no population baseline"; exit 0; }
http_time=60
. "$(dirname "$0")/server.inc"

# pick PYTHON-EXPRESSION : evaluated on the answer in $tmp/body as d, with key(s, k) the key
# k of section s
pick() {
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def key(s, k):
    sec = [x for x in d["sections"] if x["section"] == s][0]
    return [x for x in sec["keys"] if x["key"] == k][0]
def section(s):
    return [x for x in d["sections"] if x["section"] == s][0]
print(eval(sys.argv[2]))' "$tmp/body" "$1"
}

KLAR_PASSWORD=correct-horse-battery "$KLAR" user add anna --org helse-vest --role viewer \
    --db "$tmp/k.db" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar user add failed"; }
start_server "$tmp/k.db"
keys=/api/v1/scenario-keys

http 401 -X POST "$url$keys" -d '{"engine": "surge"}'
login anna correct-horse-battery

# no text: every key with its default; the nation's ICU beds
api 200 anna POST "$keys" '{"engine": "surge"}'
[ "$(pick 'd["region"]["id"]')" = NO ] || fail "the defaults are not the nation's"
[ "$(pick 'd["error"]')" = None ] || fail "no text has no fault"
[ "$(pick 'key("epidemic", "r0")["default"]')" = 1.5 ] || fail "r0's default is not 1.5: $(pick 'key("epidemic", "r0")')"
[ "$(pick 'key("epidemic", "r0")["unit"], key("epidemic", "r0")["uncertain"], key("epidemic", "r0")["max"]')" = "('none', True, 50.0)" ] ||
    fail "r0 is not a pure number up to 50 that may be uncertain"
[ "$(pick 'key("care", "icu_stay_days")["unit"], key("care", "icu_stay_days")["min_open"]')" = "('days', True)" ] ||
    fail "an ICU stay is not in days greater than 0"
[ "$(pick 'len(key("care", "hospitalised")["default"].split(","))')" = 9 ] || fail "an age key has not 9 defaults"
[ "$(pick 'len(d["age_groups"])')" = 9 ] || fail "not 9 age groups"
[ "$(pick 'section("staff.nurse")["group"]')" = staff ] || fail "no [staff.nurse] section"
[ "$(pick 'key("staff.nurse", "fte")["unit"]')" = FTE ] || fail "staff FTE without the unit FTE"
[ "$(pick 'any(s.get("group") == "item" and s["item_unit"] for s in d["sections"])')" = True ] ||
    fail "no item section with the item's unit"
[ "$(pick 'any(k["key"] == "description" for s in d["sections"] for k in s["keys"])')" = False ] ||
    fail "the repeatable description is offered as one value"
nation_icu=$(pick 'float(key("capacity", "icu_beds")["default"])')

# the region's own defaults
api 200 anna POST "$keys" '{"engine": "surge", "region": "helse-vest"}'
[ "$(pick 'd["region"]["id"]')" = helse-vest ] || fail "not Helse Vest's defaults"
vest_icu=$(pick 'float(key("capacity", "icu_beds")["default"])')
python3 -c "import sys; sys.exit(0 if 0 < $vest_icu < $nation_icu else 1)" ||
    fail "Helse Vest's ICU beds ($vest_icu) are not a part of the nation's ($nation_icu)"

# what a text sets, on which line; its section headers; its first fault by key
text='[scenario]\ndays = 200\n\n[epidemic]\nr0 = 1.3 ~ triangular(1.1, 1.3, 1.6)\ninfectious_days = 0\n'
api 200 anna POST "$keys" "{\"engine\": \"surge\", \"parameters\": \"$text\"}"
[ "$(pick 'key("scenario", "days")["value"], key("scenario", "days")["line"]')" = "('200', 2)" ] ||
    fail "days = 200 on line 2 not seen: $(pick 'key("scenario", "days")')"
[ "$(pick 'key("epidemic", "r0")["value"]')" = "1.3 ~ triangular(1.1, 1.3, 1.6)" ] || fail "r0's value not as written"
[ "$(pick 'section("epidemic")["line"], section("care")["line"]')" = "(4, None)" ] || fail "section lines wrong"
[ "$(pick 'd["error"]["key"], d["error"]["line"]')" = "('epidemic.infectious_days', 6)" ] ||
    fail "the fault is not tied to epidemic.infectious_days on line 6: $(pick 'd["error"]')"
has "$tmp/body" "greater than 0"

# a fault of the whole text (no key on its line) has no key
api 200 anna POST "$keys" '{"engine": "surge", "parameters": "[nonsense]\nx = 1\n"}'
[ "$(pick '"key" not in d["error"] and "nonsense" in d["error"]["message"]')" = True ] ||
    fail "an unknown section is not reported as a fault of no key: $(pick 'd["error"]')"

# workforce: the levers' neutral values, the profession's own values
api 200 anna POST "$keys" '{"engine": "workforce", "parameters": "[scenario]\nprofession = bioingenior\nstudy_places_factor = 1.2\n"}'
[ "$(pick 'd["profession"]')" = bioingenior ] || fail "the text's profession not taken"
[ "$(pick 'key("scenario", "study_places_factor")["default"], key("scenario", "study_places_factor")["value"], key("scenario", "study_places_factor")["line"]')" = "('1', '1.2', 3)" ] ||
    fail "the study places lever: $(pick 'key("scenario", "study_places_factor")')"
[ "$(pick 'key("demand", "std.reference")["default"], key("demand", "std.reference")["unit"]')" = "('0.00694', 'per_year')" ] ||
    fail "the profession's standard change: $(pick 'key("demand", "std.reference")')"
[ "$(pick 'any(s["section"] == "profession" and any(k["key"] == "id" for k in s["keys"]) for s in d["sections"])')" = False ] ||
    fail "a profession's identity is offered"
api 200 anna POST "$keys" '{"engine": "workforce", "parameters": "[scenario]\nprofession = bioingenior\nstudy_places_factor = 40\n"}'
[ "$(pick 'd["error"]["key"]')" = scenario.study_places_factor ] || fail "the lever's fault: $(pick 'd["error"]')"

# bad requests name the field
api 400 anna POST "$keys" '{"engine": "chime"}'
has "$tmp/body" '"field":"engine"'
api 400 anna POST "$keys" '{"engine": "surge", "region": "Atlantis"}'
has "$tmp/body" '"field":"region"'
api 400 anna POST "$keys" '{"engine": "workforce", "profession": "astronaut"}'
has "$tmp/body" '"field":"profession"'
api 400 anna POST "$keys" '{"engine": "surge", "paramters": "x"}'
has "$tmp/body" "did you mean"
term_server
exit 0
