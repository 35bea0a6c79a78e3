/* demo.c - the invented demo dataset of klar serve --demo (klar/demo.h) and the demo login.
 * The records go through the same engine as a user's (klar_record_create),
 * so they are validated and audited like any other; dates are offsets from today. */
#include "klar/demo.h"
#include "klar/auth.h"
#include "klar/date.h"
#include "klar/record.h"
#include "klar/registry.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Said in every record: these rows describe nothing real. */
#define DEMO "Demodata, oppdiktet (invented demo data). "

#define NDATES 16

typedef struct demo {
    klar_store *s;
    klar_error *err;
    long long today;             /* day number of the current UTC date */
    char dates[NDATES][16];      /* a ring of formatted dates for one json_pack call */
    int next_date;
    int added;
    int failed;
    int64_t risk[KLAR_RISK_NAREAS];
    int64_t scenario[2];
} demo;

/* The date offset days from today, as YYYY-MM-DD (valid until NDATES more calls). */
static const char *day(demo *d, int offset)
{
    long long y;
    int m, dd;
    char *out = d->dates[d->next_date++ % NDATES];
    klar_civil_from_days(d->today + offset, &y, &m, &dd);
    snprintf(out, sizeof d->dates[0], "%04d-%02d-%02d", (int)(y % 10000), m % 100, dd % 100);
    return out;
}

/* Inserts rec (consumed) as a record of kind k; its id, or 0 after a failure (d->failed, err
 * naming the record). Does nothing once a record has failed. */
static int64_t add(demo *d, const klar_kind *k, json_t *rec)
{
    if (d->failed || !rec) {
        if (!d->failed)
            klar_error_set(d->err, NULL, 0, "demo %s: out of memory", k->name);
        d->failed = 1;
        json_decref(rec);
        return 0;
    }
    json_t *out = NULL;
    int rc = klar_record_create(d->s, k, 0, rec, &out, d->err);
    json_decref(rec);
    if (rc != 0) {
        char why[sizeof d->err->message];
        snprintf(why, sizeof why, "%s", d->err->message);
        klar_error_set(d->err, NULL, 0, "demo %s: %s", k->name, why);
        d->failed = 1;
        return 0;
    }
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    d->added++;
    return id;
}

/* ---- risks: one in each of the six areas ---- */

typedef struct demo_risk {
    const char *org, *area, *title;
    int probability, consequence;
    const char *vulnerabilities, *existing, *proposed, *owner;
    int assessed;                /* days before today; 0: never assessed */
    int comprehensive;
} demo_risk;

static const demo_risk risks[KLAR_RISK_NAREAS] = {
    {"helse-vest", "hybrid-war", "Sabotasje mot strømforsyningen til sykehusene (demo)", 2, 5,
     DEMO "Sykehusene har nødstrøm for 48 timer; diesellageret fylles fra én leverandør.",
     "Nødstrømsaggregater testes månedlig.", "Avtale med en leverandør til av diesel.",
     "Beredskapssjef Helse Vest", 400, 1},
    {"helse-bergen", "digital", "Løsepengevirus stopper pasientjournalen (demo)", 3, 4,
     DEMO "Journal, lab og røntgen er avhengige av samme nettverk.",
     "Sikkerhetskopier offline; papirrutiner for akuttmottaket.",
     "Øve papirrutinene to ganger i året.", "IKT-sjef Helse Bergen", 200, 1},
    {"helse-stavanger", "supply", "Importstans for smittevernutstyr (demo)", 3, 4,
     DEMO "Tre måneders lager av åndedrettsvern; ingen norsk produksjon.",
     "Andel av det nasjonale beredskapslageret.", "Bygge lager opp til seks måneders forbruk.",
     "Forsyningssjef Helse Stavanger", 150, 0},
    {"helse-vest", "pandemic", "Pandemisk influensa (demo)", 3, 5,
     DEMO "Intensivsykepleiere er flaskehalsen for intensivkapasiteten.",
     "Regional pandemiplan; avtaler om omdisponering.",
     "Utdanne flere intensivsykepleiere; kompetansereserve.", "Fagdirektør Helse Vest", 400, 1},
    {"4601", "water", "Forurenset drikkevann i Bergen sentrum (demo)", 2, 4,
     DEMO "Ett vannverk forsyner sykehjemmene i sentrum.",
     "Beredskapsavtale om vannlevering med tankbil.", "Reservevannforsyning til sykehjemmene.",
     "Kommuneoverlegen i Bergen", 300, 1},
    {"dsa", "nuclear", "Atomulykke med nedfall over Vestlandet (demo)", 1, 5,
     DEMO "Jodtabletter lagres sentralt; utdeling tar tid.",
     "Kriseutvalget for atomberedskap; måling i sanntid.",
     "Forhåndslagre jodtabletter i kommunene langs kysten.", "DSA", 700, 0},
};

