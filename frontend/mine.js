// Follow-up for the reporter: "Laporan saya" with each report's timeline and photos, the
// notification bell (notifications API), Web Push on this phone, and closing a resolved
// report with a rating or saying it is not fixed yet (which reopens it for the operator).
import { createStore, del, get, keys, update } from "/static/node_modules/idb-keyval/dist/index.js";
import { CITY, categoryName, cityName, cityZone, el, fillIn, inCity, lang, localTime, refusal, reportUrl, shortTime, statusName } from "/static/common.js";
import { accountSection, accountWords } from "/static/account.js";
import { rememberWho } from "/static/outbox.js";
import { subscribePush } from "/static/pushsub.js";
import { resumed } from "/static/sheets.js";
import { noSignal, tr } from "/static/text.js";

const token = () => localStorage.getItem("sigap.token");
const apiMessage = async (resp) => (await refusal(resp))();
// What this phone last saw of the signed-in person's reports (the list, and each report she
// opened), so "Laporan saya" still opens without signal. Kept per account in IndexedDB, and
// dropped when she signs out or someone else signs in: the phone may be shared. A store of its
// own, apart from the outbox's. An answer is kept only under the account that asked for it.
const STORE = createStore("sigap-mine", "kept");
const keptKey = () => localStorage.getItem("sigap.user");
const kept = async () => { const k = keptKey(); return (k && (await get(k, STORE).catch(() => null))) || { details: {} }; };
const keep = (k, change) => (k ? update(k, (old) => change(old || { details: {} }), STORE).catch(() => {}) : Promise.resolve());
export async function forgetOthersReports() {
  const mine = keptKey();
  try { await Promise.all((await keys(STORE)).filter((k) => k !== mine).map((k) => del(k, STORE))); }
  catch { /* no IndexedDB: nothing was kept */ }
}
// A link that connects but carries nothing counts as no signal after this long.
const patience = () => (AbortSignal.timeout ? AbortSignal.timeout(10000) : undefined);
const keptNote = (at) => el("p", { class: "msg warn", id: "mine-kept" }, `${tr("kept_offline")} ${localTime(at)}`);


