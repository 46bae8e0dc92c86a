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
    // A 422 names its fields: `fields` holds {field: [messages]} for showFormErrors.
    if (!res.ok) throw Object.assign(new Error(body.error || `${res.status} ${res.statusText}`), { status: res.status, fields: body.errors || {} });
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
   * On submit, `send(values)` gets the form's values; when it fails, its errors are shown in the form (at their
   * fields), and when it succeeds, earlier errors are cleared.
   */
  function onSubmit(form, send) {
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        await send(formValues(form));
        clearFormErrors(form);
      } catch (err) {
        showFormErrors(form, err);
      }
    });
  }

  /** The page's #message banner (role=status): what just happened, or what went wrong. */
  function message(text, isError = false) {
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

  function showError(err) {
    const main = document.querySelector("main");
    main.prepend(el("p", { class: "banner error", role: "alert" }, err.message || String(err)));
  }

  /** Runs a page's loader, showing its error instead of a blank page. */
  function run(load) {
    document.addEventListener("DOMContentLoaded", () => load().catch(showError));
  }

  return { el, api, send, post, formatMac, when, table, run, showError, formValues, onSubmit, showFormErrors, message, accountBadges };
})();
