// records.test.mjs - the record screens in Debian's chromium, per role on the demo data: a
// viewer sees no write controls; a planner creates a risk (the server's message for a missing
// title next to that field first) and closes a learning point (its resolution required, by the
// server); a contributor enters stock figures; a session that ends while a form is filled keeps
// what was typed through the login; and the keyboard alone logs in, creates a risk and closes a
// learning point. No console errors and no axe violations on any of these screens.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { browserSuite, newPage, login, axeViolations, USERS } from "./harness.mjs";

const { t, ctx } = browserSuite();

async function checked(page) {
  assert.deepEqual(await axeViolations(page), [], "axe-core WCAG A/AA violations");
  assert.deepEqual(page.problems(), [], "console errors, failed requests or CSP violations");
}

/* The id of a new open learning point of Helse Vest, made through the API as the page's
 * logged-in user, so that each test closes its own. */
async function openLearningPoint(page) {
  const csrf = (await (await page.request.get(`${ctx.server.url}/api/v1/session`)).json()).csrf_token;
  const res = await page.request.post(`${ctx.server.url}/api/v1/learning-points`, {
    headers: { "X-CSRF-Token": csrf },
    data: { org_id: "helse-vest", title: `Varslingen sviktet (test ${Date.now()})`,
            owner: "Beredskapssjefen", due: "2026-12-20", status: "open" },
  });
  assert.equal(res.status(), 201, await res.text());
  return (await res.json()).id;
}

/* Presses Tab until the element with id has the focus (at most 80 times). */
async function tabTo(page, id) {
  for (let i = 0; i < 80; i++) {
    if ((await page.evaluate(() => document.activeElement && document.activeElement.id)) === id)
      return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`Tab never reached #${id}`);
}

t("a viewer sees the register but no control to change it", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "vera");
  await page.goto(`${ctx.server.url}/ros`);
  await page.waitForSelector("table tbody tr");
  assert.equal(await page.getByRole("link", { name: "Ny", exact: true }).count(), 0);
  await page.locator("table tbody th a").first().click();
  await page.waitForSelector("#f-title");
  assert.ok(await page.isDisabled("#f-title"));
  assert.equal(await page.getByRole("button", { name: "Lagre" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Slett" }).count(), 0);
  assert.match(await page.textContent("main"), /ikke endre dette som leser/);
  await checked(page);
  await page.context().close();
});

t("a planner creates a risk: the server's message next to the field, then saved", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "pia");
  await page.goto(`${ctx.server.url}/ros`);
  await page.getByRole("link", { name: "Ny", exact: true }).click();
  await page.waitForSelector("#f-title");
  await page.selectOption("#f-area", "pandemic");
  await page.selectOption("#f-probability", "4");
  await page.selectOption("#f-consequence", "3");
  await page.getByRole("button", { name: "Lagre" }).click();   /* no title yet */
  await page.waitForSelector("#f-title-error");
  assert.match(await page.textContent("#f-title-error"), /title/);
  assert.equal(await page.getAttribute("#f-title", "aria-invalid"), "true");
  page.expectProblem(/status of 400/);
  assert.equal(await page.inputValue("#f-probability"), "4", "nothing typed is lost");
  await page.fill("#f-title", "Langvarig strømbrudd ved sykehuset (test)");
  await page.getByRole("button", { name: "Lagre" }).click();
  await page.waitForURL(/\/ros\/\d+$/);
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Langvarig strømbrudd"));
  await page.waitForFunction(() => document.querySelector("#status")?.textContent.includes("Lagret"));
  await page.goto(`${ctx.server.url}/ros?area=pandemic`);
  await page.waitForSelector("table tbody tr");
  assert.match(await page.textContent("table"), /Langvarig strømbrudd ved sykehuset \(test\)/);
  await checked(page);
  await page.context().close();
});

