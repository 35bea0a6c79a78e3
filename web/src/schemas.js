// schemas.js - what the API says of each record kind, read once from /api/v1/openapi.json: the
// fields of its input (type, format, choices, lengths, required, the kind a reference points
// at), its list's filters, and the least role of each operation, so that forms are built from
// the server's own contract and the app offers no control the user's role may not use. The
// server still checks everything; the app only shows what it answers.
import { get } from "./api.js";

let loading = null;

export function loadSchemas() {
  if (!loading)
    loading = get("/openapi.json").catch((e) => {
      loading = null;
      throw e;
    });
  return loading;
}

/* The fields of a kind's input schema in order: {name, type, format, enum, required, max,
 * min, refers, items, nullable}. */
export function fieldsOf(doc, kind) {
  const s = doc.components.schemas[`${kind.schema}-input`];
  const required = new Set(s.required || []);
  return Object.entries(s.properties)
    .filter(([name]) => name !== "version")
    .map(([name, p]) => ({
      name,
      type: p.type,
      format: p.format,
      enum: p.enum ? p.enum.filter((v) => v !== null) : null,
      required: required.has(name),
      max: p.maxLength,
      minimum: p.minimum,
      maximum: p.maximum,
      refers: p["x-klar-refers-to"] || (p.items && p.items["x-klar-refers-to"]) || null,
      items: p.items || null,
      nullable: Boolean(p.nullable),
    }));
}

/* The filters of a kind's list: [{name, enum}] (the query parameters besides within and the
 * page). */
export function filtersOf(doc, kind) {
  const op = doc.paths[`/api/v1/${kind.api}`].get;
  return (op.parameters || [])
    .filter((p) => !["within", "limit", "offset", "inherited"].includes(p.name))
    .map((p) => ({ name: p.name, type: p.schema.type, enum: choices(p.schema) }));
}

/* The values a filter may take when they are few: an enum, a boolean, a small integer range. */
function choices(schema) {
  if (schema.enum)
    return schema.enum.filter((v) => v !== null);
  if (schema.type === "boolean")
    return [true, false];
  if (schema.type === "integer" && schema.minimum !== undefined && schema.maximum !== undefined &&
      schema.maximum - schema.minimum <= 10) {
    const out = [];
    for (let v = schema.minimum; v <= schema.maximum; v++)
      out.push(v);
    return out;
  }
  return null;
}

/* The least role of method on a kind's path ("" for the list, "/{id}" for one record). */
export function leastRole(doc, kind, method, one = false) {
  const path = `/api/v1/${kind.api}${one ? "/{id}" : ""}`;
  const op = doc.paths[path] && doc.paths[path][method];
  return op ? op["x-klar-least-role"] : null;
}
