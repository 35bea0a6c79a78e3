/* test_runs.c - engine runs on scenario text (klar/runs.h): the check of parameters (line
 * numbers, keys that name files refused), a surge run giving the same figures as the engine
 * loaded from the scenario file, regions and Monte Carlo bands, a workforce projection with and
 * without a scenario (the Helsemod 2012 shortage), and every failure blamed on the right input
 * ("parameters", "region", "runs", "profession", "to_year") without the server's paths. Needs
 * the shipped data/ and scenarios/ (run from the project root); skipped without population.csv. */
#include "test.h"

#include <jansson.h>

#include "klar/datadir.h"
#include "klar/file.h"
#include "klar/runs.h"

static const char *datadir(void)
{
    return klar_datadir();
}

/* 1 if the shipped population is there (else the test is marked skipped). */
static int have_data(void)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/population.csv", datadir());
    if (stat(path, &st) == 0)
        return 1;
    test_skip("data/population.csv is absent");
    return 0;
}

/* The text of a shipped scenario (malloc'ed), or NULL after a failed check. */
static char *scenario_text(const char *name)
{
    char path[256];
    klar_error err;
    size_t len;
    snprintf(path, sizeof path, "scenarios/%s.ini", name);
    char *text = klar_file_read(path, 1 << 20, &len, &err);
    if (!text)
        fprintf(stderr, "  %s\n", err.message);
    CHECK(text != NULL);
    return text;
}

static double number_at(json_t *o, const char *a, const char *b)
{
    json_t *v = json_object_get(o, a);
    return json_number_value(b ? json_object_get(v, b) : v);
}

static const char *text_at(json_t *o, const char *a, const char *b)
{
    json_t *v = json_object_get(o, a);
    return json_string_value(b ? json_object_get(v, b) : v);
}

/* ---- checking parameters -------------------------------------------------------------------- */

static void test_check_accepts_shipped_scenarios(void)
{
    if (!have_data())
        return;
    static const char *const surge[] = {"influenza-moderate", "influenza-severe", "covid19-2020",
                                        "ppe-import-stop"};
    static const char *const wf[] = {"helsemod-2012-bioingenior", "helsemod-2019-bioingenior",
                                     "bioingenior-flere-studieplasser"};
    klar_error err;
    for (size_t i = 0; i < sizeof surge / sizeof surge[0]; i++) {
        char *text = scenario_text(surge[i]);
        int rc = text ? klar_run_check_parameters(datadir(), "surge", text, &err) : -1;
        if (rc != 0)
            fprintf(stderr, "  %s: %s\n", surge[i], text ? err.message : "");
        CHECK(rc == 0);
        free(text);
    }
    for (size_t i = 0; i < sizeof wf / sizeof wf[0]; i++) {
        char *text = scenario_text(wf[i]);
        int rc = text ? klar_run_check_parameters(datadir(), "workforce", text, &err) : -1;
        if (rc != 0)
            fprintf(stderr, "  %s: %s\n", wf[i], text ? err.message : "");
        CHECK(rc == 0);
        free(text);
    }
}

static void test_check_names_the_line(void)
{
    if (!have_data())
        return;
    klar_error err;
    CHECK(klar_run_check_parameters(datadir(), "surge", "[epidemic]\nr0 = 1.5\nlatent_dys = 2\n",
                                    &err) == -1);
    CHECK(test_starts_with(err.message, "line 3: "));
    CHECK(test_contains(err.message, "latent_dys"));
    CHECK(klar_run_check_parameters(datadir(), "surge", "[epidemic]\nr0 = abc\n", &err) == -1);
    CHECK(test_starts_with(err.message, "line 2: "));
    CHECK(klar_run_check_parameters(datadir(), "surge", "[epidemic\nr0 = 2\n", &err) == -1);
    CHECK(test_starts_with(err.message, "line 1: "));
    CHECK(klar_run_check_parameters(datadir(), "workforce",
                                    "[scenario]\nstudy_places_factor = lots\n", &err) == -1);
    CHECK(test_starts_with(err.message, "line 2: 'study_places_factor' must be a number"));
    CHECK(klar_run_check_parameters(datadir(), "surge", NULL, &err) == -1);
    CHECK(test_contains(err.message, "required"));
    CHECK(klar_run_check_parameters(datadir(), "chime", "[x]\n", &err) == -1);
    CHECK(test_contains(err.message, "engine must be 'surge' or 'workforce'"));
    CHECK(klar_run_check_parameters(datadir(), NULL, "[x]\n", &err) == -1);
    /* a text longer than a stored scenario may hold */
    size_t n = KLAR_RUN_MAX_TEXT + 10;
    char *big = malloc(n + 1);
    CHECK(big != NULL);
    if (big) {
        memset(big, ';', n);
        big[n] = '\0';
        CHECK(klar_run_check_parameters(datadir(), "surge", big, &err) == -1);
        CHECK(test_contains(err.message, "at most 65536"));
        free(big);
    }
}

