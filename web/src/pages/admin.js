// admin.js - the screens of administration: Brukere (admins: the users of their subtree;
// create one with a first password, change role or organisation, disable and enable, set a new
// password - GET/POST /users, PATCH /users/{id}, POST /users/{id}/password) and Endringslogg
// (planners and admins: every change of the subtree, filtered by entity and id, with what a
// record was before and after side by side - GET /audit). The server decides who may do what;
// its message is shown next to the field it names.
import { useEffect, useState } from "preact/hooks";
import { api, get, withQuery } from "../api.js";
import { t, tOr } from "../i18n.js";
import { number, dateTime } from "../format.js";
import { currentQuery, navigate } from "../router.js";
import { html, Field, FormError, Loading, TableScroll, Section, announce, fieldErrors } from "../ui.js";
import { kinds } from "../kinds.js";

const ROLES = ["viewer", "contributor", "planner", "admin"];

function useOrgs(me) {
  const [orgs, setOrgs] = useState(null);
  useEffect(() => {
    get(withQuery("/organisations", { within: me.organisation.id })).then((d) => setOrgs(d.organisations), () => setOrgs([]));
  }, [me.organisation.id]);
  return orgs;
}

function OrgSelect({ id, value, onChange, orgs, error }) {
  return html`
    <div class=${error ? "field field-error" : "field"}>
      <label for=${id}>${t("field.org_id")}</label>
      ${error && html`<p class="error-text" id=${`${id}-error`}>${error}</p>`}
      <select id=${id} value=${value} onChange=${(e) => onChange(e.currentTarget.value)}
              aria-invalid=${error ? "true" : undefined} aria-describedby=${error ? `${id}-error` : undefined}>
        ${orgs.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
      </select>
    </div>`;
}

function RoleSelect({ id, value, onChange, error }) {
  return html`
    <div class=${error ? "field field-error" : "field"}>
      <label for=${id}>${t("account.role")}</label>
      ${error && html`<p class="error-text" id=${`${id}-error`}>${error}</p>`}
      <select id=${id} value=${value} onChange=${(e) => onChange(e.currentTarget.value)}
              aria-invalid=${error ? "true" : undefined} aria-describedby=${error ? `${id}-error` : undefined}>
        ${ROLES.map((r) => html`<option value=${r}>${t(`role.${r}`)}</option>`)}
      </select>
    </div>`;
}