static int add_risks(demo *d)
{
    for (int i = 0; i < KLAR_RISK_NAREAS && !d->failed; i++) {
        const demo_risk *x = &risks[i];
        d->risk[i] = add(d, &klar_kind_risk,
                         json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:s, s:s?, s:b}",
                                   "org_id", x->org, "title", x->title, "area", x->area,
                                   "probability", x->probability, "consequence",
                                   x->consequence, "vulnerabilities", x->vulnerabilities,
                                   "existing_measures", x->existing, "proposed_measures",
                                   x->proposed, "owner", x->owner, "last_assessed",
                                   x->assessed ? day(d, -x->assessed) : NULL, "comprehensive",
                                   x->comprehensive));
    }
    return d->failed ? -1 : 0;
}

/* ---- scenarios and planning assumptions ---- */

/* Surge engine parameters after scenarios/influenza-moderate.ini (where the sources of every
 * value are), written out compactly; they read without any other file. */
static const char surge_ini[] =
    "; " DEMO "\n"
    "; A moderate pandemic influenza in Helse Vest after scenarios/influenza-moderate.ini\n"
    "; (its sources are there), with contacts cut by a quarter from day 60.\n"
    "[scenario]\n"
    "name = demo-influenza-helse-vest\n"
    "description = Demo (invented): moderate pandemic influenza in Helse Vest\n"
    "days = 300\n"
    "region = helse-vest\n"
    "[epidemic]\n"
    "r0 = 1.5 ~ triangular(1.3, 1.5, 1.8)\n"
    "latent_days = 1.5\n"
    "infectious_days = 3\n"
    "infectious_stages = 2\n"
    "initial_infected_per_100k = 1\n"
    "contacts = uniform\n"
    "[care]\n"
    "hospitalised_scale = 1 ~ lognormal(1, 0.35)\n"
    "icu_scale = 1 ~ triangular(0.7, 1, 1.3)\n"
    "ward_days = 5 ~ triangular(4, 5, 7)\n"
    "[capacity]\n"
    "absence_max = 0.2 ~ uniform(0.15, 0.25)\n"
    "[measures]\n"
    "day_60 = 0.75\n";

