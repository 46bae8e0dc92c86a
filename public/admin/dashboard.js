// The dashboard: phones of phones.yml with what they last told us and whether they are online, drift, the last 24
// hours' activity, config problems, discovery mode. It refreshes itself every 30 seconds (not while hidden); a
// failed refresh says so and leaves the last data in place.
"use strict";
const { el, api, formatMac, when, count, table, run, replaceLoading } = window.admin;

const REFRESH_MS = 30_000;
let loadedAt;

function renderBanners(d) {
  const banners = [];
  if (d.discovery.enabled) {
    banners.push(el("p", { class: "banner", id: "discovery-banner" }, "Discovery mode is on: phones get no configuration, so they report their factory defaults.",
      d.discovery.exclude_macs.length ? ` Still configured: ${d.discovery.exclude_macs.map(formatMac).join(", ")}.` : ""));
  }
  for (const e of d.config.errors) {
    banners.push(el("p", { class: "banner error" }, `${e.file}${e.line ? `:${e.line}` : ""}: ${e.message} — the last good version is still served.`));
  }
  document.getElementById("banners").replaceChildren(...banners);
}

function renderSummary(d) {
  const g = d.gauges;
  const states = d.phones.reduce((n, p) => ((n[p.contact_state] = (n[p.contact_state] || 0) + 1), n), {});
  const attention = (states.offline || 0) + (states.late || 0);
  document.getElementById("gauges").replaceChildren(
    el("p", { id: "summary", class: attention ? "attention" : "" },
      `${count(d.phones.length, "phone")} configured: ${states.online || 0} online`,
      attention ? `, ${attention} late or offline` : "",
      states.never ? `, ${states.never} never seen` : "",
      ` · ${count(g.phone_config_differences, "phone")} with differences · ${count(g.reports_recent, "recent report")}`));
}

function renderWarnings(d) {
  const section = document.getElementById("problems");
  if (!d.config.warnings.length) return section.replaceChildren();
  section.replaceChildren(el("h2", {}, `Warnings (${d.config.warnings.length})`),
    el("ul", { id: "warnings" }, d.config.warnings.map((w) => el("li", {}, w))));
}

async function load() {
  const d = await api("/api/admin/dashboard");
  loadedAt = new Date().toISOString();
  renderBanners(d);
  renderSummary(d);
  window.phonesTable.show(document.getElementById("phones-container"), d.phones);
  window.activityChart.show(document.getElementById("activity-chart"), d.activity);
  renderWarnings(d);
  document.getElementById("refresh-error").hidden = true;
}

/** Says what failed; what was loaded before stays on the page. */
function failed(err) {
  replaceLoading(err.message);
  const box = document.getElementById("refresh-error");
  box.textContent = loadedAt
    ? `Could not refresh: ${err.message} Showing what was loaded ${when(loadedAt)}; trying again in 30 seconds.`
    : `Could not load the dashboard: ${err.message} Trying again in 30 seconds.`;
  box.hidden = false;
}

const refresh = () => (document.hidden ? undefined : load().catch(failed));

run(async () => {
  await load().catch(failed);
  setInterval(refresh, REFRESH_MS);
  document.addEventListener("visibilitychange", () => void (document.hidden || refresh()));
});
