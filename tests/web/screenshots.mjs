// screenshots.mjs - `make screenshots`: a PNG of every screen of the web app in both languages
// (and the dashboard at 320 px) into out/screenshots/, from a demo server in Debian's chromium.
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { missing, startServer, launchBrowser, newPage, login } from "./harness.mjs";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "out", "screenshots");
const screens = [
  { name: "login", path: "/logg-inn", user: null, ready: "#username" },
  { name: "dashboard", path: "/", user: "pia", ready: "table.matrix tbody td" },
  { name: "dashboard-national", path: "/", user: "nina", ready: ".tile-map .tile" },
  { name: "workforce", path: "/personell", user: "pia", ready: "#chart-workforce canvas" },
  { name: "exercise-plan", path: "/ovelsesplan", user: "pia", ready: "table.calendar tbody tr" },
  { name: "situation", path: "/situasjon", user: "pia", ready: "#chart-situation canvas" },
  { name: "audit", path: "/logg", user: "ada", ready: "table tbody tr" },
  { name: "users", path: "/brukere", user: "ada", ready: "#new-name" },
  { name: "import", path: "/lagre/import", user: "carl", ready: "#import-file" },
  { name: "account", path: "/konto", user: "pia", ready: "#old" },
  { name: "accessibility", path: "/tilgjengelighet", user: null, ready: "h1" },
  { name: "ros", path: "/ros", user: "pia", ready: "table tbody tr" },
  { name: "ros-new", path: "/ros/ny", user: "pia", ready: "#f-title" },
  { name: "scenario-parameters", path: "/scenarier/1", user: "pia", ready: "#param-epidemic-r0" },
  { name: "register", path: "/register", user: "pia", ready: "h1" },
  { name: "surge", path: "/simulering", user: "pia", ready: "#runs",
    act: async (page) => {
      await page.selectOption("#region", "helse-vest");
      await page.getByRole("button", { name: /Kjør simuleringen|Run the simulation/ }).click();
      await page.waitForSelector("#chart-stock canvas");
    } },
];

const why = missing();
if (why) {
  console.log(`screenshots: skipped (${why})`);
  process.exit(0);
}
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const lang of ["nb", "en"]) {
    for (const width of [1280, 320]) {
      for (const s of screens) {
        if (process.env.SCREENS && !process.env.SCREENS.split(",").includes(s.name))
          continue;
        if (width === 320 && s.name !== "dashboard" && s.name !== "login")
          continue;
        const page = await newPage(browser, { viewport: { width, height: 900 } });
        await page.addInitScript((l) => localStorage.setItem("klar.lang", l), lang);
        if (s.user)
          await login(page, server.url, s.user);
        await page.goto(`${server.url}${s.path}`);
        await page.waitForSelector(s.ready, { state: "attached" });
        if (s.act)
          await s.act(page);
        await page.waitForLoadState("networkidle");
        const file = join(out, `${s.name}-${lang}${width === 320 ? "-320" : ""}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`screenshots: ${file}`);
        await page.context().close();
      }
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
