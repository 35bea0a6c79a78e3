// transfer.js - records in and out of spreadsheets: the import of a kind's records from a CSV
// file (read with Papa Parse: comma or semicolon, quoted fields, a header row naming the
// fields) or the first sheet of an XLSX workbook (read-excel-file, loaded only then) with a
// preview, a check of every row by the server (POST /<kind>/import with
// dry_run) whose errors name row and column, and the import itself only once the whole file
// passes. (The export is the server's: GET /<kind>/export as CSV or XLSX.) Values are sent as
// the file has them, numbers read with a comma or a dot for decimals; what they mean is the
// server's to decide.
import { useEffect, useRef, useState } from "preact/hooks";
import Papa from "papaparse";
import { api } from "../api.js";
import { t, tOr, tables } from "../i18n.js";
import { number } from "../format.js";
import { html, Link, FormError, Loading, TableScroll, announce } from "../ui.js";
import { kindBySlug } from "../kinds.js";
import { loadSchemas, fieldsOf } from "../schemas.js";
import { label } from "./register.js";

const PREVIEW_ROWS = 20;

/* The field a column header names: the field's own name, or its label in either language. */
function fieldOfHeader(kind, fields, header) {
  const h = header.trim().toLowerCase();
  if (!h)
    return null;                             /* a blank header names no field */
  return fields.find((f) => f.name === h || labelsOf(kind, f.name).includes(h)) || null;
}

function labelsOf(kind, name) {
  return Object.values(tables).map((table) =>
    (table[`field.${kind.api}.${name}`] || table[`field.${name}`] || "").toLowerCase());
}

/* The file's text: UTF-8 (with or without a byte-order mark), else Windows-1252, which
 * spreadsheets on Windows write, so that æ, ø and å arrive as they were typed. */
async function fileText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/* A cell as the JSON value of its field: numbers with a comma or a dot (and spaces between
 * groups), booleans as ja/nei/true/false, lists split on "," or ";"; "" leaves it out. What
 * does not read goes as the text, for the server to name. */
function cellValue(field, text) {
  const v = (text ?? "").trim();
  if (v === "")
    return undefined;
  if (field.type === "integer" || field.type === "number") {
    /* digits with spaces between groups, a comma or a dot for decimals, either minus sign */
    const plain = v.replace(/[\s\u00a0\u202f]/g, "").replace("\u2212", "-");
    return /^[-+]?\d+([.,]\d+)?$/.test(plain) ? Number(plain.replace(",", ".")) : v;
  }
  if (field.format === "date") {
    const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);             /* 03.11.2026, as shown */
    return m ? `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}` : v;
  }
  if (field.type === "boolean") {
    const b = v.toLowerCase();
    return ["ja", "yes", "true", "1"].includes(b) ? true : ["nei", "no", "false", "0"].includes(b) ? false : v;
  }
  if (field.type === "array")
    return v.split(/[;,]/).map((x) => x.trim()).filter(Boolean).map((x) => (/^\d+$/.test(x) && field.refers !== "organisations" ? Number(x) : x));
  return v;
}

/* A workbook's cell as the JSON value of its field: numbers, booleans and dates as the sheet
 * typed them, texts read as a CSV's cells are. */
function sheetValue(field, cell) {
  if (cell === null || cell === undefined)
    return undefined;
  if (cell instanceof Date)
    return field.format === "date" ? cell.toISOString().slice(0, 10) : cell.toISOString();
  if (typeof cell === "number" && (field.type === "integer" || field.type === "number"))
    return cell;
  if (typeof cell === "boolean" && field.type === "boolean")
    return cell;
  return cellValue(field, String(cell));
}

/* What the preview and the check need of a file read as headers and rows of cells: the
 * records (members named by the headers), the headers that name no field and the reader's
 * complaints. */
function fileOf(kind, fields, name, headers, cells, value, problems) {
  const unknown = headers.filter((h) => h.trim() && !fieldOfHeader(kind, fields, h));
  const rows = cells.map((raw) => {
    const rec = {};
    headers.forEach((h, i) => {
      const f = fieldOfHeader(kind, fields, h);
      const v = f ? value(f, raw[i]) : undefined;
      if (f && v !== undefined)
        rec[f.name] = v;
    });
    return rec;
  });
  return { name, headers, rows, unknown, problems };
}