t("a contributor changes a stock figure in the list itself; the server's refusal stays under the field", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "carl");
  await page.goto(`${ctx.server.url}/lagre`);
  await page.waitForSelector("td.inline input");
  const cell = page.locator("td.inline input[id$='-on_hand']").first();
  const id = (await cell.getAttribute("id")).split("-")[1];
  const before = await (await page.request.get(`${ctx.server.url}/api/v1/stocks/${id}`)).json();
  assert.match(await cell.getAttribute("aria-label"), /^Beholdning, /);

  /* a bad figure: the server's message under the field, what was typed kept, nothing saved */
  await cell.fill("-5");
  await cell.press("Tab");
  await page.waitForSelector(`#cell-${id}-on_hand-error`);
  assert.match(await page.textContent(`#cell-${id}-on_hand-error`), /on_hand/);
  assert.equal(await page.getAttribute(`#cell-${id}-on_hand`, "aria-invalid"), "true");
  assert.equal(await page.inputValue(`#cell-${id}-on_hand`), "-5");
  page.expectProblem(/status of 400/);
  assert.equal((await (await page.request.get(`${ctx.server.url}/api/v1/stocks/${id}`)).json()).version, before.version);
  assert.deepEqual(await axeViolations(page), []);

  /* a good one: saved as a new version, announced, and the months of cover the server derives */
  const wanted = before.monthly_consumption * 7;
  await page.fill(`#cell-${id}-on_hand`, String(wanted).replace(".", ","));
  await page.press(`#cell-${id}-on_hand`, "Tab");
  await page.waitForFunction((i) => !document.querySelector(`#cell-${i}-on_hand-error`), id);
  await page.waitForSelector("[role=status]:has-text('Lagret: Beholdning')", { state: "attached" });
  const after = await (await page.request.get(`${ctx.server.url}/api/v1/stocks/${id}`)).json();
  assert.equal(after.version, before.version + 1);
  assert.equal(after.on_hand, wanted);
  assert.equal(after.item, before.item, "the other members are kept");
  const row = page.locator("tr", { has: page.locator(`#cell-${id}-on_hand`) });
  const cover = typeof after.months_of_cover === "object" ? after.months_of_cover.value : after.months_of_cover;
  assert.equal(cover, 7, "seven months of normal consumption");
  assert.equal((await row.locator("td").nth(4).textContent()).trim(), "7", "the list shows the new months of cover");
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

t("a viewer's lists have no fields to edit", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "vera");
  for (const slug of ["kapasitet", "lagre", "reserver"]) {
    await page.goto(`${ctx.server.url}/${slug}`);
    await page.waitForSelector("table tbody tr");
    assert.equal(await page.locator("td.inline").count(), 0, slug);
  }
  await page.context().close();
});

t("a contributor enters stock figures", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "carl");
  await page.goto(`${ctx.server.url}/lagre/ny`);
  await page.waitForSelector("#f-item");
  await page.selectOption("#f-org_id", "helse-bergen");
  await page.fill("#f-item", "ffp3-test");
  await page.selectOption("#f-category", "infection-control");
  await page.fill("#f-unit", "pieces");
  await page.fill("#f-on_hand", "12 000");
  await page.fill("#f-monthly_consumption", "2500,5");
  await page.fill("#f-as_of", "2026-11-30");
  await page.getByRole("button", { name: "Lagre" }).click();
  await page.waitForURL(/\/lagre\/\d+$/);
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "ffp3-test");
  assert.equal(await page.inputValue("#f-on_hand"), "12000");
  assert.equal(await page.inputValue("#f-monthly_consumption"), "2500.5");
  await checked(page);
  await page.context().close();
});

