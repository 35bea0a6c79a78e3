/* test_workforce.c - the Helsemod-class workforce model: stock-flow accounting, the demand
 * driver in the base year, regions adding up to the nation, scenario levers moving supply
 * the right way, malformed profession/scenario/CSV files refused with file:line messages,
 * and the published Helsemod 2012 and 2019 results for bioengineers reproduced within 15 %
 * (these need data/population.csv and are skipped without it). */
#include "test.h"

#include "klar/datadir.h"
#include "klar/population.h"
#include "klar/workforce.h"

#include <unistd.h>

/* ---------- helpers ---------- */

static const char *professions_dir(void)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s/professions", klar_datadir());
    return buf;
}

static klar_profession *load_profession(const char *id)
{
    char path[1200];
    klar_error err;
    snprintf(path, sizeof path, "%s/%s.ini", professions_dir(), id);
    klar_profession *p = klar_profession_load(path, &err);
    if (!p)
        fprintf(stderr, "cannot load %s: %s\n", id, err.message);
    return p;
}

static klar_wf_scenario *scenario_text(const char *text)
{
    klar_error err;
    klar_wf_scenario *s = klar_wf_scenario_parse(text, "test.ini", professions_dir(), &err);
    if (!s)
        fprintf(stderr, "scenario rejected: %s\n", err.message);
    return s;
}

static klar_wf_model *model_of(const char *id, const char *scenario)
{
    klar_profession *p = load_profession(id);
    klar_wf_scenario *s = scenario ? scenario_text(scenario) : NULL;
    klar_error err;
    klar_wf_model *m = p && (s || !scenario) ? klar_wf_model_new(p, s, &err) : NULL;
    if (p && (s || !scenario) && !m)
        fprintf(stderr, "model rejected: %s\n", err.message);
    klar_wf_scenario_free(s);
    klar_profession_free(p);
    return m;
}

/* A synthetic population series that grows older: persons aged 67+ grow 2 % a year, others
 * stay; each RHF gets a different size. */
static klar_pyramid *ageing_series(int n, double scale)
{
    klar_pyramid *pop = malloc((size_t)n * sizeof *pop);
    if (!pop)
        return NULL;
    for (int i = 0; i < n; i++)
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < KLAR_AGES; a++) {
                double base = a < 80 ? 60000.0 : 60000.0 * (105 - a) / 25.0;
                double growth = a >= 67 ? 1.0 + 0.02 * i : 1.0;
                pop[i].persons[s][a] = scale * base * growth;
            }
    return pop;
}

static klar_pyramid *constant_series(int n)
{
    klar_pyramid *pop = ageing_series(1, 1.0);
    klar_pyramid *all = pop ? malloc((size_t)n * sizeof *all) : NULL;
    for (int i = 0; all && i < n; i++)
        all[i] = pop[0];
    free(pop);
    return all;
}

static klar_wf_result *new_result(void)
{
    return calloc(1, sizeof(klar_wf_result));
}

/* Runs a model over a synthetic series from its base year to `to` for the whole country. */
static int run_synthetic(const klar_wf_model *m, int to, klar_wf_result *out)
{
    int n = to - klar_wf_model_base_year(m) + 1;
    klar_pyramid *pop = ageing_series(n, 1.0);
    klar_error err;
    int rc = pop ? klar_wf_run_whole(m, pop, n, to, out, &err) : -1;
    if (rc)
        fprintf(stderr, "run failed: %s\n", pop ? err.message : "out of memory");
    free(pop);
    return rc;
}

static const klar_wf_year *year_of(const klar_wf_result *r, int year)
{
    int i = year - r->base_year;
    return (i >= 0 && i < r->nyears) ? &r->years[i] : NULL;
}

/* ---------- loading ---------- */

static void test_every_shipped_profession_builds(void)
{
    char **ids;
    klar_error err;
    int n = klar_profession_list(professions_dir(), &ids, &err);
    CHECK(n >= 6);
    int has_bio = 0;
    for (int i = 0; i < n; i++) {
        has_bio |= strcmp(ids[i], "bioingenior") == 0;
        klar_wf_model *m = model_of(ids[i], NULL);
        CHECK(m != NULL);
        if (m) {
            CHECK(strcmp(klar_wf_model_profession_id(m), ids[i]) == 0);
            CHECK(klar_wf_model_base_year(m) == 2022);
            double sum = 0;
            for (int r = 0; r < KLAR_RHF_COUNT; r++)
                sum += klar_wf_model_rhf_share(m, (klar_rhf)r);
            CHECK_NEAR(sum, 1.0, 1e-12);
        }
        klar_wf_model_free(m);
    }
    CHECK(has_bio);
    klar_profession_list_free(ids);
}

