#!/usr/bin/env python3
"""reference.py - an independent implementation of Penn Medicine's CHIME projection (the SIR
model of CodeForPhilly/chime v1.1.5, src/penn_chime/model/sir.py at commit d7417b0), written
from CHIME's published equations in plain Python 3 (no numpy), to produce the golden files that
tests/test_chime.c compares klar's C implementation against.

Regenerate the golden files (from the repository root):

    python3 tests/chime/reference.py            # every tests/chime/*.cfg -> .csv and .raw.csv
    python3 tests/chime/reference.py --check    # recompute them all; exit 1 if a file differs
    python3 tests/chime/reference.py FILE.cfg   # print one projection as CSV to stdout

<case>.csv is what `klar surge --chime <case>.cfg` prints (floored census); <case>.raw.csv has
the unfloored census and the S, I, R compartments, 17 significant digits.

The model, as CHIME states it:
  I0 = 1 / market_share / hospitalized_rate  (infected on the day of the first admission)
  S0 = population - I0,  R0 = recovered,  N = S0 + I0 + R0,  gamma = 1 / infectious_days
  g = 2^(1/doubling_time) - 1,  beta(c) = (g + gamma) / S0 * (1 - c)
  one day: S' = S - beta S I,  I' = I + beta S I - gamma I,  R' = R + gamma I, then all three
           scaled by N / (S' + I' + R')
  ever(d) = (I + R) * rate * market_share,  admits(d) = ever(d) - ever(d-1)
  census(d) = sum of admits over the last `days` days (the length of stay)
The current day is day 0; the epidemic starts at day -i_day, where i_day is chosen so that the
hospital census on day 0 is nearest to current_hospitalized; contacts are reduced by
relative_contact_rate from the mitigation day (the current day unless --mitigation-date says
otherwise). Every sum, product and quotient below is done in the same order as CHIME does it,
so the results agree to the last bit with CHIME (and with klar).
"""

import datetime
import glob
import io
import math
import os
import sys

PREFIT_DAYS = 300          # CHIME projects this many extra days when searching for i_day
KINDS = ("hospitalized", "icu", "ventilated")

INTEGER_KEYS = {"current-hospitalized", "hospitalized-days", "icu-days", "ventilated-days",
                "infectious-days", "n-days", "population", "recovered", "max-y-axis"}
FLOAT_KEYS = {"doubling-time", "hospitalized-rate", "icu-rate", "ventilated-rate",
              "market-share", "relative-contact-rate"}
DATE_KEYS = {"current-date", "mitigation-date", "date-first-hospitalized"}


def read_settings(path):
    """The options of a CHIME settings file as {name-with-hyphens: value}; later ones win."""
    found = {}
    with open(path, encoding="utf-8") as handle:
        for raw_line in handle:
            words = raw_line.split("#", 1)[0].split()
            while words:
                word = words.pop(0)
                assert word.startswith("--"), "not an option: " + word
                key, eq, value = word[2:].partition("=")
                key = key.replace("_", "-")
                if key == "use-log-scale":
                    continue
                if not eq:
                    value = words.pop(0)
                if key in INTEGER_KEYS:
                    found[key] = int(value)
                elif key in FLOAT_KEYS:
                    found[key] = float(value)
                elif key in DATE_KEYS:
                    found[key] = datetime.datetime.strptime(value, "%Y-%m-%d").date()
                else:
                    raise ValueError("unknown option --" + key)
    return found


