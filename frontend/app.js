// SIGAP citizen app: the map (our own boundary tiles, reports as vector tiles: H3 hexagons
// below z14, points above), filters, report details, and the sheets of the report form, my
// reports and notifications. Works offline once visited (service worker, sw.js).
import * as maplibregl from "/static/node_modules/maplibre-gl/dist/maplibre-gl.mjs";
import { CITY, OPEN_STATUSES, STATUS_COLOR, STATUS_HEX, cityDayStart, cityPage, cityUrl, cityZone, el, keepCityNames, eventLine, fillIn, fillTile, lang, localDate, localTime,
         reportUrl, statusName, tileUrl, tileXY, toItsCity, mapLocale, relabelMaps } from "/static/common.js";
import { addOnlineBasemap, askWorker, baseStyle } from "/static/basemap.js";
import { setupReportForm } from "/static/form.js";
import { neighbourActions } from "/static/reportactions.js";
import { sheets } from "/static/sheets.js";
import { forgetOthersReports, setupFollowUp } from "/static/mine.js";
import { setupOutbox } from "/static/outbox.js";
import { relabelPage, tr } from "/static/text.js";
import { setupTraffic, trafficLayers } from "/static/traffic.js";
import { GLYPHS, WORKER_URL } from "/static/warm.js";

let categories = [];
const relabelers = [];
// The heatmap's colour ramp (reports per km²): the layer's paint and its legend.
const HEAT_STEPS = [[0, "#fdd49e"], [5, "#fdae6b"], [50, "#e6550d"], [300, "#7f2704"]];

const STATUS_FILTERS = { "": ["Semua status", "All statuses"], [OPEN_STATUSES.join(",")]: ["Belum selesai", "Open"],
                         "resolved,closed": ["Selesai", "Resolved"] };
const PERIODS = [["", ["Sepanjang waktu", "All time"]], ["7", ["7 hari terakhir", "Last 7 days"]], // in this order
                 ["30", ["30 hari terakhir", "Last 30 days"]], ["365", ["Setahun terakhir", "Past year"]]];
function fillSelect(id, options) {
  const sel = document.getElementById(id);
  const current = sel.value;
  sel.textContent = "";
  for (const [value, names] of Array.isArray(options) ? options : Object.entries(options)) sel.append(new Option(lang.pick(names), value));
  sel.value = current;
}
let filtersDay = cityDayStart(0); // the day the period list was named on
function fillFilters() {
  fillSelect("status", STATUS_FILTERS);
  // each period names the day it starts ("7 hari terakhir (sejak 1 Des 2026)"): /ops did, the map did not
  fillSelect("period", PERIODS.map(([d, [id, en]]) => [d, d ? [ // ("All time" came last: an object's number keys go first)
    `${id} (sejak ${localDate(cityDayStart(d - 1))})`, `${en} (since ${localDate(cityDayStart(d - 1))})`] : [id, en]]));
  const sel = document.getElementById("category");
  const current = sel.value;
  sel.textContent = "";
  sel.append(new Option(tr("all"), ""));
  for (const c of categories) sel.append(new Option(lang.pick([c.name_id, c.name_en]), c.code));
  sel.value = current;
}

function applyLang() {
  relabelPage();
  relabelMaps();
  document.title = `SIGAP — ${tr("subtitle")}`;
  fillFilters();
  for (const f of relabelers) f();
}
document.getElementById("lang").addEventListener("click", () => { lang.toggle(); applyLang(); });

const NOTHING = { type: "FeatureCollection", features: [] };
const pick = (f) => map.getSource("picked")?.setData(f?.geometry && f.properties.city === CITY.slug ? f : NOTHING);
document.addEventListener("sheetclose", (e) => { if (e.detail === "info" || e.detail === "mine") pick(null); });
// Another sheet in the report's place (one at a time): the address no longer names the report.
document.addEventListener("sheetopen", (e) => {
  if (e.detail === "filters" && cityDayStart(0) !== filtersDay) { // a new day with the page open: the
    filtersDay = cityDayStart(0); fillFilters(); applyFilters(); // periods' first days and the map move on
  }
  if (e.detail !== "info" && new URLSearchParams(location.search).has("report")) {
    history.replaceState(history.state, "", location.pathname + location.hash);
  }
});

