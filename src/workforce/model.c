/* model.c - preparing a run: a profession's values overridden by a scenario's, the age
 * profiles read from CSV, the base year calibrated (FTE per worker, then participation, so the
 * stock performs exactly the base-year FTE), the scenario's levers turned into yearly flows
 * and profiles, and the base demand split into sectors. Everything is checked here, so a run
 * cannot fail on its inputs. */
#include "wf_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N KLAR_WF_NAGES
#define A0 KLAR_WF_AGE_MIN

/* ---- effective values --------------------------------------------------------------------- */

static void merge_values(klar_wf_model *m, const klar_profession *p, const klar_wf_scenario *s)
{
    for (int k = 0; k < WF_NKEYS; k++) {
        const wf_value *sv = s ? &s->vals.v[k] : NULL;
        m->vals[k] = (sv && sv->set) ? *sv : p->vals.v[k];
        wf_key_path(k, m->key_path[k], sizeof m->key_path[k]);
    }
    m->ninputs = m->nassumptions = 0;
    for (int k = 0; k < WF_NKEYS; k++) {
        if (!m->vals[k].set || wf_keys[k].kind == WF_TEXT || k == K_SC_TO_YEAR)
            continue; /* names, ids and the years shown are not inputs to the numbers */
        m->input_key[m->ninputs++] = k;
        if (!m->vals[k].source[0])
            m->nassumptions++;
    }
}

/* The number of key k, or its default when not given. */
static double num(const klar_wf_model *m, int k)
{
    return m->vals[k].set ? m->vals[k].num : wf_keys[k].fallback;
}

static void copy_identity(klar_wf_model *m, const klar_wf_scenario *s)
{
    snprintf(m->id, sizeof m->id, "%s", m->vals[K_ID].text);
    snprintf(m->name_nb, sizeof m->name_nb, "%s", m->vals[K_NAME_NB].text);
    snprintf(m->name_en, sizeof m->name_en, "%s", m->vals[K_NAME_EN].text);
    snprintf(m->scenario, sizeof m->scenario, "%s", s ? s->name : "");
    m->base_year = (int)num(m, K_BASE_YEAR);
}

/* ---- profiles ----------------------------------------------------------------------------- */

static int read_profile(const klar_wf_model *m, int k, const char *fallback_dir,
                        wf_profile_kind kind, int lo, int hi, double max_value,
                        double out[2][KLAR_AGES], klar_error *err)
{
    char path[2 * WF_FILE_MAX];
    if (wf_resolve_path(&m->vals[k], fallback_dir, path, sizeof path, err) != 0)
        return -1;
    return wf_profile_read(path, kind, lo, hi, max_value, out, err);
}

/* dst[s][a] = total_s * w[s][a] / sum_a w[s][a] with total_f = total * women, total_m the rest. */
static int spread_by_sex(const double w[2][KLAR_AGES], double total, double women,
                         double dst[2][N], const wf_value *where, klar_error *err)
{
    for (int s = 0; s < 2; s++) {
        double share = s == KLAR_FEMALE ? women : 1.0 - women;
        double sum = 0;
        for (int a = 0; a < N; a++)
            sum += w[s][a + A0];
        if (sum <= 0 && share > 0 && total != 0) {
            klar_error_set(err, where->file, where->line, "the age profile '%s' has no %s at all, "
                           "but the women's share gives them %.0f %%", where->text,
                           s == KLAR_FEMALE ? "women" : "men", 100 * share);
            return -1;
        }
        for (int a = 0; a < N; a++)
            dst[s][a] = sum > 0 ? total * share * w[s][a + A0] / sum : 0.0;
    }
    return 0;
}

static void copy_ages(const double src[2][KLAR_AGES], double dst[2][N])
{
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < N; a++)
            dst[s][a] = src[s][a + A0];
}

