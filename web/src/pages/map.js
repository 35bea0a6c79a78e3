// map.js - the overview's map of Norway: a schematic tile map of the four regional health
// authorities (no boundary data: four tiles placed as the regions lie, north to south), each
// coloured by the chosen indicator and showing its figure as text, with the same figures in a
// table under it. The indicators are the API's overviews per RHF (?within=<rhf>): today's
// worst situation status, staffed ICU beds, risks in the ROS register, and stock items under
// six months of normal consumption.
import { useEffect, useState } from "preact/hooks";
import { get, withQuery } from "../api.js";
import { t } from "../i18n.js";
import { number } from "../format.js";
import { html, Section, Loading, TableScroll } from "../ui.js";

/* The tiles: id, grid row and column (north at the top). */
const TILES = [
  { id: "helse-nord", row: 1, col: 2 },
  { id: "helse-midt-norge", row: 2, col: 2 },
  { id: "helse-vest", row: 3, col: 1 },
  { id: "helse-sor-ost", row: 3, col: 2 },
];

/* Each indicator: its API call, its figure, and the figure's band (0 good ... 3 bad) for the
 * colour, which is never the only carrier: the figure is on the tile. */
const INDICATORS = {
  situation: {
    path: "/situation-reports/rollup",
    value: (d) => (d.reports_received.value === 0 ? null : d.worst_status),
    show: (v) => (v ? t(`enum.status.${v}`) : t("map.no_reports")),
    band: (v) => ({ normal: 0, strained: 2, critical: 3 })[v] ?? -1,
  },
  icu: {
    path: "/capacity/summary",
    value: (d) => (d.categories.find((c) => c.category === "icu") || { staffed: { value: null } }).staffed.value,
    show: (v) => (v === null ? "–" : `${number(v)} ${t("unit.beds")}`),
    band: () => -1,
  },
  risks: {
    path: "/risks/matrix",
    value: (d) => d.total,
    show: (v) => `${number(v)} ${t("unit.risks")}`,
    band: () => -1,
  },
  stocks: {
    path: "/stocks/compliance",
    value: (d) => d.items.filter((i) => !i.compliant).length,
    show: (v) => t("map.stocks_short", { count: number(v) }),
    band: (v) => (v === 0 ? 0 : v <= 2 ? 2 : 3),
  },
};

export function RegionMap({ orgs }) {
  const [indicator, setIndicator] = useState("situation");
  const [loaded, setLoaded] = useState(null);     /* {indicator, values}: never mixed */
  const present = TILES.filter((tile) => orgs.has(tile.id));
  useEffect(() => {
    let live = true;
    const ind = INDICATORS[indicator];
    Promise.all(present.map((tile) => get(withQuery(ind.path, { within: tile.id }))
      .then((d) => [tile.id, ind.value(d)], () => [tile.id, undefined])))
      .then((pairs) => live && setLoaded({ indicator, values: new Map(pairs) }));
    return () => { live = false; };
  }, [indicator, present.length]);
  if (present.length < 2)              /* a map of one region tells nothing */
    return null;
  const values = loaded && loaded.indicator === indicator ? loaded.values : null;
  const ind = INDICATORS[indicator];
  return html`
    <${Section} id="map" title=${t("map.title")}>
      <div class="field">
        <label for="map-indicator">${t("map.indicator")}</label>
        <select id="map-indicator" value=${indicator} onChange=${(e) => setIndicator(e.currentTarget.value)}>
          ${Object.keys(INDICATORS).map((k) => html`<option value=${k}>${t(`map.indicator.${k}`)}</option>`)}
        </select>
      </div>
      ${!values ? html`<${Loading} />` : html`
        <div class="tile-map" role="img" aria-label=${t("map.alt")}>
          ${present.map((tile) => {
            const v = values.get(tile.id);
            return html`
              <div class=${`tile pos-${tile.row}-${tile.col} band-${v === undefined ? "x" : ind.band(v)}`}>
                <span class="tile-name">${orgs.get(tile.id).name}</span>
                <span class="tile-value">${v === undefined ? "–" : ind.show(v)}</span>
              </div>`;
          })}
        </div>
        <${TableScroll} label=${t("map.table")}><table>
          <caption>${t("map.table")}: ${t(`map.indicator.${indicator}`)}</caption>
          <thead><tr><th scope="col">${t("map.region")}</th><th scope="col">${t(`map.indicator.${indicator}`)}</th></tr></thead>
          <tbody>${present.map((tile) => html`
            <tr><th scope="row">${orgs.get(tile.id).name}</th><td>${values.get(tile.id) === undefined ? "–" : ind.show(values.get(tile.id))}</td></tr>`)}
          </tbody>
        </table><//>
        <p class="muted small">${t("map.note")}</p>`}
    <//>`;
}
