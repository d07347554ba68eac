// Responder view (phone first): shift status, my position, offers to accept or decline, the
// nearest open tasks of my agency on a list and a map, and the work itself: start, then resolve
// with an after-photo. The position goes to the server only while on shift, and again every few
// minutes while standing still (dispatch ignores positions older than 10 minutes).
import * as maplibregl from "/static/node_modules/maplibre-gl/dist/maplibre-gl.mjs";
import { CITY, OPEN_STATUSES, PRIORITY, STATUS_COLOR, STATUS_HEX, api, categoryName, currentStaff, distance, el, fillIn, lang, priorityName, relabel,
         slaBadge, staffHeaders, staffLogout, statusName, mapLocale } from "/static/common.js";
import { addOnlineBasemap, baseStyle, withStyle } from "/static/basemap.js";
import { firstPassword, staffAccount } from "/static/account.js";
import { navigateHref } from "/static/navigate.js";
import { positionLine } from "/static/petugaswhere.js";
import { pushOwner, subscribePush } from "/static/pushsub.js";
import { WORDS } from "/static/petugaswords.js";
import { loadNotices, readNotices, toldOf } from "/static/tasknews.js";
import { folded } from "/static/fold.js";
import { drawOffers } from "/static/petugasoffers.js";
import { bringIntoSight, resolveForm } from "/static/petugasresolve.js";

const RESEND_MS = 4 * 60 * 1000; // well inside the server's SIGAP_RESPONDER_STALE_S (600 s)

const w = (k) => WORDS[lang.get()][k];
const $ = (id) => document.getElementById(id);
let me = null, map = null, here = null, centred = false;
// The after-photo form of each task in progress, kept across the list's refreshes (every 20 s
// and on every GPS fix): a photo being chosen or a note being typed must survive them.
const workForms = new Map();
// Tasks an operator gave this responder since the page last looked (an offer they accepted
// themselves is no news): said at the top, with a buzz, until they look. Before, a task
// assigned by hand appeared somewhere in the list and the shift turned "Sibuk" without a word.
let knownMine = null, fresh = [], openedOff = false; // opened off duty (as the server had it)
const selfTaken = new Set();

// Opens the phone's own map app at the place.
const navigateLink = (lng, lat, label) => el("a", { class: "nav", href: navigateHref(lng, lat, label),
                                                   "data-navigate": label }, `➜ ${w("navigate")}`);

// Messages show at the bottom of the screen, where the responder is looking after a tap far
// down the list (at the top of the page they were off-screen), and go after a few seconds.
// `text` may be a function that says it in the chosen language: a message still on screen
// follows a language switch (an error stayed Indonesian after "EN").
let sayTimer = null, said = null, saidAs = false;
const words = (text) => (typeof text === "function" ? text() : text);
// `ok`: true for a done (goes in 4 s), "warn" for what must stay read (until the next message).
function say(text, ok = false) {
  const box = $("r-msg");
  said = text; saidAs = ok;
  // what stays must be put away by hand (off duty with tasks held covered the map until then)
  box.replaceChildren(words(text), ...(ok === "warn" && text ? [el("button", { type: "button", class: "close", id: "r-msg-close",
    "aria-label": w("close"), onclick: () => say("") }, "×")] : []));
  box.className = ok === "warn" ? "msg warn" : ok ? "msg ok" : "msg error";
  clearTimeout(sayTimer);
  if (ok !== "warn") sayTimer = setTimeout(() => { box.textContent = ""; said = null; }, ok ? 4000 : 8000);
}

