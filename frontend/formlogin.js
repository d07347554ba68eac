// The report sheet's sign-in card: a citizen signs in, or makes an account, before a report
// (which then goes out under their name, also from the offline outbox).
import { call } from "/static/account.js";
import { el, fillIn, refusal } from "/static/common.js";
import { forgotCard, post, resetCard } from "/static/forgot.js";
import { signedInAs } from "/static/outbox.js";
import { tr } from "/static/text.js";

/** The sheet's title for the card shown: what it is for (the e-mailed link's card read "Laporkan
 * masalah" over "Buat kata sandi baru"). */
export const cardTitle = (state) => state.afterSignIn?.title()
  || tr({ forgot: "forgot_title", reset: "new_password_title" }[state.view] || "report_title");

/** The report sheet's cards while signed out, each drawn anew in the other language by `relabel()`
 * (what was typed kept): signing in, a forgotten password, and the card the e-mailed link opens
 * (`state.resetToken`). `state.view` says which is shown. */
export function signedOutCards(panel, state, { head, message, showMessage, toast, signedIn: reportNext }) {
  const shown = (view, again) => { state.view = view; if (!again) state.message = null; panel.classList.add("tall"); };
  // Signed in for something else than a report (`state.afterSignIn`: backing one): that follows.
  const signedIn = (created) => {
    const after = state.afterSignIn;
    state.afterSignIn = null;
    if (!after) return reportNext(created);
    if (created) toast(tr("account_made"), 6000);
    after.then();
  };
  const cards = {
    login(again = false) {
      shown("login", again);
      loginCard(panel, again, { head, message, showMessage, toast, signedIn, forgot: (email) => cards.forgot(email),
                                hint: state.afterSignIn?.hint || (() => tr("login_hint")) });
    },
    forgot(email = "", again = false) {
      shown("forgot", again);
      forgotCard(panel, again, { head, message, showMessage, email, back: (typed) => {
        cards.login();
        if (typed) document.getElementById("f-login").value = typed; // not typed again
      } });
    },
    reset(again = false) {
      shown("reset", again);
      resetCard(panel, again, state.resetToken, { head, message, showMessage, forgot: () => cards.forgot(),
        signedIn: (who) => { state.resetToken = null; signedIn(false); toast(fillIn(tr("password_reset_done"), { who }), 6000); } });
    },
    relabel: () => (state.view === "forgot" ? cards.forgot("", true) : state.view === "reset" ? cards.reset(true) : cards.login(true)),
  };
  return cards;
}

/** Draws the card in `panel` under `head()`. `again`: drawn anew in the other language, with
 * what was typed and the message kept. `message`/`showMessage` are the sheet's; `signedIn()`
 * follows a sign-in; `forgot(login)` opens "Lupa kata sandi" (forgot.js); `hint()` says what it is for. */
