// params.test.mjs - a scenario's engine parameters as a form over the engine's keys, in
// Debian's chromium: a planner writing a surge scenario for Helse Vest sees Helse Vest's own
// figures as the defaults (as POST /scenario-keys gives them), fills in a key with a decimal
// comma and finds it written in the INI text; a bad value gets the server's message next to
// that key; saved, the record holds the text, and the form shows it again. Every key of both
// engines has a label, and every unit a text, in bokmål and English. No console errors and no
// axe violations.
import assert from "node:assert/strict";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { browserSuite, newPage, login, axeViolations } from "./harness.mjs";

const { t, ctx } = browserSuite();
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const nb = (await import(join(root, "web", "src", "lang", "nb.js"))).default;
const en = (await import(join(root, "web", "src", "lang", "en.js"))).default;

async function keysOf(page, body) {
  const csrf = (await (await page.request.get(`${ctx.server.url}/api/v1/session`)).json()).csrf_token;
  const res = await page.request.post(`${ctx.server.url}/api/v1/scenario-keys`, { headers: { "X-CSRF-Token": csrf }, data: body });
  assert.equal(res.status(), 200, await res.text());
  return res.json();
}

t("a planner fills in a surge scenario's parameters in the form, with the region's defaults and the server's message by the key", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "pia");
  await page.goto(`${ctx.server.url}/scenarier/ny`);
  await page.waitForSelector("#f-title");
  await page.fill("#f-title", "Pandemi i Helse Vest (skjematest)");
  await page.selectOption("#f-area", { index: 1 });
  await page.selectOption("#f-engine", "surge");
  await page.fill("#f-region", "helse-vest");
  const api = await keysOf(page, { engine: "surge", region: "helse-vest" });
  const icu = api.sections.find((s) => s.section === "capacity").keys.find((k) => k.key === "icu_beds");
  await page.waitForFunction((d) => {
    const el = document.querySelector("#param-capacity-icu_beds");
    return el && el.placeholder === d;
  }, icu.default);
  assert.match(await page.textContent("#param-capacity-icu_beds-hint"), /standard .* senger/);

  /* a key with a decimal comma is written to the text with a point, in its section */
  await page.locator("summary", { hasText: "Epidemien" }).click();
  await page.fill("#param-epidemic-r0", "1,8");
  await page.press("#param-epidemic-r0", "Tab");
  await page.getByRole("button", { name: "INI-tekst" }).click();
  assert.match(await page.inputValue("#f-parameters"), /^\[epidemic\]\nr0 = 1\.8\n/);

  /* a bad value: the server's check next to the key */
  await page.getByRole("button", { name: "Skjema" }).click();
  await page.waitForSelector("#param-epidemic-infectious_days");
  await page.fill("#param-epidemic-infectious_days", "0");
  await page.press("#param-epidemic-infectious_days", "Tab");
  await page.waitForSelector("#param-epidemic-infectious_days-error");
  assert.match(await page.textContent("#param-epidemic-infectious_days-error"), /line 2: .*infectious_days.*greater than 0/);
  assert.equal(await page.getAttribute("#param-epidemic-infectious_days", "aria-invalid"), "true");
  assert.deepEqual(await axeViolations(page), []);

  /* mended and saved: the record holds the text, and the form shows the keys again */
  await page.fill("#param-epidemic-infectious_days", "3,5");
  await page.press("#param-epidemic-infectious_days", "Tab");
  await page.waitForFunction(() => !document.querySelector("#param-epidemic-infectious_days-error"));
  await page.getByRole("button", { name: "Lagre" }).click();
  await page.waitForURL(/\/scenarier\/\d+$/);
  const id = page.url().split("/").pop();
  const saved = await (await page.request.get(`${ctx.server.url}/api/v1/scenarios/${id}`)).json();
  assert.equal(saved.parameters, "[epidemic]\ninfectious_days = 3.5\nr0 = 1.8\n");
  await page.reload();
  await page.waitForSelector("#param-epidemic-r0");
  assert.equal(await page.inputValue("#param-epidemic-r0"), "1.8");
  assert.match(await page.textContent("summary >> text=Epidemien"), /2 satt/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

t("every key of both engines has a label and every unit a text in both languages", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "vera");
  const missing = [];
  for (const engine of ["surge", "workforce"]) {
    const d = await keysOf(page, { engine, parameters: engine === "workforce" ? "[scenario]\nprofession = sykepleier\n" : "" });
    for (const s of d.sections) {
      if (!s.group && s.keys.length && !(`param.section.${engine}.${s.section}` in nb))
        missing.push(`param.section.${engine}.${s.section}`);
      if (s.group === "staff" && !(`param.staff.${s.section.slice(6)}` in nb))
        missing.push(`param.staff.${s.section.slice(6)}`);
      for (const k of s.keys) {
        const label = `param.${engine}.${s.group || s.section}.${k.key}`;
        for (const [name, table] of [["nb", nb], ["en", en]]) {
          if (!(label in table))
            missing.push(`${name}: ${label}`);
          if (k.unit !== "none" && !(`param.unit.${k.unit}` in table))
            missing.push(`${name}: param.unit.${k.unit}`);
        }
      }
    }
  }
  assert.deepEqual([...new Set(missing)], []);
  await page.context().close();
});
