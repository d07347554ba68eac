// A resident who forgot their password: "Lupa kata sandi?" under the sign-in asks for a link by
// e-mail (api/passwordreset.py), and the link opens the app at the card that sets a new one and
// signs her in. Before, a forgotten password lost the account (and its reports' news) for good.
import { el, fillIn, lang, refusal } from "/static/common.js";
import { signedInAs } from "/static/outbox.js";
import { tr } from "/static/text.js";

/** The signed-out cards' JSON posts; null without signal, which the card then says. */
export const post = (path, body) => fetch(path, { method: "POST", headers: { "Content-Type": "application/json" },
                                                  body: JSON.stringify(body) }).catch(() => null);

/** The card that asks for the link, in `panel` under `head()`; `email`: what the sign-in's field
 * held (an address, not a phone number); `back()` returns to signing in. `message`/`showMessage`
 * are the sheet's; `again`: drawn anew in the other language. */
export function forgotCard(panel, again, { head, message, showMessage, back, email = "" }) {
  const typed = again ? document.getElementById("f-forgot-email")?.value : null;
  panel.textContent = "";
  // (type text: the browser's own "include an @" refused a phone number without saying why)
  const address = el("input", { id: "f-forgot-email", autocomplete: "email", required: true, inputmode: "email",
                                oninput: () => message("") }); // the last answer was about the address before
  address.setAttribute("autocapitalize", "off");
  address.value = typed ?? (email.includes("@") ? email : "");
  const send = el("button", { type: "submit", id: "f-forgot-send", class: "primary" }, tr("forgot_send"));
  const form = el("form", { id: "forgot-form", onsubmit: async (e) => {
    e.preventDefault();
    send.disabled = true;
    const resp = await post("/api/v1/auth/password-reset", { email: address.value.trim() });
    send.disabled = false;
    if (!resp) return message(() => tr("offline"));
    if (!resp.ok) return message(await refusal(resp));
    const said = await resp.json(); // the same words whether the address has an account or not
    message(() => lang.pick([said.message_id, said.message_en]), "ok");
  } },
  el("p", { class: "hint", id: "f-forgot-hint" }, tr("forgot_hint")),
  el("label", { class: "field", for: address.id }, tr("your_email")), address,
  el("div", { class: "row" }, send, el("button", { type: "button", id: "f-forgot-back", onclick: () => back(address.value.trim()) }, tr("back_to_login"))),
  el("div", { id: "form-msg", class: "msg", role: "alert" }));
  panel.append(head(), form);
  if (again) showMessage();
  else address.focus();
}

/** The card the e-mailed link opens: the new password twice; `signedIn(login)` once it is set (the
 * server ends every other session and starts this one). `token` is the link's. As it opens, the
 * link is checked: a used or old one was found dead only after the new password was typed twice. */
const links = new Map(); // token → its account's address, or null once refused (kept for the other language)
// What is known of the link, on the card as it is now (drawn anew in the other language meanwhile).
function showLink(token) {
  const login = links.get(token), $ = (id) => document.getElementById(id);
  if (!$("reset-form")) return;
  $("f-reset-who").textContent = login ? fillIn(tr("new_password_for"), { login }) : "";
  $("f-reset-fields").hidden = login === null; // refused: only the way to a new one
  $("f-reset-again").hidden = login !== null;
  if (login === null && $("f-reset-fields").contains(document.activeElement)) $("f-reset-again").focus(); // (its field went)
}
export function resetCard(panel, again, token, { head, message, showMessage, signedIn, forgot }) {
  const typed = again ? ["f-new-password", "f-new-password2"].map((id) => document.getElementById(id)?.value || "") : null;
  panel.textContent = "";
  const pass = el("input", { id: "f-new-password", type: "password", autocomplete: "new-password", required: true });
  const pass2 = el("input", { id: "f-new-password2", type: "password", autocomplete: "new-password", required: true });
  if (typed) [pass.value, pass2.value] = typed;
  const save = el("button", { type: "submit", id: "f-new-save", class: "primary" }, tr("new_password_save"));
  const forWhom = el("p", { class: "hint", id: "f-reset-who" });
  const fields = el("div", { id: "f-reset-fields" }, el("p", { class: "hint" }, tr("new_password_hint")),
                    el("label", { class: "field", for: pass.id }, tr("new_password")), pass,
                    el("label", { class: "field", for: pass2.id }, tr("password_again")), pass2, save);
  const askAgain = el("button", { type: "button", id: "f-reset-again", class: "primary", onclick: forgot }, tr("forgot_again"));
  const refused = async (resp) => {
    const code = (await resp.clone().json().catch(() => ({}))).code;
    message(await refusal(resp));
    if (code === "reset_link_invalid") { links.set(token, null); showLink(token); }
  };
  const form = el("form", { id: "reset-form", onsubmit: async (e) => {
    e.preventDefault();
    if (pass.value !== pass2.value) { message(() => tr("password_mismatch")); return pass2.focus(); }
    save.disabled = true;
    const resp = await post("/api/v1/auth/password-reset/confirm", { token, password: pass.value });
    save.disabled = false;
    if (!resp) return message(() => tr("offline"));
    if (!resp.ok) return refused(resp);
    const answer = await resp.json();
    await signedInAs(answer.token);
    signedIn(answer.login);
  } },
  forWhom, fields, el("div", { id: "form-msg", class: "msg", role: "alert" }), askAgain); // refused: why, then the way on
  panel.append(head(), form);
  showLink(token);
  if (again) return showMessage();
  pass.focus();
  if (links.has(token)) return;
  post("/api/v1/auth/password-reset/check", { token }).then(async (resp) => {
    if (!resp) return; // offline: saving says so
    if (resp.ok) { links.set(token, (await resp.json()).login); showLink(token); } else await refused(resp);
  });
}
