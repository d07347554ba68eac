// The Petugas tab of /ops: the city's field officers (an agency admin: their own agency's) with
// their shift, when their phone last gave a position, their open tasks and what they finished in
// 30 days; "Lihat di peta" shows one on the queue's map. "Cari petugas terdekat" lists only
// officers with a recent position: here a dispatcher sees who is missing from it and why (a staff
// walk found no way to see the team at all). No ranking: figures per officer are for dispatch,
// not for quotas (docs/analytics.md).
import { api, el, fillIn, lang, localTime, shortTime } from "/static/common.js";

const T = {
  title: ["Petugas lapangan", "Field responders"],
  ownTeam: ["Petugas OPD Anda", "Your agency's field responders"],
  summary: ["{n} petugas: {available} siap, {busy} sibuk, {off} tidak bertugas; {stale} tanpa lokasi terkini.",
            "{n} responders: {available} available, {busy} busy, {off} off duty; {stale} without a recent position."],
  summary_one: ["1 petugas: {available} siap, {busy} sibuk, {off} tidak bertugas; {stale} tanpa lokasi terkini.",
                "1 responder: {available} available, {busy} busy, {off} off duty; {stale} without a recent position."],
  none: ["Belum ada petugas lapangan.", "No field responders yet."],
  name: ["Nama (tim)", "Name (team)"], agency: ["OPD", "Agency"], shift: ["Status kerja", "Shift"],
  seen: ["Lokasi terakhir", "Last position"], open: ["Tugas aktif", "Open tasks"],
  done: ["Selesai 30 hari", "Resolved in 30 days"],
  never: ["belum pernah", "never"], old: ["lama", "old"],
  rule: ["Tugas ditawarkan otomatis kepada petugas yang Siap dengan lokasi terkini; \"Cari petugas terdekat\" memuat mereka, dan \"Tampilkan juga…\" semua petugas, juga yang tanpa lokasi terkini.",
         "Tasks are offered automatically to Available responders with a recent position; \"Find nearest responders\" lists them, and \"Also show…\" every responder, those without a recent position too."],
  onMap: ["Lihat di peta", "Show on map"], map: ["Peta", "Map"],
  scroll: ["Geser tabel ke samping untuk kolom lainnya ⇢", "Swipe the table sideways for more columns ⇢"],
  shifts: [{ available: "Siap", busy: "Sibuk", off: "Tidak bertugas" }, { available: "Available", busy: "Busy", off: "Off duty" }],
};
const t = (key, values = {}) => fillIn(lang.pick(T[key]), values);

// `me`: the signed-in staff member; `showOfficer(r)`: the queue's map at the officer's position.
export function setupTeam(me, { showOfficer }) {
  const view = document.getElementById("team-view");
  let rows = null; // not loaded yet
  // Where the table was: a redraw (Back from the map, the language) put it at its start, the
  // page at its top and the focus on <body>, with the officer's row out of sight sideways.
  let sideways = 0, leftAt = null; // { id, x, y }: the officer shown on the map, the table's and page's scroll then

  function row(r) {
    const seen = r.location_at ? el("span", {}, shortTime(r.location_at), r.stale ? el("em", { class: "stale" }, ` (${t("old")})`) : null)
      : el("em", {}, t("never"));
    return el("tr", { "data-responder": r.responder_id },
      // the shift beside the name: at 360 px the rest scrolls sideways in its box
      el("th", { scope: "row" }, `${r.name || "#" + r.responder_id}${r.team ? ` (${r.team})` : ""}`),
      el("td", { class: `shift ${r.status}` }, lang.pick(T.shifts)[r.status] || r.status),
      el("td", { title: r.location_at ? localTime(r.location_at) : "" }, seen),
      el("td", { class: "num" }, String(r.open_tasks)), el("td", { class: "num" }, String(r.resolved_30d)),
      me.role === "agency_admin" ? null : el("td", {}, r.agency),
      el("td", {}, r.lng != null ? el("button", { type: "button", "data-show": r.responder_id, "aria-label": `${t("onMap")}: ${r.name || "#" + r.responder_id}`,
                                                onclick: (e) => { leftAt = { id: r.responder_id, y: window.scrollY, x: e.target.closest(".table-wrap").scrollLeft }; showOfficer(r); } },
                                       t("onMap")) : null));
  }

  function render() {
    const before = view.querySelector(".table-wrap");
    if (leftAt) sideways = leftAt.x; else if (before?.clientWidth) sideways = before.scrollLeft; // (hidden, it says 0)
    const count = (s) => rows.filter((r) => r.status === s).length;
    const head = [t("name"), t("shift"), t("seen"), t("open"), t("done"), me.role === "agency_admin" ? null : t("agency"), t("map")];
    view.replaceChildren(el("h2", {}, me.role === "agency_admin" ? t("ownTeam") : t("title")),
      rows.length ? el("p", { id: "team-summary" }, t(rows.length === 1 ? "summary_one" : "summary", { n: rows.length, available: count("available"), busy: count("busy"),
                                                                   off: count("off"), stale: rows.filter((r) => r.stale).length }))
        : el("p", {}, t("none")),
      rows.length ? el("p", { class: "hint" }, t("rule")) : null,
      rows.length ? el("p", { class: "hint", id: "team-scroll", hidden: true }, t("scroll")) : null,
      rows.length ? el("div", { class: "table-wrap" }, el("table", { id: "team-list" },
        el("thead", {}, el("tr", {}, ...head.filter((h) => h !== null).map((h, i, all) =>
          el("th", { scope: "col", class: i === all.length - 1 ? "sr-only" : null }, h)))),
        el("tbody", {}, ...rows.map(row)))) : null);
    scrollHint();
    const wrap = view.querySelector(".table-wrap");
    if (wrap) wrap.scrollLeft = sideways;
    if (leftAt && !view.hidden) {
      view.querySelector(`button[data-show="${leftAt.id}"]`)?.focus({ preventScroll: true });
      window.scrollTo({ top: leftAt.y });
      leftAt = null;
    }
  }

  // On a phone the last columns lie past the box's edge, and nothing said there was more.
  function scrollHint() {
    const wrap = view.querySelector(".table-wrap"), hint = document.getElementById("team-scroll");
    if (wrap && hint) hint.hidden = wrap.scrollWidth <= wrap.clientWidth + 1;
  }
  window.addEventListener("resize", scrollHint);

  async function load() {
    rows = (await api("/api/v1/responders")).responders;
    render();
  }

  return { load, relabel: () => { if (rows) render(); } };
}
