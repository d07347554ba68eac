// /ops: the filters of the queue and the statistics, and the lists behind them.
import { CITY, OPEN_STATUSES, api, el, lang } from "/static/common.js";
import { drawLegend } from "/static/opslegend.js";

const $ = (id) => document.getElementById(id);

// The queue's and the statistics' area and agency filters. A camat's or lurah's queue and
// statistics open on their kecamatan or kelurahan (the queue opened on the whole city, ~80
// reports a day in Kupang; the statistics' totals were the city's); an agency admin's on their
// agency (the server answers nothing else to them in the queue; statistics are public).
export const lists = { areas: null, agencies: null }; // also the Staf tab's choices
const FILTERS = [["q-area", "q-agency"], ["st-area", "st-agency"]];
export async function loadFilters(me, w) {
  const [kel, ag] = await Promise.all([api("/api/v1/kelurahan?simplify=0.01"), api("/api/v1/agencies")]);
  const areas = new Map();
  for (const f of kel.features) {
    const p = f.properties;
    if (!areas.has(p.kecamatan_id)) areas.set(p.kecamatan_id, { name: p.kecamatan, kelurahan: [] });
    areas.get(p.kecamatan_id).kelurahan.push({ id: p.id, name: p.name });
  }
  [lists.areas, lists.agencies] = [areas, ag.agencies];
  const area = me.area || {};
  fillFilters(w);
  for (const [a, g] of FILTERS) {
    $(a).value = area.level === "kelurahan" ? `kel:${area.kelurahan_id}` : area.level === "kecamatan" ? `kec:${area.kecamatan_id}` : "";
    // An agency's operator acts on its reports only (others are view-only): those first, "Semua OPD" a choice
    $(g).value = me.agency || "";
    if ($(g).selectedIndex < 0) $(g).value = ""; // an agency this city lacks: "Semua OPD", said, not a blank
  }
  $("q-agency").disabled = me.role === "agency_admin";
  queueChoiceBack(me);
}

// The queue's lists: the open reports (the work), the new ones, and the finished ones, newest
// first (a deadline orders open work only): a resolved or merged report was found by its number
// alone (a staff walk).
const OPEN = OPEN_STATUSES.join(",");
export const QUEUES = { [OPEN]: "open", submitted: "new", resolved: "listResolved", closed: "listClosed",
                        "rejected,duplicate": "listRejected" };
export const finishedList = () => ![OPEN, "submitted"].includes($("q-status").value);
/** The order asked of the server, and the order box says it ("Terbaru", not to be changed) for a finished list. */
export function queueOrder() {
  const order = $("q-order"), done = finishedList();
  if (done && !order.disabled) [order.dataset.chosen, order.value] = [order.value, "newest"];
  else if (!done && order.disabled) order.value = order.dataset.chosen || "due"; // the operator's own again
  order.disabled = done;
  showChosen();
  return order.value;
}

// The folded choices say what they are ("Belum selesai · Kel. Fatululi · Semua OPD · Paling mendesak").
function showChosen() {
  $("q-chosen").textContent = QUEUE_CHOICES.map((id) => $(id).selectedOptions[0]?.textContent).filter(Boolean).join(" · ");
  drawLegend($("o-legend"), finishedList()); // what the map's dots are follows the list
}

// The queue's status, area, agency and order as last chosen on this browser, per city and account: a
// reload opened on the defaults again (Statistik keeps its choices in the address).
const QUEUE_CHOICES = ["q-status", "q-area", "q-agency", "q-order"];
const keptAt = (me) => `sigap.ops.queue.${CITY.slug || ""}.${me.id}`;
export function keepQueueChoice(me) {
  localStorage.setItem(keptAt(me), JSON.stringify(Object.fromEntries(QUEUE_CHOICES.map((id) => [
    id, id === "q-order" && $(id).disabled ? $(id).dataset.chosen : $(id).value]))));
}
function queueChoiceBack(me) {
  let kept = {};
  try { kept = JSON.parse(localStorage.getItem(keptAt(me)) || "{}"); } catch { /* unreadable: the defaults */ }
  for (const id of QUEUE_CHOICES) {
    const sel = $(id);
    if (id in kept && !sel.disabled && [...sel.options].some((o) => o.value === kept[id])) sel.value = kept[id];
  }
}

export function fillFilters(w) {
  const { areas, agencies } = lists;
  if (!areas) return;
  const byName = (a, b) => a.name.localeCompare(b.name, "id");
  for (const [a, g] of FILTERS) {
    const area = $(a), agency = $(g), [a0, g0] = [area.value, agency.value];
    area.replaceChildren(new Option(w("wholeCity"), ""), ...[...areas.entries()].sort((x, y) => byName(x[1], y[1])).map(([id, kc]) =>
      el("optgroup", { label: `Kec. ${kc.name}` }, new Option(`Kec. ${kc.name}`, `kec:${id}`),
         ...[...kc.kelurahan].sort(byName).map((k) => new Option(`Kel. ${k.name}`, `kel:${k.id}`)))));
    agency.replaceChildren(new Option(w("allAgencies"), ""),
      ...agencies.map((x) => new Option(`${x.code} — ${lang.pick([x.name_id, x.name_en])}`, x.code)));
    [area.value, agency.value] = [a0, g0];
  }
  showChosen();
}

// "&kecamatan=3&agency=DLH": the query of the filters `a` (area) and `g` (agency).
export function filterQuery(a, g, agency = $(g).value) {
  const [kind, id] = ($(a).value || ":").split(":");
  return `${kind === "kel" ? `&kelurahan=${id}` : kind === "kec" ? `&kecamatan=${id}` : ""}${agency ? `&agency=${encodeURIComponent(agency)}` : ""}`;
}
