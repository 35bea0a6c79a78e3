// parameters.js - a scenario's engine parameters (its INI text) as a form over the engine's
// keys, or as the raw text. The keys, their defaults (the region's shipped figures for surge,
// the profession's values for workforce), units and ranges, and the line where the text sets
// each key or opens each section, come from POST /scenario-keys; the form edits the text line
// by line where the server says, and shows the server's check of the text next to the key it
// names. The app reads no INI itself and checks nothing the server checks.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { t, tOr } from "../i18n.js";
import { number, exact } from "../format.js";
import { html } from "../ui.js";

/* ---- editing the text where the server says ------------------------------------------------- */

/* Moves every line number from `from` on by `by` in answer (a copy being edited). */
function shiftLines(answer, from, by) {
  for (const s of answer.sections) {
    if (s.line !== null && s.line >= from)
      s.line += by;
    for (const k of s.keys)
      if (k.line !== null && k.line >= from)
        k.line += by;
  }
}

/* The text with key keyName of section sectionName set to value ("" takes it out), and a copy
 * of answer (the keys of text) with the lines as the edit left them. */
export function editText(text, answer, sectionName, keyName, value) {
  const next = JSON.parse(JSON.stringify(answer));
  const section = next.sections.find((s) => s.section === sectionName);
  const key = section.keys.find((k) => k.key === keyName);
  const lines = text === "" ? [] : text.split("\n");
  const written = `${keyName} = ${value}`;
  if (key.line !== null && value === "") {
    const at = key.line;
    lines.splice(at - 1, 1);
    key.line = null;
    shiftLines(next, at + 1, -1);
  } else if (key.line !== null) {
    lines[key.line - 1] = written;
  } else if (value === "") {
    return { text, answer };
  } else if (section.line !== null) {
    const at = section.line + 1;
    lines.splice(at - 1, 0, written);
    shiftLines(next, at, 1);
    key.line = at;
  } else {
    while (lines.length && lines[lines.length - 1].trim() === "")
      lines.pop();
    if (lines.length)
      lines.push("");
    lines.push(`[${sectionName}]`);
    section.line = lines.length;
    lines.push(written);
    key.line = lines.length;
    lines.push("");
  }
  key.value = value === "" ? null : value;
  return { text: lines.join("\n"), answer: next };
}

/* ---- how a key is shown --------------------------------------------------------------------- */

/* "1.5" as the text writes it -> "1,5"; other texts (lists, distributions) as they are. */
function shownValue(text) {
  return /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(text) ? exact(Number(text)) : text;
}

/* A number typed with a decimal comma ("1,5") as the text writes it ("1.5"). */
function written(kind, typed) {
  const v = typed.trim();
  return (kind === "number" || kind === "integer") && /^-?\d+,\d+$/.test(v) ? v.replace(",", ".") : v;
}

function unitOf(k) {
  return k.unit === "none" ? "" : t(`param.unit.${k.unit}`);
}

function rangeOf(k) {
  if (k.min === undefined)
    return "";
  return `${k.min_open ? "> " : ""}${exact(k.min)}–${exact(k.max)}`;
}

function sectionTitle(engine, s) {
  if (s.group === "staff")
    return t("param.section.surge.staff", { name: tOr(`param.staff.${s.section.slice(6)}`, s.section.slice(6)) });
  if (s.group === "item")
    return t("param.section.surge.item", { name: s.section.slice(5), unit: s.item_unit });
  return tOr(`param.section.${engine}.${s.section}`, s.section);
}

