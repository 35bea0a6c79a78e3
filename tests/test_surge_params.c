/* test_surge_params.c - the surge model's parameters: the defaults pass their own check, the
 * check names the parameter at fault, scenario files are read onto parameters with "file:line:
 * reason" for anything wrong (unknown key or section, a key given twice, a bad number or
 * distribution, a wrong count of age values, an unknown item, measure days given twice, stages
 * longer than the stay), uncertain values record where their field lives, and the shipped
 * scenarios load, agree where they should and do what they are meant to (influenza-severe
 * overloads intensive care in NO; ppe-import-stop runs out of something influenza-severe does
 * not). */
#include "test.h"

#include <stddef.h>

#include "klar/datadir.h"
#include "klar/surge.h"

#define G KLAR_SURGE_GROUPS

/* Parses text onto fresh defaults (as file "dir/test.ini"); returns what the parser returned. */
static int parse_text(const char *text, klar_surge_params *p, klar_error *err)
{
    klar_surge_params_defaults(p);
    return klar_surge_scenario_parse(text, strlen(text), "dir/test.ini", p, err);
}

/* Parses text onto p as it stands (as file "x.ini"). */
static int parse_more(const char *text, klar_surge_params *p, klar_error *err)
{
    return klar_surge_scenario_parse(text, strlen(text), "x.ini", p, err);
}

/* 1 if parsing text onto defaults fails with a message starting with prefix and holding part. */
static int refused(const char *text, const char *prefix, const char *part)
{
    klar_surge_params p;
    klar_error err;
    klar_error_clear(&err);
    if (parse_text(text, &p, &err) == 0) {
        fprintf(stderr, "  accepted: %s\n", text);
        return 0;
    }
    int ok = test_starts_with(err.message, prefix);
    if (part && !test_contains(err.message, part)) {
        fprintf(stderr, "  '%s' lacks '%s'\n", err.message, part);
        ok = 0;
    }
    return ok;
}

/* A stock item filled by hand. */
static void add_item(klar_surge_params *p, const char *id, const char *category)
{
    klar_surge_item *it = &p->items[p->n_items++];
    memset(it, 0, sizeof *it);
    snprintf(it->id, sizeof it->id, "%s", id);
    snprintf(it->unit, sizeof it->unit, "pieces");
    snprintf(it->category, sizeof it->category, "%s", category);
    it->normal_per_month = 1000;
    it->opening_months = 3;
    it->import_share = 1;
    it->stop_day = -1;
    it->resume_day = -1;
}

static const klar_surge_uncertain *uncertain_of(const klar_surge_params *p, const char *key)
{
    for (int i = 0; i < p->n_uncertain; i++)
        if (strcmp(p->uncertain[i].key, key) == 0)
            return &p->uncertain[i];
    return NULL;
}

/* Writes x into a copy of p at u's offset, as a Monte Carlo draw does, and returns the copy. */
static klar_surge_params drawn(const klar_surge_params *p, const klar_surge_uncertain *u, double x)
{
    klar_surge_params q = *p;
    memcpy((char *)&q + u->offset, &x, sizeof x);
    return q;
}

/* ---- labels and defaults ------------------------------------------------------------------ */

static void test_labels(void)
{
    CHECK(strcmp(klar_surge_group_label(0), "0-9") == 0);
    CHECK(strcmp(klar_surge_group_label(4), "40-49") == 0);
    CHECK(strcmp(klar_surge_group_label(8), "80+") == 0);
    CHECK(strcmp(klar_surge_group_label(9), "?") == 0);
    CHECK(strcmp(klar_surge_group_label(-1), "?") == 0);
    CHECK(strcmp(klar_staff_id(KLAR_STAFF_NURSE), "nurse") == 0);
    CHECK(strcmp(klar_staff_id(KLAR_STAFF_ICU_NURSE), "icu-nurse") == 0);
    CHECK(strcmp(klar_staff_id(KLAR_STAFF_PHYSICIAN), "physician") == 0);
    CHECK(strcmp(klar_staff_id(KLAR_STAFF_BIOENGINEER), "bioengineer") == 0);
    CHECK(strcmp(klar_staff_id(KLAR_STAFF_N), "?") == 0);
}

static void test_defaults_pass_the_check(void)
{
    klar_surge_params p;
    klar_error err;
    klar_surge_params_defaults(&p);
    CHECK(klar_surge_params_check(&p, &err) == 0);
    double n = 0;
    for (int g = 0; g < G; g++)
        n += p.population[g];
    CHECK_NEAR(n, 100000, 0.5);
    CHECK(p.n_items == 0 && p.n_uncertain == 0 && p.epi.n_measures == 0 && !p.vac.enabled);
    CHECK(p.cap.ward_beds == 0 && p.cap.icu_beds == 0 && p.cap.staff[0].fte == 0);
    CHECK(p.epi.r0 > 1 && p.epi.doubling_time == 0);
    CHECK_NEAR(p.cap.staff[KLAR_STAFF_ICU_NURSE].per_icu_bed, 168.0 / 35.5 * 52 / 47, 0.01);
    /* hospital admissions of about 0.5 % of infections with Norway's age structure */
    double h = 0;
    for (int g = 0; g < G; g++)
        h += p.care.hospitalised[g] * p.population[g] / n;
    CHECK(h > 0.004 && h < 0.006);
}

/* ---- the check ------------------------------------------------------------------------------ */

/* 1 if the check refuses p with a message starting with prefix. */
static int check_refuses(const klar_surge_params *p, const char *prefix)
{
    klar_error err;
    klar_error_clear(&err);
    if (klar_surge_params_check(p, &err) == 0) {
        fprintf(stderr, "  check accepted parameters that should fail with '%s'\n", prefix);
        return 0;
    }
    return test_starts_with(err.message, prefix);
}

