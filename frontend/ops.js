// Operator dashboard: the queue of open reports with SLA badges, a map, the actions an operator
// takes (verify, reject, merge, assign the nearest responder, priority); the tabs Statistik
// (opsstats.js) and Analitik (analytics.js).
import * as maplibregl from "/static/node_modules/maplibre-gl/dist/maplibre-gl.mjs";
import { CITY, STATUS_COLOR, api, categoryName, currentStaff, el, eventLine, fillIn, lang,
         localTime, priorityName, relabel, slaBadge, staffHeaders, staffLogout, statusName, mapLocale } from "/static/common.js";
import { addOnlineBasemap, baseStyle, withStyle } from "/static/basemap.js";
import { firstPassword, staffAccount } from "/static/account.js";
import { relabelAnalytics, showAnalytics } from "/static/analytics.js";
import { LATE_RING } from "/static/opslegend.js";
import { QUEUES, fillFilters, filterQuery, finishedList, keepQueueChoice, lists, loadFilters, queueOrder } from "/static/opsfilters.js";
import { setupBell } from "/static/opsnotes.js";
import { CLOSED, DISPATCHABLE, actions, forgetAnswers, holder, lookForOffer, redrawResponders, setupActions } from "/static/opsactions.js";
import { setupSearch } from "/static/opssearch.js";
import { setupStaff } from "/static/opsstaff.js";
import { setupTeam } from "/static/opsteam.js";
import { setupCameras } from "/static/opscameras.js";
import { TABS, escapeToQueue, reportStep, shownTab, showTabView, tabOf } from "/static/opstabs.js";
import { setupOfficer } from "/static/opsofficer.js";
import { loadStats, relabelStats, setupStats, statsChoicesFromHash } from "/static/opsstats.js";
import { WORDS } from "/static/opswords.js";

const w = (k) => WORDS[lang.get()][k];
const $ = (id) => document.getElementById(id);
let me = null, map = null, features = [], selected = null, redrawBell = () => {};

function applyLang() {
  relabel(w);
  relabelStats(); // its lists, legends and headings are drawn in words
  const sel = $("q-status"), current = sel.value;
  sel.textContent = "";
  for (const [value, key] of Object.entries(QUEUES)) sel.append(new Option(w(key), value));
  sel.value = current || Object.keys(QUEUES)[0];
  const order = $("q-order"), was = order.value;
  order.replaceChildren(new Option(w("orderDue"), "due"), new Option(w("orderNewest"), "newest"));
  order.value = was || "due";
  fillFilters(w);
  if (me) showWho();
}

// the Staf tab (opsstaff.js: admins, agency admins), the Petugas tab (opsteam.js), an officer shown from it
let staff = null, team = null, cameras = null, officer = null;

const queueFilters = () => filterQuery("q-area", "q-agency", me.role === "agency_admin" ? me.agency : $("q-agency").value);

// "Rina (Operator · Kel. Oebobo)": who is signed in, their role in words and what they coordinate.
function showWho() {
  const a = me.area || {};
  const where = a.level === "kelurahan" ? `Kel. ${a.kelurahan}` : a.level === "kecamatan" ? `Kec. ${a.kecamatan}` : "";
  const role = (me.role === "operator" && w("roles")[a.level]) || w("roles")[me.role] || me.role; // a lurah, not "Operator"
  $("who").textContent = `${me.full_name || ""} (${[role, me.agency, where].filter(Boolean).join(" · ")})`;
}

const NOTHING = { type: "FeatureCollection", features: [] };

function setupMap() {
  const style = baseStyle();
  style.sources.queue = { type: "geojson", data: NOTHING };
  style.sources.picked = { type: "geojson", data: NOTHING }; // the open report, in the queue or not
  style.layers.push(
    { id: "queue-selected", type: "circle", source: "picked",
      paint: { "circle-radius": 13, "circle-color": "#0b5d3b", "circle-opacity": 0.35 } },
    { id: "queue-point", type: "circle", source: "queue",
      paint: { "circle-radius": 7, "circle-color": STATUS_COLOR,
               "circle-stroke-color": ["case", ["get", "overdue"], LATE_RING, "#fff"], "circle-stroke-width": ["case", ["get", "overdue"], 3, 1.5] } },
    { id: "picked-point", type: "circle", source: "picked",
      paint: { "circle-radius": 7, "circle-color": STATUS_COLOR, "circle-stroke-color": "#fff", "circle-stroke-width": 3 } });
  // A camat's or lurah's map opens on their area (it opened on the whole city, their queue's dots in a corner).
  map = new maplibregl.Map({ locale: mapLocale(), container: "map", center: CITY.center, zoom: CITY.zoom, style,
                             bounds: me.area?.bbox || undefined, fitBoundsOptions: { padding: 24 },
                             attributionControl: { compact: true } });
  map.addControl(new maplibregl.NavigationControl(), "top-right");
  addOnlineBasemap(map, { foldCredit: true });
  map.on("click", "queue-point", (e) => select(e.features[0].id));
  setupSearch(map, w);
  window.sigapMap = map;
}