class Scenario:
    """The inputs of one projection, with the derived starting state."""

    def __init__(self, opts):
        self.opts = opts
        self.share = opts["market-share"]
        self.rate = {k: opts[k + "-rate"] for k in KINDS}
        self.stay = {k: opts[k + "-days"] for k in KINDS}
        self.n_days = opts["n-days"]
        self.current = opts["current-hospitalized"]
        self.reduction = opts["relative-contact-rate"]
        infected = 1.0 / self.share / self.rate["hospitalized"]
        self.start = (float(opts["population"]) - infected, infected, float(opts["recovered"]))
        self.gamma = 1.0 / opts["infectious-days"]
        today = opts.get("current-date")
        mitigation = opts.get("mitigation-date")
        # without a mitigation date, distancing starts on the current day
        self.mitigation_day = (mitigation - today).days if mitigation else 0

    def contact_rates(self, doubling_time):
        """(beta before mitigation, beta after mitigation) for a doubling time in days."""
        growth = 2.0 ** (1.0 / doubling_time) - 1.0
        first = self.start[0]
        return ((growth + self.gamma) / first * (1.0 - 0.0),
                (growth + self.gamma) / first * (1.0 - self.reduction))


def walk(start, gamma, schedule):
    """Daily (S, I, R) from start, one more than the days in schedule [(beta, days), ...]."""
    s, i, r = start
    total = s + i + r
    states = [start]
    for beta, days in schedule:
        for _ in range(days):
            infections = -beta * s * i
            s_next = infections + s
            i_next = (beta * s * i - gamma * i) + i
            r_next = gamma * i + r
            factor = total / (s_next + i_next + r_next)
            s, i, r = s_next * factor, i_next * factor, r_next * factor
            states.append((s, i, r))
    return states


def hospital(states, rate, share, stay):
    """(admits, census) of one kind of bed from the daily states; admits[0] is None."""
    ever = [(st[1] + st[2]) * rate * share for st in states]
    admits = [None] + [ever[d] - ever[d - 1] for d in range(1, len(ever))]
    running = [0.0]            # running[d]: admissions on days 1..d
    for d in range(1, len(ever)):
        running.append(admits[d] if d == 1 else running[-1] + admits[d])
    census = [running[d] - (running[d - stay] if d > stay else 0.0) for d in range(len(ever))]
    return admits, census


def schedule_for(scn, betas, i_day, days_after):
    """Two phases from day -i_day: beta until the mitigation day, then beta_t."""
    switch = max(scn.mitigation_day, -i_day)
    total = i_day + days_after
    before = i_day + switch
    return [(betas[0], before), (betas[1], total - before)]


def first_max(values):
    best = 0
    for d, v in enumerate(values):
        if v > values[best]:
            best = d
    return best


def search_i_day(scn, betas):
    """CHIME's search: for every candidate i_day project n_days + 300 days past day 0, drop
    candidates whose census peaks before day 0, keep the first with the least squared error."""
    best, best_err = -1, math.inf
    for i_day in range(scn.n_days + PREFIT_DAYS):
        states = walk(scn.start, scn.gamma,
                      schedule_for(scn, betas, i_day, scn.n_days + PREFIT_DAYS))
        census = hospital(states, scn.rate["hospitalized"], scn.share,
                          scn.stay["hospitalized"])[1]
        if first_max(census) < i_day:
            continue
        err = (census[i_day] - scn.current) ** 2.0
        if err < best_err:
            best, best_err = i_day, err
    return best


def search_before_peak(scn, betas):
    """The other i_day rule in sir.py (taken only when no mitigation date is set, which CHIME's
    Parameters never allows): one unmitigated run, best day strictly before its first peak."""
    states = walk(scn.start, scn.gamma, [(betas[0], scn.n_days + PREFIT_DAYS)])
    census = hospital(states, scn.rate["hospitalized"], scn.share, scn.stay["hospitalized"])[1]
    peak = first_max(census)
    errors = [(c - scn.current) ** 2.0 for c in census[:peak]]
    return errors.index(min(errors))


def grid(lo, hi, count=15):
    """count evenly spaced values from lo to hi, hi exact (as numpy.linspace makes them)."""
    step = (hi - lo) / (count - 1)
    return [k * step + lo for k in range(count - 1)] + [hi]