static void test_check_names_the_parameter(void)
{
    klar_surge_params d, p;
    klar_surge_params_defaults(&d);

    p = d; p.care.ward.stages = 6; p.care.ward.days = 5;
    CHECK(check_refuses(&p, "care.ward_stages: 6 stages"));
    p = d; p.care.ward.stages = KLAR_SURGE_MAX_STAGES + 1; p.care.ward.days = 20;
    CHECK(check_refuses(&p, "care.ward_stages:"));
    p = d; p.epi.latent.days = 0;
    CHECK(check_refuses(&p, "epidemic.latent_days:"));
    p = d; p.care.icu[8] = 1.2;
    CHECK(check_refuses(&p, "care.icu: the value for 80+ is 1.2"));
    p = d; p.care.ventilated = NAN;
    CHECK(check_refuses(&p, "care.ventilated:"));
    p = d; p.cap.staff[KLAR_STAFF_ICU_NURSE].per_icu_bed = -1;
    CHECK(check_refuses(&p, "staff.icu-nurse.per_icu_bed:"));
    p = d; memset(p.population, 0, sizeof p.population);
    CHECK(check_refuses(&p, "population:"));
    p = d; p.population[3] = INFINITY;
    CHECK(check_refuses(&p, "population:"));
    p = d; p.days = 0;
    CHECK(check_refuses(&p, "scenario.days:"));
    p = d; p.days = KLAR_SURGE_MAX_DAYS + 1;
    CHECK(check_refuses(&p, "scenario.days:"));
    p = d; p.epi.r0 = 0;
    CHECK(check_refuses(&p, "epidemic.r0:"));
    p = d; p.epi.r0 = 0; p.epi.doubling_time = 4;
    CHECK(klar_surge_params_check(&p, NULL) == 0);
    p = d; p.epi.contacts[2][3] = -1;
    CHECK(check_refuses(&p, "epidemic.contacts:"));
}

static void test_check_lists(void)
{
    klar_surge_params d, p;
    klar_surge_params_defaults(&d);

    p = d; p.epi.n_measures = 2;
    p.epi.measures[0] = (klar_surge_measure){30, 0.5};
    p.epi.measures[1] = (klar_surge_measure){20, 0.4};
    CHECK(check_refuses(&p, "measures.day_20: measures must be sorted"));
    p.epi.measures[1].from_day = 30;
    CHECK(check_refuses(&p, "measures.day_30:"));
    p.epi.measures[1].from_day = p.days + 1;
    CHECK(check_refuses(&p, "measures.day_"));
    p.epi.measures[1].from_day = 40;
    CHECK(klar_surge_params_check(&p, NULL) == 0);
    p.epi.measures[1].relative_contact = -0.1;
    CHECK(check_refuses(&p, "measures.day_40:"));

    p = d; p.vac.n_priority = 2; p.vac.priority[0] = 8; p.vac.priority[1] = 8;
    CHECK(check_refuses(&p, "vaccination.priority: 80+ is listed twice"));
    p.vac.priority[1] = 9;
    CHECK(check_refuses(&p, "vaccination.priority:"));

    p = d; add_item(&p, "ffp3", "ppe");
    CHECK(klar_surge_params_check(&p, NULL) == 0);
    p.items[0].resume_day = 10;
    CHECK(check_refuses(&p, "item.ffp3.resume_day:"));
    p.items[0].stop_day = 20;
    CHECK(check_refuses(&p, "item.ffp3.resume_day:"));
    p.items[0].stop_day = 5;
    CHECK(klar_surge_params_check(&p, NULL) == 0);
    p.items[0].import_share = 1.5;
    CHECK(check_refuses(&p, "item.ffp3.import_share:"));
    p = d; add_item(&p, "ffp3", "ppe"); add_item(&p, "ffp3", "ppe");
    CHECK(check_refuses(&p, "item.ffp3: the id is used by two items"));
}

static void test_check_uncertain(void)
{
    klar_surge_params d, p;
    klar_surge_params_defaults(&d);
    klar_surge_uncertain u = {"epidemic.r0", offsetof(klar_surge_params, epi.r0),
                              KLAR_DIST_TRIANGULAR, 1.2, 1.5, 1.9, 0.001, 50};
    p = d; p.n_uncertain = 1; p.uncertain[0] = u;
    CHECK(klar_surge_params_check(&p, NULL) == 0);
    p.uncertain[0].b = 2.0;   /* mode above high */
    CHECK(check_refuses(&p, "epidemic.r0: triangular"));
    p.uncertain[0] = u; p.uncertain[0].kind = KLAR_DIST_UNIFORM; p.uncertain[0].b = 1.0;
    CHECK(check_refuses(&p, "epidemic.r0: uniform"));
    p.uncertain[0] = u; p.uncertain[0].kind = KLAR_DIST_LOGNORMAL; p.uncertain[0].a = 0;
    CHECK(check_refuses(&p, "epidemic.r0: lognormal"));
    p.uncertain[0] = u; p.uncertain[0].kind = KLAR_DIST_NORMAL; p.uncertain[0].b = -1;
    CHECK(check_refuses(&p, "epidemic.r0: normal"));
    p.uncertain[0] = u; p.uncertain[0].lo = 2; p.uncertain[0].hi = 1;
    CHECK(check_refuses(&p, "epidemic.r0: valid range"));
    p.uncertain[0] = u; p.uncertain[0].offset = sizeof(klar_surge_params);
    CHECK(check_refuses(&p, "epidemic.r0: offset"));
    p.uncertain[0] = u; p.uncertain[0].offset = offsetof(klar_surge_params, epi.r0) + 1;
    CHECK(check_refuses(&p, "epidemic.r0: offset"));
    p.uncertain[0] = u; p.n_uncertain = KLAR_SURGE_MAX_UNCERTAIN + 1;
    CHECK(check_refuses(&p, "uncertain:"));
}

/* ---- reading scenario files ---------------------------------------------------------------- */

