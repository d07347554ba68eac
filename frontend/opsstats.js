// The operator dashboard's Statistik tab: counts, medians and SLA breaches per agency, kecamatan,
// kelurahan and category for a period, an area, an agency and a category; that choice's reports
// as files; the choice kept in the address (/ops#statistik?period=30&area=kec:3&category=sampah).
// Its own module: ops.js is the queue and the map.
import { CITY, STATUS, api, cityDayStart, decimal, el, fillIn, inCity, lang, localDate, monthLabel, zoneName } from "/static/common.js";
import { stackedBars } from "/static/charts.js";

const $ = (id) => document.getElementById(id);
// Their period is chosen and said (they were all time, and nothing said so: a planner compared
// them with the transparency page's twelve months).
const STAT_DAYS = ["", "7", "30", "90", "365"];
// And the city's last twelve calendar months, a planner's unit ("2026-11": only "the last N days"
// were offered, and a GIS walk could not ask for November).
const MONTH = /^\d{4}-\d{2}$/;
const months = () => {
  const [y, m] = cityDayStart(0).slice(0, 7).split("-").map(Number);
  return Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7));
};
const monthAfter = (ym) => new Date(Date.UTC(+ym.slice(0, 4), +ym.slice(5, 7), 1)).toISOString().slice(0, 10);
// The choices: their lists, and their names in the address.
const STAT_CHOICES = { period: "st-period", area: "st-area", agency: "st-agency", category: "st-category" };
// The download links and the export each one fetches.
const DOWNLOADS = { "st-csv": "reports.csv", "st-gpkg": "reports.gpkg", "st-geojson": "reports.geojson",
                    "st-tif": "heatmap.tif" };
const GROUPS = ["agency", "kelurahan", "kecamatan", "category"];

// What ops.js lends: its words, the query of an area and agency filter, a kecamatan by id
// ({name, kelurahan: [{id, name}]}).
let w = (key) => key, filterQuery = () => "", kecamatanOf = () => null, allKecamatan = () => null;
let ready = false, categories = [], statsData = null, statsSince = null, statsAsked = 0;

/** Wire the tab: its lists, downloads and choices (once, when a staff member is in). The periods
 * are there at once; the returned promise settles when the categories are listed too. */
export async function setupStats(words, areaQuery, kecamatanById, kecamatanList = () => null) {
  [w, filterQuery, kecamatanOf, allKecamatan, ready] = [words, areaQuery, kecamatanById, kecamatanList, true];
  for (const id of Object.keys(DOWNLOADS)) $(id).addEventListener("click", (e) => download(e).catch((err) => console.warn(err.message)));
  for (const id of Object.values(STAT_CHOICES)) {
    $(id).addEventListener("change", () => {
      if (id === "st-agency") fillCategories(); // only the chosen OPD's categories
      loadStats().catch((err) => console.warn(err.message));
    });
  }
  relabelStats();
  // Without them the tab still counts (every category), as the area filter does without its list.
  categories = await api("/api/v1/categories").then((r) => r.categories, () => []);
  relabelStats();
}

/** The lists in the page's language, their choices kept; the charts redrawn in it. */
export function relabelStats() {
  if (!ready) return; // a sign-in screen has no statistics
  const period = $("st-period"), p0 = period.value;
  period.replaceChildren(...STAT_DAYS.map((d) => new Option(d ? fillIn(w("lastDays"), { n: d }) : w("allTime"), d)),
    el("optgroup", { label: w("months") }, ...months().map((m) => new Option(monthLabel(m, "long"), m))));
  period.value = p0 || "";
  fillCategories();
  drawStats();
  dlFailed.say(); // a refusal on screen follows the switch (it stayed Indonesian)
}

// The categories to choose from: the chosen OPD's (DISHUB's four, not Sampah, which answered
// "no reports" under "Hanya DISHUB · Sampah"), or all; a choice the list lost goes back to all.
function fillCategories() {
  const category = $("st-category"), c0 = category.value, agency = $("st-agency").value;
  category.replaceChildren(new Option(w("allCategories"), ""), ...categories.filter((c) => !agency || c.agency === agency)
    .map((c) => new Option(lang.pick([c.name_id, c.name_en]), c.code)));
  category.value = c0 || "";
  if (category.selectedIndex < 0) category.value = "";
}