static void add_scenarios(demo *d)
{
    d->scenario[0] = add(d, &klar_kind_scenario, json_pack(
        "{s:s, s:s, s:s, s:s, s:[I], s:s, s:s, s:s}", "org_id", "helse-vest", "title",
        "Pandemisk influensa i Helse Vest (demo)", "area", "pandemic", "description",
        DEMO "En moderat influensapandemi (som 1957 og 1968) når regionen uten vaksine; "
             "kontaktene reduseres med en firedel fra dag 60.",
        "risk_ids", (json_int_t)d->risk[3], "engine", "surge", "region", "helse-vest",
        "parameters", surge_ini));
    d->scenario[1] = add(d, &klar_kind_scenario, json_pack(
        "{s:s, s:s, s:s, s:s, s:[I]}", "org_id", "helse-stavanger", "title",
        "Importstans for smittevernutstyr i 90 dager (demo)", "area", "supply", "description",
        DEMO "Markedet for smittevernutstyr bryter sammen som i 2020; halvparten av "
             "leveransene kommer tilbake etter 90 dager.",
        "risk_ids", (json_int_t)d->risk[2]));
    add(d, &klar_kind_planning_assumption, json_pack(
        "{s:s, s:s, s:s, s:I, s:f, s:s, s:s, s:s}", "org_id", "helse-vest", "title",
        "Fravær blant ansatte på toppen av pandemien (demo)", "statement",
        DEMO "Planlegg for at en av fem ansatte er borte på toppen av bølgen.", "scenario_id",
        (json_int_t)d->scenario[0], "value", 20.0, "unit", "% of staff", "source",
        "assumption (demo): near the UK Department of Health's 2009 planning figure",
        "valid_until", day(d, 700)));
    add(d, &klar_kind_planning_assumption, json_pack(
        "{s:s, s:s, s:s, s:I, s:f, s:s, s:s}", "org_id", "helse-stavanger", "title",
        "Varighet av importstansen (demo)", "statement",
        DEMO "Planlegg for 90 dager uten import av smittevernutstyr.", "scenario_id",
        (json_int_t)d->scenario[1], "value", 90.0, "unit", "days", "source",
        "assumption (demo)"));
    add(d, &klar_kind_planning_assumption, json_pack(
        "{s:s, s:s, s:s, s:[I], s:f, s:s, s:s}", "org_id", "helsedir", "title",
        "Lager av legemidler og smittevernutstyr (demo)", "statement",
        DEMO "Alle helse- og omsorgsinstitusjoner skal ha lager for seks måneders normalt "
             "forbruk.",
        "risk_ids", (json_int_t)d->risk[2], "value", 6.0, "unit", "months", "source",
        "Meld. St. 5 (2023-2024) section 4.3"));
}

/* ---- plans: one overdue for revision ---- */

static void add_plans(demo *d)
{
    add(d, &klar_kind_plan, json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[I, I]}", "org_id", "helse-vest", "title",
        "Regional beredskapsplan Helse Vest (demo)", "type", "preparedness", "owner",
        "Beredskapssjef Helse Vest", "status", "approved", "approved_on", day(d, -760),
        "revision_due", day(d, -30), "risk_ids", (json_int_t)d->risk[0],
        (json_int_t)d->risk[3]));
    add(d, &klar_kind_plan, json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[I]}", "org_id", "helse-bergen", "title",
        "Pandemiplan Helse Bergen (demo)", "type", "infection-control", "owner",
        "Smittevernoverlege Helse Bergen", "status", "approved", "approved_on", day(d, -160),
        "revision_due", day(d, 200), "scenario_ids", (json_int_t)d->scenario[0]));
    add(d, &klar_kind_plan, json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:[I]}", "org_id", "helse-stavanger", "title",
        "Forsyningsplan for legemidler og utstyr (demo)", "type", "supply", "owner",
        "Forsyningssjef Helse Stavanger", "status", "draft", "revision_due", day(d, 90),
        "scenario_ids", (json_int_t)d->scenario[1]));
}

/* ---- exercises, an evaluation and its learning points ---- */

static void add_learning(demo *d, int64_t evaluation)
{
    add(d, &klar_kind_learning_point, json_pack(
        "{s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "org_id", "helse-vest", "title",
        "Varslingslistene var utdaterte (demo)", "evaluation_id", (json_int_t)evaluation,
        "description", DEMO "Hver tredje telefon i varslingslisten svarte ikke.", "owner",
        "Beredskapssjef Helse Vest", "due", day(d, -14), "status", "open"));
    add(d, &klar_kind_learning_point, json_pack(
        "{s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "org_id", "helse-bergen", "title",
        "Opptrapping av intensivkapasitet tok for lang tid (demo)", "evaluation_id",
        (json_int_t)evaluation, "description",
        DEMO "Det tok tre døgn å bemanne de første ekstra intensivplassene.", "owner",
        "Klinikkdirektør Helse Bergen", "due", day(d, 60), "status", "in-progress"));
    add(d, &klar_kind_learning_point, json_pack(
        "{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "org_id", "helse-stavanger", "title",
        "Lageroversikten for smittevernutstyr manglet (demo)", "evaluation_id",
        (json_int_t)evaluation, "description",
        DEMO "Ingen visste hvor mange åndedrettsvern som fantes på avdelingene.", "owner",
        "Forsyningssjef Helse Stavanger", "due", day(d, -30), "status", "closed",
        "resolution", DEMO "Lagerbeholdningen registreres nå ukentlig i klar.", "closed_on",
        day(d, -35)));
}