static void test_parse_sets_values(void)
{
    klar_surge_params p;
    klar_error err;
    const char *text =
        "; comment\n"
        "[scenario]\nname = test run\nsource = one\nsource = two\n    continued\ndays = 200\n"
        "[epidemic]\nr0 = 2.5\nlatent_days = 3\nlatent_stages = 3\n"
        "susceptibility = 1, 1, 1, 1, 1, 1, 1, 1, 0.5\nimmune = 0.1\n"
        "[measures]\nday_40 = 0.7\nday_20 = 0.4 ; inline comment\n"
        "[care]\nhospitalised_scale = 2\nicu = 0.2\n"
        "[capacity]\nicu_beds = 50\nsurge_delay_days = -1\n"
        "[staff.icu-nurse]\nper_icu_bed = 6\n"
        "[vaccination]\nstart_day = 60\npriority = 80+, 70-79, 60-69\n";
    if (parse_text(text, &p, &err) != 0) {
        fprintf(stderr, "  %s\n", err.message);
        CHECK(0);
        return;
    }
    CHECK(strcmp(p.name, "test run") == 0);
    CHECK(p.days == 200);
    CHECK(p.epi.r0 == 2.5 && p.epi.latent.days == 3 && p.epi.latent.stages == 3);
    CHECK(p.epi.susceptibility[8] == 0.5 && p.epi.susceptibility[0] == 1);
    CHECK(p.epi.immune[0] == 0.1 && p.epi.immune[8] == 0.1);
    CHECK(p.epi.n_measures == 2);
    CHECK(p.epi.measures[0].from_day == 20 && p.epi.measures[0].relative_contact == 0.4);
    CHECK(p.epi.measures[1].from_day == 40 && p.epi.measures[1].relative_contact == 0.7);
    CHECK(p.care.hospitalised_scale == 2 && p.care.icu[4] == 0.2);
    CHECK(p.cap.icu_beds == 50 && p.cap.surge_delay_days == -1);
    CHECK(p.cap.staff[KLAR_STAFF_ICU_NURSE].per_icu_bed == 6);
    CHECK(p.vac.enabled && p.vac.start_day == 60 && p.vac.n_priority == 3);
    CHECK(p.vac.priority[0] == 8 && p.vac.priority[1] == 7 && p.vac.priority[2] == 6);
    CHECK(p.n_uncertain == 0);

    /* without a name the file's own name is the scenario's */
    CHECK(parse_text("[epidemic]\nr0 = 2\n", &p, &err) == 0);
    CHECK(strcmp(p.name, "test") == 0);
    /* a doubling time replaces r0; r0 given later takes over again */
    CHECK(parse_text("[epidemic]\ndoubling_time = 4\n", &p, &err) == 0 && p.epi.doubling_time == 4);
    CHECK(parse_more("[epidemic]\nr0 = 2\n", &p, &err) == 0);
    CHECK(p.epi.doubling_time == 0 && p.epi.r0 == 2);
}

static void test_parse_errors_have_file_and_line(void)
{
    CHECK(refused("[epidemic]\nr0 = 2\nlatnet_days = 3\n", "dir/test.ini:3: unknown key 'latnet_days'",
                  "did you mean 'latent_days'"));
    CHECK(refused("[epidemic]\nr0 = 2\nwhatever = 3\n", "dir/test.ini:3: unknown key", "known keys:"));
    CHECK(refused("[epidemc]\nr0 = 2\n", "dir/test.ini:1: unknown section [epidemc]",
                  "did you mean [epidemic]"));
    CHECK(refused("[staff.nurses]\nfte = 2\n", "dir/test.ini:1: unknown section",
                  "staff.nurse"));
    CHECK(refused("r0 = 2\n", "dir/test.ini:1: 'r0' stands before any [section]", NULL));
    CHECK(refused("[epidemic]\nr0 = 2\n\nr0 = 3\n", "dir/test.ini:4: 'r0' in [epidemic] is given twice",
                  "first on line 2"));
    CHECK(refused("[epidemic]\nr0 = 2\n[care]\nward_days = 3\n[epidemic]\nr0 = 3\n",
                  "dir/test.ini:6:", "given twice"));
    CHECK(refused("[epidemic]\nr0 = two\n", "dir/test.ini:2: 'r0': expected a number", NULL));
    CHECK(refused("[epidemic]\nr0 = 2x\n", "dir/test.ini:2: 'r0': expected a number", NULL));
    CHECK(refused("[epidemic]\nr0 = 60\n", "dir/test.ini:2: 'r0': value 60 lies outside", NULL));
    CHECK(refused("[care]\nventilated = 1.5\n", "dir/test.ini:2: 'ventilated':", "outside 0..1"));
    CHECK(refused("[epidemic]\nlatent_stages = 2.5\n", "dir/test.ini:2: 'latent_stages': expected a whole number",
                  NULL));
    CHECK(refused("[scenario]\ndays = 0\n", "dir/test.ini:2: 'days':", NULL));
    CHECK(refused("[care]\nicu = 0.1, 0.2\n", "dir/test.ini:2: 'icu': expected 1 value or 9",
                  "not 2"));
    CHECK(refused("[care]\nicu = 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1\n",
                  "dir/test.ini:2: 'icu': expected 1 value or 9", "not 10"));
    CHECK(refused("[care]\nicu = 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1\n",
                  "dir/test.ini:2: 'icu': expected 1 value or 9", "not more than 10"));
    /* a quote left open is not a count of values */
    CHECK(refused("[care]\nsymptomatic = \"0.5\n", "dir/test.ini:2: 'symptomatic': malformed quoting in",
                  "'\"0.5'"));
    CHECK(refused("[vaccination]\npriority = \"80+, 70-79\n", "dir/test.ini:2: 'priority': malformed quoting",
                  NULL));
    CHECK(refused("[care]\nicu = 0.1, 0.1, 0.1, x, 0.1, 0.1, 0.1, 0.1, 0.1\n",
                  "dir/test.ini:2: 'icu': value 4 (30-39) must be a number", NULL));
    CHECK(refused("[care]\nicu = 0.1 ~ uniform(0, 0.2)\n", "dir/test.ini:2: 'icu':",
                  "hospitalised_scale"));
    CHECK(refused("[vaccination]\npriority = 80+, 70-79, 80+\n", "dir/test.ini:2: 'priority':",
                  "listed twice"));
    CHECK(refused("[vaccination]\npriority = 80-89\n", "dir/test.ini:2: 'priority':",
                  "unknown age group"));
    CHECK(refused("[epidemic]\nr0 = 2\ndoubling_time = 3\n", "dir/test.ini:3: give r0 or doubling_time",
                  NULL));
    CHECK(refused("[supply]\nstop_day = 3\n", "dir/test.ini:2: [supply] needs import_stop", NULL));
    CHECK(refused("[supply]\nimport_stop = masks\n", "dir/test.ini:2: 'import_stop': unknown category",
                  NULL));
    CHECK(refused("[epidemic]\ncontacts = nowhere.csv\n", "dir/test.ini:2: 'contacts':",
                  "nowhere.csv"));
}

