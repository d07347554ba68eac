// SIGAP service worker (served at /sw.js, scope /). Workbox from npm: the app shell is
// precached (the list and revisions come from the server, self.__SIGAP_PRECACHE), so the map
// opens without a connection; boundary and basemap tiles, label glyphs and categories come from
// the cache first and are refreshed in the background. So do report tiles: on a weak link the
// map shows the reports it last saw at once instead of waiting for the network (up to 4 s
// before); a refreshed tile that differs (its ETag) is announced to the page, which redraws.
// Reports are never sent from here: the page's IndexedDB outbox does that with its Idempotency-Key.
/* global workbox */
const WB = "/static/node_modules";
importScripts(`${WB}/workbox-core/build/workbox-core.prod.js`,
              `${WB}/workbox-routing/build/workbox-routing.prod.js`,
              `${WB}/workbox-strategies/build/workbox-strategies.prod.js`,
              `${WB}/workbox-expiration/build/workbox-expiration.prod.js`,
              `${WB}/workbox-precaching/build/workbox-precaching.prod.js`,
              `${WB}/workbox-broadcast-update/build/workbox-broadcast-update.prod.js`);

workbox.core.clientsClaim();
self.skipWaiting();
// MapLibre asks for its worker as maplibre-gl-worker.mjs?v=<version>: without ignoring "v" the
// precached worker never matched, and with no signal the map could not start.
workbox.precaching.precacheAndRoute(self.__SIGAP_PRECACHE || [], { ignoreURLParametersMatching: [/^report$/, /^v$/] });
// A city's page (/kupang/, where an installed app opens) comes from the cache at once and is
// refreshed behind, as "/" comes from the precache. Only a page that goes with the scripts this
// worker precached is kept (the server marks pages with X-Sigap-Shell, this worker knows its own):
// a page from another deployment can lack an element the scripts need (as #outbox once was).
// The pages live in a cache of this shell's own; a new worker fetches the kept ones again as it
// installs, so the app still opens without signal after an update, and drops the old cache.
const SHELL = self.__SIGAP_SHELL || "";
const PAGES = `sigap-pages-${SHELL}`;
// The runtime caches, named here only: the page asks this worker to fill them ("keep" below).
const CACHES = { pages: PAGES, reference: "sigap-reference", reportTiles: "sigap-report-tiles" };
const pageKey = (url) => { const u = new URL(url, self.location.origin); return u.origin + u.pathname; }; // ?report=N: same page
const ours = (resp) => resp.ok && resp.headers.get("X-Sigap-Shell") === SHELL;

async function storePage(key, resp) {
  if (ours(resp)) await (await caches.open(PAGES)).put(key, resp);
}
async function refreshPage(key) {
  await storePage(key, await fetch(key, { cache: "no-cache" }));
}
workbox.routing.registerRoute(
  ({ request, url }) => request.mode === "navigate" && /^\/([a-z][a-z0-9-]{1,40}\/)?$/.test(url.pathname),
  async ({ request, event }) => {
    const key = pageKey(request.url);
    const cached = await caches.match(key, { cacheName: PAGES });
    if (cached && ours(cached)) {
      event.waitUntil(refreshPage(key).catch(() => {}));
      return cached;
    }
    const resp = await fetch(request);
    event.waitUntil(storePage(key, resp.clone()).catch(() => {}));
    return resp;
  });
const otherPageCaches = async () => (await caches.keys()).filter((n) => n.startsWith("sigap-pages") && n !== PAGES);
self.addEventListener("install", (event) => event.waitUntil((async () => {
  for (const name of await otherPageCaches()) {
    const old = await caches.open(name);
    await Promise.all((await old.keys()).map((r) => refreshPage(pageKey(r.url)).catch(() => {})));
  }
})()));
self.addEventListener("activate", (event) => event.waitUntil(
  otherPageCaches().then((names) => Promise.all(names.map((n) => caches.delete(n))))));
workbox.routing.registerRoute(
  ({ url }) => /^\/(tiles\/(kelurahan|kecamatan|basemap)|fonts)\//.test(url.pathname) || url.pathname === "/api/v1/categories",
  new workbox.strategies.StaleWhileRevalidate({ cacheName: CACHES.reference,
    plugins: [new workbox.expiration.ExpirationPlugin({ maxEntries: 2000 })] }));
workbox.routing.registerRoute(
  ({ url }) => /^\/tiles\/(reports|heatmap)\//.test(url.pathname),
  new workbox.strategies.StaleWhileRevalidate({ cacheName: CACHES.reportTiles,
    plugins: [new workbox.expiration.ExpirationPlugin({ maxEntries: 1500, maxAgeSeconds: 7 * 86400 }),
              new workbox.broadcastUpdate.BroadcastUpdatePlugin({ headersToCheck: ["ETag"] })] }));

