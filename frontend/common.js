// Shared by the public map, the operator dashboard and the responder view: language, status
// names, DOM and API helpers, staff login, and the offline base map (our own boundary tiles).

export const STATUS = {
  submitted: ["Diterima", "Submitted"], verified: ["Diverifikasi", "Verified"], assigned: ["Ditugaskan", "Assigned"],
  in_progress: ["Dikerjakan", "In progress"], resolved: ["Selesai", "Resolved"], closed: ["Ditutup", "Closed"],
  rejected: ["Ditolak", "Rejected"], duplicate: ["Duplikat", "Duplicate"],
};
// In order of urgency: the priority picker lists them so, and an officer's tasks sort by it.
export const PRIORITY = { low: ["Rendah", "Low"], normal: ["Normal", "Normal"], high: ["Tinggi", "High"],
                          urgent: ["Darurat", "Urgent"] };

// The page's city (the server puts it in the head: /kupang/, /jakarta/, or the first city at /).
// Every API and tile request of the page names it, so each city sees only its own data.
export const CITY = JSON.parse(document.getElementById("sigap-city")?.textContent || "null")
  || { slug: "", name: "", center: [0, 0], zoom: 2, bbox: null };
// A city's name by its slug, as this phone last heard the list of cities (offline too).
export const cityName = (slug) => JSON.parse(localStorage.getItem("sigap.cityNames") || "{}")[slug] || slug;
export const keepCityNames = (cities) => {
  localStorage.setItem("sigap.cityNames", JSON.stringify(Object.fromEntries(cities.map((c) => [c.slug, c.name]))));
  localStorage.setItem("sigap.cityZones", JSON.stringify(Object.fromEntries(cities.map((c) => [c.slug, c.time_zone]))));
};
// A city's time zone by its slug (this page's city when unknown): "Laporan saya" on /jakarta/
// gave a Kupang report's time in WIB, an hour off the WITA its own page and exports say.
// Before the list of cities was heard (a phone that kept one from before zones were kept), the
// zone of the time's own offset, which the API writes in the report's city's zone.
const OFFSET_ZONES = { "+07:00": "Asia/Jakarta", "+08:00": "Asia/Makassar", "+09:00": "Asia/Jayapura" };
export const cityZone = (slug, iso = "") => JSON.parse(localStorage.getItem("sigap.cityZones") || "{}")[slug]
  || OFFSET_ZONES[String(iso).slice(-6)] || CITY.time_zone;
export const cityUrl = (url) => {
  const u = new URL(url, location.origin);
  if (!CITY.slug || u.origin !== location.origin || !/^\/(api|tiles)\//.test(u.pathname) || u.searchParams.has("city")) {
    return url;
  }
  u.searchParams.set("city", CITY.slug);
  return u.pathname + u.search;
};
// An API URL asked in `city` (a report's, a notification's) rather than this page's, so the
// server reads one city's data: "my reports" and notifications list rows of every city.
export const inCity = (url, city) =>
  (city ? `${url}${url.includes("?") ? "&" : "?"}city=${encodeURIComponent(city)}` : url);
export const reportUrl = (id, city = CITY.slug, rest = "") => inCity(`/api/v1/reports/${id}${rest}`, city);
// A page of this city's web app (/jakarta/ops …).
export const cityPage = (page = "") => (CITY.slug ? `/${CITY.slug}/${page}` : `/${page}`);
/** A report asked of the wrong city's page (/kupang/?report=54 for Jakarta's #54: a hand-made or old
 * link) opens on its own city's page; the map was left bare (a second-city walk). Else null. */
export async function toItsCity(resp, id) {
  const body = await resp.json().catch(() => ({}));
  const city = body.code === "report_in_other_city" ? body.details?.city : null;
  if (city && city !== CITY.slug) location.replace(`/${encodeURIComponent(city)}/?report=${id}`);
  return null;
}
const nativeFetch = window.fetch.bind(window);
window.fetch = (input, init) => nativeFetch(typeof input === "string" ? cityUrl(input) : input, init);