static void test_inputs_carry_sources_or_are_assumptions(void)
{
    klar_wf_model *m = model_of("bioingenior", NULL);
    CHECK(m != NULL);
    if (!m)
        return;
    size_t n = klar_wf_model_input_count(m), assumptions = 0;
    int saw_women_source = 0;
    for (size_t i = 0; i < n; i++) {
        klar_wf_input in = klar_wf_model_input(m, i);
        CHECK(in.key && in.label && in.value && in.file && in.line > 0);
        if (!in.source)
            assumptions++;
        else if (strcmp(in.key, "stock.women_share") == 0)
            saw_women_source = strstr(in.source, "90 %") != NULL;
    }
    CHECK(assumptions == klar_wf_model_assumption_count(m));
    CHECK(assumptions > 0 && assumptions < n);
    CHECK(saw_women_source);
    klar_wf_model_free(m);
}

/* ---------- accounting ---------- */

static void check_accounting(const klar_wf_result *r)
{
    for (int i = 0; i + 1 < r->nyears; i++) {
        const klar_wf_year *y = &r->years[i], *next = &r->years[i + 1];
        double expect = y->persons + y->graduates + y->migration - y->exits;
        CHECK_NEAR(next->persons, expect, 1e-9 * (1.0 + y->persons));
        CHECK(y->exits >= 0 && y->graduates >= 0);
        CHECK(y->employed <= y->persons + 1e-9 && y->fte <= y->employed + 1e-9);
    }
}

static void test_stock_flow_accounting(void)
{
    klar_wf_model *m = model_of("bioingenior", NULL);
    klar_wf_result *r = new_result();
    CHECK(m && r);
    if (m && r && run_synthetic(m, 2070, r) == 0) {
        CHECK(r->nyears == 2070 - 2022 + 1);
        check_accounting(r);
        CHECK(r->years[0].graduates > 0 && r->years[0].exits > 0 && r->years[0].migration > 0);
    }
    klar_wf_model_free(m);
    free(r);
}

static void test_accounting_holds_with_net_emigration(void)
{
    /* Net emigration larger than whole cohorts: cohorts stop at zero and only the migration
     * that found someone is counted, so the identity still holds. */
    klar_wf_model *m = model_of("bioingenior", "[scenario]\nmigration_factor = -50\n");
    klar_wf_result *r = new_result();
    CHECK(m && r);
    if (m && r && run_synthetic(m, 2060, r) == 0) {
        check_accounting(r);
        CHECK(r->years[5].migration < 0);
        CHECK(r->years[5].migration > -50.0 * 20.0 - 1e-9);
        for (int i = 0; i < r->nyears; i++)
            CHECK(r->years[i].persons >= 0);
    }
    klar_wf_model_free(m);
    free(r);
}

/* ---------- demand ---------- */

static void test_base_year_in_balance_with_driver_one(void)
{
    klar_wf_model *m = model_of("sykepleier", NULL);
    klar_wf_result *r = new_result();
    CHECK(m && r);
    if (m && r && run_synthetic(m, 2040, r) == 0) {
        const klar_wf_year *y = &r->years[0];
        for (int k = 0; k < KLAR_WF_SECTORS; k++)
            CHECK(y->demo[k] == 1.0);
        for (int alt = 0; alt < KLAR_WF_ALTERNATIVES; alt++) {
            CHECK_NEAR(y->demand[alt], y->fte, 1e-6);
            CHECK_NEAR(y->gap[alt], 0.0, 1e-6);
        }
        CHECK_NEAR(y->fte, 88000.0, 1e-6);
        CHECK_NEAR(y->persons, 136000.0, 1e-6);
        /* an ageing population drives demand up, most in municipal care */
        const klar_wf_year *last = year_of(r, 2040);
        CHECK(last->demo[KLAR_WF_MUNICIPAL] > last->demo[KLAR_WF_SPECIALIST]);
        CHECK(last->demo[KLAR_WF_SPECIALIST] > last->demo[KLAR_WF_OTHER]);
        CHECK(last->demand[KLAR_WF_HIGH] > last->demand[KLAR_WF_REFERENCE]);
        CHECK(last->demand[KLAR_WF_REFERENCE] > last->demand[KLAR_WF_DEMOGRAPHY]);
    }
    klar_wf_model_free(m);
    free(r);
}

