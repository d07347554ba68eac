// Phone photos are 3–6 MB at 4000x3000; a weak mobile link should carry ~200 KB. The photo is
// decoded upright (EXIF orientation applied by createImageBitmap), scaled to at most 1600 px
// on its long edge and re-encoded as JPEG (which also drops the rest of its EXIF); its GPS
// position, when the camera wrote one, is offered as the report's location.
export const MAX_EDGE = 1600;
// Small enough to upload in ~2 s at 750 kbps; the ceiling is 400 KB.
export const MAX_BYTES = 220 * 1024;

export async function preparePhoto(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  let blob = null;
  for (const quality of [0.8, 0.7, 0.6, 0.5, 0.4]) {
    blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
    if (blob.size <= MAX_BYTES) break;
  }
  let gps = null;
  try {
    // Loaded only when a photo is chosen: the first visit does not pay for it.
    const { gps: exifGps } = await import("/static/node_modules/exifr/dist/lite.esm.mjs");
    const g = await exifGps(file);
    if (g && Number.isFinite(g.longitude) && Number.isFinite(g.latitude)) gps = [g.longitude, g.latitude];
  } catch { /* no EXIF: fine */ }
  return { blob, gps, width: canvas.width, height: canvas.height };
}