function publicStyle() {
  const style = baseStyle();
  Object.assign(style.sources, {
    reports: { type: "vector", tiles: [tileUrl("reports")], maxzoom: 16 },
    heatmap: { type: "vector", tiles: [tileUrl("heatmap")], maxzoom: 15 },
    traffic: trafficLayers().source,
    picked: { type: "geojson", data: NOTHING }, // the report open in the sheet
  });
  style.layers.push(
    // Visible from the first report: a city with few reports still sees where they are.
    { id: "heatmap-fill", type: "fill", source: "heatmap", "source-layer": "heatmap",
      layout: { visibility: "none" },
      paint: { "fill-opacity": 0.7,
               "fill-color": ["interpolate", ["linear"], ["get", "per_km2"], ...HEAT_STEPS.flat()] } },
    { id: "reports-hex", type: "fill", source: "reports", "source-layer": "reports",
      filter: ["has", "count"],
      paint: { "fill-opacity": 0.55, "fill-outline-color": "#ffffff",
               "fill-color": ["interpolate", ["linear"], ["get", "count"],
                              1, "#c6dbef", 10, "#6baed6", 50, "#2171b5", 200, "#08306b"] } },
    { id: "reports-hex-label", type: "symbol", source: "reports", "source-layer": "reports",
      filter: ["has", "count"], layout: { "text-field": ["to-string", ["get", "count"]], "text-font": ["DejaVu Sans"], "text-size": 11 },
      paint: { "text-color": "#102a43", "text-halo-color": "#fff", "text-halo-width": 1 } },
    { id: "reports-point", type: "circle", source: "reports", "source-layer": "reports",
      filter: ["!", ["has", "count"]],
      paint: { "circle-radius": 8, "circle-stroke-color": "#fff", "circle-stroke-width": 2,
               "circle-color": STATUS_COLOR } },
    // a ring round the report open in the sheet (opened from a link, which dot it was was not said)
    { id: "report-picked", type: "circle", source: "picked",
      paint: { "circle-radius": 14, "circle-opacity": 0, "circle-stroke-color": "#102a43", "circle-stroke-width": 3 } },
    ...trafficLayers().layers,
  );
  return style;
}

maplibregl.setWorkerUrl(WORKER_URL); // the URL warm.js fetched early (MapLibre's own adds ?v=)
const map = new maplibregl.Map({ locale: mapLocale(),
  container: "map", center: CITY.center, zoom: CITY.zoom,
  attributionControl: { compact: true }, style: publicStyle(),
});
sheets.attach(map); // an open sheet is the map's bottom padding
// Zoom buttons at the top right, under the tools row: at the bottom left the map's credits,
// shown open until the first drag, covered "−" on a phone.
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
map.addControl(new maplibregl.ScaleControl(), "bottom-left");
addOnlineBasemap(map);

function applyFilters() {
  const params = {};
  const cat = document.getElementById("category").value;
  if (cat) params.category = cat;
  const status = document.getElementById("status").value;
  if (status) params.status = status;
  const days = Number(document.getElementById("period").value);
  if (days) params.since = cityDayStart(days - 1); // today and the 6 days before: 7 calendar days (it was 8)
  map.getSource("reports").setTiles([tileUrl("reports", params)]);
  map.getSource("heatmap").setTiles([tileUrl("heatmap", params)]);
}
for (const id of ["category", "status", "period"]) document.getElementById(id).addEventListener("change", applyFilters);
// The heatmap says what its colours mean, and the report hexagons' own fill steps aside while it
// is on (drawn over it, they only tinted it); their counts stay.
function heatLegend() {
  const box = document.getElementById("heat-legend");
  box.hidden = !document.getElementById("heat").checked;
  box.replaceChildren(el("strong", {}, tr("heat_legend")),
    ...HEAT_STEPS.map(([v, color], i) => el("span", { class: "step" }, el("i", { style: `background:${color}` }),
      i === HEAT_STEPS.length - 1 ? `${v}+` : `${v}–${HEAT_STEPS[i + 1][0]}`)));
}
relabelers.push(heatLegend);
// What a dot's colour says (zoomed in, a report is a dot coloured by its status; closed, rejected
// and merged ones grey): in the Filter sheet, beside the status choice (a phone walk found no key).
function statusLegend() {
  document.getElementById("status-legend").replaceChildren(el("strong", {}, tr("dot_colours")),
    ...[...Object.entries(STATUS_HEX), ["", "#7f7f7f"]].map(([status, color]) =>
      el("span", { class: "step" }, el("i", { style: `background:${color}` }), status ? statusName(status) : tr("dot_other"))),
    el("span", { id: "hex-key" }, tr("hex_key"))); // the numbered hexagons had no key anywhere (a phone walk)
}
statusLegend();
relabelers.push(statusLegend);
document.getElementById("heat").addEventListener("change", (e) => {
  map.setLayoutProperty("heatmap-fill", "visibility", e.target.checked ? "visible" : "none");
  map.setLayoutProperty("reports-hex", "visibility", e.target.checked ? "none" : "visible");
  heatLegend();
});
document.getElementById("filters-open").addEventListener("click", () => {
  const s = document.getElementById("filters");
  s.hidden ? sheets.open("filters") : sheets.close("filters");
});

