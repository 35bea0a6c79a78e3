// harness.mjs - what the browser tests share: a klar server on the demo data with one user of
// each role (started with `klar serve --demo` on a fresh database on a free port), Debian's
// chromium driven by playwright-core (the system browser; nothing is downloaded), pages that
// record console errors, failed requests and Content-Security-Policy violations, login as a
// user, and axe-core's WCAG 2.0/2.1 A and AA rules run in the page.
import { spawn, execFileSync } from "node:child_process";
import { test, before, after } from "node:test";
import { mkdtempSync, rmSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
export const KLAR = process.env.KLAR ? join(root, process.env.KLAR) : join(root, "build", "klar");
export const CHROMIUM = process.env.KLAR_CHROMIUM || "/usr/bin/chromium";

/* One user of every role, at Helse Vest (the demo data's region), and a national planner at
 * the Ministry, with their passwords. */
export const USERS = {
  vera: { role: "viewer", org: "helse-vest", password: "vera-password-1" },
  carl: { role: "contributor", org: "helse-vest", password: "carl-password-1" },
  pia: { role: "planner", org: "helse-vest", password: "pia-password-1" },
  ada: { role: "admin", org: "helse-vest", password: "ada-password-1" },
  nina: { role: "planner", org: "hod", password: "nina-password-1" },   /* national */
};

/* Why the browser tests cannot run here, or null. */
export function missing() {
  if (!existsSync(CHROMIUM))
    return `no browser at ${CHROMIUM} (on Debian: apt-get install chromium)`;
  if (!existsSync(KLAR))
    return `no klar binary at ${KLAR} (run make)`;
  try {
    require.resolve("playwright-core");
    require.resolve("axe-core");
  } catch {
    return "the npm packages of tests/web are missing (make deps)";
  }
  return null;
}

/* Starts klar serve --demo on a fresh database; {url, stop()}. */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), "klar-web-"));
  const db = join(dir, "klar.db");
  for (const [name, u] of Object.entries(USERS))
    execFileSync(KLAR, ["user", "add", name, "--org", u.org, "--role", u.role, "--db", db],
                 { env: { ...process.env, KLAR_PASSWORD: u.password }, stdio: "pipe" });
  const child = spawn(KLAR, ["serve", "--demo", "--db", db, "--listen", "127.0.0.1:0"],
                      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, KLAR_DATA: join(root, "data") } });
  let out = "", err = "";
  child.stderr.on("data", (d) => { err += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`klar serve did not start: ${err}`)), 20000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /klar: serving (http:\/\/[^ ]+)\/ /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`klar serve exited ${code}: ${err}`)));
  });
  return {
    url,
    errors: () => err,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/* A new page in its own context (its own cookies and storage) that records what went wrong:
 * page.problems() lists console errors, page errors, failed requests and CSP violations. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: "nb-NO", timezoneId: "Europe/Oslo",
                                             viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error")
      problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => {
    if (r.failure()?.errorText !== "net::ERR_ABORTED")      /* left behind by a navigation */
      problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.problems = () => problems.slice();
  /* the API's 4xx answers the test provoked on purpose are not problems */
  page.expectProblem = (pattern) => {
    for (let i = problems.length - 1; i >= 0; i--)
      if (pattern.test(problems[i]))
        problems.splice(i, 1);
  };
  return page;
}

/* Logs in as name through the login form (from wherever the page is). */
export async function login(page, url, name) {
  await page.goto(`${url}/logg-inn`);
  await page.getByLabel(/Brukernavn|User name/).fill(name);
  await page.getByLabel(/^(Passord|Password)$/).fill(USERS[name].password);
  await page.getByRole("button", { name: /Logg inn|Log in/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/logg-inn"));
}

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/* The violations of axe-core's WCAG 2.0/2.1 A and AA rules on the page, as short strings.
 * axe is evaluated through the debugging protocol, not a script tag, so the page's
 * Content-Security-Policy stays as it is. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => Boolean(window.axe))))
    await page.evaluate(axeSource);          /* a string: evaluated by the protocol, not eval */
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
}

/* The setting of a test file: a server and a browser for all its tests, started before the
 * first and stopped after the last; t(name, fn) is a test that skips, saying why, where the
 * browser tests cannot run. ctx.server and ctx.browser are set while the tests run. */
export function browserSuite() {
  const why = missing();
  const ctx = { server: null, browser: null };
  before(async () => {
    if (why)
      return;
    ctx.server = await startServer();
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  const t = (name, fn) => test(name, { skip: why || false }, fn);
  return { t, ctx };
}
