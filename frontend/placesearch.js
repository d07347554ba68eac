// The report form's address search (OpenStreetMap streets and places, kelurahan): a result
// shows the place and calls `pick([lng, lat])`, which places the pin.
import { el, onAddressSearch } from "/static/common.js";
import { tr } from "/static/text.js";

export function searchBox(map, pick) {
  const results = el("ul", { class: "list", id: "f-search-results" });
  const input = el("input", { id: "f-search", type: "search", autocomplete: "off", enterkeyhint: "search",
                              "aria-label": tr("search_place"), placeholder: tr("search_place") });
  onAddressSearch(input, results, 5, (hits) => {
    show(hits);
    // under the field, in sight: the list was drawn below the sheet's fold, and typing seemed to do nothing
    results.scrollIntoView({ block: "nearest" });
  });
  function show(hits) {
    // no answer (no signal): said, with what works without one (the list stayed empty, silent)
    if (hits === null) { results.append(el("li", { class: "hint", id: "f-search-failed" }, tr("search_failed"))); return; }
    if (!hits.length) { results.append(el("li", { class: "hint" }, tr("no_match"))); return; }
    for (const h of hits) {
      const where = [h.kelurahan && `Kel. ${h.kelurahan}`, h.kecamatan && `Kec. ${h.kecamatan}`].filter(Boolean).join(", ");
      results.append(el("li", {}, el("button", { type: "button", "data-place": h.name, onclick: () => {
        pick([h.lng, h.lat]);
        map.flyTo({ center: [h.lng, h.lat], zoom: Math.max(map.getZoom(), 17) });
        results.textContent = "";
        input.value = h.name;
      } }, el("span", {}, h.name), el("small", {}, where))));
    }
  }
  return el("div", {}, input, results);
}