// This page's language, read once: a switch in another tab of the browser changed what this one read
// at its next draw, and this one's own switch then flipped the stored choice back (two tabs open,
// words of both languages on one screen: a walk). A switch here is kept for the pages opened next.
let shownLang = localStorage.getItem("sigap.lang") || "id";
export const lang = {
  get: () => shownLang,
  toggle: () => { shownLang = shownLang === "id" ? "en" : "id"; localStorage.setItem("sigap.lang", shownLang); },
  // [Indonesian, English]: the Indonesian where no English was written (a name without name_en).
  pick: (pair) => (lang.get() === "id" ? pair[0] : pair[1] || pair[0]),
};
// Times in the city's own zone (WITA in Kupang, WIB in Jakarta), whatever the phone's setting.
const zone = (tz = CITY.time_zone) => (tz ? { timeZone: tz } : {});
// English as written in Indonesia: day before month (en-GB), as in Indonesian, not 12/4 for 4 December.
const locale = () => (lang.get() === "id" ? "id" : "en-GB");
// "21,1" in Indonesian, "21.1" in English; "–" for none.
export const decimal = (v, digits = 1) => (v == null ? "–"
  : Number(v).toLocaleString(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }));
// "850 m", "3,3 km": a field officer read "3349 m" as a number to work out.
export const distance = (m) => (m == null ? "–" : m < 1000 ? `${Math.round(m)} m` : `${decimal(m / 1000)} km`);
// The zone's name as Indonesians write it, in both languages: WIB, WITA, WIT (English gave "GMT+7").
export const zoneName = (date = new Date(), tz = undefined) => new Intl.DateTimeFormat("id", { ...zone(tz), timeZoneName: "short" })
  .formatToParts(date).find((part) => part.type === "timeZoneName")?.value || "";
// A full "when" in words ("5 Des 2026, 11.12 WITA"): the numeric "5/12/2026, 11.12.54" read as
// 12 May to an English reader, and its seconds told nobody anything.
// `tz`: another city's zone, for its report (one account reports in every city).
export const localTime = (iso, tz = undefined) => {
  const date = new Date(iso);
  const when = date.toLocaleString(locale(), { ...zone(tz), day: "numeric", month: "short", year: "numeric",
                                               hour: "2-digit", minute: "2-digit" });
  return `${when} ${zoneName(date, tz)}`.trim();
};
// A day in words ("5 Jul 2026"): "05/07/2026" read as 7 May to an English reader.
export const localDate = (iso) => new Date(iso).toLocaleDateString(locale(), { ...zone(), day: "numeric", month: "short", year: "numeric" });
// A month "2026-01" in words with its whole year ("Jan 2026", or "Januari 2026" with month "long"):
// "Jan 26" read as the 26th of January. Mid-month, so no zone can move it to the next month.
export const monthLabel = (m, month = "short") => new Date(`${m}-15T12:00:00`).toLocaleDateString(locale(), { month, year: "numeric" });
// A list row's "when": day, month and time to the minute ("4 Des 10.15 WITA"), so two reports of
// one day are told apart without the seconds and year that localTime spends a line on.
export const shortTime = (iso, tz = undefined) => {
  const date = new Date(iso);
  const when = date.toLocaleString(locale(), { ...zone(tz), day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  return `${when} ${zoneName(date, tz)}`.trim();
};
// The start of the city's local day `days` days back, with its offset ("2026-11-26T00:00:00+08:00"):
// "the last 7 days" (today and 6 back) counts the city's days, whatever zone the phone is set to. Built from date
// parts and the zone's wall clock minus UTC (Intl's "longOffset" is newer than many phones).
export function cityDayStart(days, now = Date.now()) {
  const minute = Math.floor((now - days * 86400000) / 60000) * 60000;
  const d = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
    ...zone(), year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date(minute)).map((p) => [p.type, p.value]));
  const offset = Math.round((Date.UTC(+d.year, +d.month - 1, +d.day, +d.hour % 24, +d.minute) - minute) / 60000);
  const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0")}:${String(Math.abs(offset) % 60).padStart(2, "0")}`;
  return `${d.year}-${d.month}-${d.day}T00:00:00${offset < 0 ? "-" : "+"}${hhmm}`;
}
export const statusName = (s) => lang.pick(STATUS[s] || [s, s]);
// A timeline entry's name: its new status, or what happened when the status did not change
// (never the raw event code on screen).
const EVENTS = { merged_in: ["Laporan lain digabung ke sini", "Another report merged in"],
                 priority: ["Prioritas diubah", "Priority changed"], category: ["Kategori diubah", "Category changed"], resubmitted: ["Dilaporkan lagi", "Reported again"],
                 supported: ["Didukung warga", "Supported by a resident"], escalated: ["Dieskalasi", "Escalated"],
                 withheld: ["Moderasi", "Moderation"], shown: ["Moderasi", "Moderation"] };
