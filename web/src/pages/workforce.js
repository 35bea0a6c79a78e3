// workforce.js - Personellframskriving: a profession in the nation or an RHF projected to a
// year (POST /runs/workforce), supply against the three demand alternatives of Helsemod
// (demography, reference, high) with the gap, and the scenario's levers - study places,
// completion, retirement age, part-time, migration, productivity, from a start year, and the
// reference alternative's standard change - as controls that run the projection again at once. The baseline (no levers) and the scenario
// are drawn on one chart and side by side in its table. The levers become the [scenario] text
// of a workforce scenario file; the engine's figures are shown as the server gives them. While
// a run is on its way, a newer change waits and only the newest is sent.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, get } from "../api.js";
import { t, lang } from "../i18n.js";
import { number } from "../format.js";
import { html, FormError, Loading, TableScroll, announce } from "../ui.js";
import { LineChart } from "../chart.js";

const ALTERNATIVES = ["demography", "reference", "high"];

/* The levers: their scenario key, range, step, neutral value and how they are shown. */
const LEVERS = [
  { key: "study_places_factor", min: 0.5, max: 3, step: 0.05, neutral: 1, show: (v) => `× ${number(v, 2)}` },
  { key: "completion_change", min: -0.2, max: 0.2, step: 0.01, neutral: 0, show: (v) => t("workforce.points", { n: `${v >= 0 ? "+" : ""}${number(v * 100)}` }) },
  { key: "retirement_shift", min: -3, max: 5, step: 0.5, neutral: 0, show: (v) => t("workforce.years", { n: `${v >= 0 ? "+" : ""}${number(v, 1)}` }) },
  { key: "parttime_factor", min: 0, max: 2, step: 0.05, neutral: 1, show: (v) => `× ${number(v, 2)}` },
  { key: "migration_factor", min: 0, max: 5, step: 0.1, neutral: 1, show: (v) => `× ${number(v, 1)}` },
  { key: "productivity", min: -0.02, max: 0.02, step: 0.001, neutral: 0, show: (v) => `${v >= 0 ? "+" : ""}${number(v * 100, 1)} % ${t("workforce.per_year")}` },
];

/* The standard-change lever: an override of the profession's [demand] std.reference, whose
 * own value (the neutral position) is read from the baseline run's inputs. */
const STD = { key: "std_reference", param: "demand.std.reference", min: -0.01, max: 0.03, step: 0.0005,
              show: (v) => `${v >= 0 ? "+" : ""}${number(v * 100, 2)} % ${t("workforce.per_year")}` };

/* The profession's own value of an input, from a run's sources and assumptions, or null. */
function inputValue(result, param) {
  const all = [...(result.sources || []), ...(result.assumptions || [])];
  const hit = all.find((i) => i.parameter === param);
  return hit ? Number(hit.value) : null;
}

/* The [scenario] text of the levers that differ from neutral; std (null: the profession's)
 * overrides the reference standard change. */
function scenarioText(profession, toYear, startYear, levers, std) {
  const lines = ["[scenario]", "id = web-levers", "description = levers set in the web app",
                 `profession = ${profession}`, `to_year = ${toYear}`, `start_year = ${startYear}`];
  for (const l of LEVERS)
    if (levers[l.key] !== l.neutral)
      lines.push(`${l.key} = ${levers[l.key]}`);
  if (std !== null)
    lines.push("[demand]", `std.reference = ${std}`);
  return `${lines.join("\n")}\n`;
}

function byYear(result, alternative, key) {
  return result.rows.filter((r) => r.alternative === alternative).map((r) => r[key]);
}

/* Sends runs one at a time: send(body) runs now, or after the one on its way (only the newest
 * waiting body is kept). */
