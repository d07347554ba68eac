// The report form's photo: the camera/file picker, the preview of what will be sent, and the
// photo's own GPS offered as the place. Only a photo that could be read is shown as attached: an
// unreadable one chosen after a good one left the good one on show (a phone walk).
import { el } from "/static/common.js";
import { preparePhoto } from "/static/photo.js";
import { tr } from "/static/text.js";

// state: the form's ({ photo, photoGps }); usePlace(lngLat): put the pin there; picked(ok): after each choice.
export function photoPicker(state, { usePlace, picked }) {
  const file = el("input", { id: "f-photo", type: "file", accept: "image/*", capture: "environment" });
  const preview = el("img", { id: "f-preview", alt: tr("photo_ready"), hidden: !state.photo,
                              src: state.photo ? URL.createObjectURL(state.photo) : null });
  const photoGps = el("button", { type: "button", id: "f-photo-gps", hidden: !state.photoGps,
                                  onclick: () => usePlace(state.photoGps) }, tr("use_photo_location"));
  const words = el("span", { id: "f-photo-words" }, tr(state.photo ? "retake_photo" : "take_photo"));
  file.addEventListener("change", async () => {
    if (!file.files[0]) return;
    try {
      const ready = await preparePhoto(file.files[0]);
      Object.assign(state, { photo: ready.blob, photoGps: ready.gps });
      preview.src = URL.createObjectURL(ready.blob);
      preview.dataset.bytes = String(ready.blob.size);
    } catch {
      Object.assign(state, { photo: null, photoGps: null });
      preview.removeAttribute("src");
      delete preview.dataset.bytes;
    }
    preview.hidden = !state.photo;
    words.textContent = tr(state.photo ? "retake_photo" : "take_photo"); // it still said "Ambil" with a photo in
    photoGps.hidden = !state.photoGps;
    picked(!!state.photo);
  });
  return [el("label", { class: "photo-pick", id: "f-photo-label" }, words, file), preview, photoGps];
}