static void test_distribution_errors(void)
{
    CHECK(refused("[epidemic]\nr0 = 2 ~ triangle(1, 2, 3)\n", "dir/test.ini:2: 'r0': unknown distribution 'triangle'",
                  "did you mean 'triangular'"));
    CHECK(refused("[epidemic]\nr0 = 2 ~ gamma(1, 2)\n", "dir/test.ini:2: 'r0': unknown distribution 'gamma'",
                  NULL));
    CHECK(refused("[epidemic]\nr0 = 2 ~ triangular(1, 3)\n", "dir/test.ini:2: 'r0': triangular takes 3 numbers",
                  NULL));
    CHECK(refused("[epidemic]\nr0 = 2 ~ uniform(1, x)\n", "dir/test.ini:2: 'r0': uniform takes 2 numbers",
                  NULL));
    CHECK(refused("[epidemic]\nr0 = 2 ~ uniform(\"1\", 3)\n", "dir/test.ini:2: 'r0': uniform takes 2 numbers",
                  NULL));
    CHECK(refused("[epidemic]\nr0 = 2 ~ triangular(1, 2, 3, 4)\n",
                  "dir/test.ini:2: 'r0': triangular takes 3 numbers", NULL));
    CHECK(refused("[epidemic]\nr0 = 2 ~ uniform(1, 3, 4)\n", "dir/test.ini:2: 'r0': uniform takes 2 numbers",
                  "not 3"));
    CHECK(refused("[epidemic]\nr0 = 2 ~ uniform(3, 1)\n", "dir/test.ini:2: 'r0': uniform(low, high) needs",
                  "not uniform(3, 1)"));
    CHECK(refused("[epidemic]\nr0 = 2 ~ triangular(1, 4, 3)\n", "dir/test.ini:2: 'r0': triangular(low, mode, high)",
                  NULL));
    CHECK(refused("[epidemic]\nr0 = 2 ~ normal(2, -1)\n", "dir/test.ini:2: 'r0': normal(mean, sd) needs",
                  NULL));
    CHECK(refused("[epidemic]\nr0 = 2 ~ lognormal(0, 1)\n", "dir/test.ini:2: 'r0': lognormal(median, sdlog)",
                  NULL));
    CHECK(refused("[epidemic]\nr0 = 2 ~ uniform(2.5, 3)\n", "dir/test.ini:2: 'r0': the value 2 lies outside",
                  NULL));
    CHECK(refused("[care]\nventilated = 0.5 ~ uniform(0.5, 1.5)\n", "dir/test.ini:2: 'ventilated':",
                  "high end"));
    CHECK(refused("[epidemic]\nr0 = 2 ~\n", "dir/test.ini:2: 'r0': expected a distribution", NULL));
    CHECK(refused("[epidemic]\nr0 = ~ uniform(1, 2)\n", "dir/test.ini:2: 'r0': expected a number before '~'",
                  NULL));
    CHECK(refused("[epidemic]\nlatent_stages = 2 ~ uniform(1, 3)\n", "dir/test.ini:2: 'latent_stages':",
                  "whole number"));
    CHECK(refused("[supply]\nimport_stop = ppe\nresume_fraction = 0.5 ~ uniform(0.4, 0.6)\n",
                  "dir/test.ini:3: 'resume_fraction': cannot be uncertain", NULL));
}

static void test_measures(void)
{
    klar_surge_params p;
    klar_error err;
    CHECK(refused("[measures]\nday_30 = 0.5\nday_030 = 0.4\n", "dir/test.ini:3: a measure from day 30 is given twice",
                  "line 2"));
    CHECK(refused("[measures]\nday_30 = 0.5\nday_30 = 0.4\n", "dir/test.ini:3:", "given twice"));
    CHECK(refused("[measures]\nfrom_30 = 0.5\n", "dir/test.ini:2: [measures] takes 'day_<N>", NULL));
    CHECK(refused("[measures]\nday_-3 = 0.5\n", "dir/test.ini:2: [measures] takes", NULL));
    CHECK(refused("[measures]\nday_3 = -0.5\n", "dir/test.ini:2: 'day_3':", NULL));
    /* a day after the last simulated day is found by the check, still with its line */
    CHECK(refused("[scenario]\ndays = 100\n[measures]\nday_10 = 0.5\nday_120 = 0.4\n",
                  "dir/test.ini:5: measures.day_120: day 120 lies outside", NULL));
    /* given in any order, kept sorted; a distribution follows its measure through the sort */
    CHECK(parse_text("[measures]\nday_90 = 0.8\nday_10 = 0.3 ~ uniform(0.2, 0.4)\nday_50 = 0.5\n",
                     &p, &err) == 0);
    CHECK(p.epi.n_measures == 3);
    CHECK(p.epi.measures[0].from_day == 10 && p.epi.measures[1].from_day == 50 &&
          p.epi.measures[2].from_day == 90);
    const klar_surge_uncertain *u = uncertain_of(&p, "measures.day_10");
    CHECK(u != NULL);
    if (u) {
        klar_surge_params q = drawn(&p, u, 0.25);
        CHECK(q.epi.measures[0].relative_contact == 0.25);
        CHECK(q.epi.measures[1].relative_contact == 0.5);
    }
    /* the file's measures replace those p had */
    CHECK(parse_more("[measures]\nday_5 = 0.9\n", &p, &err) == 0);
    CHECK(p.epi.n_measures == 1 && p.epi.measures[0].from_day == 5);
    CHECK(uncertain_of(&p, "measures.day_10") == NULL);
}

