// The report form's line "Laporan akan masuk ke: …": where the pin's report goes (street,
// kelurahan, kecamatan, city), or why it cannot go there, from the server's /locate answer.
import { CITY, el, fillIn } from "/static/common.js";
import { tr } from "/static/text.js";

/** Draws `state.where` (the answer for the pin, null while asked) into #f-where; hidden with no pin. */
export function renderWhere(state) {
  const box = document.getElementById("f-where");
  if (!box) return;
  box.hidden = !state.placedBy;
  box.className = "where";
  if (!state.where) { box.textContent = state.placedBy ? `${tr("goes_to")} …` : ""; return; }
  if (!state.where.ok) {
    box.className = "where bad"; box.textContent = state.where.message();
    return;
  }
  if (state.where.offline) { box.textContent = `${tr("goes_to")}: ${tr("where_offline")}`; return; }
  const street = state.where.street ? `${state.where.street.name}, ` : "";
  const city = state.where.city;
  box.textContent = `${tr("goes_to")}: ${street}Kel. ${state.where.kelurahan.name}, Kec. ${state.where.kecamatan.name}`
                    + (city ? `, ${city.name}` : "");
  // A pin in another city than this page's (a stale GPS fix, a slip on the map) goes to that
  // city's agencies: said plainly before sending, not found out from the receipt.
  if (city && CITY.slug && city.slug !== CITY.slug) {
    box.className = "where other-city";
    box.append(el("strong", { id: "f-other-city" }, fillIn(tr("other_city"), { city: city.name, page: CITY.name })));
  }
}
