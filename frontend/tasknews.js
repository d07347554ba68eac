// Unread notices of tasks handed to this field officer (sql/queries/notify_assignee.sql, also
// pushed): the news of a task given while /petugas was closed, which comparing the page's task
// lists cannot see. Marked read when the officer looks ("Lihat tugas") or starts the task.
import { api } from "/static/common.js";

const OFFICER_KINDS = ["task_assigned", "task_back"];
let notices = [];
const readHere = new Set(); // marked read from this page: an answer asked for before that still lists them

export async function loadNotices() {
  const { notifications } = await api("/api/v1/notifications?unread=1");
  notices = notifications.filter((n) => OFFICER_KINDS.includes(n.kind) && !readHere.has(n.id));
}

// The reports an unread notice told of.
export const toldOf = () => new Set(notices.map((n) => n.report_id));

export function readNotices(reportIds) {
  const done = notices.filter((n) => reportIds.includes(n.report_id));
  notices = notices.filter((n) => !done.includes(n));
  for (const n of done) {
    readHere.add(n.id);
    api(`/api/v1/notifications/${n.id}/read?city=${n.city}`, { method: "POST" }).catch(() => {});
  }
}
