// The maps' style: our own base map (OpenStreetMap from our tiles, the city's boundaries) and,
// without an OSM import, a deployer's style or an online basemap under our layers; withStyle
// runs map changes once a style is in place. Shared by the public map and the staff pages.
import { CITY, fillTile, tileAt, tileUrl } from "/static/common.js";

// The base map, served by us so it works with no internet: OpenStreetMap land use, water,
// buildings, roads by class and their names (basemap tiles, sigap load-osm; glyphs from
// /fonts), under the city's kelurahan and kecamatan. Pages add their report layers on top.
const roadWidth = (scale) => ["interpolate", ["exponential", 1.6], ["zoom"], 10, 0.5 * scale, 16, 6 * scale, 18, 14 * scale];
const roadFilter = (classes) => ["in", ["get", "highway"], ["literal", classes]];
export function baseStyle() {
  const major = ["motorway", "trunk", "primary", "secondary", "motorway_link", "trunk_link", "primary_link", "secondary_link"];
  const minor = ["tertiary", "tertiary_link", "unclassified", "residential", "living_street", "road"];
  const small = ["service", "track", "pedestrian", "footway", "path", "cycleway", "steps"];
  return {
    version: 8,
    glyphs: `${location.origin}/fonts/{fontstack}/{range}.pbf`,
    sources: {
      basemap: { type: "vector", tiles: [tileUrl("basemap")], maxzoom: 16,
                 attribution: "© <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors" },
      kecamatan: { type: "vector", tiles: [tileUrl("kecamatan")], maxzoom: 16,
                   attribution: CITY.attribution || "Batas / Boundaries: BPS" },
      kelurahan: { type: "vector", tiles: [tileUrl("kelurahan")], maxzoom: 16 },
    },
    layers: [
      { id: "sea", type: "background", paint: { "background-color": "#cfe3f0" } },
      { id: "kelurahan-fill", type: "fill", source: "kelurahan", "source-layer": "kelurahan",
        paint: { "fill-color": "#f4f1e8" } },
      { id: "osm-landuse", type: "fill", source: "basemap", "source-layer": "osm_landuse",
        paint: { "fill-color": ["match", ["get", "kind"], ["leisure=park", "landuse=grass", "natural=wood", "landuse=forest",
                                                         "leisure=pitch", "landuse=cemetery"], "#d8ecc8", "#ece8dc"],
                 "fill-opacity": 0.8 } },
      { id: "osm-water", type: "fill", source: "basemap", "source-layer": "osm_water", paint: { "fill-color": "#a9cfe8" } },
      { id: "osm-waterways", type: "line", source: "basemap", "source-layer": "osm_waterways",
        paint: { "line-color": "#a9cfe8", "line-width": ["interpolate", ["linear"], ["zoom"], 12, 1, 17, 4] } },
      { id: "osm-buildings", type: "fill", source: "basemap", "source-layer": "osm_buildings", minzoom: 14,
        paint: { "fill-color": "#d9d0c3", "fill-outline-color": "#c2b6a6" } },
      { id: "osm-roads-small", type: "line", source: "basemap", "source-layer": "osm_roads", minzoom: 14,
        filter: roadFilter(small), paint: { "line-color": "#ffffff", "line-width": roadWidth(0.5) } },
      { id: "osm-roads-casing", type: "line", source: "basemap", "source-layer": "osm_roads",
        filter: roadFilter([...major, ...minor]), layout: { "line-cap": "round", "line-join": "round" },
        paint: { "line-color": "#b9ae9c", "line-width": roadWidth(1.25) } },
      { id: "osm-roads", type: "line", source: "basemap", "source-layer": "osm_roads",
        filter: roadFilter([...major, ...minor]), layout: { "line-cap": "round", "line-join": "round" },
        paint: { "line-color": ["case", roadFilter(major), "#fbd38d", "#ffffff"], "line-width": roadWidth(1) } },
      { id: "kelurahan-line", type: "line", source: "kelurahan", "source-layer": "kelurahan",
        paint: { "line-color": "#a69f8c", "line-width": 0.8 } },
      { id: "kecamatan-line", type: "line", source: "kecamatan", "source-layer": "kecamatan",
        paint: { "line-color": "#0b5d3b", "line-width": 2 } },
      { id: "osm-road-names", type: "symbol", source: "basemap", "source-layer": "osm_roads", minzoom: 14,
        filter: ["has", "name"],
        layout: { "symbol-placement": "line", "text-field": ["get", "name"], "text-font": ["DejaVu Sans"],
                  "text-size": ["interpolate", ["linear"], ["zoom"], 14, 10, 18, 14] },
        paint: { "text-color": "#3b3b3b", "text-halo-color": "#ffffff", "text-halo-width": 1.5 } },
      { id: "osm-place-names", type: "symbol", source: "basemap", "source-layer": "osm_places",
        layout: { "text-field": ["get", "name"], "text-font": ["DejaVu Sans"], "text-size": 11,
                  "text-max-width": 8, "text-offset": [0, 0.6], "text-anchor": "top" },
        paint: { "text-color": "#5b4a32", "text-halo-color": "#ffffff", "text-halo-width": 1.5 } },
    ],
  };
}