export async function loadStats() {
  const period = $("st-period").value, month = MONTH.test(period) ? period : null;
  // a month as the city's days (plain dates: the server reads them in the city's zone), its end excluded
  statsSince = month ? `${month}-01` : Number(period) ? cityDayStart(Number(period) - 1) : null; // today counts as one of them
  const until = month ? monthAfter(month) : null;
  // The period's, area's, agency's and category's numbers, and their reports as files (open
  // data, the export API): a planner had to find the URLs in the API docs, a camat got the city's.
  const category = $("st-category").value;
  const only = `${statsSince ? `&since=${encodeURIComponent(statsSince)}` : ""}${until ? `&until=${until}` : ""}`
    + `${filterQuery("st-area", "st-agency")}`
    + `${category ? `&category=${encodeURIComponent(category)}` : ""}`;
  $("st-dl-msg").hidden = true;
  for (const [id, file] of Object.entries(DOWNLOADS)) {
    $(id).href = inCity(`/api/v1/exports/${file}${only.replace("&", "?")}`, CITY.slug);
  }
  // Kept in the address: a reload or a shared link opens on the same numbers (they went back to
  // the defaults). An empty choice is kept too: "area=" is the whole city, not one's own area.
  const keep = new URLSearchParams(Object.entries(STAT_CHOICES).map(([key, id]) => [key, $(id).value]));
  history.replaceState(null, "", `#statistik?${keep}`);
  const asked = ++statsAsked;
  const data = await Promise.all(GROUPS.map((g) => api(`/api/v1/stats?group=${g}${only}`)));
  if (asked !== statsAsked) return; // a later choice's answer draws, not this older one
  statsData = data;
  drawStats();
}

/** /ops#statistik?period=30&area=kec:3&agency=DLH&category=sampah: true when the address asks
 * for the tab, its choices set (those the lists lack are left at their defaults). Either way the
 * category list is then the chosen OPD's (an agency admin's own, set without a change event). */
export function statsChoicesFromHash() {
  const m = /^#statistik(?:\?(.*))?$/.exec(location.hash);
  const keep = new URLSearchParams(m?.[1] || "");
  for (const [key, id] of Object.entries(STAT_CHOICES)) {
    if (key === "category") fillCategories();
    const v = keep.get(key);
    if (m && v != null && [...$(id).options].some((o) => o.value === v)) $(id).value = v;
  }
  return Boolean(m);
}

const dlFailed = { words: () => "", say() { $("st-dl-msg").textContent = this.words(); } };
// A download the server refuses (exports are 10 a minute an address, and an office shares one) is
// said here: the browser saved the error as "reports.json" and the page said nothing.
async function download(event) {
  event.preventDefault();
  const msg = $("st-dl-msg");
  msg.hidden = true;
  const r = await fetch(event.currentTarget.href);
  if (!r.ok) {
    const body = await r.json().catch(() => ({}));
    dlFailed.words = () => `${w("downloadFailed")}: ${lang.pick([body.message, body.message_en]) || r.status}`;
    dlFailed.say();
    msg.hidden = false;
    return;
  }
  const name = /filename="([^"]+)"/.exec(r.headers.get("Content-Disposition") || "")?.[1] || "";
  const url = URL.createObjectURL(await r.blob());
  const save = el("a", { href: url, download: name, hidden: "" });
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

const rowName = (r) => lang.pick([r.name, r.name_en]); // an agency's or category's name in English too
// Busiest first, as every chart here: by real problems, neither rejected nor duplicates (a run
// of rejected spam ranked Alak seventh of the "10 terbanyak" with nothing real: a planner's walk).
const real = (r) => r.total - (r.by_status?.rejected || 0) - (r.by_status?.duplicate || 0);
const busiest = (rows) => [...rows].sort((a, b) => real(b) - real(a) || b.total - a.total);