static void add_exercises(demo *d)
{
    int64_t held = add(d, &klar_kind_exercise, json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:[s, s, s, s], s:I, s:s, s:s}", "org_id",
        "helse-vest", "title", "Regional pandemiøvelse (demo)", "type", "tabletop", "status",
        "evaluated", "start_date", day(d, -120), "end_date", day(d, -120), "participants",
        "helse-vest", "helse-bergen", "helse-stavanger", "helse-fonna", "scenario_id",
        (json_int_t)d->scenario[0], "objectives",
        DEMO "Øve varsling, opptrapping av intensivkapasitet og lagerstyring.", "lead",
        "Beredskapssjef Helse Vest"));
    add(d, &klar_kind_exercise, json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:[s], s:s}", "org_id", "helse-bergen", "title",
        "Varslingsøvelse Helse Bergen (demo)", "type", "alert", "status", "planned",
        "start_date", day(d, 60), "participants", "helse-bergen", "objectives",
        DEMO "Kontrollere de nye varslingslistene."));
    add(d, &klar_kind_exercise, json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:[s, s, s], s:s}", "org_id", "helsedir", "title",
        "Nasjonal helseberedskapsøvelse (demo)", "type", "full-scale", "status", "planned",
        "start_date", day(d, 400), "end_date", day(d, 402), "participants", "helsedir",
        "helse-vest", "fhi", "objectives",
        DEMO "Samvirke mellom direktorat, regionale helseforetak og kommuner."));
    int64_t evaluation = add(d, &klar_kind_evaluation, json_pack(
        "{s:s, s:s, s:I, s:s, s:s, s:s}", "org_id", "helse-vest", "title",
        "Evaluering av regional pandemiøvelse (demo)", "exercise_id", (json_int_t)held,
        "evaluated_on", day(d, -90), "status", "final", "summary",
        DEMO "Varsling og lageroversikt sviktet; intensivopptrappingen gikk for sakte."));
    if (!d->failed)
        add_learning(d, evaluation);
}

/* ---- capacity, stocks, reserves ---- */

typedef struct demo_beds {
    const char *org, *category;
    int physical, staffed, surge;
} demo_beds;

static const demo_beds beds[] = {
    {"helse-bergen", "ward", 950, 880, 1020},   {"helse-bergen", "intermediate", 60, 52, 80},
    {"helse-bergen", "icu", 42, 36, 72},        {"helse-stavanger", "ward", 620, 570, 680},
    {"helse-stavanger", "intermediate", 32, 28, 44}, {"helse-stavanger", "icu", 24, 20, 40},
    {"helse-fonna", "ward", 310, 285, 340},     {"helse-fonna", "icu", 12, 10, 18},
};

static void add_capacity(demo *d)
{
    for (size_t i = 0; i < sizeof beds / sizeof beds[0]; i++)
        add(d, &klar_kind_capacity, json_pack(
            "{s:s, s:s, s:i, s:i, s:i, s:s, s:s}", "org_id", beds[i].org, "category",
            beds[i].category, "physical", beds[i].physical, "staffed", beds[i].staffed, "surge",
            beds[i].surge, "as_of", day(d, -10), "note", DEMO));
}

typedef struct demo_stock {
    const char *org, *item, *category, *unit;
    double on_hand, monthly;
} demo_stock;

