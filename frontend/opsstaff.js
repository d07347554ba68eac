// The Staf tab of /ops, for a city's admin (an agency admin: their own field officers): who may
// sign in, adding a staff member or many from a spreadsheet (Kupang starts with 200 field officers:
// no command line for each), a new password for one who forgot theirs, and switching off one who
// left. Switched off, their sessions end at once and a field officer goes off shift; they are not
// deleted, so their name stays on what they did.
import { api, el, lang } from "/static/common.js";

const T = {
  tab: ["Staf", "Staff"],
  add: ["Tambah staf", "Add a staff member"],
  name: ["Nama", "Name"], login: ["E-mail atau No. HP", "E-mail or phone"],
  role: ["Peran", "Role"], agency: ["OPD", "Agency"], area: ["Wilayah (camat / lurah)", "Area (camat / lurah)"],
  wholeCity: ["Seluruh kota", "Whole city"],
  password: ["Kata sandi awal (min. 8 karakter)", "First password (8+ characters)"],
  password_hint: ["Berikan kepada yang bersangkutan; saat pertama masuk ia diminta menggantinya dengan kata sandinya sendiri.",
                  "Give it to the person; at their first sign-in they are asked to replace it with their own."],
  reset: ["Kata sandi baru", "New password"],
  resetLabel: ["Kata sandi baru untuk {name} (min. 8 karakter)", "New password for {name} (8+ characters)"],
  resetSave: ["Simpan kata sandi", "Save password"],
  resetDone: ["Kata sandi {name} diganti; sesi yang diakhiri: {n}. Saat masuk ia diminta membuat kata sandinya sendiri.",
              "{name}'s password was replaced; sessions ended: {n}. At sign-in they are asked to choose their own."],
  import: ["Tambah banyak dari spreadsheet (CSV)", "Add many from a spreadsheet (CSV)"],
  importHint: ["Satu orang per baris. Kolom: nama, email atau hp, peran (petugas, operator, admin_opd, admin), opd, "
               + "kecamatan atau kelurahan (camat/lurah), kata_sandi (kosong: dibuatkan). Simpan dari spreadsheet sebagai CSV.",
               "One person a line. Columns: name, email or phone, role (responder, operator, agency_admin, admin), agency, "
               + "kecamatan or kelurahan (camat/lurah), password (empty: one is made). Save the spreadsheet as CSV."],
  importFile: ["Berkas CSV", "CSV file"], importGo: ["Impor", "Import"],
  imported: ["{n} staf ditambahkan. Unduh kata sandi awal mereka dan bagikan; saat pertama masuk mereka menggantinya.",
             "{n} staff added. Download their first passwords and hand them over; they replace them at their first sign-in."],
  handout: ["Unduh kata sandi awal (CSV)", "Download the first passwords (CSV)"],
  lineProblem: ["Baris {line}: {message}", "Line {line}: {message}"],
  firstPending: ["belum ganti kata sandi awal", "first password not yet changed"],
  save: ["Tambahkan", "Add"], added: ["{name} ditambahkan.", "{name} added."],
  list: ["Staf kota ini", "This city's staff"], ownTeam: ["Petugas OPD Anda", "Your agency's responders"],
  active: ["Aktif", "Active"], off: ["Nonaktif", "Switched off"],
  switchOff: ["Nonaktifkan", "Switch off"], switchOn: ["Aktifkan lagi", "Switch on again"],
  sure: ["Ya, nonaktifkan {name}", "Yes, switch off {name}"],
  switchedOff: ["{name} dinonaktifkan; sesi yang diakhiri: {n}.", "{name} switched off; sessions ended: {n}."],
  requeued: [" {n} laporan yang dipegangnya kembali ke antrean dan ditawarkan ke petugas terdekat.",
             " {n} report(s) they held are back in the queue and offered to the nearest officer."],
  switchedOn: ["{name} aktif lagi.", "{name} is active again."],
  you: ["Anda", "you"], none: ["Belum ada staf.", "No staff yet."],
  roles: [{ responder: "Petugas lapangan", operator: "Operator", agency_admin: "Admin OPD", admin: "Admin" },
          { responder: "Field responder", operator: "Operator", agency_admin: "Agency admin", admin: "Admin" }],
};
// An operator with an area is its camat or lurah (the list said "Operator" where the header said "Camat").
const roleName = (u) => (u.role === "operator" && (u.kelurahan ? "Lurah" : u.kecamatan ? "Camat" : null)) || lang.pick(T.roles)[u.role] || u.role;
const t = (key, values = {}) => String(lang.pick(T[key])).replace(/\{(\w+)\}/g, (_, k) => values[k] ?? "");
const $ = (id) => document.getElementById(id);