static void test_check_refuses_files(void)
{
    if (!have_data())
        return;
    klar_error err;
    CHECK(klar_run_check_parameters(datadir(), "surge", "[epidemic]\ncontacts = uniform\n",
                                    &err) == 0);
    CHECK(klar_run_check_parameters(datadir(), "surge",
                                    "[scenario]\nname = x\n[epidemic]\ncontacts = /etc/passwd\n",
                                    &err) == -1);
    CHECK(test_starts_with(err.message, "line 4: 'contacts' names a file"));
    CHECK(klar_run_check_parameters(datadir(), "surge", "[epidemic]\ncontacts = matrix.csv\n",
                                    &err) == -1);
    CHECK(test_contains(err.message, "contacts = uniform"));
    static const char *const paths[] = {"/etc/passwd", "../population.csv", "./x.csv",
                                        "sub/x.csv", ".hidden.csv", "bioingenior.ini"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "[scenario]\nprofession = bioingenior\n[stock]\n"
                 "age_profile = %s\n", paths[i]);
        CHECK(klar_run_check_parameters(datadir(), "workforce", text, &err) == -1);
        CHECK(test_starts_with(err.message, "line 4: 'age_profile' names the file"));
    }
    CHECK(klar_run_check_parameters(datadir(), "workforce",
                                    "[demand]\nservice_use.other = /tmp/x.csv\n", &err) == -1);
    CHECK(test_starts_with(err.message, "line 2: 'service_use.other' names the file"));
    /* a bare name is looked up in data/professions/ only, and the message shows no server path */
    CHECK(klar_run_check_parameters(datadir(), "workforce", "[scenario]\nprofession = "
                                    "bioingenior\n[stock]\nage_profile = missing.csv\n",
                                    &err) == -1);
    CHECK(test_starts_with(err.message, "line 4: "));
    CHECK(test_contains(err.message, "data/professions"));
    CHECK(datadir()[0] != '/' || !test_contains(err.message, datadir()));
}

/* ---- surge ---------------------------------------------------------------------------------- */

static void test_surge_matches_the_engine(void)
{
    if (!have_data())
        return;
    char *text = scenario_text("influenza-moderate");
    klar_surge_params *p = malloc(sizeof *p);
    klar_surge_result r;
    klar_error err;
    CHECK(p != NULL);
    if (!text || !p) {
        free(text);
        free(p);
        return;
    }
    json_t *o = klar_run_surge(datadir(), text, NULL, 0, 1, 1, NULL, &err);
    int loaded = klar_surge_load("scenarios/influenza-moderate.ini", datadir(), NULL, p, &err) == 0;
    CHECK(loaded);
    CHECK(o != NULL);
    if (o && loaded && klar_surge_run(p, 0, 0, &r, &err) == 0) {
        json_t *s = json_object_get(o, "summary");
        CHECK(strcmp(text_at(o, "engine", NULL), "surge") == 0);
        CHECK(strcmp(text_at(o, "inputs", "scenario"), "influenza-moderate") == 0);
        json_t *region = json_object_get(json_object_get(o, "inputs"), "region");
        CHECK(strcmp(text_at(region, "id", NULL), "NO") == 0);
        double population = 0;
        for (int g = 0; g < KLAR_SURGE_GROUPS; g++)
            population += p->population[g];
        json_t *pop = json_object_get(json_object_get(o, "inputs"), "population");
        CHECK_NEAR(number_at(pop, "value", NULL), population, 0.5);
        CHECK(strcmp(text_at(pop, "unit", NULL), "persons") == 0);
        CHECK(test_contains(text_at(pop, "date", NULL), "-01-01"));
        CHECK_NEAR(number_at(s, "peak_census_icu", NULL), r.summary.peak_census_icu, 1e-6);
        CHECK_NEAR(number_at(s, "peak_day_icu", NULL), r.summary.peak_day_icu, 0);
        CHECK_NEAR(number_at(s, "unmet_icu_bed_days", NULL), r.summary.unmet_icu_bed_days, 1e-6);
        CHECK_NEAR(number_at(s, "deaths", NULL), r.summary.deaths, 1e-6);
        CHECK(strcmp(text_at(s, "units", "peak_census_icu"), "patients") == 0);
        CHECK(strcmp(text_at(s, "units", "staff_peak_gap"), "FTE") == 0);
        CHECK(json_is_null(json_object_get(s, "monte_carlo")));
        CHECK(json_is_null(json_object_get(json_object_get(o, "inputs"), "seed")));
        CHECK(strcmp(text_at(o, "units", "census_icu"), "patients") == 0);
        CHECK(strcmp(text_at(json_object_get(o, "units"), "stock", "ffp3"), "pieces") == 0);
        json_t *days = json_object_get(o, "days");
        CHECK(json_array_size(days) == (size_t)p->days + 1);
        json_t *peak = json_array_get(days, (size_t)r.summary.peak_day_icu);
        CHECK_NEAR(number_at(peak, "census_icu", NULL), r.summary.peak_census_icu, 1e-6);
        CHECK(json_object_get(peak, "bands") == NULL);
        klar_surge_result_free(&r);
    }
    json_decref(o);
    free(p);
    free(text);
}