const onShift = () => $("r-status").value !== "off";
const foldWords = () => [w("more"), w("less")];
const heldTasks = () => [...(knownMine || [])].map((id) => `#${id}`).join(", "); // "#12, #15": the officer's own
// off duty, and these are still theirs (after what else the choice did: `before`, a function)
const warnHeld = (ids, before = () => "") => say(() => `${before()} ${fillIn(w("offWithTasks"), { ids })}`.trim(), "warn");
const where = positionLine($("r-where"), { w, onShift }); // what the server has of us
// What the map's dots mean: the responder, each status a task can be in, and their own tasks.
function drawLegend() {
  const dot = (style) => el("span", { class: "swatch dot", style });
  $("r-legend").replaceChildren(
    el("li", {}, dot("background:#212121;border:3px solid #fff;box-shadow:0 0 0 1px #999"), w("you")),
    ...OPEN_STATUSES.map((s) => el("li", {}, dot(`background:${STATUS_HEX[s]}`), statusName(s))),
    el("li", {}, dot("background:#9e9e9e;border:3px solid #fff;box-shadow:0 0 0 1px #999"), w("mineRing")));
}

function applyLang() {
  relabel(w); $("offers-news").textContent = ""; // an offer said in Indonesian stayed there, unread, after "EN"
  drawLegend();
  const sel = $("r-status"), current = sel.value;
  sel.textContent = "";
  for (const s of ["available", "busy", "off"]) sel.append(new Option(w(s), s));
  // Busy because of a task (it ends with the task) is its own line, so "Sibuk" stays a choice: an
  // officer busy with a task who wants a break after it could not pick the "Sibuk" already shown.
  sel.append(Object.assign(new Option(w("task"), "task"), { disabled: true }));
  sel.value = current || "off";
  where.show();
  drawFresh();
  if (said) say(said, saidAs);
}

function drawFresh(buzz = false) {
  const box = $("r-new");
  box.hidden = !fresh.length;
  box.textContent = "";
  if (!fresh.length) return;
  const first = fresh[0].id;
  // a report the reporter reopened came back to them, not from the operator: each said as what it is
  const isBack = (t) => t.reopen_note && t.status === "in_progress";
  // Each task named is a way to its card (with several, "Lihat tugas" reached only the first).
  const line = (list) => list.map((t) => el("button", {
    type: "button", class: "linkish", "data-news": t.id, onclick: () => showTasks([t.id], t.id),
  }, `#${t.id} ${categoryName(t)} · ${t.street ? t.street + ", " : ""}${t.kelurahan}`));
  const groups = [["newTask", fresh.filter((t) => !isBack(t))], ["backTask", fresh.filter(isBack)]].filter(([, l]) => l.length);
  box.append(...groups.flatMap(([key, list], i) => [el("strong", { class: i ? "next" : "" }, w(key)), ...line(list)]),
    ...($("r-status").value === "task" ? [el("p", {}, w("busyUntil"))] : []), // off duty, it stays off
    el("button", { type: "button", id: "r-new-show", onclick: () => showTasks(fresh.map((t) => t.id), first) }, w("show")));
  if (buzz) navigator.vibrate?.([200, 100, 200]);
}

// The news of `ids` is read; the card of `id` is brought into sight, focused.
function showTasks(ids, id) {
  readNotices(ids);
  fresh = fresh.filter((t) => !ids.includes(t.id));
  drawFresh();
  const card = document.querySelector(`[data-task="${id}"]`);
  card?.scrollIntoView({ block: "center" });
  card?.focus();
}

// A task the officer is at is no longer news (the server reads its notice when work starts).
function seen(id) {
  if (!fresh.some((f) => f.id === id)) return;
  fresh = fresh.filter((f) => f.id !== id);
  readNotices([id]);
  drawFresh();
}

function setupMap() {
  const style = baseStyle();
  const empty = { type: "FeatureCollection", features: [] };
  style.sources.tasks = { type: "geojson", data: empty };
  style.sources.me = { type: "geojson", data: empty };
  style.layers.push( // the officer under the tasks, wider: at a task's place it rings it (it hid the task)
    { id: "me-point", type: "circle", source: "me",
      paint: { "circle-radius": 14, "circle-color": "#212121", "circle-stroke-color": "#fff", "circle-stroke-width": 2 } },
    { id: "tasks-point", type: "circle", source: "tasks",
      paint: { "circle-radius": 7, "circle-color": STATUS_COLOR, "circle-stroke-color": "#fff",
               "circle-stroke-width": ["case", ["get", "mine"], 3, 1.5] } });
  map = new maplibregl.Map({ locale: mapLocale(), container: "map", center: CITY.center, zoom: CITY.zoom + 0.7, style, attributionControl: { compact: true } });
  map.addControl(new maplibregl.NavigationControl(), "top-right");
  addOnlineBasemap(map, { foldCredit: true });
  map.on("click", "tasks-point", (e) => document.querySelector(`[data-task="${e.features[0].properties.id}"]`)?.scrollIntoView());
  window.sigapMap = map;
}