static void test_base_shortage_and_standard_change(void)
{
    /* Constant population: demography demand stays at the base, reference grows exactly by
     * (1 + std)^t, and a base shortage shows as the gap in the base year. */
    klar_wf_model *m = model_of("bioingenior", "[demand]\nbase_shortage_fte = 300\n"
                                               "std.reference = 0.01\n");
    klar_wf_result *r = new_result();
    klar_pyramid *pop = constant_series(19);
    klar_error err;
    CHECK(m && r && pop);
    if (m && r && pop && klar_wf_run_whole(m, pop, 19, 2040, r, &err) == 0) {
        CHECK_NEAR(r->years[0].gap[KLAR_WF_REFERENCE], 300.0, 1e-6);
        CHECK_NEAR(r->years[0].demand[KLAR_WF_DEMOGRAPHY], 5400.0, 1e-6);
        CHECK_NEAR(r->years[18].demand[KLAR_WF_DEMOGRAPHY], 5400.0, 1e-6);
        CHECK_NEAR(r->years[18].demand[KLAR_WF_REFERENCE], 5400.0 * pow(1.01, 18), 1e-6);
    }
    free(pop);
    klar_wf_model_free(m);
    free(r);
}

/* ---------- regions ---------- */

static int results_equal_exactly(const klar_wf_result *a, const klar_wf_result *b)
{
    return a->nyears == b->nyears && memcmp(a->years, b->years, (size_t)a->nyears * sizeof a->years[0]) == 0;
}

static void test_regions_add_up_to_the_nation(void)
{
    klar_wf_model *m = model_of("bioingenior", NULL);
    int n = 2050 - 2022 + 1;
    klar_pyramid *pop[KLAR_RHF_COUNT];
    for (int r = 0; r < KLAR_RHF_COUNT; r++)
        pop[r] = ageing_series(n, 0.1 + 0.2 * r);
    klar_wf_result *nation = new_result(), *sum = new_result(), *part = new_result(),
                   *whole = new_result();
    klar_error err;
    CHECK(m && nation && sum && part && whole && pop[0] && pop[1] && pop[2] && pop[3]);
    if (m && nation && sum && part && whole && pop[0] && pop[1] && pop[2] && pop[3]) {
        const klar_pyramid *const pops[KLAR_RHF_COUNT] = {pop[0], pop[1], pop[2], pop[3]};
        CHECK(klar_wf_run_nation(m, pops, n, 2050, nation, &err) == 0);
        for (int r = 0; r < KLAR_RHF_COUNT; r++) {
            CHECK(klar_wf_run(m, (klar_rhf)r, pop[r], n, 2050, r ? part : sum, &err) == 0);
            if (r)
                CHECK(klar_wf_result_add(sum, part) == 0);
        }
        CHECK(results_equal_exactly(nation, sum));
        /* every total is the sum of the RHF totals; supply also equals one national run */
        CHECK(klar_wf_run_whole(m, pop[0], n, 2050, whole, &err) == 0);
        for (int i = 0; i < n; i++) {
            double persons = 0, gap = 0;
            for (int r = 0; r < KLAR_RHF_COUNT; r++) {
                CHECK(klar_wf_run(m, (klar_rhf)r, pop[r], n, 2050, part, &err) == 0);
                persons += part->years[i].persons;
                gap += part->years[i].gap[KLAR_WF_REFERENCE];
            }
            CHECK_NEAR(nation->years[i].persons, persons, 1e-9 * persons);
            CHECK_NEAR(nation->years[i].gap[KLAR_WF_REFERENCE], gap, 1e-9 * (1 + fabs(gap)));
            CHECK_NEAR(nation->years[i].fte, whole->years[i].fte, 1e-9 * whole->years[i].fte);
            CHECK_NEAR(nation->years[i].persons, whole->years[i].persons, 1e-9 * persons);
        }
        /* the shares come from SSB's 2021 hospital counts (seed 002) */
        CHECK_NEAR(klar_wf_model_rhf_share(m, KLAR_RHF_SOR_OST), 2471.0 / 4763.0, 0.002);
        CHECK_NEAR(klar_wf_model_rhf_share(m, KLAR_RHF_NORD), 527.0 / 4763.0, 0.002);
    }
    for (int r = 0; r < KLAR_RHF_COUNT; r++)
        free(pop[r]);
    free(nation);
    free(sum);
    free(part);
    free(whole);
    klar_wf_model_free(m);
}

/* ---------- scenario levers ---------- */