static int load_supply_profiles(klar_wf_model *m, const char *pdir, double base_p[2][N],
                                double base_e[2][N], klar_error *err)
{
    double buf[2][KLAR_AGES];
    if (read_profile(m, K_STOCK_AGE, pdir, WF_PROFILE_WEIGHTS, A0, KLAR_WF_AGE_MAX, 1e12, buf, err) ||
        spread_by_sex((const double(*)[KLAR_AGES])buf, num(m, K_STOCK_PERSONS), num(m, K_STOCK_WOMEN),
                      m->stock, &m->vals[K_STOCK_AGE], err))
        return -1;
    if (read_profile(m, K_EDU_AGE, pdir, WF_PROFILE_WEIGHTS, A0, KLAR_WF_AGE_MAX, 1e12, buf, err) ||
        spread_by_sex((const double(*)[KLAR_AGES])buf, 1.0, num(m, K_EDU_WOMEN),
                      m->graduate_profile, &m->vals[K_EDU_AGE], err))
        return -1;
    memset(m->migration_profile, 0, sizeof m->migration_profile);
    if (m->vals[K_MIG_AGE].set) {
        if (read_profile(m, K_MIG_AGE, pdir, WF_PROFILE_WEIGHTS, A0, KLAR_WF_AGE_MAX, 1e12, buf, err) ||
            spread_by_sex((const double(*)[KLAR_AGES])buf, 1.0, num(m, K_MIG_WOMEN),
                          m->migration_profile, &m->vals[K_MIG_AGE], err))
            return -1;
    } else if (num(m, K_MIG_NET) != 0) {
        const wf_value *v = &m->vals[K_MIG_NET];
        klar_error_set(err, v->file, v->line, "net_per_year needs an age_profile in [migration]");
        return -1;
    }
    if (read_profile(m, K_BEH_PARTICIPATION, pdir, WF_PROFILE_RATES, A0, KLAR_WF_AGE_MAX, 1, buf, err))
        return -1;
    copy_ages((const double(*)[KLAR_AGES])buf, base_p);
    if (read_profile(m, K_BEH_FTE, pdir, WF_PROFILE_RATES, A0, KLAR_WF_AGE_MAX, 1, buf, err))
        return -1;
    copy_ages((const double(*)[KLAR_AGES])buf, base_e);
    if (read_profile(m, K_BEH_EXIT, pdir, WF_PROFILE_RATES, A0, KLAR_WF_AGE_MAX, 1, buf, err))
        return -1;
    double extra = num(m, K_BEH_EXIT_EXTRA);
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < N; a++)
            m->exit_rate[s][a] = fmin(1.0, buf[s][a + A0] + extra);
    return 0;
}

/* ---- calibration of the base year ---------------------------------------------------------- */

static double max_cell(const double x[2][N])
{
    double mx = 0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < N; a++)
            mx = fmax(mx, x[s][a]);
    return mx;
}

/* Scales the part-time gap 1 - E so the mean FTE per worker is fte_per_worker (E stays in
 * 0..1 for any target), then P so the stock performs exactly the base-year fte. */
static int calibrate(klar_wf_model *m, double p[2][N], double e[2][N], klar_error *err)
{
    double workers = 0, fte0 = 0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < N; a++) {
            workers += m->stock[s][a] * p[s][a];
            fte0 += m->stock[s][a] * p[s][a] * e[s][a];
        }
    double target_fte = num(m, K_STOCK_FTE), per_worker = num(m, K_STOCK_FTE_PER_WORKER);
    const wf_value *vf = &m->vals[K_STOCK_FTE];
    if (target_fte > 0 && (workers <= 0 || fte0 <= 0)) {
        klar_error_set(err, vf->file, vf->line, "fte = %s but the stock, participation and FTE "
                       "profiles give no one working", vf->text);
        return -1;
    }
    if (workers > 0 && fte0 < workers) {
        double gap_scale = (1.0 - per_worker) / (1.0 - fte0 / workers);
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < N; a++)
                e[s][a] = 1.0 - (1.0 - e[s][a]) * gap_scale;
    }
    double fte1 = 0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < N; a++)
            fte1 += m->stock[s][a] * p[s][a] * e[s][a];
    double scale_p = fte1 > 0 ? target_fte / fte1 : 0.0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < N; a++)
            p[s][a] *= scale_p;
    if (max_cell((const double(*)[N])p) > 1.0 + 1e-9) {
        klar_error_set(err, vf->file, vf->line, "fte = %s is more than %s persons can perform with "
                       "these profiles (it needs a participation above 1)", vf->text,
                       m->vals[K_STOCK_PERSONS].text);
        return -1;
    }
    return 0;
}

