// The SIP accounts page: find accounts by username, email or SIP address prefix, 20 a page; create one; manage
// the list of account types. Data from /api/admin/accounts and /api/admin/account-types.
"use strict";
const { el, api, send, post, table, run, onSubmit, showFormErrors, message, accountBadges } = window.admin;
const $ = (selector) => document.querySelector(selector);

/** What the list shows: the URL's ?q=&page=, so a search can be reloaded, linked and gone back to. */
const shown = { q: "", page: 1 };
let latest = 0;

async function loadAccounts() {
  const asked = ++latest;
  const d = await api(`/api/admin/accounts?q=${encodeURIComponent(shown.q)}&page=${shown.page}`);
  if (asked !== latest) return; // a newer search is on its way
  const search = new URLSearchParams();
  if (shown.q) search.set("q", shown.q);
  if (shown.page > 1) search.set("page", String(shown.page));
  const query = search.toString();
  history.replaceState(null, "", `/accounts${query ? `?${query}` : ""}${location.hash}`);
  const rows = d.accounts.map((a) => ({
    attrs: { dataset: { id: a.id } },
    cells: [
      el("a", { href: `/accounts/${a.id}`, class: "address" }, `${a.username}@${a.domain}`),
      a.display_name ?? "",
      a.email ?? "",
      accountBadges(a),
    ],
  }));
  $("#accounts-container").replaceChildren(rows.length
    ? table("accounts", ["SIP address", "Display name", "Email", "State"], rows)
    : el("p", { class: "muted", id: "no-accounts" }, shown.q ? `No account starts with “${shown.q}”.` : "No accounts yet: create one below."));
  $("#pager").hidden = d.last_page <= 1;
  $("#page-info").textContent = `Page ${d.page} of ${d.last_page} · ${d.total} account${d.total === 1 ? "" : "s"}`;
  $("#prev").disabled = d.page <= 1;
  $("#next").disabled = d.page >= d.last_page;
}

function showAccounts(q, page) {
  shown.q = q;
  shown.page = page;
  loadAccounts().catch((err) => message(`Could not load the accounts: ${err.message}`, true));
}

function setUpSearch() {
  const input = $("#q");
  let typing;
  $("#search").addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(typing);
    showAccounts(input.value.trim(), 1);
  });
  // Each search reads an index range only, so the list may follow the typing.
  input.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => showAccounts(input.value.trim(), 1), 250);
  });
  $("#prev").addEventListener("click", () => showAccounts(shown.q, shown.page - 1));
  $("#next").addEventListener("click", () => showAccounts(shown.q, shown.page + 1));
}

function setUpCreate() {
  onSubmit($("#create"), async (values) => {
    const a = await post("/api/admin/accounts", values);
    location.assign(`/accounts/${a.id}?created`);
  });
}

function typeItem(t) {
  const key = el("input", { name: "key", id: `type-${t.id}-key`, value: t.key, "aria-label": `Key of ${t.key}`, autocomplete: "off" });
  const form = el("form", { class: "row", dataset: { id: t.id } }, key, el("button", { type: "submit" }, "Rename"), " ",
    el("button", { type: "button", class: "remove" }, "Delete"), el("p", { class: "form-error banner error", role: "alert", hidden: true }));
  onSubmit(form, async (values) => {
    const renamed = await send("PUT", `/api/admin/account-types/${t.id}`, values);
    message(`Type renamed to ${renamed.key}.`);
  });
  form.querySelector(".remove").addEventListener("click", async () => {
    if (!confirm(`Delete the type ${t.key}? Every account that has it loses it.`)) return;
    try {
      await send("DELETE", `/api/admin/account-types/${t.id}`);
      message(`Type ${t.key} deleted.`);
      await loadTypes();
    } catch (err) {
      showFormErrors(form, err);
    }
  });
  return el("li", {}, form);
}

async function loadTypes() {
  const types = await api("/api/admin/account-types");
  $("#type-list").replaceChildren(...types.map(typeItem));
  if (!types.length) $("#type-list").append(el("li", { class: "muted" }, "No types yet."));
}

function setUpTypes() {
  const form = $("#new-type");
  onSubmit(form, async (values) => {
    const t = await post("/api/admin/account-types", values);
    form.reset();
    message(`Type ${t.key} added.`);
    await loadTypes();
  });
  // The account pages link here to manage the types.
  if (location.hash === "#types-section") $("#types-section").open = true;
}

run(async () => {
  const params = new URLSearchParams(location.search);
  if (params.has("deleted")) message(`${params.get("deleted")} was deleted; the name stays taken.`);
  $("#q").value = params.get("q") ?? "";
  setUpSearch();
  setUpCreate();
  setUpTypes();
  shown.q = $("#q").value.trim();
  shown.page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  await Promise.all([loadAccounts(), loadTypes()]);
});