// Reopened after a resolution (the reporter's "belum beres", or an operator): the operator must
// not take it for work that merely started.
// (a space after it: read aloud it ran into the status, "Dibuka lagiDikerjakan")
const reopenedMark = (p) => (p.reopened ? [el("span", { class: "reopened" }, w("reopened")), " "] : null);

// The queue as far as the operator has opened it: 200 at first, 200 more a tap on "next" (past
// 200 overdue reports, new ones were out of reach but by number); the 30 s refresh keeps as many.
const PAGE = 200;
let shown = PAGE;
// Reports made while the queue was open (after the newest of its reports at the previous load,
// shown or not, asked for by `since`): marked "Baru" until opened, and counted in the tab's title
// (a city operator was told of none), also below the 200 shown. One that only moved up into the
// first 200 is not new. `how` "reset": a new filter.
let newest = null; // created_at of the newest report of the queue's filter, at the last load
const arrived = new Set();
const titled = () => { document.title = `${arrived.size ? `(${arrived.size}) ` : ""}${document.title.replace(/^\(\d+\) /, "")}`; };
let loads = 0; // the latest load asked for: an older one answering late (another filter, fewer rows) is dropped
async function loadQueue(how) {
  const mine = ++loads, want = shown, since = how === "reset" ? null : newest, order = queueOrder();
  const latest = api(`/api/v1/reports?status=${$("q-status").value}${queueFilters()}` // newest first
    + (since ? `&since=${encodeURIComponent(since)}&limit=100` : "&limit=1")).then((r) => r.features, () => null);
  let fc = { features: [] }, after = "";
  do {
    const page = await api(`/api/v1/reports?status=${$("q-status").value}&order=${order}&limit=${PAGE}${queueFilters()}${after}`);
    fc = { ...page, features: fc.features.concat(page.features) };
    after = page.next_cursor ? `&cursor=${encodeURIComponent(page.next_cursor)}` : "";
  } while (after && fc.features.length < want && mine === loads);
  const made = await latest;
  if (mine !== loads) return;
  features = fc.features;
  if (how === "reset") arrived.clear();
  for (const f of (since && made) || []) if (Date.parse(f.properties.created_at) > Date.parse(since)) arrived.add(f.id);
  // (`since` takes in its own instant: that report is not new; an empty queue: whatever comes is)
  if (made) newest = made[0]?.properties.created_at ?? since ?? "1970-01-01T00:00:00Z";
  if (!after) for (const id of arrived) if (!features.some((f) => f.id === id)) arrived.delete(id); // left the queue
  titled();
  const list = $("queue");
  const was = list.contains(document.activeElement) ? document.activeElement.dataset.id : null; // the 30 s refresh keeps it
  const focused = features.some((f) => String(f.id) === was) ? was : null;
  list.textContent = "";
  if (!features.length) list.append(el("li", { class: "empty" }, w("empty")));
  $("q-more").textContent = after ? fillIn(w(order === "newest" ? "newestShown" : "mostUrgent"), { n: features.length }) : "";
  $("q-next").hidden = !after;
  for (const f of features) {
    const p = f.properties, sla = CLOSED.includes(p.status) ? {} : slaBadge(p.due_at); // finished: no deadline
    const cls = [p.id === selected ? "selected" : "", arrived.has(p.id) ? "arrived" : ""].join(" ").trim();
    // one stop for Tab: the entry the keyboard is on, else the report open, else the first (start: arrows)
    const stop = focused ? String(p.id) === focused
      : p.id === selected || (!features.some((g) => g.id === selected) && f === features[0]);
    list.append(el("li", { "data-id": p.id, tabindex: stop ? "0" : "-1", class: cls || null, onclick: () => select(p.id) },
      el("strong", {}, `#${p.id} ${categoryName(p)}`, arrived.has(p.id) ? el("span", { class: "arrived-mark" }, w("arrived")) : null),
      el("span", { class: sla.cls }, sla.text),
      el("small", {}, reopenedMark(p), `${statusName(p.status)} · ${p.street ? p.street + ", " : ""}${p.kelurahan} · ${p.agency}`,
         p.assignee_shift === "off" ? el("strong", { class: "off-duty" }, ` (${w("offDuty")})`) : null), // its holder went off duty
      el("small", { class: `prio-${p.priority}` }, priorityName(p.priority))));
  }
  if (focused) list.querySelector(`li[data-id="${focused}"]`)?.focus({ preventScroll: true });
  withStyle(map, () => map.getSource("queue").setData(fc));
  list.dataset.loads = String(mine); // a drawn load (tests wait for it)
}

