// The "Analitik" tab of the operator dashboard: Gi* hot spots or emerging hot spots on a map
// with a legend, per category and period; downloads (GeoJSON, GeoPackage); recurring places
// ("titik rawan") per agency. Staff tiles carry the staff token (MapLibre transformRequest).
import * as maplibregl from "/static/node_modules/maplibre-gl/dist/maplibre-gl.mjs";
import { CITY, api, decimal, el, fillIn, lang, localDate, localTime, monthLabel, tileUrl, mapLocale } from "/static/common.js";
import { addOnlineBasemap, baseStyle } from "/static/basemap.js";

const WORDS = {
  id: { hotspots: "Titik panas", emerging: "Titik panas yang muncul (12 bulan)",
        all: "Semua kategori", p3m: "3 bulan terakhir", p12m: "12 bulan terakhir",
        hot: "Panas", cold: "Dingin", none: "Tidak signifikan", untested: "Tidak diuji: terlalu sedikit laporan", computed: "Dihitung", notYet: "Belum dihitung.",
        emptyHot: "Sel ini sendiri tanpa laporan: panas karena sel di sekitarnya.",
        cells: "sel panas", coldCells: "sel dingin", compute: "Hitung sekarang", queued: "Analisis dijadwalkan; muat ulang sebentar lagi.",
        reports: "Laporan",
        cameBack: "Kembali", lastFix: "Terakhir diperbaiki", noPlaces: "Tidak ada titik rawan dalam {days} hari terakhir.",
        recurringNote: "Satu jenis masalah dalam sel ±66 m, {least} laporan atau lebih dalam {days} hari terakhir. Kategori rahasia (orang hilang, kesehatan) tidak termasuk: lokasinya disamarkan ke heksagon ±0,7 km².",
        caveat: "Sel merah: tempat dengan laporan jauh lebih banyak daripada sekitarnya, terlalu banyak untuk kebetulan; biru: jauh lebih sedikit. Yang dihitung adalah laporan yang masuk, bukan kejadian sebenarnya: wilayah yang jarang melapor tampak \"dingin\". (Metode: Gi* dengan 9.999 permutasi dan koreksi FDR Benjamini–Hochberg; sel berwarna tetap signifikan setelah koreksi.)",
        caveatEmerging: "Warna: bagaimana sel menjadi panas (laporan jauh lebih banyak daripada sekitarnya) selama 12 bulan terakhir. Baru: panas hanya bulan terakhir; Berturut-turut: panas beberapa bulan terakhir; Menguat / Melemah: hampir selalu panas, makin / kurang kuat; Menetap: hampir selalu panas; Sporadis: kadang panas; Berayun: pernah dingin, kini panas; Historis: dulu hampir selalu panas, bulan terakhir tidak. Yang dihitung adalah laporan yang masuk, bukan kejadian sebenarnya. (Metode: Gi* per bulan dan uji tren Mann–Kendall, seperti Emerging Hot Spot Analysis.)",
        new_hot: "Baru", consecutive_hot: "Berturut-turut", intensifying_hot: "Menguat", persistent_hot: "Menetap",
        diminishing_hot: "Melemah", sporadic_hot: "Sporadis", oscillating_hot: "Berayun", historical_hot: "Historis",
        anyCold: "Titik dingin (semua pola)", months: "Bulan", hexRes: "sel segi enam ±{area} km²",
        again: "dihitung ulang tiap {h} jam; laporan sesudahnya belum termasuk",
        confidence: "Keyakinan", pattern: "Pola", hotMonths: "bulan panas", partial: "bulan terakhir sampai tanggal {d}" },
  en: { hotspots: "Hot spots", emerging: "Emerging hot spots (12 months)",
        all: "All categories", p3m: "Last 3 months", p12m: "Last 12 months",
        hot: "Hot", cold: "Cold", none: "Not significant", untested: "Not tested: too few reports", computed: "Computed", notYet: "Not computed yet.",
        emptyHot: "No reports in this cell itself: hot because of the cells around it.",
        cells: "hot cells", coldCells: "cold cells", compute: "Compute now", queued: "Analysis queued; reload in a moment.",
        reports: "Reports",
        cameBack: "Came back", lastFix: "Last fixed", noPlaces: "No recurring places in the last {days} days.",
        recurringNote: "One kind of problem in a ~66 m cell, {least} reports or more in the last {days} days. Confidential categories (missing persons, health) are left out: their places are blurred to a ~0.7 km² hexagon.",
        caveat: "Red cells: places with far more reports than their surroundings, too many to be chance; blue: far fewer. It counts reports filed, not incidents: areas that seldom report look \"cold\". (Method: Gi* with 9,999 permutations and a Benjamini–Hochberg FDR correction; coloured cells stay significant after it.)",
        caveatEmerging: "Colour: how a cell became hot (far more reports than its surroundings) over the last 12 months. New: hot in the last month only; Consecutive: hot for the last few months; Intensifying / Diminishing: almost always hot, growing / fading; Persistent: almost always hot; Sporadic: hot now and then; Oscillating: once cold, now hot; Historical: almost always hot before, not in the last month. It counts reports filed, not incidents. (Method: a monthly Gi* and a Mann–Kendall trend test, as in Emerging Hot Spot Analysis.)",
        new_hot: "New", consecutive_hot: "Consecutive", intensifying_hot: "Intensifying", persistent_hot: "Persistent",
        diminishing_hot: "Diminishing", sporadic_hot: "Sporadic", oscillating_hot: "Oscillating", historical_hot: "Historical",
        anyCold: "Cold spots (any pattern)", months: "Months", hexRes: "hexagonal cells of ~{area} km²",
        again: "computed again every {h} hours; reports since are not in it yet",
        confidence: "Confidence", pattern: "Pattern", hotMonths: "hot months", partial: "the last month up to day {d}" },
};
const w = (k) => WORDS[lang.get()][k];
const $ = (id) => document.getElementById(id);
// ArcGIS Pro's hot spot colours (colour-blind safe diverging ramp).
const CONFIDENCE = [[99, "#d62f27"], [95, "#ed7551"], [90, "#fab984"], [0, "#f7f7f7"], [-90, "#c0ccbe"],
                    [-95, "#849eba"], [-99, "#4575b5"]];
