// chart.js - a line chart over days (uPlot) with the table of the same figures behind it:
// LineChart draws each series as a line (told apart by dash as well as colour), an optional
// band (5-95 % of the Monte Carlo runs) filled between two series, a legend, axes in nb-NO
// numbers, and under the chart a "show the figures" disclosure with every day's values, so that
// nothing is only in the picture. It follows the width of its container.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { t } from "./i18n.js";
import { number } from "./format.js";
import { html } from "./ui.js";

const COLOURS = ["#1e5aa8", "#a4161a", "#1b6b35", "#8a5300", "#5b2a86", "#00677f", "#444f5a"];
const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 4], [12, 6]];

/* series: [{label, values, unit}]; band: {label, lo, hi} (arrays) or null. */
export function LineChart({ id, title, days, series, band, unit, digits = 0, xLabel }) {
  const xName = xLabel || t("chart.day");
  const xShow = (v) => (xLabel ? String(v) : number(v));   /* years are not grouped: 2030 */
  const box = useRef(null);
  useEffect(() => {
    if (!box.current)
      return undefined;
    const data = [days];
    const specs = [{ label: xName, value: (u, v) => (v === null ? "–" : xShow(v)) }];
    if (band) {
      data.push(band.hi, band.lo);
      specs.push({ label: `${band.label} (95 %)`, stroke: "rgba(30,90,168,0.35)", width: 1 },
                 { label: `${band.label} (5 %)`, stroke: "rgba(30,90,168,0.35)", width: 1 });
    }
    series.forEach((s, i) => {
      data.push(s.values);
      specs.push({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 2,
                   dash: DASHES[i % DASHES.length], value: (u, v) => v === null ? "–" : number(v, digits) });
    });
    const opts = {
      width: Math.max(280, box.current.clientWidth),
      height: 260,
      series: specs,
      bands: band ? [{ series: [1, 2], fill: "rgba(30,90,168,0.15)" }] : [],
      scales: { x: { time: false } },
      axes: [
        { label: xName, values: (u, vals) => vals.map((v) => xShow(v)) },
        { label: unit, size: 70, values: (u, vals) => vals.map((v) => number(v)) },
      ],
      legend: { live: true },
    };
    const plot = new uPlot(opts, data, box.current);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, box.current.clientWidth), height: 260 }));
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [days, series, band]);

  const headers = [xName, ...(band ? [`${band.label} 5 %`, `${band.label} 95 %`] : []), ...series.map((s) => s.label)];
  return html`
    <figure class="chart" id=${id} aria-labelledby=${`${id}-title`}>
      <figcaption id=${`${id}-title`}>${title} <span class="muted">(${unit})</span></figcaption>
      <div ref=${box} class="chart-box" role="img" aria-label=${t("chart.alt", { title })}></div>
      <details>
        <summary>${t("chart.table")}</summary>
        <div class="table-scroll" role="region" aria-label=${title} tabindex="0">
          <table>
            <thead><tr>${headers.map((h) => html`<th scope="col" class="num">${h}</th>`)}</tr></thead>
            <tbody>${days.map((d, i) => html`
              <tr>
                <th scope="row" class="num">${xShow(d)}</th>
                ${band && html`<td class="num">${number(band.lo[i], digits)}</td><td class="num">${number(band.hi[i], digits)}</td>`}
                ${series.map((s) => html`<td class="num">${number(s.values[i], digits)}</td>`)}
              </tr>`)}
            </tbody>
          </table>
        </div>
      </details>
    </figure>`;
}