static void test_stages_longer_than_the_stay(void)
{
    CHECK(refused("[care]\nward_days = 2\nward_stages = 3\n", "dir/test.ini:3: care.ward_stages: 3 stages",
                  "ward_days"));
    /* only days given: the complaint points at them */
    CHECK(refused("[epidemic]\nlatent_days = 0.5\n", "dir/test.ini:2: epidemic.latent_stages:", NULL));
    CHECK(refused("[care]\nward_stages = 9\n", "dir/test.ini:2: 'ward_stages':", NULL));
    CHECK(refused("[care]\nward_days = 0\n", "dir/test.ini:2: 'ward_days':", "greater than 0"));
}

static void test_items(void)
{
    klar_surge_params p;
    klar_error err;
    const char *text = "[item.ffp3]\nopening_months = 6 ~ triangular(4, 6, 8)\nstop_day = 10\n"
                       "[supply]\nimport_stop = ppe\nstop_day = 5\nresume_day = 60\n"
                       "resume_fraction = 0.5\n";
    klar_surge_params_defaults(&p);
    add_item(&p, "ffp3", "ppe");
    add_item(&p, "gloves", "ppe");
    add_item(&p, "propofol", "medicine");
    if (klar_surge_scenario_parse(text, strlen(text), "s.ini", &p, &err) != 0) {
        fprintf(stderr, "  %s\n", err.message);
        CHECK(0);
        return;
    }
    CHECK(p.items[0].opening_months == 6);
    CHECK(p.items[0].stop_day == 10 && p.items[0].resume_day == 60);   /* its own stop day */
    CHECK(p.items[1].stop_day == 5 && p.items[1].resume_day == 60);
    CHECK(p.items[1].resume_fraction == 0.5);
    CHECK(p.items[2].stop_day == -1 && p.items[2].resume_day == -1);   /* medicine untouched */
    const klar_surge_uncertain *u = uncertain_of(&p, "item.ffp3.opening_months");
    CHECK(u != NULL);
    if (u) {
        klar_surge_params q = drawn(&p, u, 7.5);
        CHECK(q.items[0].opening_months == 7.5 && q.items[1].opening_months == 3);
        CHECK(u->lo == 0 && u->hi > 100);
    }

    klar_surge_params_defaults(&p);
    add_item(&p, "ffp3", "ppe");
    add_item(&p, "gloves", "ppe");
    const char *bad = "[scenario]\ndays = 10\n\n[item.ffp2]\nopening_months = 6\n";
    CHECK(klar_surge_scenario_parse(bad, strlen(bad), "s.ini", &p, &err) != 0);
    CHECK(test_starts_with(err.message, "s.ini:4: unknown item 'ffp2'"));
    CHECK(test_contains(err.message, "ffp3, gloves"));
    CHECK(test_contains(err.message, "did you mean 'ffp3'"));
    CHECK(refused("[item.ffp3]\nopening_months = 6\n", "dir/test.ini:1: unknown item 'ffp3'",
                  "no items"));
    /* a resume before the stop, from [supply]: the complaint points at the line */
    klar_surge_params_defaults(&p);
    add_item(&p, "ffp3", "ppe");
    const char *late = "[supply]\nimport_stop = all\nstop_day = 50\nresume_day = 20\n";
    CHECK(klar_surge_scenario_parse(late, strlen(late), "s.ini", &p, &err) != 0);
    CHECK(test_starts_with(err.message, "s.ini:4: item.ffp3.resume_day:"));
}

static void test_uncertain_offsets(void)
{
    klar_surge_params p;
    klar_error err;
    const char *text = "[epidemic]\nr0 = 1.5 ~ triangular(1.2, 1.5, 1.9)\n"
                       "[care]\nhospitalised_scale = 1 ~ lognormal(1, 0.3)\n"
                       "icu_ventilated_days = 10 ~ normal(10, 2)\n"
                       "[capacity]\nabsence_max = 0.2 ~ uniform(0.15, 0.25)\n"
                       "[staff.icu-nurse]\nper_icu_bed = 5.24 ~ uniform(4, 6)\n";
    if (parse_text(text, &p, &err) != 0) {
        fprintf(stderr, "  %s\n", err.message);
        CHECK(0);
        return;
    }
    CHECK(p.n_uncertain == 5);
    CHECK(klar_surge_params_check(&p, &err) == 0);
    /* the point values stand in deterministic runs */
    CHECK(p.epi.r0 == 1.5 && p.care.icu_ventilated.days == 10 && p.cap.absence_max == 0.2);

    const klar_surge_uncertain *u = uncertain_of(&p, "epidemic.r0");
    CHECK(u && u->offset == offsetof(klar_surge_params, epi.r0));
    CHECK(u && u->kind == KLAR_DIST_TRIANGULAR && u->a == 1.2 && u->b == 1.5 && u->c == 1.9);
    CHECK(u && u->lo > 0 && u->lo < 1e-6 && u->hi == 50);
    if (u)
        CHECK(drawn(&p, u, 1.77).epi.r0 == 1.77);

    u = uncertain_of(&p, "care.hospitalised_scale");
    CHECK(u && u->kind == KLAR_DIST_LOGNORMAL && u->a == 1 && u->b == 0.3);
    if (u)
        CHECK(drawn(&p, u, 1.4).care.hospitalised_scale == 1.4);

    u = uncertain_of(&p, "care.icu_ventilated_days");
    CHECK(u && u->kind == KLAR_DIST_NORMAL && u->lo > 0 && u->hi == 365);
    if (u) {
        klar_surge_params q = drawn(&p, u, 12.5);
        CHECK(q.care.icu_ventilated.days == 12.5 && q.care.icu_ventilated.stages == 3);
    }

    u = uncertain_of(&p, "capacity.absence_max");
    CHECK(u && u->lo == 0 && u->hi == 1);
    if (u)
        CHECK(drawn(&p, u, 0.18).cap.absence_max == 0.18);

    u = uncertain_of(&p, "staff.icu-nurse.per_icu_bed");
    if (u) {
        klar_surge_params q = drawn(&p, u, 4.5);
        CHECK(q.cap.staff[KLAR_STAFF_ICU_NURSE].per_icu_bed == 4.5);
        CHECK(q.cap.staff[KLAR_STAFF_NURSE].per_icu_bed == p.cap.staff[KLAR_STAFF_NURSE].per_icu_bed);
    } else {
        CHECK(0);
    }

    /* a plain value given later drops the distribution of the same field */
    CHECK(parse_more("[epidemic]\nr0 = 2\n", &p, &err) == 0);
    CHECK(p.n_uncertain == 4 && uncertain_of(&p, "epidemic.r0") == NULL);
}