/* Supply FTE in `year` for bioengineers under a scenario (synthetic population). */
static double supply_fte(const char *scenario, int year)
{
    klar_wf_model *m = model_of("bioingenior", scenario);
    klar_wf_result *r = new_result();
    double fte = -1;
    if (m && r && run_synthetic(m, 2050, r) == 0)
        fte = year_of(r, year)->fte;
    klar_wf_model_free(m);
    free(r);
    return fte;
}

static void test_more_study_places_raise_supply(void)
{
    double base = supply_fte(NULL, 2040);
    const char *more = "[scenario]\nstudy_places_factor = 1.5\nstart_year = 2024\n";
    double with_more = supply_fte(more, 2040);
    CHECK(base > 0 && with_more > base + 500);
    /* admissions from 2024 graduate from 2027 on (three years): nothing changes before */
    CHECK_NEAR(supply_fte(more, 2026), supply_fte(NULL, 2026), 1e-9);
    CHECK(supply_fte(more, 2027) > supply_fte(NULL, 2027));
}

static void test_behaviour_levers_move_supply(void)
{
    double base = supply_fte(NULL, 2035);
    CHECK(supply_fte("[scenario]\nretirement_shift = 2\n", 2035) > base);
    CHECK(supply_fte("[scenario]\nretirement_shift = -2\n", 2035) < base);
    CHECK(supply_fte("[scenario]\nparttime_factor = 0.5\n", 2035) > base);
    CHECK(supply_fte("[scenario]\ncompletion_change = 0.1\n", 2035) > base);
    CHECK(supply_fte("[scenario]\nmigration_factor = 5\n", 2035) > base);
    /* the base year itself is calibrated and never moves */
    CHECK_NEAR(supply_fte("[scenario]\nparttime_factor = 0.5\nretirement_shift = 3\n", 2022),
               5100.0, 1e-6);
}

static void test_productivity_lowers_demand(void)
{
    klar_wf_model *m0 = model_of("bioingenior", NULL);
    klar_wf_model *m1 = model_of("bioingenior", "[scenario]\nproductivity = 0.01\n");
    klar_wf_result *r0 = new_result(), *r1 = new_result();
    CHECK(m0 && m1 && r0 && r1);
    if (m0 && m1 && r0 && r1 && run_synthetic(m0, 2040, r0) == 0 && run_synthetic(m1, 2040, r1) == 0) {
        for (int alt = 0; alt < KLAR_WF_ALTERNATIVES; alt++)
            CHECK_NEAR(r1->years[18].demand[alt], r0->years[18].demand[alt] / pow(1.01, 18), 1e-6);
        CHECK(r1->years[18].fte == r0->years[18].fte);
    }
    klar_wf_model_free(m0);
    klar_wf_model_free(m1);
    free(r0);
    free(r1);
}

/* ---------- malformed input ---------- */

/* A complete, valid profession file; tests replace one line of it. */
static const char *valid_profession =
    "[profession]\n"                                           /* 1 */
    "id = test\n"                                              /* 2 */
    "name_nb = Test\n"                                         /* 3 */
    "name_en = Test\n"                                         /* 4 */
    "base_year = 2022\n"                                       /* 5 */
    "[stock]\n"                                                /* 6 */
    "persons = 1000\n"                                         /* 7 */
    "women_share = 0.5\n"                                      /* 8 */
    "age_profile = defaults/stock-age-health.csv\n"            /* 9 */
    "fte = 700\n"                                              /* 10 */
    "fte_per_worker = 0.9\n"                                   /* 11 */
    "[education]\n"                                            /* 12 */
    "study_places = 50\n"                                      /* 13 */
    "completion = 0.8\n"                                       /* 14 */
    "study_years = 3\n"                                        /* 15 */
    "women_share = 0.5\n"                                      /* 16 */
    "age_profile = defaults/graduate-age-bachelor.csv\n"       /* 17 */
    "[behaviour]\n"                                            /* 18 */
    "participation_profile = defaults/participation.csv\n"     /* 19 */
    "fte_profile = defaults/fte.csv\n"                         /* 20 */
    "exit_profile = defaults/exit.csv\n"                       /* 21 */
    "[demand]\n"                                               /* 22 */
    "share.specialist = 0.5\n"                                 /* 23 */
    "share.municipal = 0.3\n"                                  /* 24 */
    "share.other = 0.2\n"                                      /* 25 */
    "service_use.specialist = defaults/service-use-specialist.csv\n" /* 26 */
    "service_use.municipal = defaults/service-use-municipal.csv\n"   /* 27 */
    "service_use.other = defaults/service-use-other.csv\n"           /* 28 */
    "std.reference = 0.005\n"                                  /* 29 */
    "std.high = 0.01\n"                                        /* 30 */
    "[regions]\n"                                              /* 31 */
    "share.helse-sor-ost = 0.55\n"                             /* 32 */
    "share.helse-vest = 0.2\n"                                 /* 33 */
    "share.helse-midt-norge = 0.15\n"                          /* 34 */
    "share.helse-nord = 0.1\n";                                /* 35 */

