// account.js - my account: who I am (GET /me), changing my password with the old one
// (PUT /me/password; the server says whether the new one will do) and logging out everywhere
// (DELETE /me/sessions).
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { dateTime } from "../format.js";
import { html, Field, FormError, Section, announce, fieldErrors } from "../ui.js";

function PasswordForm() {
  const [old, setOld] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [errors, setErrors] = useState({});
  const [saved, setSaved] = useState(false);

  async function submit(event) {
    event.preventDefault();
    setSaved(false);
    if (next !== repeat) {
      setErrors({ repeat: t("account.password.mismatch") });
      return;
    }
    try {
      await api("PUT", "/me/password", { old_password: old, new_password: next });
      setOld(""); setNext(""); setRepeat(""); setErrors({});
      setSaved(true);
      announce(t("account.password.saved"));
    } catch (err) {
      const e = fieldErrors(err);
      setErrors({ old: e.old_password, next: e.new_password, _form: e._form });
    }
  }

  return html`
    <form onSubmit=${submit} novalidate>
      <${FormError} error=${errors._form} />
      <${Field} id="old" label=${t("account.password.old")} type="password" value=${old}
                onInput=${setOld} error=${errors.old} autocomplete="current-password" />
      <${Field} id="next" label=${t("account.password.new")} type="password" value=${next}
                onInput=${setNext} error=${errors.next} autocomplete="new-password" />
      <${Field} id="repeat" label=${t("account.password.repeat")} type="password"
                value=${repeat} onInput=${setRepeat} error=${errors.repeat}
                autocomplete="new-password" />
      <button type="submit" class="button primary">${t("account.password.submit")}</button>
      ${saved && html`<p class="success">${t("account.password.saved")}</p>`}
    </form>`;
}

export function Account({ me, onLoggedOut }) {
  const [error, setError] = useState(null);

  async function endSessions() {
    try {
      await api("DELETE", "/me/sessions");
      onLoggedOut();
    } catch (err) {
      setError(err.message);
    }
  }

  return html`
    <h1 tabindex="-1">${t("account.title")}</h1>
    <dl class="facts">
      <dt>${t("account.user")}</dt><dd>${me.user.name}</dd>
      <dt>${t("account.organisation")}</dt><dd>${me.organisation.name || me.organisation.id}</dd>
      <dt>${t("account.role")}</dt><dd>${t(`role.${me.role}`)}</dd>
      <dt>${t("account.session_ends")}</dt><dd>${dateTime(me.session_expires_at)}</dd>
    </dl>
    <div class="cards">
      <${Section} id="password" title=${t("account.password.title")}>
        <${PasswordForm} />
      <//>
      <${Section} id="sessions" title=${t("account.sessions.title")}>
        <p>${t("account.sessions.intro")}</p>
        <${FormError} error=${error} />
        <button type="button" class="button" onClick=${endSessions}>
          ${t("account.sessions.submit")}
        </button>
      <//>
    </div>`;
}