const REOPENED = ["Dibuka lagi: belum beres", "Reopened: not fixed"];
export const eventName = (e) => {
  if (e.event === "status" && e.from_status === "resolved" && e.to_status === "in_progress") return lang.pick(REOPENED);
  return e.event !== "escalated" && e.to_status ? statusName(e.to_status) : lang.pick(EVENTS[e.event] || [e.event, e.event]);
};
// One timeline line as the citizen app and /ops show it: when, what, and its note in the chosen language.
export const eventLine = (e, tz = undefined) => `${localTime(e.at, tz)} — ${eventName(e)}${e.note ? ` — ${lang.pick([e.note, e.note_en])}` : ""}`;
export const priorityName = (p) => lang.pick(PRIORITY[p] || [p, p]);
export const categoryName = (p) => (lang.get() === "id" ? p.category_name_id : p.category_name_en) || p.category;

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== false && v != null) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c != null && c !== false) e.append(c);
  return e;
}

export class ApiError extends Error {
  constructor(status, body) {
    super((lang.get() === "id" ? body.message : body.message_en) || `HTTP ${status}`);
    this.status = status;
    this.code = body.code;
    this.details = body.details || {};
    // the same words in the language chosen when they are shown (a message kept on screen)
    this.said = () => lang.pick([body.message, body.message_en]) || `HTTP ${status}`;
  }
}

// The server's refusal (its bilingual JSON error) as a function that says it in the language
// chosen when it is read: a message kept on screen follows a later language switch.
export async function refusal(resp) {
  let b = {};
  try { b = await resp.json(); } catch { /* not JSON: a proxy's page */ }
  return () => lang.pick([b.message, b.message_en]) || `HTTP ${resp.status}`;
}

// fetch with the staff token; JSON in and out; API errors become ApiError in the chosen language.
// The signed-in staff member's bearer header (pages that fetch by themselves).
export const staffHeaders = () => ({ Authorization: `Bearer ${localStorage.getItem("sigap.staff")}` });

export async function api(path, { method = "GET", json, form, tokenKey = "sigap.staff" } = {}) {
  const headers = {};
  const token = localStorage.getItem(tokenKey);
  if (token) headers.Authorization = `Bearer ${token}`;
  let body;
  if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
  if (form) body = form;
  const resp = await fetch(path, { method, headers, body });
  if (resp.status === 204) return null;
  let data = {};
  try { data = await resp.json(); } catch { data = {}; }
  if (!resp.ok) throw new ApiError(resp.status, data);
  return data;
}

