// The report form, a bottom sheet over the map: account, category, photo (resized in the
// browser), a location the citizen places on purpose (GPS with its accuracy, a tap, a drag, or
// the photo's own GPS), where the report will go, and "support it instead" suggestions.
import * as maplibregl from "/static/node_modules/maplibre-gl/dist/maplibre-gl.mjs";
import { circle, keptZoom } from "/static/basemap.js";
import { CITY, cityName, el, fillIn, lang, refusal } from "/static/common.js";
import { dropDraft, keepDraft, takeDraft } from "/static/draft.js";
import { authorOf } from "/static/outbox.js";
import { cardTitle, signedOutCards } from "/static/formlogin.js";
import { renderWhere } from "/static/formwhere.js";
import { searchBox } from "/static/placesearch.js";
import { showSimilar } from "/static/similar.js";
import { photoPicker } from "/static/photopick.js";
import { tr } from "/static/text.js";

const token = () => localStorage.getItem("sigap.token");
const PIN_ZOOM = 15; // below it a tap on the map zooms in first (~5 m a pixel at 15, ~60 m at the city's 11)

export function setupReportForm(map, { sheets, getCategories, outbox, toast, refreshReports, follow }) {
  const panel = document.getElementById("report-panel");
  const openButton = document.getElementById("report-open");
  const GPS_FAILED = ["gps_denied", "gps_unavailable"];
  let typing = null; // the description's draft save, a moment after the last key
  const state = { marker: null, placedBy: null, photo: null, photoGps: null, where: null, key: null, view: null, gpsMsg: null,
                  gpsAccuracy: null, covered: false, pinAsked: 0, zoomedForPin: false }; // covered: another sheet opened over the form
  // What the GPS line says (drawn again, in the other language, when the form is): the fix's
  // accuracy while the pin is the GPS one, then any warning.
  const gpsLine = () => [state.placedBy === "gps" && state.gpsAccuracy !== null && `${tr("accuracy")}${state.gpsAccuracy} m`,
                         state.gpsMsg && tr(state.gpsMsg)].filter(Boolean).join(". ");
  const pinHint = () => (state.zoomedForPin ? "pin_zoomed" : state.placedBy ? "pin_placed" : "pin_hint");
  const showGpsLine = () => {
    const status = document.getElementById("f-gps");
    if (status) { status.textContent = gpsLine(); status.className = state.gpsMsg ? "msg warn" : "hint"; }
    // Once a pin is down, "tap the map…" would read as if it were not: say how to correct it.
    const hint = document.getElementById("f-pin-hint");
    if (hint) hint.textContent = tr(pinHint());
  };

  map.on("load", () => {
    map.addSource("accuracy", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: "accuracy-fill", type: "fill", source: "accuracy", paint: { "fill-color": "#1565c0", "fill-opacity": 0.15 } });
    map.addLayer({ id: "accuracy-line", type: "line", source: "accuracy", paint: { "line-color": "#1565c0", "line-width": 1.5 } });
  });
  const setAccuracy = (feature) => map.getSource("accuracy")?.setData({ type: "FeatureCollection", features: feature ? [feature] : [] });

  // A pin moved off the place searched for: the box no longer names it (it kept saying "Oebobo").
  const searchGone = () => { const box = document.getElementById("f-search"); if (box) box.value = ""; };

  function placePin(lngLat, how) {
    state.justSent = false; state.zoomedForPin = false;
    if (how !== "search") searchGone();
    if (!state.marker) {
      state.marker = new maplibregl.Marker({ draggable: true, color: "#c62828" }).setLngLat(lngLat).addTo(map);
      state.marker.getElement().setAttribute("aria-label", tr("pin_hint"));
      state.marker.on("dragend", () => { state.placedBy = "drag"; searchGone(); setAccuracy(null); answered("drag"); showGpsLine(); afterPin(); });
    } else {
      state.marker.setLngLat(lngLat);
    }
    state.placedBy = how;
    if (how !== "gps") setAccuracy(null);
    answered(how);
    showGpsLine(); // a pin moved off the GPS fix has no accuracy to show
    afterPin();
  }

  // A pin placed another way answers "no GPS: tap the map" (it stayed above "Pin terpasang"), and
  // one placed by hand "the street map is not kept here".
  const answered = (how) => {
    if (how !== "gps" && [...GPS_FAILED, ...(how === "photo" ? [] : ["map_not_kept"])].includes(state.gpsMsg)) state.gpsMsg = null;
  };

  // What is written so far, kept against a reload (draft.js).
  const draftNow = () => ({
    category: document.getElementById("f-category")?.value || "", description: document.getElementById("f-description")?.value || "",
    pin: state.marker ? state.marker.getLngLat().toArray() : null, placedBy: state.placedBy, photo: state.photo,
    photoGps: state.photoGps, gpsAccuracy: state.gpsAccuracy });
  const saveDraft = () => keepDraft(draftNow());

  async function afterPin() {
    saveDraft();
    const { lng, lat } = state.marker.getLngLat();
    state.where = null;
    renderWhere(state);
    checkReady();
    const asked = ++state.pinAsked;
    let where = { ok: true, offline: true }; // without signal: the server checks the place when the report is sent
    try {
      const resp = await fetch(`/api/v1/locate?lng=${lng}&lat=${lat}`);
      where = resp.ok ? { ok: true, ...(await resp.json()) } : { ok: false, message: await refusal(resp) };
    } catch { /* as said */ }
    if (asked !== state.pinAsked) return; // the pin moved on: the later place is the one said
    state.where = where;
    renderWhere(state);
    // The answer is what the citizen waits for: in view, not below the sheet's fold.
    document.getElementById("f-where")?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    checkReady();
    checkNearby();
  }

  function checkReady() {
    const send = document.getElementById("f-send");
    if (!send) return;
    // Every step still to do, at once (one at a time, each seemed the last).
    const missing = [!document.getElementById("f-category").value && "need_category", !state.photo && "need_photo",
                     !state.placedBy && "need_pin"].filter(Boolean);
    const outside = state.where && !state.where.ok;
    send.disabled = Boolean(missing.length || outside);
    // Right after a report went out, the empty form is not "missing" anything yet (it read like an error).
    document.getElementById("f-missing").textContent = missing.length && !state.justSent
      ? `${tr("still_needed")}${missing.map(tr).join(", ")}.` : "";
  }

  function checkNearby() {
    const box = document.getElementById("similar");
    const cat = document.getElementById("f-category")?.value;
    if (box && state.placedBy && cat) showSimilar(box, state.marker.getLngLat(), cat, message, supportedInstead);
  }

  // The sheet's message: `text` a string, or a function that writes it in the chosen language (a
  // receipt), so that a language switch, which draws the sheet anew, says it again. Scrolled into
  // view: at 360×640 a sign-up error sat below the sheet's fold and the tap seemed to do nothing.
  const photoFailed = () => tr("photo_failed");
  const message = (text, kind = "error", action = null) => {
    state.message = text ? { text, kind, action } : null;
    showMessage();
    if (text) document.getElementById("form-msg")?.scrollIntoView({ block: "nearest" });
  };
  const showMessage = () => {
    const box = document.getElementById("form-msg");
    if (!box) return;
    const { text = "", kind = "" } = state.message || {};
    box.textContent = typeof text === "function" ? text() : text;
    box.className = `msg ${kind}`;
    const { action } = state.message || {}; // the way on from it (the receipt was a dead end: a walk)
    if (action) box.append(" ", el("button", { type: "button", id: action.id, class: "linkish", onclick: action.run }, action.label()));
  };

  // Fly to a pin placed by GPS or by the photo's own location, saying so where the street map
  // of the place is not kept (no signal).
  async function showPlace(here) {
    const zoom = await keptZoom(map, here, Math.max(map.getZoom(), 16));
    map.flyTo({ center: here, zoom: zoom ?? map.getZoom() });
    const notKept = zoom === null || zoom < 16;
    if (notKept || state.gpsMsg === "map_not_kept") { state.gpsMsg = notKept ? "map_not_kept" : null; showGpsLine(); }
    performance.mark("sigap:place-shown"); // the GPS line says all it will (tests wait for it)
  }

  function locate() {
    const status = document.getElementById("f-gps");
    const fail = (key) => { state.gpsMsg = key; state.gpsAccuracy = null; showGpsLine(); };
    if (!navigator.geolocation) return fail("gps_unavailable");
    status.textContent = tr("locating"); status.className = "hint";
    navigator.geolocation.getCurrentPosition((p) => {
      const here = [p.coords.longitude, p.coords.latitude];
      state.gpsMsg = null;
      state.gpsAccuracy = Math.round(p.coords.accuracy);
      placePin(here, "gps");
      showGpsLine();
      setAccuracy(circle(here, p.coords.accuracy));
      showPlace(here);
    }, (err) => fail(err.code === 1 ? "gps_denied" : "gps_unavailable"), { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  const head = () => el("div", { class: "sheet-head" }, el("h2", { id: "report-title" }, cardTitle(state)),
                        el("button", { type: "button", class: "close", "data-close": "report-panel", "aria-label": tr("close") }, "✕"));
  // Signed out: signing in, a forgotten password, the e-mailed link's card (formlogin.js).
  const cards = signedOutCards(panel, state, { head, message, showMessage, toast, signedIn: (created) => {
    renderReport();
    panel.scrollTop = 0; // the sign-up card was scrolled to its button: the form opened past its category
    if (created) toast(tr("account_made"), 6000);
  } });
  const renderLogin = (again = false) => cards.login(again);

  function renderReport(again = false) {
    state.view = "report"; panel.classList.remove("tall"); // the map beside the form again, to place the pin
    if (!again) state.message = null;
    const keep = { category: document.getElementById("f-category")?.value, description: document.getElementById("f-description")?.value,
                   search: again ? document.getElementById("f-search")?.value : "" };
    panel.textContent = "";
    // A missing person or a health report: said before sending that the public sees it only coarsely.
    const secret = el("div", { id: "f-private", class: "hint", role: "status", hidden: true }, tr("confidential_note"));
    const isSecret = () => { secret.hidden = !getCategories().find((c) => c.code === cat.value)?.confidential; };
    const cat = el("select", { id: "f-category", required: true, "aria-label": tr("category"), "aria-describedby": "f-private", onchange: () => { state.justSent = false; isSecret(); checkReady(); checkNearby(); saveDraft(); } },
                   new Option(tr("choose"), ""),
                   ...getCategories().map((c) => new Option(lang.pick([c.name_id, c.name_en]), c.code)));
    if (keep.category) cat.value = keep.category;
    isSecret();
    // named above it (a placeholder alone went once she typed), three lines tall (two cut her first line off)
    const desc = el("textarea", { id: "f-description", rows: "3", maxlength: "4000", "aria-describedby": "f-desc-count",
                                  placeholder: tr("description_example") });
    desc.value = keep.description || "";
    // kept as typed (a phone may drop the tab with the field in use); near the limit the count shows (it stopped silently),
    // and at it says so: a longer text pasted in was cut with nothing but the count to tell
    const count = el("div", { id: "f-desc-count", class: "hint", hidden: true }); // read with the field, not per key
    const counted = () => { const n = desc.value.length, full = n >= 4000; count.hidden = n < 3500; count.className = full ? "msg error" : "hint"; count.textContent = full ? tr("desc_full") : `${n} / 4000`; };
    desc.addEventListener("input", () => { counted(); clearTimeout(typing); typing = setTimeout(saveDraft, 400); });
    counted();
    const photo = photoPicker(state, {
      usePlace: (at) => { placePin(at, "photo"); showPlace(at); },
      picked: (ok) => {
        if (!ok) message(photoFailed);
        else if (state.message?.text === photoFailed) message(null); // the earlier unreadable one is gone
        state.justSent = false;
        checkReady();
        saveDraft();
      } });
    const send = el("button", { type: "submit", id: "f-send", class: "primary", disabled: true, "aria-describedby": "f-missing" },
                    tr("send"));
    const form = el("form", { id: "report-form", onsubmit: (e) => { e.preventDefault(); submit(send); } },
      el("label", {}, tr("category"), cat), secret,
      ...photo,
      el("label", { for: "f-description", class: "field" }, tr("description")), desc, count,
      el("div", { class: "row" }, el("button", { type: "button", id: "f-locate", onclick: locate }, `◎ ${tr("locate")}`),
         el("span", { id: "f-gps", class: state.gpsMsg ? "msg warn" : "hint", role: "status" }, gpsLine())),
      searchBox(map, (at) => placePin(at, "search")),
      el("div", { class: "hint", id: "f-pin-hint", role: "status" }, tr(pinHint())),
      el("div", { id: "f-where", class: "where", hidden: true, "aria-live": "polite" }),
      el("div", { id: "similar", "aria-live": "polite" }), // "your own report #6 is here" is heard before sending
      el("div", { id: "f-missing", class: "hint" }),
      send,
      el("div", { id: "form-msg", class: "msg", role: "alert" }),
      // apart from "Kirim", and not like it (full width right under it, it was an easy mis-tap)
      el("button", { type: "button", id: "f-logout", class: "linkish", onclick: async () => {
        await signOut();
        renderLogin();
        toast(tr("signed_out"));
      } }, tr("logout")));
    panel.append(head(), form);
    document.getElementById("f-search").value = keep.search || "";
    renderWhere(state);
    checkReady();
    if (again) { showMessage(); checkNearby(); } // "support instead" in the other language (it was gone)
  }

  async function submit(send) {
    const { lng, lat } = state.marker.getLngLat();
    state.key = state.key || crypto.randomUUID();
    const category = document.getElementById("f-category").value;
    const names = getCategories().find((c) => c.code === category) || {}; // for the list of waiting reports
    const report = { key: state.key, category, category_name_id: names.name_id, category_name_en: names.name_en,
                     description: document.getElementById("f-description").value, lng, lat, photo: state.photo,
                     // The GPS accuracy only while the pin is where the GPS put it (a moved pin has none).
                     accuracy: state.placedBy === "gps" ? state.gpsAccuracy : null,
                     ...authorOf() };
    const goesTo = state.where?.city?.name; // the form said so: the receipt says it again
    send.disabled = true;
    send.textContent = tr("sending");
    const logout = document.getElementById("f-logout");
    logout.disabled = true; // the sign-in this report goes out with must not end meanwhile
    try {
      const result = await outbox.send(report);
      if (result.queued) { message(() => tr("queued"), "warn"); reset(); state.justSent = true; onReceipt(); return; }
      if (result.unauthorized) { // the sign-in ended: as a sign-out for what the phone shows and keeps
        localStorage.removeItem("sigap.token"); localStorage.removeItem("sigap.user");
        document.dispatchEvent(new Event("sigap:logout"));
        return renderLogin();
      }
      if (!result.ok) { message(result.message); return; }
      reset();
      const sent = result.body.report.properties;
      const elsewhere = sent.city && CITY.slug && sent.city !== CITY.slug ? `, ${goesTo || cityName(sent.city)}` : "";
      // sent again near one's own open report: added to it, not a new one, and said so
      const said = result.body.auto_merged ? "merged_into" : "sent";
      // its name, not "DINSOS" (this page's agencies: a report of another city keeps the code)
      const agency = !elsewhere && getCategories().find((c) => c.agency === sent.agency);
      const followIt = { id: "f-follow-sent", label: () => tr("follow_sent"),
                         run: () => { sheets.close("report-panel"); follow(result.body.id, sent.city || CITY.slug); } };
      message(() => `${tr(said)}${result.body.id} (${sent.kelurahan}, ${agency ? lang.pick([agency.agency_name_id,
        agency.agency_name_en]) : sent.agency}${elsewhere}).`, "ok", followIt);
      performance.mark("sigap:report-sent"); // read by bench/frontend.py
      document.getElementById("report-form").dataset.sent = result.body.id;
      state.justSent = true;
      document.getElementById("form-msg").scrollIntoView({ block: "nearest", behavior: "smooth" }); // the receipt
      onReceipt();
      refreshReports([lng, lat]);
    } finally { send.textContent = tr("send"); logout.disabled = false; checkReady(); }
  }

  // "Kirim" is off once the form is empty again: the keyboard's focus goes to the receipt, not <body>.
  function onReceipt() {
    const receipt = document.getElementById("form-msg");
    if (![document.body, document.getElementById("f-send")].includes(document.activeElement)) return;
    receipt.tabIndex = -1;
    receipt.focus({ preventScroll: true });
  }

  async function signOut() {
    if (await outbox.waiting()) toast(tr("logout_pending"), 8000); // they still go out as this person
    await outbox.signOut();
    document.dispatchEvent(new Event("sigap:logout"));
  }

  // Supported an open report instead of sending a new one: the form is put away, its draft with it.
  function supportedInstead(id, added) {
    reset();
    document.getElementById("f-category").value = "";
    sheets.close("report-panel");
    toast(fillIn(tr(added ? "supported" : "supported_before"), { id }), 6000);
    refreshReports();
  }

  function reset() {
    clearTimeout(typing);
    state.pinAsked++; // a place still on its way is the old pin's
    state.key = null; state.photo = null; state.photoGps = null; state.placedBy = null; state.where = null; state.zoomedForPin = false;
    state.marker?.remove(); state.marker = null; setAccuracy(null);
    showGpsLine(); // no pin: no accuracy
    for (const id of ["f-preview", "f-photo-gps"]) document.getElementById(id).hidden = true;
    document.getElementById("f-photo-words").textContent = tr("take_photo");
    for (const id of ["f-description", "f-photo"]) document.getElementById(id).value = "";
    document.getElementById("f-desc-count").hidden = true; // "4000 / 4000" stayed under the empty field (a walk)
    renderWhere(state);
    document.getElementById("similar").textContent = ""; // they were near the pin just sent
    dropDraft();
  }

  // After a reload (the camera took the tab's memory): the form as it was left, once the
  // categories are in. Nothing when the resident is signed out or another signed in.
  async function restore() {
    const d = token() && panel.hidden ? await takeDraft() : null;
    if (d && (d.category || d.description || d.pin || d.photo)) restoreDraft(d);
    performance.mark("sigap:draft-checked"); // whatever there was is back (tests wait for it)
  }
  function restoreDraft(d) {
    if (d.photo) Object.assign(state, { photo: d.photo, photoGps: d.photoGps }); // drawn by renderReport
    renderReport();
    sheets.open("report-panel");
    document.getElementById("f-category").value = d.category;
    document.getElementById("f-description").value = d.description;
    if (d.pin) {
      state.gpsAccuracy = d.gpsAccuracy;
      placePin({ lng: d.pin[0], lat: d.pin[1] }, d.placedBy || "tap");
      map.jumpTo({ center: d.pin, zoom: Math.max(map.getZoom(), 16) });
    }
    message(() => tr("draft_restored"), "ok");
    checkReady();
  }

  openButton.addEventListener("click", () => {
    if (!panel.hidden) return sheets.close("report-panel");
    token() ? renderReport() : renderLogin();
    sheets.open("report-panel");
  });
  document.addEventListener("sheetclose", (e) => {
    // Put away by its ✕: all that was written goes, with the kept draft (the category, photo and
    // words came back when it was opened again), and "Urungkan" brings it back for a while (a walk
    // closed the sheet to look at the map, and lost a whole report). By the phone's back button (a
    // swipe made by mistake as often as not) all stays: "Laporkan" opens it again as it was.
    if (e.detail === "report-panel") {
      state.covered = false; state.afterSignIn = null;
      if (e.byBack) return;
      if (state.view === "report" && document.getElementById("report-form")) {
        const was = draftNow();
        reset(); document.getElementById("f-category").value = "";
        // after a send only its category stays: nothing unsent to discard ("dibuang" read as the sent report lost: a walk)
        if (was.description || was.pin || was.photo || (was.category && !state.justSent)) {
          toast(tr("form_discarded"), 8000, { label: tr("undo"), run: () => { keepDraft(was); restoreDraft(was); } });
        }
      }
      else { state.marker?.remove(); state.marker = null; state.placedBy = null; setAccuracy(null); dropDraft(); }
    } else if (state.covered && panel.hidden && token()) { // a look at Filter or Laporan saya over the form
      state.covered = false; // (the pin stayed on the map with no form, and taps opened reports)
      sheets.open("report-panel");
    }
  });
  document.addEventListener("sheetopen", (e) => { if (e.covered === "report-panel" && state.view === "report") state.covered = true; });
  map.on("click", (e) => {
    if (panel.hidden || state.view !== "report") return;
    // Zoomed out, a fingertip covers a few hundred metres (a walk's pin landed streets away): the
    // first tap takes the map in to that place, the next places the pin.
    if (map.getZoom() < PIN_ZOOM) {
      state.zoomedForPin = true; showGpsLine();
      toast(tr("pin_zoomed"), 5000); // over the map, where she looks (the sheet's hint was below a 360x640 screen)
      // quick: a tap during a long flight stopped it short of PIN_ZOOM, to zoom again (3 taps, a walk)
      map.easeTo({ center: e.lngLat, zoom: PIN_ZOOM + 2, duration: 500 });
      return;
    }
    placePin(e.lngLat, "tap");
  });
  // A shared phone: her photo, pin, words and kept draft go with her (the next person's form
  // showed them, and kept them as theirs).
  document.addEventListener("sigap:logout", () => {
    if (document.getElementById("report-form")) reset(); // the sign-in form replaces it, category and all
    else { dropDraft(); Object.assign(state, { photo: null, photoGps: null, key: null }); }
  });
  return {
    wantsClicks: () => !panel.hidden && state.view === "report", restore, signOut,
    relabel: () => {
      if (panel.hidden) return;
      if (state.view === "report") renderReport(true); else cards.relabel();
    },
    // The e-mailed link (`?reset=`): its card, over the map, whoever was signed in on this phone.
    openReset: (token) => { state.resetToken = token; cards.reset(); sheets.open("report-panel"); },
    // Signing in for `why.then()` (backing a report): its `title()` and `hint()` on the card.
    signInFor: (why) => { state.afterSignIn = why; cards.login(); sheets.open("report-panel"); },
  };
}
