// static.js - the pages without data: the draft accessibility statement (/tilgjengelighet,
// readable without logging in) and the page for an address the app does not have.
import { t } from "../i18n.js";
import { html, Link } from "../ui.js";

export function Accessibility() {
  return html`
    <div class="narrow">
      <h1 tabindex="-1">${t("a11y.title")}</h1>
      <p class="notice">${t("a11y.draft")}</p>
      <p>${t("a11y.intro")}</p>
      <h2>${t("a11y.tested.title")}</h2>
      <ul>
        <li>${t("a11y.tested.axe")}</li>
        <li>${t("a11y.tested.keyboard")}</li>
        <li>${t("a11y.tested.reflow")}</li>
        <li>${t("a11y.tested.tables")}</li>
      </ul>
      <h2>${t("a11y.known.title")}</h2>
      <p>${t("a11y.known.text")}</p>
      <h2>${t("a11y.contact.title")}</h2>
      <p>${t("a11y.contact.text")}</p>
    </div>`;
}

export function NotFound({ path }) {
  return html`
    <div class="narrow">
      <h1 tabindex="-1">${t("notfound.title")}</h1>
      <p>${t("notfound.text", { path })}</p>
      <p><${Link} href="/">${t("notfound.home")}<//></p>
    </div>`;
}