function setData(source, data) {
  withStyle(map, () => map.getSource(source).setData(data));
}

function showMe() {
  setData("me", { type: "FeatureCollection", features: [
    { type: "Feature", geometry: { type: "Point", coordinates: [here.lng, here.lat] }, properties: {} }] });
}

// A GPS fix: kept on the phone for the nearest-task list; sent to the server (for dispatch)
// only while on shift, or when the responder asks with "Kirim lokasi saya".
let lastSent = 0, lastFix = null, lastFixAt = 0;
async function useFix(pos, { send = onShift() } = {}) {
  lastFix = pos;
  lastFixAt = Date.now();
  here = { lng: pos.coords.longitude, lat: pos.coords.latitude };
  showMe();
  if (send) {
    // Dated when asked, as the server dates it: an answer that comes late must not make it
    // younger, nor an older send answered last put its place and time over a newer one's.
    const sentAt = Date.now(), at = here;
    await api("/api/v1/responders/me/location", { method: "POST",
      json: { lng: at.lng, lat: at.lat, accuracy: pos.coords.accuracy } });
    if (sentAt < lastSent) return;
    lastSent = sentAt;
    where.set({ key: "located", at, accuracy: pos.coords.accuracy, time: new Date(sentAt).toISOString() });
  } else {
    where.set({ key: "offDuty" });
  }
  await refresh();
}