static void test_surge_region_and_blame(void)
{
    if (!have_data())
        return;
    char *text = scenario_text("influenza-moderate");
    if (!text)
        return;
    klar_error err;
    json_t *o = klar_run_surge(datadir(), text, "helse-vest", 0, 1, 1, NULL, &err);
    CHECK(o != NULL);
    json_t *region = json_object_get(json_object_get(o, "inputs"), "region");
    CHECK(o && strcmp(text_at(region, "id", NULL), "helse-vest") == 0);
    CHECK(o && strcmp(text_at(region, "chosen_by", NULL), "caller") == 0);
    json_decref(o);
    CHECK(klar_run_surge(datadir(), text, "helse-vst", 0, 1, 1, NULL, &err) == NULL);
    CHECK(strcmp(err.field, "region") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(test_contains(err.message, "helse-vest"));
    CHECK(klar_run_surge(datadir(), text, NULL, KLAR_RUN_MAX_RUNS + 1, 1, 1, NULL, &err) == NULL);
    CHECK(strcmp(err.field, "runs") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(klar_run_surge(datadir(), text, NULL, -1, 1, 1, NULL, &err) == NULL);
    CHECK(strcmp(err.field, "runs") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(klar_run_surge(datadir(), "[scenario]\nname = x\nregion = atlantis\n", NULL, 0, 1, 1,
                         NULL, &err) == NULL);
    CHECK(strcmp(err.field, "parameters") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(test_starts_with(err.message, "line 3: 'region': "));
    CHECK(klar_run_surge(datadir(), "[care]\nward_days = -1\n", NULL, 0, 1, 1, NULL, &err) == NULL);
    CHECK(strcmp(err.field, "parameters") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(test_starts_with(err.message, "line 2: "));
    CHECK(klar_run_surge(datadir(), NULL, NULL, 0, 1, 1, NULL, &err) == NULL);
    CHECK(strcmp(err.field, "parameters") == 0 && err.code == KLAR_ERR_INVALID);
    /* shipped data that cannot be read is nobody's input: no field, not KLAR_ERR_INVALID */
    CHECK(klar_run_surge("/nonexistent-klar-data", "[scenario]\ndays = 5\n", NULL, 0, 1, 1,
                         NULL, &err) == NULL);
    CHECK(err.field[0] == '\0' && err.code == KLAR_ERR_FAILED);
    /* the text's region when the caller gives none; a county works too */
    o = klar_run_surge(datadir(), "[scenario]\nregion = 46\ndays = 30\n", NULL, 0, 1, 1, NULL, &err);
    CHECK(o != NULL);
    region = json_object_get(json_object_get(o, "inputs"), "region");
    CHECK(o && strcmp(text_at(region, "id", NULL), "46") == 0);
    CHECK(o && strcmp(text_at(region, "chosen_by", NULL), "parameters") == 0);
    CHECK(json_array_size(json_object_get(o, "days")) == 31);
    json_decref(o);
    o = klar_run_surge(datadir(), "[scenario]\ndays = 5\n", NULL, 0, 1, 1, NULL, &err);
    region = json_object_get(json_object_get(o, "inputs"), "region");
    CHECK(o && strcmp(text_at(region, "id", NULL), "NO") == 0);
    CHECK(o && strcmp(text_at(region, "chosen_by", NULL), "default") == 0);
    json_decref(o);
    free(text);
}

static void test_surge_monte_carlo(void)
{
    if (!have_data())
        return;
    char *text = scenario_text("influenza-severe");
    if (!text)
        return;
    klar_error err;
    json_t *one = klar_run_surge(datadir(), text, "03", 8, 5, 1, NULL, &err);
    json_t *two = klar_run_surge(datadir(), text, "03", 8, 5, 2, NULL, &err);
    CHECK(one != NULL && two != NULL);
    if (one && two) {
        json_t *mc1 = json_object_get(json_object_get(one, "summary"), "monte_carlo");
        json_t *mc2 = json_object_get(json_object_get(two, "summary"), "monte_carlo");
        CHECK(number_at(mc1, "runs", NULL) == 8);
        CHECK(number_at(json_object_get(one, "inputs"), "seed", NULL) == 5);
        json_t *q = json_object_get(mc1, "peak_census_icu");
        CHECK(number_at(q, "p5", NULL) <= number_at(q, "p50", NULL));
        CHECK(number_at(q, "p50", NULL) <= number_at(q, "p95", NULL));
        CHECK(json_equal(q, json_object_get(mc2, "peak_census_icu")));
        json_t *day = json_array_get(json_object_get(one, "days"), 60);
        json_t *band = json_object_get(json_object_get(day, "bands"), "census_icu");
        CHECK(band != NULL && json_object_get(band, "p95") != NULL);
        CHECK(json_equal(json_object_get(one, "days"), json_object_get(two, "days")));
        CHECK(json_array_size(json_object_get(json_object_get(one, "inputs"),
                                              "uncertain_parameters")) > 0);
    }
    json_decref(one);
    json_decref(two);
    free(text);
}

/* A stop that says stop from its n-th question on (counted over the batch's threads). */
typedef struct stop_after {
    int asked, at;
} stop_after;

static int stop_at(void *ctx)
{
    stop_after *s = ctx;
    return __atomic_add_fetch(&s->asked, 1, __ATOMIC_SEQ_CST) >= s->at;
}

static void test_surge_limits(void)
{
    if (!have_data())
        return;
    char *text = scenario_text("influenza-moderate");
    if (!text)
        return;
    klar_error err;
    /* the role's Monte Carlo runs, with whom the limit is for */
    klar_run_limits l = {.max_runs = 10, .who = "a viewer"};
    CHECK(klar_run_surge(datadir(), text, NULL, 11, 1, 1, &l, &err) == NULL);
    CHECK(err.code == KLAR_ERR_LIMIT && strcmp(err.field, "runs") == 0);
    CHECK(strstr(err.message, "a viewer may ask for at most 10 Monte Carlo runs, not 11") != NULL);
    json_t *o = klar_run_surge(datadir(), text, NULL, 10, 1, 1, &l, &err);
    CHECK(o != NULL);
    json_decref(o);
    /* the days of the text are the text's to blame */
    l = (klar_run_limits){.max_days = 100, .who = "a viewer"};
    CHECK(klar_run_surge(datadir(), text, NULL, 0, 1, 1, &l, &err) == NULL);
    CHECK(err.code == KLAR_ERR_LIMIT && strcmp(err.field, "parameters") == 0);
    CHECK(strstr(err.message, "simulates 300 days") != NULL);
    CHECK(strstr(err.message, "at most 100") != NULL);
    o = klar_run_surge(datadir(), "[scenario]\ndays = 100\n", NULL, 0, 1, 1, &l, &err);
    CHECK(o != NULL);
    json_decref(o);
    /* memory: the estimate grows with runs and days, and a cap below it refuses the run */
    klar_surge_params p;
    klar_surge_params_defaults(&p);
    size_t small = klar_surge_mc_bytes(&p, 100, 2), big = klar_surge_mc_bytes(&p, 1000, 2);
    CHECK(small > 100 * 300 * KLAR_SURGE_NSERIES * sizeof(float));
    CHECK(big > 5 * small && big < 10 * small);   /* runs x days, plus the bands */
    l = (klar_run_limits){.max_bytes = small};
    CHECK(klar_run_surge(datadir(), text, NULL, 1000, 1, 2, &l, &err) == NULL);
    CHECK(err.code == KLAR_ERR_LIMIT && strcmp(err.field, "runs") == 0);
    CHECK(strstr(err.message, "1000 Monte Carlo runs of 300 days need about") != NULL);
    /* a stop ends the batch: the deterministic run is done, the Monte Carlo runs are not */
    stop_after s = {0, 5};
    l = (klar_run_limits){.stop = stop_at, .stop_ctx = &s};
    CHECK(klar_run_surge(datadir(), text, NULL, 50, 1, 2, &l, &err) == NULL);
    CHECK(err.code == KLAR_ERR_LIMIT && strcmp(err.field, "runs") == 0);
    CHECK(strstr(err.message, "stopped after") != NULL && strstr(err.message, "of 50 runs"));
    CHECK(s.asked >= 5 && s.asked < 50);
    s = (stop_after){0, 1000};
    o = klar_run_surge(datadir(), text, NULL, 50, 1, 2, &l, &err);
    CHECK(o != NULL && s.asked >= 50);      /* before every run, and every tile of percentiles */
    json_decref(o);
    free(text);
}

/* ---- workforce ------------------------------------------------------------------------------ */

/* The row of year and alternative in a workforce result, or NULL. */
static json_t *row_of(json_t *o, int year, const char *alternative)
{
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(o, "rows"), i, row) {
        if (number_at(row, "year", NULL) == year &&
            strcmp(text_at(row, "alternative", NULL), alternative) == 0)
            return row;
    }
    return NULL;
}

static void test_workforce_without_scenario(void)
{
    if (!have_data())
        return;
    klar_error err;
    json_t *o = klar_run_workforce(datadir(), "bioingenior", NULL, NULL, 2030, &err);
    if (!o)
        fprintf(stderr, "  %s\n", err.message);
    CHECK(o != NULL);
    if (!o)
        return;
    CHECK(strcmp(text_at(o, "engine", NULL), "workforce") == 0);
    CHECK(json_array_size(json_object_get(o, "rows")) == 9 * 3);   /* 2022-2030, 3 each */
    json_t *base = row_of(o, 2022, "demography");
    CHECK(base != NULL);
    CHECK_NEAR(number_at(base, "supply_fte", NULL), 5100, 0.05);   /* as klar workforce */
    CHECK_NEAR(number_at(base, "gap_fte", NULL), 0, 0.05);
    CHECK(number_at(json_object_get(o, "inputs"), "to_year", NULL) == 2030);
    CHECK(number_at(json_object_get(o, "inputs"), "population", "projected_from") == 2022);
    CHECK(json_is_null(json_object_get(o, "scenario")));
    CHECK(test_contains(text_at(o, "units", "fte"), "FTE"));
    CHECK(strcmp(text_at(json_object_get(o, "region"), "id", NULL), "NO") == 0);
    json_t *in = json_array_get(json_object_get(o, "sources"), 0);
    CHECK(in && test_starts_with(text_at(in, "file", NULL), "data/professions/"));
    json_decref(o);

    /* an RHF gives its share, less than the nation */
    o = klar_run_workforce(datadir(), "bioingenior", NULL, "helse-vest", 2030, &err);
    CHECK(o != NULL);
    json_t *vest = o ? row_of(o, 2030, "reference") : NULL;
    CHECK(vest && number_at(vest, "supply_fte", NULL) > 0 &&
          number_at(vest, "supply_fte", NULL) < 5100);
    json_decref(o);
}

static void test_workforce_helsemod_2012(void)
{
    if (!have_data())
        return;
    char *text = scenario_text("helsemod-2012-bioingenior");
    if (!text)
        return;
    klar_error err;
    /* the profession and the last year come from the text */
    json_t *o = klar_run_workforce(datadir(), NULL, text, NULL, 0, &err);
    if (!o)
        fprintf(stderr, "  %s\n", err.message);
    CHECK(o != NULL);
    json_t *row = o ? row_of(o, 2035, "reference") : NULL;
    CHECK(row != NULL);
    /* published: a shortage of about 2 400 FTE in 2035 (reproduced within 15 %) */
    CHECK(row && fabs(number_at(row, "gap_fte", NULL) - 2400) <= 0.15 * 2400);
    CHECK(o && strcmp(text_at(o, "scenario", NULL), "helsemod-2012-bioingenior") == 0);
    CHECK(o && number_at(json_object_get(o, "inputs"), "to_year", NULL) == 2035);
    json_decref(o);
    free(text);
}

static void test_workforce_blame(void)
{
    if (!have_data())
        return;
    klar_error err;
    CHECK(klar_run_workforce(datadir(), "bioingenor", NULL, NULL, 0, &err) == NULL);
    CHECK(strcmp(err.field, "profession") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(test_contains(err.message, "did you mean 'bioingenior'?"));
    CHECK(klar_run_workforce(datadir(), "../data/x", NULL, NULL, 0, &err) == NULL);
    CHECK(strcmp(err.field, "profession") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(klar_run_workforce(datadir(), "bioingenior", NULL, "helse-vst", 0, &err) == NULL);
    CHECK(strcmp(err.field, "region") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(test_contains(err.message, "did you mean 'helse-vest'?"));
    CHECK(klar_run_workforce(datadir(), "bioingenior", NULL, "46", 0, &err) == NULL);
    CHECK(strcmp(err.field, "region") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(klar_run_workforce(datadir(), "bioingenior", NULL, NULL, 1990, &err) == NULL);
    CHECK(strcmp(err.field, "to_year") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(klar_run_workforce(datadir(), "bioingenior", NULL, NULL, 2500, &err) == NULL);
    CHECK(strcmp(err.field, "to_year") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(klar_run_workforce(datadir(), NULL, NULL, NULL, 0, &err) == NULL);
    CHECK(strcmp(err.field, "profession") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(klar_run_workforce(datadir(), NULL, "[scenario]\nto_year = 2040\n", NULL, 0, &err) == NULL);
    CHECK(strcmp(err.field, "profession") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(klar_run_workforce(datadir(), "bioingenior", "[scenario]\nprofession = lege\n", NULL, 0,
                             &err) == NULL);
    CHECK(strcmp(err.field, "parameters") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(test_starts_with(err.message, "line 2: the scenario is for 'lege'"));
    CHECK(klar_run_workforce(datadir(), NULL, "[scenario]\nid = x\nprofession = nurse\n", NULL,
                             0, &err) == NULL);
    CHECK(strcmp(err.field, "parameters") == 0 && err.code == KLAR_ERR_INVALID);
    CHECK(test_starts_with(err.message, "line 3: unknown profession 'nurse'"));
    CHECK(klar_run_workforce(datadir(), "bioingenior", "[stock]\nage_profile = /etc/passwd\n",
                             NULL, 0, &err) == NULL);
    CHECK(strcmp(err.field, "parameters") == 0 && err.code == KLAR_ERR_INVALID);
}

static void test_workforce_professions(void)
{
    if (!have_data())
        return;
    klar_error err;
    json_t *list = klar_run_wf_professions(datadir(), &err);
    CHECK(list != NULL && json_array_size(list) >= 7);
    json_t *first = json_array_get(list, 0);
    CHECK(first && strcmp(json_string_value(json_object_get(first, "id")), "bioingenior") == 0);
    CHECK(first && strcmp(json_string_value(json_object_get(first, "name_nb")), "Bioingeniør") == 0);
    CHECK(first && json_integer_value(json_object_get(first, "base_year")) >= 2010);
    json_decref(list);
    CHECK(klar_run_wf_professions("/nonexistent-klar-data", &err) == NULL);
    CHECK(err.message[0] != '\0');
}

static void test_workforce_region_names(void)
{
    klar_error err;
    int rhf = 99;
    CHECK(klar_run_wf_region(NULL, &rhf, &err) == 0 && rhf == -1);
    CHECK(klar_run_wf_region("NO", &rhf, &err) == 0 && rhf == -1);
    CHECK(klar_run_wf_region("", &rhf, &err) == 0 && rhf == -1);
    CHECK(klar_run_wf_region("helse-nord", &rhf, &err) == 0 && rhf == KLAR_RHF_NORD);
    CHECK(klar_run_wf_region("vestland", &rhf, &err) == -1);
    CHECK(test_contains(err.message, "use NO, helse-sor-ost"));
}

int main(void)
{
    RUN(test_check_accepts_shipped_scenarios);
    RUN(test_check_names_the_line);
    RUN(test_check_refuses_files);
    RUN(test_surge_matches_the_engine);
    RUN(test_surge_region_and_blame);
    RUN(test_surge_monte_carlo);
    RUN(test_surge_limits);
    RUN(test_workforce_without_scenario);
    RUN(test_workforce_helsemod_2012);
    RUN(test_workforce_blame);
    RUN(test_workforce_region_names);
    RUN(test_workforce_professions);
    return test_finish();
}
