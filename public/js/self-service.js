// The account self-service page (/account): sign in with the SIP username and password, or a one-time code sent by
// email/SMS when the server offers it (POST /api/session sets an HttpOnly session cookie), then the account's own
// JSON under /api/accounts/me…. Changes are JSON from this page only; the server checks the Origin. Helpers (forms
// with field errors, the message banner) from admin.js.
"use strict";

(() => {
  const A = window.admin;
  const $ = (id) => document.getElementById(id);
  let account;

  // Which sign-in form shows: "password", "code-request" or "code-sign-in" (the last two when the server offers codes).
  function showForm(which) {
    for (const id of ["sign-in", "code-request", "code-sign-in"]) $(id).hidden = id !== which;
  }

  function showSignIn() {
    account = undefined;
    $("mine").hidden = true;
    $("who").hidden = true;
    $("sign-out").hidden = true;
    $("code-offer").hidden = !document.querySelector("main").dataset.codeSignIn;
    showForm("sign-in");
  }

  async function load() {
    try {
      account = await A.api("/api/accounts/me");
    } catch (err) {
      // No session (or an ended one): the API asks for credentials (401) or, with none at all, a From header (422).
      if (err.status === 401 || err.status === 422) return showSignIn();
      throw err;
    }
    showForm("");
    $("mine").hidden = false;
    $("who").textContent = `${account.username}@${account.domain}`;
    $("who").hidden = false;
    $("sign-out").hidden = false;
    $("address").textContent = `sip:${account.username}@${account.domain}`;
    $("display-name").value = account.display_name || "";
    $("email").textContent = account.email || "none";
    $("phone").textContent = account.phone || "none";
    await Promise.all([loadDevices(), loadDirectories(), loadPhones()]);
  }

  // The directoryURL (XML_Directory_Service_URL) of each desk phone phones.yml links to this account.
  async function loadDirectories() {
    const directories = await A.api("/api/accounts/me/directories");
    $("directories").replaceChildren(directories.length
      ? A.el("ul", { id: "directory-list" }, directories.map((d) => A.el("li", {}, `${d.phone}: `, A.el("code", {}, d.directory_url))))
      : A.el("p", { class: "muted" }, "No desk phone is linked to your account; ask your administrator for your phone book's address."));
  }

  // "Resync my phone": one button per desk phone linked to this account; the phone's answer shows next to it.
  async function loadPhones() {
    const phones = await A.api("/api/accounts/me/phones");
    $("my-phones").replaceChildren(...(phones.length ? [A.el("ul", { id: "phone-list" }, phones.map(phoneItem))] : []));
  }

  function phoneItem(p) {
    const button = A.el("button", { type: "button", class: "resync" }, "Resync my phone");
    const status = A.el("span", { role: "status", class: "resync-status" });
    button.addEventListener("click", async () => {
      button.disabled = true;
      status.textContent = "Asking the phone…";
      try {
        const r = await A.post(`/api/accounts/me/phones/${encodeURIComponent(p.id)}/resync`);
        status.textContent = r.ok ? r.answer : `The phone did not take it: ${r.answer}`;
      } catch (err) {
        status.textContent = err.message;
      } finally {
        button.disabled = false;
      }
    });
    return A.el("li", {}, `${p.phone} `, button, " ", status);
  }

  async function loadDevices() {
    const devices = await A.api("/api/accounts/me/devices");
    $("devices").replaceChildren(devices.length
      ? A.table("device-list", ["Device", "Platform", "Contacts", "Last change"], devices.map((d) => ({ cells: [d.name || d.device_id, d.platform, d.contact_count, A.time(d.updated_at)] })))
      : A.el("p", { class: "muted" }, "No device syncs its contacts with this account yet."));
  }

  async function signUpOpen() {
    const res = await fetch("/account/sign-up", { method: "HEAD" }).catch(() => undefined);
    $("sign-up-link").hidden = !res?.ok;
  }

  function codeFlow(what, requestBody) {
    const request = $(`${what}-request`);
    const confirm = $(`${what}-confirm`);
    A.onSubmit(request, async (v) => {
      await A.post(`/api/accounts/me/${what}/request`, requestBody(v));
      confirm.hidden = false;
      $(`${what}-code`).focus();
      A.message(`A code is on its way to ${Object.values(requestBody(v))[0]}: type it below.`);
    });
    A.onSubmit(confirm, async (v) => {
      await A.post(`/api/accounts/me/${what}`, { code: v.code });
      confirm.reset();
      confirm.hidden = true;
      request.reset();
      A.message(what === "email" ? "Your email address is changed." : "Your phone number is changed.");
      await load();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    A.onSubmit($("sign-in"), async (v) => {
      await A.post("/api/session", v);
      $("sign-in").reset();
      A.message("");
      await load();
    });
    let codeName = "";
    $("code-link").addEventListener("click", (e) => {
      e.preventDefault();
      showForm("code-request");
      $("code-username").focus();
    });
    $("password-link").addEventListener("click", (e) => {
      e.preventDefault();
      showForm("sign-in");
    });
    A.onSubmit($("code-request"), async (v) => {
      const { message } = await A.post("/api/session/code", v);
      codeName = v.username;
      showForm("code-sign-in");
      $("sign-in-code").focus();
      A.message(message);
    });
    A.onSubmit($("code-sign-in"), async (v) => {
      await A.post("/api/session", { username: codeName, code: v.code });
      $("code-sign-in").reset();
      $("code-request").reset();
      A.message("");
      await load();
    });
    $("sign-out").addEventListener("click", async () => {
      await A.send("DELETE", "/api/session").catch(A.showError);
      A.message("You are signed out.");
      showSignIn();
    });
    A.onSubmit($("details"), async (v) => {
      account = await A.send("PATCH", "/api/accounts/me", v);
      A.message("Saved.");
    });
    A.onSubmit($("password-form"), async (v) => {
      await A.post("/api/accounts/me/password", { ...v, algorithm: "SHA-256" });
      $("password-form").reset();
      showSignIn();
      A.message("Your password is changed. Sign in again with the new one.");
    });
    codeFlow("email", (v) => ({ email: v.email }));
    codeFlow("phone", (v) => ({ phone: v.phone }));

    $("provision").addEventListener("click", async () => {
      try {
        const { provisioning_token: token } = await A.api("/api/accounts/me/provision");
        const src = `/provisioning/qrcode/${encodeURIComponent(token)}`;
        const head = await fetch(src, { method: "HEAD", credentials: "same-origin" });
        const url = head.headers.get("X-Qrcode-URL") || "";
        $("qr-image").src = src;
        $("qr-link").href = url;
        $("qr-link").textContent = url;
        $("qr").hidden = false;
      } catch (err) {
        A.message(err.message, true);
      }
    });

    $("api-key-create").addEventListener("click", async () => {
      const res = await fetch("/api/accounts/me/api_key", { credentials: "same-origin" });
      if (!res.ok) return A.message(`No key was made: ${res.status} ${res.statusText}`, true);
      $("api-key").textContent = await res.text();
      $("api-key-shown").hidden = false;
      $("api-key-state").textContent = "Your apps use this key as the x-api-key header; a new key replaces it.";
    });
    $("api-key-revoke").addEventListener("click", async () => {
      try {
        const had = await A.send("DELETE", "/api/accounts/me/api_key");
        $("api-key-shown").hidden = true;
        $("api-key").textContent = "";
        $("api-key-state").textContent = had ? "Your API key is revoked." : "You had no API key.";
      } catch (err) {
        A.message(err.message, true);
      }
    });

    A.onSubmit($("delete-form"), async (v) => {
      if (v.confirm !== account.username) throw Object.assign(new Error("Not deleted."), { fields: { confirm: [`Type ${account.username} to confirm.`] } });
      await A.send("DELETE", "/api/accounts/me");
      await A.send("DELETE", "/api/session").catch(() => undefined);
      $("delete-form").reset();
      showSignIn();
      A.message("Your account is deleted.");
    });
  });

  A.run(async () => {
    await Promise.all([signUpOpen(), load()]);
  });
})();