export function setupFollowUp({ sheets, toast, reportBody, eventPhoto, reportDetail, authHeaders, showOnMap, account, refreshReports }) {
  const bell = document.getElementById("bell");
  const count = document.getElementById("bell-count");
  const mineButton = document.getElementById("mine-open");
  const mine = document.getElementById("mine");
  const notifs = document.getElementById("notifs");
  let shown = null; // what the "mine" sheet shows: "list" or [report id, its city]
  let listAt = 0; // how far down the list was when a report was opened from it
  let asked = 0; // the latest list or report asked for: an older answer arriving late is dropped
  let notes = [];
  const redrawnFor = new Set(); // notices whose report was redrawn on their arrival
  let notesOffline = false; // the last refresh found no signal: say so, not "no notifications"

  const head = (id, title, sheet) => el("div", { class: "sheet-head" }, el("h2", { id }, title),
    el("button", { type: "button", class: "close", "data-close": sheet, "aria-label": tr("close") }, "✕"));

  // Someone signed in or out: nothing of the previous account stays in the sheets or the bell.
  function forget() {
    notes = []; notesOffline = false; shown = null; asked++;
    sessionStorage.removeItem("sigap.given"); // (the next account's words are its own)
    mine.textContent = ""; notifs.textContent = "";
    if (!mine.hidden) sheets.close("mine");
    if (!notifs.hidden) sheets.close("notifs");
  }

  async function refresh() {
    const asker = token();
    bell.hidden = mineButton.hidden = !asker;
    if (!asker) { count.hidden = true; return; }
    if (!localStorage.getItem("sigap.user")) await rememberWho(asker); // lost right after signing in
    try {
      const resp = await fetch("/api/v1/notifications", { headers: authHeaders(), signal: patience() });
      if (!resp.ok || token() !== asker) return; // another account's answer, late
      notes = (await resp.json()).notifications;
      notesOffline = false;
      const unread = notes.filter((n) => !n.read_at).length;
      count.hidden = unread === 0;
      count.textContent = String(unread);
      if (!notifs.hidden) renderNotifs();
      // The report open in "Laporan saya" has unread news: shown as it is now (it still said
      // "Dikerjakan" after the officer resolved it), unless she is writing in it.
      // Once per notice: a notice the server would not mark read must not redraw it again and again.
      const [id, city] = (!mine.hidden && document.getElementById("mine-back") && Array.isArray(shown) && shown) || [];
      const news = id && notes.find((n) => !n.read_at && n.report_id === id && n.city === city && !redrawnFor.has(n.id));
      // reading (focus outside it, on the sheet or its heading), not acting in it (a field, a star, a link)
      const a = document.activeElement;
      const reading = !mine.contains(a) || a === mine || a.tagName === "H2";
      if (news && reading) {
        redrawnFor.add(news.id);
        openReport(id, city);
      }
    } catch {
      if (token() !== asker) return;
      notesOffline = true;
      if (!notifs.hidden) renderNotifs();
    }
  }

  function renderNotifs() {
    notifs.textContent = "";
    const list = el("ul", { class: "list", id: "notif-list" });
    for (const n of notes) {
      list.append(el("li", { class: n.read_at ? "" : "unread" }, el("button", { type: "button", "data-notification": n.id, onclick: async () => {
        await fetch(inCity(`/api/v1/notifications/${n.id}/read`, n.city), { method: "POST", headers: authHeaders() });
        await refresh();
        if (n.report_id) openReport(n.report_id, n.city);
      } }, el("span", {}, lang.pick([n.message_id, n.message_en])), el("span", { class: "chip" }, shortTime(n.created_at, cityZone(n.city, n.created_at))))));
    }
    const none = notesOffline ? noSignal() : el("p", {}, tr("notifs_empty"));
    notifs.append(head("notifs-title", tr("notifications"), "notifs"), notes.length ? list : none, pushButton());
  }

  function pushButton() {
    const msg = el("div", { class: "hint", role: "status" });
    const button = el("button", { type: "button", id: "push-on", onclick: async () => {
      try {
        const resp = await subscribePush(authHeaders());
        msg.textContent = resp.ok ? tr("push_done") : await apiMessage(resp);
      } catch { msg.textContent = tr("push_unavailable"); }
    } }, tr("push_on"));
    return el("div", {}, button, msg);
  }

  async function renderList() {
    const from = shown;
    shown = "list"; // the list wants the screen (three reports fitted a half sheet at 360x640); a report, the map above it
    mine.classList.add("tall");
    sheets.pad();
    showOnMap(null);
    const mark = ++asked;
    updating();
    const key = keptKey();
    let resp = null;
    const news = refresh(); // what is unread now, to mark in the list
    // hers, and those she backs (she hears of them too)
    const ask = (which) => fetch(`/api/v1/reports?${which}=1&limit=100`, { headers: authHeaders(), signal: patience() })
      .catch(() => null); // no signal
    let backedResp;
    [resp, backedResp] = await Promise.all([ask("mine"), ask("supported")]);
    await news;
    let features = null;
    let backed = null;
    try { features = resp?.ok ? (await resp.json()).features : null; } catch { resp = null; } // cut off midway
    try { backed = backedResp?.ok ? (await backedResp.json()).features : null; } catch { backed = null; }
    let keptAt = null;
    if (mark !== asked) return; // the citizen opened a report meanwhile, or another account signed in
    if (features) keep(key, (k) => ({ ...k, list: features, backed: backed || k.backed || [], at: Date.now() }));
    else if (!resp) ({ list: features, backed, at: keptAt } = await kept());
    if (mark !== asked) return;
    const waiting = await account.waiting(); // composed without signal: not on the server's list yet
    if (mark !== asked) return;
    // Back from a report: where she was in a long list (it went to the top); drawn anew: where it is.
    const at = from === "list" ? mine.scrollTop : Array.isArray(from) ? listAt : 0;
    mine.textContent = "";
    settled();
    mine.append(head("mine-title", tr("mine"), "mine"));
    // they were in the chip only, and a citizen looking here thought them lost (a phone walk)
    if (waiting) mine.append(el("button", { type: "button", id: "mine-waiting", class: "queued-note",
                                            onclick: account.showWaiting },
                                fillIn(tr("mine_waiting"), { n: waiting })));
    // Below the list, whatever it shows: the account's password, and leaving.
    const withAccount = () => mine.append(accountSection({ authHeaders, resident: true, ...account }));
    if (!resp && !features) { mine.append(noSignal()); return withAccount(); }
    if (!features) { mine.append(el("p", { class: "msg error" }, await apiMessage(resp))); return withAccount(); }
    if (keptAt) mine.append(keptNote(keptAt));
    // below one's own reports (eight of them put it past a phone's screen): a way down to it on top
    // A way down on top to what lies below the list; `target()` is where the focus goes.
    const down = (id, label, target) => el("button", { type: "button", id, class: "linkish", onclick: () => {
      const t = target();
      t.scrollIntoView();
      t.focus();
    } }, `${label} ↓`);
    const ways = el("div", { class: "jumps" }); // side by side they read as one link (a phone walk)
    if (backed?.length && features.length) {
      ways.append(down("to-backed", `${tr("backed")} (${backed.length})`, () => document.getElementById("backed-title")));
    }
    // under a long list "Akun saya" (and "Keluar") lay five screens down (a phone walk)
    if (features.length + (backed?.length || 0) > 3) {
      ways.append(down("to-account", accountWords("account"), () => {
        const box = document.getElementById("account");
        box.open = true;
        return box.querySelector("summary");
      }));
    }
    if (ways.childElementCount) mine.append(ways);
    mine.append(features.length ? listOf(features, "mine-list") : el("p", {}, tr("mine_empty")));
    if (backed?.length) mine.append(el("h3", { id: "backed-title", tabindex: "-1" }, tr("backed")), listOf(backed, "backed-list"));
    withAccount();
    mine.scrollTop = at;
  }

  function listOf(features, id) {
    const list = el("ul", { class: "list", id });
    for (const f of features) {
      const p = f.properties;
      // A report with news the citizen has not read (what the bell counts) stands out in the list.
      const news = unreadOf(f.id, p.city).length > 0;
      list.append(el("li", { class: news ? "unread" : null }, el("button", { type: "button", "data-report": f.id, onclick: () => openReport(f.id, p.city) },
        el("span", {}, `#${f.id} ${categoryName(p)}`, elsewhere(p.city), news ? el("span", { class: "news" }, ` • ${tr("news")}`) : null,
           // where and when: two reports of one category are told apart without opening them
           el("small", { class: "sub" }, `${p.street ? `${p.street}, ` : ""}Kel. ${p.kelurahan} · ${shortTime(p.created_at, cityZone(p.city, p.created_at))}`)),
        el("span", { class: "chip" }, statusName(p.status)))));
    }
    return list;
  }

  // What the sheet showed last stays while the list is asked for (it may take 10 s without
  // signal), but says it is being brought up to date: a phone walk read yesterday's statuses
  // in it as today's.
  // (busy: the old list only, the sheet's ✕ and heading stay usable; the status line is put in
  // empty and then filled, so a screen reader announces it)
  function updating() {
    document.getElementById("mine-list")?.setAttribute("aria-busy", "true");
    if (document.getElementById("mine-updating")) return;
    const line = el("p", { class: "hint", id: "mine-updating", role: "status" });
    mine.querySelector(".sheet-head")?.after(line);
    requestAnimationFrame(() => { line.textContent = tr("updating"); });
  }
  function settled() {
    document.getElementById("mine-list")?.removeAttribute("aria-busy");
    document.getElementById("mine-updating")?.remove();
  }

  // A report of another city than this page's says which (one account reports in every city).
  const elsewhere = (city) => (city && CITY.slug && city !== CITY.slug
    ? el("small", { class: "elsewhere" }, ` · ${cityName(city)}`)
    : null);
  const unreadOf = (id, city) => notes.filter((n) => !n.read_at && n.report_id === id && n.city === city);

  // The report was opened: its news is read, so the bell stops counting it.
  async function readNewsOf(id, city) {
    const news = unreadOf(id, city);
    if (!news.length) return;
    const now = new Date().toISOString(); // read here at once: a quick "← Laporan saya" must not show it as news
    notes = notes.map((n) => (news.includes(n) ? { ...n, read_at: now } : n));
    await Promise.all(news.map((n) => fetch(inCity(`/api/v1/notifications/${n.id}/read`, n.city),
                                            { method: "POST", headers: authHeaders() }).catch(() => null)));
    refresh();
  }

  // Without signal, the report as this phone last saw it: as opened before, with its timeline;
  // where the kept list is newer, with the list's status and counts over it (the latest known).
  async function keptReport(id, city) {
    const k = await kept();
    const opened = k.details[`${city}/${id}`];
    const listed = [...(k.list || []), ...(k.backed || [])].find((f) => f.id === id && f.properties.city === city);
    if (!listed || (opened && opened.at >= k.at)) return opened || null;
    if (!opened) return { f: listed, at: k.at };
    const p = opened.f.properties;
    return { f: { ...opened.f, properties: { ...p, ...listed.properties, timeline: p.timeline } }, at: k.at };
  }

  async function openReport(id, city) {
    // From the list, a step of its own: Back returns to the list (it closed the sheet to the map).
    const fromList = !mine.hidden && shown === "list";
    const again = !mine.hidden && Array.isArray(shown) && shown[0] === id && shown[1] === city; // redrawn (language, news)
    shown = [id, city];
    const mark = ++asked;
    const key = keptKey();
    let f;
    let keptAt = null;
    try { f = await reportDetail(id, city, patience()); } catch { f = undefined; }
    if (mark !== asked) return; // another report or list asked for since, or another account
    if (f) keep(key, (k) => ({ ...k, details: { ...k.details, [`${city}/${id}`]: { f, at: Date.now() } } }));
    else if (f === undefined) { // no signal
      const saved = await keptReport(id, city);
      if (mark !== asked) return;
      if (!saved) { settled(); return toast(tr("offline")); }
      ({ f, at: keptAt } = saved);
    }
    if (!f) return settled();
    const p = f.properties;
    const extra = [];
    // not on one she backs; under its status, with the officer's photo (after the whole timeline, 3 swipes down, it went unseen: a walk)
    const first = p.status === "resolved" && !keptAt && p.mine ? [followUpForm(f)] : [];
    // Another city's report is not on this map: its own city's map opens at it.
    if (p.city && CITY.slug && p.city !== CITY.slug) {
      extra.push(el("a", { id: "mine-on-map", class: "more", href: `/${p.city}/?report=${f.id}` },
                    `${tr("see_on_map")} ${cityName(p.city)}`));
    }
    if (fromList) listAt = mine.scrollTop;
    else if (!again) listAt = 0; // from the bell: "←" shows the list from its top
    mine.textContent = "";
    mine.classList.remove("tall");
    settled();
    mine.append(head("mine-title", `#${f.id} ${categoryName(p)}`, "mine"),
                el("button", { type: "button", id: "mine-back", onclick: toList }, `← ${tr("mine")}`),
                ...(keptAt ? [keptNote(keptAt)] : []), ...reportBody(f, extra, first));
    sheets.open("mine");
    if (!again) mine.scrollTop = 0; // from low in the list it kept the list's place, "← Laporan saya" out of sight
    if (fromList && !history.state?.within) sheets.step("mine", { report: [id, city] });
    showOnMap(f);
    if (!keptAt) readNewsOf(id, city);
  }

  // The stars and the "not fixed" words given so far: a language switch or the news of the
  // report draws the sheet anew (both were lost, and the reporter had to start again).
  // Kept for this tab: a reload lost a half-written "not fixed" (the report itself reopens, above).
  let given = JSON.parse(sessionStorage.getItem("sigap.given") || "null") || { key: null, rating: 0, note: "" };
  const keepGiven = () => sessionStorage.setItem("sigap.given", JSON.stringify(given));
  function followUpForm(f) {
    const msg = el("div", { id: "follow-msg", class: "msg", role: "alert" });
    const key = `${f.properties.city}/${f.id}`;
    if (given.key !== key) given = { key, rating: 0, note: "" };
    let rating = 0;
    const stars = el("div", { class: "stars", role: "group", "aria-label": tr("stars_group") });
    const rate = (i) => {
      rating = given.rating = i;
      keepGiven();
      stars.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(Number(b.dataset.star) <= i)));
      close.disabled = false;
    };
    for (let i = 1; i <= 5; i++) {
      stars.append(el("button", { type: "button", "data-star": i, "aria-pressed": "false", "aria-label": `${i} ${tr(i === 1 ? "star" : "stars")}`,
                              onclick: () => rate(i) }, "★"));
    }
    const transition = async (body) => {
      const resp = await fetch(reportUrl(f.id, f.properties.city, "/transitions"), { method: "POST",
        headers: { ...authHeaders(), "Content-Type": "application/json" }, body: JSON.stringify(body) });
      if (!resp.ok) { msg.textContent = await apiMessage(resp); msg.className = "msg error"; return false; }
      refreshReports(f.geometry?.coordinates); // its dot's colour too (it stayed "Selesai" green until a reload)
      return true;
    };
    const close = el("button", { type: "button", id: "rate-close", class: "primary", disabled: true, onclick: async () => {
      if (await transition({ to: "closed", rating })) { given.key = null; keepGiven(); toast(tr("closed_thanks")); openReport(f.id, f.properties.city); }
    } }, tr("rate"));
    const note = el("textarea", { id: "not-fixed-note", rows: "2", "aria-label": tr("not_fixed_note"), placeholder: tr("not_fixed_note") });
    note.value = given.note;
    note.addEventListener("input", () => { given.note = note.value; keepGiven(); });
    const reopen = el("button", { type: "button", id: "not-fixed", onclick: async () => {
      if (!note.value.trim()) { msg.textContent = tr("not_fixed_need"); msg.className = "msg error"; note.focus(); return; }
      if (await transition({ to: "in_progress", note: note.value })) { given.key = null; keepGiven(); toast(tr("reopened")); openReport(f.id, f.properties.city); }
    } }, tr("send_not_fixed"));
    if (given.rating) rate(given.rating);
    const after = [...(f.properties.timeline || [])].reverse().find((e) => e.to_status === "resolved" && e.photo_url);
    return el("div", { class: "where", id: "follow-up" }, el("p", {}, tr("resolved_ask")), after ? eventPhoto(after) : null, stars, close,
              el("p", {}, tr("not_fixed")), note, reopen, msg);
  }

  // The list again: as the phone's Back does where the report was a step from it.
  const toList = () => (history.state?.within ? history.back() : renderList());
  document.addEventListener("sheetback", (e) => { if (e.detail === "mine" && shown !== "list") renderList(); });
  document.addEventListener("sigap:outbox", () => { if (!mine.hidden && shown === "list") renderList(); });
  // Open on a report (one from the bell), the header's button shows the list; it closed the sheet.
  mineButton.addEventListener("click", () => {
    if (mine.hidden) { sheets.open("mine"); return renderList(); }
    return shown === "list" ? sheets.close("mine") : toList();
  });
  bell.addEventListener("click", () => { if (!notifs.hidden) return sheets.close("notifs"); renderNotifs(); sheets.open("notifs"); refresh(); });
  navigator.serviceWorker?.addEventListener("message", (e) => { if (e.data?.type === "push") refresh(); });
  window.addEventListener("focus", refresh);
  setInterval(refresh, 20000);
  refresh();
  // Reloaded with "Laporan saya" open (its list, or a report opened from it): open again, there
  // (it fell back to the bare map, and left a step that Back passed without a change).
  const again = token() && resumed("mine");
  if (again) {
    sheets.open("mine");
    if (again.report) openReport(...again.report); else renderList();
  }
  return {
    refresh,
    forget,
    open: openReport, // a report just sent, followed from its receipt
    relabel: () => {
      if (!notifs.hidden) renderNotifs();
      if (!mine.hidden) (shown === "list" ? renderList() : openReport(...shown));
    },
  };
}
