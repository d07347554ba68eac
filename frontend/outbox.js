// Reports composed without a connection wait in IndexedDB ("menunggu sinyal") and go out by
// themselves when the connection returns, each with its own Idempotency-Key, so a flaky link
// never makes two reports (the server answers a replay with the report it already has).
// Each waits with its author's sign-in and city: on a shared phone, a report queued by Maria
// goes out as Maria's even if Budi signs in before the signal returns, and never as Budi's.
import { del, entries, set } from "/static/node_modules/idb-keyval/dist/index.js";
import { CITY, inCity, lang } from "/static/common.js";
import { tr } from "/static/text.js";

const PREFIX = "outbox:";
const RETRYABLE = (status) => status === 408 || status === 429 || status >= 500;

async function post(report) {
  const data = new FormData();
  data.append("category", report.category);
  data.append("description", report.description || "");
  data.append("lng", report.lng);
  data.append("lat", report.lat);
  data.append("photo", report.photo, "foto.jpg");
  // A link that hangs while the phone thinks it is online: after two minutes (a 220 KB photo at
  // ~15 kbit/s) the report waits in the outbox like any other; if the server did get it, the
  // replay returns the same report. (No AbortSignal.timeout before Safari 16: no limit there.)
  const signal = AbortSignal.timeout ? AbortSignal.timeout(120000) : undefined;
  return fetch(inCity("/api/v1/reports", report.city), { method: "POST", body: data, signal,
    headers: { Authorization: `Bearer ${report.token}`, "Idempotency-Key": report.key } });
}

// The author's sign-in, taken when the report is composed.
export const authorOf = () => ({ token: localStorage.getItem("sigap.token"), owner: localStorage.getItem("sigap.user"),
                                 city: CITY.slug });

async function messageOf(resp) {
  try { const b = await resp.json(); return lang.pick([b.message, b.message_en]); } catch { return `HTTP ${resp.status}`; }
}

export function setupOutbox({ toast, refreshReports }) {
  const chip = document.getElementById("pending");
  let flushing = false;

  async function pending() { return (await entries()).filter(([k]) => String(k).startsWith(PREFIX)); }
  async function showCount() {
    const waiting = (await pending()).map(([, r]) => r);
    chip.hidden = waiting.length === 0;
    chip.textContent = `${waiting.length} · ${tr(waiting.every((r) => r.needsLogin) ? "waiting_login" : "waiting")}`;
  }

  async function queue(report) {
    await set(PREFIX + report.key, { ...report, queuedAt: Date.now() });
    await showCount();
  }

  // Send now; a network failure queues it. Resolves with what the form should say.
  async function send(report) {
    if (!navigator.onLine) { await queue(report); return { queued: true }; }
    let resp;
    try { resp = await post(report); } catch { await queue(report); return { queued: true }; }
    if (resp.status === 401) return { unauthorized: true };
    if (RETRYABLE(resp.status)) { await queue(report); return { queued: true }; }
    if (!resp.ok) return { ok: false, message: await messageOf(resp) };
    return { ok: true, body: await resp.json() };
  }

  async function flush() {
    if (flushing || !navigator.onLine) return;
    flushing = true;
    try {
      for (const [key, queued] of await pending()) {
        // Queued before reports kept their author's sign-in: the one on the phone, as then.
        let report = queued.token ? queued : { ...queued, token: localStorage.getItem("sigap.token") };
        // The author signed out and in again on this phone since: their new sign-in, never another's.
        const now = localStorage.getItem("sigap.token");
        if (report.owner && report.owner === localStorage.getItem("sigap.user") && now && now !== report.token) {
          report = { ...report, token: now, needsLogin: false };
          await set(key, report);
        }
        if (report.needsLogin) continue; // its sign-in was refused: no photo sent again until it changes
        let resp;
        try { resp = await post(report); } catch { break; } // still no connection
        if (resp.status === 401) { await set(key, { ...report, needsLogin: true }); continue; } // until its author signs in again
        if (RETRYABLE(resp.status)) break;
        await del(key);
        if (resp.ok) { toast(`${tr("queued_sent")}${(await resp.json()).id}`); refreshReports(); }
        else toast(await messageOf(resp), 8000);
      }
    } finally { flushing = false; await showCount(); }
  }

  window.addEventListener("online", flush);
  document.addEventListener("sigap:login", flush);
  setInterval(flush, 30000);
  chip.addEventListener("click", flush);
  showCount().then(flush);
  return { send, flush, relabel: showCount, waiting: async () => (await pending()).length };
}
