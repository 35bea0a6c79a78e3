// register.js - the screens of every record kind (kinds.js): the list of the records of an
// organisation's subtree with the kind's filters and pages, and the form that creates or edits
// one. The form's fields are made from the API's description of the kind (schemas.js); a
// change is sent as it is, and what the server refuses comes back next to the field it names.
// What the user's role may not do is not offered: no "new" button, a read-only form.
import { useEffect, useState } from "preact/hooks";
import { api, get, withQuery } from "../api.js";
import { t, tOr } from "../i18n.js";
import { number, date } from "../format.js";
import { currentQuery, navigate } from "../router.js";
import { useDraft, clearDraft } from "../drafts.js";
import { html, Link, Loading, FormError, TableScroll, announce } from "../ui.js";
import { kindBySlug, listMember, roleReaches } from "../kinds.js";
import { loadSchemas, fieldsOf, filtersOf, leastRole } from "../schemas.js";
import { ActionPlan } from "./exercises.js";
import { ParametersEditor } from "./parameters.js";

const PAGE = 50;

const byId = (list) => new Map(list.organisations.map((x) => [x.id, x]));

/* {doc, orgs, own}: the API description, every organisation (names for ids) and those of the
 * user's subtree (where they may own records), as the API lists them. */
function useContext(me) {
  const [state, setState] = useState({ doc: null, orgs: null, own: null, error: null });
  useEffect(() => {
    let live = true;
    Promise.all([loadSchemas(), get("/organisations"),
                 get(withQuery("/organisations", { within: me.organisation.id }))]).then(
      ([doc, all, own]) => live && setState({ doc, orgs: byId(all), own: byId(own), error: null }),
      (error) => live && setState({ doc: null, orgs: null, own: null, error }));
    return () => { live = false; };
  }, [me.organisation.id]);
  return state;
}

export function label(kind, name) {
  return tOr(`field.${kind.api}.${name}`, tOr(`field.${name}`, name));
}

/* A value of field name as the list and the read-only form show it. */
function shown(name, value, orgs) {
  if (value === null || value === undefined || value === "")
    return "–";
  if (name === "org_id")
    return orgs.get(value)?.name || value;
  if (typeof value === "boolean")
    return value ? t("value.yes") : t("value.no");
  if (typeof value === "number")
    return number(value, Number.isInteger(value) ? 0 : 1);
  if (typeof value === "object" && "value" in value)
    return number(value.value, 1);
  if (Array.isArray(value))
    return value.join(", ");
  if (/^\d{4}-\d{2}-\d{2}$/.test(value))
    return date(value);
  return tOr(`enum.${name}.${value}`, value);
}

function titleOf(kind, rec) {
  for (const f of ["title", "name", "item", "date"])
    if (rec[f])
      return f === "date" ? date(rec[f]) : rec[f];
  return `#${rec.id}`;
}

// ---- the list ------------------------------------------------------------------------------

/* A figure edited in the list itself (the kind's inline columns): sent as soon as the user
 * leaves the field, as a PUT of the whole record with the version listed; the server's refusal
 * (a bad value, a record changed meanwhile) stays under the field with what was typed. */
