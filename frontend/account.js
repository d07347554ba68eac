// "Akun saya": a new password (every other sign-in of the account ends: the usual reason is a
// lost phone or a password somebody else knows) and, for a resident, the e-mail a forgotten
// password is recovered by (forgot.js), her data, and deleting the account (her
// reports stay as the city's records, without her name). Used by the citizen app's "Laporan saya"
// and by the staff pages (/ops, /petugas), whose accounts an admin switches off instead.
import { el, lang } from "/static/common.js";

const T = {
  account: ["Akun saya", "My account"], logout: ["Keluar dari akun ini", "Log out of this account"],
  change: ["Ganti kata sandi", "Change password"],
  current: ["Kata sandi sekarang", "Current password"], fresh: ["Kata sandi baru (min. 8 karakter)", "New password (8+ characters)"],
  save: ["Simpan kata sandi", "Save password"],
  changed: ["Kata sandi diganti. Sesi lain yang diakhiri: {n}.", "Password changed. Other sessions ended: {n}."],
  name: ["Nama Anda", "Your name"], name_label: ["Nama yang dilihat petugas kota pada laporan Anda (boleh kosong)",
                                                  "The name city staff see on your reports (may be empty)"],
  name_save: ["Simpan nama", "Save name"], name_done: ["Nama tersimpan: {name}.", "Name saved: {name}."],
  name_none: ["Nama dihapus: laporan Anda tanpa nama.", "Name removed: your reports carry no name."],
  email: ["E-mail untuk memulihkan akun", "E-mail to recover the account"],
  email_hint: ["Bila kata sandi terlupa, tautan untuk membuat yang baru dikirim ke e-mail ini (tidak ada SMS). Akun yang dibuat dengan nomor HP perlu menambahkannya di sini.",
               "If the password is forgotten, a link to choose a new one goes to this e-mail (there is no SMS). An account made with a phone number needs to add one here."],
  email_new: ["E-mail", "E-mail"], email_pw: ["Kata sandi sekarang", "Current password"], email_save: ["Simpan e-mail", "Save e-mail"],
  email_done: ["E-mail tersimpan: {email}.", "E-mail saved: {email}."],
  data: ["Data saya", "My data"],
  data_hint: ["Semua yang disimpan SIGAP tentang akun Anda (laporan, riwayat, notifikasi), sebagai berkas JSON.",
              "Everything SIGAP keeps about your account (reports, timelines, notifications), as a JSON file."],
  data_get: ["Unduh data saya", "Download my data"], data_done: ["Data Anda telah diunduh.", "Your data has been downloaded."],
  delete: ["Hapus akun", "Delete account"],
  delete_hint: ["Nama, e-mail, nomor HP dan kata sandi Anda dihapus, dan Anda keluar di semua perangkat. Laporan Anda tetap ada "
                + "sebagai data kota, tanpa nama Anda, dan tidak dapat Anda ikuti lagi.",
                "Your name, e-mail, phone number and password are deleted and you are logged out everywhere. Your reports stay "
                + "as the city's records, without your name, and you can no longer follow them."],
  delete_pw: ["Kata sandi untuk konfirmasi", "Password to confirm"],
  delete_ask: ["Hapus akun saya", "Delete my account"], delete_sure: ["Ya, hapus permanen", "Yes, delete for good"],
  waiting: ["Masih ada laporan yang menunggu sinyal. Tunggu sampai terkirim, atau hapus dari daftar tunggu.",
            "Reports are still waiting for signal. Wait until they are sent, or discard them."],
  offline: ["Tidak ada sinyal. Coba lagi saat tersambung.", "No signal. Try again when connected."],
  first: ["Buat kata sandi Anda sendiri", "Choose your own password"],
  first_hint: ["Kata sandi yang Anda pakai untuk masuk dipilih oleh admin. Ganti dengan kata sandi yang hanya Anda ketahui sebelum mulai bekerja.",
               "The password you logged in with was chosen by your admin. Replace it with one only you know before you start."],
  first_current: ["Kata sandi dari admin", "Password from your admin"],
  first_save: ["Simpan dan mulai", "Save and start"],
};
const t = (key) => lang.pick(T[key]);

/** A JSON request to the API with `headers()` (the signed-in person's): `{ ok, answer, message }`,
 * the refusal's words in the chosen language, or "no signal". */