// A "Tersimpan." goes after a few seconds, and at the next look-up: it stayed under later
// answers ("no officer near"), as if it were about them.
let sayTimer = null;
function say(text, ok = false) {
  const m = $("detail-msg");
  if (m) { m.textContent = text; m.className = text ? (ok ? "msg ok" : "msg error") : "msg"; if (text && !ok) m.scrollIntoView({ block: "nearest" }); }
  clearTimeout(sayTimer);
  if (ok) sayTimer = setTimeout(() => say(""), 5000);
}

// Run an action, then refresh the queue and the open report; errors are shown, nothing is lost.
// `done()`: what was done, said ("Tersimpan." for every action told an operator little: a staff walk).
async function act(fn, done = () => w("done")) {
  try {
    await fn();
    await loadQueue();
    forgetAnswers(); // the report changed: its responders and the reports it could merge into go
    await select(selected, false);
    say(done(), true);
  } catch (err) {
    await select(selected, false).catch(() => {}); // as the server has it: a refused priority stayed chosen
    say(err.message);
  }
}

let asks = 0, drawnAsk = 0; // the detail's askings, and the one drawn last: an answer asked before it is older
const offerLooked = new Set();
async function select(id, fly = true, reveal = false) {
  if (id == null) return;
  selected = id;
  if (arrived.delete(id)) { // seen now: no longer new
    titled();
    document.querySelector(`#queue li[data-id="${id}"] .arrived-mark`)?.remove();
    document.querySelector(`#queue li[data-id="${id}"]`)?.classList.remove("arrived");
  }
  const entries = [...document.querySelectorAll("#queue li[data-id]")];
  entries.forEach((li) => { li.classList.toggle("selected", Number(li.dataset.id) === id); li.ariaCurrent = Number(li.dataset.id) === id ? "true" : null; });
  if (entries.some((li) => Number(li.dataset.id) === id)) entries.forEach((li) => { li.tabIndex = Number(li.dataset.id) === id ? 0 : -1; });
  const from = window.scrollY; // where "back to the queue" returns when the report is not in it
  const ask = ++asks, f = await api(`/api/v1/reports/${id}`);
  // another report was opened meanwhile, or this one asked again and drawn (after an action): that answer draws
  if (selected !== id || ask < drawnAsk) return;
  drawnAsk = ask;
  // The address names it (once it is found): a reload reopens it, Back closes it, and a link to
  // another report ("Digabung ke laporan #7") changes the hash, so it opens.
  if (!$("queue-view").hidden) reportStep(id);
  map.getSource("picked")?.setData(f);
  const p = f.properties;
  if (DISPATCHABLE.includes(p.status) && !p.assignee && !p.offer && !offerLooked.has(id)) {
    offerLooked.add(id);
    lookForOffer(id, { open: () => selected === id, drawing: () => drawnAsk });
  }
  // A deadline only means something while the report is still being worked on.
  const open = !CLOSED.includes(p.status);
  const sla = open ? slaBadge(p.due_at) : { cls: "", text: "" };
  const d = $("detail");
  // The same report drawn again (an action, a refresh, the language): what was typed and where
  // the keyboard was stay (a typed rejection reason went when the priority changed).
  const again = d.dataset.id === String(id) && !d.hidden;
  const kept = again ? { reason: $("a-reason")?.value, into: $("a-into")?.value, category: $("a-category")?.value, withhold: $("a-withhold")?.checked,
                         // a button without an id ("Tugaskan" of one officer): the heading
                         focus: d.contains(document.activeElement) ? document.activeElement.id || "-" : null } : {};
  d.dataset.id = String(id);
  d.textContent = "";
  // What was done to the report, by whom it was routed, merged or moved: the operator's history.
  const timeline = el("ol", { class: "timeline" }, ...(p.timeline || []).map((e) => el("li", {}, eventLine(e), // who did it, to whom
    e.assignee_name ? ` → ${e.assignee_name}` : null, e.actor_name ? el("span", { class: "by" }, ` (${w("by")} ${e.actor_name})`) : null)));
  // Element.append writes null as the text "null": only what the report has.
  const entry = document.querySelector(`#queue li[data-id="${id}"]`);
  const back = el("button", { type: "button", class: "back-to-queue", onclick: () => {
    if (history.state?.overQueue) return history.back(); // as the phone's Back: the report closes
    if (!entry?.isConnected) return window.scrollTo({ top: from });
    entry.scrollIntoView({ block: "center" });
    entry.focus({ preventScroll: true });
  } }, w("backToQueue"));
  const reporter = p.reporter && [p.reporter.name, p.reporter.phone || p.reporter.email].filter(Boolean).join(" · ");
  d.append(...[back, el("h3", { tabindex: "-1" }, `#${p.id} ${categoryName(p)} `, el("span", { class: sla.cls }, sla.text)),
    // Opened from a notification or a link, it may lie outside the queue's filter or its 200.
    // with its status: one just verified under "Baru masuk" left it, and the words did not say why
    // done with (merged, rejected, resolved): said as such, not as if a filter hid it (a staff walk)
    entry ? null : el("p", { class: "hint", id: "d-not-listed" },
                      fillIn(w(CLOSED.includes(p.status) && !finishedList() ? "notListedDone" : "notListed"), { status: statusName(p.status) })),
    el("div", {}, reopenedMark(p),
       `${statusName(p.status)} · ${priorityName(p.priority)} · ${p.agency} · `
                  + `${p.street ? `${p.street}${p.street_distance_m != null ? ` (${p.street_distance_m} m)` : ""}, ` : ""}Kel. ${p.kelurahan}, Kec. ${p.kecamatan}`),
    // the report it was merged into, one tap away (its number was only in the history's words)
    p.duplicate_of ? el("a", { id: "d-merged-into", href: `#report=${p.duplicate_of}` }, fillIn(w("mergedInto"), { id: p.duplicate_of })) : null,
    // beside the words and buttons on a wide screen: under them, Verifikasi was below the fold on a laptop
    // each named under it: which was the after-photo was only a mouse's hover text (a staff walk)
    p.photos?.some((ph) => ph.thumb_url) ? el("div", { class: "photos" }, ...p.photos.filter((ph) => ph.thumb_url).map((ph) => {
      const label = ph.from_report ? fillIn(w("photoFrom"), { id: ph.from_report }) : w(ph.kind === "after" ? "photoAfter" : "photoBefore");
      return el("figure", {}, el("img", { src: ph.url || ph.thumb_url, alt: label }), el("figcaption", { "aria-hidden": "true" }, label));
    })) : null,
    p.description ? el("p", {}, p.description) : null, p.withheld ? el("p", { class: "hint", id: "d-withheld" }, w("withheldNote")) : null,
    el("small", {}, `${p.support_count} ${w("support")} · ${localTime(p.created_at)}${open ? ` · ${w("due")}: ${localTime(p.due_at)}` : ""}`),
    reporter ? el("div", { class: "who" }, `${w("reporter")}: ${reporter}`) : null,
    el("div", { id: "d-holder" }, ...holder(p, open)),
    // how the reporter judged the work, when they closed it (it was only on their own phone)
    p.rating ? el("div", { class: "who", id: "d-rating" }, `${w("rated")}: `,
                  el("span", { "aria-hidden": "true" }, "★".repeat(p.rating) + "☆".repeat(5 - p.rating)), ` ${p.rating}/5`) : null,
    ...actions(p, kept, f.geometry.coordinates), el("div", { id: "detail-msg", class: "msg", role: "status" }), // "Tersimpan." is heard too
    p.timeline?.length ? el("h4", {}, w("timeline")) : null, p.timeline?.length ? timeline : null].filter(Boolean));
  d.hidden = false;
  if (!again) d.scrollTop = 0; // beside the map (a laptop), it scrolls by itself: another report from its top
  redrawResponders(id, fly);
  // (the button pressed may be gone, Verifikasi once verified: then the report's heading)
  if (kept.focus) ($(kept.focus) || d.querySelector("h3"))?.focus({ preventScroll: true });
  // On a phone the detail is below the queue and the map: bring it into view. Opened from
  // elsewhere (a notification, a link), also on a wide screen, with its queue entry in sight.
  if (window.innerWidth >= 900) {
    if (reveal && entry) { // within the queue's own column: scrollIntoView moved the whole page too
      const side = entry.closest(".side"), [e, c] = [entry.getBoundingClientRect(), side.getBoundingClientRect()];
      if (e.top < c.top || e.bottom > c.bottom) side.scrollTo({ top: side.scrollTop + e.top - c.top - c.height / 3 });
    }
    // Its own column scrolls (the page and its tabs stay put): the map at its top, the detail below.
    if (fly || reveal) d.closest(".main").scrollTo({ top: 0, behavior: "smooth" });
  } else if (fly || reveal) {
    // Below the sticky header (not under it), with the lower part of the map still in sight
    // above it: the report's place is what the operator looks at first.
    const header = document.querySelector("header").offsetHeight;
    window.scrollTo({ top: window.scrollY + d.getBoundingClientRect().top - header - Math.max(0, phoneMapStrip()) - 6,
                      behavior: "smooth" });
  }
  if (fly) showOnMap(f.geometry.coordinates);
}

