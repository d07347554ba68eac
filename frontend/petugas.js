// Responder view (phone first): shift status, my position, offers to accept or decline, the
// nearest open tasks of my agency on a list and a map, and the work itself: start, then resolve
// with an after-photo.
import * as maplibregl from "/static/node_modules/maplibre-gl/dist/maplibre-gl.mjs";
import { CITY, STATUS_COLOR, addOnlineBasemap, api, baseStyle, categoryName, currentStaff, el, lang, priorityName, relabel,
         slaBadge, staffLogout, statusName } from "/static/common.js";

const WORDS = {
  id: { title: "Petugas Lapangan", other: "EN", login: "E-mail atau No. HP", password: "Kata sandi", submit: "Masuk",
        logout: "Keluar", wrongRole: "Akun ini bukan akun petugas.", shift: "Status kerja", locate: "Kirim lokasi saya",
        offers: "Tawaran tugas", tasks: "Tugas terdekat", accept: "Terima", decline: "Tolak", start: "Mulai kerjakan",
        resolve: "Selesai", note: "Catatan", photo: "Foto sesudah", noOffers: "Tidak ada tawaran.",
        noTasks: "Tidak ada tugas terbuka di dekat Anda.", needLocation: "Kirim lokasi Anda dulu untuk melihat tugas terdekat.",
        located: "Lokasi terkirim", mine: "Tugas saya", off: "Tidak bertugas", available: "Siap", busy: "Sibuk",
        noGps: "Lokasi tidak tersedia di perangkat ini.", photoNeeded: "Foto sesudah wajib diisi.", done: "Tersimpan.",
        navigate: "Navigasi", lastSeen: "Lokasi terakhir" },
  en: { title: "Field responder", other: "ID", login: "E-mail or phone", password: "Password", submit: "Log in",
        logout: "Log out", wrongRole: "This account is not a responder.", shift: "Shift status", locate: "Send my location",
        offers: "Task offers", tasks: "Nearest tasks", accept: "Accept", decline: "Decline", start: "Start work",
        resolve: "Resolved", note: "Note", photo: "After photo", noOffers: "No offers.",
        noTasks: "No open tasks near you.", needLocation: "Send your location first to see the nearest tasks.",
        located: "Location sent", mine: "My task", off: "Off duty", available: "Available", busy: "Busy",
        noGps: "Location is not available on this device.", photoNeeded: "The after photo is required.", done: "Saved.",
        navigate: "Navigate", lastSeen: "Last location" },
};
const w = (k) => WORDS[lang.get()][k];
const $ = (id) => document.getElementById(id);
let me = null, map = null, here = null;

// Opens the phone's own map app at the place (geo: URI, RFC 5870; Android offers its map apps).
const navigateLink = (lng, lat, label) => el("a", { class: "nav", href: `geo:${lat},${lng}?q=${lat},${lng}(${encodeURIComponent(label)})`,
                                                   "data-navigate": label }, `➜ ${w("navigate")}`);

function say(text, ok = false) { $("r-msg").textContent = text; $("r-msg").className = ok ? "msg ok" : "msg error"; }

function applyLang() {
  relabel(w);
  const sel = $("r-status"), current = sel.value;
  sel.textContent = "";
  for (const s of ["available", "busy", "off"]) sel.append(new Option(w(s), s));
  sel.value = current || "off";
}

function setupMap() {
  const style = baseStyle();
  const empty = { type: "FeatureCollection", features: [] };
  style.sources.tasks = { type: "geojson", data: empty };
  style.sources.me = { type: "geojson", data: empty };
  style.layers.push(
    { id: "tasks-point", type: "circle", source: "tasks",
      paint: { "circle-radius": 7, "circle-color": STATUS_COLOR, "circle-stroke-color": "#fff",
               "circle-stroke-width": ["case", ["get", "mine"], 3, 1.5] } },
    { id: "me-point", type: "circle", source: "me",
      paint: { "circle-radius": 8, "circle-color": "#1a73e8", "circle-stroke-color": "#fff", "circle-stroke-width": 3 } });
  map = new maplibregl.Map({ container: "map", center: CITY.center, zoom: CITY.zoom + 0.7, style, attributionControl: { compact: true } });
  map.addControl(new maplibregl.NavigationControl(), "top-right");
  addOnlineBasemap(map);
  map.on("click", "tasks-point", (e) => document.querySelector(`[data-task="${e.features[0].properties.id}"]`)?.scrollIntoView());
  window.sigapMap = map;
}

function setData(source, data) {
  if (map.getSource(source)) map.getSource(source).setData(data);
  else map.once("load", () => map.getSource(source).setData(data));
}

async function sendLocation(pos) {
  here = { lng: pos.coords.longitude, lat: pos.coords.latitude };
  await api("/api/v1/responders/me/location", { method: "POST",
    json: { lng: here.lng, lat: here.lat, accuracy_m: pos.coords.accuracy } });
  $("r-where").textContent = `${w("located")}: ${here.lng.toFixed(5)}, ${here.lat.toFixed(5)}`;
  setData("me", { type: "FeatureCollection", features: [
    { type: "Feature", geometry: { type: "Point", coordinates: [here.lng, here.lat] }, properties: {} }] });
  await refresh();
}

function locate() {
  if (!navigator.geolocation) return say(w("noGps"));
  navigator.geolocation.getCurrentPosition((p) => sendLocation(p).catch((e) => say(e.message)),
                                           () => say(w("noGps")), { enableHighAccuracy: true, timeout: 15000 });
}

async function act(fn) {
  try { await fn(); say(w("done"), true); await refresh(); } catch (err) { say(err.message); }
}