export async function call(path, method, body, headers) {
  let resp;
  try {
    resp = await fetch(path, { method, headers: { ...headers(), "Content-Type": "application/json" }, body: JSON.stringify(body) });
  } catch { return { ok: false, message: t("offline") }; }
  let answer = {};
  try { answer = await resp.json(); } catch { /* not JSON */ }
  return { ok: resp.ok, answer, message: resp.ok ? "" : messageOf(resp, answer) };
}
const messageOf = (resp, answer) => lang.pick([answer.message, answer.message_en]) || `HTTP ${resp.status}`;

const field = (id, words, autocomplete) => {
  const input = el("input", { id, type: "password", autocomplete, required: true, minlength: id === "acc-new" ? 8 : null });
  return [el("label", { for: id }, words), input];
};

// The section, built in the page's language (build it again after a language switch).
// `resident`: the delete part too; `waiting()`: how many reports still wait to go out in this
// account's name (deleting is refused meanwhile); `onDeleted()`: sign this phone out.
export function accountSection({ authHeaders, resident = false, waiting = async () => 0, onDeleted = () => {},
                                signOut = null }) {
  const said = el("p", { class: "msg", id: "acc-msg", role: "status" });
  // said under the form whose button was tapped, in sight: "Kata sandi salah." came a thousand
  // pixels further down, under "Hapus akun saya", as if about deleting the account (a phone walk)
  const sayAt = (box) => (text, kind = "") => {
    box.append(said);
    said.textContent = text; said.className = `msg ${kind}`.trim();
    said.scrollIntoView({ block: "nearest" });
  };
  const [currentLabel, current] = field("acc-current", t("current"), "current-password");
  const [freshLabel, fresh] = field("acc-new", t("fresh"), "new-password");
  const save = el("button", { type: "submit", id: "acc-save" }, t("save"));
  const change = el("form", { id: "acc-password", class: "stack" }, el("h3", {}, t("change")),
    currentLabel, current, freshLabel, fresh, save);
  change.addEventListener("submit", async (e) => {
    e.preventDefault();
    const say = sayAt(change);
    save.disabled = true;
    const r = await call("/api/v1/me/password", "POST", { current_password: current.value, new_password: fresh.value }, authHeaders);
    save.disabled = false;
    if (r.ok) { current.value = fresh.value = ""; say(t("changed").replace("{n}", r.answer.sessions_ended), "ok"); }
    else say(r.message, "error");
  });
  // Leaving, where a resident looks for it (it was only at the foot of the report form)
  const parts = signOut ? [el("button", { type: "button", id: "acc-logout", onclick: signOut }, t("logout")), change] : [change];
  if (resident) {
    // Her name, as operators see it on her reports: empty at sign-up, or mistyped, it could not be changed.
    const who = el("input", { id: "acc-name", autocomplete: "name", maxlength: 200 });
    const keepName = el("button", { type: "submit", id: "acc-name-save" }, t("name_save"));
    const naming = el("form", { id: "acc-naming", class: "stack" }, el("h3", {}, t("name")),
      el("label", { for: who.id }, t("name_label")), who, keepName);
    fetch("/api/v1/me", { headers: authHeaders() }).then((r) => (r.ok ? r.json() : null))
      .then((me) => { if (me && !who.value) who.value = me.full_name || ""; }).catch(() => { /* no signal: typed anew */ });
    naming.addEventListener("submit", async (e) => {
      e.preventDefault();
      const say = sayAt(naming);
      keepName.disabled = true;
      const r = await call("/api/v1/me", "PATCH", { full_name: who.value }, authHeaders);
      keepName.disabled = false;
      if (!r.ok) return say(r.message, "error");
      who.value = r.answer.full_name;
      say(who.value ? t("name_done").replace("{name}", who.value) : t("name_none"), "ok");
    });
    parts.push(naming);
    const address = el("input", { id: "acc-email", type: "email", autocomplete: "email", required: true });
    const [emailPwLabel, emailPw] = field("acc-email-password", t("email_pw"), "current-password");
    const keep = el("button", { type: "submit", id: "acc-email-save" }, t("email_save"));
    const mail = el("form", { id: "acc-mail", class: "stack" }, el("h3", {}, t("email")), el("p", { class: "hint" }, t("email_hint")),
      el("label", { for: address.id }, t("email_new")), address, emailPwLabel, emailPw, keep);
    mail.addEventListener("submit", async (e) => {
      e.preventDefault();
      const say = sayAt(mail);
      keep.disabled = true;
      const r = await call("/api/v1/me/email", "POST", { email: address.value, password: emailPw.value }, authHeaders);
      keep.disabled = false;
      if (r.ok) { emailPw.value = ""; say(t("email_done").replace("{email}", r.answer.email), "ok"); } else say(r.message, "error");
    });
    parts.push(mail);
    const get = el("button", { type: "button", id: "acc-data" }, t("data_get"));
    const mine = el("div", { class: "stack", id: "acc-mydata" }, el("h3", {}, t("data")), el("p", { class: "hint" }, t("data_hint")), get);
    get.addEventListener("click", async () => {
      const say = sayAt(mine);
      let resp;
      try { resp = await fetch("/api/v1/me/data", { headers: authHeaders() }); } catch { return say(t("offline"), "error"); }
      if (!resp.ok) return say(messageOf(resp, await resp.json().catch(() => ({}))), "error");
      const name = /filename="([^"]+)"/.exec(resp.headers.get("Content-Disposition") || "")?.[1] || "sigap-data-saya.json";
      const link = el("a", { href: URL.createObjectURL(await resp.blob()), download: name, hidden: true });
      document.body.append(link); link.click(); link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      say(t("data_done"), "ok");
    });
    parts.push(mine);
    const [pwLabel, pw] = field("acc-delete-password", t("delete_pw"), "current-password");
    const go = el("button", { type: "submit", id: "acc-delete", class: "danger" }, t("delete_ask"));
    const remove = el("form", { id: "acc-remove", class: "stack" }, el("h3", {}, t("delete")),
      el("p", { class: "hint" }, t("delete_hint")), pwLabel, pw, go);
    let sure = false; // two taps: the first asks, the second deletes
    remove.addEventListener("submit", async (e) => {
      e.preventDefault();
      const say = sayAt(remove);
      if (await waiting()) return say(t("waiting"), "warn");
      if (!sure) { sure = true; go.textContent = t("delete_sure"); return; }
      go.disabled = true;
      const r = await call("/api/v1/me", "DELETE", { password: pw.value }, authHeaders);
      go.disabled = false;
      if (r.ok) { pw.value = ""; await onDeleted(); return; }
      sure = false; go.textContent = t("delete_ask");
      say(r.message, "error");
    });
    pw.addEventListener("input", () => { if (sure) { sure = false; go.textContent = t("delete_ask"); } });
    parts.push(remove);
  }
  return el("details", { id: "account", class: "account" }, el("summary", {}, t("account")), ...parts, said);
}

