// Withholding a report's words and photos from the public in /ops, at any time (geo/moderation.py):
// a genuine problem told with a neighbour's name and house number could only stay public or be
// rejected. Withholding is done at once (it only hides); showing them again is asked first, with
// what it shows where: a slip would put personal data back on the public map.
import { api, el, fillIn, lang } from "/static/common.js";
import { WORDS } from "/static/opswords.js";

const w = (k) => WORDS[lang.get()][k];

/** The withhold (or show again) button of report `p` (properties) and its question; `act` runs
 * the change and draws the report again (ops.js). */
export function withholdToggle(p, act) {
  const set = (withheld) => act(() => api(`/api/v1/reports/${p.id}`, { method: "PATCH", json: { withheld } }),
                                () => w(withheld ? "doneHidden" : "doneShown"));
  // a report merged into another: its photos are there now, so that one is withheld (the server says so)
  if (!p.withheld) return p.duplicate_of ? [] : [el("button", { type: "button", id: "a-hide", class: "secondary", onclick: () => set(true) }, w("hideNow"))];
  const confirm = el("div", { id: "a-show-confirm", class: "confirm", hidden: "" });
  const show = el("button", { type: "button", id: "a-show", class: "secondary", onclick: () => {
    const yes = el("button", { type: "button", id: "a-show-yes", "aria-describedby": "a-show-ask", onclick: () => set(false) }, w("showYes"));
    const no = el("button", { type: "button", id: "a-show-no", "aria-describedby": "a-show-ask",
                              onclick: () => { confirm.hidden = true; show.focus(); } }, w("cancel"));
    confirm.replaceChildren(el("p", { id: "a-show-ask" }, fillIn(w("showAsk"), { id: p.id })), el("div", { class: "pair" }, yes, no));
    confirm.hidden = false;
    no.focus(); // the harmless answer first, as for a merge
  } }, w("showAgain"));
  return [show, confirm];
}