/* ---- scenario levers ------------------------------------------------------------------------ */

/* Participation at fractional age x (0 beyond 74, flat below 20). */
static double participation_at(const double p[N], double x)
{
    if (x >= KLAR_WF_AGE_MAX + 1)
        return 0.0;
    if (x <= A0)
        return p[0];
    int i = (int)floor(x) - A0;
    double f = x - floor(x);
    double hi = i + 1 < N ? p[i + 1] : 0.0;
    return p[i] * (1 - f) + hi * f;
}

/* Profiles after start_year: participation from 60 shifted by `shift` years (positive = later
 * retirement); the part-time gap 1 - E times parttime_factor (E at most 1). */
static void apply_behaviour_levers(klar_wf_model *m, const double p[2][N], const double e[2][N])
{
    double shift = num(m, K_SC_RETIREMENT_SHIFT), factor = num(m, K_SC_PARTTIME_FACTOR);
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < N; a++) {
            int age = a + A0;
            m->participation[0][s][a] = p[s][a];
            m->participation[1][s][a] = age >= 60 ? participation_at(p[s], age - shift) : p[s][a];
            m->fte_per_worker[0][s][a] = e[s][a];
            m->fte_per_worker[1][s][a] = fmax(0.0, 1.0 - (1.0 - e[s][a]) * factor);
        }
}

/* Graduates entering during year base+i come from admissions in base+i+1-study_years; places
 * and completion change for admissions from start_year. Net migration likewise by year. */
static void build_flows(klar_wf_model *m)
{
    int study_years = (int)num(m, K_EDU_YEARS);
    double places = num(m, K_EDU_PLACES), completion = num(m, K_EDU_COMPLETION);
    double places_factor = num(m, K_SC_PLACES_FACTOR), completion_change = num(m, K_SC_COMPLETION_CHANGE);
    double net = num(m, K_MIG_NET), mig_factor = num(m, K_SC_MIGRATION_FACTOR);
    for (int i = 0; i < KLAR_WF_MAX_YEARS; i++) {
        int arrival = m->base_year + i + 1;
        int admitted = arrival - study_years;
        int changed = admitted >= m->start_year;
        double c = completion + (changed ? completion_change : 0.0);
        c = fmin(1.0, fmax(0.0, c));
        m->graduates[i] = places * (changed ? places_factor : 1.0) * c;
        m->migration[i] = net * (arrival >= m->start_year ? mig_factor : 1.0);
    }
}

static int set_start_year(klar_wf_model *m, klar_error *err)
{
    const wf_value *v = &m->vals[K_SC_START_YEAR];
    m->start_year = v->set ? (int)v->num : m->base_year + 1;
    if (m->start_year <= m->base_year) {
        klar_error_set(err, v->file, v->line, "start_year %d must come after the base year %d",
                       m->start_year, m->base_year);
        return -1;
    }
    return 0;
}

/* ---- demand and regions ---------------------------------------------------------------------- */

/* Checks that the shares of keys first..first+n-1 sum to 1 (within tol) and normalises them. */
static int normalise_shares(const klar_wf_model *m, int first, int n, double tol, double *out,
                            const char *what, klar_error *err)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += num(m, first + i);
    if (fabs(sum - 1.0) > tol) {
        const wf_value *v = &m->vals[first + n - 1];
        klar_error_set(err, v->file, v->line, "the %s shares sum to %.4f, not 1", what, sum);
        return -1;
    }
    for (int i = 0; i < n; i++)
        out[i] = num(m, first + i) / sum;
    return 0;
}

