// Shared helpers of the admin pages: JSON from /api/admin/…, DOM building without innerHTML (no injection).
"use strict";

window.admin = (() => {
  /** el("td", {class: "x"}, "text", childNode) */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "dataset") Object.assign(node.dataset, v);
      else node.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  async function api(path, options) {
    const res = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" }, ...options });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.error || `${res.status} ${res.statusText}`);
    return body;
  }

  /** A state-changing request: JSON body, same origin (the server checks Origin). */
  const send = (method, path, data) => api(path, { method, headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(data || {}) });
  const post = (path, data) => send("POST", path, data);

  const formatMac = (mac) => (mac ? mac.match(/../g).join(":") : "");
  function when(iso) {
    if (!iso) return "never";
    const d = new Date(iso);
    return d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
  }

  /** A table with a data-label per cell so it stacks readably on a phone-sized screen. */
  function table(id, headers, rows) {
    return el("table", { id, class: "responsive" },
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
      el("tbody", {}, rows.map((r) => {
        const tr = el("tr", r.attrs || {});
        r.cells.forEach((c, i) => tr.append(el("td", { "data-label": headers[i] }, c)));
        return tr;
      })));
  }

  function showError(err) {
    const main = document.querySelector("main");
    main.prepend(el("p", { class: "banner error", role: "alert" }, err.message || String(err)));
  }

  /** Runs a page's loader, showing its error instead of a blank page. */
  function run(load) {
    document.addEventListener("DOMContentLoaded", () => load().catch(showError));
  }

  return { el, api, send, post, formatMac, when, table, run, showError };
})();
