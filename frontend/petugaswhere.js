// The responder's position line: what the server last has of them ("Lokasi terkirim 14.57:
// Jalan Matani, Kel. Oebobo (±8 m)"), and, on shift, that it is getting old before dispatch
// forgets it (at 10 minutes, SIGAP_RESPONDER_STALE_S: the officer vanished from it unaware).
import { fillIn, shortTime } from "/static/common.js";

const STALE_WARN_MS = 6 * 60 * 1000;
// Metres between two { lng, lat } a few hundred metres apart (flat-earth is exact enough there).
const metresApart = (a, b) => Math.hypot((a.lng - b.lng) * Math.cos((a.lat * Math.PI) / 180), a.lat - b.lat) * 111320;

/** The line in `box`; `w` gives the words, `onShift()` whether age matters. `set({ key, at,
 * accuracy, time })` says something new; `show()` says it again (its age, another language). */
export function positionLine(box, { w, onShift }) {
  let shown = null;
  // The place a position is in ("Jalan Matani, Kel. Oebobo"), which a responder can check against
  // the street they stand in; raw coordinates told them nothing. Asked of the server again only
  // after a move of more than 25 m (the GPS reports a fix every few seconds).
  let place = { at: null, text: "" };
  async function describe(at) {
    if (place.at && metresApart(place.at, at) < 25) return;
    const asked = (place = { at, text: "" });
    try {
      const resp = await fetch(`/api/v1/locate?lng=${at.lng}&lat=${at.lat}`);
      if (!resp.ok) return; // outside the city: the coordinates stay
      const loc = await resp.json();
      asked.text = `${loc.street ? `${loc.street.name}, ` : ""}Kel. ${loc.kelurahan.name}`;
    } catch { return; } // no signal: the coordinates stay
    if (place === asked) show();
  }
  function show() {
    box.className = "hint";
    if (!shown) { box.textContent = ""; return; }
    const { key, at, accuracy, time } = shown;
    if (!at) { box.textContent = w(key); return; }
    const where = place.text && metresApart(place.at, at) < 25 ? place.text : `${at.lat.toFixed(5)}, ${at.lng.toFixed(5)}`;
    const age = time ? Date.now() - Date.parse(time) : 0;
    const stale = onShift() && age > STALE_WARN_MS;
    box.textContent = `${w(key)}${time ? ` ${shortTime(time)}` : ""}: ${where}`
                      + (accuracy != null ? ` (±${Math.round(accuracy)} m)` : "")
                      + (stale ? `. ${fillIn(w("stale"), { n: Math.floor(age / 60000) })}` : "");
    if (stale) box.className = "msg warn";
    describe(at);
  }
  return { show, set(what) { shown = what; show(); } };
}
