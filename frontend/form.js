// SIGAP report form: account, category, photo, location pin, duplicate suggestions ("dukung").
import * as maplibregl from "/static/node_modules/maplibre-gl/dist/maplibre-gl.mjs";

const T = {
  id: { report: "Laporkan", close: "Tutup", email: "E-mail atau No. HP", password: "Kata sandi", login: "Masuk",
        register: "Daftar", category: "Kategori", description: "Keterangan", photo: "Foto", locate: "Lokasi saya",
        pin: "Geser pin ke lokasi masalah, atau klik peta.", send: "Kirim laporan", sent: "Laporan terkirim: #",
        similar: "Laporan serupa di dekat sini — dukung saja:", support: "Dukung", supported: "Terima kasih atas dukungan Anda.",
        choose: "Pilih kategori", logout: "Keluar" },
  en: { report: "Report", close: "Close", email: "E-mail or phone", password: "Password", login: "Log in",
        register: "Sign up", category: "Category", description: "Description", photo: "Photo", locate: "My location",
        pin: "Drag the pin to the problem, or click the map.", send: "Send report", sent: "Report sent: #",
        similar: "Similar reports nearby — support one instead:", support: "Support", supported: "Thank you for your support.",
        choose: "Choose a category", logout: "Log out" },
};

export function setupReportForm(map, getLang, getCategories) {
  const t = (k) => T[getLang()][k];
  const panel = document.getElementById("report-panel");
  const button = document.getElementById("report-open");
  let marker = null;
  let key = null; // Idempotency-Key of the report being sent: retries never duplicate it
  const token = () => localStorage.getItem("sigap.token");

  const el = (tag, attrs = {}, text) => {
    const e = document.createElement(tag);
    Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
    if (text) e.textContent = text;
    return e;
  };
  const message = (box, body, ok = false) => {
    box.textContent = body;
    box.className = ok ? "msg ok" : "msg error";
  };
  const apiError = async (resp) => {
    try { const b = await resp.json(); return getLang() === "id" ? b.message : b.message_en; }
    catch { return `HTTP ${resp.status}`; }
  };

  function placePin(lngLat) {
    if (!marker) {
      marker = new maplibregl.Marker({ draggable: true, color: "#d62728" }).setLngLat(lngLat).addTo(map);
      marker.on("dragend", checkNearby);
    } else {
      marker.setLngLat(lngLat);
    }
    checkNearby();
  }

  async function checkNearby() {
    const box = document.getElementById("similar");
    const cat = document.getElementById("f-category")?.value;
    if (!box || !marker || !cat) return;
    const { lng, lat } = marker.getLngLat();
    const resp = await fetch(`/api/v1/reports/nearby?lng=${lng}&lat=${lat}&category=${cat}`);
    box.textContent = "";
    if (!resp.ok) return;
    const { reports } = await resp.json();
    if (!reports.length) return;
    box.append(el("div", {}, t("similar")));
    for (const r of reports) {
      const b = el("button", { type: "button", "data-support": r.id }, `${t("support")} #${r.id} (${Math.round(r.distance_m)} m)`);
      b.addEventListener("click", async () => {
        const resp2 = await fetch(`/api/v1/reports/${r.id}/support`, { method: "POST", headers: { Authorization: `Bearer ${token()}` } });
        message(document.getElementById("form-msg"), resp2.ok ? t("supported") : await apiError(resp2), resp2.ok);
      });
      box.append(b);
    }
  }

  function renderLogin() {
    panel.textContent = "";
    const form = el("form", { id: "login-form" });
    const login = el("input", { id: "f-login", placeholder: t("email"), autocomplete: "username", required: "" });
    const pass = el("input", { id: "f-password", type: "password", placeholder: t("password"), autocomplete: "current-password", required: "" });
    const msg = el("div", { id: "form-msg", class: "msg" });
    const doLogin = el("button", { type: "submit", id: "f-login-btn" }, t("login"));
    const doRegister = el("button", { type: "button", id: "f-register-btn" }, t("register"));
    async function loginWith() {
      const resp = await fetch("/api/v1/auth/login", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ login: login.value, password: pass.value }) });
      if (!resp.ok) return message(msg, await apiError(resp));
      localStorage.setItem("sigap.token", (await resp.json()).token);
      renderReport();
    }
    form.addEventListener("submit", (e) => { e.preventDefault(); loginWith(); });
    doRegister.addEventListener("click", async () => {
      const body = login.value.includes("@") ? { email: login.value } : { phone: login.value };
      const resp = await fetch("/api/v1/auth/register", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ...body, password: pass.value }) });
      if (!resp.ok) return message(msg, await apiError(resp));
      loginWith();
    });
    form.append(login, pass, doLogin, doRegister, msg);
    panel.append(form);
  }

  function renderReport() {
    panel.textContent = "";
    const form = el("form", { id: "report-form" });
    const cat = el("select", { id: "f-category", required: "" });
    cat.append(new Option(t("choose"), ""));
    for (const c of getCategories()) cat.append(new Option(getLang() === "id" ? c.name_id : c.name_en, c.code));
    cat.addEventListener("change", checkNearby);
    const desc = el("textarea", { id: "f-description", placeholder: t("description"), rows: "2", maxlength: "4000" });
    const photo = el("input", { id: "f-photo", type: "file", accept: "image/jpeg,image/png,image/webp", capture: "environment", required: "" });
    const preview = el("img", { id: "f-preview", alt: "" });
    preview.hidden = true;
    photo.addEventListener("change", () => {
      if (photo.files[0]) { preview.src = URL.createObjectURL(photo.files[0]); preview.hidden = false; }
    });
    const locate = el("button", { type: "button", id: "f-locate" }, t("locate"));
    locate.addEventListener("click", () => navigator.geolocation?.getCurrentPosition(
      (p) => { placePin([p.coords.longitude, p.coords.latitude]); map.flyTo({ center: [p.coords.longitude, p.coords.latitude], zoom: 16 }); },
      () => {}, { enableHighAccuracy: true, timeout: 10000 }));
    const send = el("button", { type: "submit", id: "f-send" }, t("send"));
    const logout = el("button", { type: "button", id: "f-logout" }, t("logout"));
    logout.addEventListener("click", () => { localStorage.removeItem("sigap.token"); renderLogin(); });
    const msg = el("div", { id: "form-msg", class: "msg" });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!marker) placePin(map.getCenter());
      const { lng, lat } = marker.getLngLat();
      const data = new FormData();
      data.append("category", cat.value);
      data.append("description", desc.value);
      data.append("lng", lng);
      data.append("lat", lat);
      data.append("photo", photo.files[0]);
      key = key || crypto.randomUUID();
      send.disabled = true;
      try {
        const resp = await fetch("/api/v1/reports", { method: "POST", body: data,
          headers: { Authorization: `Bearer ${token()}`, "Idempotency-Key": key } });
        if (resp.status === 401) { localStorage.removeItem("sigap.token"); return renderLogin(); }
        if (!resp.ok) return message(msg, await apiError(resp));
        const body = await resp.json();
        key = null;
        message(msg, `${t("sent")}${body.id} (${body.report.properties.kelurahan}, ${body.report.properties.agency})`, true);
        form.dataset.sent = body.id;
        map.getSource("reports").setTiles(map.getSource("reports").tiles); // fetch fresh tiles
      } finally { send.disabled = false; }
    });
    form.append(cat, desc, photo, preview, locate, el("div", { class: "hint" }, t("pin")), el("div", { id: "similar" }), send, logout, msg);
    panel.append(form);
    if (!marker) placePin(map.getCenter());
  }

  button.addEventListener("click", () => {
    if (!panel.hidden) { panel.hidden = true; button.textContent = t("report"); return; }
    panel.hidden = false;
    button.textContent = t("close");
    token() ? renderReport() : renderLogin();
  });
  map.on("click", (e) => { if (!panel.hidden && document.getElementById("report-form")) placePin(e.lngLat); });
  return { relabel: () => { button.textContent = panel.hidden ? t("report") : t("close"); },
           setPin: (lng, lat) => placePin([lng, lat]) };
}