const PATTERN = [["new_hot", "#ff00ff"], ["consecutive_hot", "#c51b8a"], ["intensifying_hot", "#a50f15"],
                 ["persistent_hot", "#de2d26"], ["diminishing_hot", "#fb6a4a"], ["sporadic_hot", "#fcae91"],
                 ["oscillating_hot", "#e6a0c4"], ["historical_hot", "#bdbdbd"]];
let map = null, categories = [], started = false;
let openReport = () => {}; // (id): the report in the queue (ops.js)

// The whole city in view, whatever the screen: its boundary's extent, unless far islands make
// that extent too wide to read (Jakarta's Kepulauan Seribu): then the city's own map view.
function wholeCity() {
  const b = CITY.bbox;
  return b && b[2] - b[0] < 1 && b[3] - b[1] < 1
    ? { bounds: [[b[0], b[1]], [b[2], b[3]]], fitBoundsOptions: { padding: 8 } }
    : { center: CITY.center, zoom: CITY.zoom };
}

const CHOICES = { kind: "an-kind", category: "an-category", period: "an-period" };
const choice = () => Object.fromEntries(Object.entries(CHOICES).map(([key, id]) => [key, $(id).value]));

// Kept in the address, as Statistik's choices are: a reload or a link shared with a colleague
// opens on the same analysis (it went back to all categories, 12 months).
function keepChoice() {
  if (location.hash.startsWith("#analitik")) history.replaceState(history.state, "", `#analitik?${new URLSearchParams(choice())}`);
}
/** Sets the choices /ops#analitik?kind=…&category=…&period=… names (those the lists lack are
 * left as they are); true if any changed. */
