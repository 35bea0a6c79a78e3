// login.js - the login screen: user name and password (POST /login), then the user's page.
// The server's message (a wrong password, a throttled login with its wait) is shown as it is.
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { html, Field, FormError } from "../ui.js";

export function Login({ onLoggedIn, notice }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api("POST", "/login", { username, password });
      await onLoggedIn(answer.csrf_token);
    } catch (err) {
      setError(err.message);
      setBusy(false);
    }
  }

  return html`
    <div class="narrow">
      <h1 tabindex="-1">${t("login.title")}</h1>
      ${notice && html`<p class="notice" role="status">${notice}</p>`}
      <p>${t("login.intro")}</p>
      <form onSubmit=${submit} novalidate>
        <${FormError} error=${error} />
        <${Field} id="username" label=${t("login.username")} value=${username}
                  onInput=${setUsername} autocomplete="username" required />
        <${Field} id="password" label=${t("login.password")} type="password" value=${password}
                  onInput=${setPassword} autocomplete="current-password" required />
        <button type="submit" class="button primary" disabled=${busy}>
          ${busy ? t("login.busy") : t("login.submit")}
        </button>
      </form>
    </div>`;
}
