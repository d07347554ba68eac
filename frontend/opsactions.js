// The actions an operator takes on one report in /ops (verify, reject, merge, priority, the
// nearest responders). `act` (ops.js) runs one and draws the report again; what was typed in
// these fields is given back to actions() then (`kept`), so a redraw does not lose it.
import { OPEN_STATUSES, PRIORITY, api, categoryName, distance, el, fillIn, lang, priorityName, shortTime, statusName } from "/static/common.js";
import { categoryChange } from "/static/opscategory.js";
import { withholdToggle } from "/static/opsmoderation.js";
import { WORDS } from "/static/opswords.js";

const w = (k) => WORDS[lang.get()][k];
let act = async () => {}, say = () => {}, me = {};
export function setupActions(run, tell, who) { act = run; say = tell; me = who; }

// The answers kept for the report on screen go when it changes.
export function forgetAnswers() { respondersFor = null; similarOf = null; }

// A redraw of the same report lists its responders again; another report drops them.
export function redrawResponders(id, fly) {
  if (respondersFor === id && !fly) showResponders(id, document.getElementById("responders"), everyone);
  else if (fly) respondersFor = null;
}

// Who holds the report, or is asked to: an officer gone off duty with the task in hand (nothing
// said so before); the offer waiting for its officer's answer, and until when (the operator saw
// only "Tersimpan" after verifying); nobody, when dispatch found no one to offer it to.
export const DISPATCHABLE = ["submitted", "verified"]; // offered to an officer by itself (geo/dispatch.py)
export const CLOSED = ["resolved", "closed", "rejected", "duplicate"]; // no deadline, no holder
export function holder(p, open) {
  if (p.assignee) {
    return [el("div", { class: "who", id: "d-assignee" }, `${w("assignedTo")}: ${p.assignee.name || "#" + p.assignee.id}`,
               open && p.assignee.shift === "off" ? el("strong", { class: "off-duty" }, ` (${w("offDuty")})`) : null)];
  }
  if (p.offer) {
    return [el("div", { class: "who", id: "d-offer" },
               fillIn(w("offeredTo"), { name: p.offer.name || `#${p.offer.responder_id}`, at: shortTime(p.offer.expires_at) }))];
  }
  if (!DISPATCHABLE.includes(p.status) || !p.handled) return [];
  // an agency without officers: said, with what to do ("Cari petugas terdekat" found nobody: a staff walk)
  return [el("div", { class: "hint", id: "d-offer" }, p.agency_responders === 0 ? fillIn(w("noTeam"), { agency: p.agency }) : w("notOffered"))];
}

// Held by nobody: dispatch offers it within seconds (or finds nobody; a busy worker takes longer),
// so that line is looked at again a few times, and only it is drawn anew: the whole detail, drawn
// again, wiped "Tersimpan" and, answering late, put "Belum ditawarkan" back over an assignment.
/** Looks again at report `id` while `open()` and draws its holder line; `drawing()` names the
 * detail's latest drawing (one drawn after the question was asked is newer than its answer). */
export async function lookForOffer(id, { open, drawing }) {
  for (const wait of [4000, 8000, 15000]) {
    await new Promise((done) => { setTimeout(done, wait); });
    if (!open()) return;
    const asked = drawing(), again = await api(`/api/v1/reports/${id}`).catch(() => null);
    if (!again || !open() || drawing() !== asked) continue;
    const q = again.properties;
    document.getElementById("d-holder")?.replaceChildren(...holder(q, !CLOSED.includes(q.status)));
    if (q.assignee || q.offer || !DISPATCHABLE.includes(q.status)) return;
  }
}

export const transition = (id, body) => api(`/api/v1/reports/${id}/transitions`, { method: "POST", json: body });

