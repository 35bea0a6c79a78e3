// exercises.js - the exercise cycle: Øvelsesplan, the multi-year plan of the subtree's
// exercises as a calendar (a row per year, a column per month, each exercise in the month it
// starts, with its type and status) and the year's counts by type (GET /exercises/plan); and
// an exercise's action plan on its own page: the evaluations of the exercise and the learning
// points of each, followed until every one is closed (GET /evaluations?exercise_id=,
// /learning-points?evaluation_id=).
import { useEffect, useState } from "preact/hooks";
import { get, withQuery } from "../api.js";
import { t, tOr } from "../i18n.js";
import { number, date } from "../format.js";
import { html, Link, FormError, Loading, TableScroll, Section } from "../ui.js";

const MONTHS = 12;

export function ExercisePlan({ me }) {
  const year = new Date().getFullYear();
  const [range, setRange] = useState({ from: year - 1, to: year + 3 });
  const [state, setState] = useState({ data: null, error: null });
  useEffect(() => {
    let live = true;
    setState({ data: null, error: null });
    get(withQuery("/exercises/plan", { within: me.organisation.id, from: range.from, to: range.to }))
      .then((data) => live && setState({ data, error: null }), (error) => live && setState({ data: null, error }));
    return () => { live = false; };
  }, [range.from, range.to]);
  const d = state.data;
  const monthName = (m) => new Intl.DateTimeFormat(t("format.locale"), { month: "short" }).format(new Date(2026, m, 1));
  const types = d && d.years.length ? Object.keys(d.years[0].by_type) : [];
  return html`
    <h1 tabindex="-1">${t("plan.title")}</h1>
    <p>${t("plan.intro")}</p>
    <p class="actions">
      <button type="button" class="button small" onClick=${() => setRange({ from: range.from - 1, to: range.to - 1 })}>${t("plan.earlier")}</button>
      <span>${range.from}–${range.to}</span>
      <button type="button" class="button small" onClick=${() => setRange({ from: range.from + 1, to: range.to + 1 })}>${t("plan.later")}</button>
    </p>
    ${state.error && html`<${FormError} error=${state.error.message} />`}
    ${!d ? !state.error && html`<${Loading} />` : html`
      <${TableScroll} label=${t("plan.calendar")}><table class="calendar">
        <caption>${t("plan.calendar")}</caption>
        <thead><tr><th scope="col">${t("workforce.year")}</th>
          ${Array.from({ length: MONTHS }, (_, m) => html`<th scope="col">${monthName(m)}</th>`)}</tr></thead>
        <tbody>${d.years.map((y) => html`
          <tr>
            <th scope="row">${y.year}</th>
            ${Array.from({ length: MONTHS }, (_, m) => {
              const here = y.exercises.filter((e) => Number(e.start_date.slice(5, 7)) === m + 1);
              return html`<td>${here.map((e) => html`
                <div class=${`exercise status-${e.status}`}>
                  <${Link} href=${`/ovelser/${e.id}`}>${e.title}<//>
                  <span class="muted small">${tOr(`enum.type.${e.type}`, e.type)}, ${tOr(`enum.status.${e.status}`, e.status).toLowerCase()}, ${date(e.start_date)}</span>
                </div>`)}</td>`;
            })}
          </tr>`)}
        </tbody>
      </table><//>
      <${TableScroll} label=${t("plan.by_type")}><table>
        <caption>${t("plan.by_type")}</caption>
        <thead><tr><th scope="col">${t("workforce.year")}</th>
          ${types.map((ty) => html`<th scope="col" class="num">${tOr(`enum.type.${ty}`, ty)}</th>`)}
          <th scope="col" class="num">${t("plan.total")}</th></tr></thead>
        <tbody>${d.years.map((y) => html`
          <tr><th scope="row">${y.year}</th>
            ${types.map((ty) => html`<td class="num">${number(y.by_type[ty].value)}</td>`)}
            <td class="num">${number(y.total.value)}</td></tr>`)}
        </tbody>
      </table><//>`}`;
}

/* The learning points of one evaluation, with how many are closed. */
function Points({ evaluation }) {
  const [points, setPoints] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    get(withQuery("/learning-points", { evaluation_id: evaluation.id, limit: 1000, within: evaluation.org_id }))
      .then((d) => setPoints(d.learning_points), setError);
  }, [evaluation.id]);
  if (error)
    return html`<${FormError} error=${error.message} />`;
  if (!points)
    return html`<${Loading} />`;
  const closed = points.filter((p) => p.status === "closed").length;
  return html`
    <p class=${closed === points.length ? "success" : "warning"}>
      ${points.length === 0 ? t("action.no_points")
        : closed === points.length ? t("action.all_closed", { count: number(points.length) })
        : t("action.progress", { closed: number(closed), count: number(points.length) })}</p>
    ${points.length > 0 && html`
      <${TableScroll} label=${evaluation.title}><table>
        <thead><tr><th scope="col">${t("field.title")}</th><th scope="col">${t("field.learning-points.owner")}</th>
          <th scope="col">${t("field.learning-points.due")}</th><th scope="col">${t("field.status")}</th></tr></thead>
        <tbody>${points.map((p) => html`
          <tr class=${p.overdue ? "overdue" : ""}>
            <th scope="row"><${Link} href=${`/laeringspunkter/${p.id}`}>${p.title}<//></th>
            <td>${p.owner}</td>
            <td>${date(p.due)}${p.overdue ? html` <strong class="level-critical">(${t("field.learning-points.overdue").toLowerCase()})</strong>` : ""}</td>
            <td>${tOr(`enum.status.${p.status}`, p.status)}</td>
          </tr>`)}
        </tbody>
      </table><//>`}
    <p><${Link} href=${withQuery("/laeringspunkter/ny", {})}>${t("action.new_point")}<//></p>`;
}

/* The action plan of exercise id: its evaluations and their learning points. */
export function ActionPlan({ exercise }) {
  const [evaluations, setEvaluations] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    get(withQuery("/evaluations", { exercise_id: exercise.id, limit: 1000, within: exercise.org_id }))
      .then((d) => setEvaluations(d.evaluations), setError);
  }, [exercise.id]);
  return html`
    <${Section} id="action-plan" title=${t("action.title")}>
      ${error && html`<${FormError} error=${error.message} />`}
      ${!evaluations ? !error && html`<${Loading} />` : evaluations.length === 0
        ? html`<p>${t("action.no_evaluation")} <${Link} href="/evalueringer/ny">${t("action.new_evaluation")}<//></p>`
        : evaluations.map((ev) => html`
          <h3><${Link} href=${`/evalueringer/${ev.id}`}>${ev.title}<//> <span class="muted small">${date(ev.evaluated_on)}</span></h3>
          <${Points} evaluation=${ev} />`)}
    <//>`;
}
