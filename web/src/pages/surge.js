// surge.js - Krisesimulering: a stored surge scenario (or klar's defaults) on a region (the
// nation, an RHF or a municipality) with Monte Carlo runs (POST /runs/surge, which waits in the
// server's run queue), then the summary cards (peaks and their days, days over capacity, unmet
// bed-days, tests, deaths) with their 5-95 % ranges, the charts - ward and ICU census against
// capacity with the band and the central run, lab tests against capacity, staff gaps by group,
// stocks by item - each with its table, and the downloads: the days as CSV, the summary as JSON.
// The figures are the engine's as the server answers them; nothing is computed here but the
// stock's share of its first day and the CSV's layout.
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, get, withQuery } from "../api.js";
import { t, tOr } from "../i18n.js";
import { number } from "../format.js";
import { html, FormError, Loading, announce } from "../ui.js";
import { LineChart } from "../chart.js";

const DEFAULT_RUNS = 200;

function useChoices(me) {
  const [state, setState] = useState(null);
  useEffect(() => {
    Promise.all([get(withQuery("/scenarios", { within: me.organisation.id, engine: "surge", inherited: "true", limit: 1000 })),
                 get("/organisations")])
      .then(([s, o]) => setState({
        scenarios: s.scenarios.filter((x) => x.engine === "surge"),
        rhfs: o.organisations.filter((x) => x.type === "rhf"),
        municipalities: o.organisations.filter((x) => x.type === "municipality")
          .sort((a, b) => a.name.localeCompare(b.name, "nb")),
      }), (error) => setState({ error }));
  }, [me.organisation.id]);
  return state;
}

/* "peak (5-95 %: lo-hi)" for a summary figure with Monte Carlo percentiles. */
function Card({ label, value, unit, range, digits = 0, day }) {
  return html`
    <div class="figure">
      <dt>${label}</dt>
      <dd>
        <span class="figure-value">${number(value, digits)}</span> ${unit}
        ${day !== undefined && day !== null && html` <span class="muted">${t("surge.on_day", { day: number(day) })}</span>`}
        ${range && html`<br /><span class="muted small">${t("surge.range", { lo: number(range.p5, digits), hi: number(range.p95, digits) })}</span>`}
      </dd>
    </div>`;
}

function series(result, key) {
  return result.days.map((d) => d[key]);
}

function bandOf(result, key, label) {
  if (!result.days[0].bands)
    return null;
  return { label, lo: result.days.map((d) => d.bands[key].p5), hi: result.days.map((d) => d.bands[key].p95) };
}

/* The days as CSV (comma-separated, a dot for decimals: what spreadsheets read), a column per
 * series with its unit, the bands' 5 and 95 % where there are Monte Carlo runs. */