function choiceFromAddress() {
  const keep = new URLSearchParams(/^#analitik\?(.*)$/.exec(location.hash)?.[1] || "");
  let changed = false;
  for (const [key, id] of Object.entries(CHOICES)) {
    const v = keep.get(key);
    if (v != null && v !== $(id).value && [...$(id).options].some((o) => o.value === v)) { $(id).value = v; changed = true; }
  }
  return changed;
}
const redraw = () => { showLayer(); summary().catch(() => {}); keepChoice(); };

function layerStyle(kind) {
  if (kind === "hotspots") {
    return { "fill-color": ["match", ["get", "confidence"], ...CONFIDENCE.flat(), "#f7f7f7"],
             "fill-opacity": ["case", ["==", ["get", "confidence"], 0], 0.15, 0.75] };
  }
  return { "fill-color": ["match", ["get", "pattern"], ...PATTERN.flat(), "no_pattern", "#f7f7f7", "#4575b5"],
           "fill-opacity": ["case", ["==", ["get", "pattern"], "no_pattern"], 0.1, 0.75] };
}

function showLayer() {
  // Emerging hot spots always cover 12 months: the period box says so while it is locked (it
  // showed "3 bulan terakhir" greyed out), and gives back the hot spot period after.
  const per = $("an-period"), emerging = $("an-kind").value !== "hotspots";
  if (emerging && !per.disabled) { per.dataset.keep = per.value; per.value = "12m"; }
  if (!emerging && per.disabled && per.dataset.keep) per.value = per.dataset.keep;
  per.disabled = emerging;
  const { kind, category, period } = choice();
  const params = { ...(category ? { category } : {}), ...(kind === "hotspots" ? { period } : {}) };
  if (map.getLayer("analysis")) { map.removeLayer("analysis"); map.removeLayer("analysis-line"); }
  if (map.getSource("analysis")) map.removeSource("analysis");
  map.addSource("analysis", { type: "vector", tiles: [tileUrl(kind, params)], maxzoom: 16 });
  map.addLayer({ id: "analysis", type: "fill", source: "analysis", "source-layer": kind, paint: layerStyle(kind) },
               "kelurahan-line");
  map.addLayer({ id: "analysis-line", type: "line", source: "analysis", "source-layer": kind,
                 paint: { "line-color": "#ffffff", "line-width": 0.5, "line-opacity": 0.6 } }, "kelurahan-line");
  legend(kind);
}

function legend(kind) {
  $("an-caveat").textContent = w(kind === "hotspots" ? "caveat" : "caveatEmerging"); // red and blue cells were explained under the patterns' colours
  const box = $("an-legend");
  box.textContent = "";
  const rows = kind === "hotspots"
    ? CONFIDENCE.map(([c, color]) => [c === 0 ? w("none") : `${c > 0 ? w("hot") : w("cold")} ${Math.abs(c)} %`, color])
    : [...PATTERN.map(([p, color]) => [w(p), color]), [w("anyCold"), "#4575b5"], [w("none"), "#f7f7f7"]];
  box.append(...rows.map(([label, color]) => el("li", {}, el("span", { class: "swatch", style: `background:${color}` }), label)));
}

// "Des 2025 – Nov 2026": which months a run counted, said (12 months here, a calendar year on the
// transparency page: the planner could not tell).
const monthRange = (months) => (months?.length ? `${monthLabel(months[0])} – ${monthLabel(months.at(-1))}` : "");
// The hot spot tiles show r9 cells from zoom 13 (tile_hotspots.sql): the summary counts the cells shown.
const shownRes = () => (map && map.getZoom() >= 13 ? 9 : 8);

async function summary() {
  const { kind, category, period } = choice();
  const { runs, every_h: every } = await api("/api/v1/analytics/runs");
  const res = shownRes();
  const run = runs.find((r) => r.kind === kind && r.category === category
                              && (kind !== "hotspots" || (r.period === period && r.res === res)));
  const line = $("an-summary");
  if (!run) { line.textContent = w("notYet"); return; }
  // A period that ends with this month counts it only as far as the run went (a planner read a
  // 5-day December as a quiet month).
  const partial = run.months?.at(-1) === run.computed_at?.slice(0, 7) ? ` (${fillIn(w("partial"), { d: Number(run.computed_at.slice(8, 10)) })})` : "";
  line.textContent = `${w("months")}: ${monthRange(run.months)}${partial} · ${run.hot} ${w("cells")} · ${run.cold} ${w("coldCells")}`
    + ` · ${run.reports} ${w("reports").toLowerCase()}`
    // a cell's size, not "H3 r8" (jargon to a planner: a staff walk); H3's mean areas, r8 0.74 km², r9 0.11 km²
    + (kind === "hotspots" ? ` · ${fillIn(w("hexRes"), { area: decimal(res === 9 ? 0.11 : 0.74, 2) })}` : "")
    + ` · ${w("computed")}: ${localTime(run.computed_at)} (${fillIn(w("again"), { h: every })})`
    + (run.note ? ` · ${lang.get() === "id" ? run.note.split(" / ")[0] : run.note.split(" / ")[1]}` : "");
}

// A tapped cell says what it holds and where it is (nothing happened on a click); a language
// switch says it again in the other language (it kept the first).
let cell = null; // { popup, p, kel, kind } of the open one
function cellBody(p, kel, kind) {
  // a run with too few reports has no statistic (the tile leaves it out): not "not significant"
  const untested = kind === "hotspots" ? p.gi_z == null : p.trend_tau == null;
  const what = untested ? w("untested") : kind === "hotspots"
    ? `${w("confidence")}: ${p.confidence === 0 ? w("none") : `${p.confidence > 0 ? w("hot") : w("cold")} ${Math.abs(p.confidence)} %`}`
      + ` · Gi* z ${decimal(p.gi_z, 2)} · p ${decimal(p.p_value, 4)}` // "7,21": the page's own decimal comma
    : `${w("pattern")}: ${WORDS[lang.get()][p.pattern] || (p.pattern === "no_pattern" ? w("none") : p.pattern)}`
      + ` · ${p.hot_months} ${w("hotMonths")}`;
  // Gi* weighs a cell with its neighbours: an empty cell among busy ones can be hot, and a planner
  // read the red cell as the place of the problem (a walk).
  const empty = kind === "hotspots" && Number(p.count) === 0 && p.confidence > 0 ? el("div", { class: "hint" }, w("emptyHot")) : null;
  return el("div", { class: "cell-popup", "data-cell": p.h3 },
    el("strong", {}, kel ? `Kel. ${kel}` : p.h3), el("div", {}, `${p.count} ${w("reports").toLowerCase()}`), el("div", {}, what), empty);
}
function cellPopup(e) {
  const p = e.features[0].properties;
  const kel = map.queryRenderedFeatures(e.point, { layers: ["kelurahan-fill"] })[0]?.properties.name;
  const kind = choice().kind; // the analysis the cell is of: another may be chosen while it is open
  // at most two thirds of the map: wider, a cell left of the middle opened it past the map's right edge (360 px, a walk)
  const popup = new maplibregl.Popup({ closeButton: true, maxWidth: `${Math.min(260, Math.floor(map.getContainer().clientWidth / 1.5))}px` }).setLngLat(e.lngLat).setDOMContent(cellBody(p, kel, kind)).addTo(map);
  cell = { popup, p, kel, kind };
  popup.on("close", () => { if (cell?.popup === popup) cell = null; });
}

async function download(fmt) {
  const { kind, category, period } = choice();
  const q = new URLSearchParams({ ...(category ? { category } : {}), ...(kind === "hotspots" ? { period } : {}) });
  const resp = await fetch(`/api/v1/analytics/${kind}.${fmt}?${q}`, {
    headers: { Authorization: `Bearer ${localStorage.getItem("sigap.staff")}` } });
  if (!resp.ok) { $("an-summary").textContent = w("notYet"); return; }
  // The server's name (city, analysis, category, period): a name made here lost the city.
  const named = /filename="([^"]+)"/.exec(resp.headers.get("Content-Disposition") || "");
  const a = el("a", { href: URL.createObjectURL(await resp.blob()), download: named ? named[1] : `sigap_${kind}.${fmt}` });
  document.body.append(a);
  a.click();
  a.remove();
}

