// The report form's "near the pin": open reports of the same category that the resident can
// support instead of sending a duplicate, and their own open ones (sending again adds the photo
// to those, and the form says so before it is sent).
import { distance, el, fillIn, localTime, statusName } from "/static/common.js";
import { backReport } from "/static/reportactions.js";
import { tr } from "/static/text.js";

const token = () => localStorage.getItem("sigap.token");

// Draws them into `box`; `say(text, kind)` is the form's message line (a refusal), `supported(id,
// added)` what the form does once one is supported instead (it is put away: its send button
// stayed on, and a walk sent the duplicate all the same).
export async function showSimilar(box, { lng, lat }, category, say, supported) {
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
  // Each with what tells one pile from another: its photo, when it was filed, how far, its backing
  // (the buttons said "Dukung #1254 (0 m)" and nothing else).
  for (const r of others) {
    const about = `#${r.id} · ${statusName(r.status)} · ${localTime(r.created_at)} · ${distance(r.distance_m)}`
      + (r.support_count ? ` · ${r.support_count === 1 ? tr("backer") : fillIn(tr("backers"), { n: r.support_count })}` : "");
    box.append(el("div", { class: "similar-card" },
      r.thumb_url ? el("img", { src: r.thumb_url, alt: fillIn(tr("photo_of"), { id: r.id }), loading: "lazy" }) : null,
      el("span", {}, about),
      el("button", { type: "button", "data-support": r.id, onclick: async () => {
        let answer;
        try {
          answer = await backReport(r.id, r.city);
        } catch { return say(() => tr("offline"), "error"); }
        if (answer.refused) return say(answer.refused, "error");
        supported(r.id, answer.added);
      } }, `${tr("support")} #${r.id}`)));
  }
}