// On a phone, how much of the map stays in sight between the sticky header and an opened
// report's detail: the page is scrolled to leave it (select), the report centred in it (showOnMap).
const phoneMapStrip = () => Math.round(innerHeight * 0.4) - document.querySelector("header").offsetHeight;

// Centre the map on a report where the map is in sight. The detail just shown may have made the
// map smaller (a wide screen), and on a phone the page scrolled so that only the map's lower part
// shows above the detail: the report goes in the middle of that part, not under the header nor
// under the map's credits (two lines at its foot until the first touch).
function showOnMap(center) {
  map.resize();
  const box = $("map").getBoundingClientRect();
  const phone = window.innerWidth < 900;
  // The part in sight on a phone: from the header down to the detail (a short landscape screen
  // leaves little; the credits then take at most half of it).
  const strip = phone ? Math.min(box.height, Math.max(40, phoneMapStrip())) : box.height;
  const credits = phone ? Math.min(48, strip / 2) : 0;
  map.flyTo({ center, zoom: Math.max(map.getZoom(), 15),
              padding: { top: box.height - strip, bottom: credits, left: 0, right: 0 } });
}

function showTab(name, step = true, queueHash = selected ? `#report=${selected}` : "") {
  showTabView(name, { step, queueHash });
  if (name === "stats") loadStats().catch((err) => console.warn(err.message));
  else if (name === "analytics") showAnalytics(me, { open: openInQueue }).catch((err) => console.warn(err.message));
  else if (["staff", "team", "cameras"].includes(name)) ({ staff, team, cameras }[name])?.load().catch((err) => console.warn(err.message));
  else map.resize();
}