// A login form for staff; resolves with /api/v1/me once a user with one of `roles` is in.
// `w` is the page's word lookup (title, login, password, submit, wrongRole), read again when
// the language is switched, so the form follows it.
export function staffLogin(container, roles, w) {
  return new Promise((resolve) => {
    const msg = el("div", { class: "msg", id: "login-msg", role: "alert" });
    const login = el("input", { id: "s-login", autocomplete: "username", required: true });
    const pass = el("input", { id: "s-password", type: "password", autocomplete: "current-password", required: true });
    const title = el("h2", {}), submit = el("button", { type: "submit", id: "s-submit" });
    // each field named above it: a placeholder alone went as typing began (a staff walk)
    const loginLabel = el("label", { class: "field", for: login.id }), passLabel = el("label", { class: "field", for: pass.id });
    const label = () => {
      title.textContent = w("title"); submit.textContent = w("submit");
      loginLabel.textContent = w("login"); passLabel.textContent = w("password");
    };
    label();
    document.getElementById("lang")?.addEventListener("click", label);
    const form = el("form", { id: "staff-login", class: "card" }, title, loginLabel, login, passLabel, pass, submit, msg);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        const { token } = await api("/api/v1/auth/login", { method: "POST", json: { login: login.value, password: pass.value } });
        localStorage.setItem("sigap.staff", token);
        const me = await api("/api/v1/me");
        if (!roles.includes(me.role)) { localStorage.removeItem("sigap.staff"); throw new Error(w("wrongRole")); }
        document.getElementById("lang")?.removeEventListener("click", label);
        container.textContent = "";
        resolve(me);
      } catch (err) { msg.textContent = err.message; msg.className = "msg error"; }
    });
    container.textContent = "";
    container.append(form);
    login.focus(); // the page is this form until then (a keyboard started on <body>)
  });
}

// The signed-in staff member, or a login form first. Staff work for their own city: on another
// city's page they are taken to the same page of theirs (/jakarta/ops).
export async function currentStaff(container, roles, w) {
  let me = null;
  if (localStorage.getItem("sigap.staff")) {
    try {
      me = await api("/api/v1/me");
      if (!roles.includes(me.role)) me = null;
    } catch { /* expired token: log in again */ }
    if (!me) localStorage.removeItem("sigap.staff");
  }
  me = me || await staffLogin(container, roles, w);
  const mine = me.cities || [];
  const page = location.pathname.split("/").filter(Boolean).pop() || "";  // "ops", "petugas"
  if (CITY.slug && mine.length && !mine.includes(CITY.slug)) {
    location.replace(`/${mine[0]}/${page}${location.hash}`);
    return new Promise(() => {});  // the page is going away
  }
  if (mine.length > 1) cityPicker(mine, page);
  return me;
}

// An admin of several cities moves between their dashboards with a picker in the header
// (the same page: /kupang/ops -> /jakarta/ops).
async function cityPicker(mine, page) {
  const header = document.querySelector("header");
  if (!header || document.getElementById("staff-city")) return;
  try { keepCityNames((await api("/api/v1/cities")).cities); } catch { /* offline: the names kept, or the slugs */ }
  const pick = el("select", { id: "staff-city", "aria-label": lang.pick(["Kota", "City"]) },
                  ...mine.map((slug) => el("option", { value: slug, selected: slug === CITY.slug }, cityName(slug))));
  pick.addEventListener("change", () => location.assign(`/${pick.value}/${page === CITY.slug ? "" : page}${location.hash}`));
  document.getElementById("page-city")?.remove(); // the picker names the city
  header.insertBefore(pick, document.getElementById("who")?.nextSibling || null);
}

// Address search as the user types (debounced, 3 characters at least): `show` gets the geocoder's
// results, or null when there is no answer (offline). Used by the report form and /ops.
export function onAddressSearch(input, results, limit, show) {
  let timer = null;
  let asked = 0; // an answer to an older word, arriving late, is dropped (it mixed with the newer one's)
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mark = ++asked;
      results.textContent = "";
      if (input.value.trim().length < 3) return;
      let hits = null;
      try {
        const resp = await fetch(`/api/v1/geocode?q=${encodeURIComponent(input.value.trim())}&limit=${limit}`);
        hits = resp.ok ? (await resp.json()).results : null;
      } catch { /* no answer: null */ }
      if (mark === asked) show(hits);
    }, 300);
  });
}