// The report whose nearest responders are listed: a redraw of its detail (another language)
// lists them again instead of dropping them.
let respondersFor = null;
let everyone = false; // busy and off-duty officers listed too (the operator asked)
async function showResponders(id, box, all = false) {
  respondersFor = id;
  everyone = all;
  say("");
  try {
    // everyone: the busy, the off-duty and those without a recent position (after the rest), to be assigned all the same
    const { responders } = await api(`/api/v1/reports/${id}/nearest-responders?k=${all ? 15 : 5}${all ? "&all=1" : ""}`);
    box.textContent = "";
    if (!responders.length) box.append(el("li", {}, w(all ? "noRespondersAtAll" : "noResponders")));
    for (const r of responders) {
      box.append(el("li", {}, `${r.name || "#" + r.responder_id}${r.team ? " (" + r.team + ")" : ""} — ${distance(r.distance_m)}, ${r.open_tasks} ${w("activeTasks")} `,
        r.status !== "available" ? el("strong", { class: "shift" }, `(${w("shiftNames")[r.status] || r.status}) `) : null,
        // still theirs to give: dispatch skips them for this report, the operator decides
        // and when: the pass holds for half an hour, then dispatch may offer it to them again
        r.passed ? el("em", { class: "passed" }, `(${w("passed")[r.passed]}, ${shortTime(r.passed_at)}) `) : null,
        r.stale ? el("em", { class: "stale" }, `(${w(r.location_at ? "oldPosition" : "noPosition")}${r.location_at ? " " + shortTime(r.location_at) : ""}) `) : null,
        el("button", { type: "button", "data-assign": r.responder_id, "aria-label": `${w("assignTo")} ${r.name || "#" + r.responder_id}`,
                       onclick: () => act(() => transition(id, { to: "assigned", assignee_id: r.responder_id }),
                                                  () => fillIn(w("doneAssigned"), { name: r.name || `#${r.responder_id}` })) },
           w("assignTo"))));
    }
    // with every available one busy, there was no way to see or pick anyone (a staff walk)
    // all of them: said (with no one more than before it looked as if nothing had happened, a walk)
    if (all && responders.length) box.append(el("li", { class: "hint" }, w("allListed")));
    if (!all) box.append(el("li", {}, el("button", { type: "button", id: "a-find-all", class: "link",
                                                       // the list it was in is drawn anew: focus on its first officer
                                                       onclick: () => showResponders(id, box, true).then(() => box.querySelector("button")?.focus()) },
                                                   w("alsoBusy"))));
  } catch (err) { say(err.message); }
}

// Open reports of the same category close by (the duplicate radius and window the citizen's
// form uses, around the report's own time): a tap puts one's number in "Gabungkan ke #", so the
// operator need not know it. Asked once per report and minute (a redraw in the other language
// reuses the answer); an action on the report asks again.
let similarOf = null; // { id, at, answer: Promise }
function similar(p, into) {
  const box = el("div", { class: "similar", id: "a-similar" });
  if (similarOf?.id !== p.id || Date.now() - similarOf.at > 60000) { // others merge and close meanwhile
    similarOf = { id: p.id, at: Date.now(), answer: api(`/api/v1/reports/${p.id}/similar`) };
  }
  const asked = similarOf;
  asked.answer.then(({ reports: others }) => {
    if (!others.length) return;
    box.append(el("span", {}, w("maybeSame")), ...others.slice(0, 5).map((r) => el("button", {
      type: "button", class: "chip", "data-similar": r.id, onclick: () => {
        into.value = String(r.id);
        into.dispatchEvent(new Event("input")); // the merge button names it
        box.querySelectorAll(".chip").forEach((c) => c.setAttribute("aria-pressed", String(c.dataset.similar === String(r.id))));
      },
    }, `#${r.id} · ${distance(r.distance_m)} · ${statusName(r.status)}`)));
  }).catch(() => { if (similarOf === asked) similarOf = null; }); // ask again next time
  return box;
}

