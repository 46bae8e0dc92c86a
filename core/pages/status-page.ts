// /status for people (a browser asks for text/html): the same facts as the JSON, in sentences and a table, with
// what needs attention first. It reloads itself every 30 seconds (a meta refresh: the pages run no inline script).
import { escapeHtml as e, timeHtml } from "../../lib/html.ts";
import type { Role } from "../auth/roles.ts";
import type { ServiceStatus } from "../mpp/overview.ts";
import { navigationHtml } from "./nav.ts";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function duration(seconds: number): string {
  if (seconds < 120) return plural(seconds, "second");
  if (seconds < 7200) return plural(Math.round(seconds / 60), "minute");
  if (seconds < 172_800) return plural(Math.round(seconds / 3600), "hour");
  return plural(Math.round(seconds / 86_400), "day");
}

const row = (label: string, value: string) => `<tr><th scope="row">${e(label)}</th><td>${value}</td></tr>`;

export function renderStatusPage(s: ServiceStatus, o: { name: string; role: Role }): string {
  const c = s.service_config;
  const m = s.metrics;
  const errors = s.config.errors.map((p) => `<li>${e(`${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`)}</li>`).join("");
  const warnings = s.config.warnings.map((w) => `<li>${e(w)}</li>`).join("");
  const headline = s.config.errors.length
    ? `<p class="banner error" id="headline">${e(plural(s.config.errors.length, "config error"))}: the last good configuration is still served.</p>`
    : s.status === "discovery"
      ? `<p class="banner" id="headline">Discovery mode is on: phones get no configuration, so they report their factory defaults.</p>`
      : `<p class="banner ok" id="headline">Active: phones are served their configuration.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="30">
<title>Status · ${e(o.name)}</title><link rel="icon" href="/favicon.ico"><link rel="stylesheet" href="/css/style.css">
<script src="/admin/admin.js" defer></script></head>
<body>${navigationHtml(o.name, o.role, "/status")}<main class="status-page">
<h1>Status</h1>
${headline}
${errors ? `<h2>Config errors</h2><ul id="config-errors">${errors}</ul>` : ""}
<table id="status" class="facts">
${row("Status", s.status === "discovery" ? "discovery mode" : "active")}
${row("Running for", e(duration(s.uptime_seconds)))}
${row("Phones in phones.yml", String(s.phones_configured))}
${row("common.yml", s.common_config_loaded ? "loaded" : "empty or missing")}
${row("Config loaded", `${timeHtml(s.config.loaded_at)} (generation ${s.config.generation})`)}
${row("Phones active recently", `${m.phone_activity_recent} <span class="muted">(last ${e(duration(c.phone_activity_window_seconds))})</span>`)}
${row("Reports received recently", `${m.reports_recent} <span class="muted">(last ${e(duration(c.report_activity_window_seconds))})</span>`)}
${row("Phones with differences", String(m.phone_config_differences))}
${row("Phones with unexpected parameters", String(m.phone_unexpected_params))}
${row("Metrics", c.metrics_enabled ? `<a href="/metrics">/metrics</a> (Prometheus)` : "switched off (monitoring.metrics_enabled)")}
${row("Sign-in", c.auth_enabled ? `${e(plural(c.auth_users, "user"))}${c.auth_plaintext_passwords ? `, <strong>${e(plural(c.auth_plaintext_passwords, "plaintext password"))}</strong> (store hashes: npm run cli -- auth:hash-password)` : ""}` : "off: everyone is an admin (auth.enabled: false)")}
${row("Reports kept per phone", String(c.report_retention))}
</table>
${warnings ? `<details id="config-warnings"><summary>${e(plural(s.config.warnings.length, "config warning"))}</summary><ul>${warnings}</ul></details>` : ""}
<p class="muted">Checked ${timeHtml(s.timestamp)}; this page reloads every 30 seconds. Scripts get the same as JSON: <code>curl -H 'Accept: application/json' …/status</code>.</p>
</main></body></html>`;
}