def fit_doubling_time(scn, i_day):
    """CHIME's fit of the doubling time to the census on day 0 when the first admission date
    is known: a grid of 1..15 days, then four finer grids around the best point."""
    def best_index(times):
        errors = []
        for t in times:
            states = walk(scn.start, scn.gamma,
                          schedule_for(scn, scn.contact_rates(t), i_day, scn.n_days))
            census = hospital(states, scn.rate["hospitalized"], scn.share,
                              scn.stay["hospitalized"])[1]
            errors.append((scn.current - census[i_day]) ** 2.0)
        return errors.index(min(errors))

    times = grid(1.0, 15.0)
    k = best_index(times)
    if k >= 14:
        raise ValueError("doubling time would exceed 15 days")
    for _ in range(4):
        # index -1 wraps to the last point, as in CHIME
        times = grid(times[k - 1], times[k + 1])
        k = best_index(times)
    return times[k]


def project(opts):
    """(i_day, doubling time, states, {kind: (admits, census)}) for a settings dictionary."""
    scn = Scenario(opts)
    if "date-first-hospitalized" in opts:
        i_day = (opts["current-date"] - opts["date-first-hospitalized"]).days
        doubling = fit_doubling_time(scn, i_day)
    else:
        doubling = opts["doubling-time"]
        i_day = search_i_day(scn, scn.contact_rates(doubling))
    betas = scn.contact_rates(doubling)
    states = walk(scn.start, scn.gamma, schedule_for(scn, betas, i_day, scn.n_days))
    beds = {k: hospital(states, scn.rate[k], scn.share, scn.stay[k]) for k in KINDS}
    return i_day, doubling, states, beds


def floor_text(x):
    v = math.floor(x)
    return "%d" % v


def write_outputs(cfg_path, floored, raw):
    i_day, _, states, beds = project(read_settings(cfg_path))
    floored.write("day,census_hospitalized,census_icu,census_ventilated\n")
    if raw:
        raw.write("day,census_hospitalized,census_icu,census_ventilated,"
                  "susceptible,infected,recovered\n")
    for row, st in enumerate(states):
        day = row - i_day
        cen = [beds[k][1][row] for k in KINDS]
        floored.write("%d,%s\n" % (day, ",".join(floor_text(c) for c in cen)))
        if raw:
            raw.write("%d,%s\n" % (day, ",".join("%.17g" % v for v in cen + list(st))))


def check(cfg):
    """1 if the golden files of cfg are what this script makes of it now."""
    base = cfg[:-4]
    floored, raw = io.StringIO(), io.StringIO()
    write_outputs(cfg, floored, raw)
    same = True
    for path, text in ((base + ".csv", floored.getvalue()), (base + ".raw.csv", raw.getvalue())):
        with open(path) as handle:
            if handle.read() != text:
                print("differs: " + os.path.relpath(path))
                same = False
    return same


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    cases = sorted(glob.glob(os.path.join(here, "*.cfg")))
    if len(argv) > 1 and argv[1] == "--check":
        bad = [cfg for cfg in cases if not check(cfg)]
        print("%d of %d golden cases reproduced" % (len(cases) - len(bad), len(cases)))
        return 1 if bad else 0
    if len(argv) > 1:
        for path in argv[1:]:
            write_outputs(path, sys.stdout, None)
        return 0
    for cfg in cases:
        base = cfg[:-4]
        with open(base + ".csv", "w") as floored, open(base + ".raw.csv", "w") as raw:
            write_outputs(cfg, floored, raw)
        opts = read_settings(cfg)
        note = ""
        if "date-first-hospitalized" not in opts and "mitigation-date" not in opts:
            scn = Scenario(opts)
            other = search_before_peak(scn, scn.contact_rates(opts["doubling-time"]))
            if other != search_i_day(scn, scn.contact_rates(opts["doubling-time"])):
                note = " (the before-peak rule would give i_day %d)" % other
        print("wrote %s.csv%s" % (os.path.relpath(base), note))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
