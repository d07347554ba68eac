// Moving a report to another category in /ops (the resident chose the wrong one: a broken street
// light filed as "Sampah" sat with DLH): its agency, deadline and public place follow
// (geo/recategorize.py). Asked first, as a merge is: it can take the report from an officer's
// hands, and a move into a confidential category cannot be undone.
import { api, el, fillIn, lang, priorityName } from "/static/common.js";
import { WORDS } from "/static/opswords.js";

const w = (k) => WORDS[lang.get()][k];
let listed = null; // the city's categories, asked once (again after a failure)
const categories = () => (listed ??= api("/api/v1/categories").then((r) => r.categories, (err) => { listed = null; throw err; }));
const nameOf = (c) => (lang.get() === "id" ? c.name_id : c.name_en);
const agencyOf = (c) => (lang.get() === "id" ? c.agency_name_id : c.agency_name_en);
const hoursText = (h) => (h >= 48 && h % 24 === 0 ? fillIn(w("dueDays"), { n: h / 24 }) : fillIn(w("dueHours"), { n: h }));

/** The category field of open report `p` (properties) with its "Pindahkan" and the question it asks;
 * `act` runs the change and draws the report again (ops.js); `chosen`: the choice before a redraw;
 * `staffAgency`: the agency of staff who act for one agency only (theirs no longer, once moved). */
export function categoryChange(p, act, chosen, staffAgency) {
  const pick = el("select", { id: "a-category", "aria-label": w("moveCategory") });
  const move = el("button", { type: "button", id: "a-move", disabled: true }, w("moveTo"));
  const confirm = el("div", { id: "a-move-confirm", class: "confirm", hidden: "" });
  // the select a row of its own on a phone, where its names were cut ("Lampu Jala")
  const row = el("div", { class: "pair wrap", hidden: "" }, el("label", { for: "a-category" }, w("moveCategory")), pick, move);
  categories().then((all) => {
    // a confidential report only among confidential ones: its reporter was promised a coarsened place
    const mine = all.find((c) => c.code === p.category);
    pick.replaceChildren(...all.filter((c) => !mine?.confidential || c.confidential)
      .map((c) => new Option(`${nameOf(c)} — ${c.agency}`, c.code)));
    pick.value = chosen || p.category;
    if (pick.selectedIndex < 0) pick.value = p.category;
    move.disabled = pick.value === p.category; // a choice kept over a redraw (a priority saved, the language)
    row.hidden = false;
  }).catch(() => {}); // without the list the report is handled as before
  pick.addEventListener("change", () => {
    move.disabled = pick.value === p.category;
    confirm.hidden = true; // asked of another category
  });
  move.addEventListener("click", async () => {
    const all = await categories();
    const to = all.find((c) => c.code === pick.value), mine = all.find((c) => c.code === p.category);
    if (!to || to.code === p.category) return;
    const other = to.agency !== p.agency;
    const lines = [fillIn(w("moveAsk"), { id: p.id, category: nameOf(to) }),
                   fillIn(w(other ? "moveAgency" : "moveSameAgency"), { agency: agencyOf(to), due: hoursText(to.sla_hours) })];
    // who lets go: the officer holding it, or the one it is offered to (who never held it)
    if (other && p.assignee) lines.push(fillIn(w("moveHolder"), { name: p.assignee.name || `#${p.assignee.id}` }));
    else if (other && p.offer) lines.push(fillIn(w("moveOffer"), { name: p.offer.name || `#${p.offer.responder_id}` }));
    if (other) lines.push(fillIn(w("moveOffered"), { agency: agencyOf(to) }));
    if (other && staffAgency) lines.push(fillIn(w("moveAway"), { agency: agencyOf(to) })); // theirs no longer
    // a priority nobody chose by hand becomes the new category's (Darurat tells the coordinators)
    const priority = p.priority === mine?.default_priority ? to.default_priority : p.priority;
    if (priority !== p.priority) lines.push(fillIn(w(priority === "urgent" ? "moveUrgent" : "movePriority"), { priority: priorityName(priority) }));
    if (Date.parse(p.created_at) + to.sla_hours * 3600000 < Date.now()) lines.push(w("moveLate"));
    if (to.confidential && !mine?.confidential) lines.push(w("moveSecret"));
    const yes = el("button", { type: "button", id: "a-move-yes",
      onclick: () => act(() => api(`/api/v1/reports/${p.id}`, { method: "PATCH", json: { category: to.code } }),
                         () => fillIn(w("doneMoved"), { category: nameOf(to), agency: agencyOf(to) })) }, w("moveYes"));
    const no = el("button", { type: "button", id: "a-move-no", onclick: () => { confirm.hidden = true; move.focus(); } }, w("cancel"));
    confirm.replaceChildren(el("div", { id: "a-move-ask" }, ...lines.map((t) => el("p", {}, t))), el("div", { class: "pair" }, yes, no));
    for (const b of [yes, no]) b.setAttribute("aria-describedby", "a-move-ask");
    confirm.hidden = false;
    no.focus(); // the harmless answer first, as for a merge
  });
  return [row, confirm];
}