/* ---- contact matrices ------------------------------------------------------------------------ */

static const char *make_dir(void)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/klar-surge-XXXXXX");
    return mkdtemp(dir);
}

static void write_contacts(const char *dir, const char *name, int rows, const char *bad_row)
{
    char text[4096];
    size_t used = (size_t)snprintf(text, sizeof text, "# daily contacts\nage,0-9,10-19,20-29,"
                                   "30-39,40-49,50-59,60-69,70-79,80+\n");
    for (int i = 0; i < rows; i++) {
        used += (size_t)snprintf(text + used, sizeof text - used, "%s", klar_surge_group_label(i));
        for (int j = 0; j < G; j++)
            used += (size_t)snprintf(text + used, sizeof text - used, ",%d", i == j ? 5 : 1);
        used += (size_t)snprintf(text + used, sizeof text - used, "\n");
    }
    if (bad_row)
        snprintf(text + used, sizeof text - used, "%s\n", bad_row);
    test_write_file(dir, name, text);
}

static void test_contacts_file(void)
{
    const char *dir = make_dir();
    CHECK(dir != NULL);
    if (!dir)
        return;
    write_contacts(dir, "good.csv", G, NULL);
    write_contacts(dir, "short.csv", 8, NULL);
    write_contacts(dir, "bad.csv", 3, "30-39,1,1,1,1,x,1,1,1,1");
    char scenario[128];
    snprintf(scenario, sizeof scenario, "%s/s.ini", dir);

    klar_surge_params p;
    klar_error err;
    klar_surge_params_defaults(&p);
    const char *good = "[epidemic]\ncontacts = good.csv\n";
    CHECK(klar_surge_scenario_parse(good, strlen(good), scenario, &p, &err) == 0);
    CHECK(p.epi.contacts[0][0] == 5 && p.epi.contacts[0][1] == 1 && p.epi.contacts[8][8] == 5);
    const char *uniform = "[epidemic]\ncontacts = uniform\n";
    CHECK(klar_surge_scenario_parse(uniform, strlen(uniform), scenario, &p, &err) == 0);
    CHECK(p.epi.contacts[0][0] == 0 && p.epi.contacts[8][8] == 0);

    const char *bad = "[epidemic]\ncontacts = bad.csv\n";
    CHECK(klar_surge_scenario_parse(bad, strlen(bad), scenario, &p, &err) != 0);
    CHECK(test_contains(err.message, "bad.csv:6: contacts with 40-49"));
    const char *shorter = "[epidemic]\ncontacts = short.csv\n";
    CHECK(klar_surge_scenario_parse(shorter, strlen(shorter), scenario, &p, &err) != 0);
    CHECK(test_contains(err.message, "short.csv: 8 rows; expected 9"));

    char path[160];
    const char *names[] = {"good.csv", "short.csv", "bad.csv"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    rmdir(dir);
}

/* ---- the shipped scenarios ------------------------------------------------------------------- */

static const char *const shipped[] = {"scenarios/influenza-moderate.ini",
                                      "scenarios/influenza-severe.ini",
                                      "scenarios/ppe-import-stop.ini",
                                      "scenarios/covid19-2020.ini"};

static int load(const char *path, klar_surge_params *p)
{
    klar_error err;
    if (klar_surge_load(path, klar_datadir(), NULL, p, &err) != 0) {
        fprintf(stderr, "  %s\n", err.message);
        return -1;
    }
    return 0;
}

static void test_shipped_scenarios_load(void)
{
    for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
        klar_surge_params p;
        if (load(shipped[i], &p) != 0) {
            CHECK(0);
            continue;
        }
        CHECK(strcmp(p.region_id, "NO") == 0);
        CHECK(p.population[0] > 500000);
        CHECK(p.cap.icu_beds > 0 && p.n_items > 0);
        CHECK(klar_surge_params_check(&p, NULL) == 0);
        /* Monte Carlo has R0 (or a measure), admissions and stays to draw */
        CHECK(uncertain_of(&p, "epidemic.r0") != NULL);
        CHECK(uncertain_of(&p, "care.hospitalised_scale") != NULL);
        CHECK(uncertain_of(&p, "care.icu_ventilated_days") != NULL);
        CHECK(uncertain_of(&p, "capacity.absence_per_prevalence") != NULL);
        CHECK(!p.vac.enabled);
    }
    klar_surge_params p;
    if (load("scenarios/covid19-2020.ini", &p) == 0) {
        CHECK(p.days == 150 && p.epi.n_measures == 2);
        CHECK(p.epi.measures[0].from_day == 21);   /* 12 March 2020, day 0 = 20 February */
        CHECK(p.epi.r0 * p.epi.measures[0].relative_contact < 1);
    }
}