function toCsv(result) {
  const keys = Object.keys(result.units).filter((k) => k !== "stock");
  const items = Object.keys(result.units.stock || {});
  const bandKeys = result.days[0].bands ? Object.keys(result.days[0].bands) : [];
  const head = ["day", ...keys.map((k) => `${k} (${result.units[k]})`),
                ...items.map((i) => `stock ${i} (${result.units.stock[i]})`),
                ...bandKeys.flatMap((k) => [`${k} p5`, `${k} p95`])];
  const quote = (s) => /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  const rows = result.days.map((d) => [d.day, ...keys.map((k) => d[k]), ...items.map((i) => d.stock[i]),
                                       ...bandKeys.flatMap((k) => [d.bands[k].p5, d.bands[k].p95])]
    .map((v) => v === null || v === undefined ? "" : String(Math.round(v * 1000) / 1000)).join(","));
  return [head.map(quote).join(","), ...rows].join("\n") + "\n";
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Result({ result }) {
  const s = result.summary;
  const mc = s.monte_carlo;
  const u = (k) => tOr(`unit.${s.units[k]}`, s.units[k]);
  const days = useMemo(() => series(result, "day"), [result]);
  const charts = useMemo(() => {
    const groups = ["nurse", "icu_nurse", "physician", "bioengineer"];
    const items = Object.keys(result.units.stock || {});
    return {
      ward: { series: [{ label: t("surge.series.census"), values: series(result, "census_ward") },
                       { label: t("surge.series.capacity"), values: series(result, "ward_capacity") }],
              band: bandOf(result, "census_ward", t("surge.series.census")) },
      icu: { series: [{ label: t("surge.series.census"), values: series(result, "census_icu") },
                      { label: t("surge.series.capacity"), values: series(result, "icu_capacity") }],
             band: bandOf(result, "census_icu", t("surge.series.census")) },
      tests: { series: [{ label: t("surge.series.tests_demand"), values: series(result, "tests_demand") },
                        { label: t("surge.series.tests_capacity"), values: series(result, "tests_capacity") }],
               band: bandOf(result, "tests_demand", t("surge.series.tests_demand")) },
      staff: { series: groups.map((g) => ({ label: tOr(`surge.group.${g}`, g), values: series(result, `gap_${g}`) })) },
      stock: { series: items.map((i) => {
        const first = result.days[0].stock[i] || 1;
        return { label: i, values: result.days.map((d) => (d.stock[i] / first) * 100) };
      }) },
    };
  }, [result]);
  const downloadName = `klar-surge-${s.region}-${s.scenario}`;
  return html`
    <section aria-labelledby="result-heading" class="result">
      <h2 id="result-heading">${t("surge.result.title", { scenario: s.scenario, region: s.region_name })}</h2>
      <p class="muted">${t("surge.result.inputs", {
        population: number(result.inputs.population.value), days: number(s.days),
        runs: number(result.inputs.monte_carlo_runs), seconds: number(result.elapsed_ms / 1000, 1) })}
        ${" "}${t("surge.result.source", { source: result.inputs.population.source })}</p>
      <p class="muted small">${t("surge.result.assumptions")}: ${result.inputs.baseline}; ${result.inputs.assumptions}.</p>
      <dl class="figures">
        <${Card} label=${t("surge.peak_icu")} value=${s.peak_census_icu} unit=${u("peak_census_icu")} range=${mc && mc.peak_census_icu} day=${s.peak_day_icu} />
        <${Card} label=${t("surge.peak_ward")} value=${s.peak_census_ward} unit=${u("peak_census_ward")} range=${mc && mc.peak_census_ward} day=${s.peak_day_ward} />
        <${Card} label=${t("surge.days_icu_over")} value=${s.days_icu_over_capacity} unit=${u("days_icu_over_capacity")} range=${mc && mc.days_icu_over_capacity} />
        <${Card} label=${t("surge.unmet_icu")} value=${s.unmet_icu_bed_days} unit=${u("unmet_icu_bed_days")} range=${mc && mc.unmet_icu_bed_days} />
        <${Card} label=${t("surge.unmet_ward")} value=${s.unmet_ward_bed_days} unit=${u("unmet_ward_bed_days")} range=${mc && mc.unmet_ward_bed_days} />
        <${Card} label=${t("surge.tests_peak")} value=${s.tests_peak_demand} unit=${u("tests_peak_demand")} range=${mc && mc.tests_peak_demand} day=${s.tests_peak_day} />
        <${Card} label=${t("surge.deaths")} value=${s.deaths} unit=${u("deaths")} range=${mc && mc.deaths} />
        <${Card} label=${t("surge.infections")} value=${s.infections} unit=${u("infections")} range=${mc && mc.infections} />
      </dl>
      <p>
        <button type="button" class="button small" onClick=${() => download(`${downloadName}.csv`, "text/csv", toCsv(result))}>${t("surge.download.csv")}</button>
        ${" "}<button type="button" class="button small" onClick=${() => download(`${downloadName}-summary.json`, "application/json", JSON.stringify(result.summary, null, 2))}>${t("surge.download.json")}</button>
      </p>
      <div class="charts">
        <${LineChart} id="chart-ward" title=${t("surge.chart.ward")} unit=${tOr(`unit.${result.units.census_ward}`, result.units.census_ward)} days=${days} ...${charts.ward} />
        <${LineChart} id="chart-icu" title=${t("surge.chart.icu")} unit=${tOr(`unit.${result.units.census_icu}`, result.units.census_icu)} days=${days} ...${charts.icu} />
        <${LineChart} id="chart-tests" title=${t("surge.chart.tests")} unit=${tOr(`unit.${result.units.tests_demand}`, result.units.tests_demand)} days=${days} ...${charts.tests} />
        <${LineChart} id="chart-staff" title=${t("surge.chart.staff")} unit=${result.units.gap_nurse} days=${days} ...${charts.staff} />
        <${LineChart} id="chart-stock" title=${t("surge.chart.stock")} unit=${t("surge.stock.unit")} days=${days} ...${charts.stock} />
      </div>
      <table class="stockouts">
        <caption>${t("surge.stockout.caption")}</caption>
        <thead><tr><th scope="col">${t("surge.stockout.item")}</th><th scope="col" class="num">${t("surge.stockout.day")}</th>
          ${mc && html`<th scope="col" class="num">${t("surge.stockout.share")}</th>`}</tr></thead>
        <tbody>${Object.entries(s.first_stockout_day).map(([item, day]) => html`
          <tr><th scope="row">${item}</th><td class="num">${day === null ? t("surge.stockout.none") : number(day)}</td>
            ${mc && html`<td class="num">${number(mc.stockout[item].share_of_runs * 100)} %</td>`}</tr>`)}
        </tbody>
      </table>
    </section>`;
}

export function Surge({ me }) {
  const choices = useChoices(me);
  const [scenario, setScenario] = useState("");
  const [region, setRegion] = useState("");
  const [runs, setRuns] = useState(String(DEFAULT_RUNS));
  const [seed, setSeed] = useState("1");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState({});
  const [result, setResult] = useState(null);

  async function run(event) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    /* what does not read as a number goes as typed, for the server to name */
    const asNumber = (text) => (text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text);
    const body = { runs: asNumber(runs), seed: asNumber(seed) };
    if (scenario)
      body.scenario_id = Number(scenario);
    else
      body.parameters = "";
    if (region)
      body.region = region;
    try {
      const answer = await api("POST", "/runs/surge", body);
      setResult(answer);
      announce(t("surge.done", { seconds: number(answer.elapsed_ms / 1000, 1) }));
    } catch (err) {
      const field = err.field === "parameters" || err.field === "scenario_id" ? "scenario" : err.field;
      setErrors(field && ["scenario", "region", "runs", "seed"].includes(field) ? { [field]: err.message } : { _form: err.message });
    } finally {
      setBusy(false);
    }
  }

  if (!choices)
    return html`<h1 tabindex="-1">${t("surge.title")}</h1><${Loading} />`;
  const fieldError = (name) => errors[name] && html`<p class="error-text" id=${`${name}-error`}>${errors[name]}</p>`;
  const aria = (name) => ({ "aria-invalid": errors[name] ? "true" : undefined, "aria-describedby": errors[name] ? `${name}-error` : undefined });
  return html`
    <h1 tabindex="-1">${t("surge.title")}</h1>
    <p>${t("surge.intro")}</p>
    ${choices.error && html`<${FormError} error=${choices.error.message} />`}
    <form class="run-form" onSubmit=${run} novalidate>
      <${FormError} error=${errors._form} />
      <div class=${errors.scenario ? "field field-error" : "field"}>
        <label for="scenario">${t("surge.scenario")}</label>
        ${fieldError("scenario")}
        <select id="scenario" value=${scenario} onChange=${(e) => setScenario(e.currentTarget.value)} ...${aria("scenario")}>
          <option value="">${t("surge.scenario.default")}</option>
          ${(choices.scenarios || []).map((s) => html`<option value=${s.id}>${s.title}</option>`)}
        </select>
      </div>
      <div class=${errors.region ? "field field-error" : "field"}>
        <label for="region">${t("surge.region")}</label>
        ${fieldError("region")}
        <select id="region" value=${region} onChange=${(e) => setRegion(e.currentTarget.value)} ...${aria("region")}>
          <option value="">${t("surge.region.scenario")}</option>
          <option value="NO">${t("surge.region.no")}</option>
          <optgroup label=${t("surge.region.rhf")}>
            ${(choices.rhfs || []).map((o) => html`<option value=${o.id}>${o.name}</option>`)}
          </optgroup>
          <optgroup label=${t("surge.region.municipality")}>
            ${(choices.municipalities || []).map((o) => html`<option value=${o.id}>${o.name}</option>`)}
          </optgroup>
        </select>
      </div>
      <div class=${errors.runs ? "field field-error" : "field"}>
        <label for="runs">${t("surge.runs")}</label>
        <p class="hint" id="runs-hint">${t("surge.runs.hint")}</p>
        ${fieldError("runs")}
        <input id="runs" type="text" inputmode="numeric" value=${runs} onInput=${(e) => setRuns(e.currentTarget.value)}
               aria-invalid=${errors.runs ? "true" : undefined} aria-describedby=${errors.runs ? "runs-hint runs-error" : "runs-hint"} />
      </div>
      <div class=${errors.seed ? "field field-error" : "field"}>
        <label for="seed">${t("surge.seed")}</label>
        ${fieldError("seed")}
        <input id="seed" type="text" inputmode="numeric" value=${seed} onInput=${(e) => setSeed(e.currentTarget.value)} ...${aria("seed")} />
      </div>
      <button type="submit" class="button primary" disabled=${busy}>${busy ? t("surge.running") : t("surge.run")}</button>
    </form>
    ${result && html`<${Result} result=${result} />`}`;
}
