// The dashboard's chart of the last 24 hours: config requests, reports and firmware upgrades per hour, one row of
// bars per series (each on its own scale: requests outnumber upgrades a thousandfold), plain SVG built here.
"use strict";

window.activityChart = (() => {
  const { el, count } = window.admin;
  const NS = "http://www.w3.org/2000/svg";
  const SERIES = [
    { key: "config_requests", label: "Config requests", one: "config request" },
    { key: "reports", label: "Reports", one: "report" },
    { key: "firmware_upgrades", label: "Firmware upgrades", one: "firmware upgrade" },
  ];
  const WIDTH = 480;
  const LABEL = 16; // a series' label line
  const BARS = 34; // its bars' height
  const GAP = 10;
  const AXIS = 16;

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }

  const hourText = (iso) => `${String(new Date(iso).getHours()).padStart(2, "0")}:00`;

  function row(s, data, hours, top) {
    const values = data[s.key];
    const total = values.reduce((a, b) => a + b, 0);
    const max = Math.max(1, ...values);
    const step = WIDTH / hours.length;
    const g = svg("g", { class: `series series-${s.key}`, "data-series": s.key, "data-total": total });
    g.append(svg("text", { x: 0, y: top + 12, class: "series-label" }, `${s.label}: ${total.toLocaleString("en")}`));
    values.forEach((n, i) => {
      const h = n ? Math.max(2, (n / max) * BARS) : 1;
      const end = new Date(Date.parse(hours[i]) + 3_600_000).toISOString();
      g.append(svg("rect", {
        x: (i * step + 1).toFixed(1), y: (top + LABEL + BARS - h).toFixed(1), width: (step - 2).toFixed(1), height: h.toFixed(1),
        class: n ? "bar" : "bar zero", "data-hour": hours[i], "data-count": n,
      }, svg("title", {}, `${hourText(hours[i])}–${hourText(end)}: ${count(n, s.one)}`)));
    });
    return g;
  }

  /** Draws `activity` ({hours, config_requests, reports, firmware_upgrades}) into `container`. */
  function show(container, activity) {
    const height = SERIES.length * (LABEL + BARS + GAP) + AXIS;
    const totals = SERIES.map((s) => count(activity[s.key].reduce((a, b) => a + b, 0), s.one)).join(", ");
    const chart = svg("svg", { id: "activity-svg", class: "chart", viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-labelledby": "activity-svg-title" },
      svg("title", { id: "activity-svg-title" }, `Last 24 hours: ${totals}`));
    SERIES.forEach((s, i) => chart.append(row(s, activity, activity.hours, i * (LABEL + BARS + GAP))));
    // Hour marks every 6 hours, in the reader's time zone.
    const step = WIDTH / activity.hours.length;
    activity.hours.forEach((h, i) => {
      if (i % 6 === 0) chart.append(svg("text", { x: (i * step).toFixed(1), y: height - 3, class: "axis" }, hourText(h)));
    });
    chart.append(svg("text", { x: WIDTH, y: height - 3, class: "axis end" }, "now"));
    container.replaceChildren(chart, el("p", { class: "muted", id: "activity-summary" }, `In the last 24 hours: ${totals}.`));
  }

  return { show };
})();
