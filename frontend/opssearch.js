// /ops address search (OpenStreetMap streets and places, kelurahan): a result moves the map there.
import { el, onAddressSearch } from "/static/common.js";

const $ = (id) => document.getElementById(id);

/** Wires the search box #o-search to `map`; `w` gives the page's words in the chosen language. */
export function setupSearch(map, w) {
  const results = $("o-search-results");
  onAddressSearch($("o-search"), results, 6, (hits) => {
    // nothing found, or no answer, is said (the list stayed blank either way)
    const key = hits ? "noMatch" : "searchFailed";
    if (!hits?.length) results.replaceChildren(el("li", { class: "hint", id: "o-search-none", "data-key": key }, w(key)));
    for (const h of hits || []) {
      results.append(el("li", {}, el("button", { type: "button", "data-place": h.name, onclick: () => {
        // A kelurahan found by name is a neighbourhood: shown whole, not its centre's street.
        map.flyTo({ center: [h.lng, h.lat], zoom: h.kind === "kelurahan" ? 14.5 : 17, padding: { top: 0, bottom: 0, left: 0, right: 0 } });
        results.textContent = "";
        $("o-search").focus(); // the button chosen is gone with the list: focus fell to <body>
      } }, `${h.name} — ${[h.kelurahan, h.kecamatan].filter(Boolean).join(", ")}`)));
    }
  });
}
