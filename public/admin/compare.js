// A phone's drift: expected (common.yml + phones.yml) against its newest config report.
"use strict";
const { el, api, formatMac, when, count, setTitle, table, run } = window.admin;

const show = (v) => (v === null ? el("em", { class: "muted" }, "not reported") : v === "" ? el("em", { class: "muted" }, "empty") : v);

run(async () => {
  const mac = location.pathname.split("/").pop();
  const c = await api(`/api/admin/compare/${encodeURIComponent(mac)}`);
  setTitle(`Comparison ${formatMac(c.mac)}`);
  document.getElementById("title").textContent = `Comparison ${formatMac(c.mac)}${c.phone_id ? ` (${c.phone_id})` : ""}`;
  document.getElementById("summary").replaceChildren(
    `Report `, el("a", { href: `/report-detail/${c.report_id}` }, String(c.report_id)), ` received ${when(c.received_at)}: `,
    `${count(c.differences.length, "difference")}, ${c.unexpected_parameters.length} unexpected, ${count(c.expected_count, "expected parameter")}, ${c.reported_count} reported.`,
    c.phone_id ? "" : " This phone is not in phones.yml: compared with common.yml alone.");

  const diff = document.getElementById("differences-section");
  diff.append(el("h2", {}, c.differences.length ? `Differences (${c.differences.length})` : "All configured parameters match"));
  if (c.differences.length) {
    diff.append(table("differences", ["Parameter", "Expected", "Reported", "Kind"], c.differences.map((d) => ({
      attrs: { class: d.type === "missing" ? "missing" : "mismatch" },
      cells: [el("span", { class: "mono" }, d.parameter), show(d.expected), show(d.reported), d.type === "missing" ? "missing" : "value mismatch"],
    }))));
  }

  const unexpected = document.getElementById("unexpected-section");
  if (c.unexpected_parameters.length) {
    unexpected.append(el("h2", {}, `Unexpected parameters (${c.unexpected_parameters.length})`),
      el("p", {}, "Reported by the phone, set by no config file. ",
        el("a", { id: "export", href: `/export-unexpected/${c.mac}`, download: `unexpected_params_${c.mac}.yml` }, "Download as YAML for common.yml")),
      table("unexpected", ["Parameter", "Reported"], c.unexpected_parameters.map((p) => ({ cells: [el("span", { class: "mono" }, p.parameter), show(p.reported_value)] }))));
  }

  if (c.not_comparable.length) {
    document.getElementById("not-comparable-section").append(el("h2", {}, `Not comparable (${c.not_comparable.length})`),
      el("p", { class: "muted" }, "These values hold a $MACRO the phone expands itself."),
      table("not-comparable", ["Parameter", "Configured", "Reported"], c.not_comparable.map((p) => ({ cells: [el("span", { class: "mono" }, p.parameter), p.expected, show(p.reported)] }))));
  }
});
