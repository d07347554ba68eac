// One sheet at a time; the map keeps the part above it visible (padding) on phones. An open sheet
// is a step in the browser's history, so the phone's back button closes it (it left the site,
// mid-report: a phone walk). `ownBacks`: the steps back taken here when a sheet closes by its ✕.
// Focus goes into an opened sheet (its heading) and back to what opened it when it closes: it
// stayed on the header button, and a ✕ dropped it on <body> (a keyboard and screen-reader walk).
let ownBacks = 0, byBack = false, opener = null, map = null;
// The sheet that last held the focus, and what in it (its id or data- attributes): a redraw that
// removes it (the bell's list every 20 s) gives the focus back to its new copy, else the heading.
let focusSheet = null, focusKey = null;
const keyOf = (e) => (e.id ? `#${CSS.escape(e.id)}` : [...e.attributes].filter((a) => a.name.startsWith("data-"))
  .map((a) => `[${a.name}="${CSS.escape(a.value)}"]`).join("")) || null;
const openSheet = () => [...document.querySelectorAll(".sheet")].find((s) => !s.hidden);
function focusTitle(sheet) {
  const title = sheet.querySelector("h2") || sheet;
  if (!title.hasAttribute("tabindex")) title.tabIndex = -1;
  title.focus({ preventScroll: true });
}

export const sheets = {
  attach(m) { map = m; },
  open(id) {
    const before = openSheet()?.id; // the sheet this one covers, if any (form.js returns to the form)
    const sheet = document.getElementById(id);
    if (sheet.hidden) { // drawn again while open (a language switch, news): focus and opener stay
      // over another sheet (Filter over the form, which comes back after it): the first opener stays
      const from = document.activeElement;
      if (!before && from && from !== document.body && !from.closest(".sheet")) opener = from;
      for (const s of document.querySelectorAll(".sheet")) if (s.id !== id) s.hidden = true;
      // an "Urungkan" message belongs to what it undoes: over another sheet it covered its title (a walk)
      if (id !== "report-panel" && document.getElementById("toast-action")) document.getElementById("toast").hidden = true;
      sheet.hidden = false;
      focusTitle(sheet);
    }
    this.pad();
    document.dispatchEvent(Object.assign(new CustomEvent("sheetopen", { detail: id }), { covered: before !== id ? before : null }));
    if (history.state?.sheet) history.replaceState(history.state.sheet === id ? history.state : { sheet: id }, ""); // (a step within it stays)
    else history.pushState({ sheet: id }, "");
  },
  /** A step within the open sheet (a report opened from "Laporan saya"'s list): Back returns to
   * what the sheet showed before it ("sheetback" on the document), not to the map. */
  step(id, what = {}) { history.pushState({ sheet: id, within: true, ...what }, ""); },
  close(id) {
    const sheet = document.getElementById(id);
    if (sheet.hidden) return; // closed already: a second close took another step back (off the page)
    const focusWasIn = sheet.contains(document.activeElement) || document.activeElement === document.body;
    sheet.hidden = true;
    if (focusWasIn && !openSheet() && opener?.isConnected && opener.getClientRects().length) opener.focus(); // (fixed: no offsetParent)
    this.pad();
    if (!byBack && history.state?.sheet) { ownBacks++; history.go(history.state.within ? -2 : -1); }
    document.dispatchEvent(Object.assign(new CustomEvent("sheetclose", { detail: id }), { byBack }));
  },
  pad() {
    const r = window.innerWidth < 768 ? openSheet()?.getBoundingClientRect() : null;
    const beside = r && r.left > 0; // a phone on its side: the sheet at the right (app.css)
    map?.setPadding({ top: 0, left: 0, right: beside ? r.width : 0, bottom: r && !beside ? r.height : 0 });
  },
};

window.addEventListener("resize", () => sheets.pad()); // turned on its side, or back
document.addEventListener("click", (e) => {
  const b = e.target.closest("[data-close]");
  if (b) sheets.close(b.dataset.close);
});
// Escape puts the open sheet away as the phone's back button does (a half-written report stays);
// not while a field holds text (Escape clears a search box) or an input method is composing.
document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape" || e.defaultPrevented || e.isComposing || e.target.tagName === "SELECT") return;
  if (e.target.matches?.("input:not([type=file]):not([type=checkbox]), textarea") && e.target.value) return;
  if (openSheet() && history.state?.sheet) history.back();
});
// Sheets drawn after they open ("Laporan saya", the bell: their lists come from the server) or
// drawn again replace the heading that had the focus, which fell to <body>: it goes back in.
document.addEventListener("focusin", (e) => {
  focusSheet = e.target.closest?.(".sheet") || null;
  focusKey = focusSheet && e.target !== focusSheet ? keyOf(e.target) : null;
});
const regain = new MutationObserver(() => {
  const open = openSheet(), now = document.activeElement;
  if (!open || open !== focusSheet || (now && now !== document.body && now !== open)) return;
  // the sheet itself held it while its content was on its way ("Laporan saya"): its heading now
  const again = now !== open && focusKey && open.querySelector(focusKey);
  if (again && again.tagName !== "H2") again.focus({ preventScroll: true }); else focusTitle(open); // (a new heading: not focusable yet)
});
for (const s of document.querySelectorAll(".sheet")) regain.observe(s, { childList: true, subtree: true });
// A reload keeps the history step of a sheet that is no longer open: the first "back" did nothing.
// A sheet that shows itself again after a reload ("Laporan saya") takes its step back (`resumed`,
// called as the page starts); the others' steps are dropped.
let stale = history.state?.sheet && !openSheet() ? history.state : null;
export const resumed = (id) => (stale?.sheet === id ? stale : null);
setTimeout(() => { if (stale && !openSheet()) history.replaceState(null, ""); stale = null; });
window.addEventListener("popstate", () => {
  const open = openSheet();
  if (ownBacks) { // the step back a ✕ took; a sheet opened meanwhile (Filter closed onto the form) gets its own
    ownBacks--;
    if (open) history.pushState({ sheet: open.id }, "");
    return;
  }
  if (open && history.state?.sheet === open.id) { // Back from a step within it
    document.dispatchEvent(new CustomEvent("sheetback", { detail: open.id }));
    return;
  }
  if (open) { byBack = true; sheets.close(open.id); byBack = false; }
});