function InlineCell({ kind, field, record, fields, onSaved }) {
  const [draft, setDraft] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const id = `cell-${record.id}-${field.name}`;
  const current = record[field.name];
  const shownNow = draft !== null ? draft
    : current === null || current === undefined ? ""
    : typeof current === "number" ? String(current).replace(".", ",") : String(current);

  async function commit(raw) {
    const body = toBody(fields, { ...record, [field.name]: raw });
    if (body[field.name] === current) {
      setDraft(null);
      return;
    }
    setBusy(true);
    try {
      const saved = await api("PUT", `/${kind.api}/${record.id}`, { ...body, version: record.version });
      setDraft(null);
      setError(null);
      onSaved(saved);
      announce(t("register.inline.saved", { field: label(kind, field.name), title: titleOf(kind, record) }));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  const common = { id, disabled: busy, "aria-label": `${label(kind, field.name)}, ${titleOf(kind, record)}`,
                   "aria-invalid": error ? "true" : undefined, "aria-describedby": error ? `${id}-error` : undefined };
  let input;
  if (field.enum) {
    input = html`<select ...${common} value=${shownNow} onChange=${(e) => { setDraft(e.currentTarget.value); commit(e.currentTarget.value || null); }}>
      ${(!field.required || shownNow === "") && html`<option value="">–</option>`}
      ${field.enum.map((v) => html`<option value=${v}>${tOr(`enum.${field.name}.${v}`, v)}</option>`)}
    </select>`;
  } else if (field.format === "date") {
    input = html`<input ...${common} type="date" value=${shownNow}
                        onInput=${(e) => setDraft(e.currentTarget.value)} onChange=${(e) => commit(e.currentTarget.value || null)} />`;
  } else {
    input = html`<input ...${common} type="text" class="inline-number" inputmode="decimal" value=${shownNow}
                        onInput=${(e) => setDraft(e.currentTarget.value)} onChange=${(e) => commit(e.currentTarget.value)} />`;
  }
  return html`<td class=${error ? "inline field-error" : "inline"}>${input}
    ${error && html`<p class="error-text small" id=${`${id}-error`}>${error}</p>`}</td>`;
}

export function RecordList({ me, slug }) {
  const kind = kindBySlug(slug);
  const ctx = useContext(me);
  const query = currentQuery();
  const within = query.get("within") || me.organisation.id;
  const offset = Number(query.get("fra") || 0);
  const [list, setList] = useState({ data: null, error: null });
  const filters = ctx.doc ? filtersOf(ctx.doc, kind) : [];
  const chosen = Object.fromEntries(filters.map((f) => [f.name, query.get(f.name) || ""]));
  const path = withQuery(`/${kind.api}`, { within, limit: PAGE, offset, ...chosen });

  useEffect(() => {
    let live = true;
    setList({ data: null, error: null });
    get(path).then((data) => live && setList({ data, error: null }),
                   (error) => live && setList({ data: null, error }));
    return () => { live = false; };
  }, [path]);

  const go = (changes) => {
    const next = { within: within === me.organisation.id ? undefined : within, fra: offset || undefined, ...chosen, ...changes };
    navigate(withQuery(`/${slug}`, next));
  };
  const mayCreate = ctx.doc && roleReaches(me.role, leastRole(ctx.doc, kind, "post"));
  const mayEdit = kind.inline && ctx.doc && roleReaches(me.role, leastRole(ctx.doc, kind, "put", true));
  const fields = mayEdit ? fieldsOf(ctx.doc, kind) : [];
  const inlineField = (c) => mayEdit && kind.inline.includes(c) ? fields.find((f) => f.name === c) : null;
  const replaceRow = (saved) => setList((l) => ({ ...l, data: { ...l.data,
    [listMember(kind)]: l.data[listMember(kind)].map((r) => (r.id === saved.id ? saved : r)) } }));

  return html`
    <h1 tabindex="-1">${t(`kind.${kind.api}`)}</h1>
    ${ctx.error && html`<${FormError} error=${ctx.error.message} />`}
    <p class="actions">
      ${mayCreate && html`<${Link} href=${`/${slug}/ny`} class="button primary">${t("register.new")}<//> <${Link} href=${`/${slug}/import`} class="button">${t("register.import")}<//> `}
      ${["csv", "xlsx"].map((format) => html`<a class="button" download
         href=${withQuery(`/api/v1/${kind.api}/export`, { within, ...Object.fromEntries(Object.entries(chosen).filter(([, v]) => v)), format })}>
         ${t(`register.export.${format}`)}</a> `)}
    </p>
    ${ctx.doc && html`
      <form class="filters" onSubmit=${(e) => e.preventDefault()}>
        ${filters.map((f) => html`
          <div class="field">
            <label for=${`filter-${f.name}`}>${label(kind, f.name)}</label>
            ${f.enum ? html`
              <select id=${`filter-${f.name}`} value=${chosen[f.name]}
                      onChange=${(e) => go({ [f.name]: e.currentTarget.value || undefined, fra: undefined })}>
                <option value="">${t("register.all")}</option>
                ${f.enum.map((v) => html`<option value=${String(v)}>${typeof v === "boolean" ? t(v ? "value.yes" : "value.no") : tOr(`enum.${f.name}.${v}`, String(v))}</option>`)}
              </select>` : html`
              <input id=${`filter-${f.name}`} value=${chosen[f.name]}
                     onChange=${(e) => go({ [f.name]: e.currentTarget.value || undefined, fra: undefined })} />`}
          </div>`)}
      </form>`}
    ${list.error && html`<${FormError} error=${list.error.message} />`}
    ${!list.data || !ctx.orgs ? !list.error && html`<${Loading} />` : html`
      <p role="status">${list.data.total === 0 ? t("register.none")
        : t("register.showing", { from: number(offset + 1), to: number(offset + list.data.count), total: number(list.data.total) })}</p>
      ${list.data.count > 0 && mayEdit && html`<p class="hint">${t("register.inline.hint")}</p>`}
      ${list.data.count > 0 && html`
        <${TableScroll} label=${t(`kind.${kind.api}`)}><table>
          <thead><tr>${kind.columns.map((c) => html`<th scope="col">${label(kind, c)}</th>`)}</tr></thead>
          <tbody>${list.data[listMember(kind)].map((r) => html`
            <tr>${kind.columns.map((c, i) => i === 0
              ? html`<th scope="row"><${Link} href=${`/${slug}/${r.id}`}>${shown(c, r[c], ctx.orgs)}<//></th>`
              : inlineField(c) ? html`<${InlineCell} key=${`${r.id}-${c}`} kind=${kind} field=${inlineField(c)}
                                                     record=${r} fields=${fields} onSaved=${replaceRow} />`
              : html`<td class=${typeof r[c] === "number" ? "num" : ""}>${shown(c, r[c], ctx.orgs)}</td>`)}
            </tr>`)}
          </tbody>
        </table><//>`}
      <nav class="pager" aria-label=${t("register.pages")}>
        ${offset > 0 && html`<button type="button" class="button small" onClick=${() => go({ fra: Math.max(0, offset - PAGE) || undefined })}>${t("register.previous")}</button>`}
        ${offset + list.data.count < list.data.total && html`<button type="button" class="button small" onClick=${() => go({ fra: offset + PAGE })}>${t("register.next")}</button>`}
      </nav>`}`;
}

// ---- the form ------------------------------------------------------------------------------

/* The input of one field. */
function Input({ kind, field, value, onChange, error, disabled, orgs, refs }) {
  const id = `f-${field.name}`;
  const described = error ? `${id}-error` : undefined;
  const common = { id, name: field.name, disabled, "aria-invalid": error ? "true" : undefined,
                   "aria-describedby": described, required: field.required };
  let input;
  if (field.name === "org_id") {
    input = html`<select ...${common} value=${value || ""} onChange=${(e) => onChange(e.currentTarget.value)}>
      ${[...orgs.values()].map((o) => html`<option value=${o.id}>${o.name}</option>`)}
    </select>`;
  } else if (field.enum) {
    input = html`<select ...${common} value=${value ?? ""} onChange=${(e) => onChange(e.currentTarget.value || null)}>
      ${(!field.required || value === undefined || value === null) && html`<option value="">${t("register.choose")}</option>`}
      ${field.enum.map((v) => html`<option value=${v}>${tOr(`enum.${field.name}.${v}`, v)}</option>`)}
    </select>`;
  } else if (field.type === "boolean") {
    return html`
      <div class=${error ? "field field-error check" : "field check"}>
        ${error && html`<p class="error-text" id=${`${id}-error`}>${error}</p>`}
        <input type="checkbox" ...${common} checked=${Boolean(value)} onChange=${(e) => onChange(e.currentTarget.checked)} />
        <label for=${id}>${label(kind, field.name)}</label>
      </div>`;
  } else if (field.type === "array" && field.refers) {
    const options = refs[field.refers] || [];
    const set = new Set(value || []);
    return html`
      <fieldset class=${error ? "field field-error" : "field"} aria-describedby=${described}>
        <legend>${label(kind, field.name)}</legend>
        ${error && html`<p class="error-text" id=${`${id}-error`}>${error}</p>`}
        ${options.length === 0 && html`<p class="muted small">${t("register.none")}</p>`}
        ${options.map((o) => html`
          <div class="check">
            <input type="checkbox" id=${`${id}-${o.id}`} disabled=${disabled} checked=${set.has(o.id)}
                   onChange=${(e) => {
                     const next = new Set(set);
                     if (e.currentTarget.checked) next.add(o.id); else next.delete(o.id);
                     onChange([...next]);
                   }} />
            <label for=${`${id}-${o.id}`}>${o.label}</label>
          </div>`)}
      </fieldset>`;
  } else if (field.refers) {
    const options = refs[field.refers] || [];
    input = html`<select ...${common} value=${value ?? ""} onChange=${(e) => onChange(e.currentTarget.value ? Number(e.currentTarget.value) : null)}>
      <option value="">${t("register.choose")}</option>
      ${options.map((o) => html`<option value=${o.id}>${o.label}</option>`)}
    </select>`;
  } else if (field.type === "integer" && field.minimum !== undefined && field.maximum !== undefined &&
             field.maximum - field.minimum <= 10) {
    const steps = [];
    for (let v = field.minimum; v <= field.maximum; v++)
      steps.push(v);
    input = html`<select ...${common} value=${value ?? ""} onChange=${(e) => onChange(e.currentTarget.value ? Number(e.currentTarget.value) : null)}>
      <option value="">${t("register.choose")}</option>
      ${steps.map((v) => html`<option value=${v}>${v}</option>`)}
    </select>`;
  } else if (field.type === "integer" || field.type === "number") {
    input = html`<input ...${common} type="text" inputmode=${field.type === "integer" ? "numeric" : "decimal"}
                       value=${value ?? ""} onInput=${(e) => onChange(e.currentTarget.value)} />`;
  } else if (field.format === "date") {
    input = html`<input ...${common} type="date" value=${value ?? ""} onInput=${(e) => onChange(e.currentTarget.value || null)} />`;
  } else if (field.max && field.max > 200) {
    input = html`<textarea ...${common} rows=${field.max > 10000 ? 12 : 4} maxlength=${field.max}
                          onInput=${(e) => onChange(e.currentTarget.value)}>${value ?? ""}</textarea>`;
  } else {
    input = html`<input ...${common} type="text" maxlength=${field.max} value=${value ?? ""}
                       onInput=${(e) => onChange(e.currentTarget.value)} />`;
  }
  return html`
    <div class=${error ? "field field-error" : "field"}>
      <label for=${id}>${label(kind, field.name)}${field.required ? html` <span class="muted">(${t("form.required")})</span>` : ""}</label>
      ${error && html`<p class="error-text" id=${`${id}-error`}>${error}</p>`}
      ${input}
    </div>`;
}

/* The record to send: numbers as numbers (what does not read as one goes as text, for the
 * server to refuse by name), empty optional texts as null. */
function toBody(fields, values) {
  const body = {};
  for (const f of fields) {
    let v = values[f.name];
    if (v === undefined)
      continue;
    if ((f.type === "integer" || f.type === "number") && typeof v === "string") {
      const n = Number(v.replace(",", ".").replace(/\s/g, ""));
      v = v.trim() === "" ? null : Number.isFinite(n) ? n : v;
    }
    if (v === "" && !f.required)
      v = null;
    body[f.name] = v;
  }
  return body;
}

/* {kind: [{id, label}]}: the records the form's references may point at. */
function useRefs(fields, within) {
  const [refs, setRefs] = useState({});
  const kindsNeeded = [...new Set(fields.filter((f) => f.refers && f.refers !== "organisations").map((f) => f.refers))];
  useEffect(() => {
    let live = true;
    Promise.all(kindsNeeded.map((api) => get(withQuery(`/${api}`, { within, limit: 1000, inherited: "true" }))
      .then((d) => [api, d[api.replace(/-/g, "_")].map((r) => ({ id: r.id, label: r.title || r.name || `#${r.id}` }))])
      .catch(() => [api, []])))
      .then((pairs) => live && setRefs(Object.fromEntries(pairs)));
    return () => { live = false; };
  }, [kindsNeeded.join(","), within]);
  return refs;
}

/* The organisations a list of them (an exercise's participants) may name: the user's
 * subtree, and any already named (by their names from the whole tree). */
function orgChoices(ctx, chosen) {
  const out = [...ctx.own.values()].map((o) => ({ id: o.id, label: o.name }));
  for (const id of Array.isArray(chosen) ? chosen : [])
    if (!ctx.own.has(id))
      out.push({ id, label: ctx.orgs.get(id)?.name || id });
  return out;
}

export function RecordForm({ me, slug, id }) {
  const kind = kindBySlug(slug);
  const ctx = useContext(me);
  const isNew = id === "ny";
  const [record, setRecord] = useState(isNew ? {} : null);
  const [loadError, setLoadError] = useState(null);
  const draftKey = `${kind.api}.${id}`;
  const [values, setValues] = useDraft(draftKey, isNew ? { org_id: me.organisation.id } : null);
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (isNew)
      return;
    get(`/${kind.api}/${id}`).then((r) => {
      setRecord(r);
      setValues((v) => v && v.version === r.version ? v : r);   /* a draft of this version */
    }, setLoadError);
  }, [id]);

  const fields = ctx.doc ? fieldsOf(ctx.doc, kind) : [];
  const refs = useRefs(fields, me.organisation.id);
  if (ctx.error || loadError)
    return html`<${FormError} error=${(ctx.error || loadError).message} />`;
  if (!ctx.doc || !ctx.orgs || !record || !values)
    return html`<${Loading} />`;

  const mayWrite = roleReaches(me.role, isNew ? leastRole(ctx.doc, kind, "post")
                                              : leastRole(ctx.doc, kind, "put", true));
  const mayDelete = !isNew && roleReaches(me.role, leastRole(ctx.doc, kind, "delete", true));
  const set = (name) => (v) => setValues({ ...values, [name]: v });

  async function save(event) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const body = toBody(fields, values);
      const saved = isNew ? await api("POST", `/${kind.api}`, body)
                          : await api("PUT", `/${kind.api}/${id}`, { ...body, version: record.version });
      clearDraft(draftKey);
      announce(t("form.saved"));
      navigate(`/${slug}/${saved.id}`, { replace: isNew });
      setRecord(saved);
      setValues(saved);
    } catch (err) {
      setErrors(err.field && fields.some((f) => f.name === err.field.replace(/\[.*$/, ""))
        ? { [err.field.replace(/\[.*$/, "")]: err.message } : { _form: err.message });
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!window.confirm(t("register.delete.confirm", { title: titleOf(kind, record) })))
      return;
    try {
      await api("DELETE", `/${kind.api}/${id}`);
      clearDraft(draftKey);
      announce(t("register.deleted"));
      navigate(`/${slug}`);
    } catch (err) {
      setErrors({ _form: err.message });
    }
  }

  const heading = isNew ? t(`new.${kind.api}`) : titleOf(kind, record);
  return html`
    <p><${Link} href=${`/${slug}`}>← ${t(`kind.${kind.api}`)}<//></p>
    <h1 tabindex="-1">${heading}</h1>
    ${!mayWrite && html`<p class="notice">${t("register.readonly", { role: t(`role.${me.role}`) })}</p>`}
    <form class="record" onSubmit=${save} novalidate>
      <${FormError} error=${errors._form} />
      ${fields.map((f) => kind.api === "scenarios" && f.name === "parameters"
        ? html`<${ParametersEditor} engine=${values.engine} region=${values.region} value=${values.parameters}
                                    onChange=${set("parameters")} error=${errors.parameters}
                                    disabled=${!mayWrite || busy} label=${label(kind, "parameters")} />`
        : html`<${Input} kind=${kind} field=${f} value=${values[f.name]} onChange=${set(f.name)}
                                          error=${errors[f.name]} disabled=${!mayWrite || busy}
                                          orgs=${f.name === "org_id" ? ctx.own : ctx.orgs}
                                          refs=${{ ...refs, organisations: orgChoices(ctx, values[f.name]) }} />`)}
      ${!isNew && html`<p class="muted small">${t("register.version", { version: record.version, updated: date(record.updated_at) })}</p>`}
      ${mayWrite && html`<button type="submit" class="button primary" disabled=${busy}>${busy ? t("form.saving") : t("register.save")}</button>`}
      ${mayDelete && html` <button type="button" class="button danger" onClick=${remove}>${t("register.delete")}</button>`}
    </form>
    ${kind.api === "exercises" && !isNew && html`<${ActionPlan} exercise=${record} />`}`;
}
