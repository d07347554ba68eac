// A report someone else filed, opened on the public map: what a neighbour does with it. "Dukung"
// backs it (a phone walk found no way to, outside the form's own suggestions) and its link can
// be passed on (the address bar stayed at "/", and nothing in the app gave the link).
import { OPEN_STATUSES, el, fillIn, refusal, reportUrl } from "/static/common.js";
import { tr } from "/static/text.js";

const token = () => localStorage.getItem("sigap.token");

// The buttons under a report's detail; `reopen()` fetches and draws it again (its count and
// history gain the support). Not offered to its reporter (refused), nor again to a backer.
// Signed out, "Dukung" asks to sign in first (`signIn(then)`, the form's sign-in card) and backs
// the report after it: the hint sent her to "Laporkan", whose form then hid the report.
export function neighbourActions(f, { toast, reopen, signIn }) {
  const p = f.properties;
  const out = [];
  if (OPEN_STATUSES.includes(p.status) && !p.mine) {
    if (!token()) {
      out.push(el("button", { type: "button", id: "support-sign-in", onclick: () => signIn(p, () => supportAfterSignIn(p, toast, reopen)) },
                  tr("support_sign_in")));
    }
    else if (p.supported) out.push(el("p", { class: "msg ok", id: "support-done", role: "status" }, tr(["assigned", "in_progress"].includes(p.status) ? "support_done_working" : "support_done")));
    else out.push(el("button", { type: "button", id: "support-this", onclick: (e) => support(f, e.target, toast, reopen) },
                     tr("support_this")));
  }
  out.push(el("button", { type: "button", id: "share-this", onclick: () => share(p, toast) }, tr("share_link")));
  return out;
}

// The signed-in resident backs report `id` of `city` (its own city: a pin may be in another
// city than the page's): `{ added }` (false when they already had), or `{ refused }`, the
// refusal's words. Throws when offline.
export async function backReport(id, city) {
  const resp = await fetch(reportUrl(id, city, "/support"), { method: "POST", headers: { Authorization: `Bearer ${token()}` } });
  if (!resp.ok) return { refused: await refusal(resp) };
  const { added } = await resp.json();
  return { added: added !== false };
}

async function support(f, button, toast, reopen) {
  const p = f.properties;
  button.disabled = true;
  let answer;
  try {
    answer = await backReport(p.id, p.city);
  } catch { button.disabled = false; return toast(tr("offline")); }
  if (answer.refused) { button.disabled = false; return toast(answer.refused(), 6000); }
  reopen();
}

// Signed in for it: backed at once, then shown again with its count (her own report, as she may
// find she signed in as its reporter, is refused with the server's words).
async function supportAfterSignIn(p, toast, reopen) {
  let answer;
  try {
    answer = await backReport(p.id, p.city);
  } catch { toast(tr("offline")); return reopen(); }
  if (answer.refused) toast(answer.refused(), 6000);
  reopen();
}

async function share(p, toast) {
  const url = `${location.origin}/${p.city}/?report=${p.id}`;
  const title = `SIGAP #${p.id}`;
  if (navigator.share) {
    try { await navigator.share({ title, url }); } catch { /* put away by the person */ }
    return;
  }
  try {
    await navigator.clipboard.writeText(url);
    toast(fillIn(tr("link_copied"), { url }), 6000);
  } catch { toast(fillIn(tr("link_to_copy"), { url }), 12000); } // no clipboard (plain http): to copy by hand
}