export function drawStats() {
  if (!statsData || $("stats-view").hidden) return; // hidden, a chart has no width to fit (drawn when shown)
  const [agency, kel, kec, cat] = statsData;
  const chosen = (id) => { const o = $(id).selectedOptions[0]; return o && o.value ? o.textContent : null; };
  // the agency by its code
  const part = [chosen("st-area"), $("st-agency").value, chosen("st-category")].filter(Boolean).join(" · ");
  const month = MONTH.test($("st-period").value) ? $("st-period").value : null;
  $("st-range").textContent = (month ? fillIn(w("rangeMonth"), { month: monthLabel(month, "long"), zone: zoneName() })
    : statsSince ? fillIn(w("rangeSince"), { date: localDate(statsSince), zone: zoneName() })
      : w("rangeAll")) + (part ? ` ${fillIn(w("rangeArea"), { area: part })}` : "");
  const segments = [{ key: "open", name: w("openSeg"), color: "#d62728" },
                    { key: "done", name: w("resolvedSeg"), color: "#2ca02c" },
                    { key: "out", name: w("rejectedSeg"), color: "#9e9e9e" }];
  const bars = (r) => {
    const n = r.by_status;
    return { label: rowName(r), values: { open: n.submitted + n.verified + n.assigned + n.in_progress,
                                      done: n.resolved + n.closed, out: n.rejected + n.duplicate } };
  };
  // A choice without reports says so (it drew empty axes).
  const chart = (id, rows) => (rows.length ? stackedBars($(id), rows.map(bars), segments)
    : $(id).replaceChildren(el("p", { class: "hint" }, w("noReports"))));
  const agencyRows = busiest(agency.stats), categoryRows = busiest(cat.stats);
  chart("chart-agency", agencyRows);
  // What kind of problem came in (DLH's garbage against its illegal dumping; a lurah's streetlights).
  chart("chart-category", categoryRows);
  // Within a kecamatan or kelurahan, every kelurahan of it (the city's ten busiest told a camat
  // of Alak nothing of Alak); the whole city's ten busiest otherwise. The per-kecamatan chart
  // then goes: it drew one bar, a kelurahan's count under its kecamatan's name.
  const [kind, id] = ($("st-area").value || ":").split(":");
  for (const e of [$("kecamatan-title"), $("chart-kecamatan")]) e.hidden = Boolean(kind);
  // every kecamatan, one without reports as a zero after the others (Kelapa Lima was left out)
  const everyKecamatan = [...(allKecamatan()?.entries() || [])].map(([kid, k]) => ({ id: kid, name: k.name }));
  chart("chart-kecamatan", [...busiest(kec.stats), ...zeros(kec.stats, everyKecamatan)]);
  const kec1 = kind === "kec" ? kecamatanOf(Number(id)) : null;
  const kelRows = [...busiest(kel.stats), ...(kel.stats.length ? withoutReports(kel.stats, kec1) : [])];
  chart("chart-kelurahan", kind ? kelRows : kelRows.slice(0, 10));
  $("kelurahan-title").textContent = kind === "kec" ? fillIn(w("kelurahanOf"), { kecamatan: kec1?.name })
    : kind === "kel" ? chosen("st-area") : w("byKelurahan");
  table($("table-agency"), w("agency"), agencyRows);
  table($("table-category"), w("categoryLabel"), categoryRows);
  // Every kelurahan, not only the ten in the chart (a planner looks up their own), busiest first.
  // with its kecamatan, for the whole city: a camat finds theirs (within one, it said "Alak" 12 times)
  table($("table-kelurahan"), "Kelurahan", kelRows, !kind);
}

// A kecamatan's kelurahan that had no reports, as rows of zeros after the others (a camat read
// a kelurahan left out of the chart as one the page forgot).
const withoutReports = (rows, kecamatan) => zeros(rows, kecamatan?.kelurahan || [], kecamatan?.name);
// Rows of zeros for the `places` (each {id, name}) not among `rows`, by name.
function zeros(rows, places, kecamatan = undefined) {
  const seen = new Set(rows.map((r) => String(r.key)));
  return places.filter((k) => !seen.has(String(k.id)))
    .sort((a, b) => a.name.localeCompare(b.name, "id"))
    .map((k) => ({ key: String(k.id), name: k.name, kecamatan, total: 0, median_first_response_h: null,
                   median_resolution_h: null, sla_breach_rate: null,
                   by_status: Object.fromEntries(Object.keys(STATUS).map((st) => [st, 0])) }));
}

// Under an hour with two decimals: a first response within minutes read "0.0" hours (a walk).
const hours = (h) => decimal(h, h != null && h < 1 ? 2 : 1);

function table(t, first, rows, kecamatan = false) {
  t.replaceChildren(el("tr", {}, ...[first, kecamatan ? "Kecamatan" : null, w("total"), w("firstResp"), w("resolution"), w("breach")]
    .filter(Boolean).map((h) => el("th", {}, h))),
    ...rows.map((r) => el("tr", {}, el("td", {}, rowName(r)), kecamatan ? el("td", {}, r.kecamatan) : null,
      el("td", {}, String(r.total)), el("td", {}, hours(r.median_first_response_h)), el("td", {}, hours(r.median_resolution_h)),
      el("td", {}, r.sla_breach_rate == null ? "–" : `${Math.round(r.sla_breach_rate * 100)} %`))));
  // Wider than a phone: said under it in words (a shadow at the edge went unseen: a staff walk).
  const hint = t.nextElementSibling?.classList.contains("swipe") ? t.nextElementSibling
    : t.insertAdjacentElement("afterend", el("p", { class: "hint swipe" }));
  hint.textContent = w("swipe");
  requestAnimationFrame(() => { hint.hidden = t.scrollWidth <= t.clientWidth + 1; });
}
