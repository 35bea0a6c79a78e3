// situation.js - Situasjon: the roll-up of the daily situation reports of the subtree
// (GET /situation-reports/rollups: every one of the last days in one answer), as a chart over the days (beds
// and ICU beds occupied and free, reports in a critical and a strained state) with its table,
// and today's reports by organisation, with the hospital trusts that have not reported. The
// daily form itself is the register's (/situasjonsrapporter/ny).
import { useEffect, useMemo, useState } from "preact/hooks";
import { get, withQuery } from "../api.js";
import { t, tOr, lang } from "../i18n.js";
import { number, date } from "../format.js";
import { html, Link, FormError, Loading, TableScroll, Section } from "../ui.js";
import { LineChart } from "../chart.js";

const DAYS = 14;

/* The dates of the last n days, oldest first, as yyyy-mm-dd (UTC, as the server's today). */
function lastDays(n) {
  const out = [];
  const today = new Date();
  for (let i = n - 1; i >= 0; i--)
    out.push(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10));
  return out;
}

export function Situation({ me }) {
  const [rollups, setRollups] = useState(null);
  const [names, setNames] = useState(new Map());
  const [error, setError] = useState(null);
  const days = useMemo(() => lastDays(DAYS), []);
  useEffect(() => {
    get(withQuery("/situation-reports/rollups", { within: me.organisation.id, from: days[0], to: days[days.length - 1] }))
      .then((r) => setRollups(r.days), setError);
    get(withQuery("/organisations", { within: me.organisation.id }))
      .then((o) => setNames(new Map(o.organisations.map((x) => [x.id, x.name]))), () => {});
  }, [me.organisation.id]);
  const chart = useMemo(() => rollups && {
    x: rollups.map((_, i) => i - (DAYS - 1)),
    series: [
      { label: t("situation.series.beds_occupied"), values: rollups.map((r) => r.beds_occupied.value) },
      { label: t("situation.series.beds_available"), values: rollups.map((r) => r.beds_available.value) },
      { label: t("situation.series.icu_occupied"), values: rollups.map((r) => r.icu_occupied.value) },
      { label: t("situation.series.icu_available"), values: rollups.map((r) => r.icu_available.value) },
    ],
  }, [rollups, lang()]);
  if (error)
    return html`<h1 tabindex="-1">${t("situation.title")}</h1><${FormError} error=${error.message} />`;
  if (!rollups)
    return html`<h1 tabindex="-1">${t("situation.title")}</h1><${Loading} />`;
  const today = rollups[rollups.length - 1];
  return html`
    <h1 tabindex="-1">${t("situation.title")}</h1>
    <p>${t("situation.intro", { days: DAYS })} <${Link} href="/situasjonsrapporter/ny">${t("situation.new")}<//></p>
    <${TableScroll} label=${t("situation.days")}><table>
      <caption>${t("situation.days")}</caption>
      <thead><tr>
        <th scope="col">${t("field.situation-reports.date")}</th>
        <th scope="col" class="num">${t("situation.received")}</th>
        <th scope="col">${t("situation.worst")}</th>
        <th scope="col" class="num">${t("enum.status.critical")}</th>
        <th scope="col" class="num">${t("enum.status.strained")}</th>
        <th scope="col" class="num">${t("situation.series.beds_occupied")}</th>
        <th scope="col" class="num">${t("situation.series.icu_occupied")}</th>
        <th scope="col" class="num">${t("situation.series.icu_available")}</th>
      </tr></thead>
      <tbody>${rollups.map((r) => html`
        <tr>
          <th scope="row">${date(r.date)}</th>
          <td class="num">${number(r.reports_received.value)}</td>
          <td class=${r.worst_status ? `level-${r.worst_status}` : ""}>${r.worst_status ? tOr(`enum.status.${r.worst_status}`, r.worst_status) : "–"}</td>
          <td class="num">${number(r.status.critical.value)}</td>
          <td class="num">${number(r.status.strained.value)}</td>
          <td class="num">${number(r.beds_occupied.value)}</td>
          <td class="num">${number(r.icu_occupied.value)}</td>
          <td class="num">${number(r.icu_available.value)}</td>
        </tr>`)}
      </tbody>
    </table><//>
    <div class="charts">
      <${LineChart} id="chart-situation" title=${t("situation.chart")} unit=${t("unit.beds")} days=${chart.x}
                    series=${chart.series} xLabel=${t("situation.day")} />
    </div>
    <${Section} id="today" title=${t("situation.today", { date: date(today.date) })}>
      ${today.missing_hf_count.value > 0 && html`<p class="warning">${t("situation.missing", { count: number(today.missing_hf_count.value) })}
        ${" "}${today.missing_hfs.map((h) => h.name || h.id).join(", ")}</p>`}
      ${today.reports.length === 0 ? html`<p>${t("dashboard.situation.none")}</p>` : html`
        <${TableScroll} label=${t("situation.today", { date: date(today.date) })}><table>
          <thead><tr><th scope="col">${t("field.org_id")}</th><th scope="col">${t("field.status")}</th>
            <th scope="col">${t("field.situation-reports.capacity_status")}</th><th scope="col">${t("field.situation-reports.staff_status")}</th>
            <th scope="col">${t("field.situation-reports.stock_status")}</th></tr></thead>
          <tbody>${today.reports.map((r) => html`
            <tr><th scope="row"><${Link} href=${`/situasjonsrapporter/${r.id}`}>${names.get(r.org_id) || r.org_id}<//></th>
              ${["status", "capacity_status", "staff_status", "stock_status"].map((k) => html`<td class=${`level-${r[k]}`}>${tOr(`enum.status.${r[k]}`, r[k])}</td>`)}
            </tr>`)}
          </tbody>
        </table><//>`}
    <//>`;
}
