// The audit log: admin actions, newest first, 100 to a page (?page=N).
"use strict";
const { el, api, run, table, time } = window.admin;

run(async () => {
  const page = Number(new URLSearchParams(location.search).get("page")) || 1;
  const d = await api(`/api/admin/audit-log?page=${page}`);
  const box = document.getElementById("audit");
  if (!d.entries.length) box.replaceChildren(el("p", { class: "muted" }, "No admin action yet."));
  else box.replaceChildren(table("audit-table", ["When", "Who", "Action", "Target", "Detail"], d.entries.map((e) => ({ cells: [time(e.at), e.username, e.action, e.target, e.detail] }))));
  const pages = Math.max(1, Math.ceil(d.total / d.page_size));
  document.getElementById("audit-pages").replaceChildren(
    page > 1 ? el("a", { href: `?page=${page - 1}` }, "Newer") : "", pages > 1 ? ` Page ${page} of ${pages} ` : "",
    page < pages ? el("a", { href: `?page=${page + 1}` }, "Older") : "");
});
