// map.js - the overview's map of Norway: schematic tile maps (no boundary data: tiles placed
// as the areas lie, north at the top) of the four regional health authorities and of the
// counties (the county governors' areas, 2020 borders; Oslo and Viken share one), each tile
// coloured by the chosen indicator and showing its figure as text, with the same figures in a
// table under each map. The figures come in one answer (GET /overview/areas?indicator=), where
// the server computes each over the area's subtree and says which the user may not read.
import { useEffect, useState } from "preact/hooks";
import { get, withQuery } from "../api.js";
import { t } from "../i18n.js";
import { number } from "../format.js";
import { html, Section, Loading, TableScroll } from "../ui.js";

/* Each map: the type of its areas and their tiles (id, grid row and column). */
const MAPS = [
  { key: "rhf", type: "rhf", columns: 2, tiles: [
    { id: "helse-nord", row: 1, col: 2 },
    { id: "helse-midt-norge", row: 2, col: 2 },
    { id: "helse-vest", row: 3, col: 1 },
    { id: "helse-sor-ost", row: 3, col: 2 },
  ] },
  { key: "county", type: "county-governor", columns: 3, tiles: [
    { id: "sf-troms-finnmark", row: 1, col: 3 },
    { id: "sf-nordland", row: 2, col: 3 },
    { id: "sf-trondelag", row: 3, col: 2 },
    { id: "sf-more-romsdal", row: 4, col: 1 },
    { id: "sf-innlandet", row: 4, col: 2 },
    { id: "sf-vestland", row: 5, col: 1 },
    { id: "sf-oslo-viken", row: 5, col: 2 },
    { id: "sf-rogaland", row: 6, col: 1 },
    { id: "sf-vestfold-telemark", row: 6, col: 2 },
    { id: "sf-agder", row: 7, col: 1 },
  ] },
];

/* How each indicator's figure is shown and banded (0 good ... 3 bad; -1 no colour): the colour
 * is never the only carrier, the figure is on the tile. */
const INDICATORS = {
  situation: {
    show: (v) => (v ? t(`enum.status.${v}`) : t("map.no_reports")),
    band: (v) => ({ normal: 0, strained: 2, critical: 3 })[v] ?? -1,
  },
  icu: { show: (v) => (v === null ? t("map.none") : `${number(v)} ${t("unit.beds")}`), band: () => -1 },
  risks: { show: (v) => `${number(v)} ${t("unit.risks")}`, band: () => -1 },
  stocks: {
    show: (v) => (v === null ? t("map.none") : t("map.stocks_short", { count: number(v) })),
    band: (v) => (v === null ? -1 : v === 0 ? 0 : v <= 2 ? 2 : 3),
  },
};

/* An area's figure as text, "no access" outside what the user may read. */
function shownFigure(ind, area) {
  if (!area)
    return "–";
  return area.readable ? ind.show(area.value) : t("map.no_access");
}

function TileMap({ map, areas, ind, indicator }) {
  const present = map.tiles.filter((tile) => areas.has(tile.id));
  if (present.length < 2)              /* a map of one area tells nothing */
    return null;
  return html`
    <h3>${t(`map.${map.key}.title`)}</h3>
    <div class=${`tile-map cols-${map.columns}`} role="img" aria-label=${t(`map.${map.key}.alt`)}>
      ${present.map((tile) => {
        const a = areas.get(tile.id);
        return html`
          <div class=${`tile pos-${tile.row}-${tile.col} band-${a.readable ? ind.band(a.value) : "x"}`}>
            <span class="tile-name">${a.name.replace(/^Statsforvalteren i /, "")}</span>
            <span class="tile-value">${shownFigure(ind, a)}</span>
          </div>`;
      })}
    </div>
    <${TableScroll} label=${t(`map.${map.key}.table`)}><table>
      <caption>${t(`map.${map.key}.table`)}: ${t(`map.indicator.${indicator}`)}</caption>
      <thead><tr><th scope="col">${t(`map.${map.key}.area`)}</th><th scope="col">${t(`map.indicator.${indicator}`)}</th></tr></thead>
      <tbody>${present.map((tile) => html`
        <tr><th scope="row">${areas.get(tile.id).name}</th><td>${shownFigure(ind, areas.get(tile.id))}</td></tr>`)}
      </tbody>
    </table><//>`;
}

export function RegionMap() {
  const [indicator, setIndicator] = useState("situation");
  const [loaded, setLoaded] = useState(null);     /* {indicator, areas}: never mixed */
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    setError(null);
    get(withQuery("/overview/areas", { indicator }))
      .then((d) => live && setLoaded({ indicator, areas: new Map(d.areas.map((a) => [a.id, a])) }),
            (e) => live && setError(e));
    return () => { live = false; };
  }, [indicator]);
  const areas = loaded && loaded.indicator === indicator ? loaded.areas : null;
  const ind = INDICATORS[indicator];
  const readable = (m) => [...areas.values()].filter((a) => a.readable && a.type === m.type).length;
  const shown = areas ? MAPS.filter((m) => readable(m) >= 2) : [];
  if (areas && shown.length === 0)       /* the user reads one area at most: no map */
    return null;
  return html`
    <${Section} id="map" title=${t("map.title")}>
      <div class="field">
        <label for="map-indicator">${t("map.indicator")}</label>
        <select id="map-indicator" value=${indicator} onChange=${(e) => setIndicator(e.currentTarget.value)}>
          ${Object.keys(INDICATORS).map((k) => html`<option value=${k}>${t(`map.indicator.${k}`)}</option>`)}
        </select>
      </div>
      ${error && html`<p class="error-text">${error.message}</p>`}
      ${!areas ? !error && html`<${Loading} />` : html`
        <div class="maps">
          ${shown.map((m) => html`
            <div class="map-panel"><${TileMap} map=${m} areas=${areas} ind=${ind} indicator=${indicator} /></div>`)}
        </div>
        <p class="muted small">${t("map.note")}</p>`}
    <//>`;
}