// A report opened from elsewhere (a link, a recurring place): in the queue, in view.
function openInQueue(id) {
  showTab("queue", true, `#report=${id}`); // one step: Back returns to where it was opened
  select(id, true, true);
}

// What the address names is shown: Back and Forward between tabs, a reload, a shared link,
// "Digabung ke laporan #N" (/ops#report=123 opens that report).
function fromAddress() {
  const tab = tabOf(location.hash);
  if (tab === "stats") statsChoicesFromHash();
  if (tab !== shownTab() || tab === "stats") showTab(tab, false);
  const m = /^#report=(\d+)$/.exec(location.hash);
  // none open: said under the number box (in the hidden detail, "#54 is in DKI Jakarta" was never seen)
  if (m) openOrSay(Number(m[1]), $("detail").hidden ? $("q-find-msg") : $("detail-msg"));
  else if (tab === "queue" && selected != null) closeReport();
}

/** Open report `id` (typed, or named by the address), or say in `msg` why not. */
async function openOrSay(id, msg) {
  const before = selected;
  msg.textContent = ""; msg.className = "msg";
  try { await select(id, true, true); } catch (err) {
    if (selected === id) selected = before; // no such report: the one open stays the one open
    document.querySelectorAll("#queue li").forEach((li) => li.classList.toggle("selected", Number(li.dataset.id) === before));
    msg.textContent = err.message; msg.className = "msg error";
  }
}

// Back from a report opened over the queue: the list again, at the report's entry on a phone.
function closeReport() {
  const entry = document.querySelector(`#queue li[data-id="${selected}"]`), d = $("detail");
  selected = null;
  d.hidden = true; d.textContent = ""; delete d.dataset.id;
  map.getSource("picked")?.setData(NOTHING);
  forgetAnswers();
  entry?.classList.remove("selected");
  if (window.innerWidth >= 900) return;
  if (!entry) return window.scrollTo({ top: 0 });
  entry.scrollIntoView({ block: "center" });
  entry.focus({ preventScroll: true });
}