/* Months of cover: 8, 3.75 (below six), 8, 2 (below), 6.5, 2.5 (below). */
static const demo_stock stocks[] = {
    {"helse-bergen", "ffp2", "infection-control", "pieces", 480000, 60000},
    {"helse-stavanger", "ffp2", "infection-control", "pieces", 150000, 40000},
    {"helse-bergen", "paracetamol 500 mg", "medicine", "tablets", 2000000, 250000},
    {"helse-fonna", "gloves", "infection-control", "pairs", 200000, 100000},
    {"helse-bergen", "gloves", "infection-control", "pairs", 1950000, 300000},
    {"4601", "surgical masks", "infection-control", "pieces", 50000, 20000},
};

static void add_stocks(demo *d)
{
    for (size_t i = 0; i < sizeof stocks / sizeof stocks[0]; i++)
        add(d, &klar_kind_stock, json_pack(
            "{s:s, s:s, s:s, s:s, s:f, s:f, s:s, s:s}", "org_id", stocks[i].org, "item",
            stocks[i].item, "category", stocks[i].category, "unit", stocks[i].unit, "on_hand",
            stocks[i].on_hand, "monthly_consumption", stocks[i].monthly, "as_of", day(d, -7),
            "note", DEMO));
}

typedef struct demo_reserve {
    const char *org, *name, *profession, *availability;
    int authorised, armed_forces;
    int verified;                /* days before today; 0: never */
} demo_reserve;

static const demo_reserve reserves[] = {
    {"helse-bergen", "Demo-person A (oppdiktet), pensjonert sykepleier", "nurse", "24h", 1, 0,
     100},
    {"helse-bergen", "Demo-person B (oppdiktet), intensivsykepleier", "specialist-nurse",
     "immediate", 1, 1, 30},
    {"helse-bergen", "Demo-person C (oppdiktet), bioingeniørstudent", "bioengineer", "72h", 0, 0,
     0},
    {"helse-stavanger", "Demo-person D (oppdiktet), lege i privat praksis", "physician",
     "1-week", 1, 0, 500},
    {"helse-stavanger", "Demo-person E (oppdiktet), sykepleier", "nurse", "immediate", 1, 0,
     60},
};

static void add_reserves(demo *d)
{
    for (size_t i = 0; i < sizeof reserves / sizeof reserves[0]; i++) {
        const demo_reserve *r = &reserves[i];
        add(d, &klar_kind_reserve, json_pack(
            "{s:s, s:s, s:s, s:b, s:s, s:s?, s:b, s:s}", "org_id", r->org, "name", r->name,
            "profession", r->profession, "authorised", r->authorised, "availability",
            r->availability, "last_verified", r->verified ? day(d, -r->verified) : NULL,
            "armed_forces", r->armed_forces, "note", DEMO));
    }
}

/* ---- today's situation reports (Helse Førde and the pharmacy trust send none) ---- */

typedef struct demo_report {
    const char *org, *status, *capacity, *staff, *stock;
    int beds_occupied, beds_available, icu_occupied, icu_available, staff_absent;
    const char *summary;
} demo_report;

static const demo_report reports[] = {
    {"helse-bergen", "strained", "strained", "strained", "normal", 868, 12, 33, 3, 410,
     DEMO "Mange innleggelser med influensa; to ekstra intensivplasser åpnet."},
    {"helse-stavanger", "normal", "normal", "strained", "normal", 540, 30, 15, 5, 190,
     DEMO "Økende fravær blant sykepleiere."},
    {"helse-fonna", "critical", "strained", "critical", "strained", 281, 4, 10, 0, 95,
     DEMO "Intensiv fullt; ber om overflytting til Helse Bergen."},
    {"4601", "normal", "normal", "normal", "normal", -1, -1, -1, -1, 60,
     DEMO "Sykehjemmene har nok personell."},
};

/* A count, or null when negative (not reported). */
static json_t *count_or_null(int v)
{
    return v >= 0 ? json_integer(v) : json_null();
}

