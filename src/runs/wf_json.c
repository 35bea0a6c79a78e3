/* wf_json.c - a workforce projection as JSON, the same for `klar workforce --format json` and
 * the server's runs: the profession, region and years, the units, every input as an assumption
 * or with its source (file and line), and one row per year and demand alternative. */
#include "klar/runs.h"

#include <jansson.h>

static const char *region_id(int rhf)
{
    return rhf < 0 ? "NO" : klar_rhf_id((klar_rhf)rhf);
}

static const char *region_name(int rhf)
{
    return rhf < 0 ? "Norway (sum of the four RHFs)" : klar_rhf_name((klar_rhf)rhf);
}

/* The inputs without a source (want_assumptions) or those with one. */
static json_t *inputs_json(const klar_wf_model *m, int want_assumptions)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < klar_wf_model_input_count(m); i++) {
        klar_wf_input in = klar_wf_model_input(m, i);
        if ((in.source == NULL) != want_assumptions)
            continue;
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i}", "parameter", in.key, "label", in.label,
                              "value", in.value, "file", in.file, "line", in.line);
        if (o && in.source)
            json_object_set_new(o, "source", json_string(in.source));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *row_json(const klar_wf_year *y, int alt)
{
    json_t *sectors = json_object();
    for (int k = 0; sectors && k < KLAR_WF_SECTORS; k++)
        json_object_set_new(sectors, klar_wf_sector_id((klar_wf_sector)k),
                            json_real(y->demand_sector[alt][k]));
    return json_pack("{s:i, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:o}", "year", y->year,
                     "alternative", klar_wf_alternative_id((klar_wf_alternative)alt),
                     "supply_persons", y->persons, "supply_employed", y->employed, "supply_fte",
                     y->fte, "demand_fte", y->demand[alt], "gap_fte", y->gap[alt], "graduates",
                     y->graduates, "net_migration", y->migration, "exits", y->exits,
                     "demand_fte_by_sector", sectors);
}

static json_t *rows_json(int from, const klar_wf_result *res)
{
    json_t *rows = json_array();
    for (int i = 0; rows && i < res->nyears; i++) {
        if (res->years[i].year < from)
            continue;
        for (int alt = 0; alt < KLAR_WF_ALTERNATIVES; alt++)
            if (json_array_append_new(rows, row_json(&res->years[i], alt)) != 0) {
                json_decref(rows);
                return NULL;
            }
    }
    return rows;
}

json_t *klar_run_wf_json(const klar_wf_model *m, int rhf, int from, int to,
                         const klar_wf_result *res)
{
    const char *sc = klar_wf_model_scenario_name(m);
    return json_pack(
        "{s:{s:s, s:s, s:s}, s:{s:s, s:s}, s:i, s:i, s:i, s:o, s:{s:s, s:s, s:s, s:s, s:s, s:s},"
        " s:s, s:o, s:o, s:o}",
        "profession", "id", klar_wf_model_profession_id(m), "name_nb",
        klar_wf_model_profession_name(m, 0), "name_en", klar_wf_model_profession_name(m, 1),
        "region", "id", region_id(rhf), "name", region_name(rhf),
        "base_year", klar_wf_model_base_year(m), "from", from, "to", to,
        "scenario", sc ? json_string(sc) : json_null(),
        "units", "supply_persons", "persons", "supply_employed", "persons", "fte",
        "FTE (årsverk, 37.5 h/week)", "gap", "demand - supply, FTE; positive = shortage",
        "flows", "graduates, net_migration and exits: persons/year", "year", "1 January for "
        "stocks and FTE, the calendar year for flows",
        "national", "the nation is the sum of the four RHF runs",
        "assumptions", inputs_json(m, 1), "sources", inputs_json(m, 0), "rows",
        rows_json(from, res));
}
