// app.test.mjs - the web app in Debian's chromium, as its users meet it: the login page and
// the server's message for a wrong password, the dashboard of a planner (the matrix's counts,
// the panels, an organisation below), the language switch remembered, the keyboard-only
// login, reflow at 320 px, my account (the server's message next to the field it names), the
// accessibility statement without a login, no console errors or CSP violations anywhere, and
// axe-core's WCAG 2.0/2.1 A and AA rules on every screen. Skips, saying why, without chromium.
import assert from "node:assert/strict";
import { browserSuite, newPage, login, axeViolations, USERS } from "./harness.mjs";

const { t, ctx } = browserSuite();

async function noProblems(page) {
  assert.deepEqual(page.problems(), [], "console errors, failed requests or CSP violations");
}

async function accessible(page) {
  assert.deepEqual(await axeViolations(page), [], "axe-core WCAG A/AA violations");
}

t("the login page is Norwegian, accessible, and asks for the login of an app address", async () => {
  const page = await newPage(ctx.browser);
  await page.goto(`${ctx.server.url}/konto`);
  await page.waitForURL(/\/logg-inn\?neste=%2Fkonto/);
  assert.equal(await page.getAttribute("html", "lang"), "nb");
  assert.equal(await page.textContent("h1"), "Logg inn");
  assert.match(await page.title(), /Logg inn – klar/);
  await accessible(page);
  await noProblems(page);
  await page.context().close();
});

t("a wrong password shows the server's message, then the right one opens the page asked for", async () => {
  const page = await newPage(ctx.browser);
  await page.goto(`${ctx.server.url}/konto`);
  await page.getByLabel("Brukernavn").fill("pia");
  await page.getByLabel("Passord").fill("not-her-password");
  await page.getByRole("button", { name: "Logg inn" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.textContent(), /wrong user name or password|invalid/i);
  page.expectProblem(/401/);
  await page.getByLabel("Passord").fill(USERS.pia.password);
  await page.getByRole("button", { name: "Logg inn" }).click();
  await page.waitForURL(/\/konto$/);
  assert.equal(await page.textContent("h1"), "Min konto");
  await accessible(page);
  await noProblems(page);
  await page.context().close();
});

t("the dashboard shows the risk matrix with a count in every cell and the other panels", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "pia");
  await page.waitForSelector("table.matrix tbody td");
  const cells = await page.$$eval("table.matrix tbody td", (tds) => tds.map((td) => td.textContent.trim()));
  assert.equal(cells.length, 25);
  for (const c of cells)
    assert.match(c, /^\d+$/, "every cell holds a number");
  const total = cells.reduce((s, c) => s + Number(c), 0);
  assert.match(await page.textContent("#matrix"), new RegExp(`${total} risikoer i alt`));
  for (const id of ["overdue", "situation", "stocks", "capacity", "reserves"])
    await page.waitForSelector(`#${id} table, #${id} ul, #${id} p:not(.loading)`);
  assert.match(await page.textContent("#capacity"), /senger/);
  await accessible(page);
  await noProblems(page);
  await page.context().close();
});

t("a national planner's overview has the maps of the four regions and of the counties, their figures in tables", async () => {
  const page = await newPage(ctx.browser);
  const asked = [];
  const apiCalls = [];
  page.on("request", (r) => { if (r.url().includes("/api/v1/overview/areas")) asked.push(r.url()); });
  page.on("request", (r) => { if (r.url().includes("/api/v1/")) apiCalls.push(new URL(r.url()).pathname); });
  await login(page, ctx.server.url, "nina");
  await page.waitForSelector(".tile-map .tile");
  assert.equal(await page.locator(".tile-map.cols-2 .tile").count(), 4);
  assert.equal(await page.locator(".tile-map.cols-3 .tile").count(), 10, "ten county governors (2020 counties)");
  assert.equal(await page.locator("#map table").count(), 2, "a table behind each map");
  assert.equal(asked.length, 1, "the map's figures in one request");
  await page.waitForSelector("table.matrix tbody td");
  await page.waitForLoadState("networkidle");
  const calls = apiCalls.filter((u) => !u.endsWith("/api/v1/login"));
  assert.ok(calls.length <= 5, `the overview's first load asks the API ${calls.length} times: ${calls.join(", ")}`);
  await page.selectOption("#map-indicator", "risks");
  await page.waitForFunction(() => document.querySelector("#map caption")?.textContent.includes("Risikoer"));
  await page.waitForSelector("#map .tile-value:has-text('risikoer')");
  const vest = await (await page.request.get(`${ctx.server.url}/api/v1/risks/matrix?within=helse-vest`)).json();
  const row = page.locator("#map tbody tr", { hasText: "Helse Vest" });
  assert.equal((await row.locator("td").textContent()).trim(), `${vest.total} risikoer`);
  const vestland = await (await page.request.get(`${ctx.server.url}/api/v1/risks/matrix?within=sf-vestland`)).json();
  const county = page.locator("#map tbody tr", { hasText: "Statsforvalteren i Vestland" });
  assert.equal((await county.locator("td").textContent()).trim(), `${vestland.total} risikoer`);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

t("an organisation below the user's is chosen from the list and kept in the address", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "pia");
  await page.waitForSelector("#within option[value='helse-bergen']", { state: "attached" });
  await page.waitForSelector("table.matrix tbody td");
  const bergen = await (await page.request.get(`${ctx.server.url}/api/v1/risks/matrix?within=helse-bergen`)).json();
  const vest = await (await page.request.get(`${ctx.server.url}/api/v1/risks/matrix?within=helse-vest`)).json();
  assert.notEqual(bergen.total, vest.total, "the demo data tells the two apart");
  await page.waitForFunction((n) => document.querySelector("#matrix").textContent.includes(`${n} risikoer i alt`), vest.total);
  await page.selectOption("#within", "helse-bergen");
  await page.waitForURL(/within=helse-bergen/);
  /* the panels show the chosen organisation's figures, not the ones before */
  await page.waitForFunction((n) => document.querySelector("#matrix").textContent.includes(`${n} risikoer i alt`), bergen.total);
  assert.equal(await page.inputValue("#within"), "helse-bergen");
  await noProblems(page);
  await page.context().close();
});

