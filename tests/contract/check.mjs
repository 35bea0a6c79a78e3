// check.mjs - the API contract test. Validates the server's OpenAPI description with a
// standard OpenAPI validator (@seriousme/openapi-schema-validator), then checks every answer
// the HTTP tests logged (tests/cli/server.inc: N.meta and N.body in the log directory) against
// the operation it went to: the status must be one the operation documents, and a JSON body
// must match the schema documented for that status (ajv). Answers to paths the description
// does not have (404 for /nowhere, 405) are counted, not checked.
//
//   node check.mjs OPENAPI.json LOGDIR
//
// Prints one line per failure and ends with "N passed, N failed"; exit status 1 on failure.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const [docFile, logDir] = process.argv.slice(2);
if (!docFile || !logDir) {
  console.error("usage: node check.mjs OPENAPI.json LOGDIR");
  process.exit(2);
}
const doc = JSON.parse(readFileSync(docFile, "utf8"));
let passed = 0;
const failures = [];

// 1. the description itself
const validator = new Validator();
const verdict = await validator.validate(doc);
if (verdict.valid) {
  passed++;
} else {
  failures.push(`openapi.json is not valid OpenAPI ${doc.openapi}: ` +
                JSON.stringify(verdict.errors).slice(0, 2000));
}

// 2. the operations, as matchers of paths
const methods = ["get", "put", "post", "delete", "patch"];
const operations = [];
for (const [template, item] of Object.entries(doc.paths)) {
  const segments = template.split("/");
  for (const m of methods) {
    if (item[m]) operations.push({ template, segments, method: m, op: item[m], seen: 0 });
  }
}

// The operation of method and path: literal segments win over {params}, as in the router.
function findOperation(method, path) {
  const parts = path.split("/");
  let best = null, bestLiterals = -1;
  for (const o of operations) {
    if (o.method !== method || o.segments.length !== parts.length) continue;
    let literals = 0, ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      if (/^\{.*\}$/.test(o.segments[i])) continue;
      if (o.segments[i] === parts[i]) literals++;
      else ok = false;
    }
    if (ok && literals > bestLiterals) { best = o; bestLiterals = literals; }
  }
  return best;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(doc, "openapi.json");

// JSON pointer escaping of one reference token
const token = (t) => String(t).replace(/~/g, "~0").replace(/\//g, "~1");
const validators = new Map();
function validatorFor(o, status, type) {
  const key = `${o.method} ${o.template} ${status} ${type}`;
  if (!validators.has(key)) {
    const ptr = ["paths", o.template, o.method, "responses", status, "content", type, "schema"]
      .map(token).join("/");
    validators.set(key, ajv.getSchema(`openapi.json#/${ptr}`));
  }
  return validators.get(key);
}

// 3. the logged answers
let unmatched = 0;
const metas = readdirSync(logDir).filter((f) => f.endsWith(".meta")).sort();
for (const meta of metas) {
  const [status, method, url, type] = readFileSync(join(logDir, meta), "utf8").split("\n");
  const body = readFileSync(join(logDir, meta.replace(/\.meta$/, ".body")), "utf8");
  const path = new URL(url).pathname;
  const where = `${method} ${path} -> ${status} (${meta})`;
  const o = status === "405" ? null : findOperation(method.toLowerCase(), path);
  if (!o) { unmatched++; continue; }
  o.seen++;
  const response = o.op.responses[status];
  if (!response) {
    failures.push(`${where}: status ${status} is not documented for ${method} ${o.template} ` +
                  `(documented: ${Object.keys(o.op.responses).join(", ")})`);
    continue;
  }
  const content = response.content || {};
  if (!content[type]) {
    failures.push(`${where}: content type '${type}' is not documented ` +
                  `(documented: ${Object.keys(content).join(", ") || "none"})`);
    continue;
  }
  if (type !== "application/json") { passed++; continue; }
  let value;
  try {
    value = JSON.parse(body);
  } catch (e) {
    failures.push(`${where}: the body is not JSON: ${e.message}`);
    continue;
  }
  const validate = validatorFor(o, status, type);
  if (!validate) {
    failures.push(`${where}: no schema could be compiled for it`);
  } else if (validate(value)) {
    passed++;
  } else {
    const errs = validate.errors.slice(0, 5).map((e) =>
      `${e.instancePath || "(root)"} ${e.message}${e.params && e.params.additionalProperty
        ? ` '${e.params.additionalProperty}'` : ""}`);
    failures.push(`${where}: does not match its schema: ${errs.join("; ")}`);
  }
}

const unseen = operations.filter((o) => !o.seen).map((o) => `${o.method.toUpperCase()} ${o.template}`);
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`contract: ${metas.length} answers logged, ${metas.length - unmatched} checked ` +
            `against ${operations.length - unseen.length} of ${operations.length} operations` +
            (unseen.length ? `; not exercised: ${unseen.join(", ")}` : ""));
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