const isWorkbook = (file) => /\.xlsx$/i.test(file.name) ||
  file.type === "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function Import({ me, slug }) {
  const kind = kindBySlug(slug);
  const [doc, setDoc] = useState(null);
  const [file, setFile] = useState(null);      /* {name, headers, rows (objects), unknown} */
  const [checked, setChecked] = useState(null); /* {ok, errors} */
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(null);
  const fileToken = useRef(0);                  /* which file a check's answer is for */
  useEffect(() => { loadSchemas().then(setDoc, setError); }, []);
  if (!doc)
    return html`<h1 tabindex="-1">${t("import.title", { kind: t(`kind.${kind.api}`) })}</h1>${error ? html`<${FormError} error=${error.message} />` : html`<${Loading} />`}`;
  const fields = fieldsOf(doc, kind);

  async function read(event) {
    const chosen = event.currentTarget.files[0];
    fileToken.current += 1;
    setChecked(null);
    setDone(null);
    setError(null);
    if (!chosen)
      return;
    const token = fileToken.current;
    const show = (next) => token === fileToken.current && setFile(next);
    if (isWorkbook(chosen)) {
      try {
        const { readSheet } = await import("/assets/xlsx.js");
        const sheet = (await readSheet(chosen)).filter((row) => row.some((c) => c !== null && c !== ""));
        const headers = (sheet[0] || []).map((h) => (h === null ? "" : String(h)));
        show(fileOf(kind, fields, chosen.name, headers, sheet.slice(1), sheetValue, []));
      } catch (err) {
        if (token === fileToken.current)
          setError({ message: t("import.xlsx_error", { file: chosen.name, message: err.message }) });
      }
      return;
    }
    Papa.parse(await fileText(chosen), {
      header: true, skipEmptyLines: "greedy",
      complete: (result) => {
        const head = result.meta.fields || [];
        const cells = result.data.map((raw) => head.map((h) => raw[h]));
        const problems = result.errors.map((e) => t("import.parse_error", { row: number((e.row ?? 0) + 1), message: tOr(`import.papa.${e.code}`, e.message) }));
        show(fileOf(kind, fields, chosen.name, head, cells, cellValue, problems));
      },
      error: (e) => setError(e),
    });
  }

  async function send(dryRun) {
    setBusy(true);
    setError(null);
    const forFile = fileToken.current;
    try {
      const answer = await api("POST", `/${kind.api}/import`, { rows: file.rows, dry_run: dryRun });
      if (forFile !== fileToken.current)
        return;                          /* another file was chosen meanwhile */
      if (dryRun) {
        setChecked({ ok: true, errors: [] });
        announce(t("import.valid", { rows: number(answer.rows) }));
      } else {
        setDone(answer);
        announce(t("import.done", { rows: number(answer.created) }));
      }
    } catch (err) {
      if (err.status === 422 && err.rows) {
        setChecked({ ok: false, errors: err.rows });
        announce(t("import.invalid", { count: number(err.rows.length) }));
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  }

  const byRow = new Map();
  for (const e of (checked && checked.errors) || [])
    byRow.set(e.row, [...(byRow.get(e.row) || []), e]);
  const shown = file ? file.rows.slice(0, PREVIEW_ROWS) : [];
  const columns = file ? file.headers.map((h) => fieldOfHeader(kind, fields, h)).filter(Boolean) : [];
  return html`
    <p><${Link} href=${`/${slug}`}>← ${t(`kind.${kind.api}`)}<//></p>
    <h1 tabindex="-1">${t("import.title", { kind: t(`kind.${kind.api}`) })}</h1>
    <p>${t("import.intro")}</p>
    <p class="muted small">${t("import.columns")}: ${fields.map((f) => f.name).join(", ")}</p>
    <div class="field">
      <label for="import-file">${t("import.file")}</label>
      <input id="import-file" type="file" accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange=${read} disabled=${busy} />
    </div>
    <${FormError} error=${error && error.message} />
    ${file && html`
      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">${t("import.preview", { name: file.name, rows: number(file.rows.length) })}</h2>
        ${file.unknown.length > 0 && html`<p class="form-error">${t("import.unknown", { columns: file.unknown.join(", ") })}</p>`}
        ${file.problems.length > 0 && html`<ul class="form-error">${file.problems.map((p) => html`<li>${p}</li>`)}</ul>`}
        <${TableScroll} label=${t("import.preview.label")}><table class="import-preview">
          <thead><tr><th scope="col">${t("import.row")}</th>${columns.map((f) => html`<th scope="col">${f.name}</th>`)}</tr></thead>
          <tbody>${shown.map((r, i) => {
            const errs = byRow.get(i + 1) || [];
            return html`
              <tr class=${errs.length ? "row-error" : ""}>
                <th scope="row">${number(i + 1)}</th>
                ${columns.map((f) => {
                  const e = errs.find((x) => x.field.replace(/\[.*$/, "") === f.name);
                  return html`<td class=${e ? "cell-error" : ""}>${r[f.name] === undefined ? "" : String(r[f.name])}${e ? html`<span class="visually-hidden"> (${t("import.error")})</span>` : ""}</td>`;
                })}
              </tr>`;
          })}</tbody>
        </table><//>
        ${file.rows.length > PREVIEW_ROWS && html`<p class="muted small">${t("import.more", { rows: number(file.rows.length - PREVIEW_ROWS) })}</p>`}
        ${checked && !checked.ok && html`
          <div class="form-error" role="alert">
            <p>${t("import.invalid", { count: number(checked.errors.length) })}</p>
            <ul>${checked.errors.map((e) => html`<li>${t("import.row_error", { row: number(e.row), column: e.field || "–", message: e.message })}</li>`)}</ul>
          </div>`}
        ${checked && checked.ok && !done && html`<p class="success">${t("import.valid", { rows: number(file.rows.length) })}</p>`}
        ${done && html`<p class="success">${t("import.done", { rows: number(done.created) })} <${Link} href=${`/${slug}`}>${t("import.to_list")}<//></p>`}
        ${!done && html`
          <p>
            <button type="button" class="button" disabled=${busy || file.rows.length === 0} onClick=${() => send(true)}>${t("import.check")}</button>
            ${" "}<button type="button" class="button primary" disabled=${busy || !(checked && checked.ok)} onClick=${() => send(false)}>
              ${t("import.confirm", { rows: number(file.rows.length) })}</button>
          </p>`}
      </section>`}`;
}