// A merge closes the report for good and tells its reporter, and one tap did it, into whatever
// number was typed (a staff walk): the report it would join is shown first, to be confirmed.
// Metres between two [lng, lat] (haversine): how far apart the two reports are.
const metres = ([x1, y1], [x2, y2]) => {
  const r = Math.PI / 180, a = Math.sin(((y2 - y1) * r) / 2) ** 2
    + Math.cos(y1 * r) * Math.cos(y2 * r) * Math.sin(((x2 - x1) * r) / 2) ** 2;
  return 2 * 6371008 * Math.asin(Math.sqrt(a));
};

async function askMerge(p, at, into, box) {
  say("");
  box.hidden = true;
  // what the server would refuse is said at once (it was asked, then refused: a staff walk)
  if (into === p.id) return say(w("mergeSelf"));
  const target = await api(`/api/v1/reports/${into}`).catch((err) => { say(err.message); return null; });
  if (!target || into !== Number(document.getElementById("a-into")?.value)) return;
  const q = target.properties;
  if (CLOSED.includes(q.status)) return say(fillIn(w("mergeInactive"), { into, status: statusName(q.status) }));
  if (p.confidential !== q.confidential || (p.confidential && p.agency !== q.agency)) return say(w("mergeConfidential"));
  if (p.withheld && !q.withheld) return say(fillIn(w("mergeWithheld"), { into })); // "Ya" was refused after it
  // how far, and another kind of problem: a typed number looked like any other merge (a staff walk)
  const apart = distance(metres(at, target.geometry.coordinates));
  const other = q.category !== p.category ? fillIn(w("mergeOtherKind"), { mine: categoryName(p), theirs: categoryName(q) }) : "";
  const yes = el("button", { type: "button", id: "a-merge-yes",
    onclick: () => act(() => api(`/api/v1/reports/${p.id}/merge`, { method: "POST", json: { into } }),
                       () => fillIn(w("doneMerged"), { id: into })) }, w("mergeYes"));
  const no = el("button", { type: "button", id: "a-merge-no", onclick: () => {
    box.hidden = true;
    document.getElementById("a-merge")?.focus();
  } }, w("cancel"));
  box.replaceChildren(other ? el("p", { id: "a-merge-warn" }, el("strong", {}, other)) : "", el("p", { id: "a-merge-ask" }, fillIn(w("mergeAsk"), {
    id: p.id, into, apart, what: `${categoryName(q)} · ${q.street ? `${q.street}, ` : ""}Kel. ${q.kelurahan} · ${statusName(q.status)}` })),
  el("div", { class: "pair" }, yes, no));
  for (const b of [yes, no]) b.setAttribute("aria-describedby", other ? "a-merge-warn a-merge-ask" : "a-merge-ask"); // read with them
  box.hidden = false;
  no.focus(); // the harmless answer first, as for any step that cannot be undone (a second Enter merged)
}

