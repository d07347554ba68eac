// Public transparency page: per-agency performance over twelve months from /api/v1/performance,
// per category and with a monthly trend, and the caveats that go with the numbers. Agencies by name, no ranking.
import { CITY, cityPage, cityTitle, decimal, el, lang, monthLabel } from "/static/common.js";
import { monthBars } from "/static/charts.js";

document.getElementById("map-link").href = cityPage("");  // this city's map

const WORDS = {
  id: { title: "Kinerja Layanan OPD", other: "EN", map: "Peta laporan", caveatsTitle: "Catatan membaca angka",
        intro: `Seberapa cepat setiap OPD ${CITY.name} menanggapi dan menyelesaikan laporan warga, 12 bulan terakhir.`,
        period: "Periode", reports: "Laporan", resolved: "Selesai", firstResp: "Median respons pertama",
        resolution: "Median penyelesaian", breach: "Melewati batas waktu (SLA)", hours: "jam", days: "hari", minutes: "menit",
        trend: "Batang hijau: jumlah laporan per bulan. Angka merah: persen laporan bulan itu yang melewati batas waktu (SLA).", byMonth: "Per bulan", month: "Bulan",
        medianShort: "Median selesai", breachShort: "Lewat SLA",
        none: "Belum ada laporan.", area: "Wilayah", wholeCity: "Seluruh kota", byCategory: "Per kategori", category: "Kategori" },
  en: { title: "Agency service performance", other: "ID", map: "Report map", caveatsTitle: "How to read these figures",
        intro: `How fast each agency of ${CITY.name} responds to and resolves citizens' reports, last 12 months.`,
        period: "Period", reports: "Reports", resolved: "Resolved", firstResp: "Median first response",
        resolution: "Median resolution", breach: "Past the deadline (SLA)", hours: "h", days: "days", minutes: "min",
        trend: "Green bars: reports per month. Red figures: the share of that month's reports past the deadline (SLA).", byMonth: "By month", month: "Month",
        medianShort: "Median to resolve", breachShort: "Past SLA",
        none: "No reports yet.", area: "Area", wholeCity: "Whole city", byCategory: "By category", category: "Category" },
};
const w = (k) => WORDS[lang.get()][k];
let data = null;

const pct = (v) => (v == null ? "–" : `${Math.round(v * 100)} %`);
// Under an hour in minutes: a first response within minutes read "0,0 jam", as if instant (a walk).
const dur = (h) => (h == null ? "–" : h >= 48 ? `${decimal(h / 24)} ${w("days")}`
  : h < 1 ? `${Math.max(1, Math.round(h * 60))} ${w("minutes")}` : `${decimal(h)} ${w("hours")}`);

function figure(label, value) {
  return el("div", {}, el("dt", {}, label), el("dd", {}, value));
}

const named = (x) => lang.pick([x.name, x.name_en]);
const heads = (first) => el("tr", {}, ...[first, w("reports"), w("resolved"), w("medianShort"), w("breachShort")]
  .map((h) => el("th", {}, h)));
const cells = (label, f) => el("tr", {}, el("td", {}, label), el("td", {}, String(f.total)), el("td", {}, pct(f.resolved_share)),
  el("td", {}, dur(f.median_resolution_h ?? null)), el("td", {}, pct(f.sla_breach_rate)));

// An agency with several kinds of report says how each fares: their deadlines differ (DISHUB's
// congestion 2 h, its street lights 72 h), and one rate hid which kind was late. Open, not hidden.
function kinds(a) {
  if (a.categories.length < 2) return null;
  return el("details", { open: "" }, el("summary", {}, w("byCategory")),
    el("table", {}, heads(w("category")), ...a.categories.map((c) => cells(named(c), c))));
}