/* valid_profession with line `line` (1-based) replaced by `with` (may hold several lines). */
static char *replace_line(int line, const char *with)
{
    size_t cap = strlen(valid_profession) + strlen(with) + 2;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    const char *p = valid_profession;
    size_t o = 0;
    for (int l = 1; *p; l++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
        if (l == line)
            o += (size_t)snprintf(out + o, cap - o, "%s\n", with);
        else {
            memcpy(out + o, p, len);
            o += len;
        }
        p += len;
    }
    out[o] = '\0';
    return out;
}

/* Builds a model from the valid profession with one line replaced; returns the error text
 * ("" if it was accepted). */
static const char *profession_error(int line, const char *with)
{
    static klar_error err;
    klar_error_clear(&err);
    char *text = replace_line(line, with);
    klar_profession *p = text ? klar_profession_parse(text, "prof.ini", professions_dir(), &err) : NULL;
    klar_wf_model *m = p ? klar_wf_model_new(p, NULL, &err) : NULL;
    if (m)
        klar_error_clear(&err);
    klar_wf_model_free(m);
    klar_profession_free(p);
    free(text);
    return err.message;
}

static void test_valid_profession_text_is_accepted(void)
{
    CHECK(strcmp(profession_error(0, ""), "") == 0);
}

static void test_malformed_profession_files_are_refused_with_line(void)
{
    CHECK(test_starts_with(profession_error(7, "persons = many"), "prof.ini:7: 'persons' must be a number"));
    CHECK(test_starts_with(profession_error(8, "women_share = 1.5"), "prof.ini:8: 'women_share' = 1.5 lies outside"));
    CHECK(test_starts_with(profession_error(7, "persns = 1000"), "prof.ini:7: unknown key 'persns' in [stock]"));
    CHECK(test_starts_with(profession_error(8, "persons = 2000"), "prof.ini:8: 'persons' is given twice"));
    CHECK(test_starts_with(profession_error(6, "[stok]"), "prof.ini:6: unknown section [stok]"));
    CHECK(test_starts_with(profession_error(13, "study_places 50"), "prof.ini:13: expected 'name = value'"));
    CHECK(test_starts_with(profession_error(12, "[education"), "prof.ini:12: malformed section header"));
    CHECK(test_starts_with(profession_error(15, "study_years = 2.5"), "prof.ini:15: 'study_years' must be a whole number"));
    /* a missing required key is reported at its section */
    CHECK(test_starts_with(profession_error(14, "; no completion"), "prof.ini:12: [education] lacks 'completion'"));
    /* the model's checks name the offending value's line */
    CHECK(test_starts_with(profession_error(25, "share.other = 0.3"), "prof.ini:25: the sector shares sum to 1.1000"));
    CHECK(test_starts_with(profession_error(35, "share.helse-nord = 0.3"), "prof.ini:35: the regional shares sum to"));
    CHECK(test_starts_with(profession_error(9, "age_profile = nowhere.csv"), "prof.ini:9: cannot find 'nowhere.csv'"));
    CHECK(test_starts_with(profession_error(10, "fte = 5000"), "prof.ini:10: fte = 5000 is more than 1000 persons"));
    CHECK(test_starts_with(profession_error(1, "[scenario]\nstudy_places_factor = 2\n[profession]"),
                      "prof.ini:1: unknown section [scenario]"));
    /* a too-long line is refused, not split silently */
    char longline[400];
    memset(longline, 'x', sizeof longline - 1);
    longline[sizeof longline - 1] = '\0';
    memcpy(longline, "; ", 2);
    CHECK(test_starts_with(profession_error(3, longline), "prof.ini:3: line longer than"));
    /* a source documents a value; one without its value is refused */
    CHECK(strstr(profession_error(13, "study_places.source = nowhere"), "study_places.source is given") != NULL);
}

