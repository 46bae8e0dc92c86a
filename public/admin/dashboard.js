// The dashboard: phones of phones.yml with what they last told us, drift, config problems, discovery mode.
"use strict";
const { el, api, formatMac, when, table, run } = window.admin;

run(async () => {
  const d = await api("/api/admin/dashboard");
  const banners = document.getElementById("banners");
  if (d.discovery.enabled) {
    banners.append(el("p", { class: "banner", id: "discovery-banner" }, "Discovery mode is on: phones get no configuration, so they report their factory defaults.",
      d.discovery.exclude_macs.length ? ` Still configured: ${d.discovery.exclude_macs.map(formatMac).join(", ")}.` : ""));
  }
  for (const e of d.config.errors) {
    banners.append(el("p", { class: "banner error" }, `${e.file}${e.line ? `:${e.line}` : ""}: ${e.message} — the last good version is still served.`));
  }
  const g = d.gauges;
  document.getElementById("gauges").append(
    el("p", { class: "muted" }, `${d.phones.length} phones configured · ${g.phone_activity_recent} active recently · ${g.reports_recent} recent reports · ${g.phone_config_differences} with differences`));

  const rows = d.phones.map((p) => {
    const drift = p.differences === null ? el("span", { class: "muted" }, "no report")
      : el("a", { href: `/compare/${p.mac}`, class: p.differences ? "drift bad" : "drift good" },
        p.differences ? `${p.differences} difference${p.differences === 1 ? "" : "s"}` : "in sync", p.unexpected ? ` · ${p.unexpected} unexpected` : "");
    return {
      attrs: { "data-mac": p.mac || "" },
      cells: [
        el("span", {}, p.id, p.label ? el("span", { class: "muted" }, ` ${p.label}`) : null),
        el("span", { class: "mono mac" }, formatMac(p.mac)),
        p.model || "—",
        p.firmware || "—",
        p.last_seen_ip || p.ip_address || "—",
        when(p.last_config_at),
        p.report_id ? el("a", { href: `/reports?mac=${p.mac}` }, when(p.last_report_at)) : when(p.last_report_at),
        drift,
      ],
    };
  });
  const container = document.getElementById("phones-container");
  container.replaceChildren(rows.length ? table("phones", ["Phone", "MAC", "Model", "Firmware", "IP", "Last config", "Last report", "Drift"], rows)
    : el("p", { class: "muted" }, "No phones in phones.yml yet."));

  if (d.config.warnings.length) {
    document.getElementById("problems").append(el("h2", {}, `Warnings (${d.config.warnings.length})`),
      el("ul", { id: "warnings" }, d.config.warnings.map((w) => el("li", {}, w))));
  }
});