function NewUser({ me, orgs, onCreated }) {
  const [name, setName] = useState("");
  const [org, setOrg] = useState(me.organisation.id);
  const [role, setRole] = useState("viewer");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState({});
  async function submit(event) {
    event.preventDefault();
    setErrors({});
    try {
      const u = await api("POST", "/users", { name, org_id: org, role, password });
      setName(""); setPassword("");
      announce(t("users.created", { name: u.name }));
      onCreated();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  return html`
    <form onSubmit=${submit} novalidate>
      <${FormError} error=${errors._form} />
      <${Field} id="new-name" label=${t("users.name")} hint=${t("users.name.hint")} value=${name} onInput=${setName} error=${errors.name} autocomplete="off" />
      <${OrgSelect} id="new-org" value=${org} onChange=${setOrg} orgs=${orgs} error=${errors.org_id} />
      <${RoleSelect} id="new-role" value=${role} onChange=${setRole} error=${errors.role} />
      <${Field} id="new-password" label=${t("users.password.first")} type="password" value=${password} onInput=${setPassword} error=${errors.password} autocomplete="new-password" />
      <button type="submit" class="button primary">${t("users.create")}</button>
    </form>`;
}

function UserRow({ user, orgs, onChanged }) {
  const [role, setRole] = useState(user.role);
  const [org, setOrg] = useState(user.org_id);
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState({});
  async function save(changes) {
    setErrors({});
    try {
      await api("PATCH", `/users/${user.id}`, changes);
      announce(t("form.saved"));
      onChanged();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  async function reset(event) {
    event.preventDefault();
    setErrors({});
    try {
      await api("POST", `/users/${user.id}/password`, { password });
      setPassword("");
      announce(t("users.password.set", { name: user.name }));
    } catch (err) {
      const e = fieldErrors(err);
      setErrors({ password: e.password || e._form });
    }
  }
  const p = `u${user.id}`;
  return html`
    <${Section} id=${`user-${user.id}`} title=${`${user.name}${user.disabled ? ` (${t("users.disabled")})` : ""}`}>
      <${FormError} error=${errors._form} />
      <${RoleSelect} id=${`${p}-role`} value=${role} onChange=${setRole} error=${errors.role} />
      <${OrgSelect} id=${`${p}-org`} value=${org} onChange=${setOrg} orgs=${orgs} error=${errors.org_id} />
      <p>
        <button type="button" class="button small" onClick=${() => save({ role, org_id: org })}>${t("register.save")}</button>
        ${" "}<button type="button" class="button small" onClick=${() => save({ disabled: !user.disabled })}>
          ${user.disabled ? t("users.enable") : t("users.disable")}</button>
      </p>
      <form onSubmit=${reset} novalidate>
        <${Field} id=${`${p}-password`} label=${t("users.password.new")} type="password" value=${password}
                  onInput=${setPassword} error=${errors.password} autocomplete="new-password" />
        <button type="submit" class="button small">${t("users.password.submit")}</button>
      </form>
    <//>`;
}

export function Users({ me }) {
  const orgs = useOrgs(me);
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  const load = () => get(withQuery("/users", { within: me.organisation.id, limit: 1000 })).then(setList, setError);
  useEffect(() => { load(); }, []);
  if (error)
    return html`<h1 tabindex="-1">${t("users.title")}</h1><${FormError} error=${error.message} />`;
  if (!list || !orgs)
    return html`<h1 tabindex="-1">${t("users.title")}</h1><${Loading} />`;
  const orgName = (id) => orgs.find((o) => o.id === id)?.name || id;
  return html`
    <h1 tabindex="-1">${t("users.title")}</h1>
    <p>${t("users.count", { count: number(list.total) })}</p>
    <${TableScroll} label=${t("users.title")}><table>
      <thead><tr><th scope="col">${t("users.name")}</th><th scope="col">${t("field.org_id")}</th>
        <th scope="col">${t("account.role")}</th><th scope="col">${t("users.state")}</th></tr></thead>
      <tbody>${list.users.map((u) => html`
        <tr><th scope="row"><a href=${`#user-${u.id}`}>${u.name}</a></th><td>${orgName(u.org_id)}</td>
          <td>${t(`role.${u.role}`)}</td><td>${u.disabled ? t("users.disabled") : t("users.active")}</td></tr>`)}
      </tbody>
    </table><//>
    <div class="cards">
      <${Section} id="new-user" title=${t("users.new")}>
        <${NewUser} me=${me} orgs=${orgs} onCreated=${load} />
      <//>
      ${list.users.map((u) => html`<${UserRow} key=${`${u.id}-${u.role}-${u.org_id}-${u.disabled}`} user=${u} orgs=${orgs} onChanged=${load} />`)}
    </div>`;
}

// ---- the audit log -------------------------------------------------------------------------

const PAGE = 50;

/* An audit row's entity ("learning-point", "user") in words. */
function entityName(entity) {
  const kind = kinds.find((k) => k.schema === entity || k.api === entity);
  return kind ? t(`kind.${kind.api}`) : entity === "user" ? t("users.title") : entity;
}

/* The members of before and after, side by side, those that differ marked. */
function Change({ row }) {
  const keys = [...new Set([...Object.keys(row.before || {}), ...Object.keys(row.after || {})])]
    .filter((k) => !["created_at", "updated_at"].includes(k));
  const show = (v) => v === undefined || v === null ? "–" : typeof v === "object" ? JSON.stringify(v) : String(v);
  return html`
    <details>
      <summary>${t("audit.details")}</summary>
      <table class="diff">
        <thead><tr><th scope="col">${t("audit.member")}</th><th scope="col">${t("audit.before")}</th><th scope="col">${t("audit.after")}</th></tr></thead>
        <tbody>${keys.map((k) => {
          const b = show(row.before && row.before[k]), a = show(row.after && row.after[k]);
          return html`<tr class=${a !== b ? "changed" : ""}><th scope="row">${k}</th><td>${b}</td><td>${a}${a !== b ? html` <span class="visually-hidden">(${t("audit.changed")})</span>` : ""}</td></tr>`;
        })}</tbody>
      </table>
    </details>`;
}

/* A day (YYYY-MM-DD) at a time of day in the browser's time zone (Norwegian time for the
 * users klar has) as the UTC instant the API takes ("2026-12-03T23:00:00Z"); undefined for "". */
function osloInstant(day, time) {
  if (!day)
    return undefined;
  const at = new Date(`${day}T${time}`);
  return Number.isNaN(at.getTime()) ? day : at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function Audit({ me }) {
  const q = currentQuery();
  const entity = q.get("entity") || "";
  const entityId = q.get("id") || "";
  const user = q.get("bruker") || "";
  const fromDay = q.get("fom") || "";
  const toDay = q.get("tom") || "";
  const offset = Number(q.get("fra") || 0);
  const [state, setState] = useState({ data: null, error: null });
  const path = withQuery("/audit", { within: me.organisation.id, entity, entity_id: entityId, user,
                                     from: osloInstant(fromDay, "00:00:00"), to: osloInstant(toDay, "23:59:59"),
                                     limit: PAGE, offset });
  useEffect(() => {
    let live = true;
    setState({ data: null, error: null });
    get(path).then((data) => live && setState({ data, error: null }), (error) => live && setState({ data: null, error }));
    return () => { live = false; };
  }, [path]);
  const go = (changes) => navigate(withQuery("/logg", { entity: entity || undefined, id: entityId || undefined,
    bruker: user || undefined, fom: fromDay || undefined, tom: toDay || undefined, fra: offset || undefined, ...changes }));
  const submit = (e) => {
    e.preventDefault();
    const f = e.currentTarget.elements;
    go({ id: f["audit-id"].value || undefined, bruker: f["audit-user"].value.trim() || undefined,
         fom: f["audit-from"].value || undefined, tom: f["audit-to"].value || undefined, fra: undefined });
  };
  const d = state.data;
  return html`
    <h1 tabindex="-1">${t("audit.title")}</h1>
    <form class="filters" onSubmit=${submit}>
      <div class="field">
        <label for="audit-entity">${t("audit.entity")}</label>
        <select id="audit-entity" value=${entity} onChange=${(e) => go({ entity: e.currentTarget.value || undefined, fra: undefined })}>
          <option value="">${t("register.all")}</option>
          ${kinds.map((k) => html`<option value=${k.api}>${t(`kind.${k.api}`)}</option>`)}
          <option value="users">${t("users.title")}</option>
        </select>
      </div>
      <div class="field">
        <label for="audit-id">${t("audit.entity_id")}</label>
        <input id="audit-id" name="audit-id" inputmode="numeric" value=${entityId} />
      </div>
      <div class="field">
        <label for="audit-user">${t("audit.user")}</label>
        <input id="audit-user" name="audit-user" autocomplete="off" value=${user} />
      </div>
      <div class="field">
        <label for="audit-from">${t("audit.from")}</label>
        <input id="audit-from" name="audit-from" type="date" value=${fromDay} />
      </div>
      <div class="field">
        <label for="audit-to">${t("audit.to")}</label>
        <input id="audit-to" name="audit-to" type="date" value=${toDay} />
      </div>
      <div class="field"><span class="label-space" aria-hidden="true">${"\u00a0"}</span><button type="submit" class="button small">${t("audit.filter")}</button></div>
    </form>
    ${state.error && html`<${FormError} error=${state.error.message} />`}
    ${!d ? !state.error && html`<${Loading} />` : html`
      <p role="status">${d.total === 0 ? t("register.none") : t("register.showing", { from: number(offset + 1), to: number(offset + d.count), total: number(d.total) })}</p>
      <${TableScroll} label=${t("audit.title")}><table>
        <thead><tr><th scope="col">${t("audit.at")}</th><th scope="col">${t("audit.user")}</th><th scope="col">${t("audit.action")}</th>
          <th scope="col">${t("audit.entity")}</th><th scope="col">${t("field.org_id")}</th><th scope="col">${t("audit.change")}</th></tr></thead>
        <tbody>${d.audit.map((r) => html`
          <tr>
            <th scope="row">${dateTime(new Date(r.at))}</th>
            <td>${r.user || "–"}</td>
            <td>${tOr(`audit.action.${r.action}`, r.action)}</td>
            <td>${entityName(r.entity)} ${r.entity_id}</td>
            <td>${r.org_id || "–"}</td>
            <td><${Change} row=${r} /></td>
          </tr>`)}
        </tbody>
      </table><//>
      <nav class="pager" aria-label=${t("register.pages")}>
        ${offset > 0 && html`<button type="button" class="button small" onClick=${() => go({ fra: Math.max(0, offset - PAGE) || undefined })}>${t("register.previous")}</button>`}
        ${offset + d.count < d.total && html`<button type="button" class="button small" onClick=${() => go({ fra: offset + PAGE })}>${t("register.next")}</button>`}
      </nav>`}`;
}
