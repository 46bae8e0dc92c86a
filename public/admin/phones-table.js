// The dashboard's phones table: a dot per phone (online, late, offline, never seen, from its last contact and its
// Resync_Periodic), relative times with the exact time on hover, sort by any column, a filter box. Sort and filter
// live in the URL (?sort=&dir=&q=), so the page's own refresh, a reload and a shared link keep them.
"use strict";

window.phonesTable = (() => {
  const { el, formatMac, time, count } = window.admin;

  // Worst first when sorted ascending: what needs the admin comes to the top.
  const STATES = {
    offline: { rank: 0, text: "offline" },
    late: { rank: 1, text: "late" },
    never: { rank: 2, text: "never seen" },
    unknown: { rank: 3, text: "no periodic resync" },
    online: { rank: 4, text: "online" },
  };

  const ip = (p) => p.last_seen_ip || p.ip_address || "";
  /** An IPv4 address sorts by its numbers (10.0.0.9 before 10.0.0.10). */
  const ipKey = (a) => (/^\d+\.\d+\.\d+\.\d+$/.test(a) ? a.split(".").map((n) => n.padStart(3, "0")).join(".") : a);

  function interval(seconds) {
    if (seconds <= 0) return "never (Resync_Periodic 0)";
    return seconds % 3600 === 0 ? count(seconds / 3600, "hour") : count(Math.round(seconds / 60), "minute");
  }

  function stateCell(p) {
    const s = STATES[p.contact_state] || STATES.unknown;
    const where = p.resync_source === "default" ? "Cisco's default" : p.resync_source;
    const title = `${p.last_contact_at ? `Last contact ${window.admin.ago(p.last_contact_at)} (${p.last_contact_at})` : "Never seen"}; resyncs every ${interval(p.resync_seconds)} (${where})`;
    return el("span", { class: `state ${p.contact_state}`, title }, el("span", { class: "dot", "aria-hidden": "true" }), s.text);
  }

  function driftCell(p) {
    // The compare page shows the configured parameters (and the layer that set each) before any report too.
    if (p.differences === null) return el("a", { href: `/compare/${p.mac}`, class: "muted" }, "no report");
    // Drift (mismatches, missing) in red; waiting for a resync, changed on the phone and unexpected are notes.
    const notes = [p.not_resynced ? `${p.not_resynced} waiting for resync` : "", p.changed_on_phone ? `${p.changed_on_phone} changed on the phone` : "",
      p.unexpected ? `${p.unexpected} unexpected` : ""].filter(Boolean).join(" · ");
    return el("span", {}, el("a", { href: `/compare/${p.mac}`, class: p.differences ? "drift bad" : "drift good" },
      p.differences ? count(p.differences, "difference") : "in sync"), notes ? el("span", { class: "muted drift-notes" }, ` · ${notes}`) : "");
  }


  // Each column: its header, what it sorts by (null sorts last either way) and its cell.
  const COLUMNS = [
    { key: "state", label: "State", sort: (p) => (STATES[p.contact_state] || STATES.unknown).rank, cell: stateCell },
    { key: "phone", label: "Phone", sort: (p) => `${p.label || ""} ${p.id}`.trim().toLowerCase(), cell: (p) => el("span", {}, p.id, p.label ? el("span", { class: "muted" }, ` ${p.label}`) : null) },
    { key: "mac", label: "MAC", sort: (p) => p.mac, cell: (p) => (p.mac ? el("a", { class: "mono mac", href: `/phone-history/${p.mac}`, title: "Profile history, pin, resync, reboot" }, formatMac(p.mac)) : "") },
    { key: "model", label: "Model", sort: (p) => p.model, cell: (p) => p.model || "—" },
    { key: "firmware", label: "Firmware", sort: (p) => p.firmware, cell: (p) => p.firmware || "—" },
    { key: "ip", label: "IP", sort: (p) => ipKey(ip(p)) || null, cell: (p) => el("span", { class: "ip" }, ip(p) || "—") },
    { key: "config", label: "Last config", sort: (p) => p.last_config_at, cell: (p) => time(p.last_config_at, true) },
    { key: "report", label: "Last report", sort: (p) => p.last_report_at,
      cell: (p) => (p.report_id ? el("a", { href: `/reports?mac=${p.mac}` }, time(p.last_report_at, true)) : time(p.last_report_at, true)) },
    { key: "drift", label: "Drift", sort: (p) => p.differences, cell: driftCell },
  ];

  const params = new URLSearchParams(location.search);
  const view = {
    sort: COLUMNS.some((c) => c.key === params.get("sort")) ? params.get("sort") : "state",
    dir: params.get("dir") === "desc" ? "desc" : "asc",
    q: params.get("q") || "",
  };
  let phones = [];
  let tableEl;

  function saveView() {
    const search = new URLSearchParams(location.search);
    for (const [k, v] of [["sort", view.sort === "state" ? "" : view.sort], ["dir", view.dir === "asc" ? "" : view.dir], ["q", view.q]]) {
      if (v) search.set(k, v);
      else search.delete(k);
    }
    const query = search.toString();
    history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
  }

  function compare(a, b) {
    const col = COLUMNS.find((c) => c.key === view.sort);
    const x = col.sort(a);
    const y = col.sort(b);
    const missing = (v) => v === null || v === undefined || v === "";
    if (missing(x) || missing(y)) return missing(x) - missing(y); // always last
    const order = x < y ? -1 : x > y ? 1 : 0;
    return view.dir === "asc" ? order : -order;
  }

  function matches(p) {
    const q = view.q.trim().toLowerCase();
    if (!q) return true;
    const state = (STATES[p.contact_state] || STATES.unknown).text;
    return [p.id, p.label, p.mac, formatMac(p.mac), p.model, p.firmware, ip(p), state].some((v) => v && v.toLowerCase().includes(q));
  }

  function header() {
    return el("thead", {}, el("tr", {}, COLUMNS.map((c) => {
      const sorted = c.key === view.sort;
      const button = el("button", { type: "button", class: "sort", dataset: { sort: c.key } }, c.label, el("span", { class: "arrow", "aria-hidden": "true" }, sorted ? (view.dir === "asc" ? " ▲" : " ▼") : ""));
      button.addEventListener("click", () => {
        view.dir = sorted && view.dir === "asc" ? "desc" : "asc";
        view.sort = c.key;
        saveView();
        draw();
        tableEl.querySelector(`button[data-sort="${c.key}"]`).focus();
      });
      return el("th", { "aria-sort": sorted ? (view.dir === "asc" ? "ascending" : "descending") : "none" }, button);
    })));
  }

  function draw() {
    const shown = phones.filter(matches).sort(compare);
    const body = el("tbody", {}, shown.map((p) => el("tr", { dataset: { mac: p.mac || "", state: p.contact_state } },
      COLUMNS.map((c) => el("td", { "data-label": c.label, class: `col-${c.key}` }, c.cell(p))))));
    tableEl.replaceChildren(header(), body);
    document.getElementById("phone-count").textContent = view.q ? `${shown.length} of ${count(phones.length, "phone")}` : count(phones.length, "phone");
  }

  /** Shows `list` (the dashboard's phones) in `container`, keeping the reader's sort and filter. */
  function show(container, list) {
    phones = list;
    if (!list.length) {
      tableEl = undefined;
      container.replaceChildren(el("p", { class: "muted" }, "No phones in phones.yml yet."));
      return;
    }
    if (!tableEl || !container.contains(tableEl)) {
      tableEl = el("table", { id: "phones", class: "responsive" });
      container.replaceChildren(tableEl);
    }
    draw();
  }

  const filter = document.getElementById("phone-filter");
  filter.value = view.q;
  filter.addEventListener("input", () => {
    view.q = filter.value;
    saveView();
    if (tableEl) draw();
  });

  return { show };
})();