static void test_region_of_a_scenario(void)
{
    char buf[48];
    const char *text = "[scenario]\nname = x\nregion = helse-vest\n";
    CHECK(klar_surge_scenario_region(text, strlen(text), buf, sizeof buf) == 0);
    CHECK(strcmp(buf, "helse-vest") == 0);
    CHECK(klar_surge_scenario_region("[care]\n", 7, buf, sizeof buf) == 0 && buf[0] == '\0');

    const char *dir = make_dir();
    CHECK(dir != NULL);
    if (!dir)
        return;
    test_write_file(dir, "vest.ini", text);
    test_write_file(dir, "nowhere.ini", "[scenario]\n\nregion = Atlantis\n");
    char path[128];
    klar_surge_params p;
    klar_error err;
    snprintf(path, sizeof path, "%s/vest.ini", dir);
    CHECK(klar_surge_load(path, klar_datadir(), NULL, &p, &err) == 0);
    CHECK(strcmp(p.region_id, "helse-vest") == 0);
    CHECK(klar_surge_load(path, klar_datadir(), "46", &p, &err) == 0);   /* the argument wins */
    CHECK(strcmp(p.region_id, "46") == 0);
    snprintf(path, sizeof path, "%s/nowhere.ini", dir);
    CHECK(klar_surge_load(path, klar_datadir(), NULL, &p, &err) != 0);
    char want[160];
    snprintf(want, sizeof want, "%s:3: 'region':", path);
    CHECK(test_starts_with(err.message, want));
    remove(path);
    snprintf(path, sizeof path, "%s/vest.ini", dir);
    remove(path);
    rmdir(dir);
    CHECK(klar_surge_load("/nonexistent/x.ini", klar_datadir(), NULL, &p, &err) != 0);
    CHECK(test_contains(err.message, "/nonexistent/x.ini"));
}

/* Loads the scenario "[scenario]\nname = x\nregion = <region>\n" (written to dir/r.ini) from
 * datadir, with the region given on the command line too when arg is not NULL; 1 if that
 * fails with a message starting with the scenario's "path:3: 'region': " (blamed = 1) or not
 * (blamed = 0) and holding part. */
static int region_refused(const char *dir, const char *datadir, const char *region, const char *arg,
                          int blamed, const char *part)
{
    char text[128], path[128], prefix[160];
    snprintf(text, sizeof text, "[scenario]\nname = x\nregion = %s\n", region);
    test_write_file(dir, "r.ini", text);
    snprintf(path, sizeof path, "%s/r.ini", dir);
    snprintf(prefix, sizeof prefix, "%s:3: 'region': ", path);
    klar_surge_params p;
    klar_error err;
    err.message[0] = '\0';
    int failed = klar_surge_load(path, datadir, arg, &p, &err) != 0;
    remove(path);
    int starts = strncmp(err.message, prefix, strlen(prefix)) == 0;
    int ok = failed && starts == blamed && test_contains(err.message, part);
    if (!ok)
        fprintf(stderr, "  region %s (argument %s): '%s'\n", region, arg ? arg : "none", err.message);
    return ok;
}

/* A region without population or regional health authority named in the file is blamed on the
 * file's line; the same region on the command line, or a broken data file, is not. */
static void test_region_errors_name_the_scenario_line(void)
{
    const char *made = make_dir();
    CHECK(made != NULL);
    if (!made)
        return;
    char dir[64];
    snprintf(dir, sizeof dir, "%s", made);
    CHECK(region_refused(dir, klar_datadir(), "2100", NULL, 1, "population_municipality.csv: no population"));
    CHECK(region_refused(dir, klar_datadir(), "2100", NULL, 1, "2100 Svalbard"));
    CHECK(region_refused(dir, klar_datadir(), "2300", NULL, 1, "2300"));
    CHECK(region_refused(dir, klar_datadir(), "21", NULL, 1, "21 Svalbard has no registered population"));
    CHECK(region_refused(dir, klar_datadir(), "23", NULL, 1, "no regional health authority"));
    CHECK(region_refused(dir, klar_datadir(), "46", "2100", 0, "population_municipality.csv: no population"));
    CHECK(region_refused(dir, klar_datadir(), "46", "21", 0, "21 Svalbard has no registered population"));

    /* a data directory whose capacity table is broken: that is not the region's fault */
    char data[128], cmd[1024];
    snprintf(data, sizeof data, "%s/data", dir);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/surge' && for f in geo population population.csv "
             "population_municipality.csv surge/items.csv; do ln -s '%s'/$f '%s'/$f; done",
             data, klar_datadir(), data);
    CHECK(system(cmd) == 0);
    char surge[160];
    snprintf(surge, sizeof surge, "%s/surge", data);
    test_write_file(surge, "capacity.csv", "region,key,value\n");
    CHECK(region_refused(dir, data, "46", NULL, 0, "surge/capacity.csv:1: expected the header"));
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

/* A NUL byte in a scenario is refused with its line. */
static void test_nul_byte_names_the_line(void)
{
    const char *dir = make_dir();
    CHECK(dir != NULL);
    if (!dir)
        return;
    char path[128];
    snprintf(path, sizeof path, "%s/nul.ini", dir);
    FILE *fp = fopen(path, "wb");
    CHECK(fp != NULL);
    if (fp) {
        fwrite("[scenario]\nname = a\0b\n", 1, 23, fp);
        fclose(fp);
    }
    klar_surge_params p;
    klar_error err;
    char want[160];
    snprintf(want, sizeof want, "%s:2: NUL byte", path);
    CHECK(klar_surge_load(path, klar_datadir(), NULL, &p, &err) != 0);
    CHECK(test_starts_with(err.message, want));
    remove(path);
    rmdir(dir);
}

/* influenza-moderate.ini writes out klar's defaults: the same point values everywhere. */
static void test_moderate_is_the_defaults(void)
{
    size_t len;
    klar_error err;
    char *text = NULL;
    FILE *fp = fopen("scenarios/influenza-moderate.ini", "rb");
    if (fp) {
        text = malloc(1 << 16);
        len = text ? fread(text, 1, (1 << 16) - 1, fp) : 0;
        fclose(fp);
    }
    CHECK(text != NULL);
    if (!text)
        return;
    klar_surge_params d, p;
    klar_surge_params_defaults(&d);
    p = d;
    CHECK(klar_surge_scenario_parse(text, len, "influenza-moderate.ini", &p, &err) == 0);
    free(text);
    CHECK(memcmp(&p.epi, &d.epi, sizeof d.epi) == 0);
    CHECK(memcmp(&p.care, &d.care, sizeof d.care) == 0);
    CHECK(memcmp(&p.cap, &d.cap, sizeof d.cap) == 0);
    CHECK(memcmp(&p.vac, &d.vac, sizeof d.vac) == 0);
    CHECK(p.days == d.days);
}

