// Reports received, newest first, optionally of one phone (?mac=).
"use strict";
const { el, api, post, formatMac, when, table, run } = window.admin;

run(async () => {
  const mac = new URLSearchParams(location.search).get("mac") || "";
  document.getElementById("mac-filter").value = mac;
  const d = await api(`/api/admin/reports${mac ? `?mac=${encodeURIComponent(mac)}` : ""}`);
  const rows = d.reports.map((r) => ({
    cells: [
      el("a", { href: `/report-detail/${r.id}` }, when(r.received_at)),
      el("a", { href: `/reports?mac=${r.mac}`, class: "mono mac" }, formatMac(r.mac)),
      r.report_type,
      String(r.param_count),
      r.client_ip,
      // Only config reports are compared; the comparison is of this report, not the phone's newest.
      r.report_type === "config" ? el("a", { href: `/compare/${r.mac}?report=${r.id}`, class: "compare" }, "Compare") : "",
    ],
  }));
  document.getElementById("reports-container").replaceChildren(rows.length
    ? table("reports", ["Received", "MAC", "Type", "Parameters", "From", ""], rows)
    : el("p", { class: "muted" }, "No reports yet. Set Report_Rule to http://<server>/report/$MA on the phones."));

  document.getElementById("prune").addEventListener("click", async () => {
    const out = document.getElementById("prune-result");
    try {
      const r = await post("/api/admin/reports/prune");
      out.textContent = `${r.deleted} old reports deleted (keeping ${r.kept_per_phone} per phone).`;
    } catch (err) {
      out.textContent = err.message;
    }
  });
});
