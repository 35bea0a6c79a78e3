// static.js - the pages without data of their own: the draft accessibility statement
// (/tilgjengelighet, readable without logging in), the register's index of record kinds, and
// the page for an address the app does not have.
import { t } from "../i18n.js";
import { html, Link } from "../ui.js";
import { kinds } from "../kinds.js";

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

/* The register: every record kind, grouped as the preparedness cycle goes. */
const groups = [
  ["register.group.risk", ["ros", "scenarier", "planforutsetninger"]],
  ["register.group.plans", ["planer", "ovelser", "evalueringer", "laeringspunkter"]],
  ["register.group.resources", ["kapasitet", "lagre", "reserver"]],
  ["register.group.situation", ["situasjonsrapporter"]],
];

export function RegisterIndex() {
  return html`
    <h1 tabindex="-1">${t("nav.register")}</h1>
    <div class="cards">
      ${groups.map(([key, slugs]) => html`
        <section class="card" aria-labelledby=${key}>
          <h2 id=${key}>${t(key)}</h2>
          <ul>${slugs.map((slug) => {
            const kind = kinds.find((k) => k.slug === slug);
            return html`<li><${Link} href=${`/${slug}`}>${t(`kind.${kind.api}`)}<//></li>`;
          })}</ul>
        </section>`)}
    </div>`;
}