/* ppe-import-stop.ini repeats influenza-severe.ini but for [supply], name and description. */
static void test_ppe_import_stop_repeats_severe(void)
{
    klar_surge_params s, q;
    if (load("scenarios/influenza-severe.ini", &s) != 0 ||
        load("scenarios/ppe-import-stop.ini", &q) != 0) {
        CHECK(0);
        return;
    }
    int stopped = 0;
    for (int i = 0; i < q.n_items; i++) {
        if (strcmp(q.items[i].category, "ppe") == 0) {
            stopped++;
            CHECK(q.items[i].stop_day == 0 && q.items[i].resume_day == 90);
            CHECK(q.items[i].resume_fraction == 0.5);
        } else {
            CHECK(q.items[i].stop_day == -1);
        }
        CHECK(s.items[i].stop_day == -1);
        q.items[i].stop_day = s.items[i].stop_day;
        q.items[i].resume_day = s.items[i].resume_day;
        q.items[i].resume_fraction = s.items[i].resume_fraction;
    }
    CHECK(stopped > 0);
    memcpy(q.name, s.name, sizeof q.name);
    CHECK(memcmp(&q, &s, sizeof s) == 0);
}

/* ---- what the scenarios are for ----------------------------------------------------------------- */

static void test_severe_overloads_intensive_care(void)
{
    klar_surge_params p;
    klar_surge_result r;
    klar_error err;
    if (load("scenarios/influenza-severe.ini", &p) != 0 || klar_surge_run(&p, 0, 1, &r, &err) != 0) {
        CHECK(0);
        return;
    }
    double beds = p.cap.icu_beds * (1 - p.cap.icu_occupancy) + p.cap.icu_beds_surge;
    CHECK(r.summary.peak_census_icu > beds);
    CHECK(r.summary.days_icu_over_capacity > 7);
    klar_surge_result_free(&r);

    /* the moderate one stays within the ICU beds once the surge beds are open */
    if (load("scenarios/influenza-moderate.ini", &p) == 0 && klar_surge_run(&p, 0, 1, &r, &err) == 0) {
        beds = p.cap.icu_beds * (1 - p.cap.icu_occupancy) + p.cap.icu_beds_surge;
        CHECK(r.summary.peak_census_icu < beds);
        klar_surge_result_free(&r);
    } else {
        CHECK(0);
    }
}

static void test_import_stop_runs_something_out(void)
{
    klar_surge_params s, q;
    klar_surge_result rs, rq;
    klar_error err;
    if (load("scenarios/influenza-severe.ini", &s) != 0 ||
        load("scenarios/ppe-import-stop.ini", &q) != 0 || klar_surge_run(&s, 0, 1, &rs, &err) != 0) {
        CHECK(0);
        return;
    }
    if (klar_surge_run(&q, 0, 1, &rq, &err) != 0) {
        klar_surge_result_free(&rs);
        CHECK(0);
        return;
    }
    int extra = 0;
    for (int i = 0; i < q.n_items; i++) {
        int out_s = rs.summary.first_stockout_day[i], out_q = rq.summary.first_stockout_day[i];
        if (out_s >= 0)
            CHECK(out_q >= 0 && out_q <= out_s);   /* a stop never helps */
        if (out_s < 0 && out_q >= 0)
            extra++;
    }
    CHECK(extra > 0);
    klar_surge_result_free(&rs);
    klar_surge_result_free(&rq);
}

/* The covid-19 scenario is calibrated to the peak of 1 April 2020: 325 in hospital, 99 ventilated. */
static void test_covid_calibration(void)
{
    klar_surge_params p;
    klar_surge_result r;
    klar_error err;
    if (load("scenarios/covid19-2020.ini", &p) != 0 || klar_surge_run(&p, 0, 1, &r, &err) != 0) {
        CHECK(0);
        return;
    }
    double peak = 0;
    int day = 0;
    for (int d = 0; d <= r.days; d++) {
        double census = r.series[KLAR_SURGE_CENSUS_WARD][d] + r.series[KLAR_SURGE_CENSUS_ICU][d];
        if (census > peak) {
            peak = census;
            day = d;
        }
    }
    CHECK(peak > 290 && peak < 360);
    CHECK(r.summary.peak_census_ventilated > 80 && r.summary.peak_census_ventilated < 120);
    CHECK(day >= 28 && day <= 50);   /* late March to early April 2020 */
    /* the free ICU beds are not enough, the surge beds are */
    CHECK(r.summary.peak_census_icu > p.cap.icu_beds * (1 - p.cap.icu_occupancy));
    CHECK(r.summary.peak_census_icu < p.cap.icu_beds * (1 - p.cap.icu_occupancy) + p.cap.icu_beds_surge);
    CHECK(r.summary.days_icu_over_capacity <= p.cap.surge_delay_days);
    klar_surge_result_free(&r);
}

int main(void)
{
    RUN(test_labels);
    RUN(test_defaults_pass_the_check);
    RUN(test_check_names_the_parameter);
    RUN(test_check_lists);
    RUN(test_check_uncertain);
    RUN(test_parse_sets_values);
    RUN(test_parse_errors_have_file_and_line);
    RUN(test_distribution_errors);
    RUN(test_measures);
    RUN(test_stages_longer_than_the_stay);
    RUN(test_items);
    RUN(test_uncertain_offsets);
    RUN(test_contacts_file);
    RUN(test_shipped_scenarios_load);
    RUN(test_region_of_a_scenario);
    RUN(test_region_errors_name_the_scenario_line);
    RUN(test_nul_byte_names_the_line);
    RUN(test_moderate_is_the_defaults);
    RUN(test_ppe_import_stop_repeats_severe);
    RUN(test_severe_overloads_intensive_care);
    RUN(test_import_stop_runs_something_out);
    RUN(test_covid_calibration);
    return test_finish();
}
