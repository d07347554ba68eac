// Reports composed without a connection wait in IndexedDB ("menunggu sinyal") and go out by
// themselves when the connection returns, each with its own Idempotency-Key, so a flaky link
// never makes two reports (the server answers a replay with the report it already has).
// Each waits with its author's sign-in and city: on a shared phone, a report queued by Maria
// goes out as Maria's even if Budi signs in before the signal returns, and never as Budi's.
// Signing out ends the session on the server too, once no waiting report still needs it; the
// chip opens the list of waiting reports, where one can be discarded.
import { del, entries, get, keys, set } from "/static/node_modules/idb-keyval/dist/index.js";
import { CITY, categoryName, el, endSession, inCity, localTime, refusal } from "/static/common.js";
import { forgetPush } from "/static/pushsub.js";
import { tr } from "/static/text.js";

const PREFIX = "outbox:";
const REVOKE = "revoke:"; // a signed-out sign-in to end on the server when nothing waits for it
const RETRYABLE = (status) => status === 408 || status === 429 || status >= 500;

async function post(report) {
  const data = new FormData();
  data.append("category", report.category);
  data.append("description", report.description || "");
  data.append("lng", report.lng);
  data.append("lat", report.lat);
  if (report.accuracy != null) data.append("accuracy", report.accuracy);
  data.append("photo", report.photo, "foto.jpg");
  // A link that hangs while the phone thinks it is online: after two minutes (a 220 KB photo at
  // ~15 kbit/s) the report waits in the outbox like any other; if the server did get it, the
  // replay returns the same report. (No AbortSignal.timeout before Safari 16: no limit there.)
  const signal = AbortSignal.timeout ? AbortSignal.timeout(120000) : undefined;
  return fetch(inCity("/api/v1/reports", report.city), { method: "POST", body: data, signal,
    headers: { Authorization: `Bearer ${report.token}`, "Idempotency-Key": report.key } });
}