t("a contributor imports stocks from a CSV file: row and column of every error, then all in", async () => {
  const page = await newPage(ctx.browser, { acceptDownloads: true });
  await login(page, ctx.server.url, "carl");
  await page.goto(`${ctx.server.url}/lagre`);
  await page.getByRole("link", { name: "Importer fra CSV" }).click();
  await page.waitForSelector("#import-file");
  const header = "org_id;Vare;category;unit;on_hand;monthly_consumption;as_of;merknad fra excel";
  const bad = [header,
               "helse-bergen;natriumklorid;medicine;flasker;1 200;300,5;2026-11-30;x",
               "helse-bergen;glukose;medicine;flasker;mange;40;2026-11-30;x",
               "helse-nord;insulin;medicine;penner;50;10;2026-11-30;x"].join("\n");
  await page.setInputFiles("#import-file", { name: "lager.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.waitForSelector("table.import-preview tbody tr");
  assert.match(await page.textContent("main"), /lager\.csv: 3 rader/);
  assert.match(await page.textContent("main"), /merknad fra excel/);   /* the column left out */
  assert.ok(await page.isDisabled("button:has-text('Importer 3 rader')"), "no import before a check");
  await page.getByRole("button", { name: "Kontroller filen" }).click();
  await page.getByRole("alert").waitFor();
  const alert = await page.getByRole("alert").textContent();
  assert.match(alert, /Rad 2, kolonne on_hand/);
  assert.match(alert, /Rad 3, kolonne org_id/);
  assert.equal(await page.locator("td.cell-error").count(), 2);
  page.expectProblem(/status of 422/);
  const good = [header, "helse-bergen;natriumklorid;medicine;flasker;1 200;300,5;2026-11-30;x",
                "helse-bergen;glukose;medicine;flasker;400;40;2026-11-30;x"].join("\n");
  await page.setInputFiles("#import-file", { name: "lager.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await page.waitForFunction(() => document.querySelector("main").textContent.includes("2 rader"));
  await page.getByRole("button", { name: "Kontroller filen" }).click();
  await page.waitForSelector("p.success");
  await page.getByRole("button", { name: "Importer 2 rader" }).click();
  await page.waitForFunction(() => document.querySelector("p.success")?.textContent.includes("2 rader er importert"));
  await page.getByRole("link", { name: "Til listen" }).click();
  await page.waitForSelector("table tbody tr:has-text('natriumklorid')");
  const [download] = await Promise.all([page.waitForEvent("download"),
                                        page.getByRole("link", { name: "Last ned CSV" }).click()]);
  const csv = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
  assert.match(csv.split("\n")[0], /^id,org_id,item,/);
  assert.match(csv, /natriumklorid,medicine,flasker,1200,300\.5,/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

t("a contributor imports stocks from an XLSX workbook (the server's own export, read back)", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "carl");
  const api = (await (await page.request.get(`${ctx.server.url}/api/v1/stocks?within=helse-bergen&limit=1000`)).json()).stocks;
  assert.ok(api.length > 0, "Helse Bergen has stocks in the demo data");
  const xlsx = await (await page.request.get(`${ctx.server.url}/api/v1/stocks/export?within=helse-bergen&format=xlsx`)).body();
  let loaded = false;
  page.on("request", (r) => { if (r.url().endsWith("/assets/xlsx.js")) loaded = true; });
  await page.goto(`${ctx.server.url}/lagre/import`);
  await page.waitForSelector("#import-file");
  assert.equal(loaded, false, "the XLSX reader is not loaded before a workbook is chosen");
  await page.setInputFiles("#import-file", { name: "lager.xlsx", buffer: xlsx,
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  await page.waitForSelector("table.import-preview tbody tr");
  assert.ok(loaded, "the XLSX reader is loaded for a workbook");
  assert.match(await page.textContent("main"), new RegExp(`lager\\.xlsx: ${api.length} rader`));
  assert.match(await page.textContent("main"), /Kolonner som ikke er felt .*\bid\b/);   /* id, version ... left out */
  const preview = await page.locator("table.import-preview tbody tr").first().textContent();
  assert.ok(preview.includes(api[0].item), `the first row is ${api[0].item}: ${preview}`);
  assert.ok(preview.includes(String(api[0].on_hand)) && preview.includes(api[0].as_of),
            "numbers and dates as the sheet typed them");
  /* the rows reach the server's check as the records they were: each one already exists */
  await page.getByRole("button", { name: "Kontroller filen" }).click();
  await page.getByRole("alert").waitFor();
  const alert = await page.getByRole("alert").textContent();
  api.forEach((r, i) => assert.match(alert, new RegExp(`Rad ${i + 1}, kolonne item: .*"${r.item}" already exists`)));
  page.expectProblem(/status of 422/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

t("a file that is not a workbook gets a message naming it", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "carl");
  await page.goto(`${ctx.server.url}/lagre/import`);
  await page.waitForSelector("#import-file");
  await page.setInputFiles("#import-file", { name: "ødelagt.xlsx", buffer: Buffer.from("this is not a zip file"),
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  await page.getByRole("alert").waitFor();
  assert.match(await page.getByRole("alert").textContent(), /ødelagt\.xlsx kunne ikke leses som en XLSX-arbeidsbok/);
  assert.equal(await page.locator("table.import-preview").count(), 0);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

t("the exercise plan as a calendar, and an exercise's action plan until every point is closed", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "pia");
  await page.getByRole("link", { name: "Øvelsesplan" }).click();
  await page.waitForSelector("table.calendar tbody tr");
  const plan = await (await page.request.get(`${ctx.server.url}/api/v1/exercises/plan?within=helse-vest&from=${new Date().getFullYear() - 1}&to=${new Date().getFullYear() + 3}`)).json();
  const all = plan.years.flatMap((y) => y.exercises);
  assert.ok(all.length > 0, "the demo data has exercises in the plan's years");
  assert.equal(await page.locator("table.calendar .exercise").count(), all.length);
  const ex = all[0];
  await page.locator("table.calendar a", { hasText: ex.title }).click();
  await page.waitForURL(new RegExp(`/ovelser/${ex.id}$`));
  await page.waitForSelector("#action-plan p.success, #action-plan p.warning, #action-plan p:has-text('ikke evaluert')");
  const evs = (await (await page.request.get(`${ctx.server.url}/api/v1/evaluations?exercise_id=${ex.id}&within=helse-vest`)).json()).evaluations;
  if (evs.length > 0) {
    const pts = (await (await page.request.get(`${ctx.server.url}/api/v1/learning-points?evaluation_id=${evs[0].id}&within=helse-vest&limit=1000`)).json()).learning_points;
    const closed = pts.filter((p) => p.status === "closed").length;
    const text = await page.textContent("#action-plan");
    assert.ok(text.includes(closed === pts.length ? `Alle ${pts.length} læringspunktene er lukket`
                                                 : `${closed} av ${pts.length} læringspunkter er lukket`), text);
    assert.equal(await page.locator("#action-plan tbody tr").count(), pts.length);
  }
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

t("the situation picture: fourteen days rolled up, and today's reports as the API rolls them up", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "vera");
  const asked = [];
  page.on("request", (r) => { if (r.url().includes("/api/v1/situation-reports/rollup")) asked.push(new URL(r.url())); });
  await page.getByRole("link", { name: "Situasjon", exact: true }).click();
  await page.waitForSelector("#chart-situation canvas");
  assert.equal(await page.locator("table").first().locator("tbody tr").count(), 14);
  assert.equal(asked.filter((u) => u.pathname.endsWith("/rollups")).length, 1, "the fourteen days in one request");
  assert.deepEqual(asked.filter((u) => u.searchParams.has("date")), [], "no request a day");
  const today = await (await page.request.get(`${ctx.server.url}/api/v1/situation-reports/rollup?within=helse-vest`)).json();
  const last = page.locator("table").first().locator("tbody tr").last();
  assert.equal((await last.locator("td").first().textContent()).trim(), String(today.reports_received.value));
  assert.equal(await page.locator("#today tbody tr").count(), today.reports.length);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

t("a planner closes a learning point; the server asks for its resolution first", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "pia");
  const id = await openLearningPoint(page);
  await page.goto(`${ctx.server.url}/laeringspunkter/${id}`);
  await page.waitForSelector("#f-status");
  await page.selectOption("#f-status", "closed");
  await page.fill("#f-resolution", "");
  await page.getByRole("button", { name: "Lagre" }).click();
  await page.waitForSelector("#f-resolution-error");
  page.expectProblem(/status of 400/);
  await page.fill("#f-resolution", "Varslingslistene oppdateres nå hver måned (test).");
  await page.fill("#f-closed_on", "2026-12-01");
  await page.getByRole("button", { name: "Lagre" }).click();
  await page.waitForFunction(() => document.querySelector("#status")?.textContent.includes("Lagret"));
  const res = await page.request.get(`${ctx.server.url}/api/v1/learning-points/${id}`);
  assert.equal((await res.json()).status, "closed");
  await checked(page);
  await page.context().close();
});

t("a session that ends while a form is filled keeps what was typed through the login", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "pia");
  await page.goto(`${ctx.server.url}/ros/ny`);
  await page.waitForSelector("#f-title");
  await page.fill("#f-title", "Skrevet før økten gikk ut");
  await page.selectOption("#f-area", "water");
  /* the session ends meanwhile (as after the idle timeout): logged out from elsewhere */
  const csrf = (await (await page.request.get(`${ctx.server.url}/api/v1/session`)).json()).csrf_token;
  await page.request.post(`${ctx.server.url}/api/v1/logout`, { headers: { "X-CSRF-Token": csrf } });
  await page.selectOption("#f-probability", "2");
  await page.selectOption("#f-consequence", "2");
  await page.getByRole("button", { name: "Lagre" }).click();
  await page.waitForURL(/\/logg-inn\?neste=%2Fros%2Fny/);
  assert.match(await page.textContent("main"), /det du skrev, er tatt vare på/);
  page.expectProblem(/status of 401/);
  await page.getByLabel("Brukernavn").fill("pia");
  await page.getByLabel("Passord").fill(USERS.pia.password);
  await page.getByRole("button", { name: "Logg inn" }).click();
  await page.waitForURL(/\/ros\/ny$/);
  await page.waitForSelector("#f-title");
  assert.equal(await page.inputValue("#f-title"), "Skrevet før økten gikk ut");
  assert.equal(await page.inputValue("#f-area"), "water");
  assert.equal(await page.inputValue("#f-probability"), "2");
  await page.getByRole("button", { name: "Lagre" }).click();
  await page.waitForURL(/\/ros\/\d+$/);
  await checked(page);
  await page.context().close();
});

t("by keyboard alone: log in, create a risk, close a learning point", async () => {
  const page = await newPage(ctx.browser);
  const id = await (async () => {
    const p = await newPage(ctx.browser);
    await login(p, ctx.server.url, "ada");
    const found = await openLearningPoint(p);
    await p.context().close();
    return found;
  })();
  await page.goto(`${ctx.server.url}/logg-inn`);
  await page.waitForSelector("#username");
  await tabTo(page, "username");
  await page.keyboard.type("ada");
  await page.keyboard.press("Tab");
  await page.keyboard.type(USERS.ada.password);
  await page.keyboard.press("Enter");
  await page.waitForSelector("table.matrix");
  /* the focus is on the new screen's heading; back up to the menu, then to the ROS register
   * and its form through the "new" link */
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1");
  let guard = 0;
  while (!(await page.evaluate(() => document.activeElement?.getAttribute("href") === "/ros")) && guard++ < 30)
    await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  await page.waitForSelector("a.button.primary");
  guard = 0;
  while (!(await page.evaluate(() => document.activeElement?.getAttribute("href") === "/ros/ny")) && guard++ < 30)
    await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#f-title");
  await tabTo(page, "f-title");
  await page.keyboard.type("Tastaturrisiko (test)");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Digitale");               /* the area select's typeahead */
  await page.keyboard.press("Tab");
  await page.keyboard.type("3");
  await page.keyboard.press("Tab");
  await page.keyboard.type("2");
  await tabTo(page, "f-owner");
  await page.keyboard.press("Enter");                 /* submits the form */
  await page.waitForURL(/\/ros\/\d+$/);
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Tastaturrisiko"));
  /* the learning point */
  await page.goto(`${ctx.server.url}/laeringspunkter/${id}`);
  await page.waitForSelector("#f-status");
  await tabTo(page, "f-status");
  await page.keyboard.type("Lukket");
  await tabTo(page, "f-resolution");
  await page.keyboard.type("Lukket med tastaturet (test).");
  await tabTo(page, "f-closed_on");
  await page.keyboard.type("01122026");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("#status")?.textContent.includes("Lagret"));
  const res = await page.request.get(`${ctx.server.url}/api/v1/learning-points/${id}`);
  assert.equal((await res.json()).status, "closed");
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
