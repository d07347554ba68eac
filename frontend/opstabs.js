// The dashboard's tabs, each a step in the browser's history: Back returns to the tab one came
// from (it left /ops altogether, the day's work with it), and a reload or a shared address opens
// the same tab. The queue's own address is "#report=N" (the report open in it) or none.
const $ = (id) => document.getElementById(id);
export const TABS = ["queue", "stats", "analytics", "staff", "team", "cameras"];
const HASH = { stats: "#statistik", analytics: "#analitik", staff: "#staf", team: "#petugas", cameras: "#kamera" };

/** The tab an address names, among those this user has (the Staf tab is admins' only). */
export function tabOf(hash) {
  const name = Object.keys(HASH).find((t) => hash === HASH[t] || hash.startsWith(`${HASH[t]}?`));
  return name && !$(`tab-${name}`).hidden ? name : "queue";
}

export const shownTab = () => TABS.find((t) => !$(`${t}-view`).hidden) || "queue";

/** Shows a tab's view. `step`: a tap on a tab makes a new history entry; Back, Forward and an
 * address already name the tab, and make none. */
export function showTabView(name, { step, queueHash }) {
  if (step && tabOf(location.hash) !== name) {
    history.pushState(null, "", location.pathname + location.search + (name === "queue" ? queueHash : HASH[name]));
  }
  for (const tab of TABS) {
    $(`tab-${tab}`).classList.toggle("active", name === tab);
    // said, not only drawn (a keyboard walk: the tab shown was a class alone)
    if (name === tab) $(`tab-${tab}`).setAttribute("aria-current", "page"); else $(`tab-${tab}`).removeAttribute("aria-current");
    $(`${tab}-view`).hidden = name !== tab;
  }
}

/** The queue's address names the report open in it. One opened over the list is a step of its
 * own, so Back closes it (on a phone Back went from a report straight out of /ops); another
 * opened over it takes its place, so Back does not walk through every report looked at. */
export function reportStep(id) {
  const here = `#report=${id}`, url = location.pathname + location.search + here;
  if (location.hash === here) return;
  if (location.hash.startsWith("#report=")) history.replaceState(history.state, "", url);
  else history.pushState({ overQueue: true }, "", url);
}

/** Escape in a report's detail takes the keyboard back to its entry in the queue, the report
 * still open (eight Shift+Tabs through the map's buttons before: a keyboard walk). Not from a
 * field holding text (Escape clears a search box) nor a list of choices (it closes it). */
export function escapeToQueue() {
  // and from the top of the page, its first Tab: to the queue's entry in hand (the report open, else the first)
  $("skip-to-queue").hidden = false;
  $("skip-to-queue").addEventListener("click", () => {
    if (shownTab() !== "queue") $("tab-queue").click();
    const entry = document.querySelector("#queue li[data-id][tabindex='0']") || document.querySelector("#queue li[data-id]");
    (entry || $("queue"))?.focus();
  });
  $("detail").addEventListener("keydown", (e) => {
    const typed = e.target.matches?.("input, textarea") && e.target.value;
    if (e.key !== "Escape" || e.defaultPrevented || e.target.tagName === "SELECT" || typed) return;
    const entry = document.querySelector(`#queue li[data-id="${$("detail").dataset.id}"]`);
    if (!entry) return;
    entry.scrollIntoView({ block: "nearest" });
    entry.focus({ preventScroll: true });
  });
}