async function recurring() {
  const body = await api("/api/v1/analytics/recurring");
  const list = $("an-recurring");
  list.textContent = "";
  const counted = { days: body.window_days, least: body.min_reports };
  $("an-recurring-note").textContent = fillIn(w("recurringNote"), counted);
  if (!body.places.length) { list.append(el("li", {}, fillIn(w("noPlaces"), counted))); return; }
  for (const p of body.places) {
    const go = el("button", { type: "button", class: "link", "data-place": p.h3 },
                  `${lang.get() === "id" ? p.category_name : p.category_name_en} — ${p.kelurahan || p.h3}`);
    go.addEventListener("click", () => {
      map.flyTo({ center: [p.lng, p.lat], zoom: 16 });
      $("an-map").scrollIntoView({ behavior: "smooth" });
    });
    const fixed = p.last_fixed_at ? localDate(p.last_fixed_at) : "–";
    list.append(el("li", {}, go,
      el("div", {}, `${p.reports} ${w("reports").toLowerCase()} · ${w("cameBack")}: ${p.came_back} · ${w("lastFix")}: ${fixed}`),
      el("div", { class: "links" }, ...p.report_ids.slice(0, 5).map((id) => el("a", { href: `#report=${id}`, onclick: (e) => {
        // opened in the queue without a history step of its own (Back then did nothing)
        e.preventDefault();
        openReport(id);
      } }, `#${id}`)))));
  }
}

