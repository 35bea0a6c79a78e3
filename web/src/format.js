// format.js - numbers and dates as Norwegian users write them, in both languages: numbers in
// nb-NO with a narrow no-break space between groups of three (1 234 567) and a decimal comma,
// dates dd.mm.yyyy, times in Europe/Oslo; and a quantity ({value, unit} as the API gives it)
// with its unit in words. CSV exports use plain numbers instead (not these).
import { tOr } from "./i18n.js";

const GROUP = "\u202f";
const formats = new Map();

function numberFormat(digits) {
  if (!formats.has(digits))
    formats.set(digits, new Intl.NumberFormat("nb-NO", {
      minimumFractionDigits: digits, maximumFractionDigits: digits,
    }));
  return formats.get(digits);
}

/* n with `digits` decimals (default 0); "–" for null or undefined. */
export function number(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n))
    return "–";
  return numberFormat(digits).format(n).replace(/[\u00a0\u202f ]/g, GROUP).replace("-", "−");
}

const exactFormat = new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 10 });

/* n with as many decimals as it has (at most 10), for values as a user wrote them. */
export function exact(n) {
  if (n === null || n === undefined || Number.isNaN(n))
    return "–";
  return exactFormat.format(n).replace(/[\u00a0\u202f ]/g, GROUP).replace("-", "−");
}

/* "2026-11-03" as "03.11.2026" (the date as written, no time zone involved). */
export function date(iso) {
  if (!iso)
    return "–";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

const timeFormat = new Intl.DateTimeFormat("nb-NO", {
  timeZone: "Europe/Oslo", day: "2-digit", month: "2-digit", year: "numeric",
  hour: "2-digit", minute: "2-digit",
});

/* A Unix time (s) or a Date as "03.11.2026 14:05" in Norwegian time. */
export function dateTime(when) {
  const d = when instanceof Date ? when : new Date(when * 1000);
  return timeFormat.format(d).replace(",", "");
}

/* The unit in words in the current language ("senger" for "beds"), else as given. */
export function unit(u) {
  return tOr(`unit.${u}`, u);
}

/* {value, unit} as "1 234 senger"; digits decimals. */
export function quantity(q, digits = 0) {
  if (!q)
    return "–";
  return `${number(q.value, digits)} ${unit(q.unit)}`;
}