export const tileUrl = (layer, params = {}) => {
  const q = new URLSearchParams(CITY.slug ? { ...params, city: CITY.slug } : params).toString();
  return `${location.origin}/tiles/${layer}/{z}/{x}/{y}.mvt${q ? "?" + q : ""}`;
};

// The slippy-map tile [x, y] at zoom z that holds the point [lng, lat] (clamped to the world).
export function tileXY(z, [lng, lat]) {
  const n = 2 ** z;
  const clamp = (v) => Math.min(n - 1, Math.max(0, Math.floor(v * n)));
  const s = Math.sin((lat * Math.PI) / 180);
  return [clamp((lng + 180) / 360), clamp(0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI))];
}
// A text's {name} placeholders filled in ("berlaku {n} menit lagi", a tile URL's {z}/{x}/{y});
// a placeholder without a value stays as written, so a missing word shows instead of "undefined".
export const fillIn = (text, values) => text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
// A tile URL template ({z}/{x}/{y}, as MapLibre asks for it) filled in.
export const fillTile = (template, z, x, y) => fillIn(template, { z, x, y });
export const tileAt = (layer, z, point) => fillTile(tileUrl(layer), z, ...tileXY(z, point));

// Each status's colour on every map (and in the responder's legend); the rest grey.
export const STATUS_HEX = { submitted: "#d62728", verified: "#ff7f0e", assigned: "#9467bd", in_progress: "#1f77b4",
                            resolved: "#2ca02c" };
export const STATUS_COLOR = ["match", ["get", "status"], ...Object.entries(STATUS_HEX).flat(), "#7f7f7f"];
// Still being worked on, in the workflow's order (the server's OPEN_STATUSES): everything after is done with.
export const OPEN_STATUSES = ["submitted", "verified", "assigned", "in_progress"];

// SLA badge: how late ("Terlambat 3 hari"), due within two hours, or time left. Every late report
// said only "Terlambat": a coordinator could not tell a year late from five minutes.
const span = (hours) => (hours < 1 ? `${Math.max(1, Math.round(hours * 60))} ${lang.pick(["mnt", "min"])}`
  : hours < 48 ? `${Math.round(hours)} ${lang.pick(["jam", "h"])}` : `${Math.round(hours / 24)} ${lang.pick(["hari", "days"])}`);
export function slaBadge(dueAt, now = Date.now()) {
  const left = (new Date(dueAt).getTime() - now) / 3600000;
  if (left < 0) return { cls: "sla late", text: `${lang.pick(["Terlambat", "Overdue"])} ${span(-left)}` };
  return { cls: left < 2 ? "sla soon" : "sla ok", text: `${lang.pick(["sisa", "left"])} ${span(left)}` };
}

// Staff sign-out ends the session on the server too: a token left on a shared office PC or a
// lost phone stops working. Without signal it is kept aside and ended when the signal returns
// (before, it lapsed only with its expiry), and the page says so instead of reloading into the
// browser's offline page.
const REVOKE = "sigap.staff.revoke";
// Ends a sign-in on the server: true once it is over (now, or already), false when the server
// would not; throws without signal. The citizen's outbox ends its given-up sign-ins with it too.
export async function endSession(token, signal) {
  const resp = await fetch("/api/v1/auth/logout", { method: "POST", headers: { Authorization: `Bearer ${token}` }, signal });
  return resp.ok || resp.status === 401;
}
async function endLeftSession() {
  const token = localStorage.getItem(REVOKE);
  if (token && await endSession(token).catch(() => false)) localStorage.removeItem(REVOKE);
}
endLeftSession();
window.addEventListener("online", endLeftSession);