// The info sheet re-renders in the other language: it remembers what it shows.
let infoShown = null;
function showInfo(render) {
  infoShown = render;
  const info = document.getElementById("info");
  info.textContent = "";
  const head = el("div", { class: "sheet-head" }, el("h2", { id: "info-title" }, render.title()),
                  el("button", { type: "button", class: "close", "data-close": "info", "aria-label": tr("close") }, "✕"));
  info.append(head, ...render.body());
  sheets.open("info");
}
relabelers.push(() => { if (infoShown && !document.getElementById("info").hidden) showInfo(infoShown); });

// A report of this page's city, or of `city` ("my reports" and notifications span every city):
// the URL names it, so the server reads one city's data.
export async function reportDetail(id, city = CITY.slug, signal = undefined) {
  const resp = await fetch(reportUrl(id, city), { headers: authHeaders(), signal });
  if (!resp.ok) return toItsCity(resp, id);
  return resp.json();
}
export const authHeaders = () => (localStorage.getItem("sigap.token") ? { Authorization: `Bearer ${localStorage.getItem("sigap.token")}` } : {});

// A photo that cannot load (no signal: photos are not kept on the phone) leaves no broken image.
const reportPhoto = (src, alt) => el("img", { src, alt, onerror: (e) => e.target.remove() });
/** A timeline's photo; the officer's after the work is named under it (it looked like hers). */
const eventPhoto = (e) => (e.to_status === "resolved"
  ? el("figure", { class: "after" }, reportPhoto(e.photo_url, tr("after_photo")), el("figcaption", { "aria-hidden": "true" }, tr("after_photo")))
  : reportPhoto(e.photo_url, tr("event_photo")));

/** A report's detail: its status and place, `first` (what is asked of the reader now: under its status,
 * not after the whole timeline), its photo, words, support and timeline, then `extra`. */
export function reportBody(f, extra = [], first = []) {
  const p = f.properties;
  const parts = [el("div", {}, `${tr("status")}: `, el("span", { class: "chip" }, statusName(p.status)),
                    ` · ${p.street ? p.street + ", " : ""}Kel. ${p.kelurahan}, Kec. ${p.kecamatan}`), // "Oebobo, Oebobo" read as one word twice
                 el("div", { class: "hint" }, `${tr("filed")} ${localTime(p.created_at, cityZone(p.city, p.created_at))}`),
                 ...first];
  if (p.thumb_url) parts.push(reportPhoto(p.thumb_url, lang.pick([p.category_name_id, p.category_name_en])));
  if (p.description) parts.push(el("p", {}, p.description));
  if (p.location_coarsened) parts.push(el("em", {}, tr("coarse")));
  else if (p.withheld && !p.description) parts.push(el("em", { id: "withheld" }, tr("withheld"))); // words kept back (0056)
  // Merged into another report: the work goes on there, so the citizen can follow it.
  if (p.duplicate_of) {
    parts.push(el("button", { type: "button", id: "see-kept", "data-kept": p.duplicate_of,
                              onclick: () => showReport(p.duplicate_of, p.city) }, `${tr("see_kept")}${p.duplicate_of}`));
  }
  parts.push(el("div", {}, `${tr("support_n")}: ${p.support_count}`));
  if (p.rating) { // closed with a rating: the one who gave it sees it was kept
    parts.push(el("div", { id: "d-rating" }, `${tr(p.mine ? "rated_mine" : "rated")}: `,
      el("span", { "aria-hidden": "true" }, "★".repeat(p.rating) + "☆".repeat(5 - p.rating)), ` ${p.rating}/5`));
  }
  if (p.timeline?.length) { // a report from "my reports" kept offline may have none; an empty list: no heading
    const ol = el("ol", { class: "timeline" });
    // the report's own photo is at the top already (it filled a phone's sheet twice); an officer's after it
    const top = (p.thumb_url || "").replace(/[^/]*$/, "");
    for (const e of p.timeline) {
      const own = top && e.photo_url?.startsWith(top), shown = first.some((x) => x.querySelector?.(`img[src="${e.photo_url}"]`));
      ol.append(el("li", {}, eventLine(e, cityZone(p.city, e.at)), e.photo_url && !own && !shown ? eventPhoto(e) : null));
    }
    parts.push(el("h3", { class: "sub" }, tr("timeline")), ol); // a heading, not a line of the body (a walk)
  }
  parts.push(...extra);
  return parts;
}