t("English by the switch, remembered after a reload", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "vera");
  await page.getByRole("button", { name: "Switch to English" }).click();
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Overview");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.reload();
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Overview");
  await page.waitForSelector("table.matrix tbody td");
  await accessible(page);
  await page.getByRole("button", { name: "Bytt til norsk" }).click();
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Oversikt");
  await noProblems(page);
  await page.context().close();
});

t("the login works by keyboard alone", async () => {
  const page = await newPage(ctx.browser);
  await page.goto(`${ctx.server.url}/logg-inn`);
  await page.waitForSelector("#username");
  await page.keyboard.press("Tab");                 /* the skip link comes first */
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
  let guard = 0;
  while ((await page.evaluate(() => document.activeElement.id)) !== "username" && guard++ < 10)
    await page.keyboard.press("Tab");
  await page.keyboard.type("carl");
  await page.keyboard.press("Tab");
  await page.keyboard.type(USERS.carl.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === "/");
  await page.waitForSelector("table.matrix");
  await noProblems(page);
  await page.context().close();
});

t("the pages reflow at 320 px without sideways scrolling", async () => {
  const page = await newPage(ctx.browser, { viewport: { width: 320, height: 800 } });
  await page.goto(`${ctx.server.url}/logg-inn`);
  await page.waitForSelector("#username");
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(await wide() <= 320, `the login page is ${await wide()} px wide`);
  await login(page, ctx.server.url, "ada");
  await page.waitForSelector("table.matrix tbody td");
  assert.ok(await wide() <= 320, `the dashboard is ${await wide()} px wide`);
  await noProblems(page);
  await page.context().close();
});

t("every list, form, import and other screen passes axe-core and reflows at 320 px", async () => {
  const { kinds } = await import("../../web/src/kinds.js");
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "pia");
  const screens = [["/register", "h1"], ["/ovelsesplan", "table.calendar"], ["/logg", "table tbody tr"],
                   ["/konto", "#old"], ["/tilgjengelighet", "h1"], ["/personell", "#chart-workforce canvas"],
                   ["/simulering", "#runs"], ["/situasjon", "#chart-situation canvas"]];
  for (const k of kinds)
    screens.push([`/${k.slug}`, "p[role=status]"], [`/${k.slug}/ny`, "form.record"], [`/${k.slug}/import`, "#import-file"]);
  const failures = [];
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [path, ready] of screens) {
      await page.goto(`${ctx.server.url}${path}`);
      await page.waitForSelector(ready, { state: "attached" });
      await page.waitForLoadState("networkidle");
      const violations = await axeViolations(page);
      if (violations.length)
        failures.push(`${path} at ${width} px: ${JSON.stringify(violations)}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width === 320 && wide > 320)
        failures.push(`${path} is ${wide} px wide at 320 px`);
    }
  }
  assert.deepEqual(failures, []);
  await noProblems(page);
  await page.context().close();
});

t("a wrong old password is the server's message next to that field", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "vera");
  await page.getByRole("link", { name: "Min konto" }).click();
  await page.getByLabel("Nåværende passord", { exact: true }).fill("not-the-password");
  await page.getByLabel("Nytt passord", { exact: true }).fill("a-new-password-1");
  await page.getByLabel("Gjenta nytt passord", { exact: true }).fill("a-new-password-1");
  await page.getByRole("button", { name: "Bytt passord" }).click();
  await page.waitForSelector("#old-error");
  assert.ok((await page.textContent("#old-error")).length > 5);
  assert.equal(await page.getAttribute("#old", "aria-invalid"), "true");
  assert.match(await page.getAttribute("#old", "aria-describedby"), /old-error/);
  page.expectProblem(/40[03]/);
  await accessible(page);
  await noProblems(page);
  await page.context().close();
});

t("the accessibility statement is there without a login", async () => {
  const page = await newPage(ctx.browser);
  await page.goto(`${ctx.server.url}/tilgjengelighet`);
  await page.waitForSelector("h1");
  assert.equal(await page.textContent("h1"), "Tilgjengelighetserklæring");
  await accessible(page);
  await noProblems(page);
  await page.context().close();
});

t("an address the app does not have says so, and the API's stay JSON", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "vera");
  await page.waitForSelector("table.matrix tbody td");
  const answer = await page.goto(`${ctx.server.url}/finnes-ikke`);
  assert.equal(answer.status(), 404);
  await page.waitForSelector("h1");
  assert.equal(await page.textContent("h1"), "Fant ikke siden");
  page.expectProblem(/status of 404/);
  const res = await page.request.get(`${ctx.server.url}/api/v1/finnes-ikke`);
  assert.equal(res.status(), 404);
  assert.match(res.headers()["content-type"], /application\/json/);
  await accessible(page);
  await noProblems(page);
  await page.context().close();
});
