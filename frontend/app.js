// SIGAP web map: our own boundary layers are the base, so it works without internet.
import * as maplibregl from "/static/node_modules/maplibre-gl/dist/maplibre-gl.mjs";

const TEXT = {
  id: { subtitle: "Peta Aduan Publik Kota Kupang", kelurahan: "Kelurahan", kecamatan: "Kecamatan",
        puskesmas: "Puskesmas", other: "EN", error: "Gagal memuat data peta" },
  en: { subtitle: "Kota Kupang Public Complaint Map", kelurahan: "Kelurahan", kecamatan: "District",
        puskesmas: "Health centre", other: "ID", error: "Could not load map data" },
};
let lang = localStorage.getItem("sigap.lang") || "id";

function applyLang() {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = TEXT[lang][el.dataset.i18n]; });
  document.getElementById("lang").textContent = TEXT[lang].other;
}
document.getElementById("lang").addEventListener("click", () => {
  lang = lang === "id" ? "en" : "id";
  localStorage.setItem("sigap.lang", lang);
  applyLang();
});
applyLang();

const map = new maplibregl.Map({
  container: "map",
  center: [123.6, -10.19],
  zoom: 11.3,
  attributionControl: { compact: true },
  style: {
    version: 8,
    sources: {
      kecamatan: { type: "geojson", data: "/api/v1/kecamatan?simplify=0.00002",
                   attribution: "Batas: BPS 2013 (dikoreksi) / SIGAP" },
      kelurahan: { type: "geojson", data: "/api/v1/kelurahan?simplify=0.00002" },
    },
    layers: [
      { id: "sea", type: "background", paint: { "background-color": "#cfe3f0" } },
      { id: "kelurahan-fill", type: "fill", source: "kelurahan",
        paint: { "fill-color": "#f4f1e8", "fill-outline-color": "#b9b2a0" } },
      { id: "kelurahan-line", type: "line", source: "kelurahan",
        paint: { "line-color": "#a69f8c", "line-width": 0.8 } },
      { id: "kecamatan-line", type: "line", source: "kecamatan",
        paint: { "line-color": "#0b5d3b", "line-width": 2 } },
    ],
  },
});
map.addControl(new maplibregl.NavigationControl(), "top-right");
map.addControl(new maplibregl.ScaleControl());

map.on("click", "kelurahan-fill", (e) => {
  const p = e.features[0].properties;
  const info = document.getElementById("info");
  const t = TEXT[lang];
  info.textContent = "";
  const h = document.createElement("strong");
  h.textContent = `${t.kelurahan} ${p.name}`;
  info.append(h, document.createElement("br"),
              `${t.kecamatan}: ${p.kecamatan}`, document.createElement("br"),
              `${t.puskesmas}: ${p.puskesmas}`);
  info.hidden = false;
});
map.on("error", (e) => { console.warn(TEXT[lang].error, e.error && e.error.message); });
window.sigapMap = map;