async function loadOffers() {
  const { offers } = await api("/api/v1/responders/me/offers");
  const list = $("offers");
  list.textContent = "";
  const pending = offers.filter((o) => o.status === "offered");
  if (!pending.length) list.append(el("li", { class: "hint" }, w("noOffers")));
  for (const o of pending) {
    list.append(el("li", { class: "task", "data-offer": o.assignment_id },
      el("strong", {}, `#${o.report_id} ${categoryName(o)}`), ` · ${priorityName(o.priority)} · ${Math.round(o.distance_m || 0)} m `,
      navigateLink(o.lng, o.lat, `#${o.report_id}`),
      el("div", { class: "actions" },
        el("button", { type: "button", "data-accept": o.assignment_id,
                       onclick: () => act(() => api(`/api/v1/assignments/${o.assignment_id}/accept`, { method: "POST" })) }, w("accept")),
        el("button", { type: "button", "data-decline": o.assignment_id,
                       onclick: () => act(() => api(`/api/v1/assignments/${o.assignment_id}/decline`, { method: "POST" })) }, w("decline")))));
  }
}

function workActions(t) {
  const transition = (body) => api(`/api/v1/reports/${t.id}/transitions`, body);
  if (t.status === "assigned") {
    return el("div", { class: "actions" }, el("button", { type: "button", "data-start": t.id,
      onclick: () => act(() => transition({ method: "POST", json: { to: "in_progress" } })) }, w("start")));
  }
  if (t.status !== "in_progress") return null;
  const photo = el("input", { type: "file", accept: "image/jpeg,image/png,image/webp", capture: "environment",
                              "data-photo": t.id, "aria-label": w("photo") });
  const note = el("input", { placeholder: w("note"), "data-note": t.id });
  const done = el("button", { type: "button", "data-resolve": t.id, onclick: () => {
    if (!photo.files[0]) return say(w("photoNeeded"));
    const form = new FormData();
    form.append("to", "resolved");
    form.append("note", note.value);
    form.append("photo", photo.files[0]);
    return act(() => transition({ method: "POST", form }));
  } }, w("resolve"));
  return el("div", { class: "actions" }, el("label", {}, `${w("photo")} `, photo), note, done);
}

async function loadTasks() {
  const list = $("tasks");
  if (!here) { list.textContent = ""; list.append(el("li", { class: "hint" }, w("needLocation"))); return; }
  const { tasks } = await api(`/api/v1/responders/me/tasks?near=${here.lng},${here.lat}&limit=30`);
  // My own work first, then the nearest.
  tasks.sort((a, b) => (b.assignee_id === me.id) - (a.assignee_id === me.id) || a.distance_m - b.distance_m);
  list.textContent = "";
  if (!tasks.length) list.append(el("li", { class: "hint" }, w("noTasks")));
  for (const t of tasks) {
    const mine = t.assignee_id === me.id, sla = slaBadge(t.due_at);
    list.append(el("li", { class: mine ? "task mine" : "task", "data-task": t.id },
      el("strong", {}, `#${t.id} ${categoryName(t)} `), el("span", { class: sla.cls }, sla.text),
      el("div", {}, el("small", {}, `${statusName(t.status)} · ${priorityName(t.priority)} · ${t.street ? t.street + ", " : ""}${t.kelurahan} · `
                              + `${Math.round(t.road_distance_m ?? t.distance_m)} m${mine ? " · " + w("mine") : ""}`)),
      navigateLink(t.lng, t.lat, `#${t.id}`), mine ? workActions(t) : null));
  }
  setData("tasks", { type: "FeatureCollection", features: tasks.map((t) => ({
    type: "Feature", id: t.id, geometry: { type: "Point", coordinates: [t.lng, t.lat] },
    properties: { id: t.id, status: t.status, mine: t.assignee_id === me.id } })) });
}

async function refresh() {
  try { await Promise.all([loadOffers(), loadTasks()]); } catch (err) { say(err.message); }
}

async function start() {
  applyLang();
  $("lang").addEventListener("click", () => { lang.toggle(); applyLang(); if (me) refresh(); });
  me = await currentStaff($("login"), ["responder"], { title: w("title"), login: w("login"), password: w("password"),
                                                      submit: w("submit"), wrongRole: w("wrongRole") });
  $("who").textContent = `${me.full_name || ""} (${me.agency || ""})`;
  $("logout").hidden = false;
  $("logout").addEventListener("click", staffLogout);
  $("resp-view").hidden = false;
  setupMap();
  // The shift status and last position as the server has them (they survive a reload).
  const state = me.responder || {};
  $("r-status").value = state.status || "off";
  if (state.lng != null) {
    here = { lng: state.lng, lat: state.lat };
    $("r-where").textContent = `${w("lastSeen")}: ${here.lng.toFixed(5)}, ${here.lat.toFixed(5)}`;
    setData("me", { type: "FeatureCollection", features: [
      { type: "Feature", geometry: { type: "Point", coordinates: [here.lng, here.lat] }, properties: {} }] });
  }
  $("r-status").addEventListener("change", () => act(() => api("/api/v1/responders/me/status",
    { method: "PUT", json: { status: $("r-status").value } })));
  $("r-locate").addEventListener("click", locate);
  if (navigator.geolocation) {
    navigator.geolocation.watchPosition((p) => sendLocation(p).catch(() => {}), () => {},
                                        { enableHighAccuracy: true, maximumAge: 30000 });
  }
  await refresh();
  setInterval(refresh, 20000);
  window.sigapReady = true;
}
start();
