// kinds.js - the record kinds of the registry as the app shows them: the address of each kind's
// screen (Norwegian slugs), the name of its API route, the columns of its list and those edited in the list itself
// (inline). Which fields a
// form has, their types, choices, lengths and whether they are required come from the API's own
// description (openapi.json, schemas.js); the texts from the language tables.
export const kinds = [
  { slug: "ros", api: "risks", schema: "risk", columns: ["title", "org_id", "area", "probability", "consequence", "score", "last_assessed"] },
  { slug: "scenarier", api: "scenarios", schema: "scenario", columns: ["title", "org_id", "area", "engine", "region"] },
  { slug: "planforutsetninger", api: "planning-assumptions", schema: "planning-assumption", columns: ["title", "org_id", "value", "unit", "valid_until"] },
  { slug: "planer", api: "plans", schema: "plan", columns: ["title", "org_id", "type", "status", "revision_due"] },
  { slug: "ovelser", api: "exercises", schema: "exercise", columns: ["title", "org_id", "type", "status", "start_date"] },
  { slug: "evalueringer", api: "evaluations", schema: "evaluation", columns: ["title", "org_id", "status", "evaluated_on"] },
  { slug: "laeringspunkter", api: "learning-points", schema: "learning-point", columns: ["title", "org_id", "owner", "status", "due"] },
  { slug: "kapasitet", api: "capacity", schema: "capacity", columns: ["org_id", "category", "physical", "staffed", "surge", "as_of"],
    inline: ["physical", "staffed", "surge", "as_of"] },
  { slug: "lagre", api: "stocks", schema: "stock", columns: ["item", "org_id", "category", "on_hand", "monthly_consumption", "months_of_cover", "as_of"],
    inline: ["on_hand", "monthly_consumption", "as_of"] },
  { slug: "reserver", api: "reserves", schema: "reserve", columns: ["name", "org_id", "profession", "availability", "armed_forces", "last_verified"],
    inline: ["availability", "last_verified"] },
  { slug: "situasjonsrapporter", api: "situation-reports", schema: "situation-report", columns: ["date", "org_id", "status", "capacity_status", "staff_status", "stock_status"] },
];

export function kindBySlug(slug) {
  return kinds.find((k) => k.slug === slug) || null;
}

export function kindByApi(api) {
  return kinds.find((k) => k.api === api) || null;
}

/* The JSON member that holds the rows of a kind's list: "learning-points" -> learning_points */
export function listMember(kind) {
  return kind.api.replace(/-/g, "_");
}

const ROLE_ORDER = ["viewer", "contributor", "planner", "admin"];

/* 1 if role reaches least (the API's x-klar-least-role of an operation). */
export function roleReaches(role, least) {
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(least || "admin");
}
