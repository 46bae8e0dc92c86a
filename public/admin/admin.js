// Shared helpers of the admin pages: JSON from /api/admin/…, DOM building without innerHTML (no injection), the one
// date format of every page, counts with the right plural, copy buttons, and errors shown where "Loading…" was.
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
    let res;
    try {
      res = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" }, ...options });
    } catch {
      throw new Error("Switchboard could not be reached. Check the network connection and reload the page.");
    }
    const body = await res.json().catch(() => ({}));
    // A 422 names its fields: `fields` holds {field: [messages]} for showFormErrors. The admin JSON says `error`,
    // the FlexiAPI-compatible API (the self-service pages) `message`.
    if (!res.ok) throw Object.assign(new Error(body.error || body.message || `Switchboard answered ${res.status} ${res.statusText}.`.replace(" .", ".")), { status: res.status, fields: body.errors || {} });
    return body;
  }

  /** A state-changing request: JSON body, same origin (the server checks Origin). */
  const send = (method, path, data) => api(path, { method, headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(data || {}) });
  const post = (path, data) => send("POST", path, data);

  const formatMac = (mac) => (mac ? mac.match(/../g).join(":") : "");

  /** "1 difference", "2 differences" (`plural` when adding an s is wrong). */
  const count = (n, singular, plural = `${singular}s`) => `${n.toLocaleString("en")} ${n === 1 ? singular : plural}`;

  // Every page shows a time the same way: "2026-01-05 14:03" in the reader's time zone, the exact ISO time on hover.
  const pad = (n) => String(n).padStart(2, "0");
  function formatTime(iso) {
    const d = new Date(iso);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  const when = (iso) => (iso ? formatTime(iso) : "never");

  /** "just now", "4 min ago", "3 h ago", "2 days ago". */
  function ago(iso, now = Date.now()) {
    const s = Math.max(0, (now - Date.parse(iso)) / 1000);
    if (s < 45) return "just now";
    if (s < 90 * 60) return `${Math.max(1, Math.round(s / 60))} min ago`;
    if (s < 36 * 3600) return `${Math.round(s / 3600)} h ago`;
    return `${count(Math.round(s / 86400), "day")} ago`;
  }

  /** A <time> showing `iso` as "4 min ago" (relative) or "2026-01-05 14:03"; "never" without a time. */
  const time = (iso, relative = false) => (iso ? el("time", { datetime: iso, title: iso }, relative ? ago(iso) : formatTime(iso)) : el("span", { class: "muted" }, "never"));

  /** The page's title, "<what> · <the instance's name>" (the server fills in the name). */
  function setTitle(what) {
    const name = document.querySelector('meta[name="application-name"]')?.content || "Switchboard";
    document.title = `${what} · ${name}`;
  }

  /** Copies text to the clipboard; without the Clipboard API (a plain-http page) through a selected textarea. */
  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = el("textarea", { readonly: "", class: "offscreen" }, text);
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    if (!ok) throw new Error("the browser did not allow copying");
  }

  /** Makes `button` copy `text` (a string, or a function giving it) and say so. */
  function copiesText(button, text) {
    const label = button.textContent;
    button.addEventListener("click", async () => {
      try {
        await copyText(typeof text === "function" ? text() : text);
        button.textContent = "Copied";
      } catch (err) {
        button.textContent = "Select and copy by hand";
        button.title = err.message || String(err);
      }
      setTimeout(() => (button.textContent = label), 2000);
    });
    return button;
  }

  /** A "Copy" button for `text`; `name` is what a screen reader hears ("Copy key 3f2a…"). */
  const copyButton = (text, name) => copiesText(el("button", { type: "button", class: "copy", "aria-label": name }, "Copy"), text);

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

  /** A form's named fields as JSON: checkboxes as true/false, everything else as its text. */
  function formValues(form) {
    const values = {};
    for (const field of form.elements) {
      if (field.name) values[field.name] = field.type === "checkbox" ? field.checked : field.value;
    }
    return values;
  }

  function clearFormErrors(form) {
    for (const note of form.querySelectorAll(".field-error")) note.remove();
    for (const field of form.querySelectorAll("[aria-invalid]")) {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    }
    const box = form.querySelector(".form-error");
    if (box) box.hidden = true;
  }

  /**
   * Shows a failed request's messages in the form: each field's (a 422's `errors`) right after that field, which
   * is marked invalid and described by them; the rest in the form's .form-error box.
   */
  function showFormErrors(form, err) {
    clearFormErrors(form);
    const rest = [];
    for (const [name, messages] of Object.entries(err.fields || {})) {
      const field = form.elements.namedItem(name);
      if (!(field instanceof HTMLElement) || !field.id) {
        rest.push(...messages);
        continue;
      }
      const note = el("span", { class: "field-error", id: `${field.id}-error` }, messages.join(" "));
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", note.id);
      field.after(note);
    }
    const box = form.querySelector(".form-error");
    const text = rest.length ? rest.join(" ") : Object.keys(err.fields || {}).length ? "" : err.message || String(err);
    if (box) {
      box.textContent = text;
      box.hidden = !text;
    } else if (text) {
      showError(new Error(text));
    }
  }

  /**
   * On submit, earlier errors are cleared (before `send` announces success, which may then load more) and
   * `send(values)` gets the form's values; when it fails, its errors are shown in the form (at their fields).
   */
  function onSubmit(form, send) {
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      clearFormErrors(form);
      try {
        await send(formValues(form));
      } catch (err) {
        showFormErrors(form, err);
      }
    });
  }

  /** The page's #message banner (role=status): what just happened, or what went wrong. */
  function message(text, isError = false) {
    if (isError && text) replaceLoading(text);
    const box = document.getElementById("message");
    box.textContent = text;
    box.className = isError ? "banner error" : "banner ok";
    box.hidden = !text;
  }

  /** A SIP account's states as small labels (the accounts pages). */
  function accountBadges(a) {
    return el("span", { class: "badges" },
      a.activated ? el("span", { class: "badge good" }, "active") : el("span", { class: "badge" }, "not activated"),
      a.blocked ? el("span", { class: "badge bad" }, "blocked") : null,
      a.admin ? el("span", { class: "badge" }, "admin") : null);
  }

  /**
   * A page whose data did not come must not go on saying "Loading…": every such placeholder now says what failed.
   * Matched by its text, so a placeholder any page adds is covered.
   */
  function replaceLoading(text) {
    for (const node of document.querySelectorAll("main *")) {
      if (node.childElementCount === 0 && node.textContent.trim() === "Loading…") {
        node.textContent = `Not loaded: ${text}`;
        node.classList.add("load-failed");
      }
    }
  }

  function showError(err) {
    const text = err.message || String(err);
    replaceLoading(text);
    const main = document.querySelector("main");
    main.prepend(el("p", { class: "banner error", role: "alert" }, text));
  }

  /** Runs a page's loader, showing its error instead of a blank page. */
  function run(load) {
    document.addEventListener("DOMContentLoaded", () => load().catch(showError));
  }

  // Server-rendered pages: <time class="local"> in the reader's time zone, and buttons that copy an element's text.
  document.addEventListener("DOMContentLoaded", () => {
    for (const t of document.querySelectorAll("time.local[datetime]")) t.textContent = formatTime(t.getAttribute("datetime"));
    for (const b of document.querySelectorAll("button[data-copy-from]")) copiesText(b, () => document.getElementById(b.dataset.copyFrom)?.textContent ?? "");
  });

  return {
    el, api, send, post, formatMac, count, formatTime, when, ago, time, setTitle, copyText, copyButton, table, run, showError, replaceLoading,
    formValues, onSubmit, showFormErrors, message, accountBadges,
  };
})();
