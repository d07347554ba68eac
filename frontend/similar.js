// The report form's "near the pin": open reports of the same category that the resident can
// support instead of sending a duplicate, and their own open ones (sending again adds the photo
// to those, and the form says so before it is sent).
import { el, fillIn, refusal, reportUrl } from "/static/common.js";
import { tr } from "/static/text.js";

const token = () => localStorage.getItem("sigap.token");

// Draws them into `box`; `say(text, kind)` is the form's message line (a support's answer).
export async function showSimilar(box, { lng, lat }, category, say) {
  let reports = [];
  try {
    // signed in: the answer marks the reporter's own reports
    const resp = await fetch(`/api/v1/reports/nearby?lng=${lng}&lat=${lat}&category=${category}`,
                             { headers: token() ? { Authorization: `Bearer ${token()}` } : {} });
    if (resp.ok) ({ reports } = await resp.json());
  } catch { /* offline */ }
  box.textContent = "";
  if (!reports.length) return;
  for (const r of reports.filter((x) => x.own)) {
    box.append(el("p", { class: "hint", "data-own": r.id }, fillIn(tr("own_near"), { id: r.id, m: Math.round(r.distance_m) })));
  }
  const others = reports.filter((x) => !x.own);
  if (others.length) box.append(el("div", {}, tr("similar")));
  for (const r of others) {
    box.append(el("button", { type: "button", "data-support": r.id, onclick: async () => {
      // In the report's own city: the pin may be in another city than this page's.
      const resp = await fetch(reportUrl(r.id, r.city, "/support"), { method: "POST", headers: { Authorization: `Bearer ${token()}` } });
      if (!resp.ok) return say(await refusal(resp), "error");
      const { added } = await resp.json();
      say(() => tr(added === false ? "supported_before" : "supported"), "ok");
    } }, `${tr("support")} #${r.id} (${Math.round(r.distance_m)} m)`));
  }
}
