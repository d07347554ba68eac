// Reports composed without a connection wait in IndexedDB ("menunggu sinyal") and go out by
// themselves when the connection returns, each with its own Idempotency-Key, so a flaky link
// never makes two reports (the server answers a replay with the report it already has).
import { del, entries, set } from "/static/node_modules/idb-keyval/dist/index.js";
import { lang } from "/static/common.js";
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
  return fetch("/api/v1/reports", { method: "POST", body: data,
    headers: { Authorization: `Bearer ${localStorage.getItem("sigap.token")}`, "Idempotency-Key": report.key } });
}

async function messageOf(resp) {
  try { const b = await resp.json(); return lang.pick([b.message, b.message_en]); } catch { return `HTTP ${resp.status}`; }
}

export function setupOutbox({ toast, refreshReports }) {
  const chip = document.getElementById("pending");
  let flushing = false;

  async function pending() { return (await entries()).filter(([k]) => String(k).startsWith(PREFIX)); }
  async function showCount() {
    const n = (await pending()).length;
    chip.hidden = n === 0;
    chip.textContent = `${n} · ${tr("waiting")}`;
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
      for (const [key, report] of await pending()) {
        let resp;
        try { resp = await post(report); } catch { break; } // still no connection
        if (resp.status === 401 || RETRYABLE(resp.status)) break;
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
  return { send, flush, relabel: showCount };
}