export function relabelAnalytics() {
  if (!started) return;
  const kind = $("an-kind"), cat = $("an-category"), period = $("an-period");
  const keep = [kind.value, cat.value, period.value];
  kind.replaceChildren(new Option(w("hotspots"), "hotspots"), new Option(w("emerging"), "emerging_hotspots"));
  cat.replaceChildren(new Option(w("all"), ""), ...categories.map((c) => new Option(lang.get() === "id" ? c.name_id : c.name_en, c.code)));
  period.replaceChildren(new Option(w("p12m"), "12m"), new Option(w("p3m"), "3m"));
  [kind.value, cat.value, period.value] = keep;
  if (cell) cell.popup.setDOMContent(cellBody(cell.p, cell.kel, cell.kind));
  $("an-compute").textContent = w("compute");
  legend(kind.value);
  summary().catch(() => {});
  recurring().catch(() => {});
}

export async function showAnalytics(me, { open } = {}) {
  if (open) openReport = open;
  if (started) { // Back or Forward to other choices draws them
    map.resize();
    if (choiceFromAddress() && window.sigapAnalyticsReady) redraw(); else keepChoice();
    return;
  }
  started = true;
  categories = (await (await fetch("/api/v1/categories")).json()).categories;
  $("an-compute").hidden = me.role !== "admin";
  map = new maplibregl.Map({ locale: mapLocale(),
    container: "an-map", ...wholeCity(), style: baseStyle(),
    attributionControl: { compact: true },
    transformRequest: (url) => (url.includes("/tiles/hotspots/") || url.includes("/tiles/emerging_hotspots/")
      ? { url, headers: { Authorization: `Bearer ${localStorage.getItem("sigap.staff")}` } } : { url }),
  });
  map.addControl(new maplibregl.NavigationControl(), "top-right");
  addOnlineBasemap(map, { foldCredit: true });
  window.sigapAnalyticsMap = map;
  relabelAnalytics();
  $("an-kind").value = "hotspots";
  $("an-period").value = "12m";
  choiceFromAddress();
  keepChoice();
  summary().catch(() => {});
  for (const id of Object.values(CHOICES)) $(id).addEventListener("change", redraw);
  $("an-geojson").addEventListener("click", () => download("geojson"));
  $("an-gpkg").addEventListener("click", () => download("gpkg"));
  $("an-compute").addEventListener("click", async () => {
    await api("/api/v1/analytics/runs", { method: "POST" });
    $("an-summary").textContent = w("queued");
  });
  map.on("load", () => { showLayer(); window.sigapAnalyticsReady = true; });
  map.on("click", "analysis", cellPopup);
  map.on("mouseenter", "analysis", () => { map.getCanvas().style.cursor = "pointer"; });
  map.on("mouseleave", "analysis", () => { map.getCanvas().style.cursor = ""; });
  let shown = 8; // the summary follows the cells shown when a zoom crosses r8 / r9
  map.on("zoomend", () => { if (shownRes() !== shown) { shown = shownRes(); summary().catch(() => {}); } });
}
