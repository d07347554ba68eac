// Web Push on this phone for the signed-in account: the citizen's bell ("Laporan saya") and the
// field officer's /petugas ask the same way. The service worker (/sw.js, scope /) shows what
// arrives; the server keeps the subscription per user and drops it when the push service says gone.
const b64ToBytes = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4)),
                                          (c) => c.charCodeAt(0));

// Whose pushes this browser gets: the server keeps one account per subscription, the last one
// that handed it over (a lurah who also reports as a resident, on one phone). /ops asks again
// until it is the staff member's own.
const OWNER = "sigap.push.owner";
export const pushOwner = () => localStorage.getItem(OWNER);

// Resolves with the server's answer to the new subscription; throws where this browser cannot
// (no Push API, permission refused, no server key). `owner` names the account for pushOwner().
export async function subscribePush(authHeaders, owner = "") {
  if (!("PushManager" in window) || !navigator.serviceWorker) throw new Error("unsupported");
  const answer = await Notification.requestPermission(); // "default": the prompt put away, not refused
  if (answer !== "granted") throw new Error(answer === "denied" ? "denied" : "dismissed");
  const key = await fetch("/api/v1/push/key").then((r) => (r.ok ? r.json() : Promise.reject(new Error("no key"))));
  const reg = await navigator.serviceWorker.ready;
  const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: b64ToBytes(key.application_server_key) });
  const resp = await fetch("/api/v1/push/subscriptions", { method: "POST", headers: { ...authHeaders, "Content-Type": "application/json" },
                                                             body: JSON.stringify(sub.toJSON()) });
  if (resp.ok) localStorage.setItem(OWNER, owner);
  return resp;
}

// Signing out: this phone stops getting the account's pushes (a shared phone showed the last
// person's notices on its lock screen). The push service then answers 410 for it, and the
// server drops the subscription (geo/push.py). Never holds up the sign-out: at most 2 s.
export async function forgetPush() {
  localStorage.removeItem(OWNER);
  const drop = (async () => {
    const reg = await navigator.serviceWorker?.getRegistration();
    const sub = await reg?.pushManager?.getSubscription();
    await sub?.unsubscribe();
  })().catch(() => {});
  await Promise.race([drop, new Promise((ok) => { setTimeout(ok, 2000); })]);
}

// The system notifications (Web Push) this app shows that are no longer news: `stale(data)` holds
// for them (data: what sw.js gave each one). Only those shown before `before` (ms): a push newer
// than the answer that judged them is not on it yet. Used by /ops (a notice read) and /petugas (an
// offer closed).
export async function putAway(stale, before) {
  const reg = await navigator.serviceWorker?.getRegistration();
  for (const shown of (await reg?.getNotifications()) || []) {
    if (shown.timestamp < before && stale(shown.data || {})) shown.close();
  }
}