// "Dukung" signed out: the sign-in card, titled for it; once in, the report is backed (reportactions.js).
const supportSignIn = (p, then) => form.signInFor({ title: () => fillIn(tr("support_title"), { id: p.id }),
                                                     hint: () => tr("support_login_hint"), then });

async function showReport(id, city = CITY.slug) {
  let f;
  try { f = await reportDetail(id, city); } catch { toast(tr("offline")); return null; }
  if (!f) return null;
  const shown = { title: () => `#${f.properties.id} ${lang.pick([f.properties.category_name_id, f.properties.category_name_en])}`,
                  body: () => reportBody(f, neighbourActions(f, { toast, reopen: () => showReport(id, city), signIn: supportSignIn })) };
  showInfo(shown);
  // The address names it while it is open, so the browser's own share or bookmark takes the report
  // (dropped as it opened, they gave the bare map: a walk); its history step goes with the sheet.
  if (f.properties.city === CITY.slug) history.replaceState(history.state, "", `${location.pathname}?report=${id}${location.hash}`);
  pick(f);
  return f;
}

map.on("click", (e) => {
  if (form.wantsClicks()) return; // the report form places its pin
  const hits = map.queryRenderedFeatures(e.point, { layers: ["reports-point", "reports-hex", "kelurahan-fill"] });
  if (!hits.length) return;
  const f = hits[0];
  // Reports on one spot (a second one filed on the first): each to be opened (a tap opened the top one only)
  const here = [...new Map(hits.filter((h) => h.layer.id === "reports-point").map((h) => [h.id ?? h.properties.id, h])).values()];
  if (here.length > 1) return showHere(here);
  if (f.layer.id === "reports-point") return showReport(f.id ?? f.properties.id);
  const p = f.properties;
  pick(null);
  if (f.layer.id === "reports-hex") {
    return showInfo({ title: () => `${p.count} ${tr(p.count === 1 ? "report_one" : "reports")}`, // "1 reports" (a walk)
                      body: () => [el("div", {}, Object.entries(p).filter(([k]) => k.startsWith("st_"))
                        .map(([k, v]) => `${statusName(k.slice(3))}: ${v}`).join(" · ")),
                                   // counts only: a way in to the reports themselves ("+" zoomed on the city's centre)
                                   el("button", { type: "button", id: "zoom-here", onclick: () => {
                                     sheets.close("info");
                                     // the hexagon in view (zoomed on the tap, 8 reports showed as 1½ dots), close
                                     // enough for its reports as points (from zoom 14; not more hexagons to tap)
                                     const ring = f.geometry.coordinates.flat(f.geometry.type === "MultiPolygon" ? 2 : 1);
                                     const bounds = ring.reduce((b, c) => b.extend(c), new maplibregl.LngLatBounds(ring[0], ring[0]));
                                     const fit = map.cameraForBounds(bounds, { padding: 24 });
                                     map.flyTo({ center: fit.center, zoom: Math.min(17, Math.max(14, fit.zoom)) });
                                   } }, tr("zoom_here"))] });
  }
  showInfo({ title: () => `${tr("kelurahan")} ${p.name}`,
             body: () => [el("div", {}, `${tr("kecamatan")}: ${p.kecamatan}`), el("div", {}, `${tr("puskesmas")}: ${p.puskesmas}`)] });
});
function showHere(points) {
  pick(null);
  const name = (p) => { const c = categories.find((x) => x.code === p.category); return c ? lang.pick([c.name_id, c.name_en]) : p.category; };
  showInfo({ title: () => fillIn(tr("reports_here"), { n: points.length }),
             body: () => [el("ul", { class: "list", id: "here-list" }, ...points.map((h) => el("li", {},
               el("button", { type: "button", "data-report": h.id ?? h.properties.id, onclick: () => showReport(h.id ?? h.properties.id) },
                  el("span", {}, `#${h.id ?? h.properties.id} ${name(h.properties)}`), el("span", { class: "chip" }, statusName(h.properties.status))))))] });
}
map.on("error", (e) => { console.warn(tr("map_error"), e.error && e.error.message); });

