// A long text folded to a few lines with a button that opens it: a resident's description ran
// several screens on the officer's phone, and after "Selesai" the page landed inside it. What
// is open stays open across the list's redraws (every 20 s), kept by `key`.
import { el } from "/static/common.js";

const FOLD_FROM = 240; // characters: about four lines at 360 px
const open = new Set();

/** `words()` gives [more, less] in the chosen language. */
export function folded(text, key, words) {
  const p = el("p", { class: "desc" }, text);
  if (text.length <= FOLD_FROM) return p;
  const button = el("button", { type: "button", class: "link fold", "aria-expanded": "false" });
  const show = () => {
    const isOpen = open.has(key);
    p.classList.toggle("folded", !isOpen);
    button.setAttribute("aria-expanded", String(isOpen));
    button.textContent = words()[isOpen ? 1 : 0];
  };
  button.addEventListener("click", () => { if (!open.delete(key)) open.add(key); show(); });
  show();
  return el("div", {}, p, button);
}