function card(a) {
  const rows = a.trend.map((t) => cells(monthLabel(t.month), t));
  const chart = el("div", { class: "trend" });
  monthBars(chart, a.trend.map((t) => ({ label: monthLabel(t.month), value: t.total, note: pct(t.sla_breach_rate) })),
            `${named(a)}: ${w("trend")}`);
  return el("section", { class: "agency", "data-agency": a.code },
    el("h2", {}, named(a)),
    el("dl", { class: "figures" }, figure(w("reports"), String(a.total)), figure(w("resolved"), pct(a.resolved_share)),
       figure(w("firstResp"), dur(a.median_first_response_h)), figure(w("resolution"), dur(a.median_resolution_h)),
       figure(w("breach"), pct(a.sla_breach_rate))),
    kinds(a),
    // What the bars and the red figures are, in words a phone shows (the chart's own title is
    // a tooltip, which no phone shows: "100 %" above a short bar read as something else).
    el("figure", { class: "trend-figure" }, chart, el("figcaption", { class: "trend-caption" }, w("trend"))),
    el("details", {}, el("summary", {}, w("byMonth")), el("table", {}, heads(w("month")), ...rows)));
}

function render() {
  document.documentElement.lang = lang.get();
  document.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = w(e.dataset.i18n); });
  cityTitle(w("title"));
  const button = document.getElementById("lang");
  button.textContent = w("other");
  button.setAttribute("aria-label", `${w("other")} — ganti bahasa / change language`);
  if (!data) return;
  const pick = document.getElementById("area");
  pick.replaceChildren(new Option(w("wholeCity"), ""), ...data.areas.map((k) => new Option(`Kec. ${k.name}`, String(k.id))));
  pick.value = data.kecamatan ? String(data.kecamatan.id) : "";
  document.getElementById("period").textContent = `${w("period")}: ${monthLabel(data.months[0], "long")} – ${monthLabel(data.months.at(-1), "long")}`
    + (data.kecamatan ? ` · Kec. ${data.kecamatan.name}` : "");
  const box = document.getElementById("agencies");
  box.replaceChildren(...(unknownArea ? [el("p", { class: "msg", role: "status", id: "area-unknown" }, lang.pick([
    `Kecamatan "${unknownArea}" tidak dikenal; ditampilkan seluruh kota.`,
    `No kecamatan "${unknownArea}" here; the whole city is shown.`]))] : []),
    ...(data.agencies.length ? data.agencies.map(card) : [el("p", {}, w("none"))]));
  document.getElementById("caveats").replaceChildren(...data.caveats.map((c) => el("li", {}, c[lang.get()])));
}

// The city's or one kecamatan's figures (a resident asks how the agencies serve where they live);
// the choice is kept in the address, so a shared link opens on it.
// A link naming a kecamatan the city does not have (a typo, one renamed) opens on the whole city
// and says so: it said "cannot be loaded" with an empty area list, and no way on.
let unknownArea = null;
async function load(kecamatan) {
  const resp = await fetch(`/api/v1/performance${kecamatan ? `?kecamatan=${encodeURIComponent(kecamatan)}` : ""}`)
    .catch(() => null);
  if (resp && resp.status === 400 && kecamatan) {
    unknownArea = kecamatan;
    const url = new URL(location.href);
    url.searchParams.delete("kecamatan");
    history.replaceState(null, "", url);
    return load("");
  }
  if (resp && resp.ok) {
    data = await resp.json();
    render();
  } else {
    document.getElementById("agencies").replaceChildren(el("p", { class: "msg err", role: "alert" },
      lang.pick(["Data kinerja belum dapat dimuat. Coba lagi sebentar lagi.",
                 "The performance figures cannot be loaded now. Please try again shortly."])));
  }
}

document.getElementById("lang").addEventListener("click", () => { lang.toggle(); render(); });
document.getElementById("area").addEventListener("change", async (e) => {
  const kecamatan = e.target.value, url = new URL(location.href);
  unknownArea = null;
  if (kecamatan) url.searchParams.set("kecamatan", kecamatan); else url.searchParams.delete("kecamatan");
  history.replaceState(null, "", url);
  await load(kecamatan);
});
render();
await load(new URLSearchParams(location.search).get("kecamatan"));
window.sigapReady = true;
