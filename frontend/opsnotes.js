// The dashboard's notification bell. The server notifies a camat or lurah when a report of their
// kecamatan / kelurahan misses its deadline (and an agency admin for their agency's), but /ops
// showed no notifications at all: the escalation reached nobody who works there.
import { CITY, api, el, fillIn, inCity, lang, shortTime } from "/static/common.js";

const WORDS = { title: ["Notifikasi", "Notifications"], empty: ["Belum ada notifikasi.", "No notifications yet."],
                close: ["Tutup", "Close"], allRead: ["Tandai semua dibaca", "Mark all read"],
                shown: ["{n} terbaru ditampilkan; {total} belum dibaca.", "The newest {n} are shown; {total} unread."] };
const t = (k) => lang.pick(WORDS[k]);

// `open(reportId)` shows a report in the queue. Returns a function that redraws in the language.
export function setupBell(open) {
  const bell = document.getElementById("bell"), count = document.getElementById("bell-count");
  const box = document.getElementById("notes");
  let notes = [], total = 0;

  async function refresh() {
    const answer = await api("/api/v1/notifications");
    // An admin of several cities sees this page's city's (each city has its own dashboard).
    notes = answer.notifications.filter((n) => !CITY.slug || n.city === CITY.slug);
    // Every unread one (the list holds the newest 200), unless other cities' are among them.
    total = notes.length === answer.notifications.length ? answer.unread : notes.filter((n) => !n.read_at).length;
    count.hidden = total === 0;
    count.textContent = String(total);
    if (!box.hidden) draw();
  }

  function draw() {
    const list = el("ul", { class: "list" }, ...notes.map((n) => el("li", { class: n.read_at ? null : "unread" },
      el("button", { type: "button", "data-notification": n.id, onclick: async () => {
        if (!n.read_at) await api(inCity(`/api/v1/notifications/${n.id}/read`, n.city), { method: "POST" });
        toggle(false);
        if (n.report_id) open(n.report_id);
        await refresh();
      } }, el("span", {}, lang.pick([n.message_id, n.message_en])),
         // What and where: "Sampah · Kel. Oebobo · 4 Des, 22.45 WITA".
         el("small", {}, [lang.pick([n.category_name_id, n.category_name_en]),
                          n.kelurahan && `Kel. ${n.kelurahan}`, shortTime(n.created_at)].filter(Boolean).join(" · "))))));
    const allRead = el("button", { type: "button", id: "notes-all-read", onclick: async () => {
      await api("/api/v1/notifications/read", { method: "POST" });
      await refresh();
    } }, t("allRead"));
    box.replaceChildren(
      el("div", { class: "notes-head" }, el("h2", { id: "notes-title" }, t("title")),
         el("button", { type: "button", class: "close", "aria-label": t("close"), onclick: () => toggle(false) }, "×")),
      ...(notes.length ? [notes.length >= 200 ? el("p", { class: "hint" }, fillIn(t("shown"), { n: notes.length, total })) : null,
                          total ? allRead : null, list]
        : [el("p", {}, t("empty"))]).filter(Boolean));
  }

  function toggle(show = box.hidden) {
    box.hidden = !show;
    bell.setAttribute("aria-expanded", String(show));
    if (show) {
      box.style.top = `${document.querySelector("header").getBoundingClientRect().bottom + 4}px`; // under a wrapped header too
      draw();
      box.querySelector("button")?.focus();
    }
  }

  const relabel = () => { document.getElementById("bell-label").textContent = t("title"); };
  relabel();
  bell.hidden = false;
  bell.addEventListener("click", () => toggle());
  box.addEventListener("keydown", (e) => { if (e.key === "Escape") { toggle(false); bell.focus(); } });
  refresh().catch(() => {});
  setInterval(() => refresh().catch(() => {}), 60000);
  return () => { relabel(); if (!box.hidden) draw(); };
}
