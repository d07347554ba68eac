// Shared by the public map, the operator dashboard and the responder view: language, status
// names, DOM and API helpers, staff login, and the offline base map (our own boundary tiles).

export const STATUS = {
  submitted: ["Diterima", "Submitted"], verified: ["Diverifikasi", "Verified"], assigned: ["Ditugaskan", "Assigned"],
  in_progress: ["Dikerjakan", "In progress"], resolved: ["Selesai", "Resolved"], closed: ["Ditutup", "Closed"],
  rejected: ["Ditolak", "Rejected"], duplicate: ["Duplikat", "Duplicate"],
};
export const PRIORITY = { low: ["Rendah", "Low"], normal: ["Normal", "Normal"], high: ["Tinggi", "High"],
                          urgent: ["Darurat", "Urgent"] };

export const lang = {
  get: () => localStorage.getItem("sigap.lang") || "id",
  toggle: () => localStorage.setItem("sigap.lang", lang.get() === "id" ? "en" : "id"),
  pick: (pair) => pair[lang.get() === "id" ? 0 : 1],
};
export const statusName = (s) => lang.pick(STATUS[s] || [s, s]);
export const priorityName = (p) => lang.pick(PRIORITY[p] || [p, p]);
export const categoryName = (p) => (lang.get() === "id" ? p.category_name_id : p.category_name_en) || p.category;

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== false && v != null) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c != null && c !== false) e.append(c);
  return e;
}

export class ApiError extends Error {
  constructor(status, body) {
    super((lang.get() === "id" ? body.message : body.message_en) || `HTTP ${status}`);
    this.status = status;
    this.code = body.code;
  }
}

// fetch with the staff token; JSON in and out; API errors become ApiError in the chosen language.
export async function api(path, { method = "GET", json, form, tokenKey = "sigap.staff" } = {}) {
  const headers = {};
  const token = localStorage.getItem(tokenKey);
  if (token) headers.Authorization = `Bearer ${token}`;
  let body;
  if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
  if (form) body = form;
  const resp = await fetch(path, { method, headers, body });
  if (resp.status === 204) return null;
  let data = {};
  try { data = await resp.json(); } catch { data = {}; }
  if (!resp.ok) throw new ApiError(resp.status, data);
  return data;
}

// A login form for staff; resolves with /api/v1/me once a user with one of `roles` is in.
export function staffLogin(container, roles, words) {
  return new Promise((resolve) => {
    const msg = el("div", { class: "msg", id: "login-msg" });
    const login = el("input", { id: "s-login", placeholder: words.login, autocomplete: "username", required: true });
    const pass = el("input", { id: "s-password", type: "password", placeholder: words.password,
                               autocomplete: "current-password", required: true });
    const form = el("form", { id: "staff-login", class: "card" }, el("h2", {}, words.title), login, pass,
                    el("button", { type: "submit", id: "s-submit" }, words.submit), msg);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        const { token } = await api("/api/v1/auth/login", { method: "POST", json: { login: login.value, password: pass.value } });
        localStorage.setItem("sigap.staff", token);
        const me = await api("/api/v1/me");
        if (!roles.includes(me.role)) { localStorage.removeItem("sigap.staff"); throw new Error(words.wrongRole); }
        container.textContent = "";
        resolve(me);
      } catch (err) { msg.textContent = err.message; msg.className = "msg error"; }
    });
    container.textContent = "";
    container.append(form);
  });
}

// The signed-in staff member, or a login form first.
export async function currentStaff(container, roles, words) {
  if (localStorage.getItem("sigap.staff")) {
    try {
      const me = await api("/api/v1/me");
      if (roles.includes(me.role)) return me;
    } catch { /* expired token: log in again */ }
    localStorage.removeItem("sigap.staff");
  }
  return staffLogin(container, roles, words);
}

export const tileUrl = (layer, params = {}) => {
  const q = new URLSearchParams(params).toString();
  return `${location.origin}/tiles/${layer}/{z}/{x}/{y}.mvt${q ? "?" + q : ""}`;
};

// Boundaries only: works with no internet. Pages add their own report layers on top.
export function baseStyle() {
  return {
    version: 8,
    sources: {
      kecamatan: { type: "vector", tiles: [tileUrl("kecamatan")], maxzoom: 16,
                   attribution: "Batas: BPS 2013 (dikoreksi) / SIGAP" },
      kelurahan: { type: "vector", tiles: [tileUrl("kelurahan")], maxzoom: 16 },
    },
    layers: [
      { id: "sea", type: "background", paint: { "background-color": "#cfe3f0" } },
      { id: "kelurahan-fill", type: "fill", source: "kelurahan", "source-layer": "kelurahan",
        paint: { "fill-color": "#f4f1e8" } },
      { id: "kelurahan-line", type: "line", source: "kelurahan", "source-layer": "kelurahan",
        paint: { "line-color": "#a69f8c", "line-width": 0.8 } },
      { id: "kecamatan-line", type: "line", source: "kecamatan", "source-layer": "kecamatan",
        paint: { "line-color": "#0b5d3b", "line-width": 2 } },
    ],
  };
}

export const STATUS_COLOR = ["match", ["get", "status"], "submitted", "#d62728", "verified", "#ff7f0e",
                             "assigned", "#9467bd", "in_progress", "#1f77b4", "resolved", "#2ca02c", "#7f7f7f"];

// SLA badge: overdue, due within two hours, or time left.
export function slaBadge(dueAt, now = Date.now()) {
  const left = (new Date(dueAt).getTime() - now) / 3600000;
  if (left < 0) return { cls: "sla late", text: lang.pick(["Terlambat", "Overdue"]) };
  const h = left < 1 ? `${Math.max(1, Math.round(left * 60))} ${lang.pick(["mnt", "min"])}` : `${Math.round(left)} ${lang.pick(["jam", "h"])}`;
  return { cls: left < 2 ? "sla soon" : "sla ok", text: `${lang.pick(["sisa", "left"])} ${h}` };
}

// Staff pages: put every [data-i18n] text, the language and logout buttons in the chosen language.
export function relabel(words) {
  document.documentElement.lang = lang.get();
  document.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = words(e.dataset.i18n); });
  const button = document.getElementById("lang");
  button.textContent = words("other");
  button.setAttribute("aria-label", `${words("other")} — ganti bahasa / change language`);
  document.getElementById("logout").textContent = words("logout");
}
