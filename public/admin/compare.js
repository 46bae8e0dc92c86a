// A phone's drift: a config report (the newest, or ?report=<id>) against common.yml + phones.yml. Drift is what
// differs or is missing; what the user changed on the phone (ua: rw), what waits for the phone's next resync and
// what no config file sets (unexpected, collapsed with a filter) are shown apart.
"use strict";
const { el, api, formatMac, when, time, count, setTitle, table, run } = window.admin;

const show = (v) => (v === null ? el("em", { class: "muted" }, "not reported") : v === "" ? el("em", { class: "muted" }, "empty") : v);
const param = (name) => el("span", { class: "mono" }, name);

/** "3 min ago" with the exact time on hover. */
const ago = (iso) => time(iso, true);

/** The heading of the parameters changed after the phone's fetch: for an older report, the phone may have resynced since. */
const notResyncedTitle = (c) => (c.resync.status === "reported_since" ? "Changed after this report" : "Waiting for the phone's resync");

function resyncBanner(c) {
  const r = c.resync;
  const waiting = c.not_resynced.length ? ` ${count(c.not_resynced.length, "changed parameter")} ${c.not_resynced.length === 1 ? "is" : "are"} listed under “${notResyncedTitle(c)}”, not as drift.` : "";
  if (r.status === "not_fetched") {
    return ["The configuration changed ", r.config_changed_at ? ago(r.config_changed_at) : "after this report", "; the phone has not fetched it since",
      r.profile_fetched_at ? [" (last fetch ", ago(r.profile_fetched_at), ")"] : "", `.${waiting}`];
  }
  if (r.status === "not_reported") {
    return ["The phone fetched the changed configuration ", ago(r.profile_fetched_at), ", after this report; its next report will show it.", waiting];
  }
  if (r.status === "reported_since") {
    return ["The configuration changed after this report; the phone has fetched it (", ago(r.profile_fetched_at), ") and reported since: the newest report shows it.", waiting];
  }
  return null;
}

function unexpectedSection(c, section) {
  const list = c.unexpected_parameters;
  if (!list.length) return;
  const exportUrl = `/export-unexpected/${c.mac}?report=${c.report_id}`;
  const filter = el("input", { type: "search", id: "unexpected-filter", placeholder: "Filter by name or value", "aria-label": "Filter unexpected parameters" });
  const shown = el("span", { id: "unexpected-count", class: "muted", "aria-live": "polite" }, `${list.length} of ${list.length} shown`);
  const rows = list.map((p) => ({ attrs: { "data-search": `${p.parameter}\n${p.reported_value}`.toLowerCase() }, cells: [param(p.parameter), show(p.reported_value)] }));
  const tbl = table("unexpected", ["Parameter", "Reported"], rows);
  filter.addEventListener("input", () => {
    const q = filter.value.trim().toLowerCase();
    let n = 0;
    for (const tr of tbl.tBodies[0].rows) {
      tr.hidden = q !== "" && !tr.dataset.search.includes(q);
      if (!tr.hidden) n++;
    }
    shown.textContent = `${n} of ${list.length} shown`;
  });
  section.append(
    el("h2", {}, `Unexpected parameters (${list.length})`),
    el("p", {}, "Reported by the phone, set by no config file: information, not drift. ",
      el("a", { id: "export", href: exportUrl, download: `unexpected_params_${c.mac}.yml` }, "Download as YAML for common.yml")),
    el("details", { id: "unexpected-details", class: "collapsible" },
      el("summary", {}, `Show the ${count(list.length, "parameter")}`),
      el("p", { class: "filter" }, filter, " ", shown),
      tbl));
}

