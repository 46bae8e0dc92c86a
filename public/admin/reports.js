// The reports page: one row per phone (its newest report, "show all" when it sent more), filtered by part of a
// phone's name or MAC, 50 to a page; ?mac= lists every report of that phone. Filter and page live in the URL.
"use strict";
const { el, api, post, formatMac, time, count, table, run } = window.admin;

/** This page's URL with `changes` applied (null removes a parameter). */
function pageUrl(changes) {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === "" || v === 1) params.delete(k);
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return `/reports${qs ? `?${qs}` : ""}`;
}

// Only config reports are compared; the comparison is of this report, not the phone's newest.
const compareLink = (r) => (r.report_type === "config" ? el("a", { href: `/compare/${r.mac}?report=${r.id}`, class: "compare" }, "Compare") : "");

const phoneCell = (r) => el("span", {}, r.phone ? el("span", { class: "phone-name" }, r.phone, " ") : null, el("span", { class: "mono mac" }, formatMac(r.mac)));

function phoneRows(reports) {
  return reports.map((r) => ({
    attrs: { dataset: { mac: r.mac } },
    cells: [
      phoneCell(r),
      el("a", { href: `/report-detail/${r.id}` }, time(r.received_at)),
      r.report_type,
      String(r.param_count),
      el("span", { class: "ip" }, r.client_ip),
      r.report_count > 1 ? el("a", { class: "show-all", href: pageUrl({ mac: r.mac, q: null, page: null }) }, `Show all ${r.report_count}`) : "1",
      compareLink(r),
    ],
  }));
}

function reportRows(reports) {
  return reports.map((r) => ({
    cells: [
      el("a", { href: `/report-detail/${r.id}` }, time(r.received_at)),
      r.report_type,
      String(r.param_count),
      el("span", { class: "ip" }, r.client_ip),
      compareLink(r),
    ],
  }));
}

function pager(d) {
  const nav = document.getElementById("reports-pages");
  nav.hidden = d.pages < 2;
  nav.replaceChildren(...[
    d.page > 1 ? el("a", { href: pageUrl({ page: d.page - 1 }), rel: "prev" }, "Newer") : null,
    el("span", {}, ` Page ${d.page} of ${d.pages} `),
    d.page < d.pages ? el("a", { href: pageUrl({ page: d.page + 1 }), rel: "next" }, "Older") : null,
  ].filter(Boolean));
}

run(async () => {
  const params = new URLSearchParams(location.search);
  const mac = params.get("mac") || "";
  const q = params.get("q") || "";
  document.getElementById("report-filter").value = q;
  const query = new URLSearchParams({ ...(mac ? { mac } : { q }), page: params.get("page") || "1" });
  const d = await api(`/api/admin/reports?${query}`);
  const container = document.getElementById("reports-container");
  const summary = document.getElementById("reports-summary");
  if (mac) {
    const name = d.reports[0]?.phone;
    summary.replaceChildren(`${count(d.total, "report")} of ${name ? `${name} (${formatMac(d.mac)})` : formatMac(d.mac)}. `, el("a", { href: "/reports" }, "All phones"));
    container.replaceChildren(d.reports.length ? table("reports", ["Received", "Type", "Parameters", "From", ""], reportRows(d.reports)) : el("p", { class: "muted" }, "No reports from this phone."));
  } else {
    summary.textContent = q ? `${count(d.total, "phone")} matching “${q}”.` : `${count(d.total, "phone")} reported.`;
    container.replaceChildren(d.reports.length
      ? table("reports", ["Phone", "Newest report", "Type", "Parameters", "From", "Reports", ""], phoneRows(d.reports))
      : el("p", { class: "muted" }, q ? "No phone matches." : "No reports yet. Set Report_Rule to http://<server>/report/$MA on the phones."));
  }
  pager(d);

  document.getElementById("filter").addEventListener("submit", (e) => {
    e.preventDefault();
    location.assign(pageUrl({ q: document.getElementById("report-filter").value.trim(), mac: null, page: null }));
  });
  document.getElementById("prune").addEventListener("click", async () => {
    const out = document.getElementById("prune-result");
    try {
      const r = await post("/api/admin/reports/prune");
      out.textContent = `${count(r.deleted, "old report")} deleted (keeping ${r.kept_per_phone} per phone).`;
    } catch (err) {
      out.textContent = err.message;
    }
  });
});