// Who is signed in (sigap.user), asked until known: on a weak link the answer can be lost right
// after signing in, and a waiting report's author and the kept "my reports" go by it.
export async function rememberWho(token) {
  try {
    const me = await fetch("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    const id = me.ok ? String((await me.json()).id) : null;
    if (id && localStorage.getItem("sigap.token") === token) localStorage.setItem("sigap.user", id);
  } catch { /* no signal: asked again at the next refresh */ }
}

// A new sign-in on this phone (a password, or the e-mailed link): its token kept, who it is asked,
// and the page told ("sigap:login"), so a report queued offline goes out under its author only.
export async function signedInAs(token) {
  localStorage.setItem("sigap.token", token);
  localStorage.removeItem("sigap.user");
  await rememberWho(token);
  document.dispatchEvent(new Event("sigap:login"));
}

// The author's sign-in, taken when the report is composed.
export const authorOf = () => ({ token: localStorage.getItem("sigap.token"), owner: localStorage.getItem("sigap.user"),
                                 city: CITY.slug });


export function setupOutbox({ sheets, toast, refreshReports }) {
  const chip = document.getElementById("pending");
  const sheet = document.getElementById("outbox");
  let flushing = false;
  let uploading = null; // the waiting report on its way now: it can no longer be discarded
  let confirming = null; // the report whose discard is being asked: still asked after the list refreshes
  const sendingNow = new Set(); // sign-ins of reports being sent from the form, not yet queued
  let photoUrls = [];

  const ofKind = (all, prefix) => all.filter(([k]) => String(k).startsWith(prefix));
  async function pending() { return ofKind(await entries(), PREFIX); }
  let counted = 0, told = null;
  let drawn = 0; // a count or list drawn after a newer one began is dropped: the newest read wins
  async function showCount() {
    const mark = ++counted;
    const waiting = (await pending()).map(([, r]) => r);
    if (mark !== counted) return;
    if (waiting.length !== told) { // "Laporan saya" says how many wait: it redraws when that changes
      told = waiting.length;
      document.dispatchEvent(new CustomEvent("sigap:outbox", { detail: told }));
    }
    chip.hidden = waiting.length === 0;
    chip.textContent = `${waiting.length} · ${tr(waiting.every((r) => r.needsLogin) ? "waiting_login" : "waiting")}`;
    if (!sheet.hidden) await render();
  }

  // The waiting reports, each with its state; the photo and a discard (asked once more) only for
  // the signed-in person's own: on a shared phone Budi sees that Maria's report waits, not what
  // it shows, and cannot throw it away.
  async function render() {
    const mark = ++drawn;
    const waiting = await pending();
    if (mark !== drawn) return;
    const me = localStorage.getItem("sigap.user");
    photoUrls.forEach((u) => URL.revokeObjectURL(u));
    photoUrls = [];
    const list = el("ul", { class: "list", id: "outbox-list" });
    for (const [key, r] of waiting) {
      const mine = !r.owner || r.owner === me;
      const when = localTime(new Date(r.queuedAt).toISOString());
      const state = key === uploading ? "uploading" : r.needsLogin ? "waiting_login" : "waiting";
      const url = mine && r.photo ? URL.createObjectURL(r.photo) : null;
      if (url) photoUrls.push(url);
      const actions = el("div", { class: "row" });
      const ask = () => {
        confirming = key;
        const yes = el("button", { type: "button", class: "danger", "data-discard-yes": r.key, onclick: () => discard(key) }, tr("discard_yes"));
        actions.replaceChildren(el("span", {}, tr("discard_ask")), yes,
          el("button", { type: "button", onclick: () => { confirming = null; actions.replaceChildren(discardButton); discardButton.focus(); } }, tr("cancel")));
        return yes;
      };
      const discardButton = el("button", { type: "button", "data-discard": r.key, onclick: () => ask().focus(),
                                          "aria-label": `${tr("discard")}: ${categoryName(r)}, ${when}` }, tr("discard"));
      if (mine && state !== "uploading") {
        actions.append(discardButton);
        if (key === confirming) ask(); // the 30 s retry or a language switch redrew the list
      }
      list.append(el("li", { class: "queued" },
        el("div", { class: "row" }, url ? el("img", { src: url, alt: "", class: "thumb" }) : null,
           el("span", {}, el("strong", {}, mine ? categoryName(r) : tr(me ? "other_account" : "signed_out_account")), el("br"), when),
           el("span", { class: "chip" }, tr(state))),
        actions));
    }
    sheet.replaceChildren(
      el("div", { class: "sheet-head" }, el("h2", { id: "outbox-title" }, tr("outbox")),
         el("button", { type: "button", class: "close", "data-close": "outbox", "aria-label": tr("close") }, "✕")),
      waiting.length ? list : el("p", {}, tr("outbox_empty")),
      el("p", { class: "hint" }, tr("outbox_hint")),
      el("button", { type: "button", id: "outbox-send", class: "primary", hidden: !waiting.length,
                     onclick: () => (navigator.onLine ? flush() : toast(tr("offline"))) }, tr("send_now")));
  }

  async function discard(key) {
    if (key === uploading) return; // already on its way
    confirming = null;
    await del(key);
    toast(tr("discarded"));
    await showCount(); // and the list, which is open
    flush(); // a sign-in kept only for this report can now end
  }

  // `at`: when the resident tapped "Kirim" (a post that hung for two minutes made it look later)
  async function queue(report, at = Date.now()) {
    await set(PREFIX + report.key, { ...report, queuedAt: at });
    await showCount();
  }

  // Send now; a network failure queues it. Resolves with what the form should say.
  async function send(report) {
    const at = Date.now();
    if (!navigator.onLine) { await queue(report, at); return { queued: true }; }
    let resp;
    sendingNow.add(report.token);
    try { resp = await post(report); } catch { await queue(report, at); return { queued: true }; }
    finally { sendingNow.delete(report.token); }
    if (resp.status === 401) return { unauthorized: true };
    if (RETRYABLE(resp.status)) { await queue(report, at); return { queued: true }; }
    if (!resp.ok) return { ok: false, message: await refusal(resp) };
    return { ok: true, body: await resp.json() };
  }

  async function flush() {
    if (flushing || !navigator.onLine) return;
    flushing = true;
    try {
      for (const key of (await keys()).filter((k) => String(k).startsWith(PREFIX))) {
        const queued = await get(key); // read as it goes: discarded meanwhile, or rewritten
        if (!queued) continue;
        // Queued before reports kept their author's sign-in: the one on the phone, as then.
        let report = queued.token ? queued : { ...queued, token: localStorage.getItem("sigap.token") };
        // The author signed out and in again on this phone since: their new sign-in, never another's.
        const now = localStorage.getItem("sigap.token");
        if (report.owner && report.owner === localStorage.getItem("sigap.user") && now && now !== report.token) {
          report = { ...report, token: now, needsLogin: false };
          await set(key, report);
        }
        if (report.needsLogin) continue; // its sign-in was refused: no photo sent again until it changes
        uploading = key;
        if (!sheet.hidden) await render();
        let resp;
        try { resp = await post(report); } catch { break; } finally { uploading = null; } // catch: still no connection
        if (resp.status === 401) { // until its author signs in again
          if (await get(key)) await set(key, { ...report, needsLogin: true });
          continue;
        }
        if (RETRYABLE(resp.status)) break;
        await del(key);
        if (resp.ok) { // added to her own open report nearby, said so as the form says it (not "sent" as new)
          const body = await resp.json();
          toast(`${tr(body.auto_merged ? "merged_into" : "queued_sent")}${body.id}`, body.auto_merged ? 8000 : undefined);
          refreshReports(report.lng != null ? [report.lng, report.lat] : null);
        }
        else toast((await refusal(resp))(), 8000);
      }
      await endSessions();
    } finally { flushing = false; await showCount(); }
  }

  // Sign-ins given up on this phone end on the server once no waiting report goes out with them:
  // a token copied off a shared phone stops working.
  async function endSessions() {
    const all = await entries();
    const inUse = new Set(ofKind(all, PREFIX).map(([, r]) => r.token));
    for (const [key, token] of ofKind(all, REVOKE)) {
      if (inUse.has(token) || sendingNow.has(token) || token === localStorage.getItem("sigap.token")) continue;
      let over;
      try { over = await endSession(token); } catch { return; } // no signal: next time
      if (over) await del(key);
    }
  }

  // Sign out: the reports already waiting still go out in this person's name (they were told).
  // `ended`: the server has ended the session already (a deleted account): nothing to revoke.
  async function signOut({ ended = false } = {}) {
    const token = localStorage.getItem("sigap.token");
    localStorage.removeItem("sigap.token");
    localStorage.removeItem("sigap.user");
    if (token && !ended) await set(REVOKE + token, token);
    await forgetPush();
    flush();
  }

  window.addEventListener("online", flush);
  document.addEventListener("sigap:login", flush);
  setInterval(flush, 30000);
  // The waiting reports' sheet, and a try to send them (the chip, or "Laporan saya"'s line).
  const show = () => {
    render().then(() => sheets.open("outbox"));
    flush();
  };
  chip.addEventListener("click", () => (sheet.hidden ? show() : sheets.close("outbox")));
  showCount().then(flush);
  // How many reports wait to go out (with `token`: in that sign-in's name only).
  const waiting = async (token) => (await pending()).filter(([, r]) => !token || r.token === token).length;
  return { send, flush, signOut, relabel: showCount, waiting, show };
}
