// A field officer's "Selesai" for a task in progress: the photo after the work (taken with the
// phone's camera, shown once taken), a note, and the button that sends them.
import { el, fillIn } from "/static/common.js";
import { preparePhoto } from "/static/photo.js";

const $ = (id) => document.getElementById(id);

/** The resolve form of task `t`; `transition(init)` posts its status change, `act` runs it and
 * says the outcome, `say` shows a message, `w` gives a word in the chosen language. */
export function resolveForm(t, { w, say, act, transition }) {
  // Kept across refreshes, so its words carry data-i18n: the language switch relabels them too.
  // A big "take the photo" button as on the citizen's form, and the photo shown once taken: the
  // browser's own file field was a small "Choose file" with the file name, hard to hit and to check.
  const photo = el("input", { type: "file", accept: "image/jpeg,image/png,image/webp", capture: "environment",
                              "data-photo": t.id });
  const preview = el("img", { class: "after-preview", "data-preview": t.id, alt: w("photo"), "data-i18n-alt": "photo", hidden: true });
  const pickWords = el("span", { "data-i18n": "takePhoto" }, w("takePhoto"));
  // As the citizen's photo: at most 1600 px, re-encoded as JPEG (a 12 MP camera photo is 5-11 MB,
  // over the server's limit and slow on a field link); made once, when the photo is chosen.
  let ready = null;
  photo.addEventListener("change", async () => {
    ready = null;
    preview.hidden = true;
    if (!photo.files[0]) return;
    try {
      ready = preparePhoto(photo.files[0]);
      preview.src = URL.createObjectURL((await ready).blob);
      preview.hidden = false;
      Object.assign(pickWords, { textContent: w("retakePhoto") }).dataset.i18n = "retakePhoto"; // it still said "take"
      if ($("r-msg").textContent === w("photoNeeded")) $("r-msg").textContent = ""; // answered
    } catch { unreadable(); }
  });
  // Not a photo (a PDF, a broken file): said, and the field emptied, so "Selesai" asks for a photo
  // (it kept the file, said "Mengirim…" and sent nothing, silently: a walk).
  function unreadable() {
    ready = null;
    photo.value = "";
    preview.hidden = true;
    Object.assign(pickWords, { textContent: w("takePhoto") }).dataset.i18n = "takePhoto";
    say(() => w("photoFailed"));
  }
  // two lines: one cut a note off at "…diangkut truk DLH, se" (a staff walk). Kept on the phone
  // until sent: Android reloads the page behind the camera, and the note typed was gone.
  const kept = `sigap.resolveNote.${t.id}`;
  const note = el("textarea", { rows: "2", placeholder: w("note"), "data-note": t.id, "data-i18n-placeholder": "note",
                                oninput: () => { localStorage.setItem(kept, note.value); } });
  note.value = localStorage.getItem(kept) || "";
  const done = el("button", { type: "button", "data-resolve": t.id, onclick: async () => {
    if (!photo.files[0]) return say(() => w("photoNeeded"));
    done.disabled = true;
    say(() => w("sending"), true);
    try {
      let blob;
      try { ({ blob } = await (ready || preparePhoto(photo.files[0]))); } catch { return unreadable(); }
      const form = new FormData();
      form.append("to", "resolved");
      form.append("note", note.value);
      form.append("photo", blob, "sesudah.jpg");
      await act(async () => { await transition({ method: "POST", form }); localStorage.removeItem(kept); },
                () => fillIn(w("resolved"), { id: t.id }));
    } finally { done.disabled = false; }
  }, "data-i18n": "resolve" }, w("resolve"));
  return el("div", { class: "actions" }, el("label", { class: "photo-pick" }, pickWords, photo), preview, note, done);
}

// A task just started, in sight from its name to its "Selesai": centred, its name ("#58 Sampah")
// lay under the sticky header, and with two tasks at work the officer could not tell which one
// they were closing (a walk); "Selesai" must not be under the message or below the screen either
// (a staff walk). Both where they fit, else "Selesai" (the message names the task).
export function bringIntoSight(card) {
  if (!card) return;
  const top = document.querySelector("header").getBoundingClientRect().bottom + 8;
  const msg = $("r-msg").getBoundingClientRect();
  const bottom = (msg.height ? msg.top : innerHeight) - 8;
  const last = (card.querySelector("[data-resolve]") || card).getBoundingClientRect();
  const room = card.getBoundingClientRect().top - top, needed = last.bottom - bottom;
  window.scrollBy(0, room >= needed ? room : needed);
}
