// runs.test.mjs - the engine screens in Debian's chromium: a planner runs a surge simulation of
// Helse Vest and sees the engine's figures as the API gives them for the same inputs (which
// tests/cli/runs.sh holds equal to `klar surge`), every chart with its table, and downloads the
// days as CSV; a viewer asking for more Monte Carlo runs than the role allows gets the server's
// message next to that field. No console errors and no axe violations.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { browserSuite, newPage, login, axeViolations } from "./harness.mjs";

const { t, ctx } = browserSuite();

/* "1 234,5" as shown -> 1234.5 */
const shownNumber = (text) => Number(text.replace(/[\s\u202f\u00a0]/g, "").replace(",", ".").replace("−", "-"));

t("a planner's surge run shows the engine's figures, every chart with its table, and the CSV", async () => {
  const page = await newPage(ctx.browser, { acceptDownloads: true });
  await login(page, ctx.server.url, "pia");
  await page.getByRole("link", { name: "Krisesimulering" }).click();
  await page.waitForSelector("#region option[value='helse-vest']", { state: "attached" });
  await page.selectOption("#region", "helse-vest");
  await page.fill("#runs", "40");
  await page.getByRole("button", { name: "Kjør simuleringen" }).click();
  await page.waitForSelector("#chart-stock canvas");
  /* the same inputs through the API */
  const csrf = (await (await page.request.get(`${ctx.server.url}/api/v1/session`)).json()).csrf_token;
  const res = await page.request.post(`${ctx.server.url}/api/v1/runs/surge`, {
    headers: { "X-CSRF-Token": csrf }, data: { parameters: "", region: "helse-vest", runs: 40, seed: 1 } });
  const api = await res.json();
  const card = async (label) => shownNumber(await page.locator(".figure", { hasText: label }).locator(".figure-value").textContent());
  assert.equal(await card("Flest pasienter på intensiv"), Math.round(api.summary.peak_census_icu));
  assert.equal(await card("Flest pasienter på sengepost"), Math.round(api.summary.peak_census_ward));
  assert.equal(await card("Dødsfall"), Math.round(api.summary.deaths));
  assert.equal(await page.locator("figure.chart canvas").count(), 5);
  assert.equal(await page.locator("figure.chart details table").count(), 5);
  await page.locator("#chart-icu summary").click();
  const rows = await page.locator("#chart-icu details tbody tr").count();
  assert.equal(rows, api.days.length, "the table has every day of the chart");
  const [download] = await Promise.all([page.waitForEvent("download"),
                                        page.getByRole("button", { name: "Last ned dagene (CSV)" }).click()]);
  const csv = readFileSync(await download.path(), "utf8").trim().split("\n");
  assert.equal(csv.length, api.days.length + 1);
  assert.match(csv[0], /^day,infections \(persons\/day\),/);
  assert.match(csv[0], /census_icu p5,census_icu p95/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

t("a workforce lever runs the projection again at once, and the cards show the server's figures", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "vera");
  await page.getByRole("link", { name: "Personell" }).click();
  await page.waitForSelector("#chart-workforce canvas");
  const card = page.locator(".figure", { hasText: "referanse" }).locator(".figure-value");
  const before = await card.textContent();
  const answer = page.waitForResponse((r) => r.url().endsWith("/api/v1/runs/workforce") &&
                                              (r.request().postData() || "").includes("study_places_factor = 1.5"));
  await page.locator("#lever-study_places_factor").focus();
  for (let i = 0; i < 10; i++)
    await page.keyboard.press("ArrowRight");                /* 1.00 -> 1.50 in steps of 0.05 */
  const body = await (await answer).json();
  const last = body.rows.filter((r) => r.alternative === "reference").slice(-1)[0];
  await page.waitForFunction((b) => document.querySelector(".figure:nth-child(2) .figure-value").textContent !== b, before);
  assert.equal(shownNumber(await card.textContent()), Math.round(last.gap_fte));
  assert.ok(shownNumber(await card.textContent()) < shownNumber(before), "more study places, a smaller shortage");
  assert.equal(await page.textContent("output[for='lever-study_places_factor']"), "× 1,50");
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

t("the standard-change lever starts at the profession's own value and moves only the reference demand", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "vera");
  await page.getByRole("link", { name: "Personell" }).click();
  await page.waitForSelector("#lever-std");
  /* bioingenior.ini gives std.reference = 0.00694 */
  assert.equal(await page.textContent("output[for='lever-std']"), "+0,69 % per år");
  assert.match(await page.textContent("#lever-std-hint"), /yrkets egen verdi er \+0,69 % per år/);
  const cards = async () => Promise.all(["demografi", "referanse", "høy"].map(async (a) =>
    shownNumber(await page.locator(".figure", { hasText: a }).locator(".figure-value").textContent())));
  const before = await cards();
  const answer = page.waitForResponse((r) => r.url().endsWith("/api/v1/runs/workforce") &&
                                              /\[demand\]\nstd\.reference = 0\.01\n/.test(JSON.parse(r.request().postData()).parameters));
  await page.locator("#lever-std").focus();
  for (let i = 0; i < 6; i++)
    await page.keyboard.press("ArrowRight");                /* 0.007 -> 0.010 in steps of 0.0005 */
  const body = await (await answer).json();
  const last = (a) => body.rows.filter((r) => r.alternative === a).slice(-1)[0].gap_fte;
  let after = await cards();
  for (let i = 0; i < 50 && after[1] !== Math.round(last("reference")); i++) {
    await page.waitForTimeout(100);                         /* the answer is drawn after it came */
    after = await cards();
  }
  assert.equal(after[1], Math.round(last("reference")));
  assert.ok(after[1] > before[1], "a higher standard change, a larger reference shortage");
  assert.equal(after[0], before[0], "the demography alternative has no standard change");
  assert.equal(after[2], before[2], "the high alternative keeps its own");
  assert.equal(await page.textContent("output[for='lever-std']"), "+1,00 % per år");
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

t("a viewer over the role's Monte Carlo runs gets the server's message next to that field", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "vera");
  await page.goto(`${ctx.server.url}/simulering`);
  await page.waitForSelector("#runs");
  await page.fill("#runs", "1001");
  await page.getByRole("button", { name: "Kjør simuleringen" }).click();
  await page.waitForSelector("#runs-error");
  assert.match(await page.textContent("#runs-error"), /a viewer may ask for at most 1000 Monte Carlo runs/);
  assert.equal(await page.getAttribute("#runs", "aria-invalid"), "true");
  page.expectProblem(/status of 422/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

t("kept runs are listed, and two runs compared show one chart with a table and the server's message for a bad pick", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "pia");
  const csrf = (await (await page.request.get(`${ctx.server.url}/api/v1/session`)).json()).csrf_token;
  const post = async (path, data) => (await page.request.post(`${ctx.server.url}/api/v1/runs/${path}`,
    { headers: { "X-CSRF-Token": csrf }, data })).json();
  const a = await post("surge", { parameters: "", region: "helse-vest", seed: 1 });
  const b = await post("surge", { parameters: "[capacity]\nicu_occupancy = 0.9\n", region: "helse-vest", seed: 1 });
  const w = await post("workforce", { profession: "bioingenior", region: "helse-vest" });
  assert.ok(a.run_id && b.run_id && w.run_id, "the runs are kept");
  await page.getByRole("link", { name: "Kjøringer" }).click();
  await page.waitForSelector(`#run-${a.run_id}`);
  assert.equal(await page.locator(`a[href='/api/v1/runs/${a.run_id}?format=xlsx']`).count(), 1);
  /* a surge run with a workforce run: the server says why not */
  await page.check(`#run-${a.run_id}`);
  await page.check(`#run-${w.run_id}`);
  await page.getByRole("button", { name: /Sammenlign valgte/ }).click();
  await page.waitForSelector(".form-error, [role='alert']");
  assert.match(await page.locator(".form-error, [role='alert']").first().textContent(), /engine/);
  await page.uncheck(`#run-${w.run_id}`);
  await page.check(`#run-${b.run_id}`);
  await page.getByRole("button", { name: /Sammenlign valgte \(2\)/ }).click();
  await page.waitForSelector("#chart-compare canvas");
  assert.equal(await page.inputValue("#compare-series"), "census_icu (patients)");
  await page.locator("#chart-compare summary").click();
  if (process.env.KLAR_SHOT) await page.screenshot({ path: process.env.KLAR_SHOT, fullPage: true });
  const cmp = await (await page.request.get(`${ctx.server.url}/api/v1/runs/compare?ids=${b.run_id},${a.run_id}`)).json();
  assert.equal(await page.locator("#chart-compare details tbody tr").count(), cmp.x.length);
  assert.ok(await page.locator("#comparison table").count() >= 1);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems().filter((p) => !/status of 400/.test(p)), []);
  await page.context().close();
});