function useLatestRun(onResult, onError) {
  const state = useRef({ busy: false, next: null });
  async function pump(body) {
    state.current.busy = true;
    try {
      onResult(await api("POST", "/runs/workforce", body));
    } catch (err) {
      onError(err);
    }
    const next = state.current.next;
    state.current.next = null;
    state.current.busy = false;
    if (next)
      pump(next);
  }
  return (body) => {
    if (state.current.busy)
      state.current.next = body;
    else
      pump(body);
  };
}

export function Workforce() {
  const [professions, setProfessions] = useState(null);
  const [profession, setProfession] = useState("bioingenior");
  const [region, setRegion] = useState("NO");
  const [toYear, setToYear] = useState(2040);
  const [startYear, setStartYear] = useState(2025);
  const [levers, setLevers] = useState(Object.fromEntries(LEVERS.map((l) => [l.key, l.neutral])));
  const [std, setStd] = useState(null);
  const [baseline, setBaseline] = useState(null);
  const [scenario, setScenario] = useState(null);
  const [error, setError] = useState(null);
  const [rhfs, setRhfs] = useState([]);

  useEffect(() => {
    get("/professions").then((d) => setProfessions(d.professions), setError);
    get("/organisations").then((d) => setRhfs(d.organisations.filter((o) => o.type === "rhf")), setError);
  }, []);

  const runScenario = useLatestRun((r) => setScenario(r), setError);

  /* the baseline when the profession, region or horizon change */
  useEffect(() => {
    let live = true;                       /* an older answer must not replace a newer one */
    setBaseline(null);
    setStd(null);
    api("POST", "/runs/workforce", { profession, region, to_year: toYear })
      .then((r) => live && setBaseline(r), (e) => live && setError(e));
    return () => { live = false; };
  }, [profession, region, toYear]);

  /* the scenario at once when anything changes */
  useEffect(() => {
    runScenario({ profession, region, to_year: toYear,
                  parameters: scenarioText(profession, toYear, startYear, levers, std) });
  }, [profession, region, toYear, startYear, levers, std]);

  const chart = useMemo(() => {
    if (!baseline || !scenario)
      return null;
    const years = byYear(baseline, "reference", "year");
    return {
      years,
      series: [
        { label: t("workforce.series.supply_baseline"), values: byYear(baseline, "reference", "supply_fte") },
        { label: t("workforce.series.supply_scenario"), values: byYear(scenario, "reference", "supply_fte") },
        ...ALTERNATIVES.map((a) => ({ label: t(`workforce.series.demand.${a}`), values: byYear(scenario, a, "demand_fte") })),
      ],
    };
  }, [baseline, scenario, lang()]);

  useEffect(() => {
    if (scenario)
      announce(t("workforce.updated"));
  }, [scenario]);

  if (!professions)
    return html`<h1 tabindex="-1">${t("workforce.title")}</h1>${error ? html`<${FormError} error=${error.message} />` : html`<${Loading} />`}`;
  const name = (p) => (lang() === "nb" ? p.name_nb : p.name_en);
  const stdOwn = baseline ? inputValue(baseline, STD.param) : null;
  const stdNow = std !== null ? std : stdOwn;
  const lastRow = (r, a) => r.rows.filter((x) => x.alternative === a).slice(-1)[0];
  return html`
    <h1 tabindex="-1">${t("workforce.title")}</h1>
    <p>${t("workforce.intro")}</p>
    <${FormError} error=${error && error.message} />
    <form class="wf-form" onSubmit=${(e) => e.preventDefault()}>
      <div class="field">
        <label for="profession">${t("workforce.profession")}</label>
        <select id="profession" value=${profession} onChange=${(e) => setProfession(e.currentTarget.value)}>
          ${professions.map((p) => html`<option value=${p.id}>${name(p)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="wf-region">${t("workforce.region")}</label>
        <select id="wf-region" value=${region} onChange=${(e) => setRegion(e.currentTarget.value)}>
          <option value="NO">${t("workforce.region.no")}</option>
          ${rhfs.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="to-year">${t("workforce.to_year")}</label>
        <select id="to-year" value=${toYear} onChange=${(e) => setToYear(Number(e.currentTarget.value))}>
          ${[2030, 2035, 2040, 2045, 2050].map((y) => html`<option value=${y}>${y}</option>`)}
        </select>
      </div>
      <fieldset class="levers">
        <legend>${t("workforce.levers")}</legend>
        <div class="field">
          <label for="start-year">${t("workforce.lever.start_year")}</label>
          <select id="start-year" value=${startYear} onChange=${(e) => setStartYear(Number(e.currentTarget.value))}>
            ${[2023, 2024, 2025, 2026, 2027, 2028, 2030].map((y) => html`<option value=${y}>${y}</option>`)}
          </select>
        </div>
        ${LEVERS.map((l) => html`
          <div class="field lever">
            <label for=${`lever-${l.key}`}>${t(`workforce.lever.${l.key}`)}</label>
            <p class="hint" id=${`lever-${l.key}-hint`}>${t(`workforce.lever.${l.key}.hint`)}</p>
            <div class="lever-row">
              <input type="range" id=${`lever-${l.key}`} min=${l.min} max=${l.max} step=${l.step}
                     value=${levers[l.key]} aria-describedby=${`lever-${l.key}-hint`}
                     aria-valuetext=${l.show(levers[l.key])}
                     onChange=${(e) => setLevers({ ...levers, [l.key]: Number(e.currentTarget.value) })} />
              <output for=${`lever-${l.key}`} aria-live="off">${l.show(levers[l.key])}</output>
            </div>
          </div>`)}
        ${stdOwn !== null && html`
          <div class="field lever">
            <label for="lever-std">${t("workforce.lever.std_reference")}</label>
            <p class="hint" id="lever-std-hint">${t("workforce.lever.std_reference.hint", { own: STD.show(stdOwn) })}</p>
            <div class="lever-row">
              <input type="range" id="lever-std" min=${STD.min} max=${STD.max} step=${STD.step}
                     value=${stdNow} aria-describedby="lever-std-hint" aria-valuetext=${STD.show(stdNow)}
                     onChange=${(e) => { const v = Number(e.currentTarget.value); setStd(v === stdOwn ? null : v); }} />
              <output for="lever-std" aria-live="off">${STD.show(stdNow)}</output>
            </div>
          </div>`}
        <button type="button" class="button small"
                onClick=${() => { setStd(null); setLevers(Object.fromEntries(LEVERS.map((l) => [l.key, l.neutral]))); }}>${t("workforce.reset")}</button>
      </fieldset>
    </form>
    ${!chart ? html`<${Loading} />` : html`
      <section aria-labelledby="wf-result" class="result">
        <h2 id="wf-result">${t("workforce.result", { profession: scenario.profession[lang() === "nb" ? "name_nb" : "name_en"], region: scenario.region.name, to: scenario.to })}</h2>
        <dl class="figures">
          ${ALTERNATIVES.map((a) => {
            const b = lastRow(baseline, a), s = lastRow(scenario, a);
            return html`
              <div class="figure">
                <dt>${t("workforce.gap", { alternative: t(`workforce.alternative.${a}`), year: scenario.to })}</dt>
                <dd><span class="figure-value">${number(s.gap_fte)}</span> ${t("unit.FTE")}
                  <br /><span class="muted small">${t("workforce.gap.baseline", { gap: number(b.gap_fte) })}</span></dd>
              </div>`;
          })}
        </dl>
        <p class="muted small">${t("workforce.gap.help")}</p>
        <${LineChart} id="chart-workforce" title=${t("workforce.chart")} unit=${t("unit.FTE")} days=${chart.years}
                      series=${chart.series} xLabel=${t("workforce.year")} />
        <p class="muted small">${t("workforce.sources", { n: number(scenario.sources ? scenario.sources.length : 0), a: number(scenario.assumptions ? scenario.assumptions.length : 0) })}</p>
      </section>`}`;
}