function locate({ send = true, quiet = false } = {}) {
  if (!navigator.geolocation) return quiet ? null : say(() => w("noGps"));
  if (!quiet) { $("r-where").textContent = w("locating"); $("r-where").className = "hint"; } // the GPS may take 15 s
  navigator.geolocation.getCurrentPosition((p) => useFix(p, { send }).catch((e) => quiet || say(e.said || e.message)),
                                           () => { where.show(); if (!quiet) say(() => w("noGps")); },
                                           { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
}

async function act(fn, done = () => w("done"), about = "") { // whether it was done
  // refused: the lists again (a task moved to another agency kept its buttons until the next 20 s);
  // `about` ("#47") names what was refused: "no longer open" sat under the next offer drawn (a walk)
  try { await fn(); say(done, true); await refresh(); return true; } catch (err) {
    say(() => `${about ? `${about}: ` : ""}${err.said ? err.said() : err.message}`); refresh(); return false;
  }
}

// The reporter's photo (a tap opens it whole): which pile, which lamp post, before going there.
const shot = (x) => (x.thumb_url ? el("a", { href: x.photo_url, target: "_blank", rel: "noopener", class: "before-photo" },
  el("img", { src: x.thumb_url, alt: w("reportPhoto"), loading: "lazy" })) : null);

// An answer older than one already drawn is dropped: coming last, it put back what was just done
// ("Mulai" on a task just started, an offer just accepted). Not every overtaken one: moving, each
// GPS fix asks anew, and on a slow link the lists would never be drawn at all.
let offersAsked = 0, offersDrawn = 0, tasksAsked = 0, tasksDrawn = 0;
async function loadOffers() {
  const asked = ++offersAsked, askedAt = Date.now();
  const { offers } = await api("/api/v1/responders/me/offers");
  if (asked < offersDrawn) return;
  offersDrawn = asked;
  drawOffers($("offers"), offers, { w, shot, navigateLink, foldWords, askedAt, jump: $("offers-jump"),
    // a new offer buzzes too: it is open for two minutes (the push tells a phone in a pocket)
    announce: (text) => { $("offers-news").textContent = text; navigator.vibrate?.([200, 100, 200]); },
    accept: async (o) => {
      selfTaken.add(o.report_id);
      // on to the task it became (focus fell to <body> with the offer gone)
      if (await act(() => api(`/api/v1/assignments/${o.assignment_id}/accept`, { method: "POST" }),
                    () => fillIn(w("accepted"), { id: o.report_id }), `#${o.report_id}`)) showTasks([o.report_id], o.report_id);
    },
    decline: (o) => act(() => api(`/api/v1/assignments/${o.assignment_id}/decline`, { method: "POST" }),
                        () => fillIn(w("declined"), { id: o.report_id }), `#${o.report_id}`) });
}

function workActions(t) {
  const transition = (body) => api(`/api/v1/reports/${t.id}/transitions`, body);
  if (t.status === "assigned") {
    return el("div", { class: "actions" }, el("button", { type: "button", "data-start": t.id,
      onclick: () => act(() => transition({ method: "POST", json: { to: "in_progress" } }), () => fillIn(w("started"), { id: t.id })).then(() => {
        seen(t.id);
        bringIntoSight(document.querySelector(`[data-task="${t.id}"]`)); // it may have moved in the list
      }) },
      w("start")));
  }
  if (t.status !== "in_progress") return null;
  if (workForms.has(t.id)) return workForms.get(t.id);
  const form = resolveForm(t, { w, say, act, transition });
  workForms.set(t.id, form);
  return form;
}

async function loadTasks() {
  const list = $("tasks");
  if (!here) { list.textContent = ""; list.append(el("li", { class: "hint" }, w("needLocation"))); return; }
  const asked = ++tasksAsked;
  const { tasks } = await api(`/api/v1/responders/me/tasks?near=${here.lng},${here.lat}&limit=30`);
  if (asked < tasksDrawn) return;
  tasksDrawn = asked;
  // My own work first, then the most urgent, then the nearest (an urgent task came sixth, behind
  // five normal ones a little nearer: a staff walk).
  const rank = (t) => Object.keys(PRIORITY).indexOf(t.priority); // low … urgent
  tasks.sort((a, b) => (b.assignee_id === me.id) - (a.assignee_id === me.id) || rank(b) - rank(a) || a.distance_m - b.distance_m);
  const own = tasks.filter((t) => t.assignee_id === me.id);
  const told = toldOf();
  const firstLook = knownMine === null; // opening the page is no news to buzz for (it buzzed a day-old task on every load)
  const news = own.filter((t) => !fresh.some((f) => f.id === t.id)
    && ((knownMine && !knownMine.has(t.id) && !selfTaken.has(t.id)) || told.has(t.id)));
  knownMine = new Set(own.map((t) => t.id));
  // Reopened off duty with tasks still theirs: said again once they are known (after a reload it
  // was said no more). Not over a choice made meanwhile, which says its own.
  if (openedOff && !said && heldTasks()) warnHeld(heldTasks());
  openedOff = false;
  const before = fresh.length;
  fresh = [...news, ...fresh.filter((t) => knownMine.has(t.id))]; // no longer theirs: no longer news
  if (news.length || fresh.length !== before) drawFresh(news.length > 0 && !firstLook);
  // The refresh keeps the focus where it was (a keyboard or a screen reader lost its place).
  const had = list.contains(document.activeElement) ? document.activeElement : null;
  const hadTask = had?.closest("[data-task]")?.dataset.task;
  list.textContent = "";
  if (!tasks.length) list.append(el("li", { class: "hint" }, w("noTasks")));
  const working = new Set(tasks.filter((t) => t.status === "in_progress" && t.assignee_id === me.id).map((t) => t.id));
  for (const id of workForms.keys()) if (!working.has(id)) workForms.delete(id);
  for (const [i, t] of tasks.entries()) {
    const mine = t.assignee_id === me.id, sla = slaBadge(t.due_at);
    // each part headed with its order: own tasks sorted by urgency read as a list out of distance order (a staff walk)
    if (i === 0 || mine !== (tasks[i - 1].assignee_id === me.id)) {
      list.append(el("li", { class: "group-head" }, el("h3", {}, fillIn(w(mine ? "ownHead" : "nearHead"), { n: mine ? own.length : tasks.length - own.length }))));
    }
    const card = el("li", { class: mine ? "task mine" : "task", "data-task": t.id, tabindex: "-1" },
      el("strong", { id: `task-name-${t.id}` }, `#${t.id} ${categoryName(t)} `), el("span", { class: sla.cls }, sla.text),
      // an urgent or high one stands out (it was the same small grey as the rest)
      ["urgent", "high"].includes(t.priority) ? el("strong", { class: `prio ${t.priority}` }, priorityName(t.priority)) : null,
      el("div", {}, el("small", {}, `${statusName(t.status)} · ${priorityName(t.priority)} · ${t.street ? t.street + ", " : ""}${t.kelurahan} · `
                              + `${distance(t.road_distance_m ?? t.distance_m)}${mine ? " · " + w("mine") : ""}`)),
      t.reopen_note && t.status === "in_progress" ? el("p", { class: "reopened" }, `${w("reopened")}: ${t.reopen_note}`) : null,
      t.description ? folded(t.description, `t${t.id}`, foldWords) : null, shot(t),
      navigateLink(t.lng, t.lat, `#${t.id}`), mine ? workActions(t) : null);
    // its buttons described by its name: four cards read "Mulai kerjakan" four times alike (a staff walk)
    card.querySelectorAll("button, a, input").forEach((b) => b.setAttribute("aria-describedby", `task-name-${t.id}`));
    list.append(card);
  }
  if (had) (had.isConnected ? had : list.querySelector(`[data-task="${hadTask}"]`))?.focus({ preventScroll: true });
  setData("tasks", { type: "FeatureCollection", features: tasks.map((t) => ({
    type: "Feature", id: t.id, geometry: { type: "Point", coordinates: [t.lng, t.lat] },
    properties: { id: t.id, status: t.status, mine: t.assignee_id === me.id } })) });
  if (!centred) { // once: the responder and the nearest tasks in view, not the whole city
    centred = true;
    const bounds = new maplibregl.LngLatBounds([here.lng, here.lat], [here.lng, here.lat]);
    for (const t of tasks.slice(0, 5)) bounds.extend([t.lng, t.lat]);
    // The bottom padding keeps the dots clear of the map's credit, open at first and 2-3 lines
    // high on a phone (it hid the responder's own dot); the right, of the zoom buttons.
    map.fitBounds(bounds, { padding: { top: 40, left: 40, right: 56, bottom: 96 }, maxZoom: 16, animate: false });
  }
}

// The shift status as the server has it (an offer taken or an assignment: "busy" there). It waits
// while the officer chooses (15 s at most from opening the picker), not while the box merely keeps
// focus after a choice (it showed "Siap" with a task).
const shift = (state) => (state.status === "busy" && !state.busy_by_choice ? "task" : state.status);
let choosingAt = 0;
async function loadStatus() {
  const state = (await api("/api/v1/me")).responder || {};
  if (state.status && Date.now() - choosingAt > 15000 && $("r-status").value !== shift(state)) {
    $("r-status").value = shift(state);
    if (fresh.length) drawFresh(); // the news says "Sibuk" only while it is so
  }
}

async function refresh() {
  where.show(); // the position's age
  await loadNotices().catch(() => {}); // before the tasks: they are news
  try { await Promise.all([loadOffers(), loadTasks(), loadStatus()]); } catch (err) { say(err.said || err.message); }
}

async function start() {
  applyLang();
  $("lang").addEventListener("click", () => { lang.toggle(); applyLang(); if (me) refresh(); });
  const who = await currentStaff($("login"), ["responder"], w);
  if (who.must_change_password) await firstPassword($("login"), staffHeaders);
  me = who; // only now: the language switch refreshes the tasks once there are any
  $("who").textContent = `${me.full_name || ""} (${me.agency || ""})`;
  staffAccount($("who"), staffHeaders);
  Object.assign($("logout"), { hidden: false, onclick: staffLogout });
  $("resp-view").hidden = false;
  setupMap();
  // The shift status and last position as the server has them (they survive a reload).
  const state = me.responder || {};
  $("r-status").value = state.status ? shift(state) : "off";
  openedOff = state.status === "off";
  if (state.lng != null) {
    here = { lng: state.lng, lat: state.lat };
    where.set({ key: "lastSeen", at: here, accuracy: state.accuracy_m, time: state.location_at });
    showMe();
  }
  for (const e of ["pointerdown", "keydown"]) $("r-status").addEventListener(e, () => { choosingAt = Date.now(); });
  // A choice made: the server's state shows again. With the keyboard each arrow is a "change"
  // (two ArrowUps from "Tidak bertugas" sent busy, then available): saved on Enter or on leaving.
  const sel = $("r-status");
  let byKey = false, atFocus = sel.value;
  sel.addEventListener("focus", () => { atFocus = sel.value; });
  sel.addEventListener("keydown", (e) => { if (e.key === "Enter" && byKey) { byKey = false; choose(); } else if (e.key.startsWith("Arrow")) byKey = true; });
  sel.addEventListener("blur", () => { if (byKey && sel.value !== atFocus) choose(); byKey = false; });
  sel.addEventListener("change", () => { if (!byKey) choose(); });
  async function choose() {
    atFocus = sel.value;
    choosingAt = 0;
    openedOff = false;
    if (fresh.length) drawFresh(); // the news said "Sibuk until the task is done" under "Siap"
    // Off duty with work in hand: the tasks stay theirs (the operator sees them off duty), said so.
    const held = $("r-status").value === "off" ? heldTasks() : "";
    let handed = [];
    const chosen = $("r-status").value;
    const outcome = () => fillIn(w(handed.length ? "handedBack" : "statusSaved"), { status: w(chosen), ids: handed.map((id) => `#${id}`).join(", ") });
    const done = await act(async () => {
      handed = (await api("/api/v1/responders/me/status", { method: "PUT", json: { status: chosen } })).handed_back || [];
    }, outcome);
    if (done && held) warnHeld(held, handed.length ? outcome : undefined);
    if (fresh.length) drawFresh(); // (a refused choice went back to the server's)
    // On shift: dispatch needs to know where at once. The phone's last fix (the GPS watch gives
    // one every few seconds) goes straight away; asking the GPS anew could take its 15 s.
    if (!onShift()) return;
    if (lastFix && Date.now() - lastFixAt < 60000) await useFix(lastFix, { send: true }).catch((e) => say(e.said || e.message));
    else locate();
  }
  $("r-locate").addEventListener("click", () => locate());
  // Task notices reach the phone with /petugas closed: the service worker shows them (Web Push).
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
  // Offered until this phone has a subscription (it takes a row of a small screen).
  $("r-push").hidden = true;
  if ("PushManager" in window && Notification.permission !== "denied") {
    navigator.serviceWorker.ready.then((reg) => reg.pushManager.getSubscription())
      .then((sub) => { $("r-push").hidden = Boolean(sub) && Notification.permission === "granted" && pushOwner() === String(me.id); })
      .catch(() => {}); // (another account's, the citizen app's on this phone: offered again)
  }
  $("r-push").addEventListener("click", async () => {
    try {
      const resp = await subscribePush(staffHeaders(), String(me.id));
      say(resp.ok ? w("pushDone") : w("pushUnavailable"), resp.ok);
      $("r-push").hidden = resp.ok;
    } catch { say(w("pushUnavailable")); }
  });
  if (navigator.geolocation) {
    navigator.geolocation.watchPosition((p) => useFix(p).catch(() => {}), () => {},
                                        { enableHighAccuracy: true, maximumAge: 30000 });
  }
  await refresh();
  setInterval(refresh, 20000);
  // Standing still, the phone reports no new fix: send the position again before it goes stale.
  setInterval(() => { if (onShift() && Date.now() - lastSent >= RESEND_MS - 1000) locate({ quiet: true }); }, 30000);
  window.sigapReady = true;
}
start();
