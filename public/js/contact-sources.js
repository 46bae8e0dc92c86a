// The "Contact sources" admin page: lists sources from /api/admin/contact-sources and sends changes as JSON
// (DOM and JSON helpers from /admin/admin.js).
const { el, api, send, when, count, copyButton } = window.admin;
const API = "/api/admin/contact-sources";
const $ = (sel) => document.querySelector(sel);

function show(text, isError = false) {
  const box = $("#message");
  box.textContent = text;
  box.className = isError ? "banner error" : "banner";
  box.hidden = !text;
}

/** A key with a button copying it and a link to its overview (/?key=…), which has the URLs to paste into phones. */
const keyCell = (key, of) => el("td", { dataset: { label: "Key" }, class: "key" },
  el("code", {}, key), " ",
  el("span", { class: "key-actions" },
    copyButton(key, `Copy the key of ${of}`), " ",
    el("a", { href: `/?key=${encodeURIComponent(key)}`, class: "overview-link", "aria-label": `Overview of ${of}, with the URLs for the phones` }, "Overview")));

const STATUS = { ok: "OK", error: "Error", needs_reconnect: "Needs reconnect" };

function row(s) {
  const name = el("input", { type: "text", value: s.label, maxlength: 100, "aria-label": "Name" });
  const rename = el("button", { type: "button" }, "Rename");
  rename.onclick = () => act(async () => {
    await send("PATCH", `${API}/${s.key}`, { label: name.value });
    return `Renamed to “${name.value}”.`;
  });
  const sync = el("button", { type: "button" }, "Sync now");
  sync.onclick = () => act(async () => {
    const r = await send("POST", `${API}/${s.key}/sync`);
    if (!r.ok) throw new Error(`Sync failed: ${r.last_error}`);
    return `${s.label || s.key} synced: ${count(r.contact_count, "contact")}.`;
  });
  const disconnect = el("button", { type: "button" }, "Disconnect");
  disconnect.onclick = () => {
    if (!confirm(`Disconnect “${s.label || s.key}”? Its tokens and ${count(s.contact_count, "contact")} are deleted; phones using key ${s.key} lose them.`)) return;
    act(async () => {
      await send("DELETE", `${API}/${s.key}`);
      return `${s.label || s.key} disconnected.`;
    });
  };
  const actions = el("td", { class: "actions" }, rename, " ", sync, " ");
  // Only OAuth sources reconnect; a FRITZ!Box book is re-uploaded, a Contact Sync device follows its uploads.
  if (s.provider === "microsoft" || s.provider === "sipgate") {
    // A POST from this page (no link can name a source's key): the answer says where the sign-in continues.
    const reconnect = el("button", { type: "button" }, "Reconnect");
    reconnect.onclick = async () => {
      try {
        window.location.assign((await send("POST", `${API}/${s.key}/connect`)).location);
      } catch (err) {
        show(`Reconnect failed: ${err.message}`, true);
      }
    };
    actions.append(reconnect, " ");
  }
  actions.append(disconnect);
  const status = el("td", { dataset: { label: "Status" } }, el("span", { class: `status ${s.status}` }, STATUS[s.status] ?? s.status));
  if (s.last_error) status.append(el("div", { class: "muted" }, s.last_error));
  return el("tr", { dataset: { key: s.key } },
    el("td", { dataset: { label: "Name" } }, name),
    el("td", { dataset: { label: "Provider" } }, s.provider_name + (s.source_url ? ` (${s.source_url})` : "")),
    status,
    el("td", { dataset: { label: "Contacts" }, class: "count" }, String(s.contact_count)),
    el("td", { dataset: { label: "Last success" } }, when(s.last_success_at)),
    keyCell(s.key, s.label || s.key),
    actions);
}

async function load() {
  let data;
  try {
    data = await api(API);
  } catch (err) {
    return show(`Could not load the sources: ${err.message}`, true);
  }
  const buttons = $("#connect-buttons");
  buttons.replaceChildren();
  for (const p of data.providers) {
    if (p.configured) buttons.append(el("a", { class: "button", href: `/oauth-grant?provider=${p.provider}` }, `Connect ${p.name}`), " ");
    else buttons.append(el("button", { type: "button", disabled: true, title: `Set contacts.providers.${p.provider}.client_id and client_secret in switchboard.yml` }, `${p.name} (not set up)`), " ");
  }
  $("#redirect-hint").textContent = `Redirect URI to register with the providers: ${data.redirect_uri}`;
  $("#sources tbody").replaceChildren(...data.sources.map(row));
  $("#empty").hidden = data.sources.length > 0;
  await loadBooks(data.sources);
}

async function loadBooks(sources) {
  const data = await api("/api/admin/phone-books").catch(() => ({ phone_books: [] }));
  const names = new Map(sources.map((s) => [s.key, s.label || s.key]));
  $("#books tbody").replaceChildren(...(data.phone_books ?? []).map((b) => {
    const remove = el("button", { type: "button" }, "Delete");
    remove.onclick = () => {
      if (!confirm(`Delete the phone book “${b.label}”? Its sources stay.`)) return;
      act(async () => {
        await send("DELETE", `/api/admin/phone-books/${b.key}`);
        return `Phone book “${b.label}” deleted.`;
      });
    };
    return el("tr", { dataset: { key: b.key } },
      el("td", { dataset: { label: "Name" } }, b.label),
      el("td", { dataset: { label: "Sources" } }, b.sources.map((k) => names.get(k) ?? k).join(", ")),
      keyCell(b.key, b.label),
      el("td", {}, remove));
  }));
  $("#book-sources").replaceChildren(el("legend", {}, "Sources"), ...sources.map((s) =>
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
    const r = await send("POST", API, { xml: await file.text(), label: $("#upload-label").value });
    return `Imported ${count(r.contact_count, "contact")} from ${file.name}.`;
  });
};

$("#url-form").onsubmit = (e) => {
  e.preventDefault();
  act(async () => {
    const r = await send("POST", API, { url: $("#url-input").value, label: $("#url-label").value });
    if (r.status !== "ok") throw new Error(`Added, but the first fetch failed: ${r.last_error}`);
    return `Phone book added with ${count(r.contact_count, "contact")}.`;
  });
};

$("#book-form").onsubmit = (e) => {
  e.preventDefault();
  const sources = [...document.querySelectorAll("#book-sources input:checked")].map((i) => i.value);
  act(async () => {
    const b = await send("POST", "/api/admin/phone-books", { label: $("#book-label").value, sources });
    return `Phone book “${b.label}” created; its key is ${b.key}.`;
  });
};

load();
