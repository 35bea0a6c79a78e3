// dashboard.js - Oversikt: for the user's organisation or one below it (?within=), the 5x5 risk
// matrix with the count in every cell, plans and learning points past their dates, stocks short
// of six months of normal consumption, bed capacity normal and in a surge, personnel reserves,
// and today's situation reports, all from one answer (GET /overview?within=); a part the server
// could not compute shows its error in its own panel, so the page is never blank for one of
// them. Every figure is a number in a table.
import { useEffect, useState } from "preact/hooks";
import { get, withQuery } from "../api.js";
import { t, tOr } from "../i18n.js";
import { number, date, quantity, dateTime, unit } from "../format.js";
import { currentQuery, navigate } from "../router.js";
import { html, Section, Loading, TableScroll, Link } from "../ui.js";
import { RegionMap } from "./map.js";

/* {data, error} of GET path, fetched again when path changes. */
function useApi(path) {
  const [state, setState] = useState({ data: null, error: null });
  useEffect(() => {
    let live = true;
    setState({ data: null, error: null });
    get(path).then((data) => live && setState({ data, error: null }),
                   (error) => live && setState({ data: null, error }));
    return () => { live = false; };
  }, [path]);
  return state;
}

/* The panel's body: loading, the API's error, or what render makes of the data. */
function Panel({ state, what, render }) {
  if (state.error)
    return html`<p class="form-error">${t("dashboard.error", { what, message: state.error.message })}</p>`;
  if (!state.data)
    return html`<${Loading} />`;
  return render(state.data);
}

/* The organisations of the user's subtree in tree order, with their depth. */
function treeOrder(orgs, rootId) {
  const children = new Map();
  for (const o of orgs) {
    const list = children.get(o.parent_id) || [];
    list.push(o);
    children.set(o.parent_id, list);
  }
  const out = [];
  const walk = (org, depth) => {
    out.push({ org, depth });
    const kids = (children.get(org.id) || []).sort((a, b) => a.name.localeCompare(b.name, "nb"));
    for (const k of kids)
      walk(k, depth + 1);
  };
  const root = orgs.find((o) => o.id === rootId);
  if (root)
    walk(root, 0);
  return out;
}

function WithinPicker({ me, within, onOrgs }) {
  const state = useApi(withQuery("/organisations", { within: me.organisation.id }));
  useEffect(() => {
    if (state.data)
      onOrgs(new Map(state.data.organisations.map((o) => [o.id, o])));
  }, [state.data]);
  const orgs = state.data ? treeOrder(state.data.organisations, me.organisation.id) : [];
  const choose = (id) => navigate(id === me.organisation.id ? "/" : withQuery("/", { within: id }));
  return html`
    <div class="field within">
      <label for="within">${t("dashboard.within")}</label>
      <p class="hint" id="within-hint">${t("dashboard.within.help")}</p>
      <select id="within" aria-describedby="within-hint" value=${within}
              onChange=${(e) => choose(e.currentTarget.value)}>
        ${orgs.length === 0 && html`<option value=${within}>${within}</option>`}
        ${orgs.map(({ org, depth }) => html`
          <option value=${org.id}>${"\u00a0\u00a0".repeat(depth)}${org.name}</option>`)}
      </select>
    </div>`;
}

/* A column header with the unit of its figures: "Fysiske (senger)". */
function withUnit(label, q) {
  return q && q.unit ? `${label} (${unit(q.unit)})` : label;
}

/* The band of a risk score (probability x consequence) for the cell's colour. */
function scoreBand(score) {
  return score >= 15 ? "very-high" : score >= 10 ? "high" : score >= 5 ? "medium" : "low";
}

/* The state of one part of the overview's answer: its data, or its own error. */
function partOf(overview, name) {
  if (overview.error || !overview.data)
    return overview;
  const part = overview.data[name];
  return part && part.error ? { data: null, error: { message: part.error } } : { data: part, error: null };
}

