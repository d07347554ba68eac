// SIGAP web map: our own boundary layers are the base, so it works without internet.
// Reports come as vector tiles: H3 hexagons below z14, points above (source-layer "reports").
import * as maplibregl from "/static/node_modules/maplibre-gl/dist/maplibre-gl.mjs";
import { setupReportForm } from "/static/form.js";
import { STATUS_COLOR, baseStyle, statusName, tileUrl } from "/static/common.js";

const TEXT = {
  id: { subtitle: "Peta Aduan Publik Kota Kupang", kelurahan: "Kelurahan", kecamatan: "Kecamatan",
        puskesmas: "Puskesmas", other: "EN", error: "Gagal memuat data peta", heatmap: "Peta panas",
        all: "Semua kategori", reports: "laporan", status: "Status", support: "dukungan",
        timeline: "Riwayat", coarse: "Lokasi disamarkan demi privasi" },
  en: { subtitle: "Kota Kupang Public Complaint Map", kelurahan: "Kelurahan", kecamatan: "District",
        puskesmas: "Health centre", other: "ID", error: "Could not load map data", heatmap: "Heatmap",
        all: "All categories", reports: "reports", status: "Status", support: "supporters",
        timeline: "Timeline", coarse: "Location blurred for privacy" },
};
let lang = localStorage.getItem("sigap.lang") || "id";
let categories = [];
const t = (k) => TEXT[lang][k];

let reportForm = null;

function applyLang() {
  document.documentElement.lang = lang;
  if (reportForm) reportForm.relabel();
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.getElementById("lang").textContent = t("other");
  fillCategories();
}

const STATUS_FILTERS = { "": ["Semua status", "All statuses"], "submitted,verified,assigned,in_progress": ["Belum selesai", "Open"],
                         "resolved,closed": ["Selesai", "Resolved"] };
const PERIODS = { "": ["Sepanjang waktu", "All time"], 7: ["7 hari terakhir", "Last 7 days"],
                  30: ["30 hari terakhir", "Last 30 days"], 365: ["Setahun terakhir", "Last year"] };
function fillSelect(id, options) {
  const sel = document.getElementById(id);
  const current = sel.value;
  sel.textContent = "";
  for (const [value, names] of Object.entries(options)) sel.append(new Option(names[lang === "id" ? 0 : 1], value));
  sel.value = current;
}

function fillCategories() {
  fillSelect("status", STATUS_FILTERS);
  fillSelect("period", PERIODS);
  const sel = document.getElementById("category");
  const current = sel.value;
  sel.textContent = "";
  sel.append(new Option(t("all"), ""));
  for (const c of categories) sel.append(new Option(lang === "id" ? c.name_id : c.name_en, c.code));
  sel.value = current;
}

document.getElementById("lang").addEventListener("click", () => {
  lang = lang === "id" ? "en" : "id";
  localStorage.setItem("sigap.lang", lang);
  applyLang();
});

function publicStyle() {
  const style = baseStyle();
  Object.assign(style.sources, {
    reports: { type: "vector", tiles: [tileUrl("reports")], maxzoom: 16 },
    heatmap: { type: "vector", tiles: [tileUrl("heatmap")], maxzoom: 15 },
  });
  style.layers.push(
    { id: "heatmap-fill", type: "fill", source: "heatmap", "source-layer": "heatmap",
      layout: { visibility: "none" },
      paint: { "fill-opacity": 0.65,
               "fill-color": ["interpolate", ["linear"], ["get", "per_km2"],
                              0, "#fff5eb", 20, "#fdae6b", 100, "#e6550d", 400, "#7f2704"] } },
    { id: "reports-hex", type: "fill", source: "reports", "source-layer": "reports",
      filter: ["has", "count"],
      paint: { "fill-opacity": 0.55, "fill-outline-color": "#ffffff",
               "fill-color": ["interpolate", ["linear"], ["get", "count"],
                              1, "#c6dbef", 10, "#6baed6", 50, "#2171b5", 200, "#08306b"] } },
    { id: "reports-hex-label", type: "symbol", source: "reports", "source-layer": "reports",
      filter: ["has", "count"], layout: { "text-field": ["to-string", ["get", "count"]], "text-size": 11 },
      paint: { "text-color": "#102a43", "text-halo-color": "#fff", "text-halo-width": 1 } },
    { id: "reports-point", type: "circle", source: "reports", "source-layer": "reports",
      filter: ["!", ["has", "count"]],
      paint: { "circle-radius": 6, "circle-stroke-color": "#fff", "circle-stroke-width": 1.5,
               "circle-color": STATUS_COLOR } },
  );
  return style;
}

