// i18n.js - the language of the app: bokmål by default, English by the switch, remembered in
// localStorage. t(key, values) gives the text of key in the current language with {name}
// filled from values; a key missing from the table is logged as an error (the browser tests
// fail on console errors) and shown as the key.
import nb from "./lang/nb.js";
import en from "./lang/en.js";

export const tables = { nb, en };
const STORAGE_KEY = "klar.lang";

function stored() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

let current = stored() === "en" ? "en" : "nb";

export function lang() {
  return current;
}

/* Sets and remembers the language and the document's lang attribute. */
export function setLang(next) {
  current = next === "en" ? "en" : "nb";
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    /* private mode: the choice lasts this page only */
  }
  document.documentElement.lang = current === "nb" ? "nb" : "en";
}

export function t(key, values) {
  const text = tables[current][key];
  if (text === undefined) {
    console.error(`klar: no text for '${key}' in ${current}`);
    return key;
  }
  if (!values)
    return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    values[name] === undefined || values[name] === null ? whole : String(values[name]));
}

/* The text of key if the table has it, else fallback (for values from the server, such as a
 * profession id, that may have no translation). */
export function tOr(key, fallback) {
  const text = tables[current][key];
  return text === undefined ? fallback : text;
}

document.documentElement.lang = current === "nb" ? "nb" : "en";