export async function staffLogout() {
  const token = localStorage.getItem("sigap.staff");
  localStorage.removeItem("sigap.staff");
  for (const k of Object.keys(localStorage)) if (k.startsWith("sigap.resolveNote.")) localStorage.removeItem(k); // a shared phone
  await import("/static/pushsub.js").then((m) => m.forgetPush()).catch(() => {}); // only when signing out
  const signal = AbortSignal.timeout ? AbortSignal.timeout(5000) : undefined; // a hanging link: go on anyway
  if (!token || await endSession(token, signal).catch(() => false)) return location.reload();
  localStorage.setItem(REVOKE, token);
  document.querySelector("main")?.replaceChildren(el("p", { id: "signed-out", class: "msg warn", role: "status" },
    lang.pick(["Anda sudah keluar di perangkat ini. Sesi diakhiri di server begitu ada sinyal.",
               "You are logged out on this device. The session ends on the server as soon as there is signal."])));
}

// Staff pages: put every [data-i18n] text, the language and logout buttons in the chosen language.
// A staff or public page says which city it is about, in its header and its title (an operator
// with two tabs, or taken to their own city's page, could not tell), in the chosen language.
export function cityTitle(title) {
  document.title = `SIGAP — ${title}${CITY.name ? ` — ${CITY.name}` : ""}`;
  const header = document.querySelector("header");
  if (!header || !CITY.name || document.getElementById("page-city") || document.getElementById("staff-city")) return;
  const label = header.querySelector("[data-i18n='title']");
  label?.after(el("span", { id: "page-city", class: "page-city" }, CITY.name));
}

// MapLibre's own control labels (built-in English) in the page's language: given to a map when it
// is made (`locale`) and set again on the controls when the language is switched.
const MAP_UI = {
  "NavigationControl.ZoomIn": ["Perbesar", "Zoom in"], "NavigationControl.ZoomOut": ["Perkecil", "Zoom out"],
  "NavigationControl.ResetBearing": ["Seret untuk memutar peta, klik untuk kembali ke utara", "Drag to rotate map, click to reset north"],
  "AttributionControl.ToggleAttribution": ["Tampilkan atau sembunyikan sumber peta", "Toggle attribution"],
  "GeolocateControl.FindMyLocation": ["Cari lokasi saya", "Find my location"],
  "GeolocateControl.LocationNotAvailable": ["Lokasi tidak tersedia", "Location not available"],
  "Popup.Close": ["Tutup", "Close popup"], "Map.Title": ["Peta", "Map"],
  "CooperativeGesturesHandler.MobileHelpText": ["Geser peta dengan dua jari", "Use two fingers to move the map"],
};
export const mapLocale = () => Object.fromEntries(Object.entries(MAP_UI).map(([key, words]) => [key, lang.pick(words)]));
const MAP_LABELS = [[".maplibregl-ctrl-zoom-in", "NavigationControl.ZoomIn"], [".maplibregl-ctrl-zoom-out", "NavigationControl.ZoomOut"],
                    [".maplibregl-ctrl-compass", "NavigationControl.ResetBearing"],
                    [".maplibregl-ctrl-attrib-button", "AttributionControl.ToggleAttribution"],
                    [".maplibregl-ctrl-geolocate", "GeolocateControl.FindMyLocation"], [".maplibregl-canvas", "Map.Title"]];
export function relabelMaps() {
  for (const [selector, key] of MAP_LABELS) {
    document.querySelectorAll(selector).forEach((e) => {
      if (e.title) e.title = lang.pick(MAP_UI[key]);
      e.setAttribute("aria-label", lang.pick(MAP_UI[key]));
    });
  }
}

export function relabel(words) {
  relabelMaps();
  document.documentElement.lang = lang.get();
  cityTitle(words("title"));
  document.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = words(e.dataset.i18n); });
  document.querySelectorAll("[data-i18n-alt]").forEach((e) => { e.alt = words(e.dataset.i18nAlt); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((e) => {
    e.placeholder = words(e.dataset.i18nPlaceholder);
    e.setAttribute("aria-label", e.placeholder);
  });
  const button = document.getElementById("lang");
  button.textContent = words("other");
  button.setAttribute("aria-label", `${words("other")} — ganti bahasa / change language`);
  document.getElementById("logout").textContent = words("logout");
  document.getElementById("staff-city")?.setAttribute("aria-label", lang.pick(["Kota", "City"]));
}
