// Every string of the citizen app, Bahasa Indonesia first, English second. Elements carry
// data-i18n (text) or data-i18n-label (aria-label); code calls tr(key). relabelPage() runs on
// every language switch, and each open sheet re-renders itself.
import { CITY, el, lang } from "/static/common.js";

const TEXT = {
  subtitle: [`Peta Aduan Publik ${CITY.name}`.trim(), `${CITY.name} Public Complaint Map`.trim()],
  tagline: ["Peta Aduan Publik", "Public Complaint Map"],
  city: ["Kota", "City"],
  other: ["EN", "ID"], switch_lang: ["ganti bahasa ke Inggris", "switch the language to Indonesian"],
  report: ["Laporkan", "Report"], close: ["Tutup", "Close"], filters: ["Filter", "Filters"],
  category: ["Kategori", "Category"], status: ["Status", "Status"], period: ["Waktu", "Period"],
  heatmap: ["Peta panas", "Heatmap"], heat_legend: ["Laporan per km²", "Reports per km²"], performance: ["Kinerja layanan OPD", "Agency performance"], all: ["Semua kategori", "All categories"],
  kelurahan: ["Kelurahan", "Kelurahan"], kecamatan: ["Kecamatan", "District"], puskesmas: ["Puskesmas", "Health centre"],
  reports: ["laporan", "reports"], support_n: ["Dukungan warga", "Residents' support"], timeline: ["Riwayat", "Timeline"],
  rated: ["Nilai dari pelapor", "The reporter's rating"], event_photo: ["Foto di riwayat laporan", "Photo in the report's timeline"],
  coarse: ["Lokasi disamarkan demi privasi", "Location blurred for privacy"],
  see_kept: ["Lihat laporan #", "See report #"], see_on_map: ["Lihat di peta", "See it on the map of"],
  map_error: ["Gagal memuat data peta", "Could not load map data"],
  notifications: ["Notifikasi", "Notifications"], mine: ["Laporan saya", "My reports"],
  // form
  report_title: ["Laporkan masalah", "Report a problem"],
  email: ["E-mail atau No. HP", "E-mail or phone"], password: ["Kata sandi", "Password"],
  login: ["Masuk", "Log in"], register: ["Daftar", "Sign up"], logout: ["Keluar", "Log out"],
  create_account: ["Buat akun", "Create account"], your_name: ["Nama Anda (boleh kosong)", "Your name (optional)"],
  password_again: ["Ulangi kata sandi", "Password again"],
  register_hint: ["Akun baru: ketik kata sandi sekali lagi, lalu ketuk Buat akun.",
                  "New account: type the password once more, then tap Create account."],
  password_mismatch: ["Kedua kata sandi tidak sama.", "The two passwords differ."],
  login_hint: ["Masuk atau daftar untuk melapor dan mengikuti laporan Anda.",
               "Log in or sign up to report and follow your reports."],
  choose: ["Pilih kategori", "Choose a category"], description: ["Keterangan (opsional)", "Description (optional)"],
  photo: ["Foto masalah", "Photo of the problem"], take_photo: ["Ambil / pilih foto", "Take / choose a photo"],
  confidential_note: ["🔒 Laporan rahasia: publik hanya melihat perkiraan wilayahnya (sel ±1 km), tanpa foto dan keterangan. "
    + "Titik tepatnya hanya untuk petugas kota.", "🔒 A confidential report: the public sees only its approximate area "
    + "(a ~1 km cell), with no photo or description. Its exact point is for city staff only."],
  photo_ready: ["Foto siap", "Photo ready"], photo_failed: ["Foto tidak dapat dibaca.", "The photo cannot be read."],
  use_photo_location: ["Pakai lokasi dari foto", "Use the photo's location"],
  search_place: ["Cari jalan, tempat, atau kelurahan", "Search a street, place or kelurahan"],
  no_match: ["Tidak ditemukan.", "Nothing found."],
  search_failed: ["Pencarian tidak terjawab (tidak ada sinyal?). Ketuk peta untuk menaruh titik.",
                  "The search got no answer (no signal?). Tap the map to place the pin."],
  locate: ["Lokasi saya", "My location"],
  map_not_kept: ["Tidak ada sinyal: peta rinci tempat ini belum tersimpan di ponsel. Pin sudah dipasang.",
                 "No signal: the detailed map of this place is not kept on the phone. The pin is placed."],
  locating: ["Mencari lokasi…", "Finding your location…"],
  pin_hint: ["Ketuk peta di lokasi masalah, geser pin, cari alamat, atau pakai Lokasi saya.",
             "Tap the map where the problem is, drag the pin, search an address, or use My location."],
  pin_placed: ["Pin terpasang. Geser pin atau ketuk peta bila tempatnya kurang tepat.",
               "Pin placed. Drag it or tap the map if the spot is not quite right."],
  gps_denied: ["Izin lokasi ditolak. Ketuk peta untuk menandai lokasi masalah.",
               "Location permission denied. Tap the map to mark where the problem is."],
  gps_unavailable: ["Lokasi tidak tersedia (GPS mati atau sinyal lemah). Ketuk peta untuk menandai lokasi.",
                    "Location unavailable (GPS off or weak signal). Tap the map to mark the place."],
  accuracy: ["Akurasi ±", "Accuracy ±"],
  goes_to: ["Laporan akan masuk ke", "The report will go to"], outside: ["Di luar wilayah kota yang dilayani.", "Outside the cities served."],
  need_pin: ["Tandai lokasi dulu.", "Mark the location first."], need_photo: ["Tambahkan foto.", "Add a photo."],
  need_category: ["Pilih kategori.", "Choose a category."],
  send: ["Kirim laporan", "Send report"], sending: ["Mengirim…", "Sending…"], sent: ["Laporan terkirim: #", "Report sent: #"],
  merged_into: ["Anda sudah melaporkan ini: foto dan keterangan ditambahkan ke laporan Anda #",
                "You had reported this already: the photo and note were added to your report #"],
  own_near: ["Laporan Anda sendiri #{id} ({m} m) masih terbuka: mengirim lagi menambahkan foto dan keterangan ke laporan itu.",
             "Your own report #{id} ({m} m) is still open: sending again adds the photo and note to it."],
  queued: ["Tidak ada sinyal: laporan disimpan dan dikirim otomatis saat sinyal kembali.",
           "No signal: the report is saved and sent automatically when the connection returns."],
  waiting: ["menunggu sinyal", "waiting for signal"], queued_sent: ["Laporan tertunda terkirim: #", "Queued report sent: #"],
  similar: ["Laporan serupa di dekat sini — dukung saja:", "Similar reports nearby — support one instead:"],
  support: ["Dukung", "Support"], supported: ["Terima kasih atas dukungan Anda.", "Thank you for your support."],
  supported_before: ["Anda sudah mendukung laporan ini.", "You support this report already."],
  // my reports and follow-up
  mine_empty: ["Belum ada laporan.", "No reports yet."],
  dot_colours: ["Warna titik laporan (saat diperbesar):", "Report dot colours (zoomed in):"],
  dot_other: ["Ditutup, ditolak, digabung", "Closed, rejected, merged"],
  mine_waiting: ["{n} laporan belum terkirim: lihat", "{n} report(s) not sent yet: see them"],
  news: ["kabar baru", "update"], updating: ["Memperbarui…", "Updating…"],
  kept_offline: ["Tidak ada sinyal. Ini yang tersimpan di ponsel, per", "No signal. This is what the phone kept, as of"],
  open_report: ["Lihat", "View"],
  resolved_ask: ["Petugas menandai laporan ini selesai. Sudah beres?", "Staff marked this report resolved. Is it fixed?"],
  rate: ["Beri nilai lalu tutup", "Rate and close"], stars: ["bintang", "stars"], draft_restored: ["Laporan yang belum terkirim dipulihkan.", "Your unsent report was restored."], star: ["bintang", "star"],
  stars_group: ["Nilai, 1–5 bintang", "Rating, 1–5 stars"],
  not_fixed: ["Belum beres", "Not fixed yet"], not_fixed_note: ["Apa yang belum beres?", "What is not fixed?"],
  not_fixed_need: ["Tulis dulu apa yang belum beres: petugas perlu tahu.", "First say what is not fixed: the responder needs to know."],
  send_not_fixed: ["Kirim: belum beres", "Send: not fixed"], closed_thanks: ["Terima kasih, laporan ditutup.", "Thank you, the report is closed."],
  reopened: ["Laporan dibuka kembali; petugas diberi tahu.", "The report is reopened; staff are told."],
  notifs_empty: ["Belum ada notifikasi.", "No notifications yet."],
  waiting_login: ["menunggu pengirimnya masuk lagi", "waiting for its author to sign in"],
  outbox: ["Laporan tertunda", "Waiting reports"], outbox_empty: ["Tidak ada laporan yang menunggu.", "No report is waiting."],
  outbox_hint: ["Dikirim otomatis saat sinyal kembali, atas nama pengirimnya.",
                "Sent automatically when the signal returns, in their author's name."],
  uploading: ["sedang dikirim", "sending now"], other_account: ["Laporan dari akun lain", "A report of another account"],
  signed_out_account: ["Laporan dari akun yang sudah keluar", "A report of a signed-out account"],
  send_now: ["Coba kirim sekarang", "Try to send now"], discard: ["Hapus", "Discard"],
  discard_ask: ["Hapus laporan ini? Tidak akan dikirim.", "Discard this report? It will not be sent."],
  discard_yes: ["Ya, hapus", "Yes, discard"], cancel: ["Batal", "Cancel"],
  discarded: ["Laporan tertunda dihapus.", "The waiting report is discarded."],
  logout_pending: ["Laporan yang menunggu sinyal tetap dikirim atas nama Anda saat sinyal kembali.",
                   "Reports waiting for signal will still be sent in your name when the signal returns."],
  offline: ["Tidak ada sinyal. Coba lagi saat tersambung.", "No signal. Try again when connected."],
  other_city: ["Titik ini berada di {city}, bukan {page}: laporan akan masuk ke {city}. Periksa pin bila keliru.",
               "This point is in {city}, not {page}: the report goes to {city}. Check the pin if that is wrong."],
  where_offline: ["ditentukan saat laporan terkirim (tidak ada sinyal)", "decided when the report is sent (no signal)"],
  push_on: ["Aktifkan notifikasi di HP ini", "Turn on notifications on this phone"],
  push_done: ["Notifikasi aktif.", "Notifications are on."],
  push_unavailable: ["Notifikasi push tidak tersedia di browser ini.", "Push notifications are not available in this browser."],
  login_first: ["Masuk dulu.", "Log in first."],
  account_deleted: ["Akun Anda telah dihapus. Laporan Anda tetap ada tanpa nama Anda.",
                    "Your account has been deleted. Your reports stay, without your name."],
  // traffic from CCTV
  traffic: ["Lalu lintas", "Traffic"],
  traffic_hint: ["Dari kamera CCTV kota: kendaraan per gambar, rata-rata 5, 15 dan 60 menit terakhir.",
                 "From the city's CCTV cameras: vehicles per frame, mean over the last 5, 15 and 60 minutes."],
  lancar: ["Lancar", "Smooth"], padat: ["Padat", "Busy"], macet: ["Macet", "Jammed"],
  level_unknown: ["Belum diketahui", "Not known yet"], camera_offline: ["Kamera mati", "Camera offline"],
  no_cameras: ["Belum ada kamera.", "No cameras yet."], vehicles: ["kendaraan", "vehicles"],
  updated: ["Diperbarui", "Updated"],
};

export const tr = (key) => lang.pick(TEXT[key] || [key, key]);

// What a sheet that needs the server shows without a connection (instead of an empty sheet).
export const noSignal = () => el("p", { class: "msg warn" }, tr("offline"));

export function relabelPage() {
  document.documentElement.lang = lang.get();
  document.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = tr(e.dataset.i18n); });
  document.querySelectorAll("[data-i18n-label]").forEach((e) => e.setAttribute("aria-label", tr(e.dataset.i18nLabel)));
  const button = document.getElementById("lang");
  button.textContent = tr("other");
  button.setAttribute("aria-label", `${tr("other")} — ${tr("switch_lang")}`);
}
