// The dashboard's notification bell. The server notifies a camat or lurah when a report of their
// kecamatan / kelurahan misses its deadline (and an agency admin for their agency's), but /ops
// showed no notifications at all: the escalation reached nobody who works there.
import { CITY, api, el, inCity, lang, shortTime } from "/static/common.js";

const WORDS = { title: ["Notifikasi", "Notifications"], empty: ["Belum ada notifikasi.", "No notifications yet."],
                close: ["Tutup", "Close"] };
const t = (k) => lang.pick(WORDS[k]);

// `open(reportId)` shows a report in the queue. Returns a function that redraws in the language.
export function setupBell(open) {
  const bell = document.getElementById("bell"), count = document.getElementById("bell-count");
  const box = document.getElementById("notes");
  let notes = [];

  async function refresh() {
    const { notifications } = await api("/api/v1/notifications");
    // An admin of several cities sees this page's city's (each city has its own dashboard).
    notes = notifications.filter((n) => !CITY.slug || n.city === CITY.slug);
    const unread = notes.filter((n) => !n.read_at).length;
    count.hidden = unread === 0;
    count.textContent = String(unread);
    document.getElementById("bell-label").textContent = t("title");
    if (!box.hidden) draw();
  }

  function draw() {
    const list = el("ul", { class: "list" }, ...notes.map((n) => el("li", { class: n.read_at ? null : "unread" },
      el("button", { type: "button", "data-notification": n.id, onclick: async () => {
        if (!n.read_at) await api(inCity(`/api/v1/notifications/${n.id}/read`, n.city), { method: "POST" });
        toggle(false);
        if (n.report_id) open(n.report_id);
        await refresh();
      } }, el("span", {}, lang.pick([n.message_id, n.message_en])), el("small", {}, shortTime(n.created_at))))));
    box.replaceChildren(
      el("div", { class: "notes-head" }, el("h2", { id: "notes-title" }, t("title")),
         el("button", { type: "button", class: "close", "aria-label": t("close"), onclick: () => toggle(false) }, "×")),
      notes.length ? list : el("p", {}, t("empty")));
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

  bell.hidden = false;
  bell.addEventListener("click", () => toggle());
  refresh().catch(() => {});
  setInterval(() => refresh().catch(() => {}), 60000);
  return () => { document.getElementById("bell-label").textContent = t("title"); if (!box.hidden) draw(); };
}