const map = new maplibregl.Map({
  container: "map",
  center: [123.6, -10.19],
  zoom: 11.3,
  attributionControl: { compact: true },
  style: publicStyle(),
});
map.addControl(new maplibregl.NavigationControl(), "top-right");
map.addControl(new maplibregl.ScaleControl());

function applyFilters() {
  const params = {};
  const cat = document.getElementById("category").value;
  if (cat) params.category = cat;
  const status = document.getElementById("status").value;
  if (status) params.status = status;
  const days = Number(document.getElementById("period").value);
  if (days) params.since = new Date(Date.now() - days * 86400000).toISOString().slice(0, 10) + "T00:00:00Z";
  map.getSource("reports").setTiles([tileUrl("reports", params)]);
  map.getSource("heatmap").setTiles([tileUrl("heatmap", params)]);
}
for (const id of ["category", "status", "period"]) document.getElementById(id).addEventListener("change", applyFilters);
document.getElementById("heat").addEventListener("change", (e) => {
  map.setLayoutProperty("heatmap-fill", "visibility", e.target.checked ? "visible" : "none");
});

function panel(...children) {
  const info = document.getElementById("info");
  info.textContent = "";
  info.append(...children);
  info.hidden = false;
}
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; };

async function showReport(id) {
  const resp = await fetch(`/api/v1/reports/${id}`);
  if (!resp.ok) return;
  const f = await resp.json();
  const p = f.properties;
  const parts = [el("strong", `#${p.id} ${lang === "id" ? p.category_name_id : p.category_name_en}`),
                 el("div", `${t("status")}: ${statusName(p.status)} · ${p.kelurahan}, ${p.kecamatan}`)];
  if (p.thumb_url) { const img = el("img"); img.src = p.thumb_url; img.alt = ""; parts.push(img); }
  if (p.description) parts.push(el("p", p.description));
  if (p.location_coarsened) parts.push(el("em", t("coarse")));
  parts.push(el("div", `${p.support_count} ${t("support")}`));
  const ol = el("ol", null, "timeline");
  for (const e of p.timeline) ol.append(el("li", `${new Date(e.at).toLocaleString(lang)} — ${e.to_status ? statusName(e.to_status) : e.event}`));
  parts.push(el("div", t("timeline")), ol);
  panel(...parts);
}

map.on("click", (e) => {
  if (!document.getElementById("report-panel").hidden) return; // the form uses clicks to move the pin
  const hits = map.queryRenderedFeatures(e.point, { layers: ["reports-point", "reports-hex", "kelurahan-fill"] });
  if (!hits.length) return;
  const f = hits[0];
  if (f.layer.id === "reports-point") return showReport(f.id ?? f.properties.id);
  if (f.layer.id === "reports-hex") {
    return panel(el("strong", `${f.properties.count} ${t("reports")}`),
                 el("div", Object.entries(f.properties).filter(([k]) => k.startsWith("st_"))
                   .map(([k, v]) => `${statusName(k.slice(3))}: ${v}`).join(" · ")));
  }
  const p = f.properties;
  panel(el("strong", `${t("kelurahan")} ${p.name}`), el("div", `${t("kecamatan")}: ${p.kecamatan}`),
        el("div", `${t("puskesmas")}: ${p.puskesmas}`));
});
map.on("error", (e) => { console.warn(t("error"), e.error && e.error.message); });

fetch("/api/v1/categories").then((r) => r.json()).then((d) => { categories = d.categories; applyLang(); });
applyLang();
reportForm = setupReportForm(map, () => lang, () => categories);
window.sigapMap = map;
window.sigapForm = reportForm;
