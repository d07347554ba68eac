// "Lalu lintas": which roads are jammed before a resident sets off (Jakarta used Qlue's CCTV this
// way). A layer of camera dots coloured by congestion level and a sheet listing each camera with
// its level and vehicles per frame over 5/15/60 minutes, refreshed every minute while open.
// Only counts of vehicles come from the server (/api/v1/traffic): no people, no images.
import { el, tileUrl } from "/static/common.js";
import { noSignal, tr } from "/static/text.js";

export const LEVEL_COLOR = { lancar: "#1a9850", padat: "#f59e0b", macet: "#c0392b" };
const GREY = "#8a94a6";

export function trafficLayers() {
  return {
    source: { type: "vector", tiles: [tileUrl("traffic")], minzoom: 10, maxzoom: 16 },
    layers: [{ id: "traffic-dot", type: "circle", source: "traffic", "source-layer": "traffic",
               layout: { visibility: "none" },
               paint: { "circle-radius": 11, "circle-stroke-color": "#fff", "circle-stroke-width": 3,
                        "circle-color": ["match", ["get", "level"], "lancar", LEVEL_COLOR.lancar,
                                         "padat", LEVEL_COLOR.padat, "macet", LEVEL_COLOR.macet, GREY] } }],
  };
}

export function setupTraffic(map, { sheets }) {
  const panel = document.getElementById("traffic");
  const button = document.getElementById("traffic-open");
  let timer = null;
  let data = null;
  let offline = false; // the last load found no signal

  function levelText(cam) {
    if (cam.status === "offline") return tr("camera_offline");
    return cam.level ? tr(cam.level) : tr("level_unknown");
  }

  function render() {
    panel.textContent = "";
    const head = el("div", { class: "sheet-head" }, el("h2", { id: "traffic-title" }, tr("traffic")),
                    el("button", { type: "button", class: "close", "data-close": "traffic", "aria-label": tr("close") }, "✕"));
    const list = el("ul", { class: "traffic-list" });
    for (const cam of data?.cameras || []) {
      const w = (m) => cam.windows[m].vehicles_mean ?? "–";
      list.append(el("li", { "data-camera": String(cam.id), "data-level": cam.level || "" },
        el("span", { class: "dot", style: `background:${cam.status === "offline" ? GREY : LEVEL_COLOR[cam.level] || GREY}` }),
        el("button", { type: "button", class: "linkish", onclick: () => map.flyTo({ center: [cam.lng, cam.lat], zoom: 16 }) },
           cam.name),
        el("strong", {}, levelText(cam)),
        el("small", {}, `${w("5")} · ${w("15")} · ${w("60")} ${tr("vehicles")}`)));
    }
    if (data && !data.cameras.length) list.append(el("li", { class: "none" }, tr("no_cameras")));
    panel.append(head, el("p", { class: "hint" }, tr("traffic_hint")), offline ? noSignal() : "", list);
  }

  async function load() {
    try {
      const resp = await fetch("/api/v1/traffic");
      if (resp.ok) data = await resp.json();
      offline = false;
    } catch { offline = true; } // keep what we have, and say why it is not fresh
    if (!panel.hidden) render();
  }

  function show(on) {
    map.setLayoutProperty("traffic-dot", "visibility", on ? "visible" : "none");
    button.setAttribute("aria-pressed", String(on));
    clearInterval(timer);
    if (!on && !panel.hidden) sheets.close("traffic"); // the button again: layer and sheet go together
    if (on) {
      sheets.open("traffic");
      render();
      load();
      timer = setInterval(load, 60000);
    }
  }

  button.addEventListener("click", () => show(panel.hidden));
  document.addEventListener("sheetclose", (e) => { if (e.detail === "traffic") show(false); });
  return { relabel: () => { if (!panel.hidden) render(); } };
}