static void test_sources_may_continue_on_indented_lines(void)
{
    char *text = replace_line(7, "persons = 1000\npersons.source = first part\n    second part");
    klar_error err;
    klar_profession *p = text ? klar_profession_parse(text, "prof.ini", professions_dir(), &err) : NULL;
    klar_wf_model *m = p ? klar_wf_model_new(p, NULL, &err) : NULL;
    CHECK(m != NULL);
    for (size_t i = 0; m && i < klar_wf_model_input_count(m); i++) {
        klar_wf_input in = klar_wf_model_input(m, i);
        if (strcmp(in.key, "stock.persons") == 0)
            CHECK(in.source && strcmp(in.source, "first part second part") == 0);
    }
    klar_wf_model_free(m);
    klar_profession_free(p);
    free(text);
}

static void test_malformed_scenarios_are_refused_with_line(void)
{
    klar_error err;
    struct {
        const char *text, *want;
    } cases[] = {
        {"[scenario]\nstudy_places_factr = 2\n", "sc.ini:2: unknown key 'study_places_factr' in [scenario]"},
        {"[scenario]\nretirement_shift = 40\n", "sc.ini:2: 'retirement_shift' = 40 lies outside"},
        {"; c\n[profession]\nid = other\n", "sc.ini:3: a scenario cannot change [profession] id"},
        {"[stock]\npersons = -5\n", "sc.ini:2: 'persons' = -5 lies outside"},
        {"[scenario]\nto_year = 2030\n[profession]\nbase_year = 2035\n", "sc.ini:2: to_year 2030 lies before"},
        {"[scenario]\n\n\nprofession\n", "sc.ini:4: expected 'name = value'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        klar_wf_scenario *s = klar_wf_scenario_parse(cases[i].text, "sc.ini", ".", &err);
        CHECK(s == NULL);
        if (!s)
            CHECK(test_starts_with(err.message, cases[i].want));
        klar_wf_scenario_free(s);
    }
    /* errors found while building the model name the scenario's line */
    klar_profession *p = load_profession("bioingenior");
    const char *bad[][2] = {
        {"[scenario]\nprofession = lege\n", "sc.ini:2: the scenario is for 'lege'"},
        {"[scenario]\nstart_year = 2020\n", "sc.ini:2: start_year 2020 must come after"},
        {"\n[stock]\nage_profile = missing.csv\n", "sc.ini:3: cannot find 'missing.csv'"},
        {"[demand]\nshare.other = 0.5\n", "sc.ini:2: the sector shares sum to"},
    };
    for (size_t i = 0; p && i < sizeof bad / sizeof bad[0]; i++) {
        klar_wf_scenario *s = klar_wf_scenario_parse(bad[i][0], "sc.ini", ".", &err);
        CHECK(s != NULL);
        klar_wf_model *m = s ? klar_wf_model_new(p, s, &err) : NULL;
        CHECK(m == NULL);
        if (s && !m)
            CHECK(test_starts_with(err.message, bad[i][1]));
        klar_wf_model_free(m);
        klar_wf_scenario_free(s);
    }
    klar_profession_free(p);
}

static void test_malformed_csv_profile_names_its_line(void)
{
    char dir[] = "/tmp/klar-wf-test-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char csv[128];
    snprintf(csv, sizeof csv, "%s/bad.csv", dir);
    FILE *fp = fopen(csv, "w");
    CHECK(fp != NULL);
    if (!fp)
        return;
    fputs("# comment\nage_from,age_to,male,female\n20,40,1,1\n41,39,1,1\n", fp);
    fclose(fp);
    char line[256];
    snprintf(line, sizeof line, "age_profile = %s", csv);
    const char *msg = profession_error(9, line);
    char want[256];
    snprintf(want, sizeof want, "%s:4: ages must be whole numbers", csv);
    CHECK(test_starts_with(msg, want));
    fp = fopen(csv, "w");
    if (fp) {
        fputs("age_from,age_to,male,female\n20,60,0.9,0.9\n", fp);
        fclose(fp);
    }
    snprintf(line, sizeof line, "participation_profile = %s", csv);
    snprintf(want, sizeof want, "%s: ages 61-74 are missing", csv);
    CHECK(test_starts_with(profession_error(19, line), want));
    remove(csv);
    rmdir(dir);
}

static void test_missing_files_are_reported(void)
{
    klar_error err;
    CHECK(klar_profession_load("/nonexistent/x.ini", &err) == NULL);
    CHECK(test_starts_with(err.message, "/nonexistent/x.ini: cannot open"));
    CHECK(klar_wf_scenario_load("/nonexistent/s.ini", &err) == NULL);
    char **ids;
    CHECK(klar_profession_list("/nonexistent", &ids, &err) < 0);
}

/* The seeds' history as a backtest of supply: Helsemod 2005 gives 5 900 bioengineers and 4 700
 * FTE in 2004 with candidates about 5 % of the stock; Helsemod 2012 gives just under 7 000 in
 * 2010 (seed 002 section 6.1). Run from 2004 with the 2012 calibration (exit_extra, completion,
 * no net migration), the stock must reach about 7 000 by 2010. Demand is not asserted, so a
 * constant population stands in for 2004, which the baseline does not hold. */
static void test_supply_backtest_2004_to_2010(void)
{
    static const char text[] =
        "[scenario]\nid = backtest-2004\nprofession = bioingenior\nto_year = 2010\n"
        "[profession]\nbase_year = 2004\n"
        "[stock]\npersons = 5900\nfte = 4700\nwomen_share = 0.90\n"
        "age_profile = bioingenior-stock-age-2010.csv\nfte_per_worker = 0.92\n"
        "[education]\nstudy_places = 447\ncompletion = 0.66\n"
        "[migration]\nnet_per_year = 0\n[behaviour]\nexit_extra = 0.006\n";
    char dir[1200];
    klar_error err;
    snprintf(dir, sizeof dir, "%s/professions", klar_datadir());
    klar_wf_scenario *s = klar_wf_scenario_parse(text, "backtest.ini", dir, &err);
    klar_profession *p = load_profession("bioingenior");
    klar_wf_model *m = s && p ? klar_wf_model_new(p, s, &err) : NULL;
    klar_wf_result *r = new_result();
    CHECK(m != NULL && r != NULL);
    if (m && r) {
        klar_pyramid pop[7];
        for (int y = 0; y < 7; y++)
            for (int sex = 0; sex < 2; sex++)
                for (int a = 0; a < KLAR_AGES; a++)
                    pop[y].persons[sex][a] = 30000.0;
        CHECK(klar_wf_run_whole(m, pop, 7, 2010, r, &err) == 0);
        const klar_wf_year *y2004 = year_of(r, 2004), *y2010 = year_of(r, 2010);
        CHECK(y2004 && y2010);
        if (y2004 && y2010) {
            CHECK_NEAR(y2004->graduates / y2004->persons, 0.05, 0.001);
            fprintf(stderr, "backtest: bioengineers 2004 %.0f -> 2010 %.0f persons (seeds: 5 900 -> "
                    "just under 7 000)\n", y2004->persons, y2010->persons);
            CHECK_NEAR(y2010->persons, 6980, 0.05 * 6980);
        }
    } else if (!m) {
        fprintf(stderr, "backtest: %s\n", err.message);
    }
    free(r);
    klar_wf_model_free(m);
    klar_profession_free(p);
    klar_wf_scenario_free(s);
}

/* ---------- the published Helsemod results ---------- */

typedef struct projected {
    klar_popbase *pb;
    klar_pop_assumptions a;
} projected;

/* Loads the population baseline; 0 if absent (the test is then skipped). */
static int load_population(projected *pr)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/population.csv", klar_datadir());
    struct stat st;
    if (stat(path, &st) != 0) {
        test_skip("data/population.csv is absent");
        return 0;
    }
    klar_error err;
    pr->pb = klar_popbase_load(klar_datadir(), &err);
    if (!pr->pb || klar_pop_assumptions_load(klar_datadir(), &pr->a, &err) != 0) {
        fprintf(stderr, "population data: %s\n", err.message);
        CHECK(0);
        klar_popbase_free(pr->pb);
        return 0;
    }
    return 1;
}