static void add_reports(demo *d)
{
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
        const demo_report *r = &reports[i];
        add(d, &klar_kind_situation_report, json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s}", "org_id", r->org,
            "date", day(d, 0), "status", r->status, "capacity_status", r->capacity,
            "staff_status", r->staff, "stock_status", r->stock, "beds_occupied",
            count_or_null(r->beds_occupied), "beds_available", count_or_null(r->beds_available),
            "icu_occupied", count_or_null(r->icu_occupied), "icu_available",
            count_or_null(r->icu_available), "staff_absent", count_or_null(r->staff_absent),
            "summary", r->summary));
    }
}

/* ---- entry points ---- */

/* The number of rows in risks and every record table, or -1 with err. */
static long long records_held(klar_store *s, klar_error *err)
{
    long long total = 0;
    for (size_t i = 0; i <= klar_nkinds; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s",
                 i < klar_nkinds ? klar_kinds[i]->table : "risks");
        klar_stmt *st = klar_store_prepare(s, sql, err);
        if (!st)
            return -1;
        int rc = klar_stmt_step(st, err);
        if (rc == KLAR_STMT_ROW)
            total += klar_stmt_column_int64(st, 0);
        klar_stmt_finalize(st);
        if (rc != KLAR_STMT_ROW)
            return -1;
    }
    return total;
}

int klar_registry_demo(klar_store *s, klar_error *err)
{
    long long held = records_held(s, err);
    if (held != 0)
        return held < 0 ? -1 : 0;
    char today[11];
    klar_today(today);
    demo d = {.s = s, .err = err};
    d.today = klar_days_from_civil(atoi(today), atoi(today + 5), atoi(today + 8));
    if (add_risks(&d) == 0) {
        add_scenarios(&d);
        add_plans(&d);
        add_exercises(&d);
        add_capacity(&d);
        add_stocks(&d);
        add_reserves(&d);
        add_reports(&d);
    }
    return d.failed ? -1 : d.added;
}

/* A random password of KLAR_DEMO_PASSWORD_LEN characters into out. 0, or -1 with err. */
static int demo_password(char out[KLAR_DEMO_PASSWORD_LEN + 1], klar_error *err)
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";   /* 32 */
    unsigned char bytes[KLAR_DEMO_PASSWORD_LEN];
    if (klar_random_bytes(bytes, sizeof bytes, err) < 0)
        return -1;
    for (int i = 0; i < KLAR_DEMO_PASSWORD_LEN; i++)
        out[i] = alphabet[bytes[i] % 32];
    out[KLAR_DEMO_PASSWORD_LEN] = '\0';
    return 0;
}

/* Replaces the password hash, organisation and role of user id. 0, or -1 with err. */
static int reset_user(klar_store *s, int64_t id, const char *password, klar_error *err)
{
    char hash[KLAR_PASSWORD_HASH_SIZE];
    if (klar_password_hash(password, hash, sizeof hash, err) < 0)
        return -1;
    klar_stmt *st = klar_store_prepare(
        s, "UPDATE users SET password_hash = ?1, org_id = ?2, role = ?3 WHERE id = ?4", err);
    if (!st)
        return -1;
    klar_stmt_bind_text(st, 1, hash);
    klar_stmt_bind_text(st, 2, KLAR_DEMO_ORG);
    klar_stmt_bind_text(st, 3, KLAR_DEMO_ROLE);
    klar_stmt_bind_int64(st, 4, id);
    int rc = klar_stmt_step(st, err);
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

int klar_registry_demo_user(klar_store *s, char password[KLAR_DEMO_PASSWORD_LEN + 1],
                            klar_error *err)
{
    klar_user u;
    klar_role role;
    if (demo_password(password, err) < 0 || klar_role_parse(KLAR_DEMO_ROLE, &role) < 0)
        return -1;
    int found = klar_user_find(s, KLAR_DEMO_USER, &u, err);
    if (found < 0)
        return -1;
    if (found)
        return reset_user(s, u.id, password, err);
    return klar_user_add(s, KLAR_DEMO_USER, KLAR_DEMO_ORG, role, password, err) == 0 ? 1 : -1;
}
