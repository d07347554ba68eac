// The Kamera tab of /ops: the city's CCTV cameras and their health (menyala, mati and why,
// when it is tried again), whether each is calibrated, and for operators and admins a switch to
// take a dismantled or broken camera out of the sweep and off the public traffic panel. Before,
// no page showed camera health at all, and only SQL could switch one off (a CCTV walk).
import { api, decimal, el, fillIn, lang, localTime, shortTime } from "/static/common.js";

const T = {
  title: ["Kamera CCTV", "CCTV cameras"],
  summary: ["{n} kamera: {online} menyala, {offline} mati, {inactive} dinonaktifkan, {unknown} belum dicoba.",
            "{n} cameras: {online} on, {offline} down, {inactive} switched off, {unknown} not tried yet."],
  none: ["Belum ada kamera. Tambahkan dengan `sigap camera-add` atau POST /api/v1/cameras (docs/cctv.md).",
         "No cameras yet. Add one with `sigap camera-add` or POST /api/v1/cameras (docs/cctv.md)."],
  status: [{ online: "Menyala", offline: "Mati", inactive: "Dinonaktifkan", unknown: "Belum dicoba" },
           { online: "On", offline: "Down", inactive: "Switched off", unknown: "Not tried yet" }],
  seen: ["Gambar terakhir {time}", "Last frame {time}"], never: ["Belum pernah ada gambar", "No frame yet"],
  failed: ["Gagal {n}× berturut-turut: {error}. Coba lagi berikutnya {time}.", "Failed {n}× in a row: {error}. Next try {time}."],
  calibrated: ["Terkalibrasi (galat {error} m): deteksi di tempatnya di peta", "Calibrated ({error} m error): detections placed on the map"],
  uncalibrated: ["Belum terkalibrasi: deteksi di titik kamera", "Not calibrated: detections at the camera's point"],
  switchOff: ["Nonaktifkan", "Switch off"], switchOn: ["Aktifkan lagi", "Switch on again"],
  sure: ["Nonaktifkan {name}? Ketuk lagi", "Switch off {name}? Tap again"],
  off: ["{name} dinonaktifkan: tidak dianalisis lagi dan tidak tampil di panel Lalu lintas.",
        "{name} is switched off: no longer analysed, and off the public traffic panel."],
  on: ["{name} aktif lagi: dicoba pada putaran berikutnya.", "{name} is on again: tried at the next round."],
};
const t = (key, values = {}) => fillIn(lang.pick(T[key]), values);

// `me`: the signed-in staff member (operators and admins may switch a camera off).
export function setupCameras(me) {
  const view = document.getElementById("cameras-view");
  const may = ["operator", "admin"].includes(me.role);
  // said: () => [text, kind], kept across a language switch; saidOf: the camera it is about (shown
  // on its line: at the top of the tab it was 7,000 px out of sight at 360x640, a walk)
  let cams = null, confirming = null, said = null, saidOf = null;
  // the broken first, the switched-off last (they sorted above working ones: a walk)
  const ORDER = { offline: 0, online: 1, unknown: 2, inactive: 3 };

  function row(c) {
    const off = c.status === "inactive";
    const health = c.status === "offline" && c.last_error
      ? t("failed", { n: c.failures, error: c.last_error, time: c.next_try_at ? shortTime(c.next_try_at) : "–" })
      : c.last_seen_at ? t("seen", { time: shortTime(c.last_seen_at) }) : t("never");
    const button = may ? el("button", {
      type: "button", "data-camera": c.id, class: off ? "" : "danger",
      onclick: async () => {
        if (!off && confirming !== c.id) { confirming = c.id; render(); view.querySelector(`[data-camera='${c.id}']`)?.focus(); return; }
        confirming = null;
        try {
          await api(`/api/v1/cameras/${c.id}`, { method: "PATCH", json: { active: off } });
          said = () => [t(off ? "on" : "off", { name: c.name }), "ok"]; saidOf = c.id;
          await load(true);
          view.querySelector(`[data-camera='${c.id}']`)?.focus(); // drawn again: stay on that line
        } catch (err) { said = () => [err.said ? err.said() : err.message, "error"]; saidOf = c.id; render(); }
      } }, off ? t("switchOn") : confirming === c.id ? t("sure", { name: c.name }) : t("switchOff")) : null;
    return el("li", { class: off ? "off" : null, "data-camera-row": c.id },
      el("div", {},
        el("strong", {}, c.name), " ", el("span", { class: `chip cam-${c.status}` }, lang.pick(T.status)[c.status] || c.status),
        el("small", { class: "sub" }, [c.kelurahan && `Kel. ${c.kelurahan}`, c.heading_deg != null ? `${Math.round(c.heading_deg)}°` : ""]
          .filter(Boolean).join(" · ")),
        el("small", { class: "sub", title: c.last_seen_at ? localTime(c.last_seen_at) : "" }, health),
        el("small", { class: "sub" }, c.calibrated ? t("calibrated", { error: decimal(c.reprojection_error_m) }) : t("uncalibrated"))),
      button ? el("div", { class: "actions" }, button) : null,
      said && saidOf === c.id ? el("p", { class: `msg ${said()[1]}`, role: "status", id: "cam-msg" }, said()[0]) : null);
  }

  function render() {
    const count = (s) => cams.filter((c) => c.status === s).length;
    const [text, kind] = said && saidOf == null ? said() : ["", ""];
    view.replaceChildren(el("h2", {}, t("title")),
      saidOf == null ? el("p", { id: "cam-msg", class: `msg ${kind}`, role: "status" }, text) : null,
      cams.length ? el("p", { id: "cam-summary" }, t("summary", { n: cams.length, online: count("online"), offline: count("offline"),
                                                                  inactive: count("inactive"), unknown: count("unknown") }))
        : el("p", {}, t("none")),
      // the broken ones first: they are what this tab is for
      el("ul", { class: "people", id: "cam-list" }, ...[...cams].sort((a, b) => (ORDER[a.status] ?? 2) - (ORDER[b.status] ?? 2)).map(row)));
  }

  // `keep`: the message just said stays (after a switch); opening the tab starts afresh
  async function load(keep = false) {
    confirming = null; // a half-made "switch off?" does not wait for the next visit
    if (!keep) { said = null; saidOf = null; }
    try {
      cams = (await api("/api/v1/cameras")).cameras;
    } catch (err) { // said, not a blank tab (a review)
      said = () => [err.said ? err.said() : err.message, "error"]; saidOf = null;
      cams = cams || [];
    }
    render();
  }

  return { load, relabel: () => { if (cams) render(); } };
}
