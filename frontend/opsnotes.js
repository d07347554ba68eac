// The dashboard's notification bell. The server notifies a camat or lurah when a report of their
// kecamatan / kelurahan comes in urgent or misses its deadline (and an agency admin for their
// agency's), but /ops showed no notifications at all: the escalation reached nobody who works there.
import { CITY, api, el, fillIn, inCity, lang, shortTime } from "/static/common.js";
import { pushLines, pushState, putAwayRead } from "/static/opspush.js";

const WORDS = { title: ["Notifikasi", "Notifications"], empty: ["Belum ada notifikasi.", "No notifications yet."],
                close: ["Tutup", "Close"], allRead: ["Tandai semua dibaca", "Mark all read"],
                shown: ["{n} terbaru ditampilkan; {total} belum dibaca.", "The newest {n} are shown; {total} unread."],
                late: ["{n} laporan melewati batas waktu (SLA)", "{n} reports missed their deadline (SLA)"],
                lateUnread: ["{n} belum dibaca · ketuk untuk melihat", "{n} unread · tap to see them"] };
const t = (k) => lang.pick(WORDS[k]);
// More late notices than this become one line that opens to them: a backlog's first sweep told a
// camat of 178 reports at once, one line each, and buried every other notice (a walk).
const GROUP_FROM = 4;

// `open(reportId)` shows a report in the queue; `news()` looks at the queue again when a push came
// (the fire it announced was missing from the queue for up to its 30 s). Returns a function that
// redraws in the language.
export function setupBell(open, me, news = () => {}) {
  const bell = document.getElementById("bell"), count = document.getElementById("bell-count");
  const box = document.getElementById("notes");
  let notes = [], total = 0, lateOpen = false, push = null, said = null;
  pushState(me).then((state) => { push = state; if (!box.hidden) draw(); }).catch(() => {});
  // A push that came while the dashboard is open: on the bell at once, not at the next minute's look.
  navigator.serviceWorker?.addEventListener("message", (e) => {
    if (e.data?.type === "push") { refresh().catch(() => {}); news(); }
  });

  async function refresh() {
    const askedAt = Date.now();
    const answer = await api("/api/v1/notifications");
    // An admin of several cities sees this page's city's (each city has its own dashboard).
    notes = answer.notifications.filter((n) => !CITY.slug || n.city === CITY.slug);
    // Every unread one (the list holds the newest 200), unless other cities' are among them.
    total = notes.length === answer.notifications.length ? answer.unread : notes.filter((n) => !n.read_at).length;
    count.hidden = total === 0;
    count.textContent = String(total);
    if (!box.hidden) draw();
    putAwayRead(notes, askedAt).catch(() => {});
  }

  const item = (n) => el("li", { class: n.read_at ? null : "unread" },
    el("button", { type: "button", "data-notification": n.id, onclick: async () => {
      if (!n.read_at) await api(inCity(`/api/v1/notifications/${n.id}/read`, n.city), { method: "POST" });
      await close(); // its step back first: the report's own step comes after it
      if (n.report_id) open(n.report_id);
      await refresh();
    } }, el("span", {}, lang.pick([n.message_id, n.message_en])),
       // What and where: "Sampah · Kel. Oebobo · 4 Des, 22.45 WITA".
       // (what the message says already is not said again: "Laporan darurat #5 (Kebakaran) di Kel. …")
       el("small", {}, [lang.pick([n.category_name_id, n.category_name_en]), n.kelurahan && `Kel. ${n.kelurahan}`]
         .filter((part) => part && !lang.pick([n.message_id, n.message_en]).includes(part))
         .concat(shortTime(n.created_at)).join(" · "))));

  // Late notices in one line where the newest of them stands, opening to each (kept open across redraws).
  function lateGroup(late) {
    const unread = late.filter((n) => !n.read_at).length;
    return el("li", { class: `group${unread ? " unread" : ""}` },
      el("details", { id: "notes-late", open: lateOpen || null, ontoggle: (e) => { lateOpen = e.target.open; } },
         el("summary", {}, el("span", {}, fillIn(t("late"), { n: late.length })),
            el("small", {}, unread ? fillIn(t("lateUnread"), { n: unread }) : shortTime(late[0].created_at))),
         el("ul", {}, ...late.map(item))));
  }

  function draw() {
    const late = notes.filter((n) => n.kind === "sla_overdue");
    const grouped = late.length >= GROUP_FROM;
    const list = el("ul", { class: "list" }, ...notes.flatMap((n) =>
      !grouped || n.kind !== "sla_overdue" ? [item(n)] : n === late[0] ? [lateGroup(late)] : []));
    const allRead = el("button", { type: "button", id: "notes-all-read", onclick: async () => {
      await api("/api/v1/notifications/read", { method: "POST" });
      await refresh();
    } }, t("allRead"));
    box.replaceChildren(
      el("div", { class: "notes-head" }, el("h2", { id: "notes-title" }, t("title")),
         el("button", { type: "button", class: "close", "aria-label": t("close"), onclick: () => { close(); bell.focus(); } }, "×")),
      ...pushLines(me, push, said, (state, outcome) => {
        push = state; said = outcome;
        draw();
        box.querySelector("#notes-push-said")?.focus();
      }),
      ...(notes.length ? [notes.length >= 200 ? el("p", { class: "hint" }, fillIn(t("shown"), { n: notes.length, total })) : null,
                          total ? allRead : null, list]
        : [el("p", {}, t("empty"))]).filter(Boolean));
  }

  // An open panel is a step in the history: the phone's Back puts it away (it left /ops, or
  // changed the tab under it). Put away otherwise, its step goes too; `close` resolves then.
  let backing = null;
  const shown = (yes) => { box.hidden = !yes; bell.setAttribute("aria-expanded", String(yes)); };
  function show() {
    shown(true);
    box.style.top = `${document.querySelector("header").getBoundingClientRect().bottom + 4}px`; // under a wrapped header too
    draw();
    box.querySelector("button")?.focus();
    history.pushState({ ...history.state, notes: true }, "");
  }
  function close() {
    if (box.hidden) return Promise.resolve();
    shown(false);
    if (!history.state?.notes) return Promise.resolve();
    return new Promise((resolve) => { backing = resolve; history.back(); });
  }
  window.addEventListener("popstate", () => {
    if (backing) { const done = backing; backing = null; done(); } else if (!history.state?.notes && !box.hidden) shown(false);
  });
  if (history.state?.notes) history.replaceState({ ...history.state, notes: undefined }, ""); // a reload: no panel

  const relabel = () => { document.getElementById("bell-label").textContent = t("title"); };
  relabel();
  bell.hidden = false;
  bell.addEventListener("click", () => (box.hidden ? show() : close()));
  // Put away as a panel is: Escape wherever the focus is, and a tap beside it, which then does
  // what it tapped, once the panel's step back is done (a tab's or a report's own step taken
  // before it would be the one undone).
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !box.hidden) { close(); bell.focus(); } });
  document.addEventListener("click", (e) => {
    if (box.hidden || box.contains(e.target) || bell.contains(e.target)) return;
    e.preventDefault(); e.stopPropagation();
    const field = e.target.closest?.("select, input, textarea");
    const tapped = field ? null : e.target.closest?.("button, a[href], li[data-id], summary, label");
    close().then(() => (field ? field.focus() : tapped?.click()));
  }, { capture: true });
  refresh().catch(() => {});
  setInterval(() => refresh().catch(() => {}), 60000);
  return () => { relabel(); if (!box.hidden) draw(); };
}