const fieldId = (path) => `param-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;

/* ---- the editor ------------------------------------------------------------------------------ */

function KeyField({ engine, section, k, ageGroups, error, disabled, onSet }) {
  const id = fieldId(k.path);
  const table = section.group || section.section;
  const hint = [
    `${k.key}`,
    k.default !== undefined ? t("param.default", { value: shownValue(k.default), unit: unitOf(k) }) : "",
    rangeOf(k) && t("param.range", { range: rangeOf(k) }),
    k.kind === "ages" ? t("param.ages", { groups: ageGroups.join(", ") }) : "",
    k.uncertain ? t("param.uncertain") : "",
  ].filter(Boolean).join(" · ");
  const described = `${id}-hint${error ? ` ${id}-error` : ""}`;
  return html`
    <div class=${error ? "field field-error param" : "field param"}>
      <label for=${id}>${tOr(`param.${engine}.${table}.${k.key}`, k.key)}${unitOf(k) && html` <span class="muted">(${unitOf(k)})</span>`}</label>
      <p class="hint" id=${`${id}-hint`}>${hint}</p>
      ${error && html`<p class="error-text" id=${`${id}-error`}>${error}</p>`}
      <input id=${id} type="text" value=${k.value ?? ""} placeholder=${k.default ?? ""} disabled=${disabled}
             inputmode=${k.kind === "number" || k.kind === "integer" ? "decimal" : undefined}
             aria-describedby=${described} aria-invalid=${error ? "true" : undefined}
             onChange=${(e) => onSet(written(k.kind, e.currentTarget.value))} />
    </div>`;
}

/* The parameters field of a scenario: value is the text, onChange gets the new text; error is
 * the server's refusal of the whole record for this field, if any. */
export function ParametersEditor({ engine, region, value, onChange, error, disabled, label }) {
  const text = value || "";
  const [mode, setMode] = useState("form");
  const [keys, setKeys] = useState(null);          /* {text, data}: the keys of that text */
  const [keysError, setKeysError] = useState(null);

  useEffect(() => {
    if (!engine)
      return undefined;
    let live = true;
    const timer = setTimeout(() => {
      api("POST", "/scenario-keys", { engine, parameters: text, region: engine === "surge" && region ? region : null })
        .then((data) => { if (live) { setKeys({ text, engine, region, data }); setKeysError(null); } },
              (err) => live && setKeysError(err));
    }, keys ? 300 : 0);
    return () => { live = false; clearTimeout(timer); };
  }, [engine, region, text]);

  /* the keys describe this text, engine and region (not an older one's) */
  const fresh = keys && keys.text === text && keys.engine === engine && keys.region === region;
  const check = fresh && keys.data.error;
  const textArea = html`
    <label for="f-parameters">${t("param.text.label")}</label>
    <textarea id="f-parameters" name="parameters" rows="14" maxlength="65536" disabled=${disabled}
              class="mono" aria-describedby=${check || error ? "f-parameters-error" : undefined}
              aria-invalid=${check || error ? "true" : undefined}
              onInput=${(e) => onChange(e.currentTarget.value)}>${text}</textarea>`;
  const topError = error || (check && (mode === "text" || !check.key) ? check.message : null);

  function set(section, key, v) {
    if (!fresh)
      return;                                        /* wait for the keys of this text */
    const next = editText(text, keys.data, section, key, v);
    setKeys({ ...keys, text: next.text, data: next.answer });
    onChange(next.text);
  }

  return html`
    <fieldset class=${topError ? "field field-error params" : "field params"}>
      <legend>${label}</legend>
      ${topError && html`<p class="error-text" id="f-parameters-error">${topError}</p>`}
      ${keysError && html`<p class="error-text">${keysError.message}</p>`}
      ${!engine ? html`<p class="hint">${t("param.no_engine")}</p>${textArea}` : html`
        <div class="mode-switch" role="group" aria-label=${t("param.mode")}>
          <button type="button" class="button small" aria-pressed=${mode === "form" ? "true" : "false"}
                  onClick=${() => setMode("form")}>${t("param.mode.form")}</button>
          <button type="button" class="button small" aria-pressed=${mode === "text" ? "true" : "false"}
                  onClick=${() => setMode("text")}>${t("param.mode.text")}</button>
        </div>
        ${mode === "text" ? html`<p class="hint">${t("param.text.hint")}</p>${textArea}` : !fresh ? html`<p>${t("app.loading")}</p>` : html`
          <p class="hint">${t(`param.form.hint.${engine}`, { region: keys.data.region ? keys.data.region.name : "", profession: keys.data.profession || t("param.no_profession") })}</p>
          ${keys.data.sections.filter((s) => s.keys.length > 0).map((s) => {
            const set_ = s.keys.filter((k) => k.value !== null).length;
            const faulty = check && check.key && check.key.startsWith(`${s.section}.`);
            return html`
              <details class="param-section" open=${set_ > 0 || faulty}>
                <summary>${sectionTitle(engine, s)}${set_ > 0 && html` <span class="muted">(${t("param.set", { n: number(set_) })})</span>`}</summary>
                ${s.keys.map((k) => html`<${KeyField} engine=${engine} section=${s} k=${k} ageGroups=${keys.data.age_groups || []}
                                                     disabled=${disabled} error=${check && check.key === k.path ? check.message : null}
                                                     onSet=${(v) => set(s.section, k.key, v)} />`)}
              </details>`;
          })}`}`}
    </fieldset>`;
}