// `me`: the signed-in admin (/api/v1/me); `agencies()` and `areas()`: the lists /ops loaded for
// its filters (agencies of the city; kecamatan id -> { name, kelurahan: [{ id, name }] }).
export function setupStaff(me, { agencies, areas }) {
  const view = $("staff-view");
  const admin = me.role === "admin";
  let users = [];
  let confirming = null; // the id whose "switch off" was tapped once: a second tap does it
  let said = [() => "", "ok"]; // the last outcome, kept across the list's redraw; said in the language of the moment
  let adding = false; // the add form is open (it stays open to add the next one)
  let resetFor = null; // the id whose "new password" form is open (someone forgot theirs)
  let handout = null; // the first passwords of the last import: a file to download, kept until the page is left
  let problems = []; // the last import's bad lines

  // `words`: a function, read again at a language switch (an import's outcome stayed Indonesian)
  function say(words, kind = "ok") {
    said = [words, kind];
    const msg = $("sf-msg");
    if (msg) { msg.textContent = words(); msg.className = `msg ${kind}`; }
  }
  const sayError = (err) => say(err.said || (() => err.message), "error");

  function form() {
    const roles = admin ? ["responder", "operator", "agency_admin", "admin"] : ["responder"];
    const role = el("select", { id: "sf-role" }, ...roles.map((r) => new Option(lang.pick(T.roles)[r], r)));
    const agency = el("select", { id: "sf-agency", disabled: !admin },
      ...(agencies() || []).map((a) => new Option(`${a.code} — ${lang.pick([a.name_id, a.name_en])}`, a.code)));
    if (!admin) agency.value = me.agency;
    const area = el("select", { id: "sf-area" }, new Option(t("wholeCity"), ""),
      ...[...(areas() || new Map()).values()].sort((a, b) => a.name.localeCompare(b.name, "id")).map((kc) =>
        el("optgroup", { label: `Kec. ${kc.name}` }, new Option(`Kec. ${kc.name}`, `kecamatan:${kc.name}`),
           ...[...kc.kelurahan].sort((a, b) => a.name.localeCompare(b.name, "id"))
             .map((k) => new Option(`Kel. ${k.name}`, `kelurahan:${k.name}`)))));
    const labelled = (id, words, input) => [el("label", { for: id }, words), input];
    const agencyRow = el("div", { class: "stack" }, ...labelled("sf-agency", t("agency"), agency));
    const areaRow = el("div", { class: "stack", hidden: true }, ...labelled("sf-area", t("area"), area));
    const shown = () => {
      agencyRow.hidden = !["responder", "agency_admin"].includes(role.value);
      areaRow.hidden = role.value !== "operator";
    };
    role.addEventListener("change", shown);
    const name = el("input", { id: "sf-name", required: true, autocomplete: "off" });
    const login = el("input", { id: "sf-login", required: true, autocomplete: "off" });
    const password = el("input", { id: "sf-password", type: "password", required: true, minlength: 8, autocomplete: "new-password" });
    const f = el("form", { id: "sf-add", class: "stack" },
      ...labelled("sf-name", t("name"), name), ...labelled("sf-login", t("login"), login),
      ...labelled("sf-role", t("role"), role), agencyRow, areaRow,
      ...labelled("sf-password", t("password"), password), el("p", { class: "hint" }, t("password_hint")),
      el("button", { type: "submit", id: "sf-save", class: "primary" }, t("save")));
    f.addEventListener("submit", async (e) => {
      e.preventDefault();
      const who = login.value.trim();
      const body = { full_name: name.value.trim(), role: role.value, password: password.value,
                     ...(who.includes("@") ? { email: who } : { phone: who }) };
      if (!agencyRow.hidden) body.agency = agency.value;
      if (!areaRow.hidden && area.value) { const [kind, place] = area.value.split(/:(.*)/); body[kind] = place; }
      try {
        await api("/api/v1/users", { method: "POST", json: body });
        f.reset(); if (!admin) agency.value = me.agency; shown();
        await load(); // the list first: the message says they are in it
        say(() => t("added", { name: body.full_name || who }));
      } catch (err) { sayError(err); }
    });
    shown();
    // Folded above the list: who is on the team is what the tab opens to.
    const box = el("details", { id: "sf-add-box", class: "card", open: adding }, el("summary", {}, t("add")), f);
    box.addEventListener("toggle", () => { adding = box.open; });
    return box;
  }

  function row(u) {
    const where = [u.agency, u.kecamatan && `Kec. ${u.kecamatan}`, u.kelurahan && `Kel. ${u.kelurahan}`].filter(Boolean).join(" · ");
    const self = u.id === me.id;
    const button = self ? el("span", { class: "chip" }, t("you")) : el("button", {
      type: "button", "data-user": u.id, class: u.disabled ? "" : "danger",
      onclick: async () => {
        if (!u.disabled && confirming !== u.id) { confirming = u.id; button.textContent = t("sure", { name: u.full_name || u.email || u.phone }); return; }
        confirming = null;
        try {
          const r = await api(`/api/v1/users/${u.id}`, { method: "PATCH", json: { disabled: !u.disabled } });
          const who = u.full_name || u.email || u.phone;
          const handed = r.requeued?.length || 0;
          await load(); // the list first, as after adding: the message describes it
          say(() => (r.disabled ? t("switchedOff", { name: who, n: r.sessions_ended }) + (handed ? t("requeued", { n: handed }) : "")
            : t("switchedOn", { name: who })), "ok");
          view.querySelector(`[data-user='${u.id}']`)?.focus(); // the list was drawn again: stay on that line
        } catch (err) { sayError(err); }
      } }, u.disabled ? t("switchOn") : t("switchOff"));
    const name = u.full_name || u.email || u.phone;
    const resetting = resetFor === u.id;
    const reset = self || u.disabled ? null : el("button", {
      type: "button", "data-reset": u.id, "aria-expanded": String(resetting),
      onclick: () => { resetFor = resetting ? null : u.id; render(); $(`sf-reset-${u.id}`)?.focus(); } }, t("reset"));
    return el("li", { class: u.disabled ? "off" : null, "data-user-row": u.id },
      el("div", {}, el("strong", {}, u.full_name || "–"), " ", el("span", { class: "chip" }, u.disabled ? t("off") : t("active")),
         el("small", { class: "sub" }, [roleName(u), where, u.email || u.phone,
                                        u.must_change_password && !u.disabled ? t("firstPending") : ""].filter(Boolean).join(" · "))),
      el("div", { class: "actions" }, reset, button),
      resetting ? resetForm(u, name) : null);
  }

  // Someone forgot their password: their admin sets one to hand over (type="text": it is read out
  // or written down for them); every session of the account ends and they choose their own next.
  function resetForm(u, name) {
    const input = el("input", { id: `sf-reset-${u.id}`, type: "text", required: true, minlength: 8, autocomplete: "off", spellcheck: "false" });
    const f = el("form", { class: "reset stack", "data-reset-form": u.id },
      el("label", { for: input.id }, t("resetLabel", { name })), input,
      el("button", { type: "submit", class: "primary" }, t("resetSave")));
    f.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        const r = await api(`/api/v1/users/${u.id}`, { method: "PATCH", json: { password: input.value } });
        resetFor = null;
        await load(); // the list first, as after adding: the message describes it
        say(() => t("resetDone", { name, n: r.sessions_ended }));
        view.querySelector(`[data-reset='${u.id}']`)?.focus();
      } catch (err) { sayError(err); }
    });
    return f;
  }

  // Many at once: the city's list of field officers is a spreadsheet. All or none: the server
  // names every bad line, and nothing is added until the file is right.
  function importBox() {
    const file = el("input", { id: "sf-csv", type: "file", accept: ".csv,text/csv", required: true });
    const f = el("form", { id: "sf-import", class: "stack" }, el("p", { class: "hint" }, t("importHint")),
      el("label", { for: "sf-csv" }, t("importFile")), file,
      el("button", { type: "submit", id: "sf-import-go", class: "primary" }, t("importGo")));
    f.addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = new FormData();
      body.append("file", file.files[0]);
      problems = [];
      try {
        const r = await api("/api/v1/users/import", { method: "POST", form: body });
        if (handout) URL.revokeObjectURL(handout);
        handout = URL.createObjectURL(new Blob([r.handout], { type: "text/csv" })); // the server's, as the CLI writes it
        await load(); // the list first: the message says they are in it
        say(() => t("imported", { n: r.count }));
      } catch (err) {
        problems = err.details?.lines || [];
        sayError(err);
        render();
      }
    });
    return el("details", { id: "sf-import-box", class: "card", open: Boolean(handout || problems.length) },
      el("summary", {}, t("import")), f,
      problems.length ? el("ul", { id: "sf-import-problems", class: "msg error" },
        ...problems.map((p) => el("li", {}, t("lineProblem", { line: p.line, message: lang.pick([p.message, p.message_en]) })))) : null,
      handout ? el("a", { id: "sf-handout", href: handout, download: "sigap-kata-sandi-awal.csv", class: "button" }, t("handout")) : null);
  }

  function render() {
    confirming = null; // a redrawn button says "Nonaktifkan" again: it needs its two taps again
    view.replaceChildren(form(), importBox(), el("p", { id: "sf-msg", class: `msg ${said[1]}`, role: "status" }, said[0]()),
      el("h2", {}, admin ? t("list") : t("ownTeam")),
      users.length ? el("ul", { id: "sf-list", class: "people" }, ...users.map(row)) : el("p", {}, t("none")));
  }

  async function load() {
    users = (await api("/api/v1/users")).users;
    render();
  }

  // In the other language, with what was typed and which boxes were open put back (a switch
  // erased a half-filled form: a staff walk).
  function relabel() {
    if (view.hidden) return;
    const typed = [...view.querySelectorAll("input[id], select[id], textarea[id]")].filter((f) => f.type !== "file").map((f) => [f.id, f.value]);
    const open = [...view.querySelectorAll("details[id]")].map((d) => [d.id, d.open]);
    render();
    for (const [id, value] of typed) {
      const f = document.getElementById(id);
      if (f) { f.value = value; if (f.tagName === "SELECT") f.dispatchEvent(new Event("change")); }
    }
    for (const [id, wasOpen] of open) { const d = document.getElementById(id); if (d) d.open = wasOpen; }
  }

  return { load, relabel, word: () => t("tab") };
}