static int build_demand(klar_wf_model *m, const char *pdir, klar_error *err)
{
    double shares[KLAR_WF_SECTORS];
    if (normalise_shares(m, K_DEM_SHARE_SPEC, KLAR_WF_SECTORS, 1e-6, shares, "sector", err))
        return -1;
    double d0 = num(m, K_STOCK_FTE) + num(m, K_DEM_SHORTAGE);
    if (d0 < 0) {
        const wf_value *v = &m->vals[K_DEM_SHORTAGE];
        klar_error_set(err, v->file, v->line, "base_shortage_fte = %s makes the base demand negative",
                       v->text);
        return -1;
    }
    double prod = num(m, K_SC_PRODUCTIVITY);
    for (int k = 0; k < KLAR_WF_SECTORS; k++) {
        m->base_demand[k] = d0 * shares[k];
        double std_ref = m->vals[K_DEM_STD_REF_SPEC + k].set ? num(m, K_DEM_STD_REF_SPEC + k)
                                                             : num(m, K_DEM_STD_REF);
        double std_high = m->vals[K_DEM_STD_HIGH_SPEC + k].set ? num(m, K_DEM_STD_HIGH_SPEC + k)
                                                               : num(m, K_DEM_STD_HIGH);
        m->growth[KLAR_WF_DEMOGRAPHY][k] = 1.0 / (1.0 + prod);
        m->growth[KLAR_WF_REFERENCE][k] = (1.0 + std_ref) / (1.0 + prod);
        m->growth[KLAR_WF_HIGH][k] = (1.0 + std_high) / (1.0 + prod);
        if (read_profile(m, K_DEM_USE_SPEC + k, pdir, WF_PROFILE_RATES, 0, KLAR_MAX_AGE, 1e12,
                         m->service_use[k], err))
            return -1;
    }
    return normalise_shares(m, K_REG_SOR_OST, KLAR_RHF_COUNT, 0.005, m->rhf_share, "regional", err);
}

/* ---- public ------------------------------------------------------------------------------------ */

static int check_scenario_fits(const klar_profession *p, const klar_wf_scenario *s, klar_error *err)
{
    const wf_value *v = s ? &s->vals.v[K_SC_PROFESSION] : NULL;
    if (v && v->set && strcmp(v->text, klar_profession_id(p)) != 0) {
        klar_error_set(err, v->file, v->line, "the scenario is for '%s', not '%s'", v->text,
                       klar_profession_id(p));
        return -1;
    }
    return 0;
}

klar_wf_model *klar_wf_model_new(const klar_profession *p, const klar_wf_scenario *s,
                                 klar_error *err)
{
    if (check_scenario_fits(p, s, err))
        return NULL;
    klar_wf_model *m = calloc(1, sizeof *m);
    if (!m) {
        klar_error_set(err, NULL, 0, "out of memory");
        return NULL;
    }
    merge_values(m, p, s);
    copy_identity(m, s);
    const char *pdir = p->vals.dir;
    double base_p[2][N], base_e[2][N];
    if (set_start_year(m, err) || load_supply_profiles(m, pdir, base_p, base_e, err) ||
        calibrate(m, base_p, base_e, err) || build_demand(m, pdir, err)) {
        free(m);
        return NULL;
    }
    apply_behaviour_levers(m, (const double(*)[N])base_p, (const double(*)[N])base_e);
    build_flows(m);
    return m;
}

void klar_wf_model_free(klar_wf_model *m)
{
    free(m);
}

int klar_wf_model_base_year(const klar_wf_model *m)
{
    return m->base_year;
}

const char *klar_wf_model_profession_id(const klar_wf_model *m)
{
    return m->id;
}

const char *klar_wf_model_profession_name(const klar_wf_model *m, int english)
{
    return english ? m->name_en : m->name_nb;
}

const char *klar_wf_model_scenario_name(const klar_wf_model *m)
{
    return m->scenario[0] ? m->scenario : NULL;
}

double klar_wf_model_rhf_share(const klar_wf_model *m, klar_rhf rhf)
{
    return (rhf >= 0 && rhf < KLAR_RHF_COUNT) ? m->rhf_share[rhf] : 0.0;
}

size_t klar_wf_model_input_count(const klar_wf_model *m)
{
    return m->ninputs;
}

klar_wf_input klar_wf_model_input(const klar_wf_model *m, size_t i)
{
    klar_wf_input in;
    memset(&in, 0, sizeof in);
    if (i >= m->ninputs)
        return in;
    int k = m->input_key[i];
    const wf_value *v = &m->vals[k];
    in.key = m->key_path[k];
    in.label = wf_keys[k].label;
    in.value = v->text;
    in.source = v->source[0] ? v->source : NULL;
    in.file = v->file;
    in.line = v->line;
    return in;
}

size_t klar_wf_model_assumption_count(const klar_wf_model *m)
{
    return m->nassumptions;
}