function loginCard(panel, again, { head, message, showMessage, toast, signedIn, forgot, hint: why }) {
  const before = again ? Object.fromEntries(["f-login", "f-password", "f-name", "f-password2"]
    .map((id) => [id, document.getElementById(id)?.value || ""])) : null;
  const signingUp = again && document.getElementById("f-password2")?.hidden === false;
  panel.textContent = "";
  const login = el("input", { id: "f-login", autocomplete: "username", required: true });
  const pass = el("input", { id: "f-password", type: "password", autocomplete: "current-password", required: true });
  async function loginWith(created = false) {
    const resp = await post("/api/v1/auth/login", { login: login.value, password: pass.value });
    if (!resp) return message(() => tr("offline"));
    if (!resp.ok) return message(await refusal(resp));
    await signedInAs((await resp.json()).token);
    signedIn(created);
  }
  // Signing up asks the password twice (and a name, which may stay empty): a citizen's typo
  // on a phone keyboard would otherwise make an account nobody can sign in to.
  const name = el("input", { id: "f-name", autocomplete: "name", hidden: true });
  const pass2 = el("input", { id: "f-password2", type: "password", autocomplete: "new-password", hidden: true });
  const hint = el("p", { class: "hint", id: "f-login-hint" }, why());
  // The form's submit button (what the keyboard's Enter or "Go" presses) is "Masuk", and
  // "Buat akun" once signing up: Enter after the second password made no account before.
  const loginButton = el("button", { type: "submit", id: "f-login-btn", class: "primary",
                                     onclick: () => { if (loginButton.type === "button") loginWith(); } }, tr("login"));
  const register = el("button", { type: "button", id: "f-register-btn",
                                  // the first tap opens sign-up: it must not also press the submit it turns into
                                  onclick: (e) => { if (pass2.hidden) { e.preventDefault(); showSignUp(); } } }, tr("register"));
  // Under the password, where it is sought: below the buttons a 360x640 screen had it off its foot.
  const forgotten = el("button", { type: "button", id: "f-forgot", class: "linkish", onclick: () => forgot(login.value.trim()) },
                       tr("forgot"));
  // The fields a new account needs (the first tap of "Daftar"), or back to signing in (`up` false).
  function showSignUp(up = true, focus = true) {
    name.hidden = !up; pass2.hidden = !up; forgotten.hidden = up;
    passField[0].textContent = tr(up ? "password_rule" : "password"); // the rule before a refusal, not after
    pass.autocomplete = up ? "new-password" : "current-password";
    hint.textContent = up ? tr("register_hint") : why();
    register.textContent = tr(up ? "create_account" : "register");
    [register.type, register.className, loginButton.type, loginButton.className] = up ? ["submit", "primary", "button", ""]
      : ["button", "", "submit", "primary"];
    if (!focus) return;
    message("", "");
    (pass.value ? pass2 : name).focus();
  }
  async function signUp() {
    if (pass.value !== pass2.value) { message(() => tr("password_mismatch")); return pass2.focus(); }
    const body = login.value.includes("@") ? { email: login.value } : { phone: login.value };
    const resp = await post("/api/v1/auth/register", { ...body, password: pass.value, full_name: name.value.trim() });
    if (!resp) return message(() => tr("offline"));
    if (resp.status === 409) return hadAccount();
    if (!resp.ok) return message(await refusal(resp));
    loginWith(true);
  }
  // Signing up with a login that has an account (she forgot she made one): its password signs
  // her in; another one leaves her at the sign-in with "Lupa kata sandi?" (it said "already
  // registered" under a form still asking for a new account).
  async function hadAccount() {
    const resp = await post("/api/v1/auth/login", { login: login.value, password: pass.value });
    if (resp?.ok) {
      const { token } = await resp.json(), typed = name.value.trim();
      await signedInAs(token);
      // the name she typed for the new account is her account's now (it was dropped without a word)
      const named = typed && (await call("/api/v1/me", "PATCH", { full_name: typed },
                                         () => ({ Authorization: `Bearer ${token}` }))).ok;
      signedIn(false);
      return toast(named ? fillIn(tr("account_existed_named"), { name: typed }) : tr("account_existed"), 6000);
    }
    showSignUp(false, false);
    pass.value = ""; pass2.value = "";
    message(() => tr("account_exists"));
    pass.focus();
  }
  // Each field with its name above it (a placeholder alone was gone once typing began).
  const labelled = (field, key) => {
    const label = el("label", { class: "field", for: field.id }, tr(key));
    label.hidden = field.hidden;
    new MutationObserver(() => { label.hidden = field.hidden; }).observe(field, { attributes: true, attributeFilter: ["hidden"] });
    return [label, field];
  };
  const passField = labelled(pass, "password");
  const form = el("form", { id: "login-form", onsubmit: (e) => { e.preventDefault(); pass2.hidden ? loginWith() : signUp(); } },
    hint, ...labelled(name, "your_name"), ...labelled(login, "email"), ...passField, forgotten,
    ...labelled(pass2, "password_again"), el("div", { class: "row" }, loginButton, register),
    el("div", { id: "form-msg", class: "msg", role: "alert" }));
  panel.append(head(), form);
  if (signingUp) showSignUp(true, false);
  if (before) [login.value, pass.value, name.value, pass2.value] = [before["f-login"], before["f-password"], before["f-name"], before["f-password2"]];
  if (again) showMessage();
}