export function toast(text, ms = 4000, action = null) {
  const t = document.getElementById("toast");
  t.textContent = text;
  // a way back from what was just done ("Urungkan"), for as long as the message stays
  if (action) t.append(" ", el("button", { type: "button", id: "toast-action", onclick: () => { t.hidden = true; action.run(); } }, action.label));
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, ms);
}
// MapLibre keeps its slices of a tile past the source's maxzoom (16) by URL, not content: at z17 a reload drew
// the old slice, a sender's new dot missing (a phone walk). A new fragment names new slices; fetches ignore it.
let reloads = 0;
const reloadTiles = (id) => map.getSource(id)?.setTiles(map.getSource(id).tiles.map((u) => `${u.split("#")[0]}#r${++reloads}`));
// After a report is sent from here (`at`: its [lng, lat]), the service worker first drops what it
// kept of the tiles around it (sw.js), so the reload draws the new dot rather than the old tile.
export const refreshReports = async (at = null) => {
  if (at && navigator.serviceWorker?.controller) await askWorker({ type: "forget", near: at }, 2000);
  reloadTiles("reports");
  reloadTiles("heatmap");
};

// The service worker answered report tiles from its cache and found newer ones behind them
// (sw.js): draw those. One redraw for a burst of tiles, once the map has drawn what it is
// loading (a reload while the first tiles are still being parsed redraws their old bytes); the
// redrawn tiles come from the cache the worker has just refreshed, so this settles.
let redraw = 0;
let redrawAtIdle = false;
const redrawReports = () => {
  redrawAtIdle = false;
  reloadTiles("reports");
  reloadTiles("heatmap");
};
navigator.serviceWorker?.addEventListener("message", (e) => {
  if (e.data?.meta !== "workbox-broadcast-update") return;
  if (!/\/tiles\/(reports|heatmap)\//.test(e.data.payload?.updatedURL || "")) return;
  clearTimeout(redraw);
  redraw = setTimeout(() => {
    if (map.loaded()) redrawReports();
    else if (!redrawAtIdle) { redrawAtIdle = true; map.once("idle", redrawReports); }
  }, 250);
});

const outbox = setupOutbox({ sheets, toast, refreshReports });
const form = setupReportForm(map, { sheets, getCategories: () => categories, outbox, toast, refreshReports,
                                    follow: (id, city) => followUp.open(id, city) }); // (made below, asked later)
// A report opened from "Laporan saya" shown above the sheet (the map's padding), ringed: which dot went unsaid (a walk)
const showOnMap = (f) => {
  pick(f);
  if (f?.properties.city === CITY.slug && f.geometry) map.flyTo({ center: f.geometry.coordinates, zoom: Math.max(map.getZoom(), 15) });
};
// A deleted account: this phone signs out as after "Keluar", and says so.
const accountGone = async () => {
  await outbox.signOut({ ended: true });
  document.dispatchEvent(new Event("sigap:logout"));
  toast(tr("account_deleted"), 8000);
};
const followUp = setupFollowUp({ sheets, toast, reportBody, eventPhoto, reportDetail, authHeaders, showOnMap, refreshReports,
                                 account: { waiting: () => outbox.waiting(localStorage.getItem("sigap.token")),
                                            showWaiting: outbox.show,
                                            onDeleted: accountGone,
                                            signOut: async () => { await form.signOut(); toast(tr("signed_out")); } } }); // (its sheet closes)
const traffic = setupTraffic(map, { sheets });
relabelers.push(form.relabel, followUp.relabel, outbox.relabel, traffic.relabel);
// What the phone kept of "my reports" belongs to whoever is signed in now, and to nobody after sign-out.
const accountChanged = () => { followUp.forget(); followUp.refresh(); forgetOthersReports(); };
document.addEventListener("sigap:login", accountChanged);
document.addEventListener("sigap:logout", accountChanged);

fetch("/api/v1/categories").then((r) => r.json()).then((d) => { categories = d.categories; applyLang(); form.restore(); }).catch(() => {});
// Another city: its own page (/jakarta/), with its own map view, reports and agencies.
document.getElementById("performance-link").href = cityPage("transparansi");
fetch("/api/v1/cities").then((r) => r.json()).then(({ cities }) => {
  if (!cities) return;
  keepCityNames(cities); // "Laporan saya" names another city's report, offline too
  if (cities.length < 2) return;
  const pick = document.getElementById("city-switch");
  pick.replaceChildren(...cities.map((c) => el("option", { value: c.slug, selected: c.slug === CITY.slug }, c.name)));
  pick.addEventListener("change", () => { location.href = `/${pick.value}/`; });
  document.getElementById("city-choice").hidden = false;
}).catch(() => {});
document.querySelector("#top .city-name").textContent = CITY.name;
applyLang();
// The e-mailed link to choose a new password (forgot.js): out of the address at once (a link that
// sets a password is not to stay in the history or be shared from the address bar).
const resetToken = new URLSearchParams(location.search).get("reset");
if (resetToken) {
  history.replaceState(history.state, "", location.pathname + location.hash);
  form.openReset(resetToken);
}
const wanted = new URLSearchParams(location.search).get("report");
// Opened from it, the address forgets it: after ✕ a reload opened the report again (a phone walk).
if (wanted) history.replaceState(history.state, "", location.pathname + location.hash);
// A link to one report (shared, or "Laporan saya" on another city's page): the map opens at it.
if (wanted) map.once("load", () => showReport(Number(wanted)).then((f) => f && showOnMap(f)));
// The service worker (offline shell) is installed after the first map render, so its precache
// downloads do not compete with the first visit on a weak link.
const firstInstall = "serviceWorker" in navigator && !navigator.serviceWorker.controller;
map.once("idle", () => {
  performance.mark("sigap:map-ready"); // first full render: read by bench/frontend.py and any RUM
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js")
    .then(() => navigator.serviceWorker.ready)
    .then(() => (firstInstall ? keepForOffline() : null))
    .catch((e) => console.warn("service worker", e));
});

// This first visit loaded its page, the categories, the label glyphs and the tiles in view before
// the service worker existed, so none of them is in its caches: the worker keeps them now, or the
// next visit without signal (or the installed app opening on /kupang/) finds nothing to show and
// no category to report in. Later visits go through the service worker, which keeps what they load.
async function keepForOffline() {
  const z = Math.min(16, Math.floor(map.getZoom()));
  const b = map.getBounds();
  const [west, north] = tileXY(z, [b.getWest(), b.getNorth()]);
  const [east, south] = tileXY(z, [b.getEast(), b.getSouth()]);
  const tiles = (id) => {
    const url = map.getSource(id)?.tiles?.[0];
    const out = [];
    for (let x = west; url && x <= east; x++) for (let y = north; y <= south; y++) out.push(fillTile(url, z, x, y));
    return out;
  };
  const urls = { pages: [location.pathname],
                 reference: [cityUrl("/api/v1/categories"), `${location.origin}${GLYPHS}`,
                             ...["kelurahan", "kecamatan", "basemap"].flatMap(tiles)],
                 reportTiles: tiles("reports") };
  if (await askWorker({ type: "keep", urls }, 60000)) performance.mark("sigap:kept-offline"); // read by the offline test
}
window.sigapMap = map; // read by tests and by people debugging in the console