export const accountWords = t;

// Signed in with a password an admin chose (a new officer, or one who forgot theirs): the page
// waits here until its owner has chosen their own; the server refuses everything else meanwhile.
export function firstPassword(container, authHeaders) {
  return new Promise((resolve) => {
    const title = el("h2", {}), hint = el("p", { class: "hint" });
    const [currentLabel, current] = field("acc-current", "", "current-password");
    const [freshLabel, fresh] = field("acc-new", "", "new-password");
    const save = el("button", { type: "submit", id: "acc-save" });
    const said = el("p", { class: "msg", id: "acc-msg", role: "status" });
    const label = () => {
      title.textContent = t("first"); hint.textContent = t("first_hint"); save.textContent = t("first_save");
      currentLabel.textContent = t("first_current"); freshLabel.textContent = t("fresh");
    };
    label();
    document.getElementById("lang")?.addEventListener("click", label);
    const form = el("form", { id: "first-password", class: "card stack" }, title, hint, currentLabel, current,
                    freshLabel, fresh, save, said);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      save.disabled = true;
      const r = await call("/api/v1/me/password", "POST", { current_password: current.value, new_password: fresh.value }, authHeaders);
      save.disabled = false;
      if (!r.ok) { said.textContent = r.message; said.className = "msg error"; return; }
      document.getElementById("lang")?.removeEventListener("click", label);
      container.textContent = "";
      resolve();
    });
    container.textContent = "";
    container.append(form);
    current.focus();
  });
}

// Staff pages: their name in the header opens the account (a new password; an admin switches a
// staff account off, staff do not delete their own) in a dialog.
export function staffAccount(button, authHeaders) {
  button.setAttribute("aria-haspopup", "dialog");
  // its tooltip in the language of the moment (a switch came after it was set)
  const title = () => { button.title = t("account"); };
  title();
  for (const e of ["pointerenter", "focus"]) button.addEventListener(e, title);
  button.addEventListener("click", () => {
    const close = el("button", { type: "button", class: "close", "aria-label": lang.pick(["Tutup", "Close"]) }, "✕");
    const section = accountSection({ authHeaders });
    section.open = true;
    const dialog = el("dialog", { class: "account-dialog", "aria-label": t("account") },
      el("div", { class: "dialog-head" }, el("h2", {}, t("account")), close), section);
    close.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => { dialog.remove(); button.focus(); });
    document.body.append(dialog);
    dialog.showModal();
  });
}
