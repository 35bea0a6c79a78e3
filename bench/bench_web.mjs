// bench_web.mjs - the web app's figures in headless chromium against `klar serve --demo` on
// loopback (the last part of `make bench`; skipped, saying why, without chromium): the bytes
// the overview's first load transfers (HTML, JS, CSS and the API answers, as sent: gzip where
// the server sends it) and the time until it is ready (every panel filled); the time from a
// workforce lever's change to the redrawn shortage; and the time from pressing "run" on a
// 200-run surge simulation for an RHF to its charts. Each is printed with its target and the
// ratio to the baseline measured in the same run: the login page's load. Targets are
// reported, not asserted.
import { missing, startServer, launchBrowser, newPage, login, USERS } from "../tests/web/harness.mjs";

const why = missing();
if (why) {
  console.log(`web: skipped (${why})`);
  process.exit(0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ROUNDS = Number(process.env.KLAR_BENCH_WEB_ROUNDS || 5);

/* Bytes on the wire of every response of a page load, from the protocol's own counts. */
async function countBytes(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
  return () => bytes;
}

const server = await startServer();
const browser = await launchBrowser();
try {
  /* the baseline: the login page, ready when its form is there */
  const baseline = [];
  for (let i = 0; i < ROUNDS; i++) {
    const page = await newPage(browser);
    const t0 = performance.now();
    await page.goto(`${server.url}/logg-inn`);
    await page.waitForSelector("#username");
    baseline.push(performance.now() - t0);
    await page.context().close();
  }

  /* the overview's first load after the login: bytes and time until every panel is filled */
  const loads = [], sizes = [];
  for (let i = 0; i < ROUNDS; i++) {
    const page = await newPage(browser);
    /* logged in through the API, so that nothing of the app is in the browser's cache yet */
    await page.request.post(`${server.url}/api/v1/login`, { data: { username: "pia", password: USERS.pia.password } });
    const bytes = await countBytes(page);
    const t0 = performance.now();
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => document.querySelectorAll("main .card").length >= 6 &&
                                     !document.querySelector("main .loading"));
    loads.push(performance.now() - t0);
    sizes.push(bytes());
    await page.context().close();
  }

  /* a workforce lever: change to the redrawn shortage */
  const levers = [];
  {
    const page = await newPage(browser);
    await login(page, server.url, "pia");
    await page.goto(`${server.url}/personell`);
    await page.waitForSelector("#chart-workforce canvas");
    for (let i = 0; i < ROUNDS; i++) {
      const before = await page.locator(".figure .figure-value").first().textContent();
      await page.locator("#lever-migration_factor").focus();
      const t0 = performance.now();
      await page.keyboard.press(i % 2 ? "ArrowLeft" : "ArrowRight");
      await page.waitForFunction((b) => document.querySelector(".figure .figure-value").textContent !== b, before);
      levers.push(performance.now() - t0);
    }
    await page.context().close();
  }

  /* a 200-run surge simulation of Helse Vest: "run" to its charts */
  const surges = [];
  for (let i = 0; i < Math.min(ROUNDS, 3); i++) {
    const page = await newPage(browser);
    await login(page, server.url, "pia");
    await page.goto(`${server.url}/simulering`);
    await page.waitForSelector("#region option[value='helse-vest']", { state: "attached" });
    await page.selectOption("#region", "helse-vest");
    await page.fill("#runs", "200");
    await page.fill("#seed", String(i + 1));
    const t0 = performance.now();
    await page.getByRole("button", { name: "Kjør simuleringen" }).click();
    await page.waitForSelector("#chart-stock canvas");
    surges.push(performance.now() - t0);
    await page.context().close();
  }

  const base = median(baseline);
  const row = (name, value, unit, target, ok, ratio = true) =>
    console.log(`web: ${name.padEnd(42)} ${value.padStart(10)} ${unit.padEnd(3)}` +
                `${ratio ? `  ${(Number(value.replace(/\s/g, "")) / base).toFixed(2).padStart(6)} x login` : "               "}` +
                `  target ${target}: ${ok ? "met" : "NOT MET"}`);
  console.log(`web: medians of ${ROUNDS} rounds; baseline: the login page ready in ${base.toFixed(0)} ms`);
  const kb = median(sizes) / 1024;
  row("overview first load, bytes transferred", kb.toFixed(1), "KB", "<= 150 KB", kb <= 150, false);
  row("overview first load, ready", median(loads).toFixed(0), "ms", "< 1000 ms", median(loads) < 1000);
  row("workforce lever change to redrawn figures", median(levers).toFixed(0), "ms", "< 100 ms", median(levers) < 100);
  row("200-run surge of an RHF, run to charts", median(surges).toFixed(0), "ms", "< 2000 ms", median(surges) < 2000);
} finally {
  await browser.close();
  await server.stop();
}
