// The "Contact sources" admin page: lists sources from /api/admin/contact-sources and sends changes as JSON.
const API = "/api/admin/contact-sources";
const $ = (sel) => document.querySelector(sel);

function el(tag, { dataset = {}, ...props } = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  Object.assign(node.dataset, dataset);
  for (const c of children) node.append(c);
  return node;
}

function show(text, isError = false) {
  const box = $("#message");
  box.textContent = text;
  box.className = isError ? "banner error" : "banner";
  box.hidden = !text;
}

async function call(method, path, body) {
  const res = await fetch(path, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body ?? {}) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
  return data;
}

const when = (iso) => (iso ? new Date(iso).toLocaleString() : "never");
const STATUS = { ok: "OK", error: "Error", needs_reconnect: "Needs reconnect" };

function row(s) {
  const name = el("input", { type: "text", value: s.label, maxLength: 100, ariaLabel: "Name" });
  const rename = el("button", { type: "button", textContent: "Rename" });
  rename.onclick = () => act(async () => {
    await call("PATCH", `${API}/${s.key}`, { label: name.value });
    return `Renamed to “${name.value}”.`;
  });
  const sync = el("button", { type: "button", textContent: "Sync now" });
  sync.onclick = () => act(async () => {
    const r = await call("POST", `${API}/${s.key}/sync`);
    if (!r.ok) throw new Error(`Sync failed: ${r.last_error}`);
    return `${s.label || s.key} synced: ${r.contact_count} contacts.`;
  });
  const disconnect = el("button", { type: "button", textContent: "Disconnect" });
  disconnect.onclick = () => {
    if (!confirm(`Disconnect “${s.label || s.key}”? Its tokens and ${s.contact_count} contacts are deleted; phones using key ${s.key} lose them.`)) return;
    act(async () => {
      await call("DELETE", `${API}/${s.key}`);
      return `${s.label || s.key} disconnected.`;
    });
  };
  const actions = el("td", { className: "actions" }, rename, " ", sync, " ");
  if (s.provider !== "fritzbox") actions.append(el("a", { href: `/oauth-grant?provider=${s.provider}&key=${s.key}`, textContent: "Reconnect" }), " ");
  actions.append(disconnect);
  const status = el("td", { dataset: { label: "Status" } }, el("span", { className: `status ${s.status}`, textContent: STATUS[s.status] ?? s.status }));
  if (s.last_error) status.append(el("div", { className: "muted", textContent: s.last_error }));
  return el("tr", { dataset: { key: s.key } },
    el("td", { dataset: { label: "Name" } }, name),
    el("td", { dataset: { label: "Provider" }, textContent: s.provider_name + (s.source_url ? ` (${s.source_url})` : "") }),
    status,
    el("td", { dataset: { label: "Contacts" }, className: "count", textContent: String(s.contact_count) }),
    el("td", { dataset: { label: "Last success" }, textContent: when(s.last_success_at) }),
    el("td", { dataset: { label: "Key" } }, el("code", { textContent: s.key })),
    actions);
}

async function load() {
  const res = await fetch(API);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) return show(data.error || `Could not load the sources (HTTP ${res.status}).`, true);
  const buttons = $("#connect-buttons");
  buttons.replaceChildren();
  for (const p of data.providers) {
    if (p.configured) buttons.append(el("a", { className: "button", href: `/oauth-grant?provider=${p.provider}`, textContent: `Connect ${p.name}` }), " ");
    else buttons.append(el("button", { type: "button", disabled: true, title: `Set contacts.providers.${p.provider}.client_id and client_secret in switchboard.yml`, textContent: `${p.name} (not set up)` }), " ");
  }
  $("#redirect-hint").textContent = `Redirect URI to register with the providers: ${data.redirect_uri}`;
  $("#sources tbody").replaceChildren(...data.sources.map(row));
  $("#empty").hidden = data.sources.length > 0;
  await loadBooks(data.sources);
}

async function loadBooks(sources) {
  const res = await fetch("/api/admin/phone-books");
  const data = await res.json().catch(() => ({ phone_books: [] }));
  const names = new Map(sources.map((s) => [s.key, s.label || s.key]));
  $("#books tbody").replaceChildren(...(data.phone_books ?? []).map((b) => {
    const remove = el("button", { type: "button", textContent: "Delete" });
    remove.onclick = () => {
      if (!confirm(`Delete the phone book “${b.label}”? Its sources stay.`)) return;
      act(async () => {
        await call("DELETE", `/api/admin/phone-books/${b.key}`);
        return `Phone book “${b.label}” deleted.`;
      });
    };
    return el("tr", { dataset: { key: b.key } },
      el("td", { dataset: { label: "Name" }, textContent: b.label }),
      el("td", { dataset: { label: "Sources" }, textContent: b.sources.map((k) => names.get(k) ?? k).join(", ") }),
      el("td", { dataset: { label: "Key" } }, el("code", { textContent: b.key })),
      el("td", {}, remove));
  }));
  $("#book-sources").replaceChildren(el("legend", { textContent: "Sources" }), ...sources.map((s) =>
    el("label", {}, el("input", { type: "checkbox", value: s.key }), ` ${s.label || s.key} `)));
}

async function act(fn) {
  try {
    show(await fn());
  } catch (err) {
    show(err.message, true);
  }
  await load();
}

$("#upload-form").onsubmit = (e) => {
  e.preventDefault();
  const file = $("#upload-file").files[0];
  if (!file) return;
  act(async () => {
    const r = await call("POST", API, { xml: await file.text(), label: $("#upload-label").value });
    return `Imported ${r.contact_count} contacts from ${file.name}.`;
  });
};

$("#url-form").onsubmit = (e) => {
  e.preventDefault();
  act(async () => {
    const r = await call("POST", API, { url: $("#url-input").value, label: $("#url-label").value });
    if (r.status !== "ok") throw new Error(`Added, but the first fetch failed: ${r.last_error}`);
    return `Phone book added with ${r.contact_count} contacts.`;
  });
};

$("#book-form").onsubmit = (e) => {
  e.preventDefault();
  const sources = [...document.querySelectorAll("#book-sources input:checked")].map((i) => i.value);
  act(async () => {
    const b = await call("POST", "/api/admin/phone-books", { label: $("#book-label").value, sources });
    return `Phone book “${b.label}” created; its key is ${b.key}.`;
  });
};

load();