// The page asks whether the online basemap answers (a failure logs here, not in the page), and
// asks to keep what a first visit loaded before this worker existed ({ urls: { pages: [...], ... } }:
// what is already kept stays; one that fails is skipped).
async function keep(urls) {
  await Promise.all(Object.entries(urls).map(async ([kind, list]) => {
    if (!CACHES[kind] || !Array.isArray(list)) return;
    const cache = await caches.open(CACHES[kind]);
    const [key, add] = kind === "pages" ? [pageKey, (u) => refreshPage(pageKey(u))] : [(u) => u, (u) => cache.add(u)];
    await Promise.all(list.map((u) => cache.match(key(u)).then((hit) => hit || add(u)).catch(() => {})));
  }));
}
// A report just sent from this phone: the report tiles kept here around its point (`near`,
// [lng, lat], with ~1.5 km for a confidential one's blurred place) are older than the server's,
// and are dropped so the map's reload asks for them anew. Served stale, with the redraw behind
// them, the new dot was missing after sending now and then (a phone walk).
const tileNear = (z, x, y, [lng, lat], km) => {
  const n = 2 ** z, lon = (i) => (i / n) * 360 - 180;
  const latOf = (j) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;
  const dLat = km / 111, dLng = km / (111 * Math.cos((lat * Math.PI) / 180));
  return lng >= lon(x) - dLng && lng <= lon(x + 1) + dLng && lat <= latOf(y) + dLat && lat >= latOf(y + 1) - dLat;
};
async function forgetNear(point, km = 1.5) {
  const cache = await caches.open(CACHES.reportTiles);
  await Promise.all((await cache.keys()).map((req) => {
    const m = new URL(req.url).pathname.match(/^\/tiles\/(?:reports|heatmap)\/(\d+)\/(\d+)\/(\d+)/);
    return m && tileNear(+m[1], +m[2], +m[3], point, km) ? cache.delete(req) : null;
  }));
}
self.addEventListener("message", (event) => {
  const reply = event.ports[0];
  if (!reply) return;
  if (event.data?.type === "forget" && Array.isArray(event.data.near)) {
    event.waitUntil(forgetNear(event.data.near).then(() => true, () => false).then((ok) => reply.postMessage(ok)));
  } else if (event.data?.type === "probe") {
    fetch(event.data.url, { mode: "no-cors", cache: "no-store" }).then(() => reply.postMessage(true), () => reply.postMessage(false));
  } else if (event.data?.type === "keep") {
    event.waitUntil(keep(event.data.urls || {}).then(() => true, () => false).then((ok) => reply.postMessage(ok)));
  }
});

// Web Push: one notification per status change of the user's report (workers push_notification).
self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch { data = { message_id: event.data?.text() }; }
  const body = [data.message_id, data.message_en].filter(Boolean).join("\n");
  event.waitUntil(Promise.all([
    // An urgent report stays on the coordinator's screen until they act on it.
    self.registration.showNotification(data.title || "SIGAP", { body, tag: `report-${data.report_id || ""}`,
      // renotify: a notice that takes an older one's place (the same report) buzzes as news
      requireInteraction: data.kind === "urgent_report", renotify: true,
      icon: "/static/icons/icon-192.png", badge: "/static/icons/icon-192.png",
      data: { url: data.url || "/", kind: data.kind, report_id: data.report_id } }),
    self.clients.matchAll({ type: "window" }).then((cs) => cs.forEach((c) => c.postMessage({ type: "push", data }))),
  ]));
});
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = event.notification.data?.url || "/";
  // A report's notice opens the map (an open one is taken there); an officer's task notice opens
  // /petugas, the open one if any, never a map page navigated away; a coordinator's urgent notice
  // opens its report in /ops (#report=N), in the dashboard already open if there is one.
  const { pathname: path, hash } = new URL(url, self.location.origin);
  const isMap = (p) => /^\/([a-z][a-z0-9-]{1,40}\/)?$/.test(p);
  const page = (p) => p.split("/").filter(Boolean).pop(); // /petugas and /kupang/petugas: one page
  event.waitUntil(self.clients.matchAll({ type: "window" }).then((cs) => {
    const same = cs.find((c) => page(new URL(c.url).pathname) === page(path));
    if (same && !isMap(path)) {
      return same.focus().then((c) => (hash ? c.navigate(url) : c)).catch(() => self.clients.openWindow(url));
    }
    const open = isMap(path) && cs.find((c) => isMap(new URL(c.url).pathname));
    return open ? open.navigate(url).then((c) => c && c.focus()) : self.clients.openWindow(url);
  }));
});