// Without an OpenStreetMap import, a configured online basemap (OpenStreetMap's standard tiles by
// default) goes under our layers when there is a connection; offline, only the boundaries.
// Whether the online basemap answers is asked through the service worker: a failed probe there
// stays out of the page's console, and offline the map simply keeps its boundaries.
async function reachable(url) {
  if (!navigator.serviceWorker) return false;
  navigator.serviceWorker.register("/sw.js").catch(() => {});
  return askWorker({ type: "probe", url }, 8000);
}

// Ask the active service worker (sw.js "message") and wait for its yes: false when it says no or
// does not answer within timeoutMs (an older worker that does not know the question).
export async function askWorker(message, timeoutMs) {
  const reg = await navigator.serviceWorker.ready;
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(e.data === true);
    reg.active.postMessage(message, [channel.port2]);
    setTimeout(() => resolve(false), timeoutMs);
  });
}

// A deployer's own MapLibre style under our layers: ours (boundaries, reports, labels of the
// page) keep drawing on top; our OSM layers, empty without an import, are left out.
async function useExternalStyle(map, url) {
  if (!(await reachable(url))) return;
  let external;
  try { external = await (await fetch(url)).json(); } catch { return; }
  const apply = () => map.setStyle(external, { diff: false, transformStyle: (previous, next) => ({
    ...next,
    sources: { ...next.sources, ...Object.fromEntries(Object.entries(previous.sources).filter(([k]) => !(k in next.sources))) },
    layers: [...next.layers, ...previous.layers.filter((l) => !["sea", "kelurahan-fill"].includes(l.id) && !l.id.startsWith("osm-"))],
  }) });
  withStyle(map, apply);
}

// Run fn now if the map's style is in place (its sources and layers can be changed), else when it
// is, after a setStyle too: map.getStyle() is undefined until then. Not map.loaded(), which also
// waits for every tile, with "load" as its event, fired once only: a basemap whose answer came
// after "load" while tiles were still coming waited for a "load" that never came.
export function withStyle(map, fn) {
  if (map.getStyle()) fn();
  else map.once("style.load", fn);
}

// A map's credit, compact on a phone, opens over the map's foot, and MapLibre folds it only when
// the map is dragged: it covered the strip of map above a report open in /ops and a quarter of
// the officer's map (a staff walk). Shown for the map's first seconds, then folded to its "i"
// button (a tap opens it again); a zoom folds it too. (The public map places its credit clear of
// its controls and keeps it open.)
function briefCredit(map) {
  if (map.getContainer().offsetWidth > 640) return; // beside a wide map it is out of the way
  const fold = () => map.getContainer().querySelector(".maplibregl-compact-show")?.classList.remove("maplibregl-compact-show");
  map.once("idle", () => setTimeout(fold, 8000));
  // the person's first zoom, not the first of any (a fitBounds at start took the one listener)
  const byHand = (e) => { if (e.originalEvent) { fold(); map.off("zoomstart", byHand); } };
  map.on("zoomstart", byHand);
}

/** Adds the online basemap where there is one (and no OSM extract is loaded); `foldCredit`: a
 * staff map's credit is folded after its first seconds (briefCredit). */
export async function addOnlineBasemap(map, { foldCredit = false } = {}) {
  if (foldCredit) briefCredit(map);
  let conf;
  try { conf = await (await fetch("/api/v1/basemap")).json(); } catch { return; }
  if (conf.osm_loaded || !navigator.onLine) return;
  if (conf.style_url) return useExternalStyle(map, conf.style_url);
  if (!conf.online_tiles) return;
  if (!(await reachable(fillTile(conf.online_tiles, 0, 0, 0)))) return;
  const add = () => {
    if (map.getSource("online")) return;
    map.addSource("online", { type: "raster", tiles: [conf.online_tiles], tileSize: 256, maxzoom: 19,
                              attribution: conf.online_attribution });
    map.addLayer({ id: "online-basemap", type: "raster", source: "online", paint: { "raster-opacity": 0.9 } }, "kelurahan-line");
  };
  withStyle(map, add);
}

// Without signal, zoom in only as deep as this phone kept the base map at `here` (null: no
// deeper than now): a street-level view it never loaded would be blank, with no word why.
export async function keptZoom(map, here, want) {
  if (navigator.onLine || !window.caches) return want;
  const top = Math.min(Math.floor(want), 16); // the basemap's deepest tiles: deeper zooms overscale them
  for (let z = top; z === top || z > map.getZoom(); z--) {
    if (await caches.match(tileAt("basemap", z, here))) return z === top ? want : z;
  }
  return null;
}

// A circle of `metres` around [lng, lat] as a GeoJSON polygon (a GPS fix's accuracy).
export function circle([lng, lat], metres, steps = 48) {
  const dy = metres / 111320, dx = dy / Math.cos((lat * Math.PI) / 180);
  const ring = [];
  for (let i = 0; i <= steps; i++) { const a = (i / steps) * 2 * Math.PI; ring.push([lng + dx * Math.cos(a), lat + dy * Math.sin(a)]); }
  return { type: "Feature", geometry: { type: "Polygon", coordinates: [ring] }, properties: {} };
}