/* Runs a shipped scenario nationally (sum of the RHFs, each projected from its observed
 * population in the base year). */
static int run_scenario(const projected *pr, const char *name, klar_wf_result *out)
{
    char path[1200];
    klar_error err;
    snprintf(path, sizeof path, "%s/../scenarios/%s.ini", klar_datadir(), name);
    klar_wf_scenario *s = klar_wf_scenario_load(path, &err);
    klar_profession *p = load_profession("bioingenior");
    klar_wf_model *m = s && p ? klar_wf_model_new(p, s, &err) : NULL;
    klar_wf_popseries ps;
    int rc = -1;
    if (m && klar_wf_popseries_project(pr->pb, &pr->a, klar_wf_model_base_year(m),
                                       klar_wf_scenario_to_year(s), &ps, &err) == 0) {
        const klar_pyramid *pops[KLAR_RHF_COUNT] = {ps.rhf[0], ps.rhf[1], ps.rhf[2], ps.rhf[3]};
        rc = klar_wf_run_nation(m, pops, ps.nyears, klar_wf_scenario_to_year(s), out, &err);
        klar_wf_popseries_free(&ps);
    }
    if (rc)
        fprintf(stderr, "%s: %s\n", name, err.message);
    klar_wf_model_free(m);
    klar_profession_free(p);
    klar_wf_scenario_free(s);
    return rc;
}