/** The buttons for report `p` (properties), at `at` ([lng, lat], as the detail has it); `kept`: what was typed before a redraw. */
export function actions(p, kept = {}, at = null) {
  const box = el("div", { class: "actions" });
  // Staff act on their agency's reports within their area only (the server refuses the rest):
  // another agency's showed every button, and a refused priority stayed in its box as if chosen.
  // A confidential report is listed where the public sees it: its kelurahan may be this lurah's
  // while it lies outside it, which read as a contradiction (a staff walk); said so.
  // (an operator of one agency, not only its admin: "outside your area" named the wrong reason)
  const why = me.agency && p.agency !== me.agency ? "otherAgency" : p.location_coarsened ? "otherAreaBlurred" : "otherArea";
  if (p.handled === false) return [el("p", { class: "hint", id: "a-view-only" }, w(why))];
  const open = OPEN_STATUSES.includes(p.status); // reopened: reassignable
  if (p.status === "submitted") {
    box.append(el("button", { type: "button", id: "a-verify", onclick: () => act(() => transition(p.id, { to: "verified" }), () => w("doneVerified")) }, w("verify")));
  }
  if (["submitted", "verified"].includes(p.status)) {
    // Each field stays on one line with its own button: wrapped apart, a rejection reason sat
    // beside "Verifikasi" and a report number beside "Tolak".
    // Kept for this tab until sent: a reload (or a dropped connection's) lost a reason half typed.
    const draft = `sigap.ops.reason.${p.id}`;
    const reason = el("input", { id: "a-reason", placeholder: w("reason"), "aria-label": w("reason"),
                                 value: kept.reason ?? sessionStorage.getItem(draft) ?? null });
    reason.addEventListener("input", () => (reason.value ? sessionStorage.setItem(draft, reason.value) : sessionStorage.removeItem(draft)));
    // abuse, a neighbour's name, a photo that should not be public: rejected, and its words and
    // photos withheld from the public (0056); the place, the status and the reason stay
    const withhold = el("input", { type: "checkbox", id: "a-withhold", checked: kept.withhold || null });
    box.append(el("div", { class: "pair" }, reason, el("button", { type: "button", id: "a-reject",
      onclick: () => act(async () => { await transition(p.id, { to: "rejected", reason: reason.value, withhold: withhold.checked }); sessionStorage.removeItem(draft); },
                         () => w(withhold.checked ? "doneWithheld" : "doneRejected")) },
      w("reject"))), ...(p.withheld ? [] : [el("label", { class: "check", for: "a-withhold" }, withhold, ` ${w("withhold")}`)])); // withheld already: stays so (append writes null as "null")
    const into = el("input", { id: "a-into", type: "number", min: "1", placeholder: w("mergeInto"), "aria-label": w("mergeInto"),
                               class: "short", value: kept.into || null });
    const confirm = el("div", { id: "a-merge-confirm", class: "confirm", hidden: "" });
    const merge = el("button", { type: "button", id: "a-merge",
      onclick: () => (Number(into.value) > 0 ? askMerge(p, at, Number(into.value), confirm) : say(w("needNumber"))) }, w("merge"));
    // The button says which report it merges into ("Gabungkan ke #5") before the tap.
    const named = () => {
      merge.textContent = `${w("merge")}${Number(into.value) > 0 ? Number(into.value) : ""}`;
      confirm.hidden = true; // asked of another number
    };
    into.addEventListener("input", named);
    named(); // a number kept from before the redraw
    box.append(el("div", { class: "pair" }, into, merge), confirm);
    box.append(similar(p, into));
  }
  // The priority orders the queue (Darurat first): of an open report only.
  const prio = el("select", { id: "a-priority", "aria-label": w("priority") });
  for (const k of Object.keys(PRIORITY)) prio.append(new Option(priorityName(k), k)); // low … urgent
  prio.value = p.priority;
  // Chosen with the mouse or a phone's picker it is saved at once; with the keyboard each arrow is
  // a "change" (ArrowDown from Normal saved Tinggi on the way to Darurat): saved on Enter or on leaving.
  let byKey = false;
  const save = () => {
    byKey = false;
    const chosen = prio.value;
    if (chosen !== p.priority) {
      act(() => api(`/api/v1/reports/${p.id}`, { method: "PATCH", json: { priority: chosen } }),
          () => fillIn(w("donePriority"), { priority: priorityName(chosen) }));
    }
  };
  prio.addEventListener("keydown", (e) => { if (e.key === "Enter") save(); else if (e.key !== "Tab") byKey = true; });
  prio.addEventListener("change", () => { if (!byKey) save(); });
  prio.addEventListener("blur", () => { if (byKey) save(); });
  if (open) box.append(el("label", {}, `${w("priority")} `, prio), ...categoryChange(p, act, kept.category, me.agency));
  const responders = el("ol", { id: "responders" });
  if (open && p.agency_responders !== 0) box.append(el("button", { type: "button", id: "a-find", onclick: () => showResponders(p.id, responders) }, w("assign")));
  // last, under the officers found: seldom needed (the daily actions stay above a laptop's fold);
  // a confidential report's words and photos are never public
  return [box, responders, p.confidential ? null : el("div", { class: "actions" }, ...withholdToggle(p, act))];
}

