// Urgent reports pushed to a coordinator's phone or computer (Web Push), offered in the bell's
// panel of /ops. Those told of an urgent report as it comes (sigap_hears_of_report: a camat, a
// lurah, an agency's admins) may have it pushed too, so a fire does not wait for someone to look
// at the dashboard; the offer stays until this browser's pushes are theirs.
import { CITY, el, lang, staffHeaders } from "/static/common.js";
import { pushOwner, putAway, subscribePush } from "/static/pushsub.js";

const WORDS = {
  on: ["Kirim notifikasi darurat ke perangkat ini", "Send urgent notifications to this device"],
  done: ["Notifikasi darurat aktif di perangkat ini, juga saat SIGAP tertutup.",
         "Urgent notifications are on for this device, also while SIGAP is closed."],
  unavailable: ["Perangkat atau peramban ini tidak dapat menerima notifikasi. Lonceng ini tetap memberi tahu selama SIGAP terbuka.",
                "This device or browser cannot receive notifications. This bell still tells you while SIGAP is open."],
  // A refused permission cannot be asked again from the page: only the browser's site settings undo it.
  blocked: ["Notifikasi untuk SIGAP diblokir di peramban ini. Izinkan di pengaturan situs untuk menerima laporan darurat di perangkat ini; lonceng ini tetap bekerja.",
            "Notifications for SIGAP are blocked in this browser. Allow them in the site settings to get urgent reports on this device; this bell still works."],
};

const hearsOfReports = (me) => Boolean(me.area?.level) || me.role === "agency_admin";

// "offer", "blocked" (the browser refuses them to this site), or null (nothing to offer).
export async function pushState(me) {
  if (!hearsOfReports(me) || !("PushManager" in window) || !navigator.serviceWorker) return null;
  if (Notification.permission === "denied") return "blocked";
  await navigator.serviceWorker.register("/sw.js");
  const sub = await (await navigator.serviceWorker.ready).pushManager.getSubscription();
  return !sub || Notification.permission !== "granted" || pushOwner() !== String(me.id) ? "offer" : null;
}

// The panel's lines for `state`, and what was said of the last try; `changed(state, said)` redraws.
export function pushLines(me, state, said, changed) {
  const offer = state === "offer" ? el("button", { type: "button", id: "notes-push", onclick: async () => {
    const outcome = await subscribePush(staffHeaders(), String(me.id)).then((r) => (r.ok ? "done" : "unavailable"),
                                                                           (e) => ({ denied: "blocked", dismissed: null }[e.message] ?? "unavailable"));
    changed(outcome === "done" || outcome === "blocked" ? null : "offer", outcome); // put away: asked again next time
  } }, lang.pick(WORDS.on)) : null;
  const line = said || (state === "blocked" ? "blocked" : null);
  const heard = line ? el("p", { id: "notes-push-said", tabindex: "-1", role: "status",
                                 class: `msg ${line === "done" ? "ok" : line === "blocked" ? "warn" : "error"}` }, lang.pick(WORDS[line]))
    : null;
  return [offer, heard].filter(Boolean);
}

// A notice read here (tapped, or all marked read) leaves the phone's notification area too: a fire
// dealt with in /ops stayed there, as it stays until acted on (a walk).
// Only what the list could know of: a push newer than the list's request (an answer overtaken by
// it) stays, and so does all of it when the list is cut at its newest 200.
export async function putAwayRead(notes, askedAt) {
  if (notes.length >= 200) return;
  const unread = new Set(notes.filter((n) => !n.read_at && n.report_id).map((n) => n.report_id));
  await putAway((data) => {
    const [, city, id] = /^\/([^/]+)\/ops#report=(\d+)$/.exec(data.url || "") || [];
    return Boolean(id) && city === CITY.slug && !unread.has(Number(id));
  }, askedAt);
}
