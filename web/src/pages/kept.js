// kept.js - Kjøringer: the engine runs the server keeps (GET /runs, within the user's
// subtree), each with its downloads (CSV of the series, an XLSX workbook), and a comparison of
// the runs ticked (GET /runs/compare?ids=): one series of every run on one chart with its table
// behind it, and the summaries side by side with each run's difference from the first. Which
// runs can be compared is the server's rule: its message is shown as it comes.
import { useEffect, useMemo, useState } from "preact/hooks";
import { get, withQuery } from "../api.js";
import { t, lang } from "../i18n.js";
import { number, dateTime } from "../format.js";
import { html, FormError, Loading, TableScroll, Section } from "../ui.js";
import { LineChart } from "../chart.js";

const LIMIT = 50;

/* The series a comparison opens on: ICU census for surge runs, the reference gap for workforce. */
function firstSeries(columns) {
  return columns.find((c) => c.startsWith("census_icu ")) ||
         columns.find((c) => c.startsWith("reference.gap_fte")) || columns[0];
}

/* "census_icu (patients)" -> ["census_icu", "patients"] */
function splitUnit(column) {
  const m = /^(.*) \((.*)\)$/.exec(column);
  return m ? [m[1], m[2]] : [column, ""];
}

function RunRow({ run, checked, onToggle }) {
  const id = `run-${run.id}`;
  return html`
    <tr>
      <td><input type="checkbox" id=${id} checked=${checked} onChange=${() => onToggle(run.id)} /></td>
      <th scope="row"><label for=${id}>${run.id}</label></th>
      <td>${dateTime(new Date(run.created_at))}</td>
      <td>${run.user_name}</td>
      <td>${t(`kept.engine.${run.engine}`)}</td>
      <td>${run.title}</td>
      <td>${run.region}</td>
      <td>${run.figures_org || t("kept.shipped")}</td>
      <td>
        <a href=${`/api/v1/runs/${run.id}?format=csv`} download>${t("kept.csv")}</a>${" · "}
        <a href=${`/api/v1/runs/${run.id}?format=xlsx`} download>${t("kept.xlsx")}</a>
      </td>
    </tr>`;
}

function Comparison({ cmp }) {
  const columns = Object.keys(cmp.series);
  const [column, setColumn] = useState(firstSeries(columns));
  const [name, unit] = splitUnit(column);
  const series = useMemo(() => cmp.runs.map((r, i) => ({
    label: `#${r.id} ${r.title}`, values: cmp.series[column][i],
  })), [cmp, column, lang()]);
  const measures = Object.keys(cmp.summary);
  return html`
    <${Section} id="comparison" title=${t("kept.comparison")}>
      <p>
        <label for="compare-series">${t("kept.series")}</label>${" "}
        <select id="compare-series" value=${column} onChange=${(e) => setColumn(e.target.value)}>
          ${columns.map((c) => html`<option value=${c}>${c}</option>`)}
        </select>
      </p>
      <div class="charts">
        <${LineChart} id="chart-compare" title=${name} unit=${unit || "–"} days=${cmp.x}
                      series=${series} digits=${1}
                      xLabel=${cmp.axis === "year" ? t("kept.year") : undefined} />
      </div>
      <${TableScroll} label=${t("kept.summary")}><table>
        <caption>${t("kept.summary")}</caption>
        <thead><tr>
          <th scope="col">${t("kept.measure")}</th>
          ${cmp.runs.map((r, i) => html`<th scope="col" class="num">#${r.id}</th>
            ${i > 0 && html`<th scope="col" class="num">${t("kept.difference", { id: r.id })}</th>`}`)}
        </tr></thead>
        <tbody>${measures.map((m) => html`
          <tr>
            <th scope="row">${m}</th>
            ${cmp.summary[m].values.map((v, i) => html`<td class="num">${number(v, 1)}</td>
              ${i > 0 && html`<td class="num">${number(cmp.summary[m].differences[i], 1)}</td>`}`)}
          </tr>`)}
        </tbody>
      </table><//>
    <//>`;
}

export function Kept({ me }) {
  const [runs, setRuns] = useState(null);
  const [error, setError] = useState(null);
  const [picked, setPicked] = useState([]);
  const [cmp, setCmp] = useState(null);
  const [cmpError, setCmpError] = useState(null);
  useEffect(() => {
    get(withQuery("/runs", { within: me.organisation.id, limit: LIMIT }))
      .then((r) => setRuns(r), setError);
  }, [me.organisation.id]);
  const toggle = (id) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  async function compare(event) {
    event.preventDefault();
    setCmpError(null);
    setCmp(null);
    try {
      setCmp(await get(withQuery("/runs/compare", { ids: picked.join(",") })));
    } catch (e) {
      setCmpError(e.message);
    }
  }
  if (error)
    return html`<h1 tabindex="-1">${t("kept.title")}</h1><${FormError} error=${error.message} />`;
  if (!runs)
    return html`<h1 tabindex="-1">${t("kept.title")}</h1><${Loading} />`;
  return html`
    <h1 tabindex="-1">${t("kept.title")}</h1>
    <p>${t("kept.intro")}</p>
    ${runs.runs.length === 0 ? html`<p>${t("kept.none")}</p>` : html`
      <form onSubmit=${compare}>
        <${TableScroll} label=${t("kept.list", { count: number(runs.count), total: number(runs.total) })}><table>
          <caption>${t("kept.list", { count: number(runs.count), total: number(runs.total) })}</caption>
          <thead><tr>
            <th scope="col">${t("kept.pick")}</th><th scope="col">${t("kept.id")}</th>
            <th scope="col">${t("kept.made")}</th><th scope="col">${t("kept.by")}</th>
            <th scope="col">${t("kept.engine")}</th><th scope="col">${t("kept.scenario")}</th>
            <th scope="col">${t("kept.region")}</th><th scope="col">${t("kept.figures")}</th>
            <th scope="col">${t("kept.download")}</th>
          </tr></thead>
          <tbody>${runs.runs.map((r) => html`<${RunRow} key=${r.id} run=${r} checked=${picked.includes(r.id)} onToggle=${toggle} />`)}</tbody>
        </table><//>
        <p><button type="submit" class="button">${t("kept.compare", { count: number(picked.length) })}</button></p>
        ${cmpError && html`<${FormError} error=${cmpError} />`}
      </form>`}
    ${cmp && html`<${Comparison} key=${picked.join(",")} cmp=${cmp} />`}`;
}
