// build.mjs - builds the web app into dist/: src/main.js and what it imports (Preact, htm,
// uPlot, Papa Parse from node_modules) into one minified ES module, dist/app.js; src/xlsx.js
// (read-excel-file) into dist/xlsx.js, which the import screen loads only when it reads an
// XLSX file (the app imports it by its URL, /assets/xlsx.js); and src/app.css with
// uPlot's stylesheet into dist/app.css. The output is the same bytes on every build from the
// same sources and lockfile: `node build.mjs --check` builds into memory and fails when dist/
// differs (CI runs it), so the committed bundle is always the one the sources give.
import * as esbuild from "esbuild";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes("--check");

const common = {
  bundle: true,
  minify: true,
  write: false,
  legalComments: "eof",
  target: ["es2020"],
  logLevel: "warning",
  absWorkingDir: here,
};

const outputs = [
  ...(await esbuild.build({ ...common, entryPoints: ["src/main.js"], format: "esm",
                             outfile: "dist/app.js", external: ["/assets/xlsx.js"] })).outputFiles,
  ...(await esbuild.build({ ...common, entryPoints: ["src/xlsx.js"], format: "esm",
                             outfile: "dist/xlsx.js" })).outputFiles,
  ...(await esbuild.build({ ...common, entryPoints: ["src/app.css"],
                             outfile: "dist/app.css" })).outputFiles,
];

let stale = [];
for (const out of outputs) {
  const path = out.path;
  let old = null;
  try {
    old = readFileSync(path);
  } catch {
    old = null;
  }
  if (old && Buffer.compare(old, Buffer.from(out.contents)) === 0)
    continue;
  if (check) {
    stale.push(path.slice(here.length + 1));
    continue;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, out.contents);
  console.log(`web: wrote ${join("web", path.slice(here.length + 1))} (${out.contents.length} bytes)`);
}
if (stale.length) {
  console.error(`web: ${stale.join(", ")} differ from what the sources build: run make web and commit web/dist`);
  process.exit(1);
}