async function start() {
  applyLang();
  $("lang").addEventListener("click", () => {
    lang.toggle(); applyLang(); relabelAnalytics(); redrawBell(); for (const tab of [staff, team, cameras, officer]) tab?.relabel();
    const none = $("o-search-none"); // the place search's "nothing found"
    if (none) none.textContent = w(none.dataset.key);
    if (me) { loadQueue(); if (selected) select(selected, false); }
  });
  const who = await currentStaff($("login"), ["operator", "agency_admin", "admin"], w);
  if (who.must_change_password) await firstPassword($("login"), staffHeaders);
  me = who; // only now: the language switch reloads the queue once there is one
  const statsReady = setupStats(w, filterQuery, (id) => lists.areas?.get(id) || null, () => lists.areas);
  showWho();
  staffAccount($("who"), staffHeaders);
  $("logout").hidden = false; $("logout").addEventListener("click", staffLogout);
  document.querySelector(".tabs").hidden = false; $("queue-view").hidden = false;
  setupMap();
  officer = setupOfficer(map, () => { showTab("queue", true, ""); if (selected != null) closeReport(); });
  setupActions(act, say, me);
  escapeToQueue();
  if (["admin", "agency_admin"].includes(me.role)) { // who may sign in: the city's admins, an agency's own team
    staff = setupStaff(me, { agencies: () => lists.agencies, areas: () => lists.areas });
    $("tab-staff").hidden = false;
  }
  team = setupTeam(me, { showOfficer: (r) => officer.show(r) }); $("tab-team").hidden = false;
  cameras = setupCameras(me); $("tab-cameras").hidden = false;
  for (const t of TABS) $(`tab-${t}`).addEventListener("click", () => showTab(t));
  window.addEventListener("hashchange", fromAddress);
  $("q-choices").open = matchMedia("(min-width: 900px)").matches; // beside the map, in full: folded on a phone
  for (const id of ["q-status", "q-area", "q-agency"]) $(id).addEventListener("change", () => { shown = PAGE; keepQueueChoice(me); loadQueue("reset"); });
  // another order of the same reports: what is new stays marked (a new filter starts afresh)
  $("q-order").addEventListener("change", () => { shown = PAGE; keepQueueChoice(me); loadQueue(); });
  $("q-next").addEventListener("click", () => { shown = features.length + PAGE; loadQueue("more"); });
  await loadFilters(me, w).then(() => {
    // Statistik opened before the filters came: its numbers were the whole city's, now one's own.
    if (!$("stats-view").hidden) loadStats().catch((err) => console.warn(err.message));
  }).catch((err) => console.warn(err.message)); // without them the queue is the whole city's
  await statsReady; // a shared link's category is one of the listed ones
  statsChoicesFromHash(); // the category list is the chosen OPD's (an agency admin's own)
  if (tabOf(location.hash) !== "queue") fromAddress(); // before the queue has come
  redrawBell = setupBell(openInQueue, me, () => loadQueue().catch(() => {}));
  $("q-refresh").addEventListener("click", () => loadQueue());
  // The queue by keyboard (it took the mouse): Tab reaches it once, the arrows go along it.
  $("queue").addEventListener("keydown", (e) => {
    const li = e.target.closest("li[data-id]");
    const next = e.key === "ArrowDown" ? li?.nextElementSibling : e.key === "ArrowUp" ? li?.previousElementSibling : null;
    // Enter opens it and goes to it ("↑ Kembali ke antrean" comes back): it was drawn, not said
    if (li && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); select(Number(li.dataset.id)).then(() => $("detail").querySelector("h3")?.focus()); } else if (next) {
      e.preventDefault();
      li.tabIndex = -1; next.tabIndex = 0; next.focus();
    }
  });
  $("q-find").addEventListener("submit", async (e) => {
    e.preventDefault();
    const msg = $("q-find-msg"), id = Number(($("q-number").value.match(/\d+/) || [""])[0]);
    if (!id) { msg.textContent = w("findBad"); msg.className = "msg error"; return; }
    await openOrSay(id, msg);
  });
  await loadQueue("reset");
  if (tabOf(location.hash) === "queue") fromAddress();
  setInterval(() => loadQueue().catch(() => {}), 30000);
  window.sigapReady = true;
}
start();
