// The offers of the responder view (nearest-officer dispatch): each with its place, words, photo
// and the time left of its two minutes, to accept or decline. Drawn anew by every refresh (20 s
// and each GPS fix), which keeps the keyboard's place on the same offer's button (it fell to
// <body>, and a keyboard or screen reader user lost it while the offer ran out), and a new offer
// is said aloud (`announce`), not only drawn.
import { categoryName, distance, el, fillIn, priorityName } from "/static/common.js";
import { folded } from "/static/fold.js";
import { putAway } from "/static/pushsub.js";

/** Draws the pending `offers` into `list`; `accept(o)` and `decline(o)` act on one. */
export function drawOffers(list, offers, { w, shot, navigateLink, foldWords, announce, accept, decline, askedAt, jump }) {
  const had = list.contains(document.activeElement) ? document.activeElement.dataset : null;
  const keep = had && ["accept", "decline", "offer"].filter((k) => had[k]).map((k) => `[data-${k}="${had[k]}"]`)[0];
  const before = new Set([...list.querySelectorAll("[data-offer]")].map((li) => li.dataset.offer));
  list.textContent = "";
  const pending = offers.filter((o) => o.status === "offered");
  const added = pending.filter((o) => !before.has(String(o.assignment_id)));
  if (added.length) announce(`${w("offers")}: ${added.map((o) => `#${o.report_id} ${categoryName(o)}`).join(", ")}`);
  if (!pending.length) list.append(el("li", { class: "hint" }, w("noOffers")));
  for (const o of pending) {
    // the end by the server's count of seconds left (the phone's clock may be minutes off)
    const left = o.expires_in_s == null ? null : o.expires_in_s * 1000 - (Date.now() - askedAt);
    const up = left != null && left <= 0;
    list.append(el("li", { class: "task", "data-offer": o.assignment_id, "data-report": o.report_id, tabindex: "-1" },
      el("strong", {}, `#${o.report_id} ${categoryName(o)}`), ` · ${priorityName(o.priority)} · ${distance(o.distance_m)} · `,
      // An offer passes to the next responder when it expires (2 minutes): say how long is left,
      // and that it is up (it said "1 minute left" past its end, and "Terima" was refused: a walk).
      left != null ? el("small", { class: "expires" }, up ? w("timeUp")
        : fillIn(w("expiresIn"), { n: Math.max(1, Math.ceil(left / 60000)) })) : null,
      el("small", { class: "place" }, `${o.street ? `${o.street}, ` : ""}Kel. ${o.kelurahan}`),
      o.description ? folded(o.description, `o${o.assignment_id}`, foldWords) : null,
      // each named with its report: two offers gave a screen reader "Terima, Terima" (a keyboard walk);
      // before the photo, which pushed them below a 360x640 screen's fold (a staff walk)
      up ? null : el("div", { class: "actions" },
        el("button", { type: "button", "data-accept": o.assignment_id, "aria-label": `${w("accept")} #${o.report_id}`,
                       onclick: () => accept(o) }, w("accept")),
        el("button", { type: "button", "data-decline": o.assignment_id, "aria-label": `${w("decline")} #${o.report_id}`,
                       onclick: () => decline(o) }, w("decline"))),
      shot(o), navigateLink(o.lng, o.lat, `#${o.report_id}`)));
  }
  if (keep) (list.querySelector(keep) || list.querySelector("li"))?.focus({ preventScroll: true });
  if (jump) pointAt(jump, list, w);
  putAwayClosed(new Set(pending.map((o) => o.report_id)), askedAt).catch(() => {});
}

// An offer's system notification (Web Push) goes once the offer is no longer open: taken,
// declined, expired or handed on, it kept asking for an answer that could no longer be given.
// Not one newer than the list's request (an offer made since is not on it yet).
const putAwayClosed = (open, askedAt = 0) => putAway((data) => data.kind === "task_offered" && !open.has(data.report_id), askedAt);

// An open offer out of sight (the officer down at a task, "Selesai" just tapped, and the next
// offer drawn above; or one scrolled away: it runs out in two minutes; walks) gets a button under
// the header that goes to it; gone while an offer is in sight or none is open. (Last in the
// page's order: a keyboard down at a task reaches it with a few Tabs.)
function pointAt(jump, list, w) {
  const top = () => document.querySelector("header")?.getBoundingClientRect().bottom ?? 0;
  // in sight while any of it is (its buttons, its words: the officer may be reading it)
  const where = (li) => { const r = li.getBoundingClientRect(); return r.bottom <= top() + 24 ? "above" : r.top >= innerHeight - 24 ? "below" : "seen"; };
  const update = () => {
    const open = [...list.querySelectorAll("[data-offer]")];
    if (!open.length || open.some((li) => where(li) === "seen")) { jump.hidden = true; return; }
    const li = open[0];
    jump.dataset.to = li.dataset.offer; // its words drawn anew each time: the language, the side it is on
    jump.replaceChildren(el("span", { "aria-hidden": "true" }, where(li) === "above" ? "↑ " : "↓ "),
                         fillIn(w("newOffer"), { id: li.dataset.report }));
    jump.style.top = `${Math.round(top()) + 8}px`; // under the header, clear of the messages at the foot
    jump.hidden = false;
  };
  update();
  jump.onclick = () => {
    const to = list.querySelector(`[data-offer="${jump.dataset.to}"]`);
    jump.hidden = true;
    to?.scrollIntoView({ block: "center" });
    to?.querySelector("[data-accept]")?.focus({ preventScroll: true });
  };
  if (!recheck) {
    const later = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; recheck(); }); } };
    addEventListener("scroll", later, { passive: true });
    addEventListener("resize", later); // a turned phone, a header grown to two rows
  }
  recheck = update; // the latest list's
}
let recheck = null, queued = false;
