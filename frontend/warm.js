// First visit over a weak link: MapLibre asks for its worker only once its own 1 MB module has
// been evaluated (~0.7 s on a slow phone), and for the label glyphs only once the first tiles
// are laid out, so the line sits idle and then queues behind the tiles. Fetch both into the
// HTTP cache as soon as MapLibre's module has arrived: the worker is then revalidated (304),
// the glyphs are fresh for a day. Not earlier: sharing the line would delay MapLibre itself,
// which must run first. Later visits have them from the service worker. app.js sets the
// worker's URL to this one.
export const WORKER_URL = "/static/node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs";
export const GLYPHS = "/fonts/DejaVu%20Sans/0-255.pbf"; // digits of the hexagon counts, street names

if (!navigator.serviceWorker?.controller && "PerformanceObserver" in window) {
  const arrived = () => performance.getEntriesByType("resource").some((e) => e.name.endsWith("/maplibre-gl.mjs"));
  const warm = () => { for (const url of [WORKER_URL, GLYPHS]) fetch(url).catch(() => {}); };
  if (arrived()) warm();
  else {
    const watch = new PerformanceObserver(() => { if (arrived()) { watch.disconnect(); warm(); } });
    watch.observe({ type: "resource" });
  }
}
