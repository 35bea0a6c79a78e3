// ui.js - the pieces every screen is made of: html (htm bound to Preact), a link that stays in
// the app, a form field with its label, hint and the server's error for it, a form-level error,
// a section with a heading, and announce() for status messages that screen readers read out
// ("Lagret") through one polite live region.
import { h } from "preact";
import htm from "htm";
import { linkClick } from "./router.js";
import { t } from "./i18n.js";

export const html = htm.bind(h);

export function Link({ href, children, ...rest }) {
  return html`<a href=${href} onClick=${linkClick} ...${rest}>${children}</a>`;
}

/* A labelled input. error (a string) is shown under it and tied to it for screen readers. */
export function Field({ id, label, hint, error, type = "text", value, onInput, ...rest }) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean).join(" ") || undefined;
  return html`
    <div class=${error ? "field field-error" : "field"}>
      <label for=${id}>${label}</label>
      ${hint && html`<p class="hint" id=${`${id}-hint`}>${hint}</p>`}
      ${error && html`<p class="error-text" id=${`${id}-error`}>${error}</p>`}
      <input id=${id} name=${id} type=${type} value=${value}
             onInput=${(e) => onInput(e.currentTarget.value)}
             aria-invalid=${error ? "true" : undefined} aria-describedby=${described}
             ...${rest} />
    </div>`;
}

/* An error of the whole form (no field named), read out at once. */
export function FormError({ error }) {
  if (!error)
    return null;
  return html`<div class="form-error" role="alert"><p>${error}</p></div>`;
}

export function Section({ title, id, children, className = "" }) {
  const headingId = `${id}-heading`;
  return html`
    <section class=${`card ${className}`} id=${id} aria-labelledby=${headingId}>
      <h2 id=${headingId}>${title}</h2>
      ${children}
    </section>`;
}

/* The error of an API call, or of a field the server named: {field: message} for the form. */
export function fieldErrors(err) {
  if (!err)
    return {};
  return err.field ? { [err.field]: err.message } : { _form: err.message };
}

let region = null;

/* Reads message out in the status region (polite: after what is being read). */
export function announce(message) {
  if (!region)
    region = document.getElementById("status");
  if (!region)
    return;
  region.textContent = "";
  setTimeout(() => { region.textContent = message; }, 50);
}

/* A table too wide for a narrow screen scrolls inside this region, which the keyboard can
 * reach (tabindex) and a screen reader names (label). */
export function TableScroll({ label, children }) {
  return html`<div class="table-scroll" role="region" aria-label=${label} tabindex="0">${children}</div>`;
}

export function Loading() {
  return html`<p class="loading">${t("app.loading")}</p>`;
}