static void test_helsemod_2012_shortage_in_2035(void)
{
    projected pr;
    if (!load_population(&pr))
        return;
    klar_wf_result *r = new_result();
    if (r && run_scenario(&pr, "helsemod-2012-bioingenior", r) == 0) {
        const klar_wf_year *base = year_of(r, 2010), *y = year_of(r, 2035);
        CHECK(base && y);
        if (base && y) {
            CHECK_NEAR(base->persons, 6980, 1e-6);
            CHECK_NEAR(base->fte, 5860, 1e-6);
            CHECK_NEAR(base->graduates / base->persons, 0.036, 0.001);
            fprintf(stderr, "Helsemod 2012, shortage 2035 (FTE): demography %.0f, reference %.0f, "
                    "high %.0f (published 1 500, 2 400, 3 600)\n", y->gap[KLAR_WF_DEMOGRAPHY],
                    y->gap[KLAR_WF_REFERENCE], y->gap[KLAR_WF_HIGH]);
            CHECK_NEAR(y->gap[KLAR_WF_REFERENCE], 2400, 0.15 * 2400);
            CHECK_NEAR(y->gap[KLAR_WF_DEMOGRAPHY], 1500, 0.15 * 1500);
            CHECK_NEAR(y->gap[KLAR_WF_HIGH], 3600, 0.15 * 3600);
            CHECK_NEAR(y->demand[KLAR_WF_REFERENCE] / base->demand[KLAR_WF_REFERENCE], 1.5, 0.15 * 0.5);
        }
    } else {
        CHECK(0);
    }
    free(r);
    klar_popbase_free(pr.pb);
}

static void test_helsemod_2019_demand_growth_to_2035(void)
{
    projected pr;
    if (!load_population(&pr))
        return;
    klar_wf_result *r = new_result();
    if (r && run_scenario(&pr, "helsemod-2019-bioingenior", r) == 0) {
        const klar_wf_year *base = year_of(r, 2017), *y = year_of(r, 2035);
        CHECK(base && y);
        if (base && y) {
            double d0 = base->demand[KLAR_WF_REFERENCE], d1 = y->demand[KLAR_WF_REFERENCE];
            fprintf(stderr, "Helsemod 2019, reference demand 2017-2035: +%.1f %% = +%.0f FTE "
                    "(published about 40 %%, 2 000 FTE)\n", 100 * (d1 / d0 - 1), d1 - d0);
            CHECK_NEAR(d0, 5000, 1e-6);
            CHECK_NEAR(d1 / d0 - 1, 0.40, 0.15 * 0.40);
            CHECK_NEAR(d1 - d0, 2000, 0.15 * 2000);
            CHECK(y->demand[KLAR_WF_DEMOGRAPHY] < d1);
        }
    } else {
        CHECK(0);
    }
    free(r);
    klar_popbase_free(pr.pb);
}

int main(void)
{
    RUN(test_every_shipped_profession_builds);
    RUN(test_inputs_carry_sources_or_are_assumptions);
    RUN(test_stock_flow_accounting);
    RUN(test_accounting_holds_with_net_emigration);
    RUN(test_base_year_in_balance_with_driver_one);
    RUN(test_base_shortage_and_standard_change);
    RUN(test_regions_add_up_to_the_nation);
    RUN(test_more_study_places_raise_supply);
    RUN(test_behaviour_levers_move_supply);
    RUN(test_productivity_lowers_demand);
    RUN(test_valid_profession_text_is_accepted);
    RUN(test_malformed_profession_files_are_refused_with_line);
    RUN(test_sources_may_continue_on_indented_lines);
    RUN(test_malformed_scenarios_are_refused_with_line);
    RUN(test_malformed_csv_profile_names_its_line);
    RUN(test_missing_files_are_reported);
    RUN(test_supply_backtest_2004_to_2010);
    RUN(test_helsemod_2012_shortage_in_2035);
    RUN(test_helsemod_2019_demand_growth_to_2035);
    return test_finish();
}
