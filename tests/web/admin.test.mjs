// admin.test.mjs - administration in Debian's chromium: an admin creates a user (the server's
// message for a bad name next to that field first), who then logs in with the first password;
// the admin disables the user, whose login is then refused; the menu offers Brukere to admins
// and Endringslogg to planners and admins only; the audit log shows the creation with its
// after side. No console errors and no axe violations.
import assert from "node:assert/strict";
import { browserSuite, newPage, login, axeViolations } from "./harness.mjs";

const { t, ctx } = browserSuite();

async function loginAs(page, name, password) {
  await page.goto(`${ctx.server.url}/logg-inn`);
  await page.getByLabel("Brukernavn").fill(name);
  await page.getByLabel("Passord").fill(password);
  await page.getByRole("button", { name: "Logg inn" }).click();
}

t("the menu offers administration to the roles the API lets in", async () => {
  for (const [user, audit, users] of [["vera", 0, 0], ["carl", 0, 0], ["pia", 1, 0], ["ada", 1, 1]]) {
    const page = await newPage(ctx.browser);
    await login(page, ctx.server.url, user);
    await page.waitForSelector("nav a[href='/']");
    assert.equal(await page.locator("nav a[href='/logg']").count(), audit, `${user}: Endringslogg`);
    assert.equal(await page.locator("nav a[href='/brukere']").count(), users, `${user}: Brukere`);
    await page.context().close();
  }
});

t("an admin creates a user who then logs in; disabled, the user cannot", async () => {
  const page = await newPage(ctx.browser);
  await login(page, ctx.server.url, "ada");
  await page.getByRole("link", { name: "Brukere" }).click();
  await page.waitForSelector("#new-name");
  await page.fill("#new-name", "Ola Nordmann");                 /* capitals and a space */
  await page.selectOption("#new-org", "helse-bergen");
  await page.selectOption("#new-role", "contributor");
  await page.fill("#new-password", "first-password-1");
  await page.getByRole("button", { name: "Opprett brukeren" }).click();
  await page.waitForSelector("#new-name-error");
  page.expectProblem(/status of 400/);
  await page.fill("#new-name", "ola.nordmann");
  await page.getByRole("button", { name: "Opprett brukeren" }).click();
  await page.waitForSelector("table tbody tr:has-text('ola.nordmann')");
  assert.equal(await page.inputValue("#new-name"), "");
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);

  const ola = await newPage(ctx.browser);
  await loginAs(ola, "ola.nordmann", "first-password-1");
  await ola.waitForURL((u) => u.pathname === "/");
  assert.match(await ola.textContent("header"), /ola\.nordmann \(bidragsyter, Helse Bergen HF\)/);
  await ola.context().close();

  const card = page.locator("section", { hasText: "ola.nordmann" }).last();
  await card.getByRole("button", { name: "Deaktiver" }).click();
  await page.waitForSelector("table tbody tr:has-text('deaktivert')");
  const refused = await newPage(ctx.browser);
  await loginAs(refused, "ola.nordmann", "first-password-1");
  await refused.getByRole("alert").waitFor();
  refused.expectProblem(/status of 401/);
  assert.deepEqual(refused.problems(), []);
  await refused.context().close();

  await page.getByRole("link", { name: "Endringslogg" }).click();
  await page.selectOption("#audit-entity", "users");
  await page.waitForURL(/entity=users/);
  await page.waitForFunction(() => [...document.querySelectorAll("table tbody tr td:nth-child(4)")]
    .every((td) => td.textContent.startsWith("Brukere")));
  assert.match(await page.textContent("table tbody"), /opprettet/);
  await page.locator("table tbody tr", { hasText: "opprettet" }).first().locator("summary").click();
  assert.match(await page.textContent("table.diff"), /ola\.nordmann/);
  assert.deepEqual(await axeViolations(page), []);

  /* by user and date: ada's changes of today are there, none before today */
  const today = new Date().toLocaleDateString("sv-SE");      /* YYYY-MM-DD in local time */
  await page.fill("#audit-user", "ada");
  await page.fill("#audit-from", today);
  await page.fill("#audit-to", today);
  await page.getByRole("button", { name: "Vis", exact: true }).click();
  await page.waitForURL(/bruker=ada.*fom=/);
  await page.waitForSelector("table tbody tr");
  const users = await page.locator("table:not(.diff) > tbody > tr > td:nth-child(2)").allTextContents();
  assert.ok(users.length > 0 && users.every((u) => u === "ada"), `users: ${users}`);
  await page.fill("#audit-to", "2020-01-01");
  await page.fill("#audit-from", "2020-01-01");
  await page.getByRole("button", { name: "Vis", exact: true }).click();
  await page.waitForURL(/tom=2020-01-01/);
  await page.waitForSelector("p[role=status]:has-text('Ingen')");
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
