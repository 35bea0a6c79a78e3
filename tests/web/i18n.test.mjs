// i18n.test.mjs - the web app's texts (no browser): bokmål and English have the same keys, no
// text is empty, every key the sources name literally (t("...")) is in both tables, the
// {placeholders} of a text are the same in both languages, and the committed bundle in
// web/dist is what the sources build (web/build.mjs --check; needs web's npm packages).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const src = join(root, "web", "src");
const nb = (await import(join(src, "lang", "nb.js"))).default;
const en = (await import(join(src, "lang", "en.js"))).default;

function sources(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".js") ? [p] : [];
  });
}

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("bokmål and English have the same keys, none empty", () => {
  const onlyNb = Object.keys(nb).filter((k) => !(k in en));
  const onlyEn = Object.keys(en).filter((k) => !(k in nb));
  assert.deepEqual(onlyNb, [], "keys missing in en.js");
  assert.deepEqual(onlyEn, [], "keys missing in nb.js");
  for (const [k, v] of Object.entries(nb))
    assert.ok(v.trim() && en[k].trim(), `empty text for ${k}`);
});

test("a text has the same placeholders in both languages", () => {
  for (const k of Object.keys(nb))
    assert.deepEqual(placeholders(nb[k]), placeholders(en[k]), `placeholders of ${k}`);
});

test("every key the sources name is in the tables", () => {
  const named = new Set();
  for (const file of sources(src)) {
    if (file.includes(`${join("src", "lang")}`))
      continue;
    for (const m of readFileSync(file, "utf8").matchAll(/\bt\(\s*"([^"]+)"/g))
      named.add(m[1]);
  }
  assert.ok(named.size > 50, `only ${named.size} keys found in the sources`);
  const missing = [...named].filter((k) => !(k in nb)).sort();
  assert.deepEqual(missing, [], "keys used in web/src but not in lang/nb.js");
});

test("the committed bundle is what the sources build", { skip: !existsSync(join(root, "web", "node_modules", "esbuild")) && "web's npm packages are missing (make deps)" }, () => {
  execFileSync(process.execPath, [join(root, "web", "build.mjs"), "--check"], { stdio: "pipe" });
});
