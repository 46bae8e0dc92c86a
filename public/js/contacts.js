// The web contacts viewer: sign in with SIP username, password and cloud ID (POST /sso/token), pick the master
// device, search its synced address book. On-net contacts (someone on this server) are badged; a number links to
// tel: and, for a browser signed in to the dashboard as a user or admin, to the desk-phone dialer.
//
// The token lives in sessionStorage: it goes with the tab (closing it signs out) and is added to each request by
// this script. Not localStorage, which would keep a bearer token on disk for every later visitor of this browser;
// not a cookie, which the browser would send by itself — an ambient credential other sites could make it use.
// The master device is no secret and is remembered in localStorage, per identity.
"use strict";
(function () {
  const { el, api, message, showFormErrors } = window.admin;
  const $ = (id) => document.getElementById(id);
  const SESSION = "switchboard.contacts.session";
  const RESULTS_SHOWN = 300;
  let session = null;
  let contacts = [];
  let canDial = false;

  const masterKey = () => `switchboard.contacts.master:${session.username}|${session.cloud_id}`;

  function readSession() {
    try {
      const s = JSON.parse(sessionStorage.getItem(SESSION) || "null");
      return s && Date.parse(s.expires_at) > Date.now() ? s : null;
    } catch {
      return null;
    }
  }

  /** A request with the token; a 401 means it expired or was replaced by a newer sign-in. */
  async function sync(path) {
    try {
      return await api(path, { headers: { Accept: "application/json", Authorization: `Bearer ${session.token}` } });
    } catch (err) {
      if (err.status !== 401) throw err;
      const note = "Your sign-in has expired or was replaced by a newer one; please sign in again.";
      signOut(note);
      throw Object.assign(new Error(note), { signedOut: true });
    }
  }

  function signOut(note) {
    sessionStorage.removeItem(SESSION);
    session = null;
    contacts = [];
    $("contacts").textContent = "";
    $("book").hidden = true;
    $("sign-out").hidden = true;
    $("who").hidden = true;
    $("sign-in").hidden = false;
    message(note || "", Boolean(note));
  }

  async function signIn(values) {
    const res = await fetch("/sso/token", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(values) });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw Object.assign(new Error(body.error || `Sign-in failed (HTTP ${res.status}).`), { fields: body.errors || {} });
    session = { token: body.token, expires_at: body.expires_at, username: values.username.trim(), cloud_id: values.cloud_id.trim() };
    sessionStorage.setItem(SESSION, JSON.stringify(session));
    $("password").value = "";
    await showBook();
  }

  async function showBook() {
    $("sign-in").hidden = true;
    $("book").hidden = false;
    $("sign-out").hidden = false;
    $("who").textContent = `${session.username} · ${session.cloud_id}`;
    $("who").hidden = false;
    message("");
    const { devices } = await sync("/sync/devices");
    renderDevices(devices);
    if (!devices.length) {
      $("count").textContent = "";
      return message("No device has synced its address book yet. Turn on Contact Sync in your softphone app.");
    }
    const remembered = localStorage.getItem(masterKey());
    const master = devices.find((d) => d.id === remembered);
    const largest = devices.reduce((a, b) => (b.contact_count > a.contact_count ? b : a));
    $("master").value = (master || largest).id;
    if (!master) {
      $("settings").open = true;
      message(`Showing ${label(largest)}. Choose your master device under Settings; this browser remembers it.`);
    }
    await loadContacts();
  }

  const label = (d) => `${d.name || d.id}${d.platform ? ` (${d.platform})` : ""}`;

  function renderDevices(devices) {
    $("master").replaceChildren(...devices.map((d) => el("option", { value: d.id }, `${label(d)} — ${window.admin.count(d.contact_count, "contact")}`)));
    $("devices-container").replaceChildren(window.admin.table("devices", ["Device", "Platform", "Contacts", "Last sync"],
      devices.map((d) => ({ cells: [d.name || d.id, d.platform, String(d.contact_count), window.admin.when(d.updated_at)] }))));
  }

  async function loadContacts() {
    const id = $("master").value;
    const body = await sync(`/sync/devices/${encodeURIComponent(id)}/contacts`);
    contacts = body.contacts.map((c) => ({ contact: c, name: nameOf(c), text: fold(searchText(c)), digits: numbersOf(c).map((n) => n.uri.replace(/\D/g, "")).join(" ") }));
    contacts.sort((a, b) => a.name.localeCompare(b.name));
    render();
  }

  const nameOf = (c) => c.displayName || [c.fname, c.mname, c.lname].filter(Boolean).join(" ") || c.company || c.nick || c.contactId;
  const numbersOf = (c) => (Array.isArray(c.contactEntries) ? c.contactEntries : []).filter((e) => (e.type ? e.type.toLowerCase() === "tel" : String(e.entryId || "").startsWith("tel:")) && e.uri);
  const searchText = (c) => [nameOf(c), c.fname, c.lname, c.nick, c.company, c.departmentName, c.jobTitle, ...numbersOf(c).map((e) => e.uri)].filter(Boolean).join(" ");
  const fold = (s) => s.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
  /** What a phone dials: digits, +, * and # (the dialer's own rule). */
  const dialable = (uri) => uri.replace(/^tel:/i, "").replace(/[^\d+*#]/g, "");

  function render() {
    const q = fold($("q").value.trim());
    const qDigits = q.replace(/\D/g, "");
    const matches = q ? contacts.filter((c) => c.text.includes(q) || (qDigits.length >= 3 && c.digits.includes(qDigits))) : contacts;
    const shown = matches.slice(0, RESULTS_SHOWN);
    $("contacts").replaceChildren(...shown.map((c) => contactItem(c.contact, c.name)));
    $("count").textContent = matches.length > shown.length ? `${shown.length} of ${matches.length} contacts shown; search to narrow them down`
      : `${matches.length} ${matches.length === 1 ? "contact" : "contacts"}`;
  }

  function contactItem(c, name) {
    const detail = [c.jobTitle, c.company].filter(Boolean).join(", ");
    return el("li", { class: "contact" },
      el("div", { class: "name" }, el("strong", {}, name), " ",
        c.onNet ? el("span", { class: "badge good", title: c.sipUri ? `On this service: ${c.sipUri}` : "On this service" }, "on-net") : null),
      detail ? el("div", { class: "muted" }, detail) : null,
      el("ul", { class: "numbers plain" }, numbersOf(c).map((e) => {
        const number = dialable(e.uri);
        return el("li", {},
          e.label ? el("span", { class: "muted" }, `${e.label} `) : null,
          el("a", { href: `tel:${number}` }, e.uri.replace(/^tel:/i, "")),
          canDial && number ? [" ", el("a", { class: "dial", href: `/call?num=${encodeURIComponent(number)}` }, "Dial from desk phone")] : null);
      })));
  }

  /** Whether this browser is signed in to the dashboard as someone who may use the dialer (no sign-in prompt). */
  async function checkDialer() {
    const res = await fetch("/api/dialer/access", { credentials: "same-origin", headers: { Accept: "application/json" } }).catch(() => undefined);
    canDial = Boolean(res && res.ok && (await res.json().catch(() => ({}))).dialer);
  }

  window.admin.run(async () => {
    $("sign-in").addEventListener("submit", async (e) => {
      e.preventDefault();
      const form = e.target;
      try {
        await signIn(window.admin.formValues(form));
      } catch (err) {
        showFormErrors(form, err);
      }
    });
    $("sign-out").addEventListener("click", () => signOut());
    $("q").addEventListener("input", render);
    $("search").addEventListener("submit", (e) => e.preventDefault());
    $("master").addEventListener("change", () => {
      localStorage.setItem(masterKey(), $("master").value);
      message("");
      loadContacts().catch((err) => err.signedOut || message(err.message, true));
    });
    await checkDialer();
    session = readSession();
    if (!session) return signOut();
    await showBook().catch((err) => {
      if (!err.signedOut) throw err;
    });
  });
})();
