// What the /ops map's dots mean, for the list chosen: each status's colour, a late report's dark
// ring, the report open. The officer's map and the public map had a key; this one had none (a
// staff walk). Drawn again when the list or the language changes.
import { OPEN_STATUSES, STATUS_HEX, el, lang, statusName } from "/static/common.js";
import { WORDS } from "/static/opswords.js";

export const LATE_RING = "#1a1a1a"; // dark: a red ring vanished round a red "Diterima" dot

/** Fills `box` (a list) with the key of the open reports' map, or of a finished list's (`finished`). */
export function drawLegend(box, finished) {
  const w = (k) => WORDS[lang.get()][k];
  const dot = (style) => el("span", { class: "swatch dot", style, "aria-hidden": "true" });
  const ring = `border:3px solid ${LATE_RING}`;
  box.replaceChildren(
    ...(finished ? [["resolved", STATUS_HEX.resolved], ["", "#7f7f7f"]] : OPEN_STATUSES.map((s) => [s, STATUS_HEX[s]])).map(([s, color]) =>
      el("li", {}, dot(`background:${color}`), s ? statusName(s) : w("otherFinished"))),
    ...(finished ? [] : [el("li", {}, dot(`background:#7f7f7f;${ring}`), w("lateRing"))]), // (a null is written "null")
    el("li", {}, dot("background:#0b5d3b80;border:3px solid #fff;box-shadow:0 0 0 1px #999"), w("openDot")));
}