function RiskMatrix({ me, within, overview }) {
  const state = partOf(overview, "risk_matrix");
  return html`
    <${Section} id="matrix" title=${t("dashboard.matrix.title")}>
      <${Panel} state=${state} what=${t("dashboard.matrix.title")} render=${(d) => html`
        <${TableScroll} label=${t("dashboard.matrix.caption")}><table class="matrix">
          <caption>${t("dashboard.matrix.caption")}</caption>
          <thead>
            <tr>
              <td></td>
              <th scope="colgroup" colspan="5">${t("dashboard.matrix.consequence")}</th>
            </tr>
            <tr>
              <th scope="col"><span class="visually-hidden">${t("dashboard.matrix.probability")}</span></th>
              ${[1, 2, 3, 4, 5].map((c) => html`<th scope="col">${c}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${[5, 4, 3, 2, 1].map((p) => html`
              <tr>
                <th scope="row">${p}</th>
                ${[1, 2, 3, 4, 5].map((c) => {
                  const n = d.matrix[p - 1][c - 1];
                  const href = withQuery("/ros", { within: within === me.organisation.id ? undefined : within, probability: p, consequence: c });
                  return html`
                  <td class=${`score-${scoreBand(p * c)}`}>${n === 0 ? number(n) : html`
                    <${Link} href=${href} aria-label=${t("dashboard.matrix.cell", { count: number(n), p, c })}>${number(n)}<//>`}</td>`;
                })}
              </tr>`)}
          </tbody>
        </table><//>
        <p>${t("dashboard.matrix.total", { count: number(d.total) })}</p>
        <p class=${d.comprehensive_ros.older_than_four_years ? "warning" : ""}>
          ${d.comprehensive_ros.older_than_four_years
            ? t("dashboard.matrix.ros_old")
            : t("dashboard.matrix.ros_ok", { date: date(d.comprehensive_ros.last_assessed) })}
        </p>`} />
    <//>`;
}

function OverdueList({ part, member, title, dueField, overview }) {
  const state = partOf(overview, part);
  const key = member;
  return html`
    <h3>${title}</h3>
    <${Panel} state=${state} what=${title} render=${(d) => d.total === 0
      ? html`<p>${t("dashboard.overdue.none")}</p>`
      : html`<ul class="plain">
          ${d[key].map((r) => html`
            <li>${r.title} <span class="muted">(${t("dashboard.overdue.due", { date: date(r[dueField]) })})</span></li>`)}
          ${d.total > d[key].length && html`<li class="muted">… ${number(d.total - d[key].length)}</li>`}
        </ul>`} />`;
}

function Overdue({ overview }) {
  return html`
    <${Section} id="overdue" title=${t("dashboard.overdue.title")}>
      <${OverdueList} part="overdue_plans" member="plans" title=${t("dashboard.overdue.plans")} dueField="revision_due" overview=${overview} />
      <${OverdueList} part="overdue_learning_points" member="learning_points" title=${t("dashboard.overdue.points")} dueField="due" overview=${overview} />
    <//>`;
}

function Stocks({ within, overview }) {
  const state = partOf(overview, "stocks");
  return html`
    <${Section} id="stocks" title=${t("dashboard.stocks.title")}>
      <${Panel} state=${state} what=${t("dashboard.stocks.title")} render=${(d) => {
        const short = d.items.filter((i) => !i.compliant);
        return html`
          ${short.length === 0 ? html`<p>${t("dashboard.stocks.none")}</p>` : html`
            <${TableScroll} label=${t("dashboard.stocks.title")}><table>
              <thead><tr>
                <th scope="col">${t("dashboard.stocks.item")}</th>
                <th scope="col" class="num">${t("dashboard.stocks.cover")}</th>
                <th scope="col" class="num">${t("dashboard.stocks.shortfall")}</th>
                <th scope="col" class="num">${t("dashboard.stocks.institutions")}</th>
              </tr></thead>
              <tbody>${short.map((i) => html`
                <tr>
                  <th scope="row">${i.item}</th>
                  <td class="num">${quantity(i.months_of_cover, 1)}</td>
                  <td class="num">${number(i.shortfall.value)} ${unit(i.unit)}</td>
                  <td class="num">${number(i.non_compliant_institutions.value)}</td>
                </tr>`)}
              </tbody>
            </table><//>`}
          <p class="muted small">${t("dashboard.stocks.source", { value: number(d.target_months.value), source: d.target_months.source })}</p>`;
      }} />
    <//>`;
}

function Capacity({ within, overview }) {
  const state = partOf(overview, "capacity");
  return html`
    <${Section} id="capacity" title=${t("dashboard.capacity.title")}>
      <${Panel} state=${state} what=${t("dashboard.capacity.title")} render=${(d) =>
        d.categories.length === 0 ? html`<p>${t("dashboard.capacity.none")}</p>` : html`
        <${TableScroll} label=${t("dashboard.capacity.title")}><table>
          <thead><tr>
            <th scope="col">${t("dashboard.capacity.category")}</th>
            <th scope="col" class="num">${withUnit(t("dashboard.capacity.physical"), d.categories[0].physical)}</th>
            <th scope="col" class="num">${withUnit(t("dashboard.capacity.staffed"), d.categories[0].staffed)}</th>
            <th scope="col" class="num">${withUnit(t("dashboard.capacity.surge"), d.categories[0].surge)}</th>
          </tr></thead>
          <tbody>${d.categories.map((c) => html`
            <tr>
              <th scope="row">${tOr(`category.${c.category}`, c.category)}</th>
              <td class="num">${number(c.physical.value)}</td>
              <td class="num">${number(c.staffed.value)}</td>
              <td class="num">${number(c.surge.value)}</td>
            </tr>`)}
          </tbody>
        </table><//>`} />
    <//>`;
}

function Reserves({ within, overview }) {
  const state = partOf(overview, "reserves");
  return html`
    <${Section} id="reserves" title=${t("dashboard.reserves.title")}>
      <${Panel} state=${state} what=${t("dashboard.reserves.title")} render=${(d) =>
        d.professions.length === 0 ? html`<p>${t("dashboard.reserves.none")}</p>` : html`
        <${TableScroll} label=${t("dashboard.reserves.title")}><table>
          <thead><tr>
            <th scope="col">${t("dashboard.reserves.profession")}</th>
            <th scope="col" class="num">${withUnit(t("dashboard.reserves.total"), d.professions[0].total)}</th>
            <th scope="col" class="num">${t("dashboard.reserves.available")}</th>
            <th scope="col" class="num">${t("dashboard.reserves.conflict")}</th>
            <th scope="col" class="num">${t("dashboard.reserves.overdue")}</th>
          </tr></thead>
          <tbody>${d.professions.map((p) => html`
            <tr>
              <th scope="row">${tOr(`profession.${p.profession}`, p.profession)}</th>
              <td class="num">${number(p.total.value)}</td>
              <td class="num">${number(p.available_24h.value)}</td>
              <td class="num">${number(p.armed_forces_conflict.value)}</td>
              <td class="num">${number(p.verification_overdue.value)}</td>
            </tr>`)}
          </tbody>
        </table><//>`} />
    <//>`;
}

const ASPECTS = ["status", "capacity_status", "staff_status", "stock_status"];
const LEVELS = ["normal", "strained", "critical"];

function Situation({ within, overview }) {
  const state = partOf(overview, "situation");
  const title = state.data ? t("dashboard.situation.title", { date: date(state.data.date) })
                           : t("dashboard.situation.title", { date: "" });
  return html`
    <${Section} id="situation" title=${title}>
      <${Panel} state=${state} what=${title} render=${(d) => d.reports_received.value === 0
        ? html`<p>${t("dashboard.situation.none")}</p>` : html`
        <p>${t("dashboard.situation.received", { count: number(d.reports_received.value) })}.
           ${" "}<strong class=${`level-${d.worst_status}`}>${t("dashboard.situation.worst", { status: t(`status.${d.worst_status}`) })}</strong></p>
        <${TableScroll} label=${title}><table>
          <caption>${t("dashboard.situation.caption")}</caption>
          <thead><tr>
            <th scope="col">${t("dashboard.situation.aspect")}</th>
            ${LEVELS.map((l) => html`<th scope="col" class="num">${t(`status.${l}`)}</th>`)}
          </tr></thead>
          <tbody>${ASPECTS.map((a) => html`
            <tr>
              <th scope="row">${t(`aspect.${a}`)}</th>
              ${LEVELS.map((l) => html`<td class="num">${number(d[a][l].value)}</td>`)}
            </tr>`)}
          </tbody>
        </table><//>`} />
    <//>`;
}

export function Dashboard({ me }) {
  const within = currentQuery().get("within") || me.organisation.id;
  const [fetched] = useState(() => new Date());
  const [orgs, setOrgs] = useState(null);
  const overview = useApi(withQuery("/overview", { within }));
  return html`
    <h1 tabindex="-1">${t("dashboard.title")}</h1>
    <${WithinPicker} me=${me} within=${within} onOrgs=${setOrgs} />
    <p class="muted small">${t("dashboard.updated", { time: dateTime(fetched) })}</p>
    <div class="cards">
      <${RiskMatrix} me=${me} within=${within} overview=${overview} />
      <${Overdue} overview=${overview} />
      <${Situation} within=${within} overview=${overview} />
      <${Stocks} within=${within} overview=${overview} />
      <${Capacity} within=${within} overview=${overview} />
      <${Reserves} within=${within} overview=${overview} />
      ${orgs && within === me.organisation.id && html`<${RegionMap} />`}
    </div>`;
}

