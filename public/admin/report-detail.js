// One report: who sent it when, its parameters (secrets blanked by the server) and the raw XML.
"use strict";
const { el, api, formatMac, when, setTitle, table, run } = window.admin;

run(async () => {
  const id = location.pathname.split("/").pop();
  const r = await api(`/api/admin/reports/${encodeURIComponent(id)}`);
  setTitle(`Report ${r.id}`);
  document.getElementById("title").textContent = `Report ${r.id} from ${formatMac(r.mac)}`;
  const meta = document.getElementById("meta");
  for (const [k, v] of [["Received", when(r.received_at)], ["Type", r.report_type], ["From", r.client_ip], ["User-Agent", r.user_agent], ["Parameters", r.param_count]]) {
    meta.append(el("dt", {}, k), el("dd", {}, String(v)));
  }
  if (r.report_type === "config") {
    meta.append(el("dt", {}, "Drift"), el("dd", {}, el("a", { href: `/compare/${r.mac}?report=${r.id}`, id: "compare-link" }, "Compare this report with the configuration")));
  }
  const rows = Object.entries(r.params).map(([name, value]) => ({ cells: [el("span", { class: "mono" }, name), value] }));
  document.getElementById("params-container").replaceChildren(table("params", ["Parameter", "Value"], rows));
  document.getElementById("raw-xml").textContent = r.raw_xml;
});
