// A field officer from the Petugas tab, on the queue's map with a pin and their name.
import * as maplibregl from "/static/node_modules/maplibre-gl/dist/maplibre-gl.mjs";
import { el, lang, shortTime } from "/static/common.js";
import { WORDS } from "/static/opswords.js";

const w = (k) => WORDS[lang.get()][k];
const words = (r) => el("div", { class: "officer-pop", id: "officer-pop" }, `${r.name || "#" + r.responder_id}${r.team ? ` (${r.team})` : ""}`,
                        // their shift too: an officer off duty looked ready to send (the table said so, not the pin)
                        el("small", {}, `${r.status !== "available" ? ` · ${w("shiftNames")[r.status] || r.status}` : ""} · ${shortTime(r.location_at)}${r.stale ? ` (${w("oldPosition")})` : ""}`));

/** `toQueue` shows the queue's tab (and map) as its own history step, no report open. */
export function setupOfficer(map, toQueue) {
  let shown = null; // { r, marker }
  function show(r) {
    toQueue(); // the officer, not the report open before (its detail stayed under the map)
    shown?.marker.remove();
    // a pin of their own: the pop-up alone pointed at the report dots around them
    const marker = new maplibregl.Marker({ color: "#0b5d3b" }).setLngLat([r.lng, r.lat])
      .setPopup(new maplibregl.Popup({ closeButton: true, offset: 30 }).setDOMContent(words(r))).addTo(map);
    marker.togglePopup();
    shown = { r, marker };
    if (window.innerWidth < 900) { // below the sticky header, not under it
      const top = document.getElementById("map").getBoundingClientRect().top + window.scrollY - document.querySelector("header").offsetHeight;
      window.scrollTo({ top: Math.max(0, top) });
    }
    map.flyTo({ center: [r.lng, r.lat], zoom: Math.max(map.getZoom(), 15) });
  }
  const relabel = () => { if (shown?.marker.getPopup()?.isOpen()) shown.marker.getPopup().setDOMContent(words(shown.r)); };
  return { show, relabel };
}