run(async () => {
  const mac = location.pathname.split("/").pop();
  const report = new URLSearchParams(location.search).get("report");
  const c = await api(`/api/admin/compare/${encodeURIComponent(mac)}${report ? `?report=${encodeURIComponent(report)}` : ""}`);
  setTitle(`Comparison ${formatMac(c.mac)}`);
  document.getElementById("title").textContent = `Comparison ${formatMac(c.mac)}${c.phone_id ? ` (${c.phone_id})` : ""}`;
  const older = c.report_id !== c.newest_report_id;
  document.getElementById("summary").replaceChildren(...[
    "Report ", el("a", { href: `/report-detail/${c.report_id}`, id: "report-link" }, String(c.report_id)), " received ", el("span", { id: "report-time" }, when(c.received_at)),
    older ? [" (an older report; ", el("a", { href: `/compare/${c.mac}`, id: "newest-link" }, `compare the newest, ${c.newest_report_id}`), ")"] : " (the newest)",
    `: ${count(c.differences.length, "difference")}`,
    c.not_resynced.length ? `, ${c.not_resynced.length} waiting for a resync` : "",
    c.changed_on_phone.length ? `, ${c.changed_on_phone.length} changed on the phone` : "",
    `, ${c.unexpected_parameters.length} unexpected; ${c.expected_count} expected parameters, ${c.reported_count} reported.`,
    c.phone_id ? "" : " This phone is not in phones.yml: compared with common.yml alone."].flat());

  const banner = resyncBanner(c);
  if (banner) {
    const box = document.getElementById("resync");
    box.replaceChildren(...banner.flat(2));
    box.dataset.status = c.resync.status;
    box.hidden = false;
  }

  const diff = document.getElementById("differences-section");
  diff.append(el("h2", {}, c.differences.length ? `Drift: ${count(c.differences.length, "difference")}` : "No drift: every configured parameter matches"));
  if (c.differences.length) {
    diff.append(table("differences", ["Parameter", "Expected", "Reported", "Kind"], c.differences.map((d) => ({
      attrs: { class: d.type === "missing" ? "missing" : "mismatch" },
      cells: [param(d.parameter), show(d.expected), show(d.reported), d.type === "missing" ? "missing" : "value mismatch"],
    }))));
  }

  if (c.not_resynced.length) {
    document.getElementById("not-resynced-section").append(el("h2", {}, `${notResyncedTitle(c)} (${c.not_resynced.length})`),
      el("p", { class: "muted" }, "The configuration changed these after the phone fetched the profile it reported with."),
      table("not-resynced", ["Parameter", "Configured now", "Reported"], c.not_resynced.map((p) => ({ attrs: { class: "pending" }, cells: [param(p.parameter), show(p.expected), show(p.reported)] }))));
  }

  if (c.changed_on_phone.length) {
    document.getElementById("changed-on-phone-section").append(el("h2", {}, `Changed on the phone (${c.changed_on_phone.length})`),
      el("p", { class: "muted" }, "These parameters are ua: rw — the phone's user may change them."),
      table("changed-on-phone", ["Parameter", "Configured", "On the phone"], c.changed_on_phone.map((p) => ({ cells: [param(p.parameter), show(p.expected), show(p.reported)] }))));
  }

  unexpectedSection(c, document.getElementById("unexpected-section"));

  if (c.not_comparable.length) {
    document.getElementById("not-comparable-section").append(el("h2", {}, `Not comparable (${c.not_comparable.length})`),
      el("p", { class: "muted" }, "These values hold a $MACRO the phone expands itself."),
      table("not-comparable", ["Parameter", "Configured", "Reported"], c.not_comparable.map((p) => ({ cells: [param(p.parameter), p.expected, show(p.reported)] }))));
  }
});

// The phone's configured parameters and which layer set each (common, model, group, account, key, phone): shown
// whether or not the phone has reported yet.
run(async () => {
  const mac = location.pathname.split("/").pop();
  const p = await api(`/api/admin/parameters/${encodeURIComponent(mac)}`);
  const section = document.getElementById("parameters-section");
  if (p.phone_id === null) return; // not in phones.yml: the comparison says so, and common.yml is all there is
  const model = p.model_entry ? `model ${p.model_entry}` : p.model ? `model ${p.model} (not in models.yml)` : "model unknown";
  section.append(el("h2", {}, `Configured parameters (${p.parameters.length})`),
    el("p", { class: "muted", id: "parameters-layers" }, `Layers: common → ${model} → ${p.group ? `group ${p.group}` : "no group"} → lines and keys → phone.`),
    p.warnings.length ? el("ul", { id: "line-warnings", class: "banner" }, p.warnings.map((w) => el("li", {}, w))) : "",
    el("details", { id: "parameters-details", class: "collapsible", open: "" },
      el("summary", {}, `Show the ${count(p.parameters.length, "parameter")} with the layer that set each`),
      table("parameters", ["Parameter", "Value", "Set by"], p.parameters.map((x) => ({
        attrs: { "data-layer": x.layer },
        cells: [param(x.name), show(x.value), x.layer],
      })))));
});
